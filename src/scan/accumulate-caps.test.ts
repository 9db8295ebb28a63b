// Macie stops counting full names and mailing addresses after 1,000 detections in a file; other types are counted on.
import { describe, expect, it } from 'vitest';
import type { Detection } from '../detect/index.js';
import { DetectionAccumulator, emptyOccurrences } from './accumulate.js';

describe("Macie's per-file cap", () => {
  it('counts at most 1,000 NAME and ADDRESS detections per file, and every detection of other types', () => {
    const acc = new DetectionAccumulator({ maxOccurrencesPerResultType: 1000 });
    const ds = (type: string): Detection[] => Array.from({ length: 1500 }, (_, i) => ({ type, category: 'PERSONAL_INFORMATION' as const, start: i, end: i + 1 }));
    const segment = { text: 'x'.repeat(1600), location: { kind: 'text' as const, line: 1, column: 1 } };
    acc.add(segment, [...ds('NAME'), ...ds('ADDRESS'), ...ds('USA_SOCIAL_SECURITY_NUMBER')]);
    expect(Object.fromEntries(acc.results().map((r) => [r.type, r.count]))).toEqual({ ADDRESS: 1000, NAME: 1000, USA_SOCIAL_SECURITY_NUMBER: 1500 });
  });

  it('lists the types whose per-file cap is reached, so the scanner stops looking for them', () => {
    const acc = new DetectionAccumulator({ maxOccurrencesPerResultType: 10 });
    const segment = { text: 'x'.repeat(1600), location: { kind: 'text' as const, line: 1, column: 1 } };
    const ds = (type: string, n: number): Detection[] => Array.from({ length: n }, (_, i) => ({ type, category: 'PERSONAL_INFORMATION' as const, start: i, end: i + 1 }));
    acc.add(segment, [...ds('NAME', 999), ...ds('USA_SOCIAL_SECURITY_NUMBER', 1500)]);
    expect([...acc.capped]).toEqual([]);
    acc.add(segment, ds('NAME', 1));
    expect([...acc.capped]).toEqual(['NAME']);
  });

  it('counts every detection of other types, past a million in one file and across an archive\'s members (Macie\'s count is the total)', () => {
    const acc = new DetectionAccumulator({ maxOccurrencesPerResultType: 10 });
    const segment = { text: 'x'.repeat(16), location: { kind: 'text' as const, line: 1, column: 1 } };
    const one: Detection = { type: 'CREDIT_CARD_NUMBER', category: 'FINANCIAL_INFORMATION', start: 0, end: 16 };
    acc.add(segment, Array.from({ length: 1_000_001 }, () => one));
    acc.addTotals([{ type: 'CREDIT_CARD_NUMBER', category: 'FINANCIAL_INFORMATION', count: 700_000, occurrences: emptyOccurrences(), additionalOccurrences: true }]);
    const [card] = acc.results();
    expect(card).toMatchObject({ type: 'CREDIT_CARD_NUMBER', count: 1_700_001, additionalOccurrences: true });
    expect(acc.capped.size).toBe(0);
  });
});
