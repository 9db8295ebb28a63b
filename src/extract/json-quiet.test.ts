// ReaderContext.quiet in the JSON readers: a member name the scan's scanner finds nothing in is left out of the
// batches, and so is a value the native pass gave an id that is quiet under its names; nothing else changes (pieces of
// long names, the order and locations of what remains). Read as UTF-8 bytes (byte mode), as UTF-16 (decoded text) and
// without the native pass.
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

/**
 * Quiet: texts of even length with their keyword context's (what a scanner answers does not matter here, only that it
 * is followed, with the context a value is scanned with: a value's names; a member name has none).
 */
const quiet = (text: string, keywordContext?: string[]): boolean => (text.length + (keywordContext?.length ?? 0)) % 2 === 0;
const isName = (s: Segment): boolean => s.location.kind === 'record' && s.location.jsonPath === '';
const isQuiet = (s: Segment): boolean => quiet(s.text, s.keywordContext);

function withoutQuietNames(segments: Segment[]): Segment[] {
  return segments.filter((s) => !(isName(s) && isQuiet(s)));
}

/**
 * `got` is `all` without its quiet names and without some quiet values (those the native pass gave an id: short ASCII
 * ones read by it, not cut by a part's end): returns how many values were left out.
 */
function expectQuietLeftOut(got: Segment[], all: Segment[]): number {
  const kept = withoutQuietNames(all);
  let k = 0;
  let left = 0;
  for (const s of got) {
    while (k < kept.length && !(kept[k].text === s.text && JSON.stringify(kept[k]) === JSON.stringify(s))) {
      expect(isQuiet(kept[k])).toBe(true);
      left++;
      k++;
    }
    expect(k).toBeLessThan(kept.length);
    k++;
  }
  for (; k < kept.length; k++, left++) expect(isQuiet(kept[k])).toBe(true);
  return left;
}

const utf16 = (text: string): Buffer => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);

describe('JSON readers with ReaderContext.quiet', () => {
  it('leave out exactly the quiet member names and only quiet values, JSON and JSON Lines, bytes, UTF-16 and without the native pass', async () => {
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
          const ctx = { partial: () => {}, quiet: (t: string, c?: string[]) => (c === undefined && asked.push(t), quiet(t, c)) };
          const got = await collect(read(streamInRandomChunks(doc, seededRandom(seed), 5000), limits(), ctx));
          // Values with an id only in byte mode (UTF-8 read natively).
          const valuesLeft = expectQuietLeftOut(got, all);
          if (native) expect(valuesLeft).toBeGreaterThan(0);
          else expect(got).toEqual(withoutQuietNames(all));
          // Names asked once per name path, not per name read.
          const namesRead = all.filter(isName).length;
          expect(asked.length * 4).toBeLessThan(namesRead);
          expectQuietLeftOut(await collect(read(streamOf(utf16(doc), 4096), limits(), ctx)), all);
        }
      }
    }
  }, 60_000);

  it('leave out a repeated quiet value under its name path, asked once per path and value, the same text elsewhere asked again', async () => {
    const readers = await readersWith(true);
    // One 64 KiB piece, read a line at a time: every value is read by the native pass (none cut by a part's end).
    const doc = Array.from({ length: 1000 }, (_, i) => `{"note": "ok", "ssn": "ok", "n": ${i % 3}, "tier": "${i % 2 ? 'gold' : 'silver'}"}`).join('\n') + '\n';
    expect(doc.length).toBeLessThan(65536);
    const asked: string[] = [];
    const ctx = { partial: () => {}, quiet: (t: string, c?: string[]) => (c !== undefined && asked.push(`${c.join('.')}=${t}`), c?.[0] !== 'ssn') };
    const got = await collect(readers.readJsonLines(streamOf(doc, 65536), limits(), ctx));
    const values = got.filter((s) => !isName(s)).map((s) => `${s.location.kind === 'record' ? s.location.recordIndex : -1}:${s.keywordContext!.join('.')}=${s.text}`);
    // A quiet value is scanned the first time it comes under its path (asked about the second time), then left out.
    const firsts = ['0:note=ok', '0:n=0', '0:tier=silver', '1:n=1', '1:tier=gold', '2:n=2'];
    const ssns = Array.from({ length: 1000 }, (_, i) => `${i}:ssn=ok`);
    expect(values.sort()).toEqual([...firsts, ...ssns].sort());
    expect(asked.sort()).toEqual(['n=0', 'n=1', 'n=2', 'note=ok', 'ssn=ok', 'tier=gold', 'tier=silver']);
  });

  it('ask about at most a quarter of a file’s values past the first 1,024 asks, however many paths and values are new', async () => {
    const readers = await readersWith(true);
    // 400 name paths, each with 50 values new to it, each value twice (40,000 values; without the file's limit, an ask
    // at each value's second sighting).
    const doc = Array.from({ length: 40000 }, (_, i) => `{"p${i % 400}": ${Math.floor(i / 800)}}`).join('\n') + '\n';
    let asked = 0;
    const got = await collect(readers.readJsonLines(streamOf(doc, 65536), limits(), { partial: () => {}, quiet: (_t: string, c?: string[]) => (c !== undefined && asked++, true) }));
    expect(asked).toBeGreaterThan(5000);
    expect(asked).toBeLessThanOrEqual(1024 + 40000 / 4 + 1);
    // What was not asked about is scanned (each value comes twice: once asked about, nothing of it is left to leave out).
    expect(got.filter((s) => !isName(s))).toHaveLength(40000 - asked);
  });

  it('ask about no value that comes only once under its name path', async () => {
    const readers = await readersWith(true);
    const doc = Array.from({ length: 3000 }, (_, i) => `{"id": ${i}, "tier": "${i % 2 ? 'gold' : 'silver'}"}`).join('\n') + '\n';
    const asked: string[] = [];
    const ctx = { partial: () => {}, quiet: (t: string, c?: string[]) => (c !== undefined && asked.push(`${c.join('.')}=${t}`), true) };
    const got = await collect(readers.readJsonLines(streamOf(doc, 65536), limits(), ctx));
    expect(asked.sort()).toEqual(['tier=gold', 'tier=silver']);
    // Every id is scanned, and each tier the first time only.
    const ids = Array.from({ length: 3000 }, (_, i) => String(i));
    expect(got.filter((s) => !isName(s)).map((s) => s.text)).toEqual(['0', 'silver', '1', 'gold', ...ids.slice(2)]);
  });

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
    const names = (await collect(readers.readJsonLines(streamOf(many, 65536), limits(), { partial: () => {}, quiet: (_t: string, c?: string[]) => (c === undefined && asked++, true) }))).filter(
      (s) => s.location.kind === 'record' && s.location.jsonPath === '',
    );
    expect(asked).toBe(4096);
    expect(names.map((s) => s.text)).toEqual(Array.from({ length: 5000 - 4096 }, (_, i) => `n${4096 + i}`));
  });
});
