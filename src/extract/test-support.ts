/** Helpers for this folder's tests: fixtures as streams, collected segments. (Not exported from index.ts.) */
import { Readable } from 'node:stream';
import { defaultScanLimits, type ScanLimits } from '../common/index.js';
import type { Segment } from './types.js';

export const limits = (overrides: Partial<ScanLimits> = {}): ScanLimits => ({ ...defaultScanLimits, ...overrides });

/** A stream that hands over `data` in chunks of `chunkSize` bytes (so readers see chunk boundaries everywhere). */
export function streamOf(data: string | Uint8Array, chunkSize = 7): Readable {
  const bytes = typeof data === 'string' ? Buffer.from(data) : Buffer.from(data);
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += chunkSize) chunks.push(bytes.subarray(i, i + chunkSize));
  return Readable.from(chunks);
}

/** A stream that hands over `text` in chunks of 1..`max` bytes drawn from `r` (cuts inside characters too). */
export function streamInRandomChunks(text: string, r: () => number, max: number): Readable {
  const bytes = Buffer.from(text);
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; ) {
    const n = 1 + Math.floor(r() * max);
    chunks.push(bytes.subarray(i, i + n));
    i += n;
  }
  return Readable.from(chunks);
}

export async function collect(gen: AsyncIterable<Segment>): Promise<Segment[]> {
  const out: Segment[] = [];
  for await (const s of gen) out.push(s);
  return out;
}
