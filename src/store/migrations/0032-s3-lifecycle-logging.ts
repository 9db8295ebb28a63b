// S3 lifecycle and server access logging (issue 15, item 5): the bucket's LifecycleConfiguration and
// BucketLoggingStatus (JSON), and the access log records taken off the request path and waiting for delivery into
// their target bucket (services/s3/access-log/).
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('s3_buckets').addColumn('lifecycle', 'text').execute();
  await db.schema.alterTable('s3_buckets').addColumn('logging', 'text').execute();
  await db.schema
    .createTable('s3_access_log_records')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('source_bucket', 'varchar(63)', (c) => c.notNull())
    .addColumn('source_account', 'varchar(12)', (c) => c.notNull())
    .addColumn('source_region', 'varchar(32)', (c) => c.notNull())
    .addColumn('target_bucket', 'varchar(63)', (c) => c.notNull())
    .addColumn('target_prefix', 'varchar(1024)', (c) => c.notNull())
    .addColumn('key_format', 'varchar(32)', (c) => c.notNull())
    .addColumn('event_ms', 'bigint', (c) => c.notNull())
    .addColumn('line', 'text', (c) => c.notNull())
    .addColumn('delivery', 'varchar(64)')
    .execute();
  await db.schema.createIndex('s3_access_log_records_delivery').on('s3_access_log_records').columns(['delivery', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('s3_access_log_records').execute();
  await db.schema.alterTable('s3_buckets').dropColumn('logging').execute();
  await db.schema.alterTable('s3_buckets').dropColumn('lifecycle').execute();
}
