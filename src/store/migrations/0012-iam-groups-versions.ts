// IAM groups (with their members; their inline policies and attachments reuse the tables of users and roles, with
// principal kind 'group') and the versions of customer managed policies (the default one is also kept in
// iam_managed_policies.document, so evaluation reads one row).
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const ms = 'bigint';
  await db.schema
    .createTable('iam_groups')
    .addColumn('account_id', 'varchar(12)', (c) => c.notNull())
    .addColumn('group_name', 'varchar(128)', (c) => c.notNull())
    .addColumn('group_id', 'varchar(32)', (c) => c.notNull())
    .addColumn('path', 'varchar(512)', (c) => c.notNull())
    .addColumn('arn', 'varchar(2048)', (c) => c.notNull())
    .addColumn('created_at', ms, (c) => c.notNull())
    .addPrimaryKeyConstraint('iam_groups_pk', ['account_id', 'group_name'])
    .execute();
  await db.schema
    .createTable('iam_group_members')
    .addColumn('account_id', 'varchar(12)', (c) => c.notNull())
    .addColumn('group_name', 'varchar(128)', (c) => c.notNull())
    .addColumn('user_name', 'varchar(128)', (c) => c.notNull())
    .addPrimaryKeyConstraint('iam_group_members_pk', ['account_id', 'group_name', 'user_name'])
    .execute();
  await db.schema.createIndex('iam_group_members_user').on('iam_group_members').columns(['account_id', 'user_name']).execute();
  await db.schema
    .createTable('iam_policy_versions')
    .addColumn('policy_arn', 'varchar(2048)', (c) => c.notNull())
    .addColumn('version_id', 'varchar(16)', (c) => c.notNull())
    .addColumn('document', 'text', (c) => c.notNull())
    .addColumn('created_at', ms, (c) => c.notNull())
    .addPrimaryKeyConstraint('iam_policy_versions_pk', ['policy_arn', 'version_id'])
    .execute();
  await db.schema.alterTable('iam_managed_policies').addColumn('default_version_id', 'varchar(16)', (c) => c.notNull().defaultTo('v1')).execute();
  await db.schema.alterTable('iam_managed_policies').addColumn('next_version', 'integer', (c) => c.notNull().defaultTo(2)).execute();
  // Policies created before versions existed have their one version, v1.
  const existing = await db.selectFrom('iam_managed_policies').select(['arn', 'document', 'created_at']).execute();
  for (const p of existing) await db.insertInto('iam_policy_versions').values({ policy_arn: p.arn, version_id: 'v1', document: p.document, created_at: p.created_at }).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['iam_policy_versions', 'iam_group_members', 'iam_groups']) await db.schema.dropTable(t).execute();
}
