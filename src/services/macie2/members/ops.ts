// Macie's Accounts operations: an administrator and its members, by AWS Organizations (the delegated Macie
// administrator adds organization accounts; no invitation) or by invitation (CreateMember → CreateInvitations →
// the account's AcceptInvitation). Relationships are per Region. A member's closed account reads AccountSuspended
// and a member Region the account turned off reads RegionDisabled, whatever the stored relationship.
import type { IdSource, RequestContext } from '../../../common/index.js';
import { errors, type Macie2Api, type Member, type RelationshipStatus, type UnprocessedAccount } from '../../../models/macie2/index.js';
import type { AccountRegistry, OrganizationStore } from '../../../iam/index.js';
import type { MacieSessions } from '../sessions.js';
import { decodePageToken, encodePageToken, pageSize } from '../../../findings/index.js';
import { ASSOCIATED, type MemberRecord, type MemberStore } from './store.js';

export const MACIE_SERVICE_PRINCIPAL = 'macie.amazonaws.com';
/** Macie quotas: 10,000 members through Organizations, 1,000 by invitation (Macie User Guide, "Quotas"). */
export const MAX_ORGANIZATION_MEMBERS = 10_000;
export const MAX_INVITATION_MEMBERS = 1_000;

export interface MemberOpsDeps {
  members: MemberStore;
  sessions: MacieSessions;
  orgs: OrganizationStore;
  accounts: AccountRegistry;
  ids: IdSource;
  /** Suspending a member's Macie cancels the member's own jobs, as the member suspending it would (account-lifecycle.ts). */
  onSuspend?: (accountId: string, region: string) => Promise<void>;
}

export const memberArn = (region: string, adminAccountId: string, accountId: string) => `arn:aws:macie2:${region}:${adminAccountId}:member/${accountId}`;

const memberNotFound = () => new errors.ResourceNotFoundException("The request failed because the specified member account wasn't found.");
const notOrgManagement = () => new errors.ValidationException("The request failed because your account isn't the management account of an organization in AWS Organizations.");
const notOrgAdmin = () => new errors.ValidationException("The request failed because your account isn't the delegated Macie administrator account for an organization in AWS Organizations.");
const unprocessed = (accountId: string, errorMessage: string): UnprocessedAccount => ({ accountId, errorCode: 'ClientError', errorMessage });

export function memberOps(deps: MemberOpsDeps) {
  const { members, sessions, orgs, accounts } = deps;

  /** Macie turned on for an account that an organization's administrator adds (as Macie does). */
  async function enableMacieFor(accountId: string, region: string, now: Date): Promise<void> {
    if (await sessions.get(accountId, region)) return;
    await sessions.put({ accountId, region, status: 'ENABLED', findingPublishingFrequency: 'FIFTEEN_MINUTES', createdAt: now, updatedAt: now });
  }

  /** The stored relationship, as the account's own state shows it now. */
  async function statusOf(m: MemberRecord): Promise<RelationshipStatus> {
    if (!ASSOCIATED.includes(m.relationshipStatus)) return m.relationshipStatus;
    const condition = await accounts.condition(m.accountId, m.region);
    if (condition === 'closed') return 'AccountSuspended';
    if (condition === 'region-disabled') return 'RegionDisabled';
    return m.relationshipStatus;
  }

  async function toWire(m: MemberRecord): Promise<Member> {
    return {
      accountId: m.accountId,
      administratorAccountId: m.adminAccountId,
      masterAccountId: m.adminAccountId,
      arn: memberArn(m.region, m.adminAccountId, m.accountId),
      // Organization members carry no email (Macie API Reference, Member).
      ...(m.origin === 'INVITATION' ? { email: m.email } : {}),
      ...(m.invitedAt ? { invitedAt: m.invitedAt } : {}),
      relationshipStatus: await statusOf(m),
      tags: m.tags,
      updatedAt: m.updatedAt,
    };
  }

  /** The caller's organization and whether the caller is its delegated Macie administrator here. */
  async function orgContext(ctx: RequestContext) {
    const org = await orgs.ofAccount(ctx.accountId);
    const admin = org ? await members.orgAdmin(org.orgId, ctx.region) : undefined;
    return { org, isOrgAdmin: admin === ctx.accountId };
  }

  /** The relationship in which the caller is a current member, if any. */
  async function currentAdministrator(accountId: string, region: string): Promise<MemberRecord | undefined> {
    return (await members.asMember(accountId, region)).find((m) => ASSOCIATED.includes(m.relationshipStatus));
  }

  async function mustGet(ctx: RequestContext, id: string): Promise<MemberRecord> {
    const m = await members.get(ctx.accountId, ctx.region, id);
    if (!m) throw memberNotFound();
    return m;
  }

  async function resignInvitations(accountIds: string[], ctx: RequestContext) {
    const unprocessedAccounts: UnprocessedAccount[] = [];
    const mine = await members.invitationsFor(ctx.accountId, ctx.region);
    for (const adminId of accountIds) {
      const inv = mine.find((i) => i.adminAccountId === adminId);
      if (!inv) {
        unprocessedAccounts.push(unprocessed(adminId, "The request failed because there's no invitation from the specified account."));
        continue;
      }
      await members.deleteInvitation(inv.invitationId);
      const m = await members.get(adminId, ctx.region, ctx.accountId);
      // The administrator sees the account as added but not invited; it may invite it again.
      if (m && m.relationshipStatus === 'Invited') await members.put({ ...m, relationshipStatus: 'Created', updatedAt: ctx.clock.now() });
    }
    return { unprocessedAccounts };
  }

  async function disassociateSelf(ctx: RequestContext) {
    const rel = await currentAdministrator(ctx.accountId, ctx.region);
    if (!rel) throw new errors.ResourceNotFoundException("The request failed because your account isn't associated with an administrator account.");
    if (rel.origin === 'ORGANIZATION') {
      throw new errors.ValidationException('The request failed because your account is a member of an organization: only the delegated Macie administrator can disassociate it.');
    }
    await members.put({ ...rel, relationshipStatus: 'Resigned', updatedAt: ctx.clock.now() });
    return {};
  }

  async function administratorOf(ctx: RequestContext) {
    const rel = await currentAdministrator(ctx.accountId, ctx.region);
    if (!rel) return undefined;
    return {
      accountId: rel.adminAccountId,
      ...(rel.invitationId ? { invitationId: rel.invitationId } : {}),
      ...(rel.invitedAt ? { invitedAt: rel.invitedAt } : {}),
      relationshipStatus: await statusOf(rel),
    };
  }

  return {
    // ---- the organization's delegated Macie administrator (called by the management account) ----

    async enableOrganizationAdminAccount(ctx, input) {
      const org = await orgs.ofAccount(ctx.accountId);
      if (!org || org.managementAccountId !== ctx.accountId) throw notOrgManagement();
      if (!(await orgs.account(org.orgId, input.adminAccountId))) throw new errors.ValidationException("The request failed because the specified account isn't a member of your organization.");
      const current = await members.orgAdmin(org.orgId, ctx.region);
      if (current === input.adminAccountId) return {};
      if (current) throw new errors.ConflictException('The request failed because your organization already has a delegated Macie administrator account in this Region.');
      // As in AWS: designating the administrator turns on trusted access, registers it with Organizations and enables Macie for it.
      await orgs.enableServiceAccess(org.orgId, MACIE_SERVICE_PRINCIPAL);
      if (input.adminAccountId !== org.managementAccountId && !(await orgs.delegatedAdmins(org.orgId, MACIE_SERVICE_PRINCIPAL)).some((d) => d.accountId === input.adminAccountId)) {
        await orgs.registerDelegatedAdmin(org.orgId, input.adminAccountId, MACIE_SERVICE_PRINCIPAL);
      }
      await members.setOrgAdmin(org.orgId, ctx.region, input.adminAccountId);
      await enableMacieFor(input.adminAccountId, ctx.region, ctx.clock.now());
      return {};
    },

    async disableOrganizationAdminAccount(ctx, input) {
      const org = await orgs.ofAccount(ctx.accountId);
      if (!org || org.managementAccountId !== ctx.accountId) throw notOrgManagement();
      if ((await members.orgAdmin(org.orgId, ctx.region)) !== input.adminAccountId) {
        throw new errors.ResourceNotFoundException("The request failed because the specified account isn't the delegated Macie administrator account for your organization.");
      }
      await members.setOrgAdmin(org.orgId, ctx.region, undefined);
      // Organization members stop being members; Macie stays enabled for them.
      for (const m of await members.list(input.adminAccountId, ctx.region)) if (m.origin === 'ORGANIZATION') await members.delete(m.adminAccountId, m.region, m.accountId);
      if (!(await members.orgAdminRegions(org.orgId)).some((r) => r.adminAccountId === input.adminAccountId)) {
        await orgs.deregisterDelegatedAdmin(org.orgId, input.adminAccountId, MACIE_SERVICE_PRINCIPAL);
      }
      return {};
    },

    async listOrganizationAdminAccounts(ctx, input) {
      const org = await orgs.ofAccount(ctx.accountId);
      if (!org || org.managementAccountId !== ctx.accountId) throw notOrgManagement();
      decodePageToken(input.nextToken, 'admins', 1);
      const admin = await members.orgAdmin(org.orgId, ctx.region);
      return { adminAccounts: admin ? [{ accountId: admin, status: 'ENABLED' as const }] : [] };
    },

    async describeOrganizationConfiguration(ctx) {
      if (!(await orgContext(ctx)).isOrgAdmin) throw notOrgAdmin();
      const count = (await members.list(ctx.accountId, ctx.region)).filter((m) => m.origin === 'ORGANIZATION').length;
      return { autoEnable: await members.autoEnable(ctx.accountId, ctx.region), maxAccountLimitReached: count >= MAX_ORGANIZATION_MEMBERS };
    },

    async updateOrganizationConfiguration(ctx, input) {
      if (!(await orgContext(ctx)).isOrgAdmin) throw notOrgAdmin();
      await members.setAutoEnable(ctx.accountId, ctx.region, input.autoEnable);
      return {};
    },

    // ---- the administrator's members ----

    async createMember(ctx, input) {
      const { accountId, email } = input.account;
      if (!/^\d{12}$/.test(accountId)) throw new errors.ValidationException('The request failed because the account ID must be 12 digits.');
      if (accountId === ctx.accountId) throw new errors.ValidationException("The request failed because you can't add your own account as a member account.");
      if (await currentAdministrator(ctx.accountId, ctx.region)) {
        throw new errors.ValidationException("The request failed because your account is a member account: a member account can't add members.");
      }
      const existing = await members.get(ctx.accountId, ctx.region, accountId);
      if (existing && !['Removed', 'Resigned'].includes(existing.relationshipStatus)) {
        throw new errors.ConflictException('The request failed because the account is already a member account of your administrator account.');
      }
      const other = await currentAdministrator(accountId, ctx.region);
      if (other && other.adminAccountId !== ctx.accountId) throw new errors.ConflictException('The request failed because the account is already associated with another administrator account.');
      const { org, isOrgAdmin } = await orgContext(ctx);
      const viaOrg = isOrgAdmin && org !== undefined && (await orgs.account(org.orgId, accountId)) !== undefined;
      const all = await members.list(ctx.accountId, ctx.region);
      const quota = viaOrg ? MAX_ORGANIZATION_MEMBERS : MAX_INVITATION_MEMBERS;
      if (all.filter((m) => m.origin === (viaOrg ? 'ORGANIZATION' : 'INVITATION')).length >= quota) {
        throw new errors.ServiceQuotaExceededException(`The request failed because your administrator account already has the maximum number of member accounts (${quota}).`);
      }
      const now = ctx.clock.now();
      if (viaOrg) await enableMacieFor(accountId, ctx.region, now);
      await members.put({
        adminAccountId: ctx.accountId,
        region: ctx.region,
        accountId,
        email,
        relationshipStatus: viaOrg ? 'Enabled' : 'Created',
        origin: viaOrg ? 'ORGANIZATION' : 'INVITATION',
        updatedAt: now,
        tags: input.tags ?? {},
      });
      return { arn: memberArn(ctx.region, ctx.accountId, accountId) };
    },

    async getMember(ctx, input) {
      return toWire(await mustGet(ctx, input.id));
    },

    async listMembers(ctx, input) {
      const onlyAssociated = input.onlyAssociated !== 'false';
      const query = { onlyAssociated };
      const token = decodePageToken(input.nextToken, query, 1);
      const limit = pageSize(input.maxResults, 50, 50);
      let all = await members.list(ctx.accountId, ctx.region, onlyAssociated ? ASSOCIATED : undefined);
      if (token) all = all.filter((m) => m.accountId > String(token.after[0]));
      const page = all.slice(0, limit);
      const out = [];
      for (const m of page) out.push(await toWire(m));
      return { members: out, ...(all.length > limit ? { nextToken: encodePageToken([page.at(-1)!.accountId], query) } : {}) };
    },

    async deleteMember(ctx, input) {
      await mustGet(ctx, input.id);
      await members.delete(ctx.accountId, ctx.region, input.id);
      return {};
    },

    async disassociateMember(ctx, input) {
      const m = await mustGet(ctx, input.id);
      for (const inv of await members.invitationsFor(m.accountId, ctx.region)) if (inv.adminAccountId === ctx.accountId) await members.deleteInvitation(inv.invitationId);
      await members.put({ ...m, relationshipStatus: 'Removed', updatedAt: ctx.clock.now() });
      return {};
    },

    async updateMemberSession(ctx, input) {
      const m = await mustGet(ctx, input.id);
      if (!['Enabled', 'Paused'].includes(m.relationshipStatus)) throw new errors.ValidationException("The request failed because the member account isn't associated with your account.");
      const session = await sessions.get(m.accountId, ctx.region);
      if (!session) throw new errors.ValidationException("The request failed because Macie isn't enabled for the member account.");
      const now = ctx.clock.now();
      await sessions.put({ ...session, status: input.status, updatedAt: now });
      await members.put({ ...m, relationshipStatus: input.status === 'PAUSED' ? 'Paused' : 'Enabled', updatedAt: now });
      if (input.status === 'PAUSED' && session.status !== 'PAUSED') await deps.onSuspend?.(m.accountId, ctx.region);
      return {};
    },

    // ---- invitations ----

    async createInvitations(ctx, input) {
      const unprocessedAccounts: UnprocessedAccount[] = [];
      for (const accountId of input.accountIds) {
        const m = await members.get(ctx.accountId, ctx.region, accountId);
        if (!m) unprocessedAccounts.push(unprocessed(accountId, "The request failed because the account isn't a member account. Add it with CreateMember first."));
        else if (m.origin === 'ORGANIZATION') unprocessedAccounts.push(unprocessed(accountId, 'The request failed because the account is a member through AWS Organizations and needs no invitation.'));
        else if (ASSOCIATED.includes(m.relationshipStatus)) unprocessedAccounts.push(unprocessed(accountId, 'The request failed because the account is already associated with your account.'));
        else if (!(await accounts.exists(accountId))) unprocessedAccounts.push(unprocessed(accountId, "The request failed because the account doesn't exist."));
        else {
          const invitedAt = ctx.clock.now();
          await members.putInvitation({ invitationId: deps.ids.hex(16), adminAccountId: ctx.accountId, accountId, region: ctx.region, invitedAt });
          await members.put({ ...m, relationshipStatus: 'Invited', invitedAt, updatedAt: invitedAt });
        }
      }
      return { unprocessedAccounts };
    },

    async listInvitations(ctx, input) {
      const token = decodePageToken(input.nextToken, 'invitations', 1);
      const limit = pageSize(input.maxResults, 50, 50);
      let all = await members.invitationsFor(ctx.accountId, ctx.region);
      if (token) all = all.filter((i) => i.invitationId > String(token.after[0]));
      all.sort((a, b) => a.invitationId.localeCompare(b.invitationId));
      const page = all.slice(0, limit);
      return {
        invitations: page.map((i) => ({ accountId: i.adminAccountId, invitationId: i.invitationId, invitedAt: i.invitedAt, relationshipStatus: 'Invited' as const })),
        ...(all.length > limit ? { nextToken: encodePageToken([page.at(-1)!.invitationId], 'invitations') } : {}),
      };
    },

    async getInvitationsCount(ctx) {
      return { invitationsCount: (await members.invitationsFor(ctx.accountId, ctx.region)).length };
    },

    async acceptInvitation(ctx, input) {
      const adminAccountId = input.administratorAccountId ?? input.masterAccount;
      if (!adminAccountId) throw new errors.ValidationException('The request failed because you must specify the administratorAccountId.');
      const inv = (await members.invitationsFor(ctx.accountId, ctx.region)).find((i) => i.invitationId === input.invitationId && i.adminAccountId === adminAccountId);
      if (!inv) throw new errors.ResourceNotFoundException("The request failed because the specified invitation wasn't found.");
      if (await currentAdministrator(ctx.accountId, ctx.region)) throw new errors.ConflictException('The request failed because your account is already associated with an administrator account.');
      if ((await members.list(ctx.accountId, ctx.region, ASSOCIATED)).length) {
        throw new errors.ConflictException("The request failed because your account is an administrator account: it can't become a member account.");
      }
      const m = await members.get(adminAccountId, ctx.region, ctx.accountId);
      await members.deleteInvitation(inv.invitationId);
      if (!m) throw new errors.ResourceNotFoundException("The request failed because the specified invitation wasn't found.");
      await members.put({ ...m, relationshipStatus: 'Enabled', invitationId: inv.invitationId, updatedAt: ctx.clock.now() });
      return {};
    },

    async declineInvitations(ctx, input) {
      return resignInvitations(input.accountIds, ctx);
    },

    async deleteInvitations(ctx, input) {
      return resignInvitations(input.accountIds, ctx);
    },

    // ---- a member's view of its administrator ----

    async getAdministratorAccount(ctx) {
      const administrator = await administratorOf(ctx);
      return administrator ? { administrator } : {};
    },

    async getMasterAccount(ctx) {
      const master = await administratorOf(ctx);
      return master ? { master } : {};
    },

    async disassociateFromAdministratorAccount(ctx) {
      return disassociateSelf(ctx);
    },

    async disassociateFromMasterAccount(ctx) {
      return disassociateSelf(ctx);
    },
  } satisfies Partial<Macie2Api>;
}

/**
 * Organizations tells Macie of accounts that join or leave: with auto-enable on, a joining account becomes a member
 * of the organization's Macie administrator (Macie enabled for it); an account that leaves stops being one.
 */
export function followOrganizationMembership(deps: Pick<MemberOpsDeps, 'members' | 'sessions' | 'orgs'>, now: () => Date) {
  deps.orgs.onMembershipChange(async (event, orgId, accountId) => {
    for (const { region, adminAccountId } of await deps.members.orgAdminRegions(orgId)) {
      if (accountId === adminAccountId) continue;
      const existing = await deps.members.get(adminAccountId, region, accountId);
      if (event === 'left') {
        if (existing?.origin === 'ORGANIZATION') await deps.members.delete(adminAccountId, region, accountId);
        continue;
      }
      if (existing || !(await deps.members.autoEnable(adminAccountId, region))) continue;
      const at = now();
      if (!(await deps.sessions.get(accountId, region))) {
        await deps.sessions.put({ accountId, region, status: 'ENABLED', findingPublishingFrequency: 'FIFTEEN_MINUTES', createdAt: at, updatedAt: at });
      }
      await deps.members.put({ adminAccountId, region, accountId, email: '', relationshipStatus: 'Enabled', origin: 'ORGANIZATION', updatedAt: at, tags: {} });
    }
  });
}
