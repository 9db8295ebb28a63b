// The native pass's word table (candidates.c word_at): NAME's given names and the other case-sensitive whole-word
// anchors are looked up by hash at capitalised word starts instead of stepped in the automaton. The windows must be the
// ones the automaton opens (native without the table) and the JavaScript pass opens, on text made to trip it up.
import { describe, expect, it } from 'vitest';
import { createRng } from '../../../bench/corpus/generate.js';
import { compileScanner } from '../index.js';
import { nativeCandidates, type NativeCandidates } from './native.js';
import { Prefilter, type PrefilterInput } from './prefilter.js';

function windowsOf(prefilter: Prefilter, text: string): string[] {
  const out: string[] = [];
  prefilter.run(text, (rule, start, end) => out.push(`${rule}:${start}-${end}`));
  return out.sort();
}

const lib = nativeCandidates();

describe.runIf(lib?.wordTable === true)('native word table', () => {
  const input = (compileScanner({ managedSelector: 'ALL' }) as unknown as { parts: { prefilter: { input: PrefilterInput } } }).parts.prefilter.input;
  const names = [...input.anchorsSensitive.keys()].filter((k) => input.wholeWordAnchors.has(k));

  it('takes the whole-word case-sensitive anchors out of the automaton', () => {
    const seen: Array<Parameters<NativeCandidates['compile']>> = [];
    const compile = lib!.compile;
    lib!.compile = (...a) => {
      seen.push(a);
      return compile(...a);
    };
    try {
      new Prefilter(input).run('Jennifer', () => {});
      new Prefilter({ ...input, nativeWords: false }).run('Jennifer', () => {});
    } finally {
      lib!.compile = compile;
    }
    const [withTable, without] = seen;
    const words = withTable[10]!;
    // [length, chars...] per word: count them
    let count = 0;
    for (let k = 0; k < words.length; k += 1 + words[k]) count++;
    expect(count).toBeGreaterThan(1000);
    expect(without[10]).toBeNull();
    // fewer states: the table is the transitions' (states << shift)
    expect(withTable[1].length).toBeLessThan(0.7 * without[1].length);
  });

  it('opens the same windows as the automaton and the JavaScript pass on name soup', () => {
    const table = new Prefilter(input);
    const automaton = new Prefilter({ ...input, nativeWords: false });
    const js = new Prefilter({ ...input, useNative: false });
    const rng = createRng(7);
    const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)];
    // Around a name: what may or may not make it a whole word (Latin-1 and Latin Extended letters are word characters
    // of the keyword edges, `_` and `×` are not), case changes, prefixes and longer names.
    const around = ['', ' ', '\n', '_', '-', '.', "'", 'é', 'Ä', 'ß', '×', 'ǿ', 'ɏ', 'ɐ', 'Ω', '\u{1F600}', '1', 'x', 'S', 'son', 'a', '\u001e'];
    const mangle = (n: string): string => {
      const r = rng();
      if (r < 0.5) return n;
      if (r < 0.6) return n.toLowerCase();
      if (r < 0.7) return n.toUpperCase();
      if (r < 0.8) return n.slice(0, Math.max(1, n.length - 1));
      if (r < 0.9) return n + pick(names).toLowerCase();
      return n.slice(0, 2) + '-' + n.slice(2);
    };
    let hits = 0;
    for (let k = 0; k < 300; k++) {
      // Some texts over 1,024 characters, so the automaton's segments and the 64-character blocks cut through names.
      const length = k % 3 === 0 ? 1500 + Math.floor(rng() * 1500) : 1 + Math.floor(rng() * 200);
      let text = '';
      while (text.length < length) text += pick(around) + mangle(pick(names)) + pick(around);
      const want = windowsOf(automaton, text);
      expect(windowsOf(table, text)).toEqual(want);
      expect(windowsOf(js, text)).toEqual(want);
      hits += want.length;
    }
    expect(hits).toBeGreaterThan(5000);
  });

  it('reports exactly the whole-word occurrences of the table words (C events against a reference)', () => {
    const prefilter = new Prefilter(input);
    expect(prefilter.usesNative).toBe(true);
    const { lib: native, handle } = (prefilter as unknown as { native: { lib: NativeCandidates; handle: unknown } }).native;
    const words = (prefilter as unknown as { wordLiterals: Array<{ text: string }> }).wordLiterals.map((l) => l.text);
    const index = new Map(words.map((w, k) => [w, k]));
    const isWord = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 0xc0 && c <= 0x24f && c !== 0xd7 && c !== 0xf7);
    const rng = createRng(9);
    const around = ['', ' ', '_', '-', 'é', 'ǿ', 'ɐ', '×', '÷', 'Ω', '1', 'x', 'Q', '\u{1F600}'];
    const events = new Int32Array(3 << 14);
    let seen = 0;
    for (let k = 0; k < 300; k++) {
      let text = '';
      const length = k % 3 === 0 ? 1500 : 200;
      while (text.length < length) text += around[Math.floor(rng() * around.length)] + words[Math.floor(rng() * words.length)].slice(0, rng() < 0.8 ? undefined : -1);
      const want: string[] = [];
      for (let i = 0; i < text.length; i++) {
        if (i > 0 && isWord(text.charCodeAt(i - 1))) continue;
        let j = i;
        while (j < text.length && isWord(text.charCodeAt(j))) j++;
        const w = index.get(text.slice(i, j));
        if (w !== undefined) want.push(`${j}:${w}`);
      }
      const n = native.scan(handle, text, events);
      const got: string[] = [];
      for (let e = 0; e < 3 * n; e += 3) if (events[e] === 4) got.push(`${events[e + 1]}:${events[e + 2]}`);
      expect(got.sort()).toEqual(want.sort());
      seen += want.length;
    }
    expect(seen).toBeGreaterThan(5000);
  });

  it('finds a name at the very start and end of a text and at block edges', () => {
    const table = new Prefilter(input);
    const automaton = new Prefilter({ ...input, nativeWords: false });
    for (const name of ['Mary', 'Jennifer', names[names.length - 1]]) {
      for (const pad of [0, 1, 62, 63, 64, 65, 127, 1023, 1024]) {
        for (const text of [' '.repeat(pad) + name, name + ' '.repeat(pad), 'x'.repeat(pad) + ' ' + name + ' ' + 'y'.repeat(pad)]) {
          const want = windowsOf(automaton, text);
          expect(want.length).toBeGreaterThan(0);
          expect(windowsOf(table, text)).toEqual(want);
        }
      }
    }
  });
});
