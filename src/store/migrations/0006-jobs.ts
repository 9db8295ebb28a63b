// Classification jobs: jobs, runs, run buckets, work units (the checkpoint), the job event outbox and usage.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const ms = 'bigint';
  const isPg = db.getExecutor().adapter.constructor.name === 'PostgresAdapter';
  await db.schema
    .createTable('macie_jobs')
    .addColumn('job_id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('account_id', 'varchar(12)', (c) => c.notNull())
    .addColumn('region', 'varchar(32)', (c) => c.notNull())
    .addColumn('name', 'varchar(500)', (c) => c.notNull())
    .addColumn('client_token', 'varchar(256)', (c) => c.notNull())
    .addColumn('job_type', 'varchar(16)', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('definition', 'text', (c) => c.notNull())
    .addColumn('tags', 'text', (c) => c.notNull())
    .addColumn('created_at', ms, (c) => c.notNull())
    .addColumn('updated_at', ms, (c) => c.notNull())
    .addColumn('last_run_time', ms)
    .addColumn('last_run_error', 'integer', (c) => c.notNull())
    .addColumn('paused_at', ms)
    .addColumn('next_run_at', ms)
    .addColumn('number_of_runs', 'integer', (c) => c.notNull())
    .addColumn('current_run_id', 'varchar(80)')
    .execute();
  await db.schema.createIndex('macie_jobs_account').on('macie_jobs').columns(['account_id', 'region', 'created_at']).execute();
  await db.schema.createIndex('macie_jobs_token').on('macie_jobs').columns(['account_id', 'region', 'client_token']).execute();
  await db.schema.createIndex('macie_jobs_status').on('macie_jobs').columns(['status', 'next_run_at']).execute();

  await db.schema
    .createTable('macie_job_runs')
    .addColumn('run_id', 'varchar(80)', (c) => c.primaryKey())
    .addColumn('job_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('run_number', 'integer', (c) => c.notNull())
    .addColumn('run_date', ms, (c) => c.notNull())
    .addColumn('since_ms', ms)
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('resolved', 'integer', (c) => c.notNull())
    .addColumn('error', 'integer', (c) => c.notNull())
    .addColumn('finished_at', ms)
    .execute();
  await db.schema.createIndex('macie_job_runs_job').on('macie_job_runs').columns(['job_id', 'run_number']).execute();
  await db.schema.createIndex('macie_job_runs_status').on('macie_job_runs').columns(['status']).execute();

  await db.schema
    .createTable('macie_job_run_buckets')
    .addColumn('run_id', 'varchar(80)', (c) => c.notNull())
    .addColumn('account_id', 'varchar(12)', (c) => c.notNull())
    .addColumn('bucket', 'varchar(255)', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('units', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('macie_job_run_buckets_pk', ['run_id', 'account_id', 'bucket'])
    .execute();

  await db.schema
    .createTable('macie_job_units')
    .addColumn('unit_id', 'varchar(400)', (c) => c.primaryKey())
    .addColumn('run_id', 'varchar(80)', (c) => c.notNull())
    .addColumn('job_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('account_id', 'varchar(12)', (c) => c.notNull())
    .addColumn('bucket', 'varchar(255)', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('objects', 'text', (c) => c.notNull())
    .addColumn('object_count', 'integer', (c) => c.notNull())
    .addColumn('bytes', ms, (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('scanned_objects', 'integer', (c) => c.notNull())
    .addColumn('scanned_bytes', ms, (c) => c.notNull())
    .addColumn('findings', 'integer', (c) => c.notNull())
    .addColumn('done_at', ms)
    .execute();
  await db.schema.createIndex('macie_job_units_run').on('macie_job_units').columns(['run_id', 'status']).execute();

  await db.schema
    .createTable('macie_job_events')
    .addColumn('seq', isPg ? 'bigserial' : 'integer', (c) => (isPg ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('job_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('account_id', 'varchar(12)', (c) => c.notNull())
    .addColumn('region', 'varchar(32)', (c) => c.notNull())
    .addColumn('occurred_at', ms, (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('published', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('macie_job_events_pending').on('macie_job_events').columns(['published', 'seq']).execute();
  await db.schema.createIndex('macie_job_events_job').on('macie_job_events').columns(['job_id', 'seq']).execute();

  await db.schema
    .createTable('macie_job_usage')
    .addColumn('account_id', 'varchar(12)', (c) => c.notNull())
    .addColumn('region', 'varchar(32)', (c) => c.notNull())
    .addColumn('month', 'varchar(7)', (c) => c.notNull())
    .addColumn('bytes', ms, (c) => c.notNull())
    .addPrimaryKeyConstraint('macie_job_usage_pk', ['account_id', 'region', 'month'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['macie_job_usage', 'macie_job_events', 'macie_job_units', 'macie_job_run_buckets', 'macie_job_runs', 'macie_jobs']) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
