import { describe, it, expect } from 'vitest';
import { argentinaCuit, chileRut, colombiaNit, mexicoCurp } from './americas.js';

describe('americas', () => {
  it('checks CUIT, RUT and NIT', () => {
    expect(argentinaCuit('20-12345678-6')).toBe(true);
    expect(argentinaCuit('20-12345678-5')).toBe(false);
    expect(chileRut('12.345.678-5')).toBe(true);
    expect(chileRut('12.345.678-K')).toBe(false);
    expect(colombiaNit('800197268-4')).toBe(true);
    expect(colombiaNit('800197268-5')).toBe(false);
  });
  it('checks the CURP digit and structure', () => {
    expect(mexicoCurp('BADD110313HCMLNS06')).toBe(true);
    expect(mexicoCurp('BADD110313HCMLNS09')).toBe(false);
    expect(mexicoCurp('BADD111313HCMLNS06')).toBe(false);
  });
});
