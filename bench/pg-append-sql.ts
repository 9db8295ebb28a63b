// An append procedure shaped as migration 0046's, for benchmarks that try other forms of its last step: the group's
// advisory lock shared, the stream's statistics under its row lock, one `nextval` for the batch (CTE `s`), then
// `rows`, a data-modifying CTE over `s` (s.gid, s.stream_id, s.first_seq) and the parameters.
const LOCK_CLASS = 0x4c6f6773;

export function appendProcedure(name: string, args: string, rows: string): string {
  return `create procedure ${name}(p_account text, p_region text, p_group text, p_stream text, p_n bigint, p_bytes bigint,
  p_first bigint, p_last bigint, p_ingestion bigint, p_overhead integer, ${args}, inout stream_id bigint)
  language plpgsql set plan_cache_mode = force_generic_plan as $fn$ begin
  with g as materialized (
    select gid, pg_advisory_xact_lock_shared(${LOCK_CLASS}, (gid % 2147483648)::int) from logs_event_groups
    where account_id = p_account and region = p_region and group_name = p_group
  ), s as (
    update logs_event_streams st set event_count = st.event_count + p_n, stored_bytes = st.stored_bytes + p_bytes,
      first_ts = least(st.first_ts, p_first), last_ts = greatest(st.last_ts, p_last), last_ingestion = greatest(st.last_ingestion, p_ingestion)
    from g where st.gid = g.gid and st.stream_name = p_stream
    returning st.stream_id, st.gid, nextval('logs_event_seq') as first_seq
  ), rows as (${rows}) select s.stream_id into ${name}.stream_id from s; end $fn$`;
}
