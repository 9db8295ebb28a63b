import { describe, expect, it } from 'vitest';
import { decodeText, endsInSequence } from './decode.js';

async function decodeAll(chunks: Uint8Array[]): Promise<string> {
  let out = '';
  for await (const text of decodeText((async function* () { yield* chunks; })())) out += text;
  return out;
}

/** A small deterministic generator. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const PIECES = ['plain ascii text ', 'Müller ', '€', '😀', '\n', 'x', '日本'].map((t) => Buffer.from(t));
const INVALID = [Buffer.from([0xff]), Buffer.from([0xf0, 0x90]), Buffer.from([0xe2, 0x82]), Buffer.from([0x80]), Buffer.from([0xc3])];

describe('decodeText', () => {
  it('decodes UTF-8 cut anywhere, valid or not, exactly as one TextDecoder over the whole input (ASCII fast path included)', async () => {
    const r = rng(7);
    for (let round = 0; round < 300; round++) {
      const parts: Buffer[] = [];
      const count = 1 + Math.floor(r() * 40);
      for (let i = 0; i < count; i++) parts.push(r() < 0.1 ? INVALID[Math.floor(r() * INVALID.length)] : PIECES[Math.floor(r() * PIECES.length)]);
      const all = Buffer.concat(parts);
      // Cut into chunks of 1 to 9 bytes: sequences split across chunks, ASCII chunks right after a cut sequence.
      const chunks: Uint8Array[] = [];
      for (let at = 0; at < all.length; ) {
        const len = Math.min(all.length - at, 1 + Math.floor(r() * 9));
        chunks.push(all.subarray(at, at + len));
        at += len;
      }
      expect(await decodeAll(chunks)).toBe(new TextDecoder('utf-8').decode(all));
    }
  });

  it('drops a UTF-8 byte order mark and decodes UTF-16 by its mark', async () => {
    expect(await decodeAll([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('abc ssn')])).toBe('abc ssn');
    expect(await decodeAll([Buffer.from([0xff, 0xfe, 0x61, 0x00, 0x62, 0x00])])).toBe('ab');
  });

  it('knows when bytes end inside a multi-byte sequence', () => {
    expect(endsInSequence(Buffer.from('abc'))).toBe(false);
    expect(endsInSequence(Buffer.from('ab€'))).toBe(false);
    expect(endsInSequence(Buffer.from('ab€').subarray(0, 4))).toBe(true);
    expect(endsInSequence(Buffer.from('😀').subarray(0, 3))).toBe(true);
    expect(endsInSequence(Buffer.from([0x61, 0xc3]))).toBe(true);
    // Continuation bytes alone: their lead may have come in an earlier chunk.
    expect(endsInSequence(Buffer.from([0x80]))).toBe(true);
  });
});
