import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isoSecondsText, isoString, isoTrimmedZeroMillis } from './iso-time.js';

// The fast formatter must write exactly what toISOString (and the regex trims it replaced) writes, for any date.
const anyDate = fc.oneof(
  fc.date({ noInvalidDate: true }),
  fc.date({ min: new Date(Date.UTC(1990, 0, 1)), max: new Date(Date.UTC(2100, 0, 1)), noInvalidDate: true }),
  fc.integer({ min: -8.64e15, max: 8.64e15 }).map((ms) => new Date(ms)),
  fc.integer({ min: 0, max: 4e12 }).map((s) => new Date(Math.floor(s / 1000) * 1000)),
);

describe('iso-time', () => {
  it('isoString is toISOString', () => {
    fc.assert(fc.property(anyDate, (d) => {
      expect(isoString(d)).toBe(d.toISOString());
    }), { numRuns: 5000 });
  });
  it('isoSecondsText drops the milliseconds as the audit record did', () => {
    fc.assert(fc.property(anyDate, (d) => {
      expect(isoSecondsText(d)).toBe(d.toISOString().replace(/\.\d{3}Z$/, 'Z'));
    }), { numRuns: 5000 });
  });
  it('isoTrimmedZeroMillis drops only .000 as the protocols did', () => {
    fc.assert(fc.property(anyDate, (d) => {
      expect(isoTrimmedZeroMillis(d)).toBe(d.toISOString().replace(/\.000Z$/, 'Z'));
    }), { numRuns: 5000 });
  });
  it('edges: year 0 and 9999, the years beyond, and an invalid date throws as toISOString does', () => {
    for (const d of [new Date(Date.UTC(0, 0, 1) - 0), new Date('0000-01-01T00:00:00.000Z'), new Date('9999-12-31T23:59:59.999Z'), new Date('+010000-01-01T00:00:00.000Z'), new Date('-000001-12-31T23:59:59.500Z'), new Date(8.64e15), new Date(-8.64e15)]) {
      expect(isoString(d)).toBe(d.toISOString());
      expect(isoSecondsText(d)).toBe(d.toISOString().replace(/\.\d{3}Z$/, 'Z'));
      expect(isoTrimmedZeroMillis(d)).toBe(d.toISOString().replace(/\.000Z$/, 'Z'));
    }
    expect(() => isoString(new Date(NaN))).toThrow(RangeError);
    expect(() => isoSecondsText(new Date(NaN))).toThrow(RangeError);
  });
});
