// Logs reads on PostgreSQL (issue 18): a chunk of a group's events as two text values instead of a row per event.
// With a row per event the driver parsed six text fields per event (five numbers and the message's bytea as hex,
// twice its bytes) and built an object for it; on a loaded VM the reader's CPU follows the bytes it reads.
// `logs_event_chunk_packed` reads the same rows as `logs_event_chunk` (migration 0040: same lock, same conditions,
// same order) and returns them as `h`, six decimal numbers per event separated by commas (seq, stream id, timestamp,
// ingestion time, bytes, message bytes), and `m`, the messages as UTF-8 text one after another (table-store/packed.ts
// reads them). NULLs when the chunk is empty. A message that cannot be text (a NUL character) makes it fail; the store
// then reads that chunk with `logs_event_chunk`, which stays (also for a server running the previous release).
import { sql, type Kysely } from 'kysely';

const isPostgres = (db: Kysely<any>) => db.getExecutor().adapter.constructor.name === 'PostgresAdapter';

/** 'Logs' in ASCII, table-store/group-lock.ts's LOCK_CLASS (a migration keeps its own copy: it must not change). */
const LOCK_CLASS = 0x4c6f6773;

/** The two aggregates over a chunk's rows `c` (table-store/packed.ts reads them; store.ts has the same text). */
const AGGREGATES = `string_agg(c.h, ','), string_agg(convert_from(c.message, 'UTF8'), '')`;
const HEADER = `concat_ws(',', e.seq, e.stream_id, e.ts, e.ingestion_time, e.bytes, octet_length(e.message)) as h, e.message`;

export async function up(db: Kysely<any>): Promise<void> {
  if (!isPostgres(db)) return;
  // Both aggregates read the sorted, limited subquery in its order (a plain scan feeds them, one row at a time to
  // both); the reader checks the order anyway (packed.ts) and sorts the chunk if it ever were not.
  const select = (streams: string, forward: boolean) =>
    `return query select ${AGGREGATES} from (select ${HEADER} from logs_event_rows e
            where e.gid = g${streams} and ${forward ? '(e.ts, e.seq) > (from_ts, from_seq) and e.ts <= max_ts' : '(e.ts, e.seq) < (from_ts, from_seq) and e.ts >= min_ts'}
            order by e.ts ${forward ? 'asc' : 'desc'}, e.seq ${forward ? 'asc' : 'desc'} limit n) c;`;
  await sql
    .raw(
      `create or replace function logs_event_chunk_packed(g bigint, stream_ids bigint[], forward boolean, from_ts bigint, from_seq bigint, min_ts bigint, max_ts bigint, n integer)
    returns table (h text, m text)
    language plpgsql volatile as $fn$
    begin
      perform pg_advisory_xact_lock(${LOCK_CLASS}, (g % 2147483648)::int);
      if forward and from_ts < min_ts then from_ts := min_ts; from_seq := -1; end if;
      if not forward and from_ts > max_ts then from_ts := max_ts; from_seq := 9223372036854775807; end if;
      if stream_ids is null then
        if forward then
          ${select('', true)}
        else
          ${select('', false)}
        end if;
      elsif cardinality(stream_ids) = 1 then
        if forward then
          ${select(' and e.stream_id = stream_ids[1]', true)}
        else
          ${select(' and e.stream_id = stream_ids[1]', false)}
        end if;
      elsif forward then
        ${select(' and e.stream_id = any(stream_ids)', true)}
      else
        ${select(' and e.stream_id = any(stream_ids)', false)}
      end if;
    end
    $fn$`,
    )
    .execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!isPostgres(db)) return;
  await sql`drop function if exists logs_event_chunk_packed(bigint, bigint[], boolean, bigint, bigint, bigint, bigint, integer)`.execute(db);
}
