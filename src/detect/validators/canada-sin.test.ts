import { describe, it, expect } from 'vitest';
import { canadaSin } from './canada-sin.js';

describe('canadaSin', () => {
  it('uses Luhn and rejects never-issued first digits', () => {
    expect(canadaSin('130 692 544')).toBe(true);
    expect(canadaSin('130 692 545')).toBe(false);
    expect(canadaSin('046 454 286')).toBe(false); // Luhn-valid, but 0 is not an issued province digit
  });
});
