// AWS Organizations' records: organizations, the accounts in them, create-account requests, invitation
// handshakes, trusted service access and delegated administrators. The Organizations provider serves them; Macie
// reads them (who is the management account, which accounts are members, whether macie.amazonaws.com has access).
import type { Kysely } from 'kysely';
import type { Clock, IdSource } from '../common/index.js';
import type { Database } from '../store/index.js';

const ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

export interface Organization {
  orgId: string;
  managementAccountId: string;
  featureSet: 'ALL' | 'CONSOLIDATED_BILLING';
  rootId: string;
  createdAt: Date;
}

export interface OrgAccount {
  accountId: string;
  orgId: string;
  joinedMethod: 'INVITED' | 'CREATED';
  joinedAt: Date;
}

export interface CreateAccountRequest {
  requestId: string;
  orgId: string;
  accountName: string;
  state: 'IN_PROGRESS' | 'SUCCEEDED' | 'FAILED';
  accountId?: string;
  failureReason?: string;
  requestedAt: Date;
  completedAt?: Date;
}

export interface Handshake {
  handshakeId: string;
  orgId: string;
  targetAccountId: string;
  state: 'OPEN' | 'ACCEPTED' | 'DECLINED' | 'CANCELED' | 'EXPIRED';
  notes?: string;
  requestedAt: Date;
  expiresAt: Date;
}

/** Invitations expire after 15 days (Organizations User Guide, "Inviting an AWS account to join your organization"). */
export const HANDSHAKE_TTL_MS = 15 * 24 * 3600 * 1000;

/** Told when an account joins or leaves an organization (Macie's auto-enable and organization members follow it). */
export type MembershipListener = (event: 'joined' | 'left', orgId: string, accountId: string) => Promise<void>;

export class OrganizationStore {
  private readonly listeners: MembershipListener[] = [];

  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly ids: IdSource,
  ) {}

  onMembershipChange(listener: MembershipListener): void {
    this.listeners.push(listener);
  }

  private async tell(event: 'joined' | 'left', orgId: string, accountId: string): Promise<void> {
    for (const l of this.listeners) await l(event, orgId, accountId);
  }

  // ---- organizations ----

  async create(managementAccountId: string, featureSet: Organization['featureSet']): Promise<Organization> {
    const org: Organization = {
      orgId: 'o-' + this.ids.chars(10, ID_ALPHABET),
      managementAccountId,
      featureSet,
      rootId: 'r-' + this.ids.chars(4, ID_ALPHABET),
      createdAt: this.clock.now(),
    };
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('org_organizations')
        .values({ org_id: org.orgId, management_account_id: managementAccountId, feature_set: featureSet, root_id: org.rootId, created_at: org.createdAt.getTime() })
        .execute();
      // The management account shows as INVITED in ListAccounts, as in AWS.
      await trx.insertInto('org_accounts').values({ account_id: managementAccountId, org_id: org.orgId, joined_method: 'INVITED', joined_at: org.createdAt.getTime() }).execute();
    });
    return org;
  }

  async get(orgId: string): Promise<Organization | undefined> {
    const row = await this.db.selectFrom('org_organizations').selectAll().where('org_id', '=', orgId).executeTakeFirst();
    return row ? toOrg(row) : undefined;
  }

  /** The organization the account belongs to (as management account or member). */
  async ofAccount(accountId: string): Promise<Organization | undefined> {
    const member = await this.db.selectFrom('org_accounts').select('org_id').where('account_id', '=', accountId).executeTakeFirst();
    return member ? this.get(member.org_id) : undefined;
  }

  async delete(orgId: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      for (const table of ['org_accounts', 'org_create_account_requests', 'org_handshakes', 'org_service_access', 'org_delegated_admins', 'org_units', 'org_tags', 'org_organizations'] as const) {
        await trx.deleteFrom(table).where('org_id', '=', orgId).execute();
      }
    });
  }

  // ---- member accounts ----

  async addAccount(orgId: string, accountId: string, joinedMethod: OrgAccount['joinedMethod']): Promise<OrgAccount> {
    const joinedAt = this.clock.nowMs();
    await this.db.insertInto('org_accounts').values({ account_id: accountId, org_id: orgId, joined_method: joinedMethod, joined_at: joinedAt }).execute();
    await this.tell('joined', orgId, accountId);
    return { accountId, orgId, joinedMethod, joinedAt: new Date(joinedAt) };
  }

  async account(orgId: string, accountId: string): Promise<OrgAccount | undefined> {
    const row = await this.db.selectFrom('org_accounts').selectAll().where('org_id', '=', orgId).where('account_id', '=', accountId).executeTakeFirst();
    return row ? toOrgAccount(row) : undefined;
  }

  async accounts(orgId: string): Promise<OrgAccount[]> {
    const rows = await this.db.selectFrom('org_accounts').selectAll().where('org_id', '=', orgId).orderBy('account_id').execute();
    return rows.map(toOrgAccount);
  }

  async removeAccount(orgId: string, accountId: string): Promise<void> {
    await this.db.deleteFrom('org_accounts').where('org_id', '=', orgId).where('account_id', '=', accountId).execute();
    await this.db.deleteFrom('org_tags').where('org_id', '=', orgId).where('resource_id', '=', accountId).execute();
    await this.tell('left', orgId, accountId);
  }

  // ---- create-account requests ----

  async recordCreateAccount(r: Omit<CreateAccountRequest, 'requestId' | 'requestedAt'>): Promise<CreateAccountRequest> {
    const req: CreateAccountRequest = { ...r, requestId: 'car-' + this.ids.hex(16), requestedAt: this.clock.now() };
    await this.db
      .insertInto('org_create_account_requests')
      .values({
        request_id: req.requestId,
        org_id: req.orgId,
        account_name: req.accountName,
        state: req.state,
        account_id: req.accountId ?? null,
        failure_reason: req.failureReason ?? null,
        requested_at: req.requestedAt.getTime(),
        completed_at: req.completedAt?.getTime() ?? null,
      })
      .execute();
    return req;
  }

  async createAccountRequest(orgId: string, requestId: string): Promise<CreateAccountRequest | undefined> {
    const row = await this.db.selectFrom('org_create_account_requests').selectAll().where('org_id', '=', orgId).where('request_id', '=', requestId).executeTakeFirst();
    return row ? toRequest(row) : undefined;
  }

  async createAccountRequests(orgId: string): Promise<CreateAccountRequest[]> {
    const rows = await this.db.selectFrom('org_create_account_requests').selectAll().where('org_id', '=', orgId).orderBy('requested_at').orderBy('request_id').execute();
    return rows.map(toRequest);
  }

  // ---- handshakes ----

  async createHandshake(orgId: string, targetAccountId: string, notes?: string): Promise<Handshake> {
    const now = this.clock.nowMs();
    const h: Handshake = {
      handshakeId: 'h-' + this.ids.chars(32, ID_ALPHABET),
      orgId,
      targetAccountId,
      state: 'OPEN',
      ...(notes !== undefined ? { notes } : {}),
      requestedAt: new Date(now),
      expiresAt: new Date(now + HANDSHAKE_TTL_MS),
    };
    await this.db
      .insertInto('org_handshakes')
      .values({ handshake_id: h.handshakeId, org_id: orgId, target_account_id: targetAccountId, state: 'OPEN', notes: notes ?? null, requested_at: now, expires_at: now + HANDSHAKE_TTL_MS })
      .execute();
    return h;
  }

  /** A handshake, OPEN turned EXPIRED once its time has passed. */
  async handshake(handshakeId: string): Promise<Handshake | undefined> {
    const row = await this.db.selectFrom('org_handshakes').selectAll().where('handshake_id', '=', handshakeId).executeTakeFirst();
    return row ? this.expire(toHandshake(row)) : undefined;
  }

  async handshakesFor(where: { targetAccountId?: string; orgId?: string }): Promise<Handshake[]> {
    let q = this.db.selectFrom('org_handshakes').selectAll();
    if (where.targetAccountId) q = q.where('target_account_id', '=', where.targetAccountId);
    if (where.orgId) q = q.where('org_id', '=', where.orgId);
    const rows = await q.orderBy('requested_at').orderBy('handshake_id').execute();
    return rows.map((r) => this.expire(toHandshake(r)));
  }

  async setHandshakeState(handshakeId: string, state: Handshake['state']): Promise<void> {
    await this.db.updateTable('org_handshakes').set({ state }).where('handshake_id', '=', handshakeId).execute();
  }

  private expire(h: Handshake): Handshake {
    return h.state === 'OPEN' && this.clock.nowMs() >= h.expiresAt.getTime() ? { ...h, state: 'EXPIRED' } : h;
  }

  // ---- trusted access and delegated administrators ----

  async enableServiceAccess(orgId: string, servicePrincipal: string): Promise<void> {
    await this.db
      .insertInto('org_service_access')
      .values({ org_id: orgId, service_principal: servicePrincipal, enabled_at: this.clock.nowMs() })
      .onConflict((oc) => oc.columns(['org_id', 'service_principal']).doNothing())
      .execute();
  }

  async disableServiceAccess(orgId: string, servicePrincipal: string): Promise<void> {
    await this.db.deleteFrom('org_service_access').where('org_id', '=', orgId).where('service_principal', '=', servicePrincipal).execute();
  }

  async serviceAccess(orgId: string): Promise<{ servicePrincipal: string; enabledAt: Date }[]> {
    const rows = await this.db.selectFrom('org_service_access').selectAll().where('org_id', '=', orgId).orderBy('service_principal').execute();
    return rows.map((r) => ({ servicePrincipal: r.service_principal, enabledAt: new Date(Number(r.enabled_at)) }));
  }

  async registerDelegatedAdmin(orgId: string, accountId: string, servicePrincipal: string): Promise<void> {
    await this.db.insertInto('org_delegated_admins').values({ org_id: orgId, account_id: accountId, service_principal: servicePrincipal, enabled_at: this.clock.nowMs() }).execute();
  }

  async deregisterDelegatedAdmin(orgId: string, accountId: string, servicePrincipal: string): Promise<boolean> {
    const res = await this.db
      .deleteFrom('org_delegated_admins')
      .where('org_id', '=', orgId)
      .where('account_id', '=', accountId)
      .where('service_principal', '=', servicePrincipal)
      .executeTakeFirst();
    return Number(res.numDeletedRows) > 0;
  }

  async delegatedAdmins(orgId: string, servicePrincipal?: string): Promise<{ accountId: string; servicePrincipal: string; enabledAt: Date }[]> {
    let q = this.db.selectFrom('org_delegated_admins').selectAll().where('org_id', '=', orgId);
    if (servicePrincipal) q = q.where('service_principal', '=', servicePrincipal);
    const rows = await q.orderBy('account_id').orderBy('service_principal').execute();
    return rows.map((r) => ({ accountId: r.account_id, servicePrincipal: r.service_principal, enabledAt: new Date(Number(r.enabled_at)) }));
  }
}

const toOrg = (row: Database['org_organizations']): Organization => ({
  orgId: row.org_id,
  managementAccountId: row.management_account_id,
  featureSet: row.feature_set as Organization['featureSet'],
  rootId: row.root_id,
  createdAt: new Date(Number(row.created_at)),
});

const toOrgAccount = (row: Database['org_accounts']): OrgAccount => ({
  accountId: row.account_id,
  orgId: row.org_id,
  joinedMethod: row.joined_method as OrgAccount['joinedMethod'],
  joinedAt: new Date(Number(row.joined_at)),
});

const toRequest = (row: Database['org_create_account_requests']): CreateAccountRequest => ({
  requestId: row.request_id,
  orgId: row.org_id,
  accountName: row.account_name,
  state: row.state as CreateAccountRequest['state'],
  ...(row.account_id ? { accountId: row.account_id } : {}),
  ...(row.failure_reason ? { failureReason: row.failure_reason } : {}),
  requestedAt: new Date(Number(row.requested_at)),
  ...(row.completed_at != null ? { completedAt: new Date(Number(row.completed_at)) } : {}),
});

const toHandshake = (row: Database['org_handshakes']): Handshake => ({
  handshakeId: row.handshake_id,
  orgId: row.org_id,
  targetAccountId: row.target_account_id,
  state: row.state as Handshake['state'],
  ...(row.notes !== null ? { notes: row.notes } : {}),
  requestedAt: new Date(Number(row.requested_at)),
  expiresAt: new Date(Number(row.expires_at)),
});
