import { describe, expect, it } from 'vitest';
import { memoized } from './memo.js';

describe('memoized validators', () => {
  it('asks the validator once per value and gives its answers back', () => {
    const asked: string[] = [];
    const isLong = memoized((v) => {
      asked.push(v);
      return v.length > 3;
    });
    expect([isLong('Anna'), isLong('Bo'), isLong('Anna'), isLong('Bo')]).toEqual([true, false, true, false]);
    expect(asked).toEqual(['Anna', 'Bo']);
  });

  it('stays within its capacity (emptied when full, then asks again)', () => {
    const asked: string[] = [];
    const check = memoized((v) => {
      asked.push(v);
      return true;
    }, 2);
    for (const v of ['a', 'b', 'c', 'a']) check(v);
    expect(asked).toEqual(['a', 'b', 'c', 'a']);
  });
});
