// Log ingestion on PostgreSQL (issue 18): every event row paid for three B-trees, the primary key (gid, seq) and the
// indexes (gid, ts, seq) and (gid, stream_id, ts, seq). No query of the table store looks events up by (gid, seq)
// alone: reads walk (gid, ts, seq) or (gid, stream_id, ts, seq), retention and group deletion take a gid and a
// timestamp range. So the primary key becomes (gid, ts, seq) (still unique: seq is unique within a group) and the
// separate time index goes: one index fewer to write per event. SQLite keeps its logs in segment files and its table
// (tests of the same code) as it was; it cannot change a primary key in place.
import { sql, type Kysely } from 'kysely';

const isPostgres = (db: Kysely<any>) => db.getExecutor().adapter.constructor.name === 'PostgresAdapter';

export async function up(db: Kysely<any>): Promise<void> {
  if (!isPostgres(db)) return;
  await sql`alter table logs_event_rows drop constraint logs_event_rows_pk`.execute(db);
  await sql`alter table logs_event_rows add constraint logs_event_rows_pk primary key (gid, ts, seq)`.execute(db);
  await sql`drop index logs_event_rows_time`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!isPostgres(db)) return;
  await sql`create index logs_event_rows_time on logs_event_rows (gid, ts, seq)`.execute(db);
  await sql`alter table logs_event_rows drop constraint logs_event_rows_pk`.execute(db);
  await sql`alter table logs_event_rows add constraint logs_event_rows_pk primary key (gid, seq)`.execute(db);
}
