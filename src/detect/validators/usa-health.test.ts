import { describe, it, expect } from 'vitest';
import { gs1Udi, usDea, usHicn, usMbi, usNpi } from './usa-health.js';

describe('usa health', () => {
  it('checks NPI, DEA, MBI and GS1 UDI', () => {
    expect(usNpi('1234567893')).toBe(true);
    expect(usNpi('1234567894')).toBe(false);
    expect(usDea('AB1234563')).toBe(true);
    expect(usDea('AB1234564')).toBe(false);
    expect(usMbi('1EG4-TE5-MK73')).toBe(true);
    expect(usMbi('1SG4-TE5-MK73')).toBe(false);
    expect(gs1Udi('(01)00844588003288')).toBe(true);
    expect(gs1Udi('(01)00844588003289')).toBe(false);
    expect(usHicn('536228726A')).toBe(true);
    expect(usHicn('000228726A')).toBe(false);
  });
});
