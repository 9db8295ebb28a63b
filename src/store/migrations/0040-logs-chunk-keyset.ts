// Logs reads on PostgreSQL (issue 18): `logs_event_chunk` (migration 0038) resumed a walk with
// `ts > from_ts or (ts = from_ts and seq > from_seq)`. PostgreSQL cannot bound an index scan with an OR, so every
// chunk scanned the group's index from `min_ts` up to the cursor and filtered those rows out: paging through a
// group cost time quadratic in its size (a chunk 160,000 events in: 106 ms instead of 0.3 ms). A row comparison
// `(ts, seq) > (from_ts, from_seq)` is an index condition on (gid, ts, seq) and (gid, stream_id, ts, seq), so each
// chunk starts at the cursor. The time bound on the side the walk starts from is folded into the cursor first
// (forward: (ts, seq) > (min_ts, -1) is ts >= min_ts, as sequence numbers are never negative; backward:
// (ts, seq) < (max_ts, max bigint) is ts <= max_ts): with both a scalar bound and a row comparison on ts, PostgreSQL
// starts the scan at the row comparison, which would again scan from the cursor when it lies before the window.
// Same rows, same order, same signature.
import { sql, type Kysely } from 'kysely';

const isPostgres = (db: Kysely<any>) => db.getExecutor().adapter.constructor.name === 'PostgresAdapter';

/** 'Logs' in ASCII, table-store/group-lock.ts's LOCK_CLASS (a migration keeps its own copy: it must not change). */
const LOCK_CLASS = 0x4c6f6773;

/** The function's body with the cursor compared by `after` / `before` (forward / backward). */
function chunkFunction(fold: string, after: string, before: string) {
  const cols = 'e.seq, e.stream_id, e.ts, e.ingestion_time, e.bytes, e.message';
  const select = (streams: string, forward: boolean) =>
    `return query select ${cols} from logs_event_rows e
            where e.gid = g${streams} and ${forward ? after : before}
            order by e.ts ${forward ? 'asc' : 'desc'}, e.seq ${forward ? 'asc' : 'desc'} limit n;`;
  return sql.raw(`create or replace function logs_event_chunk(g bigint, stream_ids bigint[], forward boolean, from_ts bigint, from_seq bigint, min_ts bigint, max_ts bigint, n integer)
    returns table (seq bigint, stream_id bigint, ts bigint, ingestion_time bigint, bytes integer, message bytea)
    language plpgsql volatile as $fn$
    begin
      perform pg_advisory_xact_lock(${LOCK_CLASS}, (g % 2147483648)::int);${fold}
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
    $fn$`);
}

export async function up(db: Kysely<any>): Promise<void> {
  if (!isPostgres(db)) return;
  const fold = `
      if forward and from_ts < min_ts then from_ts := min_ts; from_seq := -1; end if;
      if not forward and from_ts > max_ts then from_ts := max_ts; from_seq := 9223372036854775807; end if;`;
  await chunkFunction(fold, '(e.ts, e.seq) > (from_ts, from_seq) and e.ts <= max_ts', '(e.ts, e.seq) < (from_ts, from_seq) and e.ts >= min_ts').execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!isPostgres(db)) return;
  await chunkFunction(
    '',
    'e.ts >= min_ts and e.ts <= max_ts and (e.ts > from_ts or (e.ts = from_ts and e.seq > from_seq))',
    'e.ts >= min_ts and e.ts <= max_ts and (e.ts < from_ts or (e.ts = from_ts and e.seq < from_seq))',
  ).execute(db);
}
