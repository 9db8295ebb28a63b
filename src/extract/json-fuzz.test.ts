/**
 * The JSON and JSON Lines readers against a reference walk of JSON.parse's result on random documents: records of one
 * shape and of shuffled member orders (names are looked up by member position first), odd and repeated names,
 * escapes, surrogate pairs, nesting; cut into random chunks. Malformed JSON Lines and long strings cut in pieces must
 * come out the same for any chunking. Seeded, so a failure reproduces.
 */
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readJson, readJsonLines } from './json.js';
import { finishPath, memberStep } from './json-path.js';
import { seededRandom } from '../common/seeded-random.js';
import { collect, limits, streamInRandomChunks as chunked } from './test-support.js';
import type { Segment } from './types.js';

const rng = seededRandom;

type J = string | number | boolean | null | J[] | { [k: string]: J };
const NAMES = ['id', 'name', 'email', 'ssn', 'a b', "o'k", 'é', '\u{1F600}', 'x"y', '', 'card', 'tags'];
const STRINGS = ['', 'Ann', '123-45-6789', 'a\\b', 'line\nbreak', 'tab\t"q"', '\u00e9\u{1F600}', '\u0001', 'x'.repeat(40)];

function value(r: () => number, depth: number): J {
  const x = r();
  if (depth > 3 || x < 0.35) return STRINGS[Math.floor(r() * STRINGS.length)];
  if (x < 0.5) return Math.floor(r() * 2e6) - 1e6;
  if (x < 0.55) return [true, false, null][Math.floor(r() * 3)];
  if (x < 0.7) return Array.from({ length: Math.floor(r() * 4) }, () => value(r, depth + 1));
  const o: { [k: string]: J } = {};
  for (let k = Math.floor(r() * 5); k > 0; k--) o[NAMES[Math.floor(r() * NAMES.length)]] = value(r, depth + 1);
  return o;
}

/** Records that mostly share one shape, sometimes with members in another order. */
function records(r: () => number): J[] {
  const shape = value(r, 1);
  return Array.from({ length: 1 + Math.floor(r() * 6) }, () => {
    if (r() < 0.3) return value(r, 1);
    if (shape === null || typeof shape !== 'object' || Array.isArray(shape)) return shape;
    const entries = Object.entries(shape).map(([k, v]) => [k, r() < 0.3 ? value(r, 2) : v] as const);
    if (r() < 0.3) entries.reverse();
    return Object.fromEntries(entries);
  });
}

/** Segments as readJson defines them, from the parsed value. */
function reference(v: J, recordIndex: number, out: Segment[], path = '$', names: string[] = []): void {
  const kc = names.length ? { keywordContext: names } : {};
  const jsonPath = finishPath(path);
  if (typeof v === 'string') {
    if (v.length) out.push({ text: v, location: { kind: 'record', recordIndex, jsonPath }, ...kc });
  } else if (typeof v === 'number') out.push({ text: String(v), location: { kind: 'record', recordIndex, jsonPath }, ...kc });
  else if (Array.isArray(v)) v.forEach((x, i) => reference(x, recordIndex, out, `${path}[${i}]`, names));
  else if (v !== null && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      if (k.length) out.push({ text: k, location: { kind: 'record', recordIndex, jsonPath: '' } });
      reference(x, recordIndex, out, path + memberStep(k), [...names, k]);
    }
  }
}


describe('JSON readers against JSON.parse', () => {
  it('JSON: the same values, names, paths and keyword contexts for any chunking', async () => {
    const r = rng(12);
    for (let round = 0; round < 300; round++) {
      const doc = { records: records(r), more: records(r) };
      const text = JSON.stringify(doc, null, r() < 0.5 ? 1 : undefined);
      // Object.entries puts integer-like names first; none of NAMES is one, so the order is the text's.
      const expected: Segment[] = [];
      reference(JSON.parse(text) as J, 0, expected);
      for (const max of [3, 64, 1 << 20]) {
        expect(await collect(readJson(chunked(text, r, max), limits())), text).toEqual(expected);
      }
    }
  });

  it('JSON Lines: records by line, bad lines skipped, long strings in pieces, for any chunking', async () => {
    const r = rng(34);
    const small = limits({ maxSegmentChars: 16, seamContextChars: 4, seamLookaheadChars: 8 });
    for (let round = 0; round < 300; round++) {
      const lines = records(r).map((x) => JSON.stringify(x));
      const expected: Segment[] = [];
      lines.forEach((line, i) => reference(JSON.parse(line) as J, i, expected));
      const text = lines.join('\n') + '\n';
      for (const max of [3, 64, 1 << 20]) {
        expect(await collect(readJsonLines(chunked(text, r, max), limits())), text).toEqual(expected);
      }
      // Long strings in pieces: the same pieces for any chunking.
      const cut = await collect(readJsonLines(Readable.from([Buffer.from(text)]), small));
      for (const max of [2, 9, 50]) expect(await collect(readJsonLines(chunked(text, r, max), small)), text).toEqual(cut);
      // Malformed lines: whatever comes out, the same for any chunking. (Not with pieces: an unterminated long string
      // hands on the pieces read before the chunk that shows its line's end, so what a bad line leaves depends on
      // the chunking, as it did before the tokenizer called the reader directly.)
      const bad = lines.map((l) => (r() < 0.2 ? l.slice(0, Math.floor(r() * l.length)) : l)).join('\n') + '\n';
      const whole = await collect(readJsonLines(Readable.from([Buffer.from(bad)]), limits()));
      for (const max of [2, 9, 50]) expect(await collect(readJsonLines(chunked(bad, r, max), limits())), bad).toEqual(whole);
    }
  });

  // Paths are built from the chain of containers only when asked: deep chains (past Macie's 250-character path), arrays
  // of objects and objects in arrays, escaped and long names, values at the top level, and more distinct name paths
  // than the reader keeps (MAX_NAME_CONTEXTS, 4096: past it each value has a context of its own).
  it('deep nesting, arrays of objects, escaped and long names, top-level values, names past the kept contexts', async () => {
    const r = rng(56);
    const odd = ["it's", 'a\\b', 'x.y', '[0]', 'n'.repeat(245), '\u{1F600}k'];
    const deep = (depth: number): J => {
      if (depth === 0) return ['leaf', 7];
      const name = odd[Math.floor(r() * odd.length)];
      return r() < 0.5 ? [depth, { [name]: deep(depth - 1), v: `d${depth}` }] : { [name]: [deep(depth - 1), `e${depth}`], w: depth };
    };
    const lines: string[] = [];
    for (let i = 0; i < 5000; i++) {
      const x = r();
      if (x < 0.02) lines.push(JSON.stringify(deep(5 + Math.floor(r() * 25))));
      else if (x < 0.05) lines.push(JSON.stringify(['top', i, [{ k: 'v' }]][Math.floor(r() * 3)]));
      else lines.push(JSON.stringify({ id: i, [`name${i}`]: { [`inner${i % 50}`]: [`v${i}`, { z: i }] }, list: [{ a: 'x' }, { a: 'y', [`b${i}`]: [1] }] }));
    }
    const expected: Segment[] = [];
    lines.forEach((line, i) => reference(JSON.parse(line) as J, i, expected));
    const text = lines.join('\n') + '\n';
    for (const max of [64, 1 << 16]) expect(await collect(readJsonLines(chunked(text, r, max), limits()))).toEqual(expected);
    const doc = JSON.stringify({ records: lines.slice(0, 300).map((l) => JSON.parse(l) as J), deep: deep(30) });
    const one: Segment[] = [];
    reference(JSON.parse(doc) as J, 0, one);
    for (const max of [7, 1 << 16]) expect(await collect(readJson(chunked(doc, r, max), limits()))).toEqual(one);
  });
});
