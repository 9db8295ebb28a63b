import { describe, it, expect } from 'vitest';
import { luhn } from './luhn.js';

describe('luhn', () => {
  it('accepts published Luhn-valid numbers and rejects one-digit changes', () => {
    expect(luhn('79927398713')).toBe(true);
    expect(luhn('4556 7375 8689 9855')).toBe(true);
    expect(luhn('79927398710')).toBe(false);
    expect(luhn('4556 7375 8689 9856')).toBe(false);
    expect(luhn('7')).toBe(false);
  });
});
