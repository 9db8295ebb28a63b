// S3 versioning, object lock and restores (issue 15). s3_objects keeps the latest version of each key when it is an
// object; every other version (older ones, and delete markers) lives in s3_object_versions with the same columns.
// `seq` orders a key's versions (newest first is seq descending); a version id of NULL in s3_objects is S3's
// "null" version, written as 'null' in s3_object_versions where it is part of the key.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const isPg = db.getExecutor().adapter.constructor.name === 'PostgresAdapter';
  const keyType = isPg ? sql`varchar(1024) collate "C"` : sql`varchar(1024)`;
  const nameType = isPg ? sql`varchar(63) collate "C"` : sql`varchar(63)`;
  await db.schema.alterTable('s3_buckets').addColumn('object_lock', 'text').execute();
  for (const [name, type] of [
    ['version_id', 'varchar(64)'],
    ['seq', 'bigint'],
    ['lock_mode', 'varchar(16)'],
    ['lock_until', 'bigint'],
    ['legal_hold', 'integer'],
    ['restore_ready_at', 'bigint'],
    ['restore_expires_at', 'bigint'],
  ] as const) {
    await db.schema.alterTable('s3_objects').addColumn(name, type).execute();
  }
  for (const [name, type] of [
    ['lock_mode', 'varchar(16)'],
    ['lock_until', 'bigint'],
    ['legal_hold', 'integer'],
  ] as const) {
    await db.schema.alterTable('s3_uploads').addColumn(name, type).execute();
  }
  await db.schema
    .createTable('s3_object_versions')
    .addColumn('bucket', nameType, (c) => c.notNull())
    .addColumn('key', keyType, (c) => c.notNull())
    .addColumn('version_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addColumn('is_delete_marker', 'integer', (c) => c.notNull())
    .addColumn('is_latest', 'integer', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('etag', 'varchar(80)', (c) => c.notNull())
    .addColumn('last_modified', 'bigint', (c) => c.notNull())
    .addColumn('storage_class', 'varchar(32)', (c) => c.notNull())
    .addColumn('headers', 'text', (c) => c.notNull())
    .addColumn('tags', 'text')
    .addColumn('encryption', 'text')
    .addColumn('acl', 'varchar(32)', (c) => c.notNull())
    .addColumn('segments', 'text', (c) => c.notNull())
    .addColumn('parts_count', 'integer')
    .addColumn('checksums', 'text')
    .addColumn('lock_mode', 'varchar(16)')
    .addColumn('lock_until', 'bigint')
    .addColumn('legal_hold', 'integer')
    .addColumn('restore_ready_at', 'bigint')
    .addColumn('restore_expires_at', 'bigint')
    .addPrimaryKeyConstraint('s3_object_versions_pk', ['bucket', 'key', 'version_id'])
    .execute();
  // Completed multipart uploads, so that a repeated CompleteMultipartUpload answers 200 with the same ETag.
  await db.schema
    .createTable('s3_completed_uploads')
    .addColumn('upload_id', 'varchar(128)', (c) => c.primaryKey())
    .addColumn('bucket', nameType, (c) => c.notNull())
    .addColumn('key', keyType, (c) => c.notNull())
    .addColumn('etag', 'varchar(80)', (c) => c.notNull())
    .addColumn('version_id', 'varchar(64)')
    .addColumn('completed_at', 'bigint', (c) => c.notNull())
    .execute();
  // seq descending: a listing reads each key's versions newest first straight from the index, no sort.
  await db.schema.createIndex('s3_object_versions_order').on('s3_object_versions').columns(['bucket', 'key', 'seq desc']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('s3_object_versions').ifExists().execute();
  await db.schema.dropTable('s3_completed_uploads').ifExists().execute();
  for (const c of ['version_id', 'seq', 'lock_mode', 'lock_until', 'legal_hold', 'restore_ready_at', 'restore_expires_at']) await db.schema.alterTable('s3_objects').dropColumn(c).execute();
  for (const c of ['lock_mode', 'lock_until', 'legal_hold']) await db.schema.alterTable('s3_uploads').dropColumn(c).execute();
  await db.schema.alterTable('s3_buckets').dropColumn('object_lock').execute();
}
