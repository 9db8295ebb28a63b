// The text reader decodes and cuts in one loop (readTextBatches): the same batches as segmentLineBatches over
// decodeText, for any bytes (BOMs, UTF-16, invalid and cut UTF-8, short streams) in any chunking.
import { describe, expect, it } from 'vitest';
import { bytesOf, markBytes } from './bytes.js';
import { decodeText } from './decode.js';
import { readTextBatches, segmentLineBatches } from './text.js';
import { limits } from './test-support.js';
import type { Segment } from './types.js';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

const PIECES = ['line', ' ', '\n', '\r\n', 'é', 'ü', '€', '😀', '555-0100', 'x'.repeat(40)];

function randomBytes(r: () => number): Uint8Array {
  const kind = r();
  const text = Array.from({ length: Math.floor(r() * 300) }, () => PIECES[Math.floor(r() * PIECES.length)]).join('');
  if (kind < 0.1) return Buffer.from(text, 'utf16le');
  if (kind < 0.15) return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
  if (kind < 0.25) return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]);
  const bytes = Buffer.from(text);
  if (kind < 0.4) for (let i = 0; i < 3 && bytes.length > 0; i++) bytes[Math.floor(r() * bytes.length)] = 0x80 + Math.floor(r() * 0x80);
  if (kind < 0.45) return bytes.subarray(0, Math.floor(r() * 5));
  return bytes;
}

async function* chunked(bytes: Uint8Array, r: () => number): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < bytes.length; ) {
    const n = r() < 0.1 ? 0 : 1 + Math.floor(r() * 64);
    yield bytes.subarray(at, at + n);
    at += n;
  }
}

async function batches(gen: AsyncIterable<Segment[]>): Promise<Segment[][]> {
  const out: Segment[][] = [];
  for await (const b of gen) out.push(b);
  return out;
}

describe('readTextBatches', () => {
  it('gives segmentLineBatches(decodeText(…))’s batches for 600 random byte streams in random chunks', async () => {
    const small = limits({ maxSegmentChars: 48, maxLineBytes: 64, seamContextChars: 8, seamLookaheadChars: 12 });
    for (let seed = 1; seed <= 600; seed++) {
      const bytes = randomBytes(rng(seed));
      const lim = seed % 2 ? small : limits();
      const got = await batches(readTextBatches(chunked(bytes, rng(seed * 7)), lim));
      const want = await batches(segmentLineBatches(decodeText(chunked(bytes, rng(seed * 7))), lim));
      expect(got, `seed ${seed}`).toEqual(want);
    }
  });
});

describe('bytesOf', () => {
  it('hands a marked stream on as it is, and normalizes any other', async () => {
    const marked = markBytes(chunked(Buffer.from('abc'), rng(1)));
    expect(bytesOf(marked)).toBe(marked);
    const plain = (async function* () {
      yield 'é';
      yield new Uint8Array(0);
      yield Buffer.from('x');
    })();
    const out: number[][] = [];
    for await (const c of bytesOf(plain)) out.push([...c]);
    expect(out).toEqual([[0xc3, 0xa9], [0x78]]);
  });
});
