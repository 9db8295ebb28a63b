// IAM groups of one account and their members. A group's inline policies and managed policy attachments live with
// those of users and roles (principal kind 'group'); a member's requests are evaluated with them (identity.ts).
// Names are case-insensitive unique per account, as in IAM.
import type { Kysely } from 'kysely';
import type { Clock, IdSource } from '../common/index.js';
import type { Database } from '../store/index.js';
import { newGroupId } from './ids.js';

export interface IamGroup {
  accountId: string;
  groupName: string;
  groupId: string;
  path: string;
  arn: string;
  createdAt: Date;
}

const groupArn = (accountId: string, path: string, name: string) => `arn:aws:iam::${accountId}:group${path}${name}`;

export class IamGroups {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly ids: IdSource,
    /** Told of every change of membership or name, so cached credentials of members are dropped. */
    private readonly onChange: () => void | Promise<void> = () => undefined,
  ) {}

  async create(accountId: string, groupName: string, path = '/'): Promise<IamGroup | undefined> {
    if (await this.get(accountId, groupName)) return undefined;
    const group: IamGroup = { accountId, groupName, groupId: newGroupId(this.ids), path, arn: groupArn(accountId, path, groupName), createdAt: this.clock.now() };
    await this.db
      .insertInto('iam_groups')
      .values({ account_id: accountId, group_name: groupName, group_id: group.groupId, path, arn: group.arn, created_at: group.createdAt.getTime() })
      .execute();
    return group;
  }

  async get(accountId: string, groupName: string): Promise<IamGroup | undefined> {
    const row = await this.db
      .selectFrom('iam_groups')
      .selectAll()
      .where('account_id', '=', accountId)
      .where((eb) => eb(eb.fn('lower', ['group_name']), '=', groupName.toLowerCase()))
      .executeTakeFirst();
    return row ? toGroup(row) : undefined;
  }

  async list(accountId: string, pathPrefix = '/'): Promise<IamGroup[]> {
    const rows = await this.db.selectFrom('iam_groups').selectAll().where('account_id', '=', accountId).orderBy('group_name').execute();
    return rows.map(toGroup).filter((g) => g.path.startsWith(pathPrefix));
  }

  /** Renames and/or moves a group; its members, inline policies and attachments follow it. */
  async update(accountId: string, groupName: string, change: { newName?: string; newPath?: string }): Promise<IamGroup> {
    const group = (await this.get(accountId, groupName))!;
    const name = change.newName ?? group.groupName;
    const path = change.newPath ?? group.path;
    await this.db.transaction().execute(async (trx) => {
      const old = group.groupName;
      await trx.updateTable('iam_groups').set({ group_name: name, path, arn: groupArn(accountId, path, name) }).where('account_id', '=', accountId).where('group_name', '=', old).execute();
      if (name !== old) {
        await trx.updateTable('iam_group_members').set({ group_name: name }).where('account_id', '=', accountId).where('group_name', '=', old).execute();
        await trx.updateTable('iam_inline_policies').set({ principal_name: name }).where('account_id', '=', accountId).where('principal_kind', '=', 'group').where('principal_name', '=', old).execute();
        await trx.updateTable('iam_policy_attachments').set({ principal_name: name }).where('account_id', '=', accountId).where('principal_kind', '=', 'group').where('principal_name', '=', old).execute();
      }
    });
    await this.onChange();
    return { ...group, groupName: name, path, arn: groupArn(accountId, path, name) };
  }

  /** Deletes a group with no members or policies left (IAM's DeleteConflict rule is checked by the caller). */
  async delete(accountId: string, groupName: string): Promise<void> {
    await this.db.deleteFrom('iam_groups').where('account_id', '=', accountId).where('group_name', '=', groupName).execute();
    await this.onChange();
  }

  async addUser(accountId: string, groupName: string, userName: string): Promise<void> {
    await this.db.deleteFrom('iam_group_members').where('account_id', '=', accountId).where('group_name', '=', groupName).where('user_name', '=', userName).execute();
    await this.db.insertInto('iam_group_members').values({ account_id: accountId, group_name: groupName, user_name: userName }).execute();
    await this.onChange();
  }

  async removeUser(accountId: string, groupName: string, userName: string): Promise<boolean> {
    const res = await this.db.deleteFrom('iam_group_members').where('account_id', '=', accountId).where('group_name', '=', groupName).where('user_name', '=', userName).executeTakeFirst();
    await this.onChange();
    return Number(res.numDeletedRows) > 0;
  }

  /** The user names in a group, sorted. */
  async members(accountId: string, groupName: string): Promise<string[]> {
    const rows = await this.db.selectFrom('iam_group_members').select('user_name').where('account_id', '=', accountId).where('group_name', '=', groupName).orderBy('user_name').execute();
    return rows.map((r) => r.user_name);
  }

  /** The groups a user belongs to, by name. */
  async groupsOf(accountId: string, userName: string): Promise<IamGroup[]> {
    const rows = await this.db
      .selectFrom('iam_group_members')
      .innerJoin('iam_groups', (j) => j.onRef('iam_groups.account_id', '=', 'iam_group_members.account_id').onRef('iam_groups.group_name', '=', 'iam_group_members.group_name'))
      .selectAll('iam_groups')
      .where('iam_group_members.account_id', '=', accountId)
      .where('iam_group_members.user_name', '=', userName)
      .orderBy('iam_groups.group_name')
      .execute();
    return rows.map(toGroup);
  }
}

function toGroup(row: Database['iam_groups']): IamGroup {
  return { accountId: row.account_id, groupName: row.group_name, groupId: row.group_id, path: row.path, arn: row.arn, createdAt: new Date(Number(row.created_at)) };
}
