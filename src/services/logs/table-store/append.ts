/**
 * Writing one PutLogEvents batch's rows. On PostgreSQL the whole batch is one statement with four parameters: the
 * messages concatenated into one bytea (sent in binary by the driver, no escaping) and arrays of timestamps,
 * offsets and lengths that `unnest` turns back into rows; 10,000 events cost one round trip and no per-row
 * parameter. SQLite (tests of the same code) takes multi-row inserts.
 */
import { sql, type Transaction } from 'kysely';
import type { Database } from '../../../store/index.js';
import { EVENT_OVERHEAD_BYTES, type InputEvent } from '../engine/index.js';

export interface AppendTarget {
  gid: number;
  streamId: number;
  /** Sequence number of the batch's first event (the rest follow in order). */
  firstSeq: number;
  ingestionTime: number;
}

const SQLITE_ROWS_PER_INSERT = 100;

export async function appendRows(trx: Transaction<Database>, postgres: boolean, t: AppendTarget, events: readonly InputEvent[], sizes: readonly number[]): Promise<void> {
  if (postgres) {
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
    await sql`insert into logs_event_rows (gid, seq, stream_id, ts, ingestion_time, bytes, message)
      select ${t.gid}, ${t.firstSeq} + x.n - 1, ${t.streamId}, x.ts, ${t.ingestionTime}, x.len + ${EVENT_OVERHEAD_BYTES}, substring(${blob}::bytea from x.off for x.len)
      from unnest(${ts}::bigint[], ${offsets}::int[], ${sizes}::int[]) with ordinality as x(ts, off, len, n)`.execute(trx);
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
