// The Account API's region opt-in: an account (or its organization's management account, for a member) turns an
// opt-in region off or back on. Regions enabled by default can't be turned off, as in AWS. Sift serves every
// region to every account, so an opt-in region reads ENABLED until the account disables it.
import type { RequestContext } from '../../common/index.js';
import { errors, type AccountApi } from '../../models/account/index.js';
import type { AccountRegistry, OrganizationStore } from '../../iam/index.js';
import type { ServiceRegistration } from '../types.js';

/** AWS's opt-in regions (Account Management Reference Guide, "Enable or disable AWS Regions in your account"). */
export const OPT_IN_REGIONS = new Set([
  'af-south-1', 'ap-east-1', 'ap-east-2', 'ap-south-2', 'ap-southeast-3', 'ap-southeast-4', 'ap-southeast-5', 'ap-southeast-6', 'ap-southeast-7',
  'ca-west-1', 'eu-central-2', 'eu-south-1', 'eu-south-2', 'il-central-1', 'me-central-1', 'me-south-1', 'mx-central-1',
]);

/** Regions enabled by default (they can't be disabled). */
const DEFAULT_REGIONS = new Set([
  'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'ap-south-1', 'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3', 'ap-southeast-1', 'ap-southeast-2',
  'ca-central-1', 'eu-central-1', 'eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-north-1', 'sa-east-1',
]);

export interface AccountServiceDeps {
  accounts: AccountRegistry;
  orgs: OrganizationStore;
}

export function createAccountProvider(deps: AccountServiceDeps) {
  /** The account the call is about: the caller's, or a member's when the caller is its management account. */
  async function target(ctx: RequestContext, accountId: string | undefined): Promise<string> {
    if (accountId === undefined || accountId === ctx.accountId) return ctx.accountId;
    const org = await deps.orgs.ofAccount(accountId);
    if (!org || org.managementAccountId !== ctx.accountId) {
      throw new errors.AccessDeniedException(`User: ${ctx.principal.arn} is not authorized to perform this operation on account ${accountId}`);
    }
    if (accountId === org.managementAccountId) throw new errors.ValidationException('The management account can only be managed using the standalone context from the management account.');
    return accountId;
  }
  function checkRegion(region: string, change: boolean): void {
    if (OPT_IN_REGIONS.has(region)) return;
    if (DEFAULT_REGIONS.has(region)) {
      if (change) throw new errors.ValidationException(`Region ${region} is enabled by default and cannot be enabled or disabled.`, { reason: 'invalidRegionOptTarget' });
      return;
    }
    throw new errors.ValidationException(`Invalid region name: ${region}`, { reason: 'invalidRegionOptTarget' });
  }

  return {
    async enableRegion(ctx, input) {
      checkRegion(input.RegionName, true);
      await deps.accounts.setRegionEnabled(await target(ctx, input.AccountId), input.RegionName, true);
    },
    async disableRegion(ctx, input) {
      checkRegion(input.RegionName, true);
      await deps.accounts.setRegionEnabled(await target(ctx, input.AccountId), input.RegionName, false);
    },
    async getRegionOptStatus(ctx, input) {
      checkRegion(input.RegionName, false);
      const accountId = await target(ctx, input.AccountId);
      const status = !OPT_IN_REGIONS.has(input.RegionName) ? 'ENABLED_BY_DEFAULT' : (await deps.accounts.regionDisabled(accountId, input.RegionName)) ? 'DISABLED' : 'ENABLED';
      return { RegionName: input.RegionName, RegionOptStatus: status };
    },
  } satisfies Partial<AccountApi>;
}

export function createAccountRegistration(deps: AccountServiceDeps): ServiceRegistration {
  return { service: 'account', provider: createAccountProvider(deps) };
}
