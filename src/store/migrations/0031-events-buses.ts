// EventBridge custom event buses (issue 17). The default bus of each account and Region has no row: it always exists.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('events_buses')
    .addColumn('arn', 'varchar(400)', (c) => c.primaryKey())
    .addColumn('account_id', 'varchar(12)', (c) => c.notNull())
    .addColumn('region', 'varchar(32)', (c) => c.notNull())
    .addColumn('name', 'varchar(256)', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('events_buses_name', ['account_id', 'region', 'name'])
    .execute();
  // Resource policies of buses (the default bus's too), by bus ARN: PutPermission / RemovePermission.
  await db.schema
    .createTable('events_bus_policies')
    .addColumn('bus_arn', 'varchar(400)', (c) => c.primaryKey())
    .addColumn('account_id', 'varchar(12)', (c) => c.notNull())
    .addColumn('policy', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('events_bus_policies').execute();
  await db.schema.dropTable('events_buses').execute();
}
