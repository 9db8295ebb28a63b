import { describe, expect, it } from 'vitest';
import { RECORD_HEADER_BYTES } from '../engine/record.js';
import { BLOCK_HEAD, blockBytes, visitBlock, writeBlock } from './block.js';

const events = [
  { timestamp: 1_700_000_000_000, message: 'first' },
  { timestamp: 1_700_000_000_005, message: 'é ✓ 😀' },
  { timestamp: 1_700_000_000_005, message: '' },
  { timestamp: 1_700_000_000_009, message: '{"level":"ERROR"}' },
];
const sizes = events.map((e) => Buffer.byteLength(e.message));
const all = { startTime: 0, endTime: Number.MAX_SAFE_INTEGER };

function read(body: Buffer, window = all, firstSeq = 40) {
  const out: Array<{ ts: number; seq: number; ingestion: number; message: string }> = [];
  visitBlock(body, firstSeq, window, { timestamp: 0, ingestionTime: 0, seq: 0 }, (e, buf, off, length) => {
    expect(off).toBeGreaterThanOrEqual(0);
    out.push({ ts: e.timestamp, seq: e.seq, ingestion: e.ingestionTime, message: buf.toString('utf8', off + RECORD_HEADER_BYTES, off + length) });
  });
  return out;
}

describe('blocks (packed events of one append)', () => {
  it('gives back every event in order, its sequence number counted from the row, its message in place', () => {
    const body = writeBlock(events, sizes, 1234);
    expect(body.length).toBe(blockBytes(sizes));
    expect(read(body)).toEqual(events.map((e, i) => ({ ts: e.timestamp, seq: 40 + i, ingestion: 1234, message: e.message })));
  });

  it('visits only the window and stops when the visitor says so', () => {
    const body = writeBlock(events, sizes, 1);
    expect(read(body, { startTime: 1_700_000_000_005, endTime: 1_700_000_000_005 }).map((e) => e.seq)).toEqual([41, 42]);
    let seen = 0;
    expect(visitBlock(body, 0, all, { timestamp: 0, ingestionTime: 0, seq: 0 }, () => ++seen < 2)).toBe(false);
    expect(seen).toBe(2);
    expect(visitBlock(body, 0, all, { timestamp: 0, ingestionTime: 0, seq: 0 }, () => undefined)).toBe(true);
  });

  it('throws on a body that does not hold what it says, reading nothing outside it', () => {
    const body = writeBlock(events, sizes, 1);
    expect(() => read(body.subarray(0, BLOCK_HEAD - 1))).toThrow(/head/);
    expect(() => read(body.subarray(0, body.length - 1))).toThrow(/past its end/);
    expect(() => read(body.subarray(0, BLOCK_HEAD + 12 + sizes[0]))).toThrow(/fewer events/);
    expect(() => read(Buffer.concat([body, Buffer.alloc(1)]))).toThrow(/after its last/);
    const more = Buffer.from(body);
    more.writeUInt32BE(events.length + 1, 8);
    expect(() => read(more)).toThrow(/fewer events/);
    const huge = Buffer.from(body);
    huge.writeUInt32BE(0xffffffff, BLOCK_HEAD);
    expect(() => read(huge)).toThrow(/past its end/);
    const version = Buffer.from(body);
    version.writeUInt32BE(2, 12);
    expect(() => read(version)).toThrow(/version/);
  });

  it('refuses sizes that do not match the messages', () => {
    expect(() => writeBlock(events, sizes.slice(1), 1)).toThrow(/one size/);
    expect(() => writeBlock(events, sizes.map((s) => s + 1), 1)).toThrow(/fill/);
  });
});
