// The packed chunk (migration 0043's two text values) read back as the events it holds, in the walk's order.
import { describe, expect, it } from 'vitest';
import { Chunk, CopyChunkReader, MESSAGE_PAD, SLAB_BYTES } from './packed.js';

const rows = [
  { seq: 4, stream_id: 2, ts: 1767225600001, ingestion_time: 1767225600100, bytes: 31, message: 'hello' },
  { seq: 9, stream_id: 1, ts: 1767225600001, ingestion_time: 1767225600200, bytes: 26, message: '' },
  { seq: 2, stream_id: 3, ts: 2 ** 52 + 7, ingestion_time: 5, bytes: 40, message: 'héllo 😀' },
];
const text = (r: typeof rows) => ({
  h: r.map((x) => [x.seq, x.stream_id, x.ts, x.ingestion_time, x.bytes, Buffer.byteLength(x.message)].join(',')).join(','),
  m: r.map((x) => x.message).join(''),
});
const events = (c: Chunk) =>
  Array.from({ length: c.n }, (_, i) => ({ seq: c.seq[i], stream_id: c.streamId[i], ts: c.ts[i], ingestion_time: c.ingestionTime[i], bytes: c.bytes[i], message: c.message(i), inBuffer: c.buffer().toString('utf8', MESSAGE_PAD + c.start[i], MESSAGE_PAD + c.end[i]) }));

describe('packed chunks', () => {
  it('reads headers and messages, ASCII (sliced string) and not (bytes), the same from text and from rows', () => {
    for (const r of [rows.slice(0, 2), rows]) {
      const { h, m } = text(r);
      const want = r.map((x) => ({ ...x, inBuffer: x.message }));
      expect(events(Chunk.fromText(h, m, true))).toEqual(want);
      expect(events(Chunk.fromRows(r.map((x) => ({ ...x, message: Buffer.from(x.message) })), true))).toEqual(want);
    }
  });

  it('puts a chunk delivered out of order back in the walk order, forward and backward', () => {
    const shuffled = [rows[2], rows[0], rows[1]];
    const { h, m } = text(shuffled);
    expect(events(Chunk.fromText(h, m, true)).map((e) => e.seq)).toEqual([4, 9, 2]);
    expect(events(Chunk.fromText(h, m, false)).map((e) => e.message)).toEqual(['héllo 😀', '', 'hello']);
  });

  it('refuses headers that do not come in sixes or lengths that do not match the messages', () => {
    expect(() => Chunk.fromText('1,2,3', 'x', true)).toThrow();
    expect(() => Chunk.fromText('1,1,1,1,27,3', 'é', true)).toThrow();
  });

  it('reads a match chunk (migration 0044): the events sent with their place in the walk, and the walk\'s last event', () => {
    const { h, m } = text(rows);
    const c = Chunk.fromMatched(9, '{1767225600009,12}', '010100001', h, m);
    expect(events(c).map((e) => e.message)).toEqual(['hello', '', 'héllo 😀']);
    expect([...c.ordinal!]).toEqual([2, 4, 9]);
    expect(c.walked).toBe(9);
    expect(c.last).toEqual({ ts: 1767225600009, seq: 12 });
    const none = Chunk.fromMatched(4, '{5,6}', '0000', null, null);
    expect([none.n, none.walked, none.last]).toEqual([0, 4, { ts: 5, seq: 6 }]);
    expect(() => Chunk.fromMatched(9, '{1,2}', '010000000', h, m)).toThrow(); // three events, two marks
    expect(() => Chunk.fromMatched(9, null, '010100001', h, m)).toThrow();
  });

  describe('binary COPY chunks (copy.ts)', () => {
    const int8 = (v: number) => {
      const b = Buffer.alloc(12);
      b.writeInt32BE(8, 0);
      b.writeBigInt64BE(BigInt(v), 4);
      return b;
    };
    const int4 = (v: number) => {
      const b = Buffer.alloc(8);
      b.writeInt32BE(4, 0);
      b.writeInt32BE(v, 4);
      return b;
    };
    type Row = { seq: number; stream_id: number; ts: number; ingestion_time: number; bytes: number; message: string | Buffer };
    /** A CopyData message per row as PostgreSQL sends them: the header before the first row, the trailer alone. */
    const copyMessages = (r: readonly Row[], extension = Buffer.alloc(0)) => {
      const header = Buffer.concat([Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'), Buffer.alloc(4), Buffer.from([0, 0, 0, extension.length]), extension]);
      const out = r.map((x) => {
        const m = Buffer.isBuffer(x.message) ? x.message : Buffer.from(x.message);
        const len = Buffer.alloc(4);
        len.writeInt32BE(m.length);
        return Buffer.concat([Buffer.from([0, 6]), int8(x.seq), int8(x.stream_id), int8(x.ts), int8(x.ingestion_time), int4(x.bytes), len, m]);
      });
      const trailer = Buffer.from([0xff, 0xff]);
      if (out.length === 0) return [Buffer.concat([header, trailer])];
      out[0] = Buffer.concat([header, out[0]]);
      return [...out, trailer];
    };
    const read = (msgs: Buffer[], capacity: number, forward = true) => {
      const reader = new CopyChunkReader(capacity);
      for (const m of msgs) {
        const copy = Buffer.from(m);
        reader.add(copy);
        copy.fill(0); // the driver reuses its buffer: the reader must have taken what it needs
      }
      return reader.finish(forward);
    };
    /** The events of a COPY chunk, the message also read in place from the buffer the visitor gets. */
    const copyEvents = (c: Chunk) =>
      Array.from({ length: c.n }, (_, i) => ({ seq: c.seq[i], stream_id: c.streamId[i], ts: c.ts[i], ingestion_time: c.ingestionTime[i], bytes: c.bytes[i], message: c.message(i), inBuffer: c.bufferOf(i).toString('utf8', MESSAGE_PAD + c.start[i], MESSAGE_PAD + c.end[i]) }));

    it('reads numbers (up to 2^53) and messages (ASCII, other characters, empty, NUL) as the rows hold them', () => {
      const r = [...rows, { seq: 2 ** 53 - 1, stream_id: 7, ts: 0, ingestion_time: 2 ** 40, bytes: 28, message: 'a\u0000' }];
      const sorted = [...r].sort((a, b) => a.ts - b.ts || a.seq - b.seq);
      expect(copyEvents(read(copyMessages(sorted), 10))).toEqual(sorted.map((x) => ({ ...x, inBuffer: x.message })));
      // all ASCII (one slab decoded and sliced) and not
      expect(copyEvents(read(copyMessages(rows.slice(0, 2)), 2)).map((e) => e.message)).toEqual(['hello', '']);
      expect(read(copyMessages([]), 5).n).toBe(0);
      expect(read(copyMessages(rows.slice(0, 1), Buffer.from('ext')), 1).message(0)).toBe('hello'); // a header extension is skipped
    });

    it('keeps messages in slabs: many events over several, one longer than a slab in its own', () => {
      const many: Row[] = Array.from({ length: 3000 }, (_, i) => ({ seq: i, stream_id: 1 + (i % 3), ts: 1000 + i, ingestion_time: 5, bytes: 26 + 40, message: `event ${String(i).padStart(5, '0')} ${i % 7 === 0 ? 'ü' : 'u'}`.padEnd(40, 'x') }));
      many[1500] = { ...many[1500], message: 'L'.repeat(SLAB_BYTES + 10) + 'é' };
      const c = read(copyMessages(many), many.length);
      expect(c.n).toBe(3000);
      const got = copyEvents(c);
      expect(got.map((e) => e.message)).toEqual(many.map((x) => x.message));
      expect(got.every((e) => e.inBuffer === e.message)).toBe(true);
      expect(new Set(Array.from({ length: c.n }, (_, i) => c.bufferOf(i))).size).toBeGreaterThan(2);
    });

    it('puts a chunk delivered out of order back in the walk order, messages with their events', () => {
      const shuffled = [rows[2], rows[0], rows[1]];
      expect(copyEvents(read(copyMessages(shuffled), 3)).map((e) => e.seq)).toEqual([4, 9, 2]);
      expect(copyEvents(read(copyMessages(shuffled), 3, false)).map((e) => e.message)).toEqual(['héllo 😀', '', 'hello']);
    });

    it('refuses output that is not binary COPY of the six columns, more rows than asked, or no trailer', () => {
      const good = copyMessages(rows);
      expect(() => read([Buffer.from('1\t2\n'), ...good.slice(1)], 3)).toThrow(/not binary COPY/);
      expect(() => read(good, 2)).toThrow(/more rows/);
      expect(() => read(good.slice(0, -1), 3)).toThrow(/trailer/);
      const five = Buffer.from(good[1]);
      five.writeInt16BE(5, 0);
      expect(() => read([good[0], five], 3)).toThrow(/5 fields/);
      expect(() => read([good[0], good[1].subarray(0, good[1].length - 1)], 3)).toThrow(/shorter/);
      expect(() => read([good[0], good[2].subarray(0, good[2].length - 1)], 3)).toThrow(/message length/);
      const intBytes = Buffer.from(good[1]);
      intBytes.writeInt32BE(8, 2 + 48); // `bytes` sent as a bigint
      expect(() => read([good[0], intBytes], 3)).toThrow();
      // each of the four bigint columns' length is checked, not only the first's
      for (const at of [2, 14, 26, 38]) {
        const short = Buffer.from(good[1]);
        short.writeInt32BE(4, at);
        expect(() => read([good[0], short], 3)).toThrow(/not a bigint/);
      }
    });

    it('reads each 32-bit half of a bigint unsigned where it must be: low words with the top bit set, int4 near its limits', () => {
      const edge: Row[] = [
        { seq: 2 ** 31, stream_id: 2 ** 32 - 1, ts: 2 ** 32 + 2 ** 31 + 5, ingestion_time: 3 * 2 ** 31, bytes: 2 ** 31 - 1, message: 'a' },
        { seq: 2 ** 31 + 1, stream_id: 0, ts: 2 ** 52 + 2 ** 31, ingestion_time: 2 ** 53 - 2, bytes: 0, message: '' },
      ];
      expect(copyEvents(read(copyMessages(edge), 2))).toEqual(edge.map((x) => ({ ...x, inBuffer: x.message })));
    });
  });
});
