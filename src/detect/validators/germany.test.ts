import { describe, it, expect } from 'vitest';
import { germanyDocumentNumber, germanyTaxId } from './germany.js';

describe('germany', () => {
  it('checks the Steuer-IdNr', () => {
    expect(germanyTaxId('86095742719')).toBe(true);
    expect(germanyTaxId('86095742718')).toBe(false);
    expect(germanyTaxId('12345678903')).toBe(false); // no repeated digit
  });
  it('checks document numbers with and without the ICAO digit', () => {
    expect(germanyDocumentNumber('T220001293')).toBe(true);
    expect(germanyDocumentNumber('T220001294')).toBe(false);
    expect(germanyDocumentNumber('C01X00T47')).toBe(true);
    expect(germanyDocumentNumber('123456789')).toBe(false);
  });
});
