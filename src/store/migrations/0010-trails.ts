// CloudTrail trails, their delivery state (a durable cursor over audit_events and the one delivery in flight), the
// log files they delivered (what the next digest lists) and each region's digest chain.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const ms = 'bigint';
  await db.schema
    .createTable('ct_trails')
    .addColumn('trail_arn', 'varchar(512)', (c) => c.primaryKey())
    .addColumn('account_id', 'varchar(12)', (c) => c.notNull())
    .addColumn('home_region', 'varchar(32)', (c) => c.notNull())
    .addColumn('name', 'varchar(128)', (c) => c.notNull())
    /** JSON of the trail's configuration (bucket, prefix, flags, log group, role, selectors, tags). */
    .addColumn('config', 'text', (c) => c.notNull())
    .addColumn('is_logging', 'integer', (c) => c.notNull())
    .addColumn('created_at', ms, (c) => c.notNull())
    /** JSON of GetTrailStatus' times and errors. */
    .addColumn('status', 'text', (c) => c.notNull())
    /** Last audit_events.seq whose events are in delivered log files (or were not selected). */
    .addColumn('delivered_seq', ms, (c) => c.notNull())
    /** Last audit_events.seq sent to the CloudWatch Logs group. */
    .addColumn('cwl_seq', ms, (c) => c.notNull())
    /** JSON of the delivery in flight (its seq range, time and keys), null when none: redone as is after a crash. */
    .addColumn('intent', 'text')
    .execute();
  await db.schema.createIndex('ct_trails_account').on('ct_trails').columns(['account_id', 'home_region']).execute();
  await db.schema
    .createTable('ct_log_files')
    .addColumn('trail_arn', 'varchar(512)', (c) => c.notNull())
    .addColumn('region', 'varchar(32)', (c) => c.notNull())
    .addColumn('bucket', 'varchar(63)', (c) => c.notNull())
    .addColumn('object_key', 'varchar(1024)', (c) => c.notNull())
    .addColumn('sha256', 'varchar(64)', (c) => c.notNull())
    .addColumn('oldest_event_time', ms, (c) => c.notNull())
    .addColumn('newest_event_time', ms, (c) => c.notNull())
    .addColumn('delivered_at', ms, (c) => c.notNull())
    .addPrimaryKeyConstraint('ct_log_files_pk', ['trail_arn', 'object_key'])
    .execute();
  await db.schema.createIndex('ct_log_files_digest').on('ct_log_files').columns(['trail_arn', 'region', 'delivered_at']).execute();
  await db.schema
    .createTable('ct_digests')
    .addColumn('trail_arn', 'varchar(512)', (c) => c.notNull())
    .addColumn('region', 'varchar(32)', (c) => c.notNull())
    /** End of the last digest (the next one starts here). */
    .addColumn('end_time', ms, (c) => c.notNull())
    /** The last digest's location, hash and signature (the next one links to it); null starts a new chain. */
    .addColumn('bucket', 'varchar(63)')
    .addColumn('object_key', 'varchar(1024)')
    .addColumn('sha256', 'varchar(64)')
    .addColumn('signature', 'text')
    /** End time of the digest being written, null when none: a crash mid-write redoes the same digest. */
    .addColumn('pending_end', ms)
    .addPrimaryKeyConstraint('ct_digests_pk', ['trail_arn', 'region'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['ct_digests', 'ct_log_files', 'ct_trails']) await db.schema.dropTable(t).execute();
}
