// Accounts beyond the first one Sift starts with: their profile (name, email), their state (closed accounts are
// SUSPENDED, as AWS shows them during the post-closure period), an operator's isolation, and the regions an
// account has turned off (the Account API's DisableRegion). Jobs read these states to skip an account's buckets.
import type { Kysely } from 'kysely';
import type { Clock, IdSource } from '../common/index.js';
import type { Database } from '../store/index.js';
import type { AccessKey, IamDirectory } from './directory.js';
import { newAccountId } from './ids.js';

export interface AccountProfile {
  accountId: string;
  name: string;
  email: string;
  state: 'ACTIVE' | 'SUSPENDED';
  isolated: boolean;
  createdAt: Date;
  closedAt?: Date;
}

/** Why an account's resources can't be reached now, in the order a job checks them; undefined when they can. */
export type AccountCondition = 'closed' | 'isolated' | 'region-disabled';

export class AccountRegistry {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly directory: IamDirectory,
    private readonly clock: Clock,
    private readonly ids: IdSource,
    /** Called when an account's standing changes (closed, isolated, restored): cached credentials must be dropped. */
    private readonly onStandingChange: () => void | Promise<void> = () => {},
  ) {}

  /** Whether the account may use Sift at all: closed (SUSPENDED) and isolated accounts may not. */
  async standing(accountId: string): Promise<'active' | 'closed' | 'isolated'> {
    const row = await this.db.selectFrom('account_profiles').select(['state', 'isolated']).where('account_id', '=', accountId).executeTakeFirst();
    if (row?.state === 'SUSPENDED') return 'closed';
    if (row && Number(row.isolated) === 1) return 'isolated';
    return 'active';
  }

  /** A new account with its root credentials (an operator's standalone account, or one Organizations creates). */
  async create(name: string, email: string): Promise<{ profile: AccountProfile; rootKey: AccessKey }> {
    let accountId = newAccountId(this.ids);
    while ((await this.directory.listAccounts()).includes(accountId)) accountId = newAccountId(this.ids);
    await this.directory.ensureAccount(accountId);
    const profile = await this.putProfile(accountId, name, email);
    const rootKey = await this.directory.putRootKey(accountId);
    return { profile, rootKey };
  }

  /** The account's profile; accounts made before profiles existed (the first account) get one on first use. */
  async profile(accountId: string): Promise<AccountProfile | undefined> {
    const row = await this.db.selectFrom('account_profiles').selectAll().where('account_id', '=', accountId).executeTakeFirst();
    if (row) return toProfile(row);
    if (!(await this.directory.listAccounts()).includes(accountId)) return undefined;
    return this.putProfile(accountId, `Sift account ${accountId}`, `root+${accountId}@sift.invalid`);
  }

  async accountIds(): Promise<string[]> {
    return this.directory.listAccounts();
  }

  async exists(accountId: string): Promise<boolean> {
    return (await this.profile(accountId)) !== undefined;
  }

  async emailInUse(email: string): Promise<boolean> {
    return (await this.byEmail(email)) !== undefined;
  }

  /** The account whose root email this is (emails are case-insensitive). */
  async byEmail(email: string): Promise<string | undefined> {
    const row = await this.db.selectFrom('account_profiles').select('account_id').where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase())).executeTakeFirst();
    return row?.account_id;
  }

  private async putProfile(accountId: string, name: string, email: string): Promise<AccountProfile> {
    const createdAt = this.clock.nowMs();
    await this.db
      .insertInto('account_profiles')
      .values({ account_id: accountId, name, email, state: 'ACTIVE', isolated: 0, created_at: createdAt, closed_at: null })
      .onConflict((oc) => oc.column('account_id').doNothing())
      .execute();
    return toProfile((await this.db.selectFrom('account_profiles').selectAll().where('account_id', '=', accountId).executeTakeFirstOrThrow()));
  }

  /** Closes the account: it stays SUSPENDED (AWS keeps a closed account 90 days before it is gone). */
  async close(accountId: string): Promise<void> {
    await this.profile(accountId);
    await this.db.updateTable('account_profiles').set({ state: 'SUSPENDED', closed_at: this.clock.nowMs() }).where('account_id', '=', accountId).execute();
    await this.onStandingChange();
  }

  async setIsolated(accountId: string, isolated: boolean): Promise<boolean> {
    if (!(await this.profile(accountId))) return false;
    await this.db.updateTable('account_profiles').set({ isolated: isolated ? 1 : 0 }).where('account_id', '=', accountId).execute();
    await this.onStandingChange();
    return true;
  }

  // ---- regions (the Account API) ----

  async regionDisabled(accountId: string, region: string): Promise<boolean> {
    const row = await this.db.selectFrom('account_regions').select('status').where('account_id', '=', accountId).where('region', '=', region).executeTakeFirst();
    return row?.status === 'DISABLED';
  }

  async setRegionEnabled(accountId: string, region: string, enabled: boolean): Promise<void> {
    await this.db.deleteFrom('account_regions').where('account_id', '=', accountId).where('region', '=', region).execute();
    if (!enabled) await this.db.insertInto('account_regions').values({ account_id: accountId, region, status: 'DISABLED' }).execute();
  }

  /** Whether the account's resources in `region` can be reached now, and if not, why. */
  async condition(accountId: string, region: string): Promise<AccountCondition | undefined> {
    const row = await this.db.selectFrom('account_profiles').select(['state', 'isolated']).where('account_id', '=', accountId).executeTakeFirst();
    if (row?.state === 'SUSPENDED') return 'closed';
    if (row && Number(row.isolated) === 1) return 'isolated';
    if (await this.regionDisabled(accountId, region)) return 'region-disabled';
    return undefined;
  }
}

function toProfile(row: Database['account_profiles']): AccountProfile {
  return {
    accountId: row.account_id,
    name: row.name,
    email: row.email,
    state: row.state as AccountProfile['state'],
    isolated: Number(row.isolated) === 1,
    createdAt: new Date(Number(row.created_at)),
    ...(row.closed_at != null ? { closedAt: new Date(Number(row.closed_at)) } : {}),
  };
}
