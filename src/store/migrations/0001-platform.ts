// Accounts, IAM, STS sessions, Macie sessions and the audit trail.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const ms = 'bigint';
  await db.schema.createTable('accounts').addColumn('account_id', 'varchar(12)', (c) => c.primaryKey()).addColumn('created_at', ms, (c) => c.notNull()).execute();
  await db.schema
    .createTable('access_keys')
    .addColumn('access_key_id', 'varchar(128)', (c) => c.primaryKey())
    .addColumn('account_id', 'varchar(12)', (c) => c.notNull())
    .addColumn('user_name', 'varchar(128)')
    .addColumn('secret_access_key', 'varchar(128)', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('created_at', ms, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('access_keys_user').on('access_keys').columns(['account_id', 'user_name']).execute();
  await db.schema
    .createTable('sts_sessions')
    .addColumn('access_key_id', 'varchar(128)', (c) => c.primaryKey())
    .addColumn('account_id', 'varchar(12)', (c) => c.notNull())
    .addColumn('secret_access_key', 'varchar(128)', (c) => c.notNull())
    .addColumn('session_token', 'text', (c) => c.notNull())
    .addColumn('role_name', 'varchar(128)', (c) => c.notNull())
    .addColumn('role_id', 'varchar(128)', (c) => c.notNull())
    .addColumn('role_arn', 'varchar(2048)', (c) => c.notNull())
    .addColumn('session_name', 'varchar(64)', (c) => c.notNull())
    .addColumn('session_policy', 'text')
    .addColumn('source_identity_arn', 'varchar(2048)', (c) => c.notNull())
    .addColumn('created_at', ms, (c) => c.notNull())
    .addColumn('expires_at', ms, (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('iam_users')
    .addColumn('account_id', 'varchar(12)', (c) => c.notNull())
    .addColumn('user_name', 'varchar(128)', (c) => c.notNull())
    .addColumn('user_id', 'varchar(128)', (c) => c.notNull())
    .addColumn('path', 'varchar(512)', (c) => c.notNull())
    .addColumn('arn', 'varchar(2048)', (c) => c.notNull())
    .addColumn('created_at', ms, (c) => c.notNull())
    .addPrimaryKeyConstraint('iam_users_pk', ['account_id', 'user_name'])
    .execute();
  await db.schema
    .createTable('iam_roles')
    .addColumn('account_id', 'varchar(12)', (c) => c.notNull())
    .addColumn('role_name', 'varchar(128)', (c) => c.notNull())
    .addColumn('role_id', 'varchar(128)', (c) => c.notNull())
    .addColumn('path', 'varchar(512)', (c) => c.notNull())
    .addColumn('arn', 'varchar(2048)', (c) => c.notNull())
    .addColumn('assume_role_policy', 'text', (c) => c.notNull())
    .addColumn('description', 'varchar(1000)')
    .addColumn('max_session_duration', 'integer', (c) => c.notNull())
    .addColumn('created_at', ms, (c) => c.notNull())
    .addPrimaryKeyConstraint('iam_roles_pk', ['account_id', 'role_name'])
    .execute();
  await db.schema
    .createTable('iam_inline_policies')
    .addColumn('account_id', 'varchar(12)', (c) => c.notNull())
    .addColumn('principal_kind', 'varchar(8)', (c) => c.notNull())
    .addColumn('principal_name', 'varchar(128)', (c) => c.notNull())
    .addColumn('policy_name', 'varchar(128)', (c) => c.notNull())
    .addColumn('document', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('iam_inline_policies_pk', ['account_id', 'principal_kind', 'principal_name', 'policy_name'])
    .execute();
  await db.schema
    .createTable('macie_sessions')
    .addColumn('account_id', 'varchar(12)', (c) => c.notNull())
    .addColumn('region', 'varchar(32)', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('finding_publishing_frequency', 'varchar(32)', (c) => c.notNull())
    .addColumn('created_at', ms, (c) => c.notNull())
    .addColumn('updated_at', ms, (c) => c.notNull())
    .addPrimaryKeyConstraint('macie_sessions_pk', ['account_id', 'region'])
    .execute();
  const isPg = db.getExecutor().adapter.constructor.name === 'PostgresAdapter';
  await db.schema
    .createTable('audit_events')
    .addColumn('seq', isPg ? 'bigserial' : 'integer', (c) => (isPg ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('event_id', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('account_id', 'varchar(12)', (c) => c.notNull())
    .addColumn('region', 'varchar(32)', (c) => c.notNull())
    .addColumn('event_time', ms, (c) => c.notNull())
    .addColumn('event_name', 'varchar(128)', (c) => c.notNull())
    .addColumn('event_source', 'varchar(128)', (c) => c.notNull())
    .addColumn('read_only', 'integer', (c) => c.notNull())
    .addColumn('username', 'varchar(256)')
    .addColumn('access_key_id', 'varchar(128)')
    .addColumn('management', 'integer', (c) => c.notNull())
    .addColumn('record', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('audit_events_lookup').on('audit_events').columns(['account_id', 'region', 'event_time']).execute();
  await db.schema
    .createTable('audit_event_resources')
    .addColumn('event_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('resource_type', 'varchar(128)', (c) => c.notNull())
    .addColumn('resource_name', 'varchar(2048)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('audit_event_resources_event').on('audit_event_resources').column('event_id').execute();
  // LookupEvents by ResourceName / ResourceType starts from the matching resources when they are few.
  await db.schema.createIndex('audit_event_resources_name').on('audit_event_resources').column('resource_name').execute();
  await db.schema.createIndex('audit_event_resources_type').on('audit_event_resources').column('resource_type').execute();
  await db.schema
    .createTable('kv')
    .addColumn('namespace', 'varchar(64)', (c) => c.notNull())
    .addColumn('key', 'varchar(512)', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('kv_pk', ['namespace', 'key'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['kv', 'audit_event_resources', 'audit_events', 'macie_sessions', 'iam_inline_policies', 'iam_roles', 'iam_users', 'sts_sessions', 'access_keys', 'accounts']) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
