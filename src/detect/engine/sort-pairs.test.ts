import { describe, expect, it } from 'vitest';
import { sortPairs } from './scan.js';

/** What sortPairs must give: the pairs stably sorted by start, flattened. */
function stableSorted(flat: number[]): number[] {
  const pairs: Array<[number, number]> = [];
  for (let i = 0; i < flat.length; i += 2) pairs.push([flat[i], flat[i + 1]]);
  return pairs.sort((a, b) => a[0] - b[0]).flat();
}

/** A deterministic pseudo-random sequence (no Math.random: the same lists every run). */
function lcg(seed: number): () => number {
  let x = seed;
  return () => (x = (x * 1103515245 + 12345) % 2147483648) / 2147483648;
}

describe('sortPairs (window lists by start, equal starts in arrival order)', () => {
  it('matches a stable sort for short, long near-sorted and long shuffled lists', () => {
    const rnd = lcg(7);
    for (const count of [0, 1, 2, 5, 64, 65, 200, 1000]) {
      for (const disorder of [0, 0.02, 1]) {
        const flat: number[] = [];
        for (let i = 0; i < count; i++) {
          // Few distinct starts, so equal starts are common and their ends tell them apart.
          const start = rnd() < disorder ? Math.floor(rnd() * count) : i;
          flat.push(Math.floor(start / 3), i);
        }
        const want = stableSorted(flat);
        expect(sortPairs(flat)).toBe(count);
        expect(flat).toEqual(want);
      }
    }
  });

  it('keeps arrival order of equal starts past the insertion budget', () => {
    const flat: number[] = [];
    for (let i = 0; i < 300; i++) flat.push(300 - i, 0, 5, i);
    const want = stableSorted(flat);
    sortPairs(flat);
    expect(flat).toEqual(want);
  });
});
