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

  private constructor(n: number) {
    this.n = n;
    this.seq = new Float64Array(n);
    this.ts = new Float64Array(n);
    this.streamId = new Float64Array(n);
    this.ingestionTime = new Float64Array(n);
    this.bytes = new Float64Array(n);
    this.start = new Float64Array(n);
    this.end = new Float64Array(n);
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
    if (this.ascii !== undefined) return this.ascii.slice(this.start[i], this.end[i]);
    return this.buf!.toString('utf8', MESSAGE_PAD + this.start[i], MESSAGE_PAD + this.end[i]);
  }

  /** The messages' bytes: message i is at [MESSAGE_PAD + start[i], MESSAGE_PAD + end[i]). */
  buffer(): Buffer {
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
    for (const column of [this.seq, this.ts, this.streamId, this.ingestionTime, this.bytes, this.start, this.end, this.ordinal]) {
      if (column === undefined) continue;
      const copy = column.slice();
      for (let i = 0; i < this.n; i++) column[i] = copy[order[i]];
    }
    return this;
  }
}
