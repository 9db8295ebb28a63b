// The native structural pass (json-structure.c) against the JavaScript tokenizer alone: on random and mutated JSON,
// pushed in random parts (in place and sliced), both must give the same events, errors (message and line), lines and
// depth after every push, and recover the same way after an error. Seeded, so a failure reproduces.
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../common/seeded-random.js';
import { JsonDepthError, JsonSyntaxError, JsonTokenizer, type JsonEvent } from '../json-tokenizer.js';
import { jsonStructurePass } from './json-structure.js';

type J = string | number | boolean | null | J[] | { [k: string]: J };
const STRINGS = ['', 'Ann', 'a\\b', 'q"q', 'line\nbreak', '\u00e9\u{1F600}', '\u0001', '\ud800', 'x'.repeat(37), '\ufeff', '{[:,]}'];
const NUMBERS = [0, -1, 12.5, -2.5e-7, 1e21, 123456789];
const SPACE = [' ', '\n', '\r\n', '\t', '\ufeff', ''];

function value(r: () => number, depth: number): J {
  const x = r();
  if (depth > 8 || x < 0.3) return STRINGS[Math.floor(r() * STRINGS.length)];
  if (x < 0.45) return NUMBERS[Math.floor(r() * NUMBERS.length)];
  if (x < 0.5) return [true, false, null][Math.floor(r() * 3)];
  if (x < 0.7) return Array.from({ length: Math.floor(r() * 4) }, () => value(r, depth + 1));
  const o: { [k: string]: J } = {};
  for (let k = Math.floor(r() * 4); k > 0; k--) o[STRINGS[Math.floor(r() * STRINGS.length)] + k] = value(r, depth + 1);
  return o;
}

/** JSON text of `v` with random whitespace between tokens (outside strings). */
function spaced(r: () => number, v: J): string {
  const ws = () => (r() < 0.3 ? SPACE[Math.floor(r() * SPACE.length)] : '');
  if (v === null || typeof v !== 'object') return ws() + JSON.stringify(v) + ws();
  if (Array.isArray(v)) return `${ws()}[${v.map((x) => spaced(r, x)).join(',')}]${ws()}`;
  return `${ws()}{${Object.entries(v).map(([k, x]) => `${ws()}${JSON.stringify(k)}${ws()}:${spaced(r, x)}`).join(',')}}${ws()}`;
}

/** Characters of every UTF-8 length, and U+FEFF (whitespace), put anywhere in byte-mode documents. */
const WIDE = ['\u00e9', '\u20ac', '\u{1F600}', '\ufeff', '"\u00fc\\u00e9"', '"\\u\u00e9"', '"\\\u00e9"'];
const NOISE = ['{', '}', '[', ']', ':', ',', '"', '\\', '\n', ' ', '0', '1', '-', '.', 'e', 't', 'n', 'u', 'x', '\u00e9'];

/** A document: well-formed values (one or several, maybe deeply nested), then maybe mutated or cut short. */
function documentOf(r: () => number): string {
  let doc = '';
  for (let k = 1 + Math.floor(r() * 3); k > 0; k--) doc += spaced(r, value(r, 0)) + (r() < 0.5 ? '\n' : '');
  if (r() < 0.1) doc = '['.repeat(10 + Math.floor(r() * 30)) + doc + ']'.repeat(10 + Math.floor(r() * 30));
  const mutations = r() < 0.5 ? 0 : 1 + Math.floor(r() * 3);
  for (let m = 0; m < mutations; m++) {
    const at = Math.floor(r() * (doc.length + 1));
    const op = r();
    const noise = NOISE[Math.floor(r() * NOISE.length)];
    doc = op < 0.33 ? doc.slice(0, at) + doc.slice(at + 1) : op < 0.66 ? doc.slice(0, at) + noise + doc.slice(at) : doc.slice(0, at) + noise + doc.slice(at + 1);
  }
  if (r() < 0.1) doc = doc.slice(0, Math.floor(r() * doc.length));
  return doc;
}

/** Random cut points of `length`: the parts pushed. */
function cutsOf(r: () => number, length: number): number[] {
  const cuts = [0];
  while (cuts[cuts.length - 1] < length) cuts.push(Math.min(length, cuts[cuts.length - 1] + 1 + Math.floor(r() * (r() < 0.5 ? 8 : 200))));
  return cuts;
}

/**
 * What a tokenizer did with the parts: events per push, errors (then reset, as JSON Lines recovers), line, depth. In
 * byte mode (`bytes`: doc's UTF-8; doc is given as text) the chunk is their Latin-1 reading and the cuts are mapped
 * to byte offsets (they must fall between code points).
 */
function trace(doc: string, cuts: number[], inPlace: boolean, native: boolean, maxPiece: number, maxDepth: number, bytes = false): unknown[] {
  const t = new JsonTokenizer(maxPiece, maxDepth, undefined, native ? undefined : null);
  const out: unknown[] = [];
  const events = (count: number): JsonEvent[] => t.events.slice(0, count).map((e) => ({ ...e }));
  const attempt = (run: () => number): void => {
    try {
      out.push(events(run()));
    } catch (e) {
      if (e instanceof JsonSyntaxError) out.push(e.completed, e.message);
      else if (e instanceof JsonDepthError) out.push(e.message);
      else throw e;
      t.reset();
    }
    out.push(t.line, t.depth);
  };
  if (bytes) {
    const utf8 = Buffer.from(doc, 'utf8');
    const latin1 = utf8.toString('latin1');
    const at = cuts.map((c) => Buffer.byteLength(doc.slice(0, c)));
    for (let k = 1; k < at.length; k++) attempt(() => t.push(latin1, at[k - 1], at[k], utf8));
  } else {
    for (let k = 1; k < cuts.length; k++) {
      const [from, to] = [cuts[k - 1], cuts[k]];
      attempt(() => (inPlace ? t.push(doc, from, to) : t.push(doc.slice(from, to))));
    }
  }
  attempt(() => t.end());
  return out;
}

describe.runIf(jsonStructurePass() !== undefined)('native JSON structural pass', () => {
  it('is what the tokenizer uses by default', () => {
    // Without it the comparisons below would compare the JavaScript tokenizer with itself.
    const t = new JsonTokenizer(64, 8) as unknown as { structure: unknown };
    expect(t.structure).toBe(jsonStructurePass());
  });

  it('gives the JavaScript tokenizer’s events, errors, lines and depth on random and mutated JSON, in any parts', () => {
    const r = seededRandom(20261207);
    for (let n = 0; n < 3000; n++) {
      const doc = documentOf(r);
      const cuts = cutsOf(r, doc.length);
      const inPlace = r() < 0.5;
      const maxPiece = r() < 0.5 ? 16 + Math.floor(r() * 30) : 1 << 20;
      const maxDepth = r() < 0.3 ? 1 + Math.floor(r() * 40) : 64;
      const expected = trace(doc, cuts, inPlace, false, maxPiece, maxDepth);
      expect(trace(doc, cuts, inPlace, true, maxPiece, maxDepth), JSON.stringify({ doc, cuts, inPlace, maxPiece, maxDepth })).toEqual(expected);
    }
  });

  it('reads UTF-8 bytes (byte mode) as the JavaScript tokenizer reads their text, native or not, in any parts', () => {
    const r = seededRandom(20261208);
    for (let n = 0; n < 3000; n++) {
      // Well-formed text (a mutation may have cut a surrogate pair), non-ASCII outside strings too.
      let doc = Buffer.from(documentOf(r), 'utf8').toString('utf8');
      if (r() < 0.3) {
        const at = Math.floor(r() * (doc.length + 1));
        doc = doc.slice(0, at) + WIDE[Math.floor(r() * WIDE.length)] + doc.slice(at);
        doc = Buffer.from(doc, 'utf8').toString('utf8');
      }
      // Cuts between code points (a byte-mode part never ends inside a character).
      const cuts = cutsOf(r, doc.length).map((c) => (c < doc.length && c > 0 && doc.charCodeAt(c - 1) >= 0xd800 && doc.charCodeAt(c - 1) <= 0xdbff ? c + 1 : c));
      const maxPiece = r() < 0.5 ? 4 + Math.floor(r() * 30) : 1 << 20;
      const maxDepth = r() < 0.3 ? 1 + Math.floor(r() * 40) : 64;
      const expected = trace(doc, cuts, true, false, maxPiece, maxDepth);
      const context = JSON.stringify({ doc, cuts, maxPiece, maxDepth });
      expect(trace(doc, cuts, true, true, maxPiece, maxDepth, true), context).toEqual(expected);
      expect(trace(doc, cuts, true, false, maxPiece, maxDepth, true), context).toEqual(expected);
    }
  });

  it('finds where a byte-mode chunk has the same number of UTF-16 units as the text cut there (utf16End)', () => {
    const pass = jsonStructurePass()!;
    const r = seededRandom(7);
    const chars = ['a', '\u00e9', '\u20ac', '\u{1F600}', '"'];
    for (let n = 0; n < 5000; n++) {
      let text = '';
      for (let k = Math.floor(r() * 80); k > 0; k--) text += chars[Math.floor(r() * (r() < 0.5 ? 1 : chars.length))];
      const bytes = Buffer.from(text, 'utf8');
      const from = Math.floor(r() * (text.length + 1));
      const start = from > 0 && text.charCodeAt(from - 1) >= 0xd800 && text.charCodeAt(from - 1) <= 0xdbff ? from + 1 : from;
      const units = Math.floor(r() * 40);
      // The text's cut (json.ts): `units` past the start, one more when that would split a surrogate pair.
      let to = Math.min(text.length, start + units);
      if (to < text.length && to > start && text.charCodeAt(to - 1) >= 0xd800 && text.charCodeAt(to - 1) <= 0xdbff) to++;
      const byteStart = Buffer.byteLength(text.slice(0, start));
      expect(pass.utf16End(bytes, byteStart, bytes.length, units), JSON.stringify({ text, start, units })).toBe(Buffer.byteLength(text.slice(0, to)));
    }
    expect(() => pass.utf16End(new Uint8Array(4), 0, 5, 1)).toThrow(RangeError);
    expect(() => pass.utf16End(new Uint8Array(4), 3, 2, 1)).toThrow(RangeError);
    // Not UTF-8 (a lead byte cut by the end): never past `to`.
    expect(pass.utf16End(new Uint8Array([0x61, 0xf0, 0x9f]), 0, 3, 5)).toBe(3);
  });

  it('fills more than one event array in a push, and nests past the first stack', () => {
    const doc = `${'['.repeat(100)}${'{"k": 1, "s": "v"},'.repeat(3000)}0${']'.repeat(100)}\n`;
    const whole = [0, doc.length];
    // 100 deep within the limit, then one past it (99).
    for (const maxDepth of [200, 99]) expect(trace(doc, whole, true, true, 1 << 20, maxDepth)).toEqual(trace(doc, whole, true, false, 1 << 20, maxDepth));
  });

  it('rejects arrays that do not fit its state', () => {
    const pass = jsonStructurePass()!;
    const state = new Int32Array(9);
    state[5] = 16; // MaxPiece
    state[7] = 10; // To, past the units
    expect(() => pass.scan(new Uint16Array(4), state, new Uint8Array(4), new Int32Array(64))).toThrow(RangeError);
    state[7] = 4;
    state[1] = 5; // Depth, past the stack
    expect(() => pass.scan(new Uint16Array(4), state, new Uint8Array(4), new Int32Array(64))).toThrow(RangeError);
    expect(() => pass.scan(new Uint16Array(4), new Int32Array(3), new Uint8Array(4), new Int32Array(64))).toThrow(TypeError);
    state[1] = 0;
    state[2] = 2 ** 30; // Line, where an int32 count could overflow
    expect(() => pass.scan(new Uint16Array(4), state, new Uint8Array(4), new Int32Array(64))).toThrow(RangeError);
  });

  it('leaves lines past a billion to the JavaScript tokenizer', () => {
    const lines = (structure: null | undefined) => {
      const t = new JsonTokenizer(64, 8, undefined, structure);
      t.line = 2 ** 30;
      const count = t.push('{"a": [1, "b"]}\n"c"\n');
      return [t.events.slice(0, count).map((e) => ({ ...e })), t.line];
    };
    expect(lines(undefined)).toEqual(lines(null));
    expect(lines(undefined)[1]).toBe(2 ** 30 + 2);
  });
});
