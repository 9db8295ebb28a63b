// KMS keys (their material sealed under the master key) and aliases.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const ms = 'bigint';
  await db.schema
    .createTable('kms_keys')
    .addColumn('key_id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('account_id', 'varchar(12)', (c) => c.notNull())
    .addColumn('region', 'varchar(32)', (c) => c.notNull())
    .addColumn('arn', 'varchar(256)', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    /** CUSTOMER or AWS (an AWS managed key such as aws/s3). */
    .addColumn('manager', 'varchar(16)', (c) => c.notNull())
    /** Enabled, Disabled or PendingDeletion. */
    .addColumn('state', 'varchar(32)', (c) => c.notNull())
    .addColumn('created_at', ms, (c) => c.notNull())
    /** When a key pending deletion is deleted (epoch ms), else null. */
    .addColumn('deletion_at', ms)
    .addColumn('pending_window_days', 'integer')
    .addColumn('policy', 'text', (c) => c.notNull())
    /** The 256-bit key material, sealed under a key derived from the master key and bound to the key's ARN. */
    .addColumn('material', 'text', (c) => c.notNull())
    /** JSON list of {TagKey, TagValue}. */
    .addColumn('tags', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('kms_keys_account').on('kms_keys').columns(['account_id', 'region']).execute();
  await db.schema
    .createTable('kms_aliases')
    .addColumn('account_id', 'varchar(12)', (c) => c.notNull())
    .addColumn('region', 'varchar(32)', (c) => c.notNull())
    .addColumn('alias_name', 'varchar(256)', (c) => c.notNull())
    .addColumn('key_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('created_at', ms, (c) => c.notNull())
    .addColumn('updated_at', ms, (c) => c.notNull())
    .addPrimaryKeyConstraint('kms_aliases_pk', ['account_id', 'region', 'alias_name'])
    .execute();
  // MFA seeds are now sealed under the master key, which makes them longer than the 128 characters of 0007.
  if (db.getExecutor().adapter.constructor.name === 'PostgresAdapter') {
    await db.schema.alterTable('iam_mfa_devices').alterColumn('seed', (c) => c.setDataType('text')).execute();
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('kms_aliases').execute();
  await db.schema.dropTable('kms_keys').execute();
}
