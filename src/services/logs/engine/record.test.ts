// The batch writer must lay down the same bytes as the one-record writer the format is defined by (recovery, scans and
// retention read them back with the single-record readers).
import { describe, expect, it } from 'vitest';
import { RECORD_HEADER_BYTES, recordIsIntact, recordMessage, recordSeq, writeRecord, writeRecords } from './record.js';

describe('writeRecords', () => {
  it('writes byte for byte what writeRecord writes, record after record', () => {
    const events = [
      { timestamp: 1_700_000_000_123, message: 'plain' },
      { timestamp: 1_700_000_000_124, message: 'héllo 😀 \u0000 end' },
      { timestamp: 1_700_000_000_124, message: 'x'.repeat(5000) },
    ];
    const sizes = events.map((e) => Buffer.byteLength(e.message, 'utf8'));
    const total = sizes.reduce((n, s) => n + RECORD_HEADER_BYTES + s, 0);
    const one = Buffer.alloc(total);
    let off = 0;
    events.forEach((e, i) => (off += writeRecord(one, off, { timestamp: e.timestamp, ingestionTime: 42, seq: 7 + i, streamId: 3 }, e.message, sizes[i]!)));
    const batch = Buffer.alloc(total);
    writeRecords(batch, events, sizes, 7, 42, 3);
    expect(batch.equals(one)).toBe(true);
    const second = RECORD_HEADER_BYTES + sizes[0]!;
    const length = RECORD_HEADER_BYTES + sizes[1]!;
    expect(recordIsIntact(batch, second, length)).toBe(true);
    expect(recordSeq(batch, second)).toBe(8);
    expect(recordMessage(batch, second, length)).toBe(events[1]!.message);
  });
});
