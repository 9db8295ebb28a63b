// Account-wide facts the credential report and GetAccountSummary need that no other IAM store answers: the
// account's creation time, its root access keys, and counts of IAM entities.
import type { Kysely } from 'kysely';
import type { Database } from '../../store/index.js';

export interface RootKey {
  accessKeyId: string;
  status: 'Active' | 'Inactive';
  createdAt: Date;
  lastUsed?: { at: Date; service: string; region: string };
}

export interface EntityCounts {
  users: number;
  groups: number;
  roles: number;
  /** Customer managed policies. */
  policies: number;
  /** Managed policy attachments (IAM's PolicyVersionsInUse counts the versions attached to entities). */
  policyAttachments: number;
  mfaDevices: number;
  mfaDevicesInUse: number;
  /** OIDC and SAML providers. */
  providers: number;
}

export class AccountFacts {
  constructor(private readonly db: Kysely<Database>) {}

  async createdAt(accountId: string): Promise<Date | undefined> {
    const row = await this.db.selectFrom('accounts').select('created_at').where('account_id', '=', accountId).executeTakeFirst();
    return row ? new Date(Number(row.created_at)) : undefined;
  }

  async rootKeys(accountId: string): Promise<RootKey[]> {
    const rows = await this.db
      .selectFrom('access_keys')
      .select(['access_key_id', 'status', 'created_at', 'last_used_at', 'last_used_service', 'last_used_region'])
      .where('account_id', '=', accountId)
      .where('user_name', 'is', null)
      .orderBy('created_at')
      .execute();
    return rows.map((r) => ({
      accessKeyId: r.access_key_id,
      status: r.status === 'Inactive' ? 'Inactive' : 'Active',
      createdAt: new Date(Number(r.created_at)),
      ...(r.last_used_at != null ? { lastUsed: { at: new Date(Number(r.last_used_at)), service: r.last_used_service ?? 'N/A', region: r.last_used_region ?? 'N/A' } } : {}),
    }));
  }

  async counts(accountId: string): Promise<EntityCounts> {
    const count = async (q: Promise<{ n: number | string | bigint } | undefined>) => Number((await q)?.n ?? 0);
    const db = this.db;
    const [users, groups, roles, policies, policyAttachments, mfaDevices, mfaDevicesInUse, providers] = await Promise.all([
      count(db.selectFrom('iam_users').select((eb) => eb.fn.countAll<number>().as('n')).where('account_id', '=', accountId).executeTakeFirst()),
      count(db.selectFrom('iam_groups').select((eb) => eb.fn.countAll<number>().as('n')).where('account_id', '=', accountId).executeTakeFirst()),
      count(db.selectFrom('iam_roles').select((eb) => eb.fn.countAll<number>().as('n')).where('account_id', '=', accountId).executeTakeFirst()),
      count(db.selectFrom('iam_managed_policies').select((eb) => eb.fn.countAll<number>().as('n')).where('account_id', '=', accountId).executeTakeFirst()),
      count(db.selectFrom('iam_policy_attachments').select((eb) => eb.fn.countAll<number>().as('n')).where('account_id', '=', accountId).executeTakeFirst()),
      count(db.selectFrom('iam_mfa_devices').select((eb) => eb.fn.countAll<number>().as('n')).where('account_id', '=', accountId).executeTakeFirst()),
      count(db.selectFrom('iam_mfa_devices').select((eb) => eb.fn.countAll<number>().as('n')).where('account_id', '=', accountId).where('user_name', 'is not', null).executeTakeFirst()),
      count(db.selectFrom('iam_identity_providers').select((eb) => eb.fn.countAll<number>().as('n')).where('account_id', '=', accountId).executeTakeFirst()),
    ]);
    return { users, groups, roles, policies, policyAttachments, mfaDevices, mfaDevicesInUse, providers };
  }
}
