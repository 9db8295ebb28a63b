/**
 * Blocks (block.ts) read by binary COPY: rows (block id, stream id, first sequence number: bigint; body bytea), one CopyData message
 * each. Each body is copied out of the driver's buffer (which it reuses), one copy per block, so a visitor may keep
 * views of its messages. Prototype: only bench/pg-packed.ts uses it so far.
 */
import type { CopySink } from './copy.js';

const COPY_SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');

export interface BlockRow {
  blockId: number;
  streamId: number;
  firstSeq: number;
  body: Buffer;
}

export class BlockCopyReader implements CopySink {
  readonly rows: BlockRow[] = [];
  private header = false;
  private done = false;

  add(data: Buffer): void {
    let o = 0;
    if (!this.header) {
      if (data.length < 19 || !data.subarray(0, 11).equals(COPY_SIGNATURE)) throw new Error('COPY blocks: not binary COPY output');
      o = 19 + data.readInt32BE(15);
      this.header = true;
    }
    if (o === data.length) return;
    const fields = data.readInt16BE(o);
    o += 2;
    if (fields === -1) {
      this.done = true;
      if (o !== data.length) throw new Error('COPY blocks: bytes after the trailer');
      return;
    }
    if (fields !== 4 || this.done) throw new Error(`COPY blocks: a row of ${fields} fields`);
    if (o + 40 > data.length || data.readInt32BE(o) !== 8 || data.readInt32BE(o + 12) !== 8 || data.readInt32BE(o + 24) !== 8) throw new Error('COPY blocks: not (bigint, bigint, bigint, bytea)');
    const blockId = Number(data.readBigInt64BE(o + 4));
    const streamId = Number(data.readBigInt64BE(o + 16));
    const firstSeq = Number(data.readBigInt64BE(o + 28));
    const length = data.readInt32BE(o + 36);
    o += 40;
    if (length < 0 || o + length !== data.length) throw new Error('COPY blocks: body length does not match the row');
    const body = Buffer.allocUnsafe(length);
    data.copy(body, 0, o, o + length);
    this.rows.push({ blockId, streamId, firstSeq, body });
  }
}
