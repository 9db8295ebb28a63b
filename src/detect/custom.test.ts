import { describe, it, expect } from 'vitest';
import { customSeverityFor, testCustomDataIdentifier, validateCustomDataIdentifier } from './custom.js';
import { DetectError } from './errors.js';

const err = (fn: () => unknown): DetectError => {
  try {
    fn();
  } catch (e) {
    if (e instanceof DetectError) return e;
    throw e;
  }
  throw new Error('expected a DetectError');
};

describe('custom data identifier validation', () => {
  it('rejects what RE2 and Macie reject, saying why', () => {
    expect(err(() => validateCustomDataIdentifier({ regex: '(a)\\1' })).message).toMatch(/backreferences/);
    expect(err(() => validateCustomDataIdentifier({ regex: 'a(?=b)' })).message).toMatch(/look-ahead/);
    expect(err(() => validateCustomDataIdentifier({ regex: '(?<=a)b' })).message).toMatch(/look-behind/);
    expect(err(() => validateCustomDataIdentifier({ regex: 'a{2' + '(' })).message).toMatch(/regex is not valid/);
    expect(err(() => validateCustomDataIdentifier({ regex: 'a'.repeat(513) })).field).toBe('regex');
    expect(err(() => validateCustomDataIdentifier({ regex: '' })).code).toBe('InvalidCustomDataIdentifier');
  });
  it('applies the keyword, ignore word, distance and severity limits', () => {
    expect(err(() => validateCustomDataIdentifier({ regex: 'a', keywords: ['ab'] })).field).toBe('keywords');
    expect(err(() => validateCustomDataIdentifier({ regex: 'a', keywords: Array(51).fill('abc') })).field).toBe('keywords');
    expect(err(() => validateCustomDataIdentifier({ regex: 'a', ignoreWords: ['abc'] })).field).toBe('ignoreWords');
    expect(err(() => validateCustomDataIdentifier({ regex: 'a', ignoreWords: Array(11).fill('abcd') })).field).toBe('ignoreWords');
    expect(err(() => validateCustomDataIdentifier({ regex: 'a', maximumMatchDistance: 0 })).field).toBe('maximumMatchDistance');
    expect(err(() => validateCustomDataIdentifier({ regex: 'a', maximumMatchDistance: 301 })).field).toBe('maximumMatchDistance');
    expect(err(() => validateCustomDataIdentifier({
      regex: 'a',
      severityLevels: [{ occurrencesThreshold: 10, severity: 'LOW' }, { occurrencesThreshold: 5, severity: 'HIGH' }, { occurrencesThreshold: 5, severity: 'MEDIUM' }],
    })).field).toBe('severityLevels');
    expect(() => validateCustomDataIdentifier({ regex: '[0-9]{3}', keywords: ['abc'], ignoreWords: ['abcd'], maximumMatchDistance: 300 })).not.toThrow();
  });
});

describe('testCustomDataIdentifier', () => {
  it('counts matches without keywords', () => {
    expect(testCustomDataIdentifier({ regex: '[0-9]{3}-[0-9]{4}' }, 'call 555-0100 or 555-0199')).toBe(2);
  });
  it('needs a preceding keyword with the match ending within maximumMatchDistance of it', () => {
    const spec = { regex: 'EMP-[0-9]{6}', keywords: ['employee id'], maximumMatchDistance: 15 };
    expect(testCustomDataIdentifier(spec, 'Employee_ID: EMP-123456')).toBe(1);
    expect(testCustomDataIdentifier(spec, 'Employee ID:     EMP-123456')).toBe(0);
    expect(testCustomDataIdentifier(spec, 'EMP-123456 employee id')).toBe(0);
  });
  it('drops matches containing an ignore word (case-sensitive)', () => {
    const spec = { regex: '[A-Z]+-[0-9]+', ignoreWords: ['TEST'] };
    expect(testCustomDataIdentifier(spec, 'TEST-1 PROD-2 test-3')).toBe(1);
  });
  it('rejects sample text over 1,000 characters', () => {
    expect(() => testCustomDataIdentifier({ regex: 'a' }, 'a'.repeat(1001))).toThrow(/sampleText/);
  });
});

describe('customSeverityFor', () => {
  it('defaults to MEDIUM and follows thresholds otherwise', () => {
    expect(customSeverityFor(undefined, 1)).toBe('MEDIUM');
    const levels = [{ occurrencesThreshold: 1, severity: 'LOW' as const }, { occurrencesThreshold: 50, severity: 'MEDIUM' as const }, { occurrencesThreshold: 100, severity: 'HIGH' as const }];
    expect(customSeverityFor(levels, 49)).toBe('LOW');
    expect(customSeverityFor(levels, 50)).toBe('MEDIUM');
    expect(customSeverityFor(levels, 100)).toBe('HIGH');
    expect(customSeverityFor([{ occurrencesThreshold: 10, severity: 'HIGH' }], 9)).toBeUndefined();
  });
});
