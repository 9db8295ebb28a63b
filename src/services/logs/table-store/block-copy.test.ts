import { describe, expect, it } from 'vitest';
import { BlockCopyReader } from './block-copy.js';

const header = Buffer.concat([Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'), Buffer.alloc(8)]);
const int8 = (v: number) => {
  const b = Buffer.alloc(12);
  b.writeInt32BE(8, 0);
  b.writeBigInt64BE(BigInt(v), 4);
  return b;
};
function row(blockId: number, streamId: number, firstSeq: number, body: Buffer, fields = 4): Buffer {
  const n = Buffer.alloc(2);
  n.writeInt16BE(fields);
  const len = Buffer.alloc(4);
  len.writeInt32BE(body.length);
  return Buffer.concat([n, int8(blockId), int8(streamId), int8(firstSeq), len, body]);
}
const trailer = Buffer.from([0xff, 0xff]);

describe('BlockCopyReader', () => {
  it('reads each row, its body copied out of the driver buffer', () => {
    const r = new BlockCopyReader();
    const first = Buffer.concat([header, row(7, 2, 10_000, Buffer.from('abc'))]);
    r.add(first);
    first.fill(0); // the driver reuses its buffer
    r.add(row(9, 3, 20_000, Buffer.alloc(0)));
    expect(() => r.finish()).toThrow(/no trailer/);
    r.add(trailer);
    expect(r.finish().map((x) => [x.blockId, x.streamId, x.firstSeq, x.body.toString()])).toEqual([
      [7, 2, 10_000, 'abc'],
      [9, 3, 20_000, ''],
    ]);
  });

  it('throws on what is not its rows', () => {
    expect(() => new BlockCopyReader().add(Buffer.from('not a copy header at all'))).toThrow(/binary COPY/);
    expect(() => new BlockCopyReader().add(Buffer.concat([header, row(1, 1, 1, Buffer.from('x'), 3)]))).toThrow(/3 fields/);
    const short = Buffer.concat([header, row(1, 1, 1, Buffer.from('xyz'))]);
    expect(() => new BlockCopyReader().add(short.subarray(0, short.length - 1))).toThrow(/length/);
    expect(() => new BlockCopyReader().add(Buffer.concat([header, row(1, 1, 1, Buffer.from('x'))]).subarray(0, header.length + 20))).toThrow(/not \(bigint/);
    const r = new BlockCopyReader();
    r.add(header);
    expect(() => r.add(Buffer.concat([trailer, Buffer.alloc(1)]))).toThrow(/after the trailer/);
  });
});
