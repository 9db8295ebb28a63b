// Member names interned by the native structural pass (json-structure.c, scan's `names`): an ASCII name of at most 16
// characters comes as the event kind NAMED_KEY + its id, the same id for the same text and a different id for a
// different text, in byte mode and UTF-16 alike, until the table is full; anything else is a plain key event. A table
// JavaScript corrupted gives wrong ids at worst, never a read or write outside its arrays.
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../common/seeded-random.js';
import { JsonTokenizer, type JsonSink } from '../json-tokenizer.js';
import { jsonStructurePass } from './json-structure.js';

const KEY = 4;
const NAMED_KEY = 32;
const MAX_NAMES = 512;

/** The key events of `doc` read in one native call: [text, id] (id -1: a plain key event). */
function keysOf(doc: string, bytes: boolean, names: Int32Array): Array<[string, number]> {
  const pass = jsonStructurePass()!;
  const units = bytes ? Buffer.from(doc, 'utf8') : new Uint16Array(Array.from(doc, (c) => c.charCodeAt(0)));
  const state = new Int32Array(9);
  state[4] = 64; // MaxDepth
  state[5] = 1 << 20; // MaxPiece
  state[7] = units.length; // To
  const events = new Int32Array(4 * 4096);
  expect(pass.scan(units, state, new Uint8Array(64), events, names)).toBe(units.length);
  const out: Array<[string, number]> = [];
  for (let k = 0; k < state[8] * 4; k += 4) {
    const kind = events[k];
    const text = bytes ? (units as Buffer).toString('latin1', events[k + 1], events[k + 2]) : doc.slice(events[k + 1], events[k + 2]);
    if (kind === KEY) out.push([text, -1]);
    else if (kind >= NAMED_KEY) out.push([text, kind - NAMED_KEY]);
  }
  return out;
}

const tableOf = (): Int32Array => new Int32Array(jsonStructurePass()!.namesInts);
const objectOf = (names: string[]): string => `{${names.map((n, i) => `"${n}": ${i}`).join(', ')}}`;

describe.runIf(jsonStructurePass() !== undefined)('member names interned by the native pass', () => {
  it('gives the same text the same id, in bytes and UTF-16, and a different text another', () => {
    const names = tableOf();
    expect(keysOf('{"ab": 1, "cd": {"ab": [2]}, "": 3}', true, names)).toEqual([['ab', 0], ['cd', 1], ['ab', 0], ['', 2]]);
    expect(keysOf('{"cd": 1, "ab": 2, "abc": 3}', false, names)).toEqual([['cd', 1], ['ab', 0], ['abc', 3]]);
    // Not ASCII (UTF-16 here; in bytes such a name is a wide key event), or longer than 16: a plain key.
    expect(keysOf(`{"\u00e9": 1, "${'k'.repeat(17)}": 2, "${'k'.repeat(16)}": 3}`, false, names)).toEqual([
      ['\u00e9', -1],
      ['k'.repeat(17), -1],
      ['k'.repeat(16), 4],
    ]);
    // Without a table: plain keys, as before.
    const pass = jsonStructurePass()!;
    const state = new Int32Array(9);
    [state[4], state[5], state[7]] = [64, 64, 9];
    const events = new Int32Array(64);
    pass.scan(Buffer.from('{"ab": 1}'), state, new Uint8Array(4), events);
    expect(events[4]).toBe(KEY);
  });

  it('tells apart names that differ in one character or only in length, whatever follows them', () => {
    for (const bytes of [true, false]) {
      const names = tableOf();
      // Every length to 16, names that share all but their last character, a NUL at the end (packs as nothing but the
      // length), and each name again with other text after it (so bytes past a name must not count).
      const texts: string[] = [];
      for (let len = 0; len <= 16; len++) texts.push('abcdefghijklmnop'.slice(0, len), 'abcdefghijklmnop'.slice(0, Math.max(0, len - 1)) + 'Z');
      texts.push('a\u0000', 'abcdefgh\u0000', 'abcdefgh\u0000\u0000');
      const unique = [...new Set(texts)];
      const first = keysOf(`{${unique.map((t, i) => `"${t}": ${i}`).join(',')}}`, bytes, names);
      expect(first.map((k) => k[0])).toEqual(unique);
      expect(new Set(first.map((k) => k[1])).size).toBe(unique.length);
      expect(first.every((k) => k[1] >= 0)).toBe(true);
      const again = keysOf(`[${[...unique].reverse().map((t) => `{"${t}":"${t}Q"}`).join(',')}]`, bytes, names);
      expect(again).toEqual([...first].reverse());
    }
  });

  it('gives plain keys once the table is full, and keeps the ids it gave', () => {
    const names = tableOf();
    const many = Array.from({ length: MAX_NAMES + 10 }, (_, i) => `n${i}`);
    const keys = keysOf(objectOf(many), true, names);
    expect(keys.map((k) => k[1])).toEqual(many.map((_, i) => (i < MAX_NAMES ? i : -1)));
    expect(keysOf(objectOf(['n7', 'n600']), false, names)).toEqual([['n7', 7], ['n600', -1]]);
  });

  it('compares the length too: names that pack alike but for trailing NULs, in a full table', () => {
    // 32 × 16 names whose packed words are the same per prefix (NUL packs as zero): only their length tells them apart,
    // and in a table this full, lookups probe past entries of the same words.
    const texts = Array.from({ length: 32 * 16 }, (_, i) => 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345'[i >> 4] + '\u0000'.repeat(i & 15));
    for (const bytes of [true, false]) {
      const names = tableOf();
      const first = keysOf(objectOf(texts), bytes, names);
      expect(first.map((k) => k[1])).toEqual(texts.map((_, i) => i));
      expect(keysOf(objectOf([...texts].reverse()), bytes, names)).toEqual([...first].reverse());
    }
  });

  it('reads and writes only inside its arrays whatever the table holds', () => {
    const r = seededRandom(5);
    for (let n = 0; n < 200; n++) {
      const names = tableOf();
      for (let k = 0; k < names.length; k++) if (r() < 0.3) names[k] = Math.floor((r() - 0.5) * 2 ** 31);
      // Ids are whatever the corrupt table says; only that the call stays in bounds (ASan checks the C) and ends.
      expect(keysOf(objectOf(['ab', 'cd', 'ab', 'e'.repeat(12)]), r() < 0.5, names)).toHaveLength(4);
    }
    const pass = jsonStructurePass()!;
    const state = new Int32Array(9);
    [state[4], state[5], state[7]] = [64, 64, 2];
    const args = [new Uint8Array(4), state, new Uint8Array(4), new Int32Array(64)] as const;
    expect(() => pass.scan(...args, new Int32Array(pass.namesInts - 1))).toThrow(TypeError);
    expect(() => pass.scan(...args, new Uint32Array(pass.namesInts) as unknown as Int32Array)).toThrow(TypeError);
  });

  it('hands the tokenizer’s sink one id per text on random names in random parts, bytes and UTF-16 mixed', () => {
    const r = seededRandom(20261209);
    const pool = ['id', 'name', 'a"b', 'e\\u0301', 'caf\u00e9', 'ab', 'ba', 'x'.repeat(70), 'x'.repeat(16), '', 'k1', 'k2'];
    const idOf = new Map<string, number>();
    const textOf = new Map<number, string>();
    let named = 0;
    const sink: JsonSink = {
      start() {},
      end() {},
      string() {},
      stringAt() {},
      number() {},
      numberAt() {},
      literal() {},
      valueEnd() {},
      key(chunk, from, to, _line, id) {
        if (id < 0) return;
        named++;
        const text = chunk.slice(from, to);
        expect(idOf.get(text) ?? id).toBe(id);
        expect(textOf.get(id) ?? text).toBe(text);
        idOf.set(text, id);
        textOf.set(id, text);
      },
    };
    const t = new JsonTokenizer(1 << 20, 64, sink);
    for (let n = 0; n < 300; n++) {
      const doc = Array.from({ length: 20 }, () => `{${Array.from({ length: 1 + Math.floor(r() * 5) }, (_, i) => `${JSON.stringify(pool[Math.floor(r() * pool.length)])}: ${i}`).join(',')}}`).join('\n') + '\n';
      if (r() < 0.5) t.push(doc);
      else {
        const bytes = Buffer.from(doc, 'utf8');
        const cut = Buffer.byteLength(doc.slice(0, doc.lastIndexOf('\n', doc.length >> 1) + 1));
        t.push(bytes.toString('latin1'), 0, cut, bytes);
        t.push(bytes.toString('latin1'), cut, bytes.length, bytes);
      }
    }
    expect(named).toBeGreaterThan(1000);
    expect([...idOf.keys()].sort()).toEqual(['', 'ab', 'ba', 'id', 'k1', 'k2', 'name', 'x'.repeat(16)]);
  });
});
