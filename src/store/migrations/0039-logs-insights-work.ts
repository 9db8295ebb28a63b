// Logs Insights queries as queue work units (issue 18): the worker that holds a running query and until when (its
// lease, renewed by the worker's heartbeat; a worker killed with -9 stops renewing and the query is taken over), how
// many times a worker has taken it, and when it first began to run (the 60-minute timeout counts from there, across
// retries). The index serves the sweep that finds queries whose worker died.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('logs_insights_queries').addColumn('worker', 'varchar(128)').execute();
  await db.schema.alterTable('logs_insights_queries').addColumn('lease_expires_at', 'bigint').execute();
  await db.schema.alterTable('logs_insights_queries').addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('logs_insights_queries').addColumn('run_started_at', 'bigint').execute();
  await db.schema.createIndex('logs_insights_queries_status').on('logs_insights_queries').columns(['status', 'lease_expires_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('logs_insights_queries_status').execute();
  await db.schema.alterTable('logs_insights_queries').dropColumn('run_started_at').execute();
  await db.schema.alterTable('logs_insights_queries').dropColumn('attempts').execute();
  await db.schema.alterTable('logs_insights_queries').dropColumn('lease_expires_at').execute();
  await db.schema.alterTable('logs_insights_queries').dropColumn('worker').execute();
}
