import { describe, it, expect } from 'vitest';
import { creditCard } from './credit-card.js';

describe('creditCard', () => {
  it('accepts issuer ranges with their lengths and Luhn', () => {
    for (const n of ['4556737586899855', '378282246310005', '5555555555554444', '6011111111111117', '2221000000000009', '3530111333300000'])
      expect(creditCard(n)).toBe(true);
  });
  it('rejects Luhn failures, unknown issuers, wrong lengths and repeated digits', () => {
    expect(creditCard('4556737586899856')).toBe(false);
    expect(creditCard('9556737586899855')).toBe(false); // no issuer starts with 9
    expect(creditCard('37828224631000')).toBe(false); // Amex must be 15 digits
    expect(creditCard('4000000000000000000')).toBe(false);
    expect(creditCard('1234567812345670')).toBe(false);
  });
  it('accepts printed groupings only', () => {
    expect(creditCard('4556 7375 8689 9855')).toBe(true);
    expect(creditCard('3415-732906-18424')).toBe(true);
    expect(creditCard('45567375-8689-9855')).toBe(false); // UUID-like 8-4-4
    expect(creditCard('4556 7375-8689 9855')).toBe(false);
  });
});
