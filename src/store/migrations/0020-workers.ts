// Worker processes (issue 18): leases that make scheduled work fire once across processes, quota reservations that
// make the monthly quota exact under concurrent units, and the worker that completed each unit.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // One row per singleton task (the jobs scheduler, …): who holds it and until when (ms since the epoch).
  await db.schema
    .createTable('sift_leases')
    .addColumn('name', 'varchar(128)', (c) => c.primaryKey())
    .addColumn('holder', 'varchar(128)', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();
  // Bytes held by units being analysed, so that concurrent units never take an account past its quota together.
  await db.schema.alterTable('macie_job_usage').addColumn('reserved', 'bigint', (c) => c.notNull().defaultTo(0)).execute();
  // The reservation a unit holds (released in the transaction that marks it done) and the worker that did it.
  await db.schema.alterTable('macie_job_units').addColumn('reserved_bytes', 'bigint').execute();
  await db.schema.alterTable('macie_job_units').addColumn('reserved_month', 'varchar(7)').execute();
  await db.schema.alterTable('macie_job_units').addColumn('done_by', 'varchar(128)').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('macie_job_units').dropColumn('done_by').execute();
  await db.schema.alterTable('macie_job_units').dropColumn('reserved_month').execute();
  await db.schema.alterTable('macie_job_units').dropColumn('reserved_bytes').execute();
  await db.schema.alterTable('macie_job_usage').dropColumn('reserved').execute();
  await db.schema.dropTable('sift_leases').execute();
}
