/**
 * Log group metadata in the store: creation time, retention, class, KMS key, deletion protection and tags. The
 * events of a group live in the event store (engine/); this table is what says a group exists.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../store/index.js';
import { swapColumn } from '../../store/index.js';

export interface GroupRecord {
  accountId: string;
  region: string;
  name: string;
  creationTime: number;
  retentionInDays?: number;
  kmsKeyId?: string;
  logGroupClass: string;
  deletionProtection: boolean;
  tags: Record<string, string>;
}

type Row = Database['logs_groups'];

const toRecord = (r: Row): GroupRecord => ({
  accountId: r.account_id,
  region: r.region,
  name: r.group_name,
  creationTime: Number(r.creation_time),
  retentionInDays: r.retention_in_days ?? undefined,
  kmsKeyId: r.kms_key_id ?? undefined,
  logGroupClass: r.log_group_class,
  deletionProtection: r.deletion_protection === 1,
  tags: JSON.parse(r.tags) as Record<string, string>,
});

// Every character a group name may hold sorts below '~', so [prefix, prefix + '~') is exactly the names with it.
const PREFIX_END = '~';

export class GroupsRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async get(accountId: string, region: string, name: string): Promise<GroupRecord | undefined> {
    const row = await this.db
      .selectFrom('logs_groups')
      .selectAll()
      .where('account_id', '=', accountId)
      .where('region', '=', region)
      .where('group_name', '=', name)
      .executeTakeFirst();
    return row && toRecord(row);
  }

  /** Inserts a group; false when one of that name already exists. */
  async insert(g: GroupRecord): Promise<boolean> {
    const result = await this.db
      .insertInto('logs_groups')
      .values({
        account_id: g.accountId,
        region: g.region,
        group_name: g.name,
        creation_time: g.creationTime,
        retention_in_days: g.retentionInDays ?? null,
        kms_key_id: g.kmsKeyId ?? null,
        log_group_class: g.logGroupClass,
        deletion_protection: g.deletionProtection ? 1 : 0,
        tags: JSON.stringify(g.tags),
      })
      .onConflict((oc) => oc.columns(['account_id', 'region', 'group_name']).doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  /** Removes a group and its metric filters; false when there was none. */
  async delete(accountId: string, region: string, name: string): Promise<boolean> {
    return this.db.transaction().execute(async (tx) => {
      await tx.deleteFrom('logs_metric_filters').where('account_id', '=', accountId).where('region', '=', region).where('group_name', '=', name).execute();
      const r = await tx.deleteFrom('logs_groups').where('account_id', '=', accountId).where('region', '=', region).where('group_name', '=', name).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    });
  }

  /** Groups in name order after `after`, optionally with a name prefix; at most `limit`. */
  async list(accountId: string, region: string, options: { prefix?: string; after?: string; limit: number }): Promise<GroupRecord[]> {
    let q = this.db.selectFrom('logs_groups').selectAll().where('account_id', '=', accountId).where('region', '=', region);
    if (options.prefix) q = q.where('group_name', '>=', options.prefix).where('group_name', '<', options.prefix + PREFIX_END);
    if (options.after !== undefined) q = q.where('group_name', '>', options.after);
    const rows = await q.orderBy('group_name').limit(options.limit).execute();
    return rows.map(toRecord);
  }

  async setRetention(accountId: string, region: string, name: string, days: number | null): Promise<boolean> {
    const r = await this.db
      .updateTable('logs_groups')
      .set({ retention_in_days: days })
      .where('account_id', '=', accountId)
      .where('region', '=', region)
      .where('group_name', '=', name)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  /** Changes the tags without losing a concurrent change of other keys (see swapColumn); false: no such group. */
  async changeTags(accountId: string, region: string, name: string, change: (tags: Record<string, string>) => Record<string, string>): Promise<boolean> {
    return swapColumn(this.db, 'logs_groups', 'tags', { account_id: accountId, region, group_name: name }, (text) => JSON.stringify(change(JSON.parse(text!) as Record<string, string>)));
  }

  /** Every group with a retention policy, in every account and region (for the retention sweep). */
  async withRetention(): Promise<GroupRecord[]> {
    const rows = await this.db.selectFrom('logs_groups').selectAll().where('retention_in_days', 'is not', null).execute();
    return rows.map(toRecord);
  }
}
