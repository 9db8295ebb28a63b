// IAM beyond inline policies: tags of users and roles (aws:PrincipalTag), permissions boundaries, customer managed
// policies and their attachments, virtual MFA devices, access key status changes and last use, and what an STS
// session carries besides its inline policy (managed session policies, MFA, session tags).
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const ms = 'bigint';
  await db.schema
    .createTable('iam_tags')
    .addColumn('account_id', 'varchar(12)', (c) => c.notNull())
    .addColumn('entity_kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('entity_name', 'varchar(128)', (c) => c.notNull())
    .addColumn('tag_key', 'varchar(128)', (c) => c.notNull())
    .addColumn('tag_value', 'varchar(256)', (c) => c.notNull())
    .addPrimaryKeyConstraint('iam_tags_pk', ['account_id', 'entity_kind', 'entity_name', 'tag_key'])
    .execute();
  await db.schema.alterTable('iam_users').addColumn('permissions_boundary', 'varchar(2048)').execute();
  await db.schema.alterTable('iam_roles').addColumn('permissions_boundary', 'varchar(2048)').execute();
  await db.schema
    .createTable('iam_managed_policies')
    .addColumn('account_id', 'varchar(12)', (c) => c.notNull())
    .addColumn('policy_name', 'varchar(128)', (c) => c.notNull())
    .addColumn('policy_id', 'varchar(128)', (c) => c.notNull())
    .addColumn('arn', 'varchar(2048)', (c) => c.notNull().unique())
    .addColumn('path', 'varchar(512)', (c) => c.notNull())
    .addColumn('description', 'varchar(1000)')
    .addColumn('document', 'text', (c) => c.notNull())
    .addColumn('created_at', ms, (c) => c.notNull())
    .addColumn('updated_at', ms, (c) => c.notNull())
    .addPrimaryKeyConstraint('iam_managed_policies_pk', ['account_id', 'policy_name'])
    .execute();
  await db.schema
    .createTable('iam_policy_attachments')
    .addColumn('account_id', 'varchar(12)', (c) => c.notNull())
    .addColumn('principal_kind', 'varchar(8)', (c) => c.notNull())
    .addColumn('principal_name', 'varchar(128)', (c) => c.notNull())
    .addColumn('policy_arn', 'varchar(2048)', (c) => c.notNull())
    .addPrimaryKeyConstraint('iam_policy_attachments_pk', ['account_id', 'principal_kind', 'principal_name', 'policy_arn'])
    .execute();
  await db.schema
    .createTable('iam_mfa_devices')
    .addColumn('serial_number', 'varchar(256)', (c) => c.primaryKey())
    .addColumn('account_id', 'varchar(12)', (c) => c.notNull())
    .addColumn('device_name', 'varchar(256)', (c) => c.notNull())
    .addColumn('path', 'varchar(512)', (c) => c.notNull())
    .addColumn('seed', 'varchar(128)', (c) => c.notNull())
    .addColumn('user_name', 'varchar(128)')
    .addColumn('enabled_at', ms)
    .addColumn('last_step', ms)
    .addColumn('created_at', ms, (c) => c.notNull())
    .execute();
  await db.schema.alterTable('access_keys').addColumn('last_used_at', ms).execute();
  await db.schema.alterTable('access_keys').addColumn('last_used_service', 'varchar(64)').execute();
  await db.schema.alterTable('access_keys').addColumn('last_used_region', 'varchar(32)').execute();
  await db.schema.alterTable('sts_sessions').addColumn('policy_arns', 'text').execute();
  await db.schema.alterTable('sts_sessions').addColumn('mfa_at', ms).execute();
  await db.schema.alterTable('sts_sessions').addColumn('session_tags', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['iam_mfa_devices', 'iam_policy_attachments', 'iam_managed_policies', 'iam_tags']) await db.schema.dropTable(t).execute();
}
