import { describe, it, expect } from 'vitest';
import { italyCodiceFiscale } from './italy.js';

describe('italyCodiceFiscale', () => {
  it('checks the control letter', () => {
    expect(italyCodiceFiscale('RSSMRA85T10A562S')).toBe(true);
    expect(italyCodiceFiscale('RSSMRA85T10A562T')).toBe(false);
    expect(italyCodiceFiscale('RSSMRA85Z10A562S')).toBe(false);
  });
});
