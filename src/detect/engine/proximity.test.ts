import { describe, it, expect } from 'vitest';
import { contextHasKeyword, contextTokens, keywordRegexSource, normalizeKeyword } from './proximity.js';

const finds = (keyword: string, text: string): boolean => new RegExp(keywordRegexSource(keyword), 'i').test(text);

describe('keyword proximity rules', () => {
  it('treats spaces, underscores and hyphens alike, and ignores case', () => {
    for (const t of ['Credit Card:', 'credit_card', 'CREDIT-CARD', 'creditcard']) expect(finds('credit card', t)).toBe(true);
    expect(normalizeKeyword('Secret_Access-Key')).toBe('secretaccesskey');
  });
  it('keeps short keywords to whole words and lets long ones run on', () => {
    expect(finds('ssn', 'SSN: 1')).toBe(true);
    expect(finds('ssn', 'classname')).toBe(false);
    expect(finds('ssn', 'ssnumber')).toBe(false);
    expect(finds('passport', 'passportNumber')).toBe(true);
    expect(finds('passport', 'mypassport')).toBe(false);
  });
  it('matches context names token-wise, camelCase included', () => {
    const ctx = ['customers', 'dateOfBirth'].map(contextTokens);
    expect(contextHasKeyword(ctx, 'date of birth')).toBe(true);
    expect(contextHasKeyword([contextTokens('className')], 'ssn')).toBe(false);
    expect(contextHasKeyword([contextTokens('user_ssn')], 'ssn')).toBe(true);
    expect(contextHasKeyword([contextTokens('passportNumber')], 'passport')).toBe(true);
  });
});
