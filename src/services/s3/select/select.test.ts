// S3 Select's run over streams: events come out while the object is still being read (nothing is buffered whole),
// LIMIT stops reading, Progress and Cont go out as input is processed, and the event stream framing carries valid
// CRCs that a decoder written from the format's description accepts.
import { Readable } from 'node:stream';
import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { encodeEventMessage } from '../../../protocol/event-stream.js';
import { planSelect, runSelect, type SelectEvent } from './run.js';

const ROW = 'aaaaaaaaaa,bbbbbbbbbb,cccccccccc\n';

/** A CSV source of `rows` rows that records how many bytes have been handed out. */
function source(rows: number) {
  const state = { produced: 0, total: rows * ROW.length };
  const stream = Readable.from(
    (function* () {
      const chunk = Buffer.from(ROW.repeat(1000));
      for (let i = 0; i < rows / 1000; i++) {
        state.produced += chunk.length;
        yield chunk;
      }
    })(),
  );
  return { state, open: async () => stream };
}

const plan = (Expression: string, progress = false) =>
  planSelect({ Expression, ExpressionType: 'SQL', InputSerialization: { CSV: {} }, OutputSerialization: { CSV: {} }, RequestProgress: { Enabled: progress } });

describe('runSelect', () => {
  it('sends Cont while nothing matches, before the whole object is read', async () => {
    const src = source(80_000);
    let contAt: number | undefined;
    let ended = false;
    for await (const ev of runSelect(plan("SELECT * FROM S3Object WHERE _1 = 'zzz'"), src.state.total, src.open)) {
      if (ev.Cont && contAt === undefined) contAt = src.state.produced;
      if (ev.End) ended = true;
    }
    expect(contAt).toBeDefined();
    expect(contAt!).toBeLessThan(src.state.total / 2);
    expect(ended).toBe(true);
  });

  it('sends Records in bounded batches as it goes, and Progress when asked', async () => {
    const src = source(40_000);
    const events: SelectEvent[] = [];
    let firstRecordsAt: number | undefined;
    for await (const ev of runSelect(plan('SELECT _2 FROM S3Object', true), src.state.total, src.open)) {
      if (ev.Records && firstRecordsAt === undefined) firstRecordsAt = src.state.produced;
      events.push(ev);
    }
    expect(firstRecordsAt!).toBeLessThan(src.state.total / 2);
    const records = events.filter((e) => e.Records).map((e) => e.Records!.Payload!.length);
    expect(Math.max(...records)).toBeLessThan(128 * 1024);
    expect(records.reduce((a, b) => a + b, 0)).toBe(40_000 * 11);
    expect(events.filter((e) => e.Progress).length).toBeGreaterThan(1);
    expect(events.at(-2)?.Stats?.Details).toEqual({ BytesScanned: src.state.total, BytesProcessed: src.state.total, BytesReturned: 40_000 * 11 });
  });

  it('stops reading at the LIMIT', async () => {
    const src = source(200_000);
    const out: string[] = [];
    for await (const ev of runSelect(plan('SELECT _3 FROM S3Object LIMIT 3'), src.state.total, src.open)) if (ev.Records) out.push(Buffer.from(ev.Records.Payload!).toString());
    expect(out.join('')).toBe('cccccccccc\n'.repeat(3));
    expect(src.state.produced).toBeLessThan(src.state.total / 10);
  });
});

describe('event stream framing', () => {
  it('writes prelude, headers, payload and both CRC32s', () => {
    const payload = Buffer.from('a,b\n');
    const msg = encodeEventMessage({ ':event-type': 'Records', ':message-type': 'event' }, payload);
    const total = msg.readUInt32BE(0);
    const headersLength = msg.readUInt32BE(4);
    expect(total).toBe(msg.length);
    expect(msg.readUInt32BE(8)).toBe(crc32(msg.subarray(0, 8)));
    expect(msg.readUInt32BE(total - 4)).toBe(crc32(msg.subarray(0, total - 4)));
    const headers: Record<string, string> = {};
    for (let at = 12; at < 12 + headersLength; ) {
      const nameLength = msg.readUInt8(at);
      const name = msg.subarray(at + 1, at + 1 + nameLength).toString();
      expect(msg.readUInt8(at + 1 + nameLength)).toBe(7);
      const valueLength = msg.readUInt16BE(at + 2 + nameLength);
      headers[name] = msg.subarray(at + 4 + nameLength, at + 4 + nameLength + valueLength).toString();
      at += 4 + nameLength + valueLength;
    }
    expect(headers).toEqual({ ':event-type': 'Records', ':message-type': 'event' });
    expect(msg.subarray(12 + headersLength, total - 4)).toEqual(payload);
  });
});
