// The CloudWatch Logs event store in the database (issue 18): with PostgreSQL every API process reads and writes the
// same events, so several `sift serve --no-workers` can sit behind one balancer. (SQLite keeps the segment files.)
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const isPg = db.getExecutor().adapter.constructor.name === 'PostgresAdapter';
  const serial = (c: any) => (isPg ? c.primaryKey() : c.primaryKey().autoIncrement());
  // One row per log group with events: its sequence counter (taken under the row's lock, so sequence order is
  // commit order within a group) and the next stream id.
  await db.schema
    .createTable('logs_event_groups')
    .addColumn('gid', isPg ? 'bigserial' : 'integer', serial)
    .addColumn('account_id', 'varchar(12)', (c) => c.notNull())
    .addColumn('region', 'varchar(32)', (c) => c.notNull())
    .addColumn('group_name', 'varchar(512)', (c) => c.notNull())
    .addColumn('creation_time', 'bigint', (c) => c.notNull())
    .addColumn('next_seq', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('next_stream_id', 'bigint', (c) => c.notNull().defaultTo(1))
    .addUniqueConstraint('logs_event_groups_name', ['account_id', 'region', 'group_name'])
    .execute();
  // Streams and their statistics, kept in the transaction of each append.
  await db.schema
    .createTable('logs_event_streams')
    .addColumn('gid', 'bigint', (c) => c.notNull())
    .addColumn('stream_id', 'bigint', (c) => c.notNull())
    .addColumn('stream_name', 'varchar(512)', (c) => c.notNull())
    .addColumn('creation_time', 'bigint', (c) => c.notNull())
    .addColumn('event_count', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('stored_bytes', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('first_ts', 'bigint')
    .addColumn('last_ts', 'bigint')
    .addColumn('last_ingestion', 'bigint')
    .addPrimaryKeyConstraint('logs_event_streams_pk', ['gid', 'stream_id'])
    .addUniqueConstraint('logs_event_streams_name', ['gid', 'stream_name'])
    .execute();
  // Events: messages as bytes (a Logs message may hold any Unicode, NUL included, which PostgreSQL text refuses).
  await db.schema
    .createTable('logs_event_rows')
    .addColumn('gid', 'bigint', (c) => c.notNull())
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addColumn('stream_id', 'bigint', (c) => c.notNull())
    .addColumn('ts', 'bigint', (c) => c.notNull())
    .addColumn('ingestion_time', 'bigint', (c) => c.notNull())
    .addColumn('bytes', 'integer', (c) => c.notNull())
    .addColumn('message', isPg ? 'bytea' : 'blob', (c) => c.notNull())
    .addPrimaryKeyConstraint('logs_event_rows_pk', ['gid', 'seq'])
    .execute();
  // GetLogEvents reads one stream in (timestamp, sequence) order; FilterLogEvents, Insights and retention the group.
  await db.schema.createIndex('logs_event_rows_stream').on('logs_event_rows').columns(['gid', 'stream_id', 'ts', 'seq']).execute();
  await db.schema.createIndex('logs_event_rows_time').on('logs_event_rows').columns(['gid', 'ts', 'seq']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('logs_event_rows').execute();
  await db.schema.dropTable('logs_event_streams').execute();
  await db.schema.dropTable('logs_event_groups').execute();
}
