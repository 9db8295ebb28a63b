/**
 * Writing one PutLogEvents batch's rows. On PostgreSQL the whole batch is one statement with two arrays, the messages
 * as a `bytea[]` and the timestamps as a `bigint[]`, both sent in binary (a Buffer parameter is binary for the driver;
 * store/pg-binary-arrays.ts), which the statement reads by subscript over `generate_series(1, n)`; 10,000 events cost
 * one round trip and no per-row parameter. SQLite (tests of the same code) takes multi-row inserts.
 *
 * `appendBatchPostgres` goes further: the group's lock (shared), the stream's statistics, the numbering and the rows
 * are one autocommitted statement, so locks are held for one statement and its commit, never across round trips to a
 * Node process that may be busy parsing the next request's body. That statement lives in the procedure
 * `logs_event_append_array` (migration 0046, after 0045's `logs_event_append`), called with CALL: a plain statement's
 * parameters were folded into its plan as constants, and the planner copied the batch's megabyte several times on
 * every call.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import { int8Array, type Database } from '../../../store/index.js';
import { EVENT_OVERHEAD_BYTES, LogEngineError, type InputEvent } from '../engine/index.js';

export interface AppendTarget {
  gid: number;
  streamId: number;
  /** Sequence number of the batch's first event (the rest follow in order). */
  firstSeq: number;
  ingestionTime: number;
}

const SQLITE_ROWS_PER_INSERT = 100;

const BYTEA_OID = 17;
const ARRAY_HEADER_BYTES = 20;

/**
 * The messages as one binary `bytea[]` parameter (array_recv's format: dimensions, has-nulls flag, element type, length,
 * lower bound, then each element's byte length and its bytes), written straight from the strings: `sizes` are their
 * UTF-8 byte lengths, which the caller has counted already. Throws if a message does not fill its size exactly.
 */
export function messagesArray(events: readonly InputEvent[], sizes: readonly number[]): Buffer {
  const n = events.length;
  let total = ARRAY_HEADER_BYTES + 4 * n;
  for (let i = 0; i < n; i++) total += sizes[i];
  const buf = Buffer.allocUnsafe(total);
  buf.writeInt32BE(1, 0); // dimensions
  buf.writeInt32BE(0, 4); // no nulls
  buf.writeInt32BE(BYTEA_OID, 8);
  buf.writeInt32BE(n, 12);
  buf.writeInt32BE(1, 16); // lower bound
  let off = ARRAY_HEADER_BYTES;
  for (let i = 0; i < n; i++) {
    const len = buf.write(events[i].message, off + 4, sizes[i], 'utf8');
    if (len !== sizes[i]) throw new RangeError(`message ${i} is ${len} UTF-8 bytes, not ${sizes[i]}`);
    buf.writeInt32BE(len, off);
    off += 4 + len;
  }
  return buf;
}

function timestamps(events: readonly InputEvent[]): Buffer {
  const ts = new Array<number>(events.length);
  for (let i = 0; i < events.length; i++) ts[i] = events[i].timestamp;
  return int8Array(ts);
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
  const first = events[0].timestamp;
  const last = events[n - 1].timestamp;
  // One call of `logs_event_append_array` (migration 0046), which runs the statement with its plan made once per
  // connection: sent as its own statement, the batch's parameters became constants the planner copied on every call.
  const res = await sql<{ stream_id: string | null }>`
    call logs_event_append_array(${t.accountId}, ${t.region}, ${t.group}, ${t.stream}, ${n}::int, ${bytes}::bigint, ${first}::bigint,
      ${last}::bigint, ${t.ingestionTime}::bigint, ${EVENT_OVERHEAD_BYTES}::int, ${messagesArray(events, sizes)}::bytea[], ${timestamps(events)}::bigint[], null)`.execute(db);
  return res.rows[0]?.stream_id != null;
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
