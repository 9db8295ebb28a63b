import { describe, expect, it, vi } from 'vitest';
import { seededRandom } from '../../common/seeded-random.js';
import { GIVEN_NAMES, SURNAMES } from './data.generated.js';
import { SEARCHES_BEFORE_SET, SortedLines, hasLine } from './sorted-lines.js';

const ALPHABET = "ab'-z\u00e9";
const word = (next: () => number): string => {
  let s = '';
  for (let n = Math.floor(next() * 5); n > 0; n--) s += ALPHABET[Math.floor(next() * ALPHABET.length)];
  return s;
};

describe('hasLine', () => {
  it('answers as a Set of the lines would on random sorted lists', () => {
    const next = seededRandom(12345);
    for (let round = 0; round < 300; round++) {
      const set = new Set<string>();
      for (let n = Math.floor(next() * 40); n > 0; n--) set.add(word(next));
      set.delete('');
      const sorted = [...set].sort();
      const text = sorted.join('\n');
      const lines = new Set(text.split('\n')); // as the dictionaries' Sets were built ('' for an empty list)
      for (let probe = 0; probe < 60; probe++) {
        const key = probe < sorted.length ? sorted[probe]! : word(next);
        expect(hasLine(text, key), `${JSON.stringify(key)} in ${JSON.stringify(text)}`).toBe(lines.has(key));
      }
    }
  });

  it('never matches across or at a line break', () => {
    expect(hasLine('ab\ncd', 'ab\ncd')).toBe(false);
    expect(hasLine('ab\ncd', '')).toBe(false);
    expect(hasLine('ab\ncd', 'b')).toBe(false);
    expect(hasLine('ab\ncd', 'cd')).toBe(true);
    expect(hasLine('', '')).toBe(true);
    expect(hasLine('', 'a')).toBe(false);
  });

  it.each([
    ['GIVEN_NAMES', GIVEN_NAMES],
    ['SURNAMES', SURNAMES],
  ])('finds every line of %s and nothing next to them (the list is sorted and unique)', (_, text) => {
    const lines = text.split('\n');
    expect(lines.every((line, i) => line.length > 0 && (i === 0 || lines[i - 1]! < line))).toBe(true);
    const set = new Set(lines);
    for (const line of lines) {
      expect(hasLine(text, line)).toBe(true);
      for (const near of [line.slice(0, -1), `${line}a`, `${line}'`, line.slice(1), `a${line}`]) expect(hasLine(text, near)).toBe(set.has(near));
    }
  });
});

describe('SortedLines', () => {
  it('answers the same before and after it hashes the list, and hashes it once', () => {
    const text = SURNAMES;
    const probes = ['smith', 'garcia', "o'brien", 'xqzzy', 'aaberg', 'zywicki', 'smit', 'smithh', '', 'a\nb'];
    const expected = probes.map((p) => new Set(text.split('\n')).has(p));
    const lines = new SortedLines(text);
    const split = vi.spyOn(String.prototype, 'split');
    try {
      for (let round = 0; round * probes.length < SEARCHES_BEFORE_SET * 2; round++) expect(probes.map((p) => lines.has(p))).toEqual(expected);
      expect(split).toHaveBeenCalledTimes(1);
    } finally {
      split.mockRestore();
    }
  });
});

describe('name dictionaries', () => {
  it('split no list into a Set on first use', async () => {
    vi.resetModules();
    const split = vi.spyOn(String.prototype, 'split');
    try {
      const { isGivenName, isSurname } = await import('./dictionary.js');
      expect(isGivenName('Jürgen')).toBe(true);
      expect(isGivenName('Mary')).toBe(true);
      expect(isSurname('Smith')).toBe(true);
      expect(isSurname('Xqzzy')).toBe(false);
      expect(split.mock.calls.filter(([separator]) => (separator as unknown) === '\n')).toHaveLength(0);
    } finally {
      split.mockRestore();
    }
  });
});
