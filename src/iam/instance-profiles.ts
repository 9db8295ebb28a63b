// IAM instance profiles of one account: a name, a path and at most one role (IAM's quota, which cannot be raised).
// Names are case-insensitive unique per account, as in IAM. A profile names its role by role name, so renaming a
// role is not possible in IAM and needs no care here; DeleteRole refuses while a profile holds the role.
import type { Kysely } from 'kysely';
import type { Clock, IdSource } from '../common/index.js';
import type { Database } from '../store/index.js';
import { newInstanceProfileId } from './ids.js';

export interface InstanceProfile {
  accountId: string;
  profileName: string;
  profileId: string;
  path: string;
  arn: string;
  roleName?: string;
  createdAt: Date;
}

const profileArn = (accountId: string, path: string, name: string) => `arn:aws:iam::${accountId}:instance-profile${path}${name}`;

export class InstanceProfiles {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly ids: IdSource,
  ) {}

  async create(accountId: string, profileName: string, path = '/'): Promise<InstanceProfile | undefined> {
    if (await this.get(accountId, profileName)) return undefined;
    const p: InstanceProfile = { accountId, profileName, profileId: newInstanceProfileId(this.ids), path, arn: profileArn(accountId, path, profileName), createdAt: this.clock.now() };
    await this.db
      .insertInto('iam_instance_profiles')
      .values({ account_id: accountId, profile_name: profileName, profile_id: p.profileId, path, arn: p.arn, role_name: null, created_at: p.createdAt.getTime() })
      .execute();
    return p;
  }

  async get(accountId: string, profileName: string): Promise<InstanceProfile | undefined> {
    const row = await this.db
      .selectFrom('iam_instance_profiles')
      .selectAll()
      .where('account_id', '=', accountId)
      .where((eb) => eb(eb.fn('lower', ['profile_name']), '=', profileName.toLowerCase()))
      .executeTakeFirst();
    return row ? toProfile(row) : undefined;
  }

  async list(accountId: string, pathPrefix = '/'): Promise<InstanceProfile[]> {
    const rows = await this.db.selectFrom('iam_instance_profiles').selectAll().where('account_id', '=', accountId).orderBy('profile_name').execute();
    return rows.map(toProfile).filter((p) => p.path.startsWith(pathPrefix));
  }

  /** The profiles that hold the role (IAM role names are case-insensitive). */
  async forRole(accountId: string, roleName: string): Promise<InstanceProfile[]> {
    const rows = await this.db
      .selectFrom('iam_instance_profiles')
      .selectAll()
      .where('account_id', '=', accountId)
      .where((eb) => eb(eb.fn('lower', ['role_name']), '=', roleName.toLowerCase()))
      .orderBy('profile_name')
      .execute();
    return rows.map(toProfile);
  }

  /** Puts the role in an empty profile; false when the profile already holds a role (checked in the same statement). */
  async addRole(accountId: string, profileName: string, roleName: string): Promise<boolean> {
    const res = await this.db
      .updateTable('iam_instance_profiles')
      .set({ role_name: roleName })
      .where('account_id', '=', accountId)
      .where('profile_name', '=', profileName)
      .where('role_name', 'is', null)
      .executeTakeFirst();
    return Number(res.numUpdatedRows) > 0;
  }

  /** Empties the profile if it holds the role; false when it does not. */
  async removeRole(accountId: string, profileName: string, roleName: string): Promise<boolean> {
    const res = await this.db
      .updateTable('iam_instance_profiles')
      .set({ role_name: null })
      .where('account_id', '=', accountId)
      .where('profile_name', '=', profileName)
      .where((eb) => eb(eb.fn('lower', ['role_name']), '=', roleName.toLowerCase()))
      .executeTakeFirst();
    return Number(res.numUpdatedRows) > 0;
  }

  /** Deletes an empty profile and its tags (the caller checks that it holds no role). */
  async delete(accountId: string, profileName: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('iam_instance_profiles').where('account_id', '=', accountId).where('profile_name', '=', profileName).execute();
      await trx.deleteFrom('iam_tags').where('account_id', '=', accountId).where('entity_kind', '=', 'instance-profile').where('entity_name', '=', profileName).execute();
    });
  }
}

function toProfile(row: Database['iam_instance_profiles']): InstanceProfile {
  return {
    accountId: row.account_id,
    profileName: row.profile_name,
    profileId: row.profile_id,
    path: row.path,
    arn: row.arn,
    ...(row.role_name ? { roleName: row.role_name } : {}),
    createdAt: new Date(Number(row.created_at)),
  };
}
