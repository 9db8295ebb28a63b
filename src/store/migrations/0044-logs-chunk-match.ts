// Logs reads on PostgreSQL (issue 18): FilterLogEvents with a pattern tests the pattern's literals where the events
// are, so only the events that may match travel. `logs_event_chunk_match` walks a group forward as
// `logs_event_chunk_packed` does (migration 0043: the group's lock exclusive, then the read; same folded cursor,
// conditions and order) over at most `n` events of the streams asked for (or, for every stream, of stream ids up to
// `max_stream`: the streams the reader knows by name) and tests each message for a necessary condition of the pattern
// (filter-pattern's `requiredSubstrings`): clauses joined by AND, each an OR of byte strings the message must contain
// (`position`). `needles` holds every clause's strings one after another; `clause_ends[k]` is the 1-based index of
// clause k's last string; `otherwise`, when not null, a string whose presence passes the event whatever the clauses
// (a string every clause had, taken out: JSON patterns' backslash, tested once instead of once per clause). It returns
// `scanned`, the events walked (the reader's scan budget counts them); `last`, the walk's last (ts, seq) as an array
// (the reader's cursor); `sent`, one character per event walked, '1' when it passed; `h` and `m` for the events that
// passed, as `logs_event_chunk_packed` gives them (migration 0043). A window function's row numbers in place of `sent`
// and `last` cost twice the statement's CPU (the window keeps every row).
// The pattern itself is still evaluated by the reader (table-store/store.ts). The byte strings go into the
// statement's text as quoted literals (`format('%L')` of their hex form): constants, where a parameter's array
// subscript was evaluated again for every event (twice the statement's CPU).
import { sql, type Kysely } from 'kysely';

const isPostgres = (db: Kysely<any>) => db.getExecutor().adapter.constructor.name === 'PostgresAdapter';

/** 'Logs' in ASCII, table-store/group-lock.ts's LOCK_CLASS (a migration keeps its own copy: it must not change). */
const LOCK_CLASS = 0x4c6f6773;

export async function up(db: Kysely<any>): Promise<void> {
  if (!isPostgres(db)) return;
  await sql
    .raw(
      `create or replace function logs_event_chunk_match(g bigint, stream_ids bigint[], max_stream bigint, from_ts bigint, from_seq bigint, min_ts bigint, max_ts bigint, n integer, needles bytea[], clause_ends integer[], otherwise bytea)
    returns table (scanned integer, last text, sent text, h text, m text)
    language plpgsql volatile as $fn$
    declare
      cond text := '';
      clause text;
      streams text := '';
      k integer := 1;
      last integer;
    begin
      perform pg_advisory_xact_lock(${LOCK_CLASS}, (g % 2147483648)::int);
      if from_ts < min_ts then from_ts := min_ts; from_seq := -1; end if;
      foreach last in array coalesce(clause_ends, '{}'::integer[]) loop
        clause := '';
        while k <= last loop
          clause := clause || case when clause = '' then '' else ' or ' end || format('position(%L::bytea in e.message) > 0', needles[k]);
          k := k + 1;
        end loop;
        if clause <> '' then cond := cond || case when cond = '' then '' else ' and ' end || '(' || clause || ')'; end if;
      end loop;
      if cond = '' then cond := 'true';
      elsif otherwise is not null then cond := '(' || cond || format(') or position(%L::bytea in e.message) > 0', otherwise);
      end if;
      if stream_ids is not null then
        streams := case when cardinality(stream_ids) = 1 then ' and e.stream_id = $2[1]' else ' and e.stream_id = any($2)' end;
      elsif max_stream is not null then
        streams := ' and e.stream_id <= $3';
      end if;
      return query execute format(
        'select count(*)::integer, max(array[c.ts, c.seq])::text,
           string_agg(case when c.message is null then ''0'' else ''1'' end, ''''),
           string_agg(concat_ws('','', c.seq, c.stream_id, c.ts, c.ingestion_time, c.bytes, octet_length(c.message)), '','') filter (where c.message is not null),
           string_agg(convert_from(c.message, ''UTF8''), '''') filter (where c.message is not null)
         from (select e.seq, e.stream_id, e.ts, e.ingestion_time, e.bytes, case when %s then e.message end as message
           from logs_event_rows e
           where e.gid = $1%s and (e.ts, e.seq) > ($4, $5) and e.ts <= $7
           order by e.ts asc, e.seq asc limit $8) c', cond, streams)
        using g, stream_ids, max_stream, from_ts, from_seq, min_ts, max_ts, n;
    end
    $fn$`,
    )
    .execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!isPostgres(db)) return;
  await sql`drop function if exists logs_event_chunk_match(bigint, bigint[], bigint, bigint, bigint, bigint, bigint, integer, bytea[], integer[], bytea)`.execute(db);
}
