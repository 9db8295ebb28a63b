// Login profiles (an IAM user's console password) and the account password policy. Only scrypt hashes are stored;
// the hashes of earlier passwords are kept (at most PASSWORD_HISTORY) for PasswordReusePrevention.
import type { Kysely } from 'kysely';
import type { Clock } from '../../common/index.js';
import type { Database } from '../../store/index.js';
import { POLICY_DEFAULTS, verifyPassword, type PasswordPolicy } from './passwords.js';

/** PasswordReusePrevention's upper bound (1 to 24). */
export const PASSWORD_HISTORY = 24;

export interface LoginProfile {
  userName: string;
  createdAt: Date;
  passwordResetRequired: boolean;
  passwordChangedAt: Date;
}

export class LoginProfiles {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
  ) {}

  async getPolicy(accountId: string): Promise<PasswordPolicy | undefined> {
    const row = await this.db.selectFrom('iam_password_policies').select('policy').where('account_id', '=', accountId).executeTakeFirst();
    return row ? { ...POLICY_DEFAULTS, ...(JSON.parse(row.policy) as Partial<PasswordPolicy>) } : undefined;
  }

  async putPolicy(accountId: string, policy: PasswordPolicy): Promise<void> {
    const json = JSON.stringify(policy);
    await this.db
      .insertInto('iam_password_policies')
      .values({ account_id: accountId, policy: json })
      .onConflict((oc) => oc.column('account_id').doUpdateSet({ policy: json }))
      .execute();
  }

  async deletePolicy(accountId: string): Promise<boolean> {
    const res = await this.db.deleteFrom('iam_password_policies').where('account_id', '=', accountId).executeTakeFirst();
    return Number(res.numDeletedRows) > 0;
  }

  async get(accountId: string, userName: string): Promise<LoginProfile | undefined> {
    const row = await this.db.selectFrom('iam_login_profiles').selectAll().where('account_id', '=', accountId).where('user_name', '=', userName).executeTakeFirst();
    return row ? toProfile(row) : undefined;
  }

  async list(accountId: string): Promise<LoginProfile[]> {
    const rows = await this.db.selectFrom('iam_login_profiles').selectAll().where('account_id', '=', accountId).execute();
    return rows.map(toProfile);
  }

  /** Creates the profile; false when the user already has one. */
  async create(accountId: string, userName: string, passwordHash: string, resetRequired: boolean): Promise<LoginProfile | undefined> {
    const now = this.clock.nowMs();
    const res = await this.db
      .insertInto('iam_login_profiles')
      .values({ account_id: accountId, user_name: userName, password_hash: passwordHash, previous_hashes: '[]', password_reset_required: resetRequired ? 1 : 0, password_changed_at: now, created_at: now })
      .onConflict((oc) => oc.columns(['account_id', 'user_name']).doNothing())
      .executeTakeFirst();
    return Number(res.numInsertedOrUpdatedRows ?? 0) > 0 ? this.get(accountId, userName) : undefined;
  }

  /** Whether the password is one of the user's last `count` passwords (the current one included). */
  async isRecent(accountId: string, userName: string, password: string, count: number): Promise<boolean> {
    if (count <= 0) return false;
    const row = await this.db.selectFrom('iam_login_profiles').select(['password_hash', 'previous_hashes']).where('account_id', '=', accountId).where('user_name', '=', userName).executeTakeFirst();
    if (!row) return false;
    const hashes = [row.password_hash, ...(JSON.parse(row.previous_hashes) as string[])].slice(0, count);
    for (const h of hashes) if (await verifyPassword(password, h)) return true;
    return false;
  }

  async verify(accountId: string, userName: string, password: string): Promise<boolean> {
    const row = await this.db.selectFrom('iam_login_profiles').select('password_hash').where('account_id', '=', accountId).where('user_name', '=', userName).executeTakeFirst();
    return row ? verifyPassword(password, row.password_hash) : false;
  }

  /** Replaces the password (the old hash joins the history) and/or the reset flag; false when there is no profile. */
  async update(accountId: string, userName: string, change: { passwordHash?: string; resetRequired?: boolean }): Promise<boolean> {
    const row = await this.db.selectFrom('iam_login_profiles').select(['password_hash', 'previous_hashes']).where('account_id', '=', accountId).where('user_name', '=', userName).executeTakeFirst();
    if (!row) return false;
    const set: Partial<Database['iam_login_profiles']> = {};
    if (change.passwordHash !== undefined) {
      set.password_hash = change.passwordHash;
      set.previous_hashes = JSON.stringify([row.password_hash, ...(JSON.parse(row.previous_hashes) as string[])].slice(0, PASSWORD_HISTORY - 1));
      set.password_changed_at = this.clock.nowMs();
    }
    if (change.resetRequired !== undefined) set.password_reset_required = change.resetRequired ? 1 : 0;
    if (!Object.keys(set).length) return true;
    // Only if no other change landed in between (the history is read-modify-write).
    const res = await this.db.updateTable('iam_login_profiles').set(set).where('account_id', '=', accountId).where('user_name', '=', userName).where('password_hash', '=', row.password_hash).executeTakeFirst();
    return Number(res.numUpdatedRows) > 0;
  }


  async delete(accountId: string, userName: string): Promise<boolean> {
    const res = await this.db.deleteFrom('iam_login_profiles').where('account_id', '=', accountId).where('user_name', '=', userName).executeTakeFirst();
    return Number(res.numDeletedRows) > 0;
  }
}

function toProfile(row: Database['iam_login_profiles']): LoginProfile {
  return {
    userName: row.user_name,
    createdAt: new Date(Number(row.created_at)),
    passwordResetRequired: Number(row.password_reset_required) === 1,
    passwordChangedAt: new Date(Number(row.password_changed_at)),
  };
}
