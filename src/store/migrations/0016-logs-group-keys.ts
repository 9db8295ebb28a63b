// Data keys of KMS-keyed log groups (issue 9 item 4): each association of a KMS key with a log group gets a data key,
// stored only wrapped by that KMS key (encryption context aws:logs:arn = the group's ARN). Events name the data key
// they were sealed with by `key_ref`, so events written under an earlier key stay readable after a change.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const isPg = db.getExecutor().adapter.constructor.name === 'PostgresAdapter';
  const nameType = isPg ? sql`varchar(512) collate "C"` : sql`varchar(512)`;
  await db.schema
    .createTable('logs_group_data_keys')
    .addColumn('account_id', 'varchar(12)', (c) => c.notNull())
    .addColumn('region', 'varchar(32)', (c) => c.notNull())
    .addColumn('group_name', nameType, (c) => c.notNull())
    .addColumn('key_ref', 'integer', (c) => c.notNull())
    .addColumn('kms_key_arn', 'varchar(256)', (c) => c.notNull())
    .addColumn('wrapped_key', 'text', (c) => c.notNull())
    .addColumn('creation_time', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('logs_group_data_keys_pk', ['account_id', 'region', 'group_name', 'key_ref'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('logs_group_data_keys').execute();
}
