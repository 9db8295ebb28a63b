// The stored automaton: what is loaded scans exactly as what is built; a corrupt, torn or other selection's file is
// never used; a missing or bad file is built and replaced.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { compileScanner } from '../index.js';
import { AhoCorasick } from './aho-corasick.js';
import { automatonKey, decodeAutomaton, decodeRegexExtents, encodeAutomaton, encodeRegexExtents, loadAutomaton, loadRegexExtents, regexExtentKey } from './automaton-cache.js';
import { managedIdentifiers } from '../catalog/index.js';
import { regexExtent } from './regex-extent.js';

const hits = (a: AhoCorasick, text: string): string[] => {
  const out: string[] = [];
  a.scan(text, (p, s, e) => out.push(`${p}:${s}-${e}`));
  return out;
};

describe('automaton store', () => {
  const patterns = ['credit card', 'Mary', 'iban', 'sk_live_', 'Straße', 'x'];
  const text = 'my Credit-Card and MARY, iban sk_live_abc straße x-ray creditcard';
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sift-automata-'));
    process.env.SIFT_AUTOMATON_DIR = dir;
  });
  afterEach(() => {
    delete process.env.SIFT_AUTOMATON_DIR;
    rmSync(dir, { recursive: true, force: true });
  });

  it('decodes what it encodes, and the restored automaton finds the same hits', () => {
    const built = new AhoCorasick(patterns);
    const key = automatonKey(patterns);
    const parts = decodeAutomaton(key, encodeAutomaton(key, built.parts()));
    expect(parts).toBeDefined();
    expect(parts!.outputs).toEqual(built.parts().outputs);
    expect(hits(AhoCorasick.fromParts(parts!), text)).toEqual(hits(built, text));
    expect(hits(built, text).length).toBeGreaterThan(4);
  });

  it('refuses a corrupt or torn file and another selection\'s file', () => {
    const key = automatonKey(patterns);
    const buf = encodeAutomaton(key, new AhoCorasick(patterns).parts());
    const corrupt = Buffer.from(buf);
    corrupt[40_000] ^= 1;
    expect(decodeAutomaton(key, corrupt)).toBeUndefined();
    expect(decodeAutomaton(key, buf.subarray(0, buf.length - 100))).toBeUndefined();
    expect(decodeAutomaton(automatonKey([...patterns, 'y']), buf)).toBeUndefined();
    expect(automatonKey(patterns)).not.toBe(automatonKey([...patterns].reverse()));
  });

  it('stores on first use, loads after, and replaces a bad file', () => {
    const first = loadAutomaton(patterns);
    const files = readdirSync(dir);
    expect(files).toEqual([`${automatonKey(patterns)}.bin`]);
    const file = join(dir, files[0]);
    const stored = readFileSync(file);
    expect(hits(loadAutomaton(patterns), text)).toEqual(hits(first, text));
    writeFileSync(file, Buffer.from('not an automaton'));
    expect(hits(loadAutomaton(patterns), text)).toEqual(hits(first, text));
    expect(readFileSync(file).equals(stored)).toBe(true);
  });

  it('gives the whole catalog the same detections from a stored automaton as from a built one', () => {
    const doc = 'Dear Mary Smith, card 4556 7375 8689 9855, IBAN DE89 3704 0044 0532 0130 00, SSN 123-45-6789 ok';
    const fresh = compileScanner({ managedSelector: 'ALL' }).scan(doc); // builds and stores
    expect(readdirSync(dir).filter((f) => f.endsWith('.bin')).length).toBe(1);
    const loaded = compileScanner({ managedSelector: 'ALL' }).scan(doc); // loads
    expect(loaded).toEqual(fresh);
    expect(fresh.length).toBeGreaterThan(2);
  });
});

describe('regex extents store', () => {
  const sources = managedIdentifiers.flatMap((m) => m.rules.map((r) => r.pattern));
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sift-extents-'));
    process.env.SIFT_AUTOMATON_DIR = dir;
  });
  afterEach(() => {
    delete process.env.SIFT_AUTOMATON_DIR;
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores regexExtent of each source on first use and loads the same after', () => {
    const computed = sources.map(regexExtent);
    expect(computed).toContain(Infinity);
    expect(loadRegexExtents(sources)).toEqual(computed);
    expect(readdirSync(dir)).toEqual([`${regexExtentKey(sources)}.ext`]);
    expect(loadRegexExtents(sources)).toEqual(computed);
  });

  it('reads the stored file rather than computing again', () => {
    const key = regexExtentKey(sources);
    const planted = sources.map((_, i) => (i % 3 === 0 ? Infinity : i));
    writeFileSync(join(dir, `${key}.ext`), encodeRegexExtents(key, planted));
    expect(loadRegexExtents(sources)).toEqual(planted);
  });

  it('refuses a corrupt or torn file, another selection\'s file and bad values, and replaces a bad file', () => {
    const key = regexExtentKey(sources);
    const extents = sources.map(regexExtent);
    const buf = encodeRegexExtents(key, extents);
    expect(decodeRegexExtents(key, sources.length, buf)).toEqual(extents);
    const corrupt = Buffer.from(buf);
    corrupt[100] ^= 1;
    expect(decodeRegexExtents(key, sources.length, corrupt)).toBeUndefined();
    expect(decodeRegexExtents(key, sources.length, buf.subarray(0, buf.length - 3))).toBeUndefined();
    expect(decodeRegexExtents(key, sources.length - 1, buf)).toBeUndefined();
    const other = regexExtentKey(sources.slice(1));
    expect(other).not.toBe(key);
    expect(decodeRegexExtents(other, sources.length, buf)).toBeUndefined();
    expect(decodeRegexExtents(key, 2, encodeRegexExtents(key, [1.5, 2]))).toBeUndefined();
    expect(decodeRegexExtents(key, 2, encodeRegexExtents(key, [-2, 2]))).toBeUndefined();
    writeFileSync(join(dir, `${key}.ext`), corrupt);
    expect(loadRegexExtents(sources)).toEqual(extents);
    expect(readFileSync(join(dir, `${key}.ext`)).equals(buf)).toBe(true);
  });

  it('gives compileScanner the same scan lengths from the store as computed', () => {
    const doc = 'Dear Mary Smith, card 4556 7375 8689 9855, IBAN DE89 3704 0044 0532 0130 00, SSN 123-45-6789 ok';
    const key = regexExtentKey(sources);
    writeFileSync(join(dir, `${key}.ext`), encodeRegexExtents(key, sources.map(regexExtent)));
    const loaded = compileScanner({ managedSelector: 'ALL' }).scan(doc);
    process.env.SIFT_AUTOMATON_CACHE = '0';
    try {
      expect(loaded).toEqual(compileScanner({ managedSelector: 'ALL' }).scan(doc));
    } finally {
      delete process.env.SIFT_AUTOMATON_CACHE;
    }
    // The scanner's rules take their scan lengths from the file (CompiledScanner's parts, private to TypeScript only).
    const planted = sources.map((_, i) => 1000 + i);
    writeFileSync(join(dir, `${key}.ext`), encodeRegexExtents(key, planted));
    const parts = (compileScanner({ managedSelector: 'ALL' }) as unknown as { parts: { rules: Array<{ scanLength: number }> } }).parts;
    expect(parts.rules.map((r) => r.scanLength)).toEqual(planted);
    expect(loaded.length).toBeGreaterThan(2);
  });
});
