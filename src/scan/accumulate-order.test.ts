// A file's results are ordered by category then type, as localeCompare orders them, without building ICU's collator
// (its first use costs ~69 M instructions per process: design-notes, textscan).
import { afterEach, describe, expect, it } from 'vitest';
import { collatesAsRoot } from '../common/collation.js';
import type { Detection } from '../detect/index.js';
import { DetectionAccumulator } from './accumulate.js';

const original = String.prototype.localeCompare;
afterEach(() => {
  String.prototype.localeCompare = original;
});

describe('DetectionAccumulator.results order', () => {
  const segment = { text: 'x'.repeat(64), location: { kind: 'text' as const, line: 1, column: 1 } };
  const d = (type: string, category: Detection['category']): Detection => ({ type, category, start: 0, end: 1 });
  const detections = [
    d('USA_SOCIAL_SECURITY_NUMBER', 'PERSONAL_INFORMATION'),
    d('AWS_CREDENTIALS', 'CREDENTIALS'),
    d('CREDIT_CARD_NUMBER', 'FINANCIAL_INFORMATION'),
    d('NAME', 'PERSONAL_INFORMATION'),
    d('ADDRESS', 'PERSONAL_INFORMATION'),
    d('Employee-Id', 'CUSTOM_IDENTIFIER'),
    d('employee_id', 'CUSTOM_IDENTIFIER'),
  ];

  // Under a non-English default locale the collator is asked, as before (scan-order.test.ts covers the locale rule).
  it.runIf(collatesAsRoot())('orders ASCII types as localeCompare does, without calling it', () => {
    const expected = [...detections].sort((a, b) => (a.category + a.type).localeCompare(b.category + b.type)).map((x) => x.type);
    let calls = 0;
    String.prototype.localeCompare = function (this: string, ...args: Parameters<typeof original>) {
      calls++;
      return original.apply(this, args);
    };
    const acc = new DetectionAccumulator({ maxOccurrencesPerResultType: 1000 });
    acc.add(segment, detections);
    expect(acc.results().map((r) => r.type)).toEqual(expected);
    expect(calls).toBe(0);
  });

  it('falls back to localeCompare for a type outside printable ASCII', () => {
    const withAccent = [...detections, d('Numéro-client', 'CUSTOM_IDENTIFIER')];
    const acc = new DetectionAccumulator({ maxOccurrencesPerResultType: 1000 });
    acc.add(segment, withAccent);
    expect(acc.results().map((r) => r.type)).toEqual([...withAccent].sort((a, b) => (a.category + a.type).localeCompare(b.category + b.type)).map((x) => x.type));
  });
});
