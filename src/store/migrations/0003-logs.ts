// CloudWatch Logs metadata: log groups, metric filters, export tasks. Names are byte-ordered in PostgreSQL
// (COLLATE "C") as SQLite's default BINARY collation already is, so paging by name agrees on both.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const ms = 'bigint';
  const isPg = db.getExecutor().adapter.constructor.name === 'PostgresAdapter';
  const name = (n: number) => (isPg ? sql.raw(`varchar(${n}) COLLATE "C"`) : sql.raw(`varchar(${n})`));
  await db.schema
    .createTable('logs_groups')
    .addColumn('account_id', 'varchar(12)', (c) => c.notNull())
    .addColumn('region', 'varchar(32)', (c) => c.notNull())
    .addColumn('group_name', name(512), (c) => c.notNull())
    .addColumn('creation_time', ms, (c) => c.notNull())
    .addColumn('retention_in_days', 'integer')
    .addColumn('kms_key_id', 'varchar(256)')
    .addColumn('log_group_class', 'varchar(32)', (c) => c.notNull())
    .addColumn('deletion_protection', 'integer', (c) => c.notNull())
    .addColumn('tags', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('logs_groups_pk', ['account_id', 'region', 'group_name'])
    .execute();
  await db.schema
    .createTable('logs_metric_filters')
    .addColumn('account_id', 'varchar(12)', (c) => c.notNull())
    .addColumn('region', 'varchar(32)', (c) => c.notNull())
    .addColumn('group_name', name(512), (c) => c.notNull())
    .addColumn('filter_name', name(512), (c) => c.notNull())
    .addColumn('filter_pattern', 'text', (c) => c.notNull())
    .addColumn('metric_transformations', 'text', (c) => c.notNull())
    .addColumn('creation_time', ms, (c) => c.notNull())
    .addPrimaryKeyConstraint('logs_metric_filters_pk', ['account_id', 'region', 'group_name', 'filter_name'])
    .execute();
  await db.schema
    .createTable('logs_export_tasks')
    .addColumn('task_id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('account_id', 'varchar(12)', (c) => c.notNull())
    .addColumn('region', 'varchar(32)', (c) => c.notNull())
    .addColumn('task_name', 'varchar(512)')
    .addColumn('group_name', 'varchar(512)', (c) => c.notNull())
    .addColumn('stream_prefix', 'varchar(512)')
    .addColumn('from_time', ms, (c) => c.notNull())
    .addColumn('to_time', ms, (c) => c.notNull())
    .addColumn('destination', 'varchar(512)', (c) => c.notNull())
    .addColumn('destination_prefix', 'varchar(512)', (c) => c.notNull())
    .addColumn('status_code', 'varchar(32)', (c) => c.notNull())
    .addColumn('status_message', 'text')
    .addColumn('creation_time', ms, (c) => c.notNull())
    .addColumn('completion_time', ms)
    .execute();
  await db.schema.createIndex('logs_export_tasks_account').on('logs_export_tasks').columns(['account_id', 'region', 'creation_time']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['logs_export_tasks', 'logs_metric_filters', 'logs_groups']) await db.schema.dropTable(t).ifExists().execute();
}
