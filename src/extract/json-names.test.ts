// The JSON readers with names interned by the native pass (JsonSink.key's id): a member name at the position an
// earlier record had another name at, of the same length, must get its own path and keyword context, whether it is
// known by an id, compared as text or decoded (escapes, non-ASCII); bytes, UTF-16 and SIFT_NATIVE=0 read the same.
import { describe, expect, it, vi } from 'vitest';
import { seededRandom } from '../common/seeded-random.js';
import { jsonReadersWith, type JsonReaders } from './json-test-readers.js';
import { collect, limits, streamInRandomChunks, streamOf } from './test-support.js';

async function readersWith(native: boolean): Promise<{ readers: JsonReaders; loaded: boolean }> {
  return jsonReadersWith(native, () => vi.resetModules());
}

// Names of one length (so only their text tells them apart), with an escape and a non-ASCII one among them.
const NAMES = ['ab', 'cd', 'xy', 'a\\u0062', '\u00e9z'];

function recordOf(r: () => number, i: number): string {
  const pick = () => NAMES[Math.floor(r() * NAMES.length)];
  // Runs of one shape (so names get their ids), then another name at the same position.
  const first = i % 7 < 4 ? 'ab' : pick();
  return `{"${first}": "v${i}", "${pick()}": {"${pick()}": [${i}, {"${pick()}": "w"}]}}`;
}

const utf16 = (text: string): Buffer => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);

describe('JSON readers with interned member names', () => {
  it('give each name its own path and context, by id, by text or decoded, as without the native pass', async () => {
    const native = await readersWith(true);
    const plain = await readersWith(false);
    expect(plain.loaded).toBe(false);
    const r = seededRandom(20261210);
    for (let round = 0; round < 4; round++) {
      const records = Array.from({ length: 400 }, (_, i) => recordOf(r, i));
      const json = `[${records.join(',\n')}]`;
      const lines = records.join('\n') + '\n';
      for (const [doc, name] of [[json, 'readJson'], [lines, 'readJsonLines']] as const) {
        const expected = await collect(plain.readers[name](streamOf(doc), limits()));
        expect(expected.some((s) => s.location.kind === 'record' && s.location.jsonPath.includes('.cd.xy'))).toBe(true);
        const seed = Math.floor(r() * 1e9);
        expect(await collect(native.readers[name](streamInRandomChunks(doc, seededRandom(seed), 3000), limits()))).toEqual(expected);
        expect(await collect(native.readers[name](streamOf(utf16(doc), 4096), limits()))).toEqual(expected);
      }
    }
  }, 60_000);
});
