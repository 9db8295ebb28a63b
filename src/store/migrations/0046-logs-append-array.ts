// Log ingestion on PostgreSQL (issue 18): the append procedure of migration 0045 with the messages sent as a `bytea[]`
// and the rows taken by position. 0045 received the messages as one bytea plus arrays of offsets and lengths, and
// turned its three arrays into rows with `unnest(ts, offsets, lengths) with ordinality` in FROM: a function scan that
// runs three unnests and stores every row of four columns in a tuplestore before the insert reads it back, then
// `substring` copied each message out of the blob. Here the function scan is `generate_series(1, n)` (one integer
// per row in its tuplestore) and each row reads its timestamp and message by subscript (plpgsql expands an array
// argument once, so a subscript is an index, not a walk); a message's stored size is its octet_length. The batch is
// ~8% fewer bytes on the wire (no offsets and lengths: 8 bytes per event against the array's 4-byte element length).
// Same locks, statistics, numbering (the i-th event gets first_seq + i - 1, as with ordinality) and rows, in the same
// order. `logs_event_append` stays: a server still running the previous code calls it during an upgrade.
import { sql, type Kysely } from 'kysely';

const isPostgres = (db: Kysely<any>) => db.getExecutor().adapter.constructor.name === 'PostgresAdapter';

/** 'Logs' in ASCII, table-store/group-lock.ts's LOCK_CLASS (a migration keeps its own copy: it must not change). */
const LOCK_CLASS = 0x4c6f6773;

export async function up(db: Kysely<any>): Promise<void> {
  if (!isPostgres(db)) return;
  // As 0045: `stream_id` comes back as the stream's id, or null when no such group or stream (nothing written); `g`
  // is materialized and the stream update joins it, so the advisory lock is held before the stream's row lock and
  // before `nextval` (in the update's RETURNING, evaluated once the row is locked).
  await sql
    .raw(
      `create procedure logs_event_append_array(p_account text, p_region text, p_group text, p_stream text, p_n integer, p_bytes bigint,
        p_first bigint, p_last bigint, p_ingestion bigint, p_overhead integer, p_messages bytea[], p_ts bigint[], inout stream_id bigint)
    language plpgsql
    set plan_cache_mode = force_generic_plan
    as $fn$
    begin
      with g as materialized (
        select gid, pg_advisory_xact_lock_shared(${LOCK_CLASS}, (gid % 2147483648)::int) from logs_event_groups
        where account_id = p_account and region = p_region and group_name = p_group
      ), s as (
        update logs_event_streams st set
          event_count = st.event_count + p_n,
          stored_bytes = st.stored_bytes + p_bytes,
          first_ts = least(st.first_ts, p_first),
          last_ts = greatest(st.last_ts, p_last),
          last_ingestion = greatest(st.last_ingestion, p_ingestion)
        from g where st.gid = g.gid and st.stream_name = p_stream
        returning st.stream_id, st.gid, nextval('logs_event_seq') as first_seq
      ), rows as (
        insert into logs_event_rows (gid, seq, stream_id, ts, ingestion_time, bytes, message)
        select s.gid, s.first_seq + i - 1, s.stream_id, p_ts[i], p_ingestion, octet_length(p_messages[i]) + p_overhead, p_messages[i]
        from s cross join generate_series(1, p_n) as i
      )
      select s.stream_id into logs_event_append_array.stream_id from s;
    end
    $fn$`,
    )
    .execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!isPostgres(db)) return;
  await sql`drop procedure logs_event_append_array`.execute(db);
}
