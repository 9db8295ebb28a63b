// AWS Organizations' tree and tags: organizational units under the root (nested up to five levels), each member
// account's parent (NULL: the root), and the tags on accounts, the root and OUs.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const ms = 'bigint';
  await db.schema
    .createTable('org_units')
    .addColumn('ou_id', 'varchar(68)', (c) => c.primaryKey())
    .addColumn('org_id', 'varchar(34)', (c) => c.notNull())
    /** The root's id or another OU's. */
    .addColumn('parent_id', 'varchar(68)', (c) => c.notNull())
    .addColumn('name', 'varchar(128)', (c) => c.notNull())
    .addColumn('created_at', ms, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('org_units_parent').on('org_units').columns(['org_id', 'parent_id', 'name']).execute();
  await db.schema.alterTable('org_accounts').addColumn('parent_id', 'varchar(68)').execute();
  await db.schema
    .createTable('org_tags')
    .addColumn('org_id', 'varchar(34)', (c) => c.notNull())
    .addColumn('resource_id', 'varchar(130)', (c) => c.notNull())
    .addColumn('tag_key', 'varchar(128)', (c) => c.notNull())
    .addColumn('tag_value', 'varchar(256)', (c) => c.notNull())
    .addPrimaryKeyConstraint('org_tags_pk', ['org_id', 'resource_id', 'tag_key'])
    .execute();
}
