import { describe, it, expect } from 'vitest';
import { franceInsee, franceRib, franceTaxId } from './france.js';

describe('france', () => {
  it('checks the INSEE key, including Corsica', () => {
    expect(franceInsee('2 55 08 14 168 025 38')).toBe(true);
    expect(franceInsee('2 55 08 14 168 025 39')).toBe(false);
    expect(franceInsee('1 80 01 2A 001 001 ' + String(97n - (1800119001001n % 97n)).padStart(2, '0'))).toBe(true);
  });
  it('checks the SPI tax number and the RIB key', () => {
    expect(franceTaxId('30 23 217 600 053')).toBe(true);
    expect(franceTaxId('30 23 217 600 054')).toBe(false);
    expect(franceRib('20041 01005 0500013M026 06')).toBe(true);
    expect(franceRib('20041 01005 0500013M026 07')).toBe(false);
  });
});
