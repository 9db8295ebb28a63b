// Macie's administrator/member relationships (per Region, as in Macie), invitations, the organization's delegated
// Macie administrator and its auto-enable setting. Rows only; the rules are in ops.ts.
import type { Kysely } from 'kysely';
import type { Database } from '../../../store/index.js';
import type { RelationshipStatus } from '../../../models/macie2/index.js';

export interface MemberRecord {
  adminAccountId: string;
  region: string;
  accountId: string;
  email: string;
  relationshipStatus: RelationshipStatus;
  origin: 'ORGANIZATION' | 'INVITATION';
  invitedAt?: Date;
  invitationId?: string;
  updatedAt: Date;
  tags: Record<string, string>;
}

export interface InvitationRecord {
  invitationId: string;
  adminAccountId: string;
  accountId: string;
  region: string;
  invitedAt: Date;
}

/** Relationships in which the administrator sees the member's data: Macie's "current" members. */
export { ASSOCIATED } from '../../../findings/index.js';

export class MemberStore {
  constructor(private readonly db: Kysely<Database>) {}

  async put(m: MemberRecord): Promise<void> {
    await this.db.deleteFrom('macie_members').where('admin_account_id', '=', m.adminAccountId).where('region', '=', m.region).where('account_id', '=', m.accountId).execute();
    await this.db
      .insertInto('macie_members')
      .values({
        admin_account_id: m.adminAccountId,
        region: m.region,
        account_id: m.accountId,
        email: m.email,
        relationship_status: m.relationshipStatus,
        origin: m.origin,
        invited_at: m.invitedAt?.getTime() ?? null,
        invitation_id: m.invitationId ?? null,
        updated_at: m.updatedAt.getTime(),
        tags: JSON.stringify(m.tags),
      })
      .execute();
  }

  async get(adminAccountId: string, region: string, accountId: string): Promise<MemberRecord | undefined> {
    const row = await this.db.selectFrom('macie_members').selectAll().where('admin_account_id', '=', adminAccountId).where('region', '=', region).where('account_id', '=', accountId).executeTakeFirst();
    return row ? toMember(row) : undefined;
  }

  /** The administrator's members, by account id. */
  async list(adminAccountId: string, region: string, statuses?: readonly RelationshipStatus[]): Promise<MemberRecord[]> {
    let q = this.db.selectFrom('macie_members').selectAll().where('admin_account_id', '=', adminAccountId).where('region', '=', region);
    if (statuses) q = q.where('relationship_status', 'in', [...statuses]);
    return (await q.orderBy('account_id').execute()).map(toMember);
  }

  /** Every relationship that names the account as member (any administrator, any status). */
  async asMember(accountId: string, region: string): Promise<MemberRecord[]> {
    const rows = await this.db.selectFrom('macie_members').selectAll().where('account_id', '=', accountId).where('region', '=', region).execute();
    return rows.map(toMember);
  }

  async count(adminAccountId: string, region: string): Promise<number> {
    const row = await this.db
      .selectFrom('macie_members')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('admin_account_id', '=', adminAccountId)
      .where('region', '=', region)
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  async delete(adminAccountId: string, region: string, accountId: string): Promise<void> {
    await this.db.deleteFrom('macie_members').where('admin_account_id', '=', adminAccountId).where('region', '=', region).where('account_id', '=', accountId).execute();
    await this.db.deleteFrom('macie_invitations').where('admin_account_id', '=', adminAccountId).where('region', '=', region).where('account_id', '=', accountId).execute();
  }

  // ---- invitations ----

  async putInvitation(inv: InvitationRecord): Promise<void> {
    await this.db.deleteFrom('macie_invitations').where('admin_account_id', '=', inv.adminAccountId).where('region', '=', inv.region).where('account_id', '=', inv.accountId).execute();
    await this.db
      .insertInto('macie_invitations')
      .values({ invitation_id: inv.invitationId, admin_account_id: inv.adminAccountId, account_id: inv.accountId, region: inv.region, invited_at: inv.invitedAt.getTime() })
      .execute();
  }

  async invitationsFor(accountId: string, region: string): Promise<InvitationRecord[]> {
    const rows = await this.db.selectFrom('macie_invitations').selectAll().where('account_id', '=', accountId).where('region', '=', region).orderBy('invited_at').orderBy('invitation_id').execute();
    return rows.map((r) => ({ invitationId: r.invitation_id, adminAccountId: r.admin_account_id, accountId: r.account_id, region: r.region, invitedAt: new Date(Number(r.invited_at)) }));
  }

  async deleteInvitation(invitationId: string): Promise<void> {
    await this.db.deleteFrom('macie_invitations').where('invitation_id', '=', invitationId).execute();
  }

  // ---- the organization's delegated Macie administrator ----

  async orgAdmin(orgId: string, region: string): Promise<string | undefined> {
    const row = await this.db.selectFrom('macie_org_admins').select('admin_account_id').where('org_id', '=', orgId).where('region', '=', region).executeTakeFirst();
    return row?.admin_account_id;
  }

  async setOrgAdmin(orgId: string, region: string, adminAccountId: string | undefined): Promise<void> {
    await this.db.deleteFrom('macie_org_admins').where('org_id', '=', orgId).where('region', '=', region).execute();
    if (adminAccountId) await this.db.insertInto('macie_org_admins').values({ org_id: orgId, region, admin_account_id: adminAccountId, status: 'ENABLED' }).execute();
  }

  async autoEnable(adminAccountId: string, region: string): Promise<boolean> {
    const row = await this.db.selectFrom('macie_org_config').select('auto_enable').where('admin_account_id', '=', adminAccountId).where('region', '=', region).executeTakeFirst();
    return Number(row?.auto_enable ?? 0) === 1;
  }

  async setAutoEnable(adminAccountId: string, region: string, autoEnable: boolean): Promise<void> {
    await this.db.deleteFrom('macie_org_config').where('admin_account_id', '=', adminAccountId).where('region', '=', region).execute();
    await this.db.insertInto('macie_org_config').values({ admin_account_id: adminAccountId, region, auto_enable: autoEnable ? 1 : 0 }).execute();
  }

  /** Regions in which the organization has a delegated Macie administrator (for auto-enable on join). */
  async orgAdminRegions(orgId: string): Promise<{ region: string; adminAccountId: string }[]> {
    const rows = await this.db.selectFrom('macie_org_admins').select(['region', 'admin_account_id']).where('org_id', '=', orgId).execute();
    return rows.map((r) => ({ region: r.region, adminAccountId: r.admin_account_id }));
  }
}

function toMember(row: Database['macie_members']): MemberRecord {
  return {
    adminAccountId: row.admin_account_id,
    region: row.region,
    accountId: row.account_id,
    email: row.email,
    relationshipStatus: row.relationship_status as RelationshipStatus,
    origin: row.origin as MemberRecord['origin'],
    ...(row.invited_at != null ? { invitedAt: new Date(Number(row.invited_at)) } : {}),
    ...(row.invitation_id ? { invitationId: row.invitation_id } : {}),
    updatedAt: new Date(Number(row.updated_at)),
    tags: JSON.parse(row.tags) as Record<string, string>,
  };
}
