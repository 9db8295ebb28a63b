/**
 * Writing one PutLogEvents batch's rows. On PostgreSQL the whole batch is one statement with four parameters: the
 * messages concatenated into one bytea (sent in binary by the driver, no escaping) and arrays of timestamps,
 * offsets and lengths that `unnest` turns back into rows; 10,000 events cost one round trip and no per-row
 * parameter. SQLite (tests of the same code) takes multi-row inserts.
 *
 * `appendBatchPostgres` goes further: the group's lock (shared), the stream's statistics, the numbering and the rows
 * are one autocommitted statement, so locks are held for one statement and its commit, never across round trips to a
 * Node process that may be busy parsing the next request's body.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../../../store/index.js';
import { EVENT_OVERHEAD_BYTES, LogEngineError, type InputEvent } from '../engine/index.js';
import { sharedGroupLock } from './group-lock.js';

export interface AppendTarget {
  gid: number;
  streamId: number;
  /** Sequence number of the batch's first event (the rest follow in order). */
  firstSeq: number;
  ingestionTime: number;
}

const SQLITE_ROWS_PER_INSERT = 100;

/**
 * An array of integers as PostgreSQL's array literal (`{1,2,3}`): what the driver would send, without its per-element
 * escaping (integers need none), which cost more than the rest of a batch's packing.
 */
const intArray = (values: readonly number[]): string => `{${values.join(',')}}`;

/** The messages as one blob and the arrays `unnest` turns back into rows (as array literals). */
function packed(events: readonly InputEvent[], sizes: readonly number[]): { blob: Buffer; ts: string; offsets: string; lengths: string } {
  let total = 0;
  for (const n of sizes) total += n;
  const blob = Buffer.allocUnsafe(total);
  const ts = new Array<number>(events.length);
  const offsets = new Array<number>(events.length);
  let off = 0;
  for (let i = 0; i < events.length; i++) {
    ts[i] = events[i].timestamp;
    offsets[i] = off + 1; // substring() counts from 1
    off += blob.write(events[i].message, off, sizes[i], 'utf8');
  }
  return { blob, ts: intArray(ts), offsets: intArray(offsets), lengths: intArray(sizes) };
}

export interface BatchTarget {
  accountId: string;
  region: string;
  group: string;
  stream: string;
  ingestionTime: number;
}

/** Sequence numbers per batch on PostgreSQL: one `nextval` of `logs_event_seq` (migration 0038) hands out a block. */
export const SEQ_BLOCK = 10_000;

/**
 * Appends a non-empty, time-sorted batch of at most SEQ_BLOCK events in one statement on PostgreSQL: takes the
 * group's advisory lock shared (group-lock.ts: appends to other streams run alongside), updates the stream's
 * statistics under the stream's row lock, takes a block of sequence numbers (after both locks, so within a stream
 * sequence order is commit order) and inserts the rows; committed when it returns unless `db` is a transaction.
 * Returns false when nothing was written (no such group or stream; the caller says which).
 */
export async function appendBatchPostgres(db: Kysely<Database> | Transaction<Database>, t: BatchTarget, events: readonly InputEvent[], sizes: readonly number[], bytes: number): Promise<boolean> {
  const n = events.length;
  if (n > SEQ_BLOCK) throw new LogEngineError('InvalidLogEventBatch', `A batch holds at most ${SEQ_BLOCK} events.`);
  const { blob, ts, offsets, lengths } = packed(events, sizes);
  const first = events[0].timestamp;
  const last = events[n - 1].timestamp;
  // `g` is materialized and the stream update joins it, so the advisory lock is held before the stream's row lock
  // and before `nextval` (in the update's RETURNING, evaluated once the row is locked).
  const res = await sql<{ stream_id: string }>`
    with g as materialized (
      select gid, ${sharedGroupLock(sql`gid`)} from logs_event_groups
      where account_id = ${t.accountId} and region = ${t.region} and group_name = ${t.group}
    ), s as (
      update logs_event_streams st set
        event_count = st.event_count + ${n}::bigint,
        stored_bytes = st.stored_bytes + ${bytes}::bigint,
        first_ts = least(st.first_ts, ${first}::bigint),
        last_ts = greatest(st.last_ts, ${last}::bigint),
        last_ingestion = greatest(st.last_ingestion, ${t.ingestionTime}::bigint)
      from g where st.gid = g.gid and st.stream_name = ${t.stream}
      returning st.stream_id, st.gid, nextval('logs_event_seq') as first_seq
    ), rows as (
      insert into logs_event_rows (gid, seq, stream_id, ts, ingestion_time, bytes, message)
      select s.gid, s.first_seq + x.n - 1, s.stream_id, x.ts, ${t.ingestionTime}::bigint, x.len + ${EVENT_OVERHEAD_BYTES}, substring(${blob}::bytea from x.off for x.len)
      from s cross join unnest(${ts}::bigint[], ${offsets}::int[], ${lengths}::int[]) with ordinality as x(ts, off, len, n)
    )
    select stream_id from s`.execute(db);
  return res.rows.length === 1;
}

export async function appendRows(trx: Transaction<Database>, postgres: boolean, t: AppendTarget, events: readonly InputEvent[], sizes: readonly number[]): Promise<void> {
  if (postgres) {
    const { blob, ts, offsets, lengths } = packed(events, sizes);
    await sql`insert into logs_event_rows (gid, seq, stream_id, ts, ingestion_time, bytes, message)
      select ${t.gid}, ${t.firstSeq} + x.n - 1, ${t.streamId}, x.ts, ${t.ingestionTime}, x.len + ${EVENT_OVERHEAD_BYTES}, substring(${blob}::bytea from x.off for x.len)
      from unnest(${ts}::bigint[], ${offsets}::int[], ${lengths}::int[]) with ordinality as x(ts, off, len, n)`.execute(trx);
    return;
  }
  for (let start = 0; start < events.length; start += SQLITE_ROWS_PER_INSERT) {
    const rows = [];
    for (let i = start; i < Math.min(events.length, start + SQLITE_ROWS_PER_INSERT); i++) {
      rows.push({
        gid: t.gid,
        seq: t.firstSeq + i,
        stream_id: t.streamId,
        ts: events[i].timestamp,
        ingestion_time: t.ingestionTime,
        bytes: sizes[i] + EVENT_OVERHEAD_BYTES,
        message: Buffer.from(events[i].message, 'utf8'),
      });
    }
    await trx.insertInto('logs_event_rows').values(rows).execute();
  }
}
