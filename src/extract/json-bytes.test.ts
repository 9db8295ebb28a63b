// The JSON readers in byte mode (valid UTF-8 read undecoded: json-chunks.ts, the tokenizer's byte mode) against the
// same readers reading decoded text (SIFT_NATIVE=0: no native pass, so no byte mode): the same segments in the same
// order, the same errors, on documents with non-ASCII text of every UTF-8 length where the reader cuts its parts
// (every FEED_CHARS UTF-16 units, 64 KiB pieces), long strings handed on in pieces, escapes and malformed records.
import { Readable } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import { seededRandom } from '../common/seeded-random.js';
import { jsonReadersWith, type JsonReaders } from './json-test-readers.js';
import { collect, limits, streamInRandomChunks } from './test-support.js';

type Readers = JsonReaders;

async function readersWith(native: boolean): Promise<Readers> {
  const { readers, loaded } = await jsonReadersWith(native, () => vi.resetModules());
  expect(loaded).toBe(native);
  return readers;
}

const WORDS = ['Ann', 'M\u00fcller', '\u20ac12', '\u{1F600}', 'caf\u00e9 \u00e0 la carte', 'x', 'tab\\t', '\\u00e9\\ud83d\\ude00', '123-45-6789'];

function text(r: () => number, long: boolean): string {
  let s = '';
  for (let k = long ? 200 + Math.floor(r() * 2000) : Math.floor(r() * 6); k > 0; k--) s += WORDS[Math.floor(r() * WORDS.length)] + (r() < 0.5 ? ' ' : '');
  return s;
}

function recordOf(r: () => number, i: number): string {
  const name = r() < 0.1 ? `n\u00e4me${i % 7}` : 'name';
  return `{"id": ${i}, "${name}": "${text(r, r() < 0.02)}", "tags": ["${text(r, false)}", ${r() < 0.5 ? 'true' : '-1.5e3'}], "\u{1F600}": {"k": "${text(r, false)}"}}`;
}

async function outcome(read: () => AsyncIterable<unknown>): Promise<unknown> {
  try {
    return await collect(read() as AsyncIterable<never>);
  } catch (err) {
    return (err as Error).message;
  }
}

describe.runIf(process.env.SIFT_NATIVE !== '0')('JSON readers in byte mode', () => {
  it('give the text readers’ segments and errors, across parts and pieces, JSON and JSON Lines', async () => {
    const text = await readersWith(false);
    const bytes = await readersWith(true);
    const r = seededRandom(20261207);
    const small = limits({ maxSegmentChars: 64, seamContextChars: 8, seamLookaheadChars: 16 });
    for (let round = 0; round < 6; round++) {
      const records = Array.from({ length: 200 + Math.floor(r() * 600) }, (_, i) => recordOf(r, i));
      let json = `\ufeff{"records": [${records.join(',\n')}]}`;
      let lines = records.join('\n') + '\n';
      if (round % 3 === 2) {
        // Malformed: a non-ASCII character where a value must be (the error's message names it), or a bad escape.
        json = json.replace('"tags": [', `"tags": [${['\u00e9', '\u{1F600}', '"\\\u00e9"'][Math.floor(round / 3) % 3]}`);
        lines = lines.replace(/\n/g, (m) => (r() < 0.05 ? ' \u20ac\n' : r() < 0.05 ? '"\\u\u00e9"\n' : m));
      }
      for (const lim of [limits(), small]) {
        for (const max of [1 << 20, 5000]) {
          const seed = Math.floor(r() * 1e9);
          const chunks = () => streamInRandomChunks(json, seededRandom(seed), max);
          const lineChunks = () => streamInRandomChunks(lines, seededRandom(seed), max);
          const expected = await outcome(() => text.readJson(chunks(), lim));
          expect(await outcome(() => bytes.readJson(chunks(), lim))).toEqual(expected);
          const expectedLines = await outcome(() => text.readJsonLines(lineChunks(), lim));
          expect(await outcome(() => bytes.readJsonLines(lineChunks(), lim))).toEqual(expectedLines);
        }
      }
    }
    // Invalid UTF-8 is read as decoded text (TextDecoder's replacement characters), as before.
    const bad = Buffer.concat([Buffer.from('{"a": "x'), Buffer.from([0xff, 0xc3]), Buffer.from('y", "b": "\u00e9"}')]);
    const read = (readers: Readers) => collect(readers.readJson(Readable.from([bad]), limits()));
    expect(await read(bytes)).toEqual(await read(text));
  }, 60_000);
});
