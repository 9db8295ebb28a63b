// The addon's Latin-1 reading of UTF-8 (utf8-latin1.h) against V8's decoder: taken exactly when the bytes are valid
// UTF-8 of characters at most U+00FF, and then the same string; and decodeText using it for such chunks.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { seededRandom } from '../common/seeded-random.js';
import { decodeText, PIECE_BYTES } from './decode.js';
import { LATIN1_MAX_BYTES, latin1Text } from './latin1-text.js';
import { csvSplitPass } from './native/csv-split.js';

const native = csvSplitPass();
/** Latin-1 (ASCII, C2 xx, C3 xx at their edges), wider characters, and bytes that are not UTF-8 (overlong C0/C1 among them). */
const ATOMS: Array<number[]> = [
  ...['a', 'Zo', ' ', '\n', '\u0080', '\u00bf', '\u00c0', '\u00e1', '\u00fc', '\u00ff', '\u0100', '\u0142', '\u20ac', '\u{1F600}'].map((t) => [...Buffer.from(t)]),
  [0xc0, 0x80], [0xc1, 0xbf], [0xc3], [0xc3, 0x41], [0xc2, 0xc3, 0xa1], [0x80], [0xff], [0xe2, 0x82],
];

function bytesOf(r: () => number): Buffer {
  const out: number[] = [];
  const ascii = r() < 0.5 ? Math.floor(r() * 40) : 0; // runs of ASCII longer than a 16-byte block, then an atom
  for (let k = Math.floor(r() * 24); k > 0; k--) {
    for (let a = Math.floor(r() * ascii); a > 0; a--) out.push(0x20 + Math.floor(r() * 95));
    const atom = ATOMS[Math.floor(r() * (r() < 0.8 ? 10 : ATOMS.length))];
    out.push(...atom);
  }
  return Buffer.from(out);
}

const decoder = new TextDecoder('utf-8', { fatal: true });
/** V8's reading when the bytes are valid UTF-8 of characters at most U+00FF, else undefined. */
function expected(bytes: Uint8Array): string | undefined {
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    return undefined;
  }
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0xff) return undefined;
  return text;
}

describe.skipIf(native === undefined)('latin1 (utf8-latin1.h)', () => {
  it('takes exactly the valid UTF-8 of characters up to U+00FF, giving the decoder\'s string, at any offset and length', () => {
    const r = seededRandom(12);
    const out = Buffer.alloc(4096);
    let taken = 0;
    for (let round = 0; round < 5000; round++) {
      const bytes = bytesOf(r);
      // Inside a larger buffer, at an odd offset: the pass must stop at the view's end.
      const host = Buffer.alloc(bytes.length + 40, 0xc3);
      const at = Math.floor(r() * 20);
      bytes.copy(host, at);
      const view = host.subarray(at, at + bytes.length);
      const n = native!.latin1(view, out);
      const want = expected(view);
      expect(n >= 0 ? out.toString('latin1', 0, n) : undefined, JSON.stringify([...view])).toBe(want);
      if (want !== undefined && want.length > 0) taken++;
    }
    expect(taken).toBeGreaterThan(1000);
  });

  it('rejects an output shorter than the bytes, and arguments of other types', () => {
    expect(() => native!.latin1(Buffer.alloc(8), Buffer.alloc(7))).toThrow(RangeError);
    expect(() => native!.latin1(new Uint16Array(4) as unknown as Uint8Array, Buffer.alloc(8))).toThrow(TypeError);
  });
});

describe.skipIf(native === undefined)('decodeText with the Latin-1 reading', () => {
  afterEach(() => vi.restoreAllMocks());

  it('reads chunks of Latin-1 characters through the addon, the text the same as one TextDecoder', async () => {
    const spy = vi.spyOn(native!, 'latin1');
    const text = 'id,name\n' + Array.from({ length: 9000 }, (_, k) => `${k},Carlos Fern\u00e1ndez M\u00fcller,\u00ff\u0080\n`).join('');
    const bytes = Buffer.from(text);
    const chunks = [bytes.subarray(0, 100_001), bytes.subarray(100_001)]; // a sequence cut between chunks
    let out = '';
    for await (const piece of decodeText((async function* () { yield* chunks; })(), undefined, PIECE_BYTES)) out += piece;
    expect(out).toBe(text);
    expect(spy.mock.calls.length).toBeGreaterThan(3);
    expect(spy.mock.results.every((x) => (x.value as number) >= 0)).toBe(true);
  });

  it('leaves other text to the decoder', async () => {
    expect(latin1Text(Buffer.from('\u0141ukasz'))).toBeUndefined();
    expect(latin1Text(Buffer.from('M\u00fcller'))).toBe('M\u00fcller');
    // A body longer than the kept output is decoded by V8 (the output would otherwise grow to it for good).
    expect(latin1Text(Buffer.from('\u00e9'.repeat(LATIN1_MAX_BYTES / 2)))).toBe('\u00e9'.repeat(LATIN1_MAX_BYTES / 2));
    expect(latin1Text(Buffer.from('\u00e9'.repeat(LATIN1_MAX_BYTES / 2 + 1)))).toBeUndefined();
    const text = 'a,\u0141ukasz \u{1F600}\n'.repeat(5000);
    let out = '';
    for await (const piece of decodeText((async function* () { yield Buffer.from(text); })(), undefined, PIECE_BYTES)) out += piece;
    expect(out).toBe(text);
  });
});
