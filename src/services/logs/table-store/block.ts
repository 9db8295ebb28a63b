/**
 * A block: one stream's events of one append packed into one value (issue 18, packed rows; a prototype that only
 * bench/pg-packed.ts writes and reads so far, no production path). One row and one index entry per block instead of
 * per event is what Insights' scan on PostgreSQL needs (design-notes, pgpacked).
 *
 * Layout, big-endian (network order, as PostgreSQL's int4send and float8send write: a migration can build a block from
 * rows in SQL, bench/pg-packed.ts' BLOCKS_FROM_ROWS):
 *   head (24 bytes): f64 ingestion time, u32 event count, u32 version (1), 8 bytes zero
 *   per event:       u32 message bytes, f64 timestamp, the message as UTF-8
 * The i-th event's sequence number is the row's first + i: an append numbers its batch as one block of the sequence,
 * which the database draws (`nextval`) once the body is written, so the number lives in the row, not the body.
 *
 * The head is as long as a segment record's header (36 bytes) less an event's own (12), so a message at p + 12 is at
 * off + RECORD_HEADER_BYTES for off = p - 24 >= 0: scans hand it to the visitor in place, as the segment files do.
 */
import { RECORD_HEADER_BYTES } from '../engine/record.js';

export const BLOCK_HEAD = 24;
const EVENT_HEAD = 12;
const VERSION = 1;
/** The visitor's `off` lies this far before an event's own head. */
const SHIFT = RECORD_HEADER_BYTES - EVENT_HEAD;

/** Bytes of the block holding messages of these UTF-8 sizes. */
export function blockBytes(sizes: readonly number[]): number {
  let n = BLOCK_HEAD;
  for (const s of sizes) n += EVENT_HEAD + s;
  return n;
}

/** The block of `events` (`sizes`: each message's UTF-8 bytes, as the store counted them). */
export function writeBlock(events: ReadonlyArray<{ timestamp: number; message: string }>, sizes: readonly number[], ingestionTime: number): Buffer {
  if (sizes.length !== events.length) throw new Error('block: one size per event');
  const buf = Buffer.allocUnsafe(blockBytes(sizes));
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  dv.setFloat64(0, ingestionTime, false);
  dv.setUint32(8, events.length, false);
  dv.setUint32(12, VERSION, false);
  dv.setFloat64(16, 0, false);
  let p = BLOCK_HEAD;
  for (let i = 0; i < events.length; i++) {
    const size = sizes[i]!;
    dv.setUint32(p, size, false);
    dv.setFloat64(p + 4, events[i]!.timestamp, false);
    if (buf.write(events[i]!.message, p + EVENT_HEAD, size, 'utf8') !== size) throw new Error('block: a message does not fill its size');
    p += EVENT_HEAD + size;
  }
  return buf;
}

export interface BlockEvent {
  timestamp: number;
  ingestionTime: number;
  seq: number;
}

/**
 * Visits the events of `body` (its row's first sequence number `firstSeq`) with timestamp in [startTime, endTime], in
 * their order in the block: `event` (the caller's, reused) gets each one's numbers, the message is
 * `buf[off + RECORD_HEADER_BYTES, off + length)`. Returns false when the visitor stopped. A body whose counts or
 * lengths do not fit its bytes throws before any byte outside it is read.
 */
export function visitBlock<E extends BlockEvent>(body: Buffer, firstSeq: number, window: { startTime: number; endTime: number }, event: E, visit: (event: E, buf: Buffer, off: number, length: number) => boolean | void): boolean {
  if (body.length < BLOCK_HEAD) throw new Error('block: shorter than its head');
  const dv = new DataView(body.buffer, body.byteOffset, body.byteLength);
  if (dv.getUint32(12, false) !== VERSION) throw new Error('block: unknown version');
  const ingestionTime = dv.getFloat64(0, false);
  const n = dv.getUint32(8, false);
  const { startTime, endTime } = window;
  let p = BLOCK_HEAD;
  for (let i = 0; i < n; i++) {
    if (p + EVENT_HEAD > body.length) throw new Error('block: fewer events than its count');
    const size = dv.getUint32(p, false);
    const end = p + EVENT_HEAD + size;
    if (end > body.length) throw new Error('block: a message past its end');
    const ts = dv.getFloat64(p + 4, false);
    if (ts >= startTime && ts <= endTime) {
      event.timestamp = ts;
      event.ingestionTime = ingestionTime;
      event.seq = firstSeq + i;
      if (visit(event, body, p - SHIFT, RECORD_HEADER_BYTES + size) === false) return false;
    }
    p = end;
  }
  if (p !== body.length) throw new Error('block: bytes after its last event');
  return true;
}
