// Account-wide facts the credential report and GetAccountSummary need that no other IAM store answers: the
// account's creation time, its root access keys, and counts of IAM entities.
import type { Kysely } from 'kysely';
import type { Database } from '../../store/index.js';

/** An access key as the credential report reads it. */
export interface AccountKey {
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
  instanceProfiles: number;
}

export class AccountFacts {
  constructor(private readonly db: Kysely<Database>) {}

  async createdAt(accountId: string): Promise<Date | undefined> {
    const row = await this.db.selectFrom('accounts').select('created_at').where('account_id', '=', accountId).executeTakeFirst();
    return row ? new Date(Number(row.created_at)) : undefined;
  }

  async rootKeys(accountId: string): Promise<AccountKey[]> {
    return (await this.keys(accountId)).get(null) ?? [];
  }

  /** Every access key of the account by user name (null: the root's), oldest first; one query for the whole report. */
  async keys(accountId: string): Promise<Map<string | null, AccountKey[]>> {
    const rows = await this.db
      .selectFrom('access_keys')
      .select(['access_key_id', 'user_name', 'status', 'created_at', 'last_used_at', 'last_used_service', 'last_used_region'])
      .where('account_id', '=', accountId)
      .orderBy('created_at')
      .orderBy('access_key_id')
      .execute();
    const out = new Map<string | null, AccountKey[]>();
    for (const r of rows) {
      const list = out.get(r.user_name) ?? [];
      list.push(toKey(r));
      out.set(r.user_name, list);
    }
    return out;
  }

  async counts(accountId: string): Promise<EntityCounts> {
    const count = async (q: Promise<{ n: number | string | bigint } | undefined>) => Number((await q)?.n ?? 0);
    const db = this.db;
    const [users, groups, roles, policies, policyAttachments, mfaDevices, mfaDevicesInUse, providers, instanceProfiles] = await Promise.all([
      count(db.selectFrom('iam_users').select((eb) => eb.fn.countAll<number>().as('n')).where('account_id', '=', accountId).executeTakeFirst()),
      count(db.selectFrom('iam_groups').select((eb) => eb.fn.countAll<number>().as('n')).where('account_id', '=', accountId).executeTakeFirst()),
      count(db.selectFrom('iam_roles').select((eb) => eb.fn.countAll<number>().as('n')).where('account_id', '=', accountId).executeTakeFirst()),
      count(db.selectFrom('iam_managed_policies').select((eb) => eb.fn.countAll<number>().as('n')).where('account_id', '=', accountId).executeTakeFirst()),
      count(db.selectFrom('iam_policy_attachments').select((eb) => eb.fn.countAll<number>().as('n')).where('account_id', '=', accountId).executeTakeFirst()),
      count(db.selectFrom('iam_mfa_devices').select((eb) => eb.fn.countAll<number>().as('n')).where('account_id', '=', accountId).executeTakeFirst()),
      count(db.selectFrom('iam_mfa_devices').select((eb) => eb.fn.countAll<number>().as('n')).where('account_id', '=', accountId).where('user_name', 'is not', null).executeTakeFirst()),
      count(db.selectFrom('iam_identity_providers').select((eb) => eb.fn.countAll<number>().as('n')).where('account_id', '=', accountId).executeTakeFirst()),
      count(db.selectFrom('iam_instance_profiles').select((eb) => eb.fn.countAll<number>().as('n')).where('account_id', '=', accountId).executeTakeFirst()),
    ]);
    return { users, groups, roles, policies, policyAttachments, mfaDevices, mfaDevicesInUse, providers, instanceProfiles };
  }
}

function toKey(r: { access_key_id: string; status: string; created_at: number; last_used_at?: number | null; last_used_service?: string | null; last_used_region?: string | null }): AccountKey {
  return {
    accessKeyId: r.access_key_id,
    status: r.status === 'Inactive' ? 'Inactive' : 'Active',
    createdAt: new Date(Number(r.created_at)),
    ...(r.last_used_at != null ? { lastUsed: { at: new Date(Number(r.last_used_at)), service: r.last_used_service ?? 'N/A', region: r.last_used_region ?? 'N/A' } } : {}),
  };
}
