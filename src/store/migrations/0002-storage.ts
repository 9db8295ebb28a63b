// The storage part's tables (see schema/storage.ts). Object keys sort bytewise, as S3 lists them: SQLite's default
// BINARY collation does; PostgreSQL needs COLLATE "C".
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const ms = 'bigint';
  const isPg = db.getExecutor().adapter.constructor.name === 'PostgresAdapter';
  const keyType = isPg ? sql`varchar(1024) collate "C"` : sql`varchar(1024)`;
  const nameType = isPg ? sql`varchar(63) collate "C"` : sql`varchar(63)`;
  await db.schema
    .createTable('s3_buckets')
    .addColumn('name', nameType, (c) => c.primaryKey())
    .addColumn('account_id', 'varchar(12)', (c) => c.notNull())
    .addColumn('region', 'varchar(32)', (c) => c.notNull())
    .addColumn('created_at', ms, (c) => c.notNull())
    .addColumn('acl', 'varchar(32)', (c) => c.notNull())
    .addColumn('policy', 'text')
    .addColumn('encryption', 'text')
    .addColumn('public_access_block', 'text')
    .addColumn('versioning', 'varchar(16)')
    .addColumn('tags', 'text')
    .addColumn('object_ownership', 'varchar(32)')
    .execute();
  await db.schema.createIndex('s3_buckets_account').on('s3_buckets').columns(['account_id', 'name']).execute();
  await db.schema
    .createTable('s3_objects')
    .addColumn('bucket', nameType, (c) => c.notNull())
    .addColumn('key', keyType, (c) => c.notNull())
    .addColumn('size', ms, (c) => c.notNull())
    .addColumn('etag', 'varchar(80)', (c) => c.notNull())
    .addColumn('last_modified', ms, (c) => c.notNull())
    .addColumn('storage_class', 'varchar(32)', (c) => c.notNull())
    .addColumn('headers', 'text', (c) => c.notNull())
    .addColumn('tags', 'text')
    .addColumn('encryption', 'text')
    .addColumn('acl', 'varchar(32)', (c) => c.notNull())
    .addColumn('segments', 'text', (c) => c.notNull())
    .addColumn('parts_count', 'integer')
    .addColumn('checksums', 'text')
    .addPrimaryKeyConstraint('s3_objects_pk', ['bucket', 'key'])
    .execute();
  await db.schema
    .createTable('s3_uploads')
    .addColumn('upload_id', 'varchar(128)', (c) => c.primaryKey())
    .addColumn('bucket', nameType, (c) => c.notNull())
    .addColumn('key', keyType, (c) => c.notNull())
    .addColumn('account_id', 'varchar(12)', (c) => c.notNull())
    .addColumn('initiated_at', ms, (c) => c.notNull())
    .addColumn('storage_class', 'varchar(32)', (c) => c.notNull())
    .addColumn('headers', 'text', (c) => c.notNull())
    .addColumn('tags', 'text')
    .addColumn('encryption', 'text')
    .addColumn('acl', 'varchar(32)', (c) => c.notNull())
    .addColumn('checksum_algorithm', 'varchar(16)')
    .execute();
  await db.schema.createIndex('s3_uploads_bucket_key').on('s3_uploads').columns(['bucket', 'key', 'upload_id']).execute();
  await db.schema
    .createTable('s3_parts')
    .addColumn('upload_id', 'varchar(128)', (c) => c.notNull())
    .addColumn('part_number', 'integer', (c) => c.notNull())
    .addColumn('size', ms, (c) => c.notNull())
    .addColumn('etag', 'varchar(80)', (c) => c.notNull())
    .addColumn('last_modified', ms, (c) => c.notNull())
    .addColumn('file', 'varchar(256)', (c) => c.notNull())
    .addColumn('checksum', 'text')
    .addPrimaryKeyConstraint('s3_parts_pk', ['upload_id', 'part_number'])
    .execute();
  await db.schema
    .createTable('storage_bindings')
    .addColumn('account_id', 'varchar(12)', (c) => c.primaryKey())
    .addColumn('endpoint', 'varchar(2048)', (c) => c.notNull())
    .addColumn('region', 'varchar(32)', (c) => c.notNull())
    .addColumn('access_key_id', 'varchar(128)', (c) => c.notNull())
    .addColumn('secret_access_key', 'varchar(256)', (c) => c.notNull())
    .addColumn('session_token', 'text')
    .addColumn('force_path_style', 'integer', (c) => c.notNull())
    .addColumn('created_at', ms, (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['storage_bindings', 's3_parts', 's3_uploads', 's3_objects', 's3_buckets']) await db.schema.dropTable(t).ifExists().execute();
}
