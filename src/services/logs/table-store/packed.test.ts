// The packed chunk (migration 0043's two text values) read back as the events it holds, in the walk's order.
import { describe, expect, it } from 'vitest';
import { Chunk, MESSAGE_PAD } from './packed.js';

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
});

