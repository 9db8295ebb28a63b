// Log ingestion on PostgreSQL (issue 18): appends to different streams of one group no longer queue on the group's
// row lock for their sequence numbers. Each batch takes one block of SEQ_BLOCK numbers from this sequence (one
// `nextval`, no row lock); the group's `next_seq` stays for SQLite. Readers keep their ordering guarantee through an
// advisory lock (table-store/group-lock.ts). The sequence starts past every number a group has handed out.
// `logs_event_chunk` reads one chunk of a group's events once no append is in flight: it takes the group's advisory
// lock exclusive, then reads (a VOLATILE function's query takes its snapshot when it starts, after the lock), in one
// round trip instead of BEGIN, lock, SELECT and COMMIT.
import { sql, type Kysely } from 'kysely';

const isPostgres = (db: Kysely<any>) => db.getExecutor().adapter.constructor.name === 'PostgresAdapter';

/** 'Logs' in ASCII, table-store/group-lock.ts's LOCK_CLASS (a migration keeps its own copy: it must not change). */
const LOCK_CLASS = 0x4c6f6773;

/** Sequence numbers per block: PutLogEvents carries at most 10,000 events. */
const SEQ_BLOCK = 10_000;

export async function up(db: Kysely<any>): Promise<void> {
  if (!isPostgres(db)) return;
  const row = await sql<{ top: string }>`select coalesce(max(next_seq), 0) as top from logs_event_groups`.execute(db);
  const start = Number(row.rows[0]?.top ?? 0);
  await sql`create sequence logs_event_seq as bigint increment by ${sql.lit(SEQ_BLOCK)} minvalue 0 start with ${sql.lit(start)}`.execute(db);
  // Same lock key as table-store/group-lock.ts (LOCK_CLASS 'Logs', gid folded to 31 bits). stream_ids: null for every
  // stream of the group. One static query per direction and stream filter, so each keeps its index plan.
  await sql`create function logs_event_chunk(g bigint, stream_ids bigint[], forward boolean, from_ts bigint, from_seq bigint, min_ts bigint, max_ts bigint, n integer)
    returns table (seq bigint, stream_id bigint, ts bigint, ingestion_time bigint, bytes integer, message bytea)
    language plpgsql volatile as $fn$
    begin
      perform pg_advisory_xact_lock(${sql.lit(LOCK_CLASS)}, (g % 2147483648)::int);
      if stream_ids is null then
        if forward then
          return query select e.seq, e.stream_id, e.ts, e.ingestion_time, e.bytes, e.message from logs_event_rows e
            where e.gid = g and e.ts >= min_ts and e.ts <= max_ts and (e.ts > from_ts or (e.ts = from_ts and e.seq > from_seq))
            order by e.ts asc, e.seq asc limit n;
        else
          return query select e.seq, e.stream_id, e.ts, e.ingestion_time, e.bytes, e.message from logs_event_rows e
            where e.gid = g and e.ts >= min_ts and e.ts <= max_ts and (e.ts < from_ts or (e.ts = from_ts and e.seq < from_seq))
            order by e.ts desc, e.seq desc limit n;
        end if;
      elsif cardinality(stream_ids) = 1 then
        if forward then
          return query select e.seq, e.stream_id, e.ts, e.ingestion_time, e.bytes, e.message from logs_event_rows e
            where e.gid = g and e.stream_id = stream_ids[1] and e.ts >= min_ts and e.ts <= max_ts and (e.ts > from_ts or (e.ts = from_ts and e.seq > from_seq))
            order by e.ts asc, e.seq asc limit n;
        else
          return query select e.seq, e.stream_id, e.ts, e.ingestion_time, e.bytes, e.message from logs_event_rows e
            where e.gid = g and e.stream_id = stream_ids[1] and e.ts >= min_ts and e.ts <= max_ts and (e.ts < from_ts or (e.ts = from_ts and e.seq < from_seq))
            order by e.ts desc, e.seq desc limit n;
        end if;
      elsif forward then
        return query select e.seq, e.stream_id, e.ts, e.ingestion_time, e.bytes, e.message from logs_event_rows e
          where e.gid = g and e.stream_id = any(stream_ids) and e.ts >= min_ts and e.ts <= max_ts and (e.ts > from_ts or (e.ts = from_ts and e.seq > from_seq))
          order by e.ts asc, e.seq asc limit n;
      else
        return query select e.seq, e.stream_id, e.ts, e.ingestion_time, e.bytes, e.message from logs_event_rows e
          where e.gid = g and e.stream_id = any(stream_ids) and e.ts >= min_ts and e.ts <= max_ts and (e.ts < from_ts or (e.ts = from_ts and e.seq < from_seq))
          order by e.ts desc, e.seq desc limit n;
      end if;
    end
    $fn$`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!isPostgres(db)) return;
  // Groups number on from past every block handed out.
  await sql`update logs_event_groups set next_seq = greatest(next_seq, (select last_value + ${sql.lit(SEQ_BLOCK)} from logs_event_seq))`.execute(db);
  await sql`drop function logs_event_chunk`.execute(db);
  await sql`drop sequence logs_event_seq`.execute(db);
}
