import { describe, expect, it } from 'vitest';
import { fixedChunks } from './event-history.js';

describe('fixedChunks', () => {
  it('covers every row once, with chunks of only a few sizes', () => {
    for (const n of [0, 1, 3, 17, 300, 523, 1999]) {
      const chunks = fixedChunks(n);
      expect(chunks.reduce((sum, [a, b]) => sum + (b - a), 0)).toBe(n);
      chunks.forEach(([a], i) => expect(a).toBe(i === 0 ? 0 : chunks[i - 1]![1]));
      expect(new Set(chunks.map(([a, b]) => b - a)).size).toBeLessThanOrEqual(5);
      for (const [a, b] of chunks) expect([500, 64, 16, 4, 1]).toContain(b - a);
    }
  });
});
