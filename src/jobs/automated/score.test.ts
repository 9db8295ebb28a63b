import { describe, expect, it } from 'vitest';
import { sensitivityScore, type ScoreInputs } from './score.js';

const base: ScoreInputs = { accessDenied: false, nonEmptyObjects: 10, classifiableBytes: 1000, analysed: 0, skipped: 0, bytesClassified: 0, sensitiveObjects: 0, types: [] };

describe('sensitivity score (F.8)', () => {
  it('follows Macie’s fixed points', () => {
    expect(sensitivityScore({ ...base, override: 100 })).toBe(100);
    expect(sensitivityScore({ ...base, accessDenied: true })).toBe(50);
    expect(sensitivityScore(base)).toBe(50);
    expect(sensitivityScore({ ...base, nonEmptyObjects: 0 })).toBe(1);
    expect(sensitivityScore({ ...base, skipped: 3 })).toBe(-1);
  });

  it('lowers a clean bucket’s score the more of it is analysed (1–49)', () => {
    const little = sensitivityScore({ ...base, analysed: 1, bytesClassified: 100 });
    const all = sensitivityScore({ ...base, analysed: 10, bytesClassified: 1000 });
    expect(little).toBeLessThan(50);
    expect(all).toBe(1);
    expect(all).toBeLessThan(little);
  });

  it('raises a sensitive bucket’s score with more sensitive data and more analysed (51–99)', () => {
    const some = sensitivityScore({ ...base, analysed: 10, bytesClassified: 500, sensitiveObjects: 1, types: [{ count: 1, category: 'PERSONAL' }] });
    const more = sensitivityScore({ ...base, analysed: 10, bytesClassified: 500, sensitiveObjects: 8, types: [{ count: 500, category: 'CREDENTIALS' }, { count: 90, category: 'FINANCIAL' }] });
    const moreAnalysed = sensitivityScore({ ...base, analysed: 10, bytesClassified: 1000, sensitiveObjects: 8, types: [{ count: 500, category: 'CREDENTIALS' }, { count: 90, category: 'FINANCIAL' }] });
    expect(some).toBeGreaterThanOrEqual(51);
    expect(more).toBeGreaterThan(some);
    expect(moreAnalysed).toBeGreaterThan(more);
    expect(moreAnalysed).toBeLessThanOrEqual(99);
  });
});
