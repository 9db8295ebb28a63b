import { describe, it, expect } from 'vitest';
import { argentinaSube, australiaTfn, calendarDate, cardExpiration, latitudeLongitude, magneticStripe, ukUtr, vin } from './misc.js';

describe('misc', () => {
  it('checks TFN, UTR and VIN', () => {
    expect(australiaTfn('123 456 782')).toBe(true);
    expect(australiaTfn('123 456 783')).toBe(false);
    expect(ukUtr('1234567890')).toBe(false);
    expect(ukUtr('2234567890')).toBe(true);
    expect(vin('1HGCM82633A004352')).toBe(true);
    expect(vin('1HGCM82643A004352')).toBe(false);
    expect(vin('1M8GDM9AXKP042788')).toBe(true);
    expect(vin('WVWZZZ1JZXW000001')).toBe(true); // outside North America: no check digit
    expect(vin('ABCDEFGHJKLMNPRST')).toBe(false);
  });
  it('checks SUBE and magnetic stripes', () => {
    expect(argentinaSube('6061 2680 0000 0006')).toBe(true);
    expect(argentinaSube('6061 2680 0000 0007')).toBe(false);
    expect(magneticStripe('%B4556737586899855^DOE/JANE^2512101000000000000?')).toBe(true);
    expect(magneticStripe(';4556737586899855=25121010000000000?')).toBe(true);
    expect(magneticStripe(';4556737586899856=25121010000000000?')).toBe(false);
  });
  it('checks dates, expirations and coordinates', () => {
    expect(calendarDate('1980-02-29')).toBe(true);
    expect(calendarDate('1981-02-29')).toBe(false);
    expect(calendarDate('31/12/1975')).toBe(true);
    expect(calendarDate('12/31/1975')).toBe(true);
    expect(calendarDate('March 5, 1990')).toBe(true);
    expect(cardExpiration('12/27')).toBe(true);
    expect(cardExpiration('13/27')).toBe(false);
    expect(latitudeLongitude('47.6062, -122.3321')).toBe(true);
    expect(latitudeLongitude('97.6062, -122.3321')).toBe(false);
  });
});
