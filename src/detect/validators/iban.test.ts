import { describe, it, expect } from 'vitest';
import { iban, mod97 } from './iban.js';

describe('iban', () => {
  it('accepts registry examples', () => {
    for (const v of ['DE89370400440532013000', 'GB82 WEST 1234 5698 7654 32', 'FR1420041010050500013M02606', 'ES9121000418450200051332', 'IT60X0542811101000000123456', 'NL91ABNA0417164300', 'CH9300762011623852957', 'BE68539007547034'])
      expect(iban(v)).toBe(true);
  });
  it('rejects a wrong check, a wrong country length and unknown countries', () => {
    expect(iban('DE89370400440532013001')).toBe(false);
    expect(iban('DE8937040044053201300')).toBe(false);
    expect(iban('ZZ89370400440532013000')).toBe(false);
  });
  it('computes mod 97 exactly on long inputs', () => {
    expect(mod97('3704004405320130001314' + '89')).toBe(1);
  });
  it('accepts grouping by four only (a UUID-shaped run is no IBAN)', () => {
    expect(iban('DE89 3704 0044 0532 0130 00')).toBe(true);
    expect(iban('DE89-3704-0044-0532-0130-00')).toBe(true);
    expect(iban('de89 3704 0044 0532 0130 00')).toBe(true);
    expect(iban('DE893704-0044-0532-0130-00')).toBe(false);
  });
});
