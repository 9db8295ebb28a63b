// CloudWatch Logs Insights (issue 17 item 5): queries (status, statistics, results) and saved query definitions.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const isPg = db.getExecutor().adapter.constructor.name === 'PostgresAdapter';
  const nameType = isPg ? sql`varchar(255) collate "C"` : sql`varchar(255)`;
  await db.schema
    .createTable('logs_insights_queries')
    .addColumn('query_id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('account_id', 'varchar(12)', (c) => c.notNull())
    .addColumn('region', 'varchar(32)', (c) => c.notNull())
    .addColumn('query_string', 'text', (c) => c.notNull())
    .addColumn('log_group_names', 'text', (c) => c.notNull())
    .addColumn('start_time', 'bigint', (c) => c.notNull())
    .addColumn('end_time', 'bigint', (c) => c.notNull())
    .addColumn('result_limit', 'integer')
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('create_time', 'bigint', (c) => c.notNull())
    .addColumn('completion_time', 'bigint')
    .addColumn('results', 'text')
    .addColumn('statistics', 'text')
    .addColumn('user_identity', 'varchar(2048)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('logs_insights_queries_account').on('logs_insights_queries').columns(['account_id', 'region', 'create_time']).execute();
  await db.schema
    .createTable('logs_query_definitions')
    .addColumn('query_definition_id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('account_id', 'varchar(12)', (c) => c.notNull())
    .addColumn('region', 'varchar(32)', (c) => c.notNull())
    .addColumn('name', nameType, (c) => c.notNull())
    .addColumn('query_string', 'text', (c) => c.notNull())
    .addColumn('log_group_names', 'text', (c) => c.notNull())
    .addColumn('last_modified', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('logs_query_definitions_account').on('logs_query_definitions').columns(['account_id', 'region', 'name']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('logs_query_definitions').execute();
  await db.schema.dropTable('logs_insights_queries').execute();
}
