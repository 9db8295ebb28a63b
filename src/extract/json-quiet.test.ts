// ReaderContext.quiet in the JSON readers: a member name the scan's scanner finds nothing in is left out of the
// batches, and nothing else changes (values, pieces of long names, the order and locations of what remains). Read as
// UTF-8 bytes (byte mode), as UTF-16 (decoded text) and without the native pass.
import { describe, expect, it, vi } from 'vitest';
import { seededRandom } from '../common/seeded-random.js';
import type { Segment } from './types.js';
import { jsonReadersWith, type JsonReaders } from './json-test-readers.js';
import { collect, limits, streamInRandomChunks, streamOf } from './test-support.js';

async function readersWith(native: boolean): Promise<JsonReaders> {
  return (await jsonReadersWith(native, () => vi.resetModules())).readers;
}

const NAMES = ['id', 'name', 'na\\u006de', 'e-mail', 'caf\u00e9', '\u{1F600}', 'x y', '', 'card', 'Ann', 'tags'];

function recordOf(r: () => number, i: number): string {
  const pick = () => NAMES[Math.floor(r() * NAMES.length)];
  // Mostly one shape (names compared in place, record after record), sometimes shuffled, nested and in arrays.
  if (r() < 0.7) return `{"id": ${i}, "name": "v${i}", "card": {"e-mail": "a@b.c", "caf\u00e9": [1, {"Ann": "x"}]}}`;
  return `{"${pick()}": ${i}, "${pick()}": [{"${pick()}": "v"}, {"${pick()}": {"${pick()}": null}}], "${pick()}": "w"}`;
}

/** Quiet: the names of even length (what a scanner answers does not matter here, only that it is followed). */
const quiet = (text: string): boolean => text.length % 2 === 0;

function withoutQuietNames(segments: Segment[]): Segment[] {
  return segments.filter((s) => !(s.location.kind === 'record' && s.location.jsonPath === '' && quiet(s.text)));
}

const utf16 = (text: string): Buffer => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);

describe('JSON readers with ReaderContext.quiet', () => {
  it('leave out exactly the quiet member names, JSON and JSON Lines, bytes, UTF-16 and without the native pass', async () => {
    for (const native of [true, false]) {
      const readers = await readersWith(native);
      const r = seededRandom(20261207);
      for (let round = 0; round < 4; round++) {
        const records = Array.from({ length: 300 + Math.floor(r() * 300) }, (_, i) => recordOf(r, i));
        const json = `{"records": [${records.join(',\n')}]}`;
        const lines = records.join('\n') + '\n';
        for (const [doc, read] of [[json, readers.readJson], [lines, readers.readJsonLines]] as const) {
          const seed = Math.floor(r() * 1e9);
          const all = await collect(read(streamInRandomChunks(doc, seededRandom(seed), 5000), limits()));
          const asked: string[] = [];
          const ctx = { partial: () => {}, quiet: (t: string) => (asked.push(t), quiet(t)) };
          const got = await collect(read(streamInRandomChunks(doc, seededRandom(seed), 5000), limits(), ctx));
          expect(got).toEqual(withoutQuietNames(all));
          expect(got.length).toBeLessThan(all.length);
          // Asked once per name path, not per name read.
          const namesRead = all.filter((s) => s.location.kind === 'record' && s.location.jsonPath === '').length;
          expect(asked.length * 4).toBeLessThan(namesRead);
          expect(await collect(read(streamOf(utf16(doc), 4096), limits(), ctx))).toEqual(withoutQuietNames(all));
        }
      }
    }
  }, 60_000);

  it('scan a long name’s pieces even when it is quiet, and names past the kept name paths', async () => {
    const readers = await readersWith(true);
    const long = 'k'.repeat(300);
    const ctx = { partial: () => {}, quiet: () => true };
    const segments = await collect(readers.readJson(streamOf(`{"${long}": 1, "ab": 2}`), limits({ maxSegmentChars: 64 }), ctx));
    expect(segments.filter((s) => s.location.kind === 'record' && s.location.jsonPath === '').map((s) => s.text).join('').length).toBeGreaterThanOrEqual(300);
    expect(segments.map((s) => s.text)).not.toContain('ab');
    // More distinct names than the reader keeps name paths for (4096): the rest are scanned, never asked about.
    const many = Array.from({ length: 5000 }, (_, i) => `{"n${i}": 1}`).join('\n');
    let asked = 0;
    const names = (await collect(readers.readJsonLines(streamOf(many, 65536), limits(), { partial: () => {}, quiet: () => (asked++, true) }))).filter(
      (s) => s.location.kind === 'record' && s.location.jsonPath === '',
    );
    expect(asked).toBe(4096);
    expect(names.map((s) => s.text)).toEqual(Array.from({ length: 5000 - 4096 }, (_, i) => `n${4096 + i}`));
  });
});
