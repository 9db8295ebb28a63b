// The IAM directory of one Sift installation: accounts, users, roles, access keys and inline policies, kept in
// the store. Names are case-insensitive unique per account, as in IAM. Secret access keys are kept sealed (AES-256-GCM
// under a key derived from the master key, bound to their access key id): a copied database reveals none.
import type { Kysely } from 'kysely';
import { SecretBox, type Clock, type IdSource } from '../common/index.js';
import type { Database } from '../store/index.js';
import { newAccessKeyId, newRoleId, newSecretKey, newUserId } from './ids.js';

export type PrincipalKind = 'user' | 'role';
/** What inline policies belong to: users, roles and groups. */
export type PolicyHolderKind = PrincipalKind | 'group';
/** What carries tags in iam_tags: users and roles (aws:PrincipalTag), instance profiles and managed policies (by name). */
export type TaggedKind = PrincipalKind | 'instance-profile' | 'policy';

/**
 * The tables that name a user in a column, so UpdateUser carries them to the new name. Another part of IAM that keeps
 * rows per user (login profiles, SSH keys, signing certificates) adds its table here.
 */
export const USER_NAME_COLUMNS: { table: string; column: string; kindColumn?: { name: string; value: string } }[] = [
  { table: 'access_keys', column: 'user_name' },
  { table: 'iam_group_members', column: 'user_name' },
  { table: 'iam_mfa_devices', column: 'user_name' },
  { table: 'iam_inline_policies', column: 'principal_name', kindColumn: { name: 'principal_kind', value: 'user' } },
  { table: 'iam_policy_attachments', column: 'principal_name', kindColumn: { name: 'principal_kind', value: 'user' } },
  { table: 'iam_tags', column: 'entity_name', kindColumn: { name: 'entity_kind', value: 'user' } },
  { table: 'iam_login_profiles', column: 'user_name' },
  { table: 'iam_user_credentials', column: 'user_name' },
];

export interface IamUser {
  accountId: string;
  userName: string;
  userId: string;
  path: string;
  arn: string;
  createdAt: Date;
  permissionsBoundary?: string;
}

export interface IamRole {
  accountId: string;
  roleName: string;
  roleId: string;
  path: string;
  arn: string;
  assumeRolePolicy: string;
  description?: string;
  maxSessionDuration: number;
  createdAt: Date;
  permissionsBoundary?: string;
}

export interface AccessKey {
  accessKeyId: string;
  accountId: string;
  /** undefined for the root credentials of the account */
  userName?: string;
  secretAccessKey: string;
  status: 'Active' | 'Inactive';
  createdAt: Date;
  lastUsed?: { at: Date; service: string; region: string };
}

const WRITES = [
  'putRootKey', 'createUser', 'deleteUser', 'createAccessKey', 'deleteAccessKey', 'updateAccessKeyStatus', 'createRole', 'deleteRole', 'putPolicy',
  'deletePolicy', 'changeTags', 'setPermissionsBoundary', 'updateAssumeRolePolicy', 'updateUser', 'updateRole',
] as const;

/** Rolls back a tag change that would pass the limit. */
class TooManyTags extends Error {}

export interface AccessKeyUse {
  accessKeyId: string;
  at: number;
  service: string;
  region: string;
}

export class IamDirectory {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly ids: IdSource,
    /** Seals secret access keys at rest. */
    private readonly secrets: SecretBox,
    /** Told of every write, so caches of resolved credentials can drop what changed. */
    onChange: () => void | Promise<void> = () => undefined,
  ) {
    // Every write tells onChange once it has happened, so a cache never re-reads the old state after being told.
    for (const name of WRITES) {
      const write = this[name] as (...args: unknown[]) => Promise<unknown>;
      (this as Record<string, unknown>)[name] = async (...args: unknown[]) => {
        try {
          return await write.apply(this, args);
        } finally {
          // Awaited: the write is not acknowledged before other processes can see that IAM changed.
          await onChange();
        }
      };
    }
  }

  // ---- accounts and root credentials ----

  async ensureAccount(accountId: string): Promise<void> {
    const found = await this.db.selectFrom('accounts').select('account_id').where('account_id', '=', accountId).executeTakeFirst();
    if (!found) await this.db.insertInto('accounts').values({ account_id: accountId, created_at: this.clock.nowMs() }).execute();
  }

  async listAccounts(): Promise<string[]> {
    return (await this.db.selectFrom('accounts').select('account_id').orderBy('account_id').execute()).map((r) => r.account_id);
  }

  /** Stores root credentials (given or generated); returns them. */
  async putRootKey(accountId: string, accessKeyId?: string, secretAccessKey?: string): Promise<AccessKey> {
    const key: AccessKey = {
      accessKeyId: accessKeyId ?? newAccessKeyId(this.ids),
      accountId,
      secretAccessKey: secretAccessKey ?? newSecretKey(this.ids),
      status: 'Active',
      createdAt: this.clock.now(),
    };
    await this.db.deleteFrom('access_keys').where('access_key_id', '=', key.accessKeyId).execute();
    await this.db
      .insertInto('access_keys')
      .values({ access_key_id: key.accessKeyId, account_id: accountId, user_name: null, secret_access_key: this.secrets.seal(key.secretAccessKey, key.accessKeyId), status: 'Active', created_at: key.createdAt.getTime() })
      .execute();
    return key;
  }

  async getAccessKey(accessKeyId: string): Promise<AccessKey | undefined> {
    const row = await this.db.selectFrom('access_keys').selectAll().where('access_key_id', '=', accessKeyId).executeTakeFirst();
    return row ? this.toKey(row) : undefined;
  }

  /** Seals secret access keys stored in clear by an earlier version; returns how many. Run at start. */
  async sealStoredSecrets(): Promise<number> {
    const rows = await this.db.selectFrom('access_keys').select(['access_key_id', 'secret_access_key']).where('secret_access_key', 'not like', 'sift1:%').execute();
    for (const row of rows) {
      await this.db
        .updateTable('access_keys')
        .set({ secret_access_key: this.secrets.seal(row.secret_access_key, row.access_key_id) })
        .where('access_key_id', '=', row.access_key_id)
        .where('secret_access_key', '=', row.secret_access_key)
        .execute();
    }
    return rows.length;
  }

  private toKey(row: Database['access_keys']): AccessKey {
    const stored = row.secret_access_key;
    return { ...toKey(row), secretAccessKey: SecretBox.isSealed(stored) ? this.secrets.open(stored, row.access_key_id) : stored };
  }

  // ---- users ----

  async createUser(accountId: string, userName: string, path = '/', permissionsBoundary?: string): Promise<IamUser | undefined> {
    if (await this.getUser(accountId, userName)) return undefined;
    const user: IamUser = {
      accountId,
      userName,
      userId: newUserId(this.ids),
      path,
      arn: `arn:aws:iam::${accountId}:user${path}${userName}`,
      createdAt: this.clock.now(),
      ...(permissionsBoundary ? { permissionsBoundary } : {}),
    };
    await this.db
      .insertInto('iam_users')
      .values({ account_id: accountId, user_name: userName, user_id: user.userId, path, arn: user.arn, created_at: user.createdAt.getTime(), permissions_boundary: permissionsBoundary ?? null })
      .execute();
    return user;
  }

  async getUser(accountId: string, userName: string): Promise<IamUser | undefined> {
    const row = await this.db
      .selectFrom('iam_users')
      .selectAll()
      .where('account_id', '=', accountId)
      .where((eb) => eb(eb.fn('lower', ['user_name']), '=', userName.toLowerCase()))
      .executeTakeFirst();
    return row ? toUser(row) : undefined;
  }

  async listUsers(accountId: string, pathPrefix = '/'): Promise<IamUser[]> {
    const rows = await this.db.selectFrom('iam_users').selectAll().where('account_id', '=', accountId).orderBy('user_name').execute();
    return rows
      .filter((r) => r.path.startsWith(pathPrefix))
      .map(toUser);
  }

  /** Deletes a user with no keys or policies left (IAM's DeleteConflict rule is checked by the caller). */
  async deleteUser(accountId: string, userName: string): Promise<void> {
    await this.db.deleteFrom('iam_users').where('account_id', '=', accountId).where('user_name', '=', userName).execute();
    await this.db.deleteFrom('iam_tags').where('account_id', '=', accountId).where('entity_kind', '=', 'user').where('entity_name', '=', userName).execute();
  }

  /**
   * Renames and/or moves a user: its ARN follows, and every row that names it (USER_NAME_COLUMNS: keys, group
   * memberships, MFA devices, policies, attachments, tags) moves to the new name in the same transaction.
   */
  async updateUser(accountId: string, userName: string, change: { newName?: string; newPath?: string }): Promise<IamUser> {
    const user = (await this.getUser(accountId, userName))!;
    const name = change.newName ?? user.userName;
    const path = change.newPath ?? user.path;
    await this.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('iam_users')
        .set({ user_name: name, path, arn: `arn:aws:iam::${accountId}:user${path}${name}` })
        .where('account_id', '=', accountId)
        .where('user_name', '=', user.userName)
        .execute();
      if (name === user.userName) return;
      const loose = trx as unknown as Kysely<any>;
      for (const t of USER_NAME_COLUMNS) {
        let q = loose.updateTable(t.table).set({ [t.column]: name }).where('account_id', '=', accountId).where(t.column, '=', user.userName);
        if (t.kindColumn) q = q.where(t.kindColumn.name, '=', t.kindColumn.value);
        await q.execute();
      }
    });
    return (await this.getUser(accountId, name))!;
  }

  // ---- access keys ----

  async createAccessKey(accountId: string, userName: string): Promise<AccessKey> {
    const key: AccessKey = { accessKeyId: newAccessKeyId(this.ids), accountId, userName, secretAccessKey: newSecretKey(this.ids), status: 'Active', createdAt: this.clock.now() };
    await this.db
      .insertInto('access_keys')
      .values({ access_key_id: key.accessKeyId, account_id: accountId, user_name: userName, secret_access_key: this.secrets.seal(key.secretAccessKey, key.accessKeyId), status: key.status, created_at: key.createdAt.getTime() })
      .execute();
    return key;
  }

  async listAccessKeys(accountId: string, userName: string): Promise<AccessKey[]> {
    const rows = await this.db.selectFrom('access_keys').selectAll().where('account_id', '=', accountId).where('user_name', '=', userName).orderBy('created_at').execute();
    return rows.map((r) => this.toKey(r));
  }

  async deleteAccessKey(accountId: string, userName: string, accessKeyId: string): Promise<boolean> {
    const res = await this.db.deleteFrom('access_keys').where('account_id', '=', accountId).where('user_name', '=', userName).where('access_key_id', '=', accessKeyId).executeTakeFirst();
    return Number(res.numDeletedRows) > 0;
  }

  // ---- roles ----

  async createRole(
    accountId: string,
    r: { roleName: string; path?: string; assumeRolePolicy: string; description?: string; maxSessionDuration?: number; permissionsBoundary?: string },
  ): Promise<IamRole | undefined> {
    if (await this.getRole(accountId, r.roleName)) return undefined;
    const path = r.path ?? '/';
    const role: IamRole = {
      accountId,
      roleName: r.roleName,
      roleId: newRoleId(this.ids),
      path,
      arn: `arn:aws:iam::${accountId}:role${path}${r.roleName}`,
      assumeRolePolicy: r.assumeRolePolicy,
      description: r.description,
      maxSessionDuration: r.maxSessionDuration ?? 3600,
      createdAt: this.clock.now(),
      ...(r.permissionsBoundary ? { permissionsBoundary: r.permissionsBoundary } : {}),
    };
    await this.db
      .insertInto('iam_roles')
      .values({
        account_id: accountId,
        role_name: role.roleName,
        role_id: role.roleId,
        path,
        arn: role.arn,
        assume_role_policy: role.assumeRolePolicy,
        description: role.description ?? null,
        max_session_duration: role.maxSessionDuration,
        created_at: role.createdAt.getTime(),
        permissions_boundary: r.permissionsBoundary ?? null,
      })
      .execute();
    return role;
  }

  async getRole(accountId: string, roleName: string): Promise<IamRole | undefined> {
    const row = await this.db
      .selectFrom('iam_roles')
      .selectAll()
      .where('account_id', '=', accountId)
      .where((eb) => eb(eb.fn('lower', ['role_name']), '=', roleName.toLowerCase()))
      .executeTakeFirst();
    return row ? toRole(row) : undefined;
  }

  async listRoles(accountId: string, pathPrefix = '/'): Promise<IamRole[]> {
    const rows = await this.db.selectFrom('iam_roles').selectAll().where('account_id', '=', accountId).orderBy('role_name').execute();
    return rows.map(toRole).filter((r) => r.path.startsWith(pathPrefix));
  }

  async deleteRole(accountId: string, roleName: string): Promise<void> {
    await this.db.deleteFrom('iam_roles').where('account_id', '=', accountId).where('role_name', '=', roleName).execute();
    await this.db.deleteFrom('iam_tags').where('account_id', '=', accountId).where('entity_kind', '=', 'role').where('entity_name', '=', roleName).execute();
  }

  /** Changes a role's description and/or maximum session duration (UpdateRole, UpdateRoleDescription). */
  async updateRole(accountId: string, roleName: string, change: { description?: string; maxSessionDuration?: number }): Promise<void> {
    const set = {
      ...(change.description !== undefined ? { description: change.description } : {}),
      ...(change.maxSessionDuration !== undefined ? { max_session_duration: change.maxSessionDuration } : {}),
    };
    if (!Object.keys(set).length) return;
    await this.db.updateTable('iam_roles').set(set).where('account_id', '=', accountId).where('role_name', '=', roleName).execute();
  }

  async updateAssumeRolePolicy(accountId: string, roleName: string, document: string): Promise<void> {
    await this.db.updateTable('iam_roles').set({ assume_role_policy: document }).where('account_id', '=', accountId).where('role_name', '=', roleName).execute();
  }

  // ---- permissions boundaries ----

  async setPermissionsBoundary(accountId: string, kind: PrincipalKind, name: string, policyArn: string | undefined): Promise<void> {
    const table = kind === 'user' ? 'iam_users' : 'iam_roles';
    const column = kind === 'user' ? 'user_name' : 'role_name';
    await this.db
      .updateTable(table)
      .set({ permissions_boundary: policyArn ?? null })
      .where('account_id', '=', accountId)
      .where(column as 'user_name', '=', name)
      .execute();
  }

  // ---- tags (aws:PrincipalTag; instance profiles and managed policies by name) ----

  /**
   * Sets and removes tags of the entity in one transaction (keys compared case-insensitively, as IAM does), touching
   * only the keys named, so concurrent changes to other keys are not lost. Nothing changes, and the answer is false,
   * when the entity would end with more than `max` tags.
   */
  async changeTags(accountId: string, kind: TaggedKind, name: string, set: { key: string; value: string }[], remove: string[], max: number): Promise<boolean> {
    const keys = [...set.map((t) => t.key), ...remove].map((k) => k.toLowerCase());
    if (!keys.length) return true;
    return this.db.transaction().execute(async (trx) => {
      const mine = trx.deleteFrom('iam_tags').where('account_id', '=', accountId).where('entity_kind', '=', kind).where('entity_name', '=', name);
      await mine.where((eb) => eb(eb.fn('lower', ['tag_key']), 'in', keys)).execute();
      if (set.length) await trx.insertInto('iam_tags').values(set.map((t) => ({ account_id: accountId, entity_kind: kind, entity_name: name, tag_key: t.key, tag_value: t.value }))).execute();
      const count = await trx
        .selectFrom('iam_tags')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('account_id', '=', accountId)
        .where('entity_kind', '=', kind)
        .where('entity_name', '=', name)
        .executeTakeFirstOrThrow();
      if (Number(count.n) > max) throw new TooManyTags();
      return true;
    }).catch((err: unknown) => {
      if (err instanceof TooManyTags) return false;
      throw err;
    });
  }

  async listTags(accountId: string, kind: TaggedKind, name: string): Promise<{ key: string; value: string }[]> {
    const rows = await this.db
      .selectFrom('iam_tags')
      .select(['tag_key', 'tag_value'])
      .where('account_id', '=', accountId)
      .where('entity_kind', '=', kind)
      .where('entity_name', '=', name)
      .orderBy('tag_key')
      .execute();
    return rows.map((r) => ({ key: r.tag_key, value: r.tag_value }));
  }

  // ---- access key status and last use ----

  async updateAccessKeyStatus(accountId: string, userName: string | undefined, accessKeyId: string, status: AccessKey['status']): Promise<boolean> {
    let q = this.db.updateTable('access_keys').set({ status }).where('account_id', '=', accountId).where('access_key_id', '=', accessKeyId);
    q = userName === undefined ? q.where('user_name', 'is', null) : q.where('user_name', '=', userName);
    const res = await q.executeTakeFirst();
    return Number(res.numUpdatedRows) > 0;
  }

  /** Records a batch of key uses (the latest per key); not a write that changes who may do what. */
  async recordKeyUse(uses: AccessKeyUse[]): Promise<void> {
    if (!uses.length) return;
    await this.db.transaction().execute(async (trx) => {
      for (const u of uses) {
        await trx
          .updateTable('access_keys')
          .set({ last_used_at: u.at, last_used_service: u.service, last_used_region: u.region })
          .where('access_key_id', '=', u.accessKeyId)
          .execute();
      }
    });
  }

  // ---- inline policies ----

  async putPolicy(accountId: string, kind: PolicyHolderKind, name: string, policyName: string, document: string): Promise<void> {
    await this.db
      .deleteFrom('iam_inline_policies')
      .where('account_id', '=', accountId)
      .where('principal_kind', '=', kind)
      .where('principal_name', '=', name)
      .where('policy_name', '=', policyName)
      .execute();
    await this.db.insertInto('iam_inline_policies').values({ account_id: accountId, principal_kind: kind, principal_name: name, policy_name: policyName, document }).execute();
  }

  async getPolicy(accountId: string, kind: PolicyHolderKind, name: string, policyName: string): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('iam_inline_policies')
      .select('document')
      .where('account_id', '=', accountId)
      .where('principal_kind', '=', kind)
      .where('principal_name', '=', name)
      .where('policy_name', '=', policyName)
      .executeTakeFirst();
    return row?.document;
  }

  async listPolicies(accountId: string, kind: PolicyHolderKind, name: string): Promise<{ policyName: string; document: string }[]> {
    const rows = await this.db
      .selectFrom('iam_inline_policies')
      .select(['policy_name', 'document'])
      .where('account_id', '=', accountId)
      .where('principal_kind', '=', kind)
      .where('principal_name', '=', name)
      .orderBy('policy_name')
      .execute();
    return rows.map((r) => ({ policyName: r.policy_name, document: r.document }));
  }

  async deletePolicy(accountId: string, kind: PolicyHolderKind, name: string, policyName: string): Promise<boolean> {
    const res = await this.db
      .deleteFrom('iam_inline_policies')
      .where('account_id', '=', accountId)
      .where('principal_kind', '=', kind)
      .where('principal_name', '=', name)
      .where('policy_name', '=', policyName)
      .executeTakeFirst();
    return Number(res.numDeletedRows) > 0;
  }
}

/** The row as a key, its secret still as stored (see IamDirectory.toKey). */
function toKey(row: Database['access_keys']): AccessKey {
  return {
    accessKeyId: row.access_key_id,
    accountId: row.account_id,
    userName: row.user_name ?? undefined,
    secretAccessKey: row.secret_access_key,
    status: row.status as AccessKey['status'],
    createdAt: new Date(Number(row.created_at)),
    ...(row.last_used_at != null ? { lastUsed: { at: new Date(Number(row.last_used_at)), service: row.last_used_service ?? 'N/A', region: row.last_used_region ?? 'N/A' } } : {}),
  };
}

function toUser(row: Database['iam_users']): IamUser {
  return {
    accountId: row.account_id,
    userName: row.user_name,
    userId: row.user_id,
    path: row.path,
    arn: row.arn,
    createdAt: new Date(Number(row.created_at)),
    ...(row.permissions_boundary ? { permissionsBoundary: row.permissions_boundary } : {}),
  };
}

function toRole(row: Database['iam_roles']): IamRole {
  return {
    accountId: row.account_id,
    roleName: row.role_name,
    roleId: row.role_id,
    path: row.path,
    arn: row.arn,
    assumeRolePolicy: row.assume_role_policy,
    description: row.description ?? undefined,
    maxSessionDuration: Number(row.max_session_duration),
    createdAt: new Date(Number(row.created_at)),
    ...(row.permissions_boundary ? { permissionsBoundary: row.permissions_boundary } : {}),
  };
}
