// Log ingestion on PostgreSQL (issue 18): B-tree deduplication is of no use to the per-stream index of event rows.
// Its keys (gid, stream_id, ts, seq) are never equal (seq is unique within a group), yet each time a leaf page fills
// PostgreSQL first runs a deduplication pass over it, which finds nothing, and then splits the page: ~1,000
// instructions per event appended (callgrind, 7,700-event batches into a 400,000-row table). Turning it off only
// skips that pass; the index and its contents stay as they are. (The primary key (gid, ts, seq) is unique, and
// PostgreSQL already skips the pass there.) SQLite has no such option and keeps its logs in segment files.
import { sql, type Kysely } from 'kysely';

const isPostgres = (db: Kysely<any>) => db.getExecutor().adapter.constructor.name === 'PostgresAdapter';

export async function up(db: Kysely<any>): Promise<void> {
  if (!isPostgres(db)) return;
  await sql`alter index logs_event_rows_stream set (deduplicate_items = off)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!isPostgres(db)) return;
  await sql`alter index logs_event_rows_stream reset (deduplicate_items)`.execute(db);
}
