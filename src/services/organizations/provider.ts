// AWS Organizations: one organization per management account; CreateAccount makes a real Sift account with an
// OrganizationAccountAccessRole the management account can assume; standalone accounts join by invitation
// handshake; trusted service access and delegated administrators are what Macie's organization features read.
// The root, OUs and tags are tree.ts's. Policies and responsibility transfers are not served (the gateway answers
// NotImplemented).
import type { RequestContext } from '../../common/index.js';
import { errors, type OrganizationsApi } from '../../models/organizations/index.js';
import type { AccountRegistry, IamDirectory, Organization, OrganizationStore, OrgTree } from '../../iam/index.js';
import type { ServiceRegistration } from '../types.js';
import { page } from './paging.js';
import { MAX_TAGS_PER_RESOURCE, treeOps } from './tree.js';
import {
  accessDenied,
  accountNotFound,
  constraint,
  handshakeConstraint,
  handshakeNotFound,
  invalidInput,
  notImplemented,
  notInUse,
  toWireAccount,
  toWireCreateAccountStatus,
  toWireHandshake,
  toWireOrganization,
} from './wire.js';

export interface OrganizationsDeps {
  accounts: AccountRegistry;
  orgs: OrganizationStore;
  directory: IamDirectory;
  tree: OrgTree;
}

/** The role CreateAccount makes in the new account unless RoleName names another (CreateAccount, RoleName). */
export const DEFAULT_ACCESS_ROLE = 'OrganizationAccountAccessRole';

/** Service principals Sift acts for; trusted access for any other is refused, since nothing would use it. */
const KNOWN_SERVICE_PRINCIPALS = new Set(['macie.amazonaws.com', 'cloudtrail.amazonaws.com']);

const adminPolicy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });
const trustManagement = (managementAccountId: string) =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${managementAccountId}:root` }, Action: 'sts:AssumeRole' }] });

export function createOrganizationsProvider(deps: OrganizationsDeps) {
  const { accounts, orgs } = deps;

  async function orgOf(ctx: RequestContext): Promise<Organization> {
    const org = await orgs.ofAccount(ctx.accountId);
    if (!org) throw notInUse();
    return org;
  }
  async function asManagement(ctx: RequestContext): Promise<Organization> {
    const org = await orgOf(ctx);
    if (org.managementAccountId !== ctx.accountId) throw accessDenied();
    return org;
  }
  /** Read operations the management account and any delegated administrator may call. */
  async function asManagementOrDelegate(ctx: RequestContext): Promise<Organization> {
    const org = await orgOf(ctx);
    if (org.managementAccountId === ctx.accountId) return org;
    if ((await orgs.delegatedAdmins(org.orgId)).some((d) => d.accountId === ctx.accountId)) return org;
    throw accessDenied();
  }
  async function profileOf(accountId: string) {
    const p = await accounts.profile(accountId);
    if (!p) throw accountNotFound();
    return p;
  }
  async function memberOf(org: Organization, accountId: string) {
    const member = await orgs.account(org.orgId, accountId);
    if (!member) throw accountNotFound();
    return member;
  }

  const tree = treeOps({ orgs, tree: deps.tree, orgOf, asManagement, asManagementOrDelegate });

  return {
    ...tree.ops,

    async createOrganization(ctx, input) {
      if (await orgs.ofAccount(ctx.accountId)) throw new errors.AlreadyInOrganizationException('The AWS account is already a member of an organization.');
      const org = await orgs.create(ctx.accountId, input.FeatureSet ?? 'ALL');
      return { Organization: toWireOrganization(org, await profileOf(ctx.accountId)) };
    },

    async describeOrganization(ctx) {
      const org = await orgOf(ctx);
      return { Organization: toWireOrganization(org, await profileOf(org.managementAccountId)) };
    },

    async deleteOrganization(ctx) {
      const org = await asManagement(ctx);
      if ((await orgs.accounts(org.orgId)).some((a) => a.accountId !== org.managementAccountId)) {
        throw new errors.OrganizationNotEmptyException('To delete an organization you must first remove all member accounts (except the master).');
      }
      await orgs.delete(org.orgId);
    },

    async createAccount(ctx, input) {
      const org = await asManagement(ctx);
      if ((input.Tags?.length ?? 0) > MAX_TAGS_PER_RESOURCE) throw constraint('MAX_TAG_LIMIT_EXCEEDED', 'You have exceeded the number of tags allowed on this resource.');
      const roleName = input.RoleName ?? DEFAULT_ACCESS_ROLE;
      // As in AWS, a duplicate email makes the request FAILED rather than the call.
      if (await accounts.emailInUse(input.Email)) {
        const failed = await orgs.recordCreateAccount({ orgId: org.orgId, accountName: input.AccountName, state: 'FAILED', failureReason: 'EMAIL_ALREADY_EXISTS', completedAt: ctx.clock.now() });
        return { CreateAccountStatus: toWireCreateAccountStatus(failed) };
      }
      const { profile } = await accounts.create(input.AccountName, input.Email);
      await orgs.addAccount(org.orgId, profile.accountId, 'CREATED');
      await deps.directory.createRole(profile.accountId, { roleName, assumeRolePolicy: trustManagement(org.managementAccountId), description: 'Created by AWS Organizations' });
      await deps.directory.putPolicy(profile.accountId, 'role', roleName, 'AdministratorAccess', adminPolicy);
      if (input.Tags?.length) await tree.applyTags(org, profile.accountId, input.Tags);
      const done = await orgs.recordCreateAccount({ orgId: org.orgId, accountName: input.AccountName, state: 'SUCCEEDED', accountId: profile.accountId, completedAt: ctx.clock.now() });
      return { CreateAccountStatus: toWireCreateAccountStatus(done) };
    },

    async describeCreateAccountStatus(ctx, input) {
      const org = await asManagementOrDelegate(ctx);
      const req = await orgs.createAccountRequest(org.orgId, input.CreateAccountRequestId);
      if (!req) throw new errors.CreateAccountStatusNotFoundException("We can't find an create account request with the CreateAccountRequestId that you specified.");
      return { CreateAccountStatus: toWireCreateAccountStatus(req) };
    },

    async listCreateAccountStatus(ctx, input) {
      const org = await asManagementOrDelegate(ctx);
      const all = (await orgs.createAccountRequests(org.orgId)).filter((r) => !input.States?.length || input.States.includes(r.state));
      const { page: items, NextToken } = page(all, input);
      return { CreateAccountStatuses: items.map(toWireCreateAccountStatus), ...(NextToken ? { NextToken } : {}) };
    },

    async listAccounts(ctx, input) {
      const org = await asManagementOrDelegate(ctx);
      const { page: members, NextToken } = page(await orgs.accounts(org.orgId), input);
      const Accounts = [];
      for (const m of members) Accounts.push(toWireAccount(org, m, await profileOf(m.accountId)));
      return { Accounts, ...(NextToken ? { NextToken } : {}) };
    },

    async listAccountsForParent(ctx, input) {
      const org = await asManagementOrDelegate(ctx);
      const { page: ids, NextToken } = page(await tree.accountsUnder(org, input.ParentId), input);
      const Accounts = [];
      for (const id of ids) Accounts.push(toWireAccount(org, await memberOf(org, id), await profileOf(id)));
      return { Accounts, ...(NextToken ? { NextToken } : {}) };
    },

    async describeAccount(ctx, input) {
      const org = await asManagementOrDelegate(ctx);
      const member = await memberOf(org, input.AccountId);
      return { Account: toWireAccount(org, member, await profileOf(member.accountId)) };
    },

    async inviteAccountToOrganization(ctx, input) {
      const org = await asManagement(ctx);
      if (input.Tags?.length) throw notImplemented("InviteAccountToOrganization's Tags");
      let target: string | undefined;
      if (input.Target.Type === 'ACCOUNT') {
        if (!/^\d{12}$/.test(input.Target.Id)) throw invalidInput('INVALID_PATTERN_TARGET_ID', 'You specified a policy target ID that does not match the required pattern.');
        target = (await accounts.exists(input.Target.Id)) ? input.Target.Id : undefined;
      } else if (input.Target.Type === 'EMAIL') {
        target = await accounts.byEmail(input.Target.Id);
      } else {
        throw invalidInput('INVALID_PARTY_TYPE_TARGET', 'You specified the wrong type for the target. An invitation can be sent to an ACCOUNT or an EMAIL.');
      }
      if (!target) throw accountNotFound();
      if (await orgs.ofAccount(target)) throw handshakeConstraint('ALREADY_IN_AN_ORGANIZATION', 'The account is already a member of an organization.');
      const open = (await orgs.handshakesFor({ orgId: org.orgId, targetAccountId: target })).some((h) => h.state === 'OPEN');
      if (open) throw new errors.DuplicateHandshakeException('A handshake with the same action and target already exists.');
      const h = await orgs.createHandshake(org.orgId, target, input.Notes);
      return { Handshake: toWireHandshake(org, await profileOf(org.managementAccountId), h) };
    },

    async acceptHandshake(ctx, input) {
      const { org, h } = await handshakeFor(ctx, input.HandshakeId);
      if (h.state !== 'OPEN') throw invalidTransition(h.state);
      if (await orgs.ofAccount(ctx.accountId)) throw handshakeConstraint('ALREADY_IN_AN_ORGANIZATION', 'The account is already a member of an organization.');
      await orgs.setHandshakeState(h.handshakeId, 'ACCEPTED');
      await orgs.addAccount(org.orgId, ctx.accountId, 'INVITED');
      return { Handshake: toWireHandshake(org, await profileOf(org.managementAccountId), { ...h, state: 'ACCEPTED' }) };
    },

    async declineHandshake(ctx, input) {
      const { org, h } = await handshakeFor(ctx, input.HandshakeId);
      if (h.state !== 'OPEN') throw invalidTransition(h.state);
      await orgs.setHandshakeState(h.handshakeId, 'DECLINED');
      return { Handshake: toWireHandshake(org, await profileOf(org.managementAccountId), { ...h, state: 'DECLINED' }) };
    },

    async cancelHandshake(ctx, input) {
      const org = await asManagement(ctx);
      const h = await orgs.handshake(input.HandshakeId);
      if (!h || h.orgId !== org.orgId) throw handshakeNotFound();
      if (h.state !== 'OPEN') throw invalidTransition(h.state);
      await orgs.setHandshakeState(h.handshakeId, 'CANCELED');
      return { Handshake: toWireHandshake(org, await profileOf(org.managementAccountId), { ...h, state: 'CANCELED' }) };
    },

    async describeHandshake(ctx, input) {
      const h = await orgs.handshake(input.HandshakeId);
      const org = h ? await orgs.get(h.orgId) : undefined;
      if (!h || !org || (h.targetAccountId !== ctx.accountId && org.managementAccountId !== ctx.accountId)) throw handshakeNotFound();
      return { Handshake: toWireHandshake(org, await profileOf(org.managementAccountId), h) };
    },

    async listHandshakesForAccount(ctx, input) {
      if (input.Filter?.ParentHandshakeId !== undefined) throw notImplemented("ListHandshakesForAccount's ParentHandshakeId filter");
      const mine = input.Filter?.ActionType && input.Filter.ActionType !== 'INVITE' ? [] : await orgs.handshakesFor({ targetAccountId: ctx.accountId });
      const { page: items, NextToken } = page(mine, input);
      const Handshakes = [];
      for (const h of items) {
        const org = await orgs.get(h.orgId);
        if (org) Handshakes.push(toWireHandshake(org, await profileOf(org.managementAccountId), h));
      }
      return { Handshakes, ...(NextToken ? { NextToken } : {}) };
    },

    async listHandshakesForOrganization(ctx, input) {
      if (input.Filter?.ParentHandshakeId !== undefined) throw notImplemented("ListHandshakesForOrganization's ParentHandshakeId filter");
      const org = await asManagementOrDelegate(ctx);
      const all = input.Filter?.ActionType && input.Filter.ActionType !== 'INVITE' ? [] : await orgs.handshakesFor({ orgId: org.orgId });
      const { page: items, NextToken } = page(all, input);
      const management = await profileOf(org.managementAccountId);
      return { Handshakes: items.map((h) => toWireHandshake(org, management, h)), ...(NextToken ? { NextToken } : {}) };
    },

    async removeAccountFromOrganization(ctx, input) {
      const org = await asManagement(ctx);
      if (input.AccountId === org.managementAccountId) {
        throw new errors.MasterCannotLeaveOrganizationException(
          "You can't remove a management account from an organization. If you want the management account to become a member account in another organization, you must first delete the current organization.",
        );
      }
      await memberOf(org, input.AccountId);
      await leave(org, input.AccountId);
    },

    async leaveOrganization(ctx) {
      const org = await orgOf(ctx);
      if (ctx.accountId === org.managementAccountId) {
        throw new errors.MasterCannotLeaveOrganizationException(
          "You can't remove a management account from an organization. If you want the management account to become a member account in another organization, you must first delete the current organization.",
        );
      }
      await leave(org, ctx.accountId);
    },

    async closeAccount(ctx, input) {
      const org = await asManagement(ctx);
      if (input.AccountId === org.managementAccountId) throw constraint('CANNOT_CLOSE_MANAGEMENT_ACCOUNT', 'You cannot close the management account.');
      await memberOf(org, input.AccountId);
      const profile = await profileOf(input.AccountId);
      if (profile.state !== 'ACTIVE') throw new errors.AccountAlreadyClosedException('The provided account is already closed.');
      await accounts.close(input.AccountId);
    },

    async enableAWSServiceAccess(ctx, input) {
      const org = await asManagement(ctx);
      checkServicePrincipal(input.ServicePrincipal);
      await orgs.enableServiceAccess(org.orgId, input.ServicePrincipal);
    },

    async disableAWSServiceAccess(ctx, input) {
      const org = await asManagement(ctx);
      checkServicePrincipal(input.ServicePrincipal);
      await orgs.disableServiceAccess(org.orgId, input.ServicePrincipal);
    },

    async listAWSServiceAccessForOrganization(ctx, input) {
      const org = await asManagementOrDelegate(ctx);
      const { page: items, NextToken } = page(await orgs.serviceAccess(org.orgId), input);
      return { EnabledServicePrincipals: items.map((s) => ({ ServicePrincipal: s.servicePrincipal, DateEnabled: s.enabledAt })), ...(NextToken ? { NextToken } : {}) };
    },

    async registerDelegatedAdministrator(ctx, input) {
      const org = await asManagement(ctx);
      checkServicePrincipal(input.ServicePrincipal);
      if (input.AccountId === org.managementAccountId) {
        throw constraint('CANNOT_REGISTER_MASTER_AS_DELEGATED_ADMINISTRATOR', 'You cannot register the management account of the organization as a delegated administrator for an AWS service integrated with Organizations.');
      }
      await memberOf(org, input.AccountId);
      if ((await profileOf(input.AccountId)).state !== 'ACTIVE') {
        throw constraint('CANNOT_REGISTER_SUSPENDED_ACCOUNT_AS_DELEGATED_ADMINISTRATOR', 'You cannot register a suspended account as a delegated administrator.');
      }
      if (!(await orgs.serviceAccess(org.orgId)).some((s) => s.servicePrincipal === input.ServicePrincipal)) {
        throw constraint('SERVICE_ACCESS_NOT_ENABLED', 'You attempted to register a delegated administrator before you enabled service access. Call the EnableAWSServiceAccess API first.');
      }
      const existing = await orgs.delegatedAdmins(org.orgId, input.ServicePrincipal);
      if (existing.some((d) => d.accountId === input.AccountId)) throw new errors.AccountAlreadyRegisteredException('The provided account is already a delegated administrator for your organization.');
      await orgs.registerDelegatedAdmin(org.orgId, input.AccountId, input.ServicePrincipal);
    },

    async deregisterDelegatedAdministrator(ctx, input) {
      const org = await asManagement(ctx);
      checkServicePrincipal(input.ServicePrincipal);
      await memberOf(org, input.AccountId);
      if (!(await orgs.deregisterDelegatedAdmin(org.orgId, input.AccountId, input.ServicePrincipal))) {
        throw new errors.AccountNotRegisteredException('The provided account is not a registered delegated administrator for your organization.');
      }
    },

    async listDelegatedAdministrators(ctx, input) {
      const org = await asManagementOrDelegate(ctx);
      const byAccount = new Map<string, Date>();
      for (const d of await orgs.delegatedAdmins(org.orgId, input.ServicePrincipal)) {
        const first = byAccount.get(d.accountId);
        if (!first || d.enabledAt < first) byAccount.set(d.accountId, d.enabledAt);
      }
      const { page: items, NextToken } = page([...byAccount], input);
      const DelegatedAdministrators = [];
      for (const [accountId, enabledAt] of items) {
        const member = await memberOf(org, accountId);
        DelegatedAdministrators.push({ ...toWireAccount(org, member, await profileOf(accountId)), DelegationEnabledDate: enabledAt });
      }
      return { DelegatedAdministrators, ...(NextToken ? { NextToken } : {}) };
    },

    async listDelegatedServicesForAccount(ctx, input) {
      const org = await asManagementOrDelegate(ctx);
      await memberOf(org, input.AccountId);
      const services = (await orgs.delegatedAdmins(org.orgId)).filter((d) => d.accountId === input.AccountId);
      if (!services.length) throw new errors.AccountNotRegisteredException('The provided account is not a registered delegated administrator for your organization.');
      const { page: items, NextToken } = page(services, input);
      return { DelegatedServices: items.map((d) => ({ ServicePrincipal: d.servicePrincipal, DelegationEnabledDate: d.enabledAt })), ...(NextToken ? { NextToken } : {}) };
    },
  } satisfies Partial<OrganizationsApi>;

  async function handshakeFor(ctx: RequestContext, handshakeId: string) {
    const h = await orgs.handshake(handshakeId);
    const org = h ? await orgs.get(h.orgId) : undefined;
    if (!h || !org || h.targetAccountId !== ctx.accountId) throw handshakeNotFound();
    return { org, h };
  }

  async function leave(org: Organization, accountId: string) {
    if ((await orgs.delegatedAdmins(org.orgId)).some((d) => d.accountId === accountId)) {
      throw constraint('CANNOT_REMOVE_DELEGATED_ADMINISTRATOR_FROM_ORG', 'You cannot remove a delegated administrator from the organization; deregister it first.');
    }
    await orgs.removeAccount(org.orgId, accountId);
  }
}

function invalidTransition(state: string) {
  if (state === 'ACCEPTED' || state === 'DECLINED' || state === 'CANCELED') {
    return new errors.HandshakeAlreadyInStateException(`The specified handshake is already in the requested state: ${state}.`);
  }
  return new errors.InvalidHandshakeTransitionException('You can\'t perform the operation on the handshake in its current state.');
}

function checkServicePrincipal(principal: string) {
  if (!KNOWN_SERVICE_PRINCIPALS.has(principal)) throw invalidInput('UNRECOGNIZED_SERVICE_PRINCIPAL', 'You specified an unrecognized service principal.');
}

export function createOrganizationsRegistration(deps: OrganizationsDeps): ServiceRegistration {
  return { service: 'organizations', provider: createOrganizationsProvider(deps) };
}
