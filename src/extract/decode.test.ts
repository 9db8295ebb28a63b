import { describe, expect, it } from 'vitest';
import { readCsv } from './csv.js';
import { decodeText } from './decode.js';
import { readJsonLines } from './json.js';
import { collect, limits, streamOf } from './test-support.js';

async function* stream(chunks: Uint8Array[]): AsyncGenerator<Uint8Array> {
  yield* chunks;
}

async function decodeAll(chunks: Uint8Array[], encoding?: 'utf-8', pieceBytes?: number): Promise<string> {
  let out = '';
  for await (const text of decodeText(stream(chunks), encoding, pieceBytes)) out += text;
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

  it('decodes larger chunks of mixed, cut and invalid UTF-8 as one TextDecoder, encoding sniffed or given', async () => {
    const r = rng(11);
    for (let round = 0; round < 200; round++) {
      const parts: Buffer[] = [];
      const count = 1 + Math.floor(r() * 400);
      for (let i = 0; i < count; i++) parts.push(r() < 0.02 ? INVALID[Math.floor(r() * INVALID.length)] : PIECES[Math.floor(r() * PIECES.length)]);
      if (r() < 0.2) parts.unshift(Buffer.from([0xef, 0xbb, 0xbf]));
      const all = Buffer.concat(parts);
      // Chunks of 1 byte to 2 KiB, some only continuation bytes; a reused buffer would change under a held copy.
      const chunks: Uint8Array[] = [];
      for (let at = 0; at < all.length; ) {
        const len = Math.min(all.length - at, r() < 0.3 ? 1 + Math.floor(r() * 3) : 1 + Math.floor(r() * 2048));
        chunks.push(Uint8Array.from(all.subarray(at, at + len)));
        at += len;
      }
      const expected = new TextDecoder('utf-8').decode(all);
      expect(await decodeAll(chunks)).toBe(expected);
      expect(await decodeAll(chunks, 'utf-8')).toBe(expected);
      expect(await decodeAll(chunks, undefined, 1 + Math.floor(r() * 300))).toBe(expected);
    }
  });

  it('decodes in pieces of at most pieceBytes, UTF-16 too', async () => {
    const text = 'Müller 😀 536-90-4399 '.repeat(500);
    const pieces: string[] = [];
    for await (const t of decodeText(stream([Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)])]), undefined, 1000)) pieces.push(t);
    expect(pieces.join('')).toBe(text);
    expect(pieces.length).toBeGreaterThan(10);
    expect(Math.max(...pieces.map((p) => p.length))).toBeLessThanOrEqual(1000);
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const out: string[] = [];
    for await (const t of decodeText(stream([utf16]), undefined, 999)) out.push(t);
    expect(out.join('')).toBe(text);
    expect(Math.max(...out.map((p) => p.length))).toBeLessThanOrEqual(500);
  });

  it('keeps a U+FEFF that is not at the start of the stream', async () => {
    const bom = [0xef, 0xbb, 0xbf];
    expect(await decodeAll([Buffer.from('abcd'), Buffer.from([...bom, 0x78, 0xc3, 0xa9])])).toBe('abcd\ufeffxé');
    expect(await decodeAll([Buffer.from([...bom, ...bom, 0x61, 0x62])], 'utf-8')).toBe('\ufeffab');
    expect(await decodeAll([Buffer.from([0xef]), Buffer.from([0xbb]), Buffer.from([0xbf, 0x61])], 'utf-8')).toBe('a');
  });

  it('holds a sequence cut over several chunks and flushes one cut at the end', async () => {
    const emoji = Buffer.from('x😀y');
    expect(await decodeAll([emoji.subarray(0, 2), emoji.subarray(2, 3), emoji.subarray(3, 4), emoji.subarray(4)])).toBe('x😀y');
    expect(await decodeAll([Buffer.from('abcd'), Buffer.from([0xf0, 0x9f])])).toBe('abcd\ufffd');
    expect(await decodeAll([Buffer.from('abcd'), Buffer.from([0xe2]), Buffer.from('z')])).toBe('abcd\ufffdz');
  });
});

describe('readers over chunks decoded in pieces', () => {
  // A megabyte chunk is decoded 64 KiB at a time (PIECE_BYTES): multi-byte characters fall on piece boundaries.
  const names = ['Müller', 'Fernández', 'Żółć', '日本', '😀 ok'];
  it('CSV: the same cells from one 150 KB chunk as from 1021-byte chunks', async () => {
    const rows = ['id,name,ssn'];
    for (let i = 0, length = 0; length < 150_000; i++) {
      rows.push(`${i},"${names[i % names.length]} ${i}",${i % 50 === 0 ? '536-90-4399' : 'n/a'}`);
      length += rows[rows.length - 1].length + 1;
    }
    const csv = rows.join('\n') + '\n';
    const whole = await collect(readCsv(streamOf(csv, csv.length), limits()));
    expect(JSON.stringify(whole)).toBe(JSON.stringify(await collect(readCsv(streamOf(csv, 1021), limits()))));
    expect(whole.some((s) => s.text === 'Żółć 2')).toBe(true);
  });

  it('JSON Lines: the same values from one 150 KB chunk as from 1021-byte chunks', async () => {
    const lines: string[] = [];
    for (let i = 0, length = 0; length < 150_000; i++) {
      lines.push(JSON.stringify({ id: i, name: `${names[i % names.length]} ${i}`, note: 'ok' }));
      length += lines[lines.length - 1].length + 1;
    }
    const jsonl = lines.join('\n') + '\n';
    const whole = await collect(readJsonLines(streamOf(jsonl, jsonl.length), limits()));
    expect(JSON.stringify(whole)).toBe(JSON.stringify(await collect(readJsonLines(streamOf(jsonl, 1021), limits()))));
    expect(whole.some((s) => s.text === '日本 3')).toBe(true);
  });
});

describe('decodeText: long texts through the installed maker (the scan path: the native addon\'s external strings)', () => {
  it('hands bodies of LARGE_TEXT_BYTES or more to the maker (ASCII or valid UTF-8), shorter ones and invalid UTF-8 to V8', async () => {
    const { LARGE_TEXT_BYTES, useLargeTextMaker } = await import('./decode.js');
    const calls: Array<[number, boolean]> = [];
    const previous = useLargeTextMaker((bytes, ascii) => {
      calls.push([bytes.length, ascii]);
      return Buffer.from(bytes).toString(ascii ? 'latin1' : 'utf8');
    });
    try {
      const ascii = Buffer.alloc(LARGE_TEXT_BYTES, 'a');
      const utf8 = Buffer.from('Müller 日本 😀\n'.repeat(Math.ceil(LARGE_TEXT_BYTES / 20)));
      const short = Buffer.alloc(LARGE_TEXT_BYTES - 1, 'b');
      const invalid = Buffer.concat([Buffer.alloc(LARGE_TEXT_BYTES, 'c'), Buffer.from([0xff, 0x41])]);
      expect(await decodeAll([ascii])).toBe(ascii.toString('latin1'));
      expect(await decodeAll([utf8])).toBe(utf8.toString('utf8'));
      expect(await decodeAll([short])).toBe(short.toString('latin1'));
      expect(await decodeAll([invalid])).toBe(new TextDecoder().decode(invalid));
      expect(calls).toEqual([[ascii.length, true], [utf8.length, false]]);
    } finally {
      useLargeTextMaker(previous);
    }
  });
});
