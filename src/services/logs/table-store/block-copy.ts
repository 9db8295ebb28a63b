/**
 * Blocks (block.ts) read by binary COPY: rows (block id, stream id, first sequence number: bigint; body bytea), one CopyData message
 * each. Each body is copied out of the driver's buffer (which it reuses), one copy per block, so a visitor may keep
 * views of its messages. Prototype: only bench/pg-packed.ts uses it so far.
 */
import type { CopySink } from './copy.js';
import { CopyFrame } from './copy-frame.js';

export interface BlockRow {
  blockId: number;
  streamId: number;
  firstSeq: number;
  body: Buffer;
}

export class BlockCopyReader implements CopySink {
  private readonly rows: BlockRow[] = [];
  private readonly frame = new CopyFrame('COPY blocks');

  add(data: Buffer): void {
    let o = this.frame.row(data, 4);
    if (o < 0) return;
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

  /** The rows read; throws if the output ended without its trailer. */
  finish(): BlockRow[] {
    if (!this.frame.done) throw new Error('COPY blocks: no trailer');
    return this.rows;
  }
}
