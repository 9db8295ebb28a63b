/**
 * A chunk of a group's events as two text values instead of a row per event (migration 0043,
 * `logs_event_chunk_packed`): `h`, six decimal numbers per event separated by commas (seq, stream id, timestamp,
 * ingestion time, AWS's byte count, message bytes), and `m`, the messages as UTF-8 text one after another.
 *
 * Why: on this driver a row per event costs six parsed fields and an object, and a bytea comes as hex (twice its
 * bytes); a chunk's messages as text travel as their own bytes and become one string (a sliced substring per
 * message when it is all ASCII). Bytes on the wire per ~110-byte event: ~290 as rows, ~200 as packed base64,
 * ~155 as this. On a loaded VM the reader's CPU follows the socket reads, i.e. the bytes.
 *
 * A message PostgreSQL cannot return as text (a NUL character; a server encoding without the character) makes the
 * statement fail; the store then reads that chunk as rows (`fromRows`), the same events.
 */

import { CopyFrame } from './copy-frame.js';

/** Bytes before the first message in `buffer()`: a record header's size, so `visit(buf, off, ...)` reads at off + 36. */
export const MESSAGE_PAD = 36;

export interface ChunkRow {
  seq: number | string;
  stream_id: number | string;
  ts: number | string;
  ingestion_time: number | string;
  bytes: number | string;
  message: Uint8Array;
}

export class Chunk {
  readonly n: number;
  readonly seq: Float64Array;
  readonly ts: Float64Array;
  readonly streamId: Float64Array;
  readonly ingestionTime: Float64Array;
  /** AWS's byte count of the event (message bytes + 26). */
  readonly bytes: Float64Array;
  /** Each message's first and past-last byte in `buffer()`, minus MESSAGE_PAD. */
  readonly start: Float64Array;
  readonly end: Float64Array;
  /**
   * Chunks of `logs_event_chunk_match` (migration 0044), which hold only the events that may match the pattern: each
   * one's 1-based position in the walk (the events the statement went over but did not send count too). Undefined for
   * the other chunks, which hold every event walked.
   */
  ordinal: Float64Array | undefined;
  /** Events the statement walked: `n`, or for a match chunk its `scanned`. */
  walked: number;
  /** A match chunk's last event walked (sent or not), where the next chunk resumes. */
  last: { ts: number; seq: number } | undefined;
  private buf: Buffer | undefined;
  /** The messages as one string whose code units are their bytes (all ASCII), else undefined. */
  private ascii: string | undefined;
  /**
   * Chunks read by COPY (`CopyChunkReader`): the messages lie in several buffers (`slabs`), message i in
   * `slabs[slab[i]]`; undefined for the others, whose messages are all in `buffer()`.
   */
  private slabs: Buffer[] | undefined;
  private slabUsed: number[] | undefined;
  private slab: Float64Array | undefined;
  /** Per slab: its messages as one string when they are all ASCII, null when not, undefined until asked. */
  private slabText: Array<string | null | undefined> | undefined;

  private constructor(n: number, cols?: CopyColumns) {
    this.n = n;
    this.seq = cols ? cols.seq.subarray(0, n) : new Float64Array(n);
    this.ts = cols ? cols.ts.subarray(0, n) : new Float64Array(n);
    this.streamId = cols ? cols.streamId.subarray(0, n) : new Float64Array(n);
    this.ingestionTime = cols ? cols.ingestionTime.subarray(0, n) : new Float64Array(n);
    this.bytes = cols ? cols.bytes.subarray(0, n) : new Float64Array(n);
    this.start = cols ? cols.start.subarray(0, n) : new Float64Array(n);
    this.end = cols ? cols.end.subarray(0, n) : new Float64Array(n);
    this.walked = n;
  }

  static empty(): Chunk {
    return new Chunk(0);
  }

  /** From the packed text (migration 0043): `h` the headers, `m` the messages. */
  static fromText(h: string, m: string, forward: boolean): Chunk {
    return Chunk.parse(h, m).inOrder(forward);
  }

  private static parse(h: string, m: string): Chunk {
    const f = h.split(',');
    if (f.length % 6 !== 0) throw new Error(`packed chunk: ${f.length} header fields`);
    const c = new Chunk(f.length / 6);
    let at = 0;
    for (let i = 0, k = 0; i < c.n; i++, k += 6) {
      c.seq[i] = Number(f[k]);
      c.streamId[i] = Number(f[k + 1]);
      c.ts[i] = Number(f[k + 2]);
      c.ingestionTime[i] = Number(f[k + 3]);
      c.bytes[i] = Number(f[k + 4]);
      c.start[i] = at;
      at += Number(f[k + 5]);
      c.end[i] = at;
    }
    if (at === m.length) c.ascii = m; // fewer code units than bytes as soon as one character is not ASCII
    else {
      c.buf = Buffer.allocUnsafe(MESSAGE_PAD + at);
      if (c.buf.write(m, MESSAGE_PAD, 'utf8') !== at) throw new Error('packed chunk: message bytes differ from their lengths');
    }
    return c;
  }

  /**
   * From `logs_event_chunk_match` (migration 0044): `scanned` events walked, the last at `last` (`{ts,seq}`); `sent` one
   * character per event walked, '1' for those whose header and message are in `h` and `m` (as in `fromText`).
   */
  static fromMatched(scanned: number, last: string | null, sent: string | null, h: string | null, m: string | null): Chunk {
    const c = h === null || m === null ? new Chunk(0) : Chunk.parse(h, m);
    c.walked = scanned;
    c.ordinal = new Float64Array(c.n);
    for (let i = 0, at = -1; i < c.n; i++) {
      at = sent === null ? -1 : sent.indexOf('1', at + 1);
      if (at < 0) throw new Error('matched chunk: more events than marks');
      c.ordinal[i] = at + 1;
    }
    if (scanned > 0) {
      const key = /^\{(-?\d+),(-?\d+)\}$/.exec(last ?? '');
      if (!key || sent === null || sent.length !== scanned) throw new Error('matched chunk: no last event');
      c.last = { ts: Number(key[1]), seq: Number(key[2]) };
    }
    return c.inOrder(true);
  }

  /** A chunk over columns a `CopyChunkReader` filled (their first `n` values), messages in `slabs` (`used` bytes each). */
  static fromSlabs(n: number, cols: CopyColumns, slabs: Buffer[], used: number[], forward: boolean): Chunk {
    const c = new Chunk(n, cols);
    c.slabs = slabs;
    c.slabUsed = used;
    c.slab = cols.slab.subarray(0, n);
    c.slabText = new Array(slabs.length);
    return c.inOrder(forward);
  }

  /** From rows, one per event (SQLite's table store; a chunk PostgreSQL could not return as text). */
  static fromRows(rows: readonly ChunkRow[], forward: boolean): Chunk {
    const c = new Chunk(rows.length);
    let at = 0;
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i];
      c.seq[i] = Number(r.seq);
      c.streamId[i] = Number(r.stream_id);
      c.ts[i] = Number(r.ts);
      c.ingestionTime[i] = Number(r.ingestion_time);
      c.bytes[i] = Number(r.bytes);
      c.start[i] = at;
      at += r.message.length;
      c.end[i] = at;
    }
    c.buf = Buffer.allocUnsafe(MESSAGE_PAD + at);
    for (let i = 0; i < rows.length; i++) c.buf.set(rows[i].message, MESSAGE_PAD + c.start[i]);
    return c.inOrder(forward);
  }

  message(i: number): string {
    if (this.slabs !== undefined) return this.slabMessage(i);
    if (this.ascii !== undefined) return this.ascii.slice(this.start[i], this.end[i]);
    return this.buf!.toString('utf8', MESSAGE_PAD + this.start[i], MESSAGE_PAD + this.end[i]);
  }

  /** The buffer holding message i, which lies at [MESSAGE_PAD + start[i], MESSAGE_PAD + end[i]) in it. */
  bufferOf(i: number): Buffer {
    return this.slabs !== undefined ? this.slabs[this.slab![i]] : this.buffer();
  }

  /** A slab's messages are decoded at once (one UTF-8 pass) and sliced when all ASCII, else each on its own. */
  private slabMessage(i: number): string {
    const k = this.slab![i];
    const buf = this.slabs![k];
    let text = this.slabText![k];
    if (text === undefined) {
      const used = this.slabUsed![k];
      const decoded = buf.toString('utf8', MESSAGE_PAD, used);
      // Fewer code units than bytes as soon as one character is not ASCII (as in `parse`).
      text = this.slabText![k] = decoded.length === used - MESSAGE_PAD ? decoded : null;
    }
    if (text !== null) return text.slice(this.start[i], this.end[i]);
    return buf.toString('utf8', MESSAGE_PAD + this.start[i], MESSAGE_PAD + this.end[i]);
  }

  /** The messages' bytes when they lie in one buffer (not a COPY chunk): message i is at [MESSAGE_PAD + start[i], MESSAGE_PAD + end[i]). */
  buffer(): Buffer {
    if (this.slabs !== undefined) throw new Error('a COPY chunk keeps its messages in several buffers: bufferOf(i)');
    if (this.buf === undefined) {
      const text = this.ascii ?? '';
      this.buf = Buffer.allocUnsafe(MESSAGE_PAD + text.length);
      this.buf.write(text, MESSAGE_PAD, 'latin1');
    }
    return this.buf;
  }

  /** The aggregate reads its sorted subquery in order; should a plan ever deliver otherwise, the walk's order back. */
  private inOrder(forward: boolean): Chunk {
    let sorted = true;
    for (let i = 1; i < this.n && sorted; i++) {
      const d = this.ts[i] - this.ts[i - 1] || this.seq[i] - this.seq[i - 1];
      if (forward ? d <= 0 : d >= 0) sorted = false;
    }
    if (sorted) return this;
    const order = Array.from({ length: this.n }, (_, i) => i).sort((a, b) => {
      const d = this.ts[a] - this.ts[b] || this.seq[a] - this.seq[b];
      return forward ? d : -d;
    });
    for (const column of [this.seq, this.ts, this.streamId, this.ingestionTime, this.bytes, this.start, this.end, this.ordinal, this.slab]) {
      if (column === undefined) continue;
      const copy = column.slice();
      for (let i = 0; i < this.n; i++) column[i] = copy[order[i]];
    }
    return this;
  }
}


interface CopyColumns {
  seq: Float64Array;
  ts: Float64Array;
  streamId: Float64Array;
  ingestionTime: Float64Array;
  bytes: Float64Array;
  start: Float64Array;
  end: Float64Array;
  slab: Float64Array;
}

/** PostgreSQL's binary COPY signature: "PGCOPY\n\377\r\n\0". */
const TWO_32 = 2 ** 32;
/**
 * Bytes of a slab of messages: 64 KiB, below glibc's mmap threshold and V8's large-object size, so a freed slab's
 * memory is handed out again instead of being faulted in anew (which cost more than reading the events: packed.ts's
 * chunk text at 260 KB). A message longer than a slab gets a slab of its own.
 */
export const SLAB_BYTES = 64 * 1024;

/**
 * Reads `COPY (select seq, stream_id, ts, ingestion_time, bytes, message …) TO STDOUT (FORMAT binary)` into a chunk,
 * one CopyData message at a time as the driver hands them over (PostgreSQL sends one per row; the format's header
 * comes before the first row, the trailer, -1, on its own). Numbers arrive as big-endian integers and messages as
 * their bytes, which are copied out at once (the driver's buffer is reused) into slabs: no text is parsed and no
 * string made until a message is asked for, and a message that cannot be text in the database (a NUL) is no exception.
 */
export class CopyChunkReader {
  private n = 0;
  private readonly cols: CopyColumns;
  private readonly slabs: Buffer[] = [];
  private readonly used: number[] = [];
  private current: Buffer | undefined;
  private at = 0;
  private readonly frame = new CopyFrame('COPY chunk');

  constructor(private readonly capacity: number) {
    const col = () => new Float64Array(capacity);
    this.cols = { seq: col(), ts: col(), streamId: col(), ingestionTime: col(), bytes: col(), start: col(), end: col(), slab: col() };
  }

  /** One CopyData message's bytes (read before this returns: the caller may reuse them). */
  add(data: Buffer): void {
    let o = this.frame.row(data, 6);
    if (o < 0) return;
    if (this.n === this.capacity) throw new Error('COPY chunk: more rows than asked for');
    if (o + 60 > data.length) throw new Error('COPY chunk: a row shorter than its fields');
    // The fields' bytes, read below without further bounds checks, lie inside `data` (o + 60 <= data.length).
    if (i32(data, o) !== 8 || i32(data, o + 12) !== 8 || i32(data, o + 24) !== 8 || i32(data, o + 36) !== 8) throw new Error('COPY chunk: not a bigint');
    if (i32(data, o + 48) !== 4) throw new Error('COPY chunk: bytes is not an integer');
    const i = this.n++;
    const c = this.cols;
    c.seq[i] = int8(data, o + 4);
    c.streamId[i] = int8(data, o + 16);
    c.ts[i] = int8(data, o + 28);
    c.ingestionTime[i] = int8(data, o + 40);
    c.bytes[i] = i32(data, o + 52);
    const length = i32(data, o + 56);
    o += 60;
    if (length < 0 || o + length !== data.length) throw new Error('COPY chunk: message length does not match the row');
    let slab = this.current;
    if (slab === undefined || this.at + length > slab.length) {
      if (slab !== undefined) this.used.push(this.at);
      slab = this.current = Buffer.allocUnsafe(Math.max(SLAB_BYTES, MESSAGE_PAD + length));
      this.slabs.push(slab);
      this.at = MESSAGE_PAD;
    }
    data.copy(slab, this.at, o, o + length);
    c.slab[i] = this.slabs.length - 1;
    c.start[i] = this.at - MESSAGE_PAD;
    this.at += length;
    c.end[i] = this.at - MESSAGE_PAD;
  }

  /** The chunk, in the walk's order; throws if the output ended without its trailer. */
  finish(forward: boolean): Chunk {
    if (!this.frame.done) throw new Error('COPY chunk: no trailer');
    if (this.current !== undefined) this.used.push(this.at);
    return Chunk.fromSlabs(this.n, this.cols, this.slabs, this.used, forward);
  }
}

/**
 * A big-endian int32 at `o`, from its bytes (the caller checked o + 4 <= data.length): Buffer's `readInt32BE` checks
 * the bounds again on each of the ~15 reads per row: half of `add`'s instructions (5,426 → 2,689 per row).
 */
function i32(data: Buffer, o: number): number {
  return (data[o] << 24) | (data[o + 1] << 16) | (data[o + 2] << 8) | data[o + 3];
}

/** A binary COPY int8's 8 bytes at `o` (after its length, 8): a safe integer. */
function int8(data: Buffer, o: number): number {
  return i32(data, o) * TWO_32 + (i32(data, o + 4) >>> 0);
}
