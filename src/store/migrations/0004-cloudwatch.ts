// CloudWatch metrics, datapoints, alarms and alarm history.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const ms = 'bigint';
  const isPg = db.getExecutor().adapter.constructor.name === 'PostgresAdapter';
  const serial = (c: any) => (isPg ? c.primaryKey() : c.primaryKey().autoIncrement());
  await db.schema
    .createTable('cw_metrics')
    .addColumn('metric_id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('account_id', 'varchar(12)', (c) => c.notNull())
    .addColumn('region', 'varchar(32)', (c) => c.notNull())
    .addColumn('namespace', 'varchar(255)', (c) => c.notNull())
    .addColumn('metric_name', 'varchar(255)', (c) => c.notNull())
    .addColumn('dimensions', 'text', (c) => c.notNull())
    .addColumn('last_published_at', ms, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('cw_metrics_list').on('cw_metrics').columns(['account_id', 'region', 'namespace', 'metric_name']).execute();
  await db.schema
    .createTable('cw_datapoints')
    .addColumn('seq', isPg ? 'bigserial' : 'integer', serial)
    .addColumn('metric_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('timestamp', ms, (c) => c.notNull())
    .addColumn('unit', 'varchar(32)', (c) => c.notNull())
    .addColumn('storage_resolution', 'integer', (c) => c.notNull())
    .addColumn('sample_count', 'double precision', (c) => c.notNull())
    .addColumn('sum', 'double precision', (c) => c.notNull())
    .addColumn('minimum', 'double precision', (c) => c.notNull())
    .addColumn('maximum', 'double precision', (c) => c.notNull())
    .addColumn('distribution', 'text')
    .execute();
  await db.schema.createIndex('cw_datapoints_series').on('cw_datapoints').columns(['metric_id', 'timestamp']).execute();
  await db.schema
    .createTable('cw_alarms')
    .addColumn('account_id', 'varchar(12)', (c) => c.notNull())
    .addColumn('region', 'varchar(32)', (c) => c.notNull())
    .addColumn('alarm_name', 'varchar(255)', (c) => c.notNull())
    .addColumn('alarm_arn', 'varchar(1600)', (c) => c.notNull())
    .addColumn('config', 'text', (c) => c.notNull())
    .addColumn('tags', 'text', (c) => c.notNull())
    .addColumn('state_value', 'varchar(32)', (c) => c.notNull())
    .addColumn('state_reason', 'text', (c) => c.notNull())
    .addColumn('state_reason_data', 'text')
    .addColumn('state_updated_at', ms, (c) => c.notNull())
    .addColumn('state_transitioned_at', ms, (c) => c.notNull())
    .addColumn('config_updated_at', ms, (c) => c.notNull())
    .addColumn('next_evaluation_at', ms, (c) => c.notNull())
    .addPrimaryKeyConstraint('cw_alarms_pk', ['account_id', 'region', 'alarm_name'])
    .execute();
  await db.schema.createIndex('cw_alarms_due').on('cw_alarms').column('next_evaluation_at').execute();
  await db.schema
    .createTable('cw_alarm_history')
    .addColumn('seq', isPg ? 'bigserial' : 'integer', serial)
    .addColumn('account_id', 'varchar(12)', (c) => c.notNull())
    .addColumn('region', 'varchar(32)', (c) => c.notNull())
    .addColumn('alarm_name', 'varchar(255)', (c) => c.notNull())
    .addColumn('alarm_type', 'varchar(32)', (c) => c.notNull())
    .addColumn('timestamp', ms, (c) => c.notNull())
    .addColumn('item_type', 'varchar(32)', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('cw_alarm_history_lookup').on('cw_alarm_history').columns(['account_id', 'region', 'timestamp']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['cw_alarm_history', 'cw_alarms', 'cw_datapoints', 'cw_metrics']) await db.schema.dropTable(t).ifExists().execute();
}
