import { describe, it, expect } from 'vitest';
import { spainCcc, spainCif, spainDni, spainNie, spainNif, spainNss } from './spain.js';

describe('spain', () => {
  it('checks DNI, NIE, NIF and CIF control characters', () => {
    expect(spainDni('12345678Z')).toBe(true);
    expect(spainDni('12345678A')).toBe(false);
    expect(spainNie('X1234567L')).toBe(true);
    expect(spainNie('X1234567A')).toBe(false);
    expect(spainCif('A58818501')).toBe(true);
    expect(spainCif('A58818502')).toBe(false);
    expect(spainNif('12345678Z')).toBe(true);
    expect(spainNif('K1234567L')).toBe(true);
  });
  it('checks NSS and CCC', () => {
    expect(spainNss('28 12345678 40')).toBe(true);
    expect(spainNss('28 12345678 41')).toBe(false);
    expect(spainCcc('2100 0418 45 0200051332')).toBe(true);
    expect(spainCcc('2100 0418 46 0200051332')).toBe(false);
  });
});
