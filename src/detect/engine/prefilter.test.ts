// Keyword patterns: a leading \b checked outside the regex, and patterns with literal prefixes run only where the
// automaton finds a prefix; both must open exactly the windows of the plain regex pass over the whole text.
import { describe, expect, it } from 'vitest';
import { createRng } from '../../../bench/corpus/generate.js';
import { asciiLetterPair, foldedEqualAt, patternPrefixes, Prefilter, type TriggerAction } from './prefilter.js';

describe('patternPrefixes', () => {
  it('reads a leading alternation of literals, and nothing else', () => {
    expect(patternPrefixes('(?:AKIA|ASIA|AIDA)[A-Z2-7]{16}\\b')).toEqual(['AKIA', 'ASIA', 'AIDA']);
    expect(patternPrefixes('(?:AB|ABC|X)\\d')).toEqual(['AB', 'X']); // ABC starts where AB does
    expect(patternPrefixes('(?:AB|CD)?x')).toBeUndefined(); // optional: any position may match
    expect(patternPrefixes('(?:AB|CD)*x')).toBeUndefined();
    expect(patternPrefixes('(?:AB|C.)x')).toBeUndefined();
    expect(patternPrefixes('[A-Z]{4}')).toBeUndefined();
  });
});

/** The windows of the regex itself over the whole text (the pass Prefilter made for every keyword pattern). */
function regexWindows(source: string, text: string, distance: number, ignore: ReadonlySet<string>): string[] {
  const re = new RegExp(source, 'g');
  const out: string[] = [];
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    re.lastIndex = m.index + 1;
    if (ignore.has(m[0])) continue;
    const end = m.index + m[0].length;
    out.push(`0:${end}-${end + distance}`);
  }
  return out.sort();
}

describe('keyword patterns', () => {
  const source = String.raw`\b(?:AKIA|ASIA|AROA)[A-Z2-7]{16}\b`;
  const action: TriggerAction = { kind: 'keyword', rule: 0, distance: 30 };
  const ignore = new Set(['AKIAIOSFODNN7EXAMPLE']);
  const input = {
    keywords: new Map([['secret', [{ kind: 'keyword', rule: 1, distance: 10 } as TriggerAction]]]),
    anchorsInsensitive: new Map(),
    anchorsSensitive: new Map(),
    wholeWordAnchors: new Set<string>(),
    shapes: new Map(),
    patterns: new Map([[source, [action]]]),
    patternIgnore: ignore,
  };
  const windowsOf = (prefilter: Prefilter, text: string): string[] => {
    const out: string[] = [];
    prefilter.run(text, (rule, start, end) => {
      if (rule === 0) out.push(`${rule}:${start}-${end}`);
    });
    return out.sort();
  };

  it('open the windows of the regex over the whole text, in both passes', () => {
    const rng = createRng(41);
    const bits = ['AKIAQRSTUVWXYZ234567', 'ASIAABCDEFGHIJKLMNOP', 'AKIA', 'ASIA', 'AROA', 'akia', 'AKIAIOSFODNN7EXAMPLE', 'ABCDEFGHIJKLMNOP', 'QRSTUVWXYZ234567', '2', '7', '_', 'x', ' ', '-', '\n', 'é', 'secret'];
    for (const useNative of [true, false]) {
      const prefilter = new Prefilter({ ...input, useNative });
      let found = 0;
      for (let k = 0; k < 300; k++) {
        let text = '';
        const len = 20 + Math.floor(rng() * 200);
        while (text.length < len) text += bits[Math.floor(rng() * bits.length)];
        const want = regexWindows(source, text, 30, ignore);
        found += want.length;
        expect(windowsOf(prefilter, text)).toEqual(want);
      }
      expect(found).toBeGreaterThan(20);
    }
  });
});

describe('foldedEqualAt', () => {
  it('agrees with comparing the lower-cased slice, on fuzzed text with non-ASCII case mappings', () => {
    const rng = createRng(12);
    const alphabet = ['a', 'B', 'c', 'D', ' ', '-', 'é', 'É', 'İ', 'ı', 'ß', 'ẞ', 'K', '\u212a', 'i', 'I', '\u0307', 'x'];
    const literals = ['abcd', 'Bc', 'i', 'K-d', 'ab', 'İb', 'ss', 'é'].map((text) => ({ text, ...(/^[\x00-\x7f]*$/.test(text) ? { lowerAscii: text.toLowerCase() } : {}) }));
    let equal = 0;
    for (let round = 0; round < 20_000; round++) {
      const len = 1 + Math.floor(rng() * 8);
      let text = '';
      for (let i = 0; i < len; i++) text += alphabet[Math.floor(rng() * alphabet.length)];
      const lit = literals[Math.floor(rng() * literals.length)];
      // Sometimes plant the literal (in random case) so that the equal case is exercised too.
      if (rng() < 0.3) text += [...lit.text].map((c) => (rng() < 0.5 ? c.toUpperCase() : c)).join('');
      for (let at = 0; at <= text.length; at++) {
        const want = text.slice(at, at + lit.text.length).toLowerCase() === lit.text.toLowerCase();
        if (want) equal++;
        expect(foldedEqualAt(text, at, lit), `${JSON.stringify(text)} @${at} ${lit.text}`).toBe(want);
      }
    }
    expect(equal).toBeGreaterThan(1000);
  });
});

describe('asciiLetterPair', () => {
  it('indexes exactly the pairs of ASCII letters, as their upper-case text would', () => {
    let pairs = 0;
    for (let a = 0; a < 0x250; a++) {
      for (let b = 0; b < 0x250; b += a < 128 ? 1 : 7) {
        const text = `${String.fromCharCode(a)}${String.fromCharCode(b)}`;
        const i = asciiLetterPair(text, 0);
        const upper = text.toUpperCase();
        if (/^[A-Za-z]{2}$/.test(text)) {
          pairs++;
          expect(i).toBe((upper.charCodeAt(0) - 65) * 26 + (upper.charCodeAt(1) - 65));
        } else expect(i, JSON.stringify(text)).toBe(-1);
      }
      expect(asciiLetterPair(String.fromCharCode(a), 0)).toBe(-1); // one character left
    }
    expect(pairs).toBe(52 * 52);
  });
});
