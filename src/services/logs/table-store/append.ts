/**
 * Writing one PutLogEvents batch's rows. On PostgreSQL the whole batch is one statement with four parameters: the
 * messages concatenated into one bytea and arrays of timestamps, offsets and lengths, all sent in binary (a Buffer
 * parameter is binary for the driver; store/pg-binary-arrays.ts), which `unnest` turns back into rows; 10,000 events cost one
 * round trip and no per-row parameter. SQLite (tests of the same code) takes multi-row inserts.
 *
 * `appendBatchPostgres` goes further: the group's lock (shared), the stream's statistics, the numbering and the rows
 * are one autocommitted statement, so locks are held for one statement and its commit, never across round trips to a
 * Node process that may be busy parsing the next request's body.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import { int4Array, int8Array, type Database } from '../../../store/index.js';
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

/** The messages as one blob and the arrays `unnest` turns back into rows (binary `bigint[]` / `int[]`). */
function packed(events: readonly InputEvent[], sizes: readonly number[]): { blob: Buffer; ts: Buffer; offsets: Buffer; lengths: Buffer } {
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
  return { blob, ts: int8Array(ts), offsets: int4Array(offsets), lengths: int4Array(sizes) };
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
  // `unnest` stays in FROM (a function scan, which copies the rows into a tuplestore first): the same rows from
  // select-list SRFs over `s` took ~1,700 fewer instructions per event under callgrind, yet more CPU time with 4
  // writers on 2 cores (design-notes, issue 18 pglogs).
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

/** SQLite's rows of a batch, in the append's transaction (PostgreSQL appends with `appendBatchPostgres`). */
export async function appendRows(trx: Transaction<Database>, t: AppendTarget, events: readonly InputEvent[], sizes: readonly number[]): Promise<void> {
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
