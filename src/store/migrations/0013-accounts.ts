// Accounts beyond the first: each account's profile and state (closed, isolated), its opted-out regions, AWS
// Organizations (organizations, member accounts, create-account requests, handshakes, trusted service access,
// delegated administrators), and Macie's administrator/member relationships and invitations.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const ms = 'bigint';
  await db.schema
    .createTable('account_profiles')
    .addColumn('account_id', 'varchar(12)', (c) => c.primaryKey())
    .addColumn('name', 'varchar(50)', (c) => c.notNull())
    .addColumn('email', 'varchar(64)', (c) => c.notNull())
    /** ACTIVE | SUSPENDED (closed, within the 90-day post-closure period) */
    .addColumn('state', 'varchar(16)', (c) => c.notNull())
    /** 1 while an operator has isolated the account (`sift accounts isolate`). */
    .addColumn('isolated', 'integer', (c) => c.notNull())
    .addColumn('created_at', ms, (c) => c.notNull())
    .addColumn('closed_at', ms)
    .execute();
  await db.schema.createIndex('account_profiles_email').on('account_profiles').column('email').execute();
  await db.schema
    .createTable('account_regions')
    .addColumn('account_id', 'varchar(12)', (c) => c.notNull())
    .addColumn('region', 'varchar(32)', (c) => c.notNull())
    /** DISABLED (only regions turned off are kept; every other region is ENABLED_BY_DEFAULT) */
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addPrimaryKeyConstraint('account_regions_pk', ['account_id', 'region'])
    .execute();
  await db.schema
    .createTable('org_organizations')
    .addColumn('org_id', 'varchar(34)', (c) => c.primaryKey())
    .addColumn('management_account_id', 'varchar(12)', (c) => c.notNull().unique())
    .addColumn('feature_set', 'varchar(16)', (c) => c.notNull())
    .addColumn('root_id', 'varchar(34)', (c) => c.notNull())
    .addColumn('created_at', ms, (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('org_accounts')
    .addColumn('account_id', 'varchar(12)', (c) => c.primaryKey())
    .addColumn('org_id', 'varchar(34)', (c) => c.notNull())
    /** INVITED | CREATED */
    .addColumn('joined_method', 'varchar(8)', (c) => c.notNull())
    .addColumn('joined_at', ms, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('org_accounts_org').on('org_accounts').columns(['org_id', 'account_id']).execute();
  await db.schema
    .createTable('org_create_account_requests')
    .addColumn('request_id', 'varchar(40)', (c) => c.primaryKey())
    .addColumn('org_id', 'varchar(34)', (c) => c.notNull())
    .addColumn('account_name', 'varchar(50)', (c) => c.notNull())
    .addColumn('state', 'varchar(16)', (c) => c.notNull())
    .addColumn('account_id', 'varchar(12)')
    .addColumn('failure_reason', 'varchar(64)')
    .addColumn('requested_at', ms, (c) => c.notNull())
    .addColumn('completed_at', ms)
    .execute();
  await db.schema
    .createTable('org_handshakes')
    .addColumn('handshake_id', 'varchar(40)', (c) => c.primaryKey())
    .addColumn('org_id', 'varchar(34)', (c) => c.notNull())
    .addColumn('target_account_id', 'varchar(12)', (c) => c.notNull())
    /** OPEN | ACCEPTED | DECLINED | CANCELED | EXPIRED */
    .addColumn('state', 'varchar(16)', (c) => c.notNull())
    .addColumn('notes', 'text')
    .addColumn('requested_at', ms, (c) => c.notNull())
    .addColumn('expires_at', ms, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('org_handshakes_target').on('org_handshakes').columns(['target_account_id', 'requested_at']).execute();
  await db.schema
    .createTable('org_service_access')
    .addColumn('org_id', 'varchar(34)', (c) => c.notNull())
    .addColumn('service_principal', 'varchar(128)', (c) => c.notNull())
    .addColumn('enabled_at', ms, (c) => c.notNull())
    .addPrimaryKeyConstraint('org_service_access_pk', ['org_id', 'service_principal'])
    .execute();
  await db.schema
    .createTable('org_delegated_admins')
    .addColumn('org_id', 'varchar(34)', (c) => c.notNull())
    .addColumn('account_id', 'varchar(12)', (c) => c.notNull())
    .addColumn('service_principal', 'varchar(128)', (c) => c.notNull())
    .addColumn('enabled_at', ms, (c) => c.notNull())
    .addPrimaryKeyConstraint('org_delegated_admins_pk', ['org_id', 'account_id', 'service_principal'])
    .execute();
  await db.schema
    .createTable('macie_members')
    .addColumn('admin_account_id', 'varchar(12)', (c) => c.notNull())
    .addColumn('region', 'varchar(32)', (c) => c.notNull())
    .addColumn('account_id', 'varchar(12)', (c) => c.notNull())
    .addColumn('email', 'varchar(64)', (c) => c.notNull())
    /** Macie's RelationshipStatus */
    .addColumn('relationship_status', 'varchar(24)', (c) => c.notNull())
    /** ORGANIZATION (added through AWS Organizations) | INVITATION */
    .addColumn('origin', 'varchar(16)', (c) => c.notNull())
    .addColumn('invited_at', ms)
    /** The invitation the member accepted (invitation model), for GetAdministratorAccount. */
    .addColumn('invitation_id', 'varchar(40)')
    .addColumn('updated_at', ms, (c) => c.notNull())
    /** JSON TagMap */
    .addColumn('tags', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('macie_members_pk', ['admin_account_id', 'region', 'account_id'])
    .execute();
  await db.schema.createIndex('macie_members_member').on('macie_members').columns(['account_id', 'region']).execute();
  await db.schema
    .createTable('macie_invitations')
    .addColumn('invitation_id', 'varchar(40)', (c) => c.primaryKey())
    .addColumn('admin_account_id', 'varchar(12)', (c) => c.notNull())
    .addColumn('account_id', 'varchar(12)', (c) => c.notNull())
    .addColumn('region', 'varchar(32)', (c) => c.notNull())
    .addColumn('invited_at', ms, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('macie_invitations_invitee').on('macie_invitations').columns(['account_id', 'region']).execute();
  await db.schema
    .createTable('macie_org_admins')
    .addColumn('org_id', 'varchar(34)', (c) => c.notNull())
    .addColumn('region', 'varchar(32)', (c) => c.notNull())
    .addColumn('admin_account_id', 'varchar(12)', (c) => c.notNull())
    /** ENABLED | DISABLING_IN_PROGRESS */
    .addColumn('status', 'varchar(24)', (c) => c.notNull())
    .addPrimaryKeyConstraint('macie_org_admins_pk', ['org_id', 'region'])
    .execute();
  await db.schema
    .createTable('macie_org_config')
    .addColumn('admin_account_id', 'varchar(12)', (c) => c.notNull())
    .addColumn('region', 'varchar(32)', (c) => c.notNull())
    .addColumn('auto_enable', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('macie_org_config_pk', ['admin_account_id', 'region'])
    .execute();
  // A finding of an administrator's job applies to the member that owns the bucket, but is listed by the administrator.
  await db.schema.alterTable('macie_findings').addColumn('resource_account_id', 'varchar(12)').execute();
  await db.updateTable('macie_findings').set((eb: any) => ({ resource_account_id: eb.ref('account_id') })).execute();
  // An administrator lists one member's findings (accountId criterion) newest first.
  await db.schema.createIndex('macie_findings_resource_account').on('macie_findings').columns(['account_id', 'region', 'resource_account_id', 'updated_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('macie_findings_resource_account').ifExists().execute();
  await db.schema.alterTable('macie_findings').dropColumn('resource_account_id').execute();
  for (const t of [
    'macie_org_config', 'macie_org_admins', 'macie_invitations', 'macie_members', 'org_delegated_admins', 'org_service_access', 'org_handshakes',
    'org_create_account_requests', 'org_accounts', 'org_organizations', 'account_regions', 'account_profiles',
  ]) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
