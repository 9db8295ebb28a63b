import { describe, expect, it } from 'vitest';
import { compileScanner } from './compile.js';

describe('DetectContext.skipTypes', () => {
  const scanner = compileScanner({ managedSelector: 'ALL' });
  const text = 'Dear Jennifer Whitaker, your SSN 536-22-1458 and card 4556737586899855 are on file.';
  const types = (skip?: string[]): string[] => scanner.scan(text, skip ? { skipTypes: new Set(skip) } : undefined).map((d) => d.type).sort();

  it('leaves out the skipped types only, call by call', () => {
    const all = types();
    expect(all).toEqual(expect.arrayContaining(['CREDIT_CARD_NUMBER', 'NAME', 'USA_SOCIAL_SECURITY_NUMBER']));
    expect(types(['NAME'])).toEqual(all.filter((t) => t !== 'NAME'));
    expect(types(['USA_SOCIAL_SECURITY_NUMBER', 'NOT_AN_IDENTIFIER'])).toEqual(all.filter((t) => t !== 'USA_SOCIAL_SECURITY_NUMBER'));
    // A later call with another skip set (or none) sees the types skipped before again.
    expect(types(['NAME', 'USA_SOCIAL_SECURITY_NUMBER'])).toEqual(['CREDIT_CARD_NUMBER']);
    expect(types()).toEqual(all);
  });
});
