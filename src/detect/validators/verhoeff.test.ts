import { describe, it, expect } from 'vitest';
import { indiaAadhaar, verhoeffDigits } from './verhoeff.js';

describe('verhoeff', () => {
  it('checks the dihedral checksum', () => {
    expect(verhoeffDigits('2363')).toBe(true);
    expect(verhoeffDigits('2364')).toBe(false);
    expect(indiaAadhaar('2341 2341 2346')).toBe(true);
    expect(indiaAadhaar('2341 2341 2347')).toBe(false);
    expect(indiaAadhaar('1341 2341 2346')).toBe(false);
  });
});
