// Log ingestion on PostgreSQL (issue 18): a PutLogEvents batch is appended by `CALL logs_event_append(...)`, a plpgsql
// procedure running the statement `table-store/append.ts` used to send itself (the group's advisory lock shared, the
// stream's statistics under its row lock, one `nextval` block, the rows from the unnested arrays), unchanged.
// Why: node-postgres sends an unnamed statement, which PostgreSQL plans anew for every call with the parameters folded
// in as constants, and the planner copies constants as it rewrites and stores the plan: the batch's ~1 MB of messages
// and arrays were copied several times per call, page faults included (~3.5% of the backends' CPU samples under
// `perf`, in GetCachedPlan). A CALL is a utility statement, not planned: its arguments are evaluated as Params. A
// `select logs_event_append(...)` would be planned like any query, constants and copies included. In the procedure
// the parameters stay Params and its statement's plan is made once per connection (`force_generic_plan`: the plan
// does not depend on the values, so custom plans, which would copy them again, buy nothing).
import { sql, type Kysely } from 'kysely';

const isPostgres = (db: Kysely<any>) => db.getExecutor().adapter.constructor.name === 'PostgresAdapter';

/** 'Logs' in ASCII, table-store/group-lock.ts's LOCK_CLASS (a migration keeps its own copy: it must not change). */
const LOCK_CLASS = 0x4c6f6773;

export async function up(db: Kysely<any>): Promise<void> {
  if (!isPostgres(db)) return;
  // `stream_id` comes back as the stream's id, or null when no such group or stream (nothing written).
  // `g` is materialized and the stream update joins it, so the advisory lock is held before the stream's row lock and
  // before `nextval` (in the update's RETURNING, evaluated once the row is locked).
  await sql
    .raw(
      `create procedure logs_event_append(p_account text, p_region text, p_group text, p_stream text, p_n bigint, p_bytes bigint,
        p_first bigint, p_last bigint, p_ingestion bigint, p_overhead integer, p_blob bytea, p_ts bigint[], p_offsets integer[], p_lengths integer[],
        inout stream_id bigint)
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
        select s.gid, s.first_seq + x.n - 1, s.stream_id, x.ts, p_ingestion, x.len + p_overhead, substring(p_blob from x.off for x.len)
        from s cross join unnest(p_ts, p_offsets, p_lengths) with ordinality as x(ts, off, len, n)
      )
      select s.stream_id into logs_event_append.stream_id from s;
    end
    $fn$`,
    )
    .execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!isPostgres(db)) return;
  await sql`drop procedure logs_event_append`.execute(db);
}
