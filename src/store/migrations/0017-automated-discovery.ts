// Automated sensitive data discovery (issue 16): the account's configuration, classification scope and sensitivity
// inspection template, members' statuses, the periodic runs with their buckets and work units (the checkpoint, as
// for jobs), each bucket's profile (score, override, suppressed types) and each analysed object's result, and usage.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const ms = 'bigint';
  const isPg = db.getExecutor().adapter.constructor.name === 'PostgresAdapter';
  const keyType = isPg ? sql`varchar(1024) collate "C"` : sql`varchar(1024)`;
  await db.schema
    .createTable('macie_ad_config')
    .addColumn('account_id', 'varchar(12)', (c) => c.notNull())
    .addColumn('region', 'varchar(32)', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('auto_enable', 'varchar(8)', (c) => c.notNull())
    .addColumn('scope_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('template_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('first_enabled_at', ms)
    .addColumn('disabled_at', ms)
    .addColumn('last_updated_at', ms, (c) => c.notNull())
    .addColumn('next_run_at', ms)
    .addColumn('current_run_id', 'varchar(80)')
    .addColumn('run_count', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('macie_ad_config_pk', ['account_id', 'region'])
    .execute();
  await db.schema
    .createTable('macie_ad_scopes')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('account_id', 'varchar(12)', (c) => c.notNull())
    .addColumn('region', 'varchar(32)', (c) => c.notNull())
    .addColumn('name', 'varchar(128)', (c) => c.notNull())
    .addColumn('excluded', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('macie_ad_scopes_account').on('macie_ad_scopes').columns(['account_id', 'region']).execute();
  await db.schema
    .createTable('macie_ad_templates')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('account_id', 'varchar(12)', (c) => c.notNull())
    .addColumn('region', 'varchar(32)', (c) => c.notNull())
    .addColumn('name', 'varchar(128)', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('includes', 'text', (c) => c.notNull())
    .addColumn('excludes', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('macie_ad_templates_account').on('macie_ad_templates').columns(['account_id', 'region']).execute();
  await db.schema
    .createTable('macie_ad_accounts')
    .addColumn('admin_account_id', 'varchar(12)', (c) => c.notNull())
    .addColumn('region', 'varchar(32)', (c) => c.notNull())
    .addColumn('account_id', 'varchar(12)', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addPrimaryKeyConstraint('macie_ad_accounts_pk', ['admin_account_id', 'region', 'account_id'])
    .execute();
  await db.schema
    .createTable('macie_ad_runs')
    .addColumn('run_id', 'varchar(80)', (c) => c.primaryKey())
    .addColumn('account_id', 'varchar(12)', (c) => c.notNull())
    .addColumn('region', 'varchar(32)', (c) => c.notNull())
    .addColumn('run_date', ms, (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('resolved', 'integer', (c) => c.notNull())
    .addColumn('budget_bytes', ms, (c) => c.notNull())
    .addColumn('bucket_share', ms, (c) => c.notNull())
    .addColumn('finished_at', ms)
    .execute();
  await db.schema.createIndex('macie_ad_runs_status').on('macie_ad_runs').columns(['status']).execute();
  await db.schema
    .createTable('macie_ad_run_buckets')
    .addColumn('run_id', 'varchar(80)', (c) => c.notNull())
    .addColumn('account_id', 'varchar(12)', (c) => c.notNull())
    .addColumn('bucket', 'varchar(255)', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('selected', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('macie_ad_run_buckets_pk', ['run_id', 'account_id', 'bucket'])
    .execute();
  await db.schema
    .createTable('macie_ad_units')
    .addColumn('unit_id', 'varchar(400)', (c) => c.primaryKey())
    .addColumn('run_id', 'varchar(80)', (c) => c.notNull())
    .addColumn('account_id', 'varchar(12)', (c) => c.notNull())
    .addColumn('bucket', 'varchar(255)', (c) => c.notNull())
    .addColumn('objects', 'text', (c) => c.notNull())
    .addColumn('object_count', 'integer', (c) => c.notNull())
    .addColumn('bytes', ms, (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('scanned_bytes', ms, (c) => c.notNull())
    .addColumn('done_at', ms)
    .execute();
  await db.schema.createIndex('macie_ad_units_run').on('macie_ad_units').columns(['run_id', 'status']).execute();
  await db.schema
    .createTable('macie_ad_buckets')
    .addColumn('account_id', 'varchar(12)', (c) => c.notNull())
    .addColumn('region', 'varchar(32)', (c) => c.notNull())
    .addColumn('bucket', 'varchar(255)', (c) => c.notNull())
    .addColumn('classifiable_objects', ms, (c) => c.notNull())
    .addColumn('classifiable_bytes', ms, (c) => c.notNull())
    .addColumn('non_empty_objects', ms, (c) => c.notNull())
    .addColumn('error_code', 'varchar(32)')
    .addColumn('last_run_at', ms)
    .addColumn('score', 'integer', (c) => c.notNull())
    .addColumn('score_override', 'integer')
    .addColumn('suppressed', 'text', (c) => c.notNull())
    .addColumn('profile_updated_at', ms, (c) => c.notNull())
    .addPrimaryKeyConstraint('macie_ad_buckets_pk', ['account_id', 'region', 'bucket'])
    .execute();
  await db.schema
    .createTable('macie_ad_objects')
    .addColumn('account_id', 'varchar(12)', (c) => c.notNull())
    .addColumn('region', 'varchar(32)', (c) => c.notNull())
    .addColumn('bucket', 'varchar(255)', (c) => c.notNull())
    .addColumn('object_key', keyType, (c) => c.notNull())
    .addColumn('etag', 'varchar(80)', (c) => c.notNull())
    .addColumn('template', 'varchar(64)', (c) => c.notNull())
    .addColumn('size', ms, (c) => c.notNull())
    .addColumn('analysed_at', ms, (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('reason', 'varchar(64)')
    .addColumn('bytes_classified', ms, (c) => c.notNull())
    .addColumn('detections', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('macie_ad_objects_pk', ['account_id', 'region', 'bucket', 'object_key'])
    .execute();
  await db.schema
    .createTable('macie_ad_usage')
    .addColumn('account_id', 'varchar(12)', (c) => c.notNull())
    .addColumn('region', 'varchar(32)', (c) => c.notNull())
    .addColumn('month', 'varchar(7)', (c) => c.notNull())
    .addColumn('bytes', ms, (c) => c.notNull())
    .addColumn('objects', ms, (c) => c.notNull())
    .addColumn('monitored_objects', ms, (c) => c.notNull())
    .addPrimaryKeyConstraint('macie_ad_usage_pk', ['account_id', 'region', 'month'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['macie_ad_usage', 'macie_ad_objects', 'macie_ad_buckets', 'macie_ad_units', 'macie_ad_run_buckets', 'macie_ad_runs', 'macie_ad_accounts', 'macie_ad_templates', 'macie_ad_scopes', 'macie_ad_config']) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
