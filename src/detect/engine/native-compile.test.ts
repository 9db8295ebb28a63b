// The native addon's `compile` (candidates.c): it renumbers the caller's transition table in one pass, from a
// Uint16Array or a Uint32Array, after checking every entry; the events must not depend on which array type came in,
// and bad tables must be refused before anything reads them.
import { describe, expect, it } from 'vitest';
import { createRng } from '../../../bench/corpus/generate.js';
import { catalogTables, type CompileArgs } from '../../../bench/corpus/native-tables.js';
import { compileScanner } from '../index.js';
import { nativeCandidates } from './native.js';

const lib = nativeCandidates();

describe.runIf(lib !== undefined)('native compile', () => {
  const args = catalogTables(lib!, compileScanner);
  const delta = args[1];
  const states = args[2].length - 1;
  const with16 = (d: Uint16Array | Uint32Array): CompileArgs => {
    const a = [...args] as CompileArgs;
    a[1] = d;
    return a;
  };

  const events = (handle: unknown, text: string): number[] => {
    const ev = new Int32Array(1 << 18);
    const n = lib!.scan(handle, text, ev);
    expect(n).toBeGreaterThanOrEqual(0);
    return Array.from(ev.subarray(0, n * 3));
  };

  it('gives the same events from a Uint16Array and a Uint32Array of the same transitions', () => {
    expect(delta).toBeInstanceOf(Uint16Array);
    const a = lib!.compile(...with16(delta));
    const b = lib!.compile(...with16(Uint32Array.from(delta)));
    const rng = createRng(11);
    const pieces = [
      'passport', 'Passport No', 'SSN', 'social security', '123-45-6789', '4111 1111 1111 1111', 'DE89 3704 0044 0532 0130 00',
      'Jennifer', 'Smith', 'AKIAIOSFODNN7EXAMPLE', 'aws_secret_access_key', '+1 415 555 0100', 'IBAN', 'card', 'Date of birth',
      ' ', ' ', '\n', '\r\n', '\t', '.', ',', ':', '-', '_', '\u001e', 'é', 'ß', '×', 'Ω', '\u{1F600}', '0', '42', '1987', 'x',
    ];
    let total = 0;
    for (let t = 0; t < 60; t++) {
      const parts: string[] = [];
      const length = 200 + Math.floor(rng() * 6000);
      for (let n = 0; n < length; ) {
        const p = pieces[Math.floor(rng() * pieces.length)];
        parts.push(p);
        n += p.length;
      }
      const text = parts.join('');
      const ea = events(a, text);
      expect(events(b, text)).toEqual(ea);
      total += ea.length;
    }
    expect(total).toBeGreaterThan(1000);
  });

  it('refuses a transition to a state that does not exist, at either end of the table and in the middle', () => {
    for (const at of [0, 1, delta.length >> 1, delta.length - 1]) {
      for (const bad of [states, 65535]) {
        const d16 = Uint16Array.from(delta);
        d16[at] = bad;
        expect(() => lib!.compile(...with16(d16))).toThrow(RangeError);
        const d32 = Uint32Array.from(delta);
        d32[at] = bad;
        expect(() => lib!.compile(...with16(d32))).toThrow(RangeError);
      }
      const d32 = Uint32Array.from(delta);
      d32[at] = 2 ** 32 - 1;
      expect(() => lib!.compile(...with16(d32))).toThrow(RangeError);
    }
    // The largest state is fine.
    const top = Uint16Array.from(delta);
    top[delta.length - 1] = states - 1;
    expect(() => lib!.compile(...with16(top))).not.toThrow();
  });

  it('refuses a table of one class (the separator class must have a column)', () => {
    const classOf = new Uint8Array(65536);
    const one = [classOf, new Uint16Array([0]), new Uint32Array([0, 0]), new Int32Array(0), 0, 0] as const;
    expect(() => lib!.compile(...one)).toThrow(TypeError);
    const two = [classOf, new Uint16Array([0, 0]), new Uint32Array([0, 0]), new Int32Array(0), 1, 0] as const;
    expect(() => lib!.compile(...two)).not.toThrow();
  });

  it('reports a table word after every code unit that is not a keyword word character, and after no other (the shape flags)', () => {
    const handle = lib!.compile(...args);
    // candidates.c is_kw_word: ASCII letters and digits, and U+00C0-U+024F but × and ÷.
    const kwWord = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 0xc0 && c <= 0x24f && c !== 0xd7 && c !== 0xf7);
    const units = [...Array.from({ length: 0x400 }, (_, c) => c), 0x1e9e, 0xd7ff, 0xd800, 0xdfff, 0xe000, 0xfb00, 0xff21, 0xffff];
    for (const c of units) {
      const u = String.fromCharCode(c);
      const before = events(handle, `${u}Jennifer Smith`).filter((_, k, ev) => k % 3 === 0 && ev[k] === 4).length;
      const after = events(handle, ` Jennifer${u} Smith`).filter((_, k, ev) => k % 3 === 0 && ev[k] === 4).length;
      expect([before, after], `U+${c.toString(16)}`).toEqual(kwWord(c) ? [0, 0] : [1, 1]);
    }
  });
  it('reports a hit one of whose outputs needs no word edge after it, though another does (hits are rejected early only when all do)', () => {
    // "ab" on a hand-made table: classes 0 other, 1 separator (space), 2 'a', 3 'b'; state 2 accepts with two outputs.
    const classOf = new Uint8Array(65536);
    classOf[32] = 1;
    classOf[97] = 2;
    classOf[98] = 3;
    const delta = Uint16Array.from([0, 0, 1, 0, /* 1: after a */ 0, 0, 1, 2, /* 2: after ab */ 0, 0, 1, 0]);
    const compileWith = (trail: number[]): unknown =>
      lib!.compile(classOf, delta, Uint32Array.from([0, 0, 0, 2]), Int32Array.from([-1, -1]), 2, 0, Uint8Array.from(trail), Int32Array.from([-1, -1]), Uint16Array.of(0));
    // Four chains report round by round, each chain's hits in turn: the ends sorted.
    const ends = (handle: unknown, text: string): number[] => events(handle, text).filter((_, k) => k % 3 === 1).sort((x, y) => x - y);
    // Long texts step four chains, short ones one.
    for (const text of ['abc ab xab ab', `${'abc ab '.repeat(300)}abz`]) {
      const all = [...text.matchAll(/ab/g)].map((m) => m.index + 2);
      const atEdge = all.filter((end) => end >= text.length || !/[a-z]/.test(text[end]));
      expect(ends(compileWith([1, 0]), text)).toEqual(all);
      expect(ends(compileWith([0, 1]), text)).toEqual(all);
      expect(ends(compileWith([1, 1]), text)).toEqual(atEdge);
    }
  });
});
