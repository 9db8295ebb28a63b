// IAM instance profiles (issue 15): one row per profile with the one role it may hold; and the deletion tasks of
// service-linked roles. Their tags, like those of
// users, roles and managed policies, are rows of iam_tags (entity kinds 'instance-profile' and 'policy').
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('iam_instance_profiles')
    .addColumn('account_id', 'varchar(12)', (c) => c.notNull())
    .addColumn('profile_name', 'varchar(128)', (c) => c.notNull())
    .addColumn('profile_id', 'varchar(32)', (c) => c.notNull())
    .addColumn('path', 'varchar(512)', (c) => c.notNull())
    .addColumn('arn', 'varchar(2048)', (c) => c.notNull())
    /** The role in the profile (IAM allows at most one), by name. */
    .addColumn('role_name', 'varchar(64)')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('iam_instance_profiles_pk', ['account_id', 'profile_name'])
    .execute();
  await db.schema.createIndex('iam_instance_profiles_role').on('iam_instance_profiles').columns(['account_id', 'role_name']).execute();
  // 'instance-profile' is 16 characters, the width of entity_kind.
  // DeleteServiceLinkedRole's tasks, read back by GetServiceLinkedRoleDeletionStatus.
  await db.schema
    .createTable('iam_slr_deletion_tasks')
    .addColumn('task_id', 'varchar(512)', (c) => c.primaryKey())
    .addColumn('account_id', 'varchar(12)', (c) => c.notNull())
    /** SUCCEEDED | FAILED */
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.deleteFrom('iam_tags').where('entity_kind', 'in', ['instance-profile', 'policy']).execute();
  await db.schema.dropTable('iam_slr_deletion_tasks').execute();
  await db.schema.dropTable('iam_instance_profiles').execute();
}
