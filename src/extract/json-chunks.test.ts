// jsonChunks against decodeText: the same pieces (count, order, text) for any bytes and chunking, valid UTF-8 pieces
// as their bytes and Latin-1 reading. The JSON tokenizer's events depend on where its parts end, so the pieces must be
// decodeText's exactly, not only their concatenation. Seeded, so a failure reproduces.
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../common/seeded-random.js';
import { decodeText, PIECE_BYTES, type TextEncodingName } from './decode.js';
import { jsonChunks } from './json-chunks.js';

/** Bytes from `chunks` as a source (no empty chunk: bytesOf drops those). */
async function* source(chunks: Uint8Array[]): AsyncGenerator<Uint8Array> {
  for (const c of chunks) yield c;
}

/** Random cuts of `bytes` into chunks, some larger than a piece. */
function chunked(r: () => number, bytes: Uint8Array, piece: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let at = 0; at < bytes.length; ) {
    const n = 1 + Math.floor(r() * (r() < 0.2 ? 3 * piece : r() < 0.5 ? 8 : piece));
    out.push(bytes.subarray(at, at + n));
    at += n;
  }
  return out;
}

const PARTS = ['a', '{"k": "v"}\n', '\u00e9', '\u20ac', '\u{1F600}', '\ufeff'];

function bytesOf(r: () => number): Uint8Array {
  let text = '';
  for (let k = Math.floor(r() * 120); k > 0; k--) text += PARTS[Math.floor(r() * PARTS.length)];
  let bytes: Uint8Array = Buffer.from(text, 'utf8');
  const x = r();
  if (x < 0.15) bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes]);
  else if (x < 0.25) bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
  else if (x < 0.3) bytes = Buffer.from(text, 'utf16le');
  // Invalid UTF-8: stray continuation bytes, cut sequences, bad leads.
  if (r() < 0.3) {
    const b = Buffer.from(bytes);
    for (let m = 1 + Math.floor(r() * 3); m > 0 && b.length > 0; m--) b[Math.floor(r() * b.length)] = [0x80, 0xc3, 0xe2, 0xf0, 0xff][Math.floor(r() * 5)];
    bytes = b;
  }
  if (r() < 0.1) bytes = bytes.subarray(0, Math.floor(r() * 5));
  return bytes;
}

async function both(chunks: Uint8Array[], encoding: TextEncodingName | undefined, piece: number): Promise<[string[], string[], number]> {
  const expected: string[] = [];
  for await (const text of decodeText(source(chunks), encoding, piece)) expected.push(text);
  const got: string[] = [];
  let byteMode = 0;
  for await (const c of jsonChunks(source(chunks), encoding, piece)) {
    if (c.bytes !== undefined) {
      // The Latin-1 reading of the bytes, which are valid UTF-8.
      expect(c.text).toBe(Buffer.from(c.bytes).toString('latin1'));
      got.push(Buffer.from(c.bytes).toString('utf8'));
      byteMode++;
    } else got.push(c.text);
  }
  return [got, expected, byteMode];
}

describe('jsonChunks', () => {
  it('gives decodeText’s pieces for any bytes and chunking, valid UTF-8 undecoded', async () => {
    const r = seededRandom(20261207);
    let byteMode = 0;
    for (let n = 0; n < 3000; n++) {
      const bytes = bytesOf(r);
      const piece = 1 + Math.floor(r() * 40);
      const encoding = r() < 0.1 ? (['utf-8', 'utf-16le'] as const)[Math.floor(r() * 2)] : undefined;
      const [got, expected, b] = await both(chunked(r, bytes, piece), encoding, piece);
      expect(got, JSON.stringify({ bytes: [...bytes], piece, encoding })).toEqual(expected);
      byteMode += b;
    }
    expect(byteMode).toBeGreaterThan(10_000);
  });

  it('reads a large UTF-8 file in byte mode, piece by piece', async () => {
    const text = '{"name": "M\u00fcller \u20ac \u{1F600}"}\n'.repeat(20_000);
    const chunks = chunked(seededRandom(3), Buffer.from(text, 'utf8'), 1 << 20);
    const [got, expected, byteMode] = await both(chunks, undefined, PIECE_BYTES);
    expect(got).toEqual(expected);
    expect(byteMode).toBe(got.length);
  });
});
