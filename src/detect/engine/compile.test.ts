import { describe, it, expect } from 'vitest';
import { compileScanner, selectManagedIdentifiers } from './compile.js';
import { DetectError } from '../errors.js';

const D5 = 'AWS_CREDENTIALS, HTTP_BASIC_AUTH_HEADER, OPENSSH_PRIVATE_KEY, PGP_PRIVATE_KEY, PKCS, PUTTY_PRIVATE_KEY, CREDIT_CARD_MAGNETIC_STRIPE, CREDIT_CARD_NUMBER, CANADA_DRIVERS_LICENSE, DRIVERS_LICENSE, UK_DRIVERS_LICENSE, UK_ELECTORAL_ROLL_NUMBER, FRANCE_NATIONAL_IDENTIFICATION_NUMBER, GERMANY_NATIONAL_IDENTIFICATION_NUMBER, ITALY_NATIONAL_IDENTIFICATION_NUMBER, SPAIN_DNI_NUMBER, UK_NATIONAL_INSURANCE_NUMBER, CANADA_PASSPORT_NUMBER, FRANCE_PASSPORT_NUMBER, GERMANY_PASSPORT_NUMBER, ITALY_PASSPORT_NUMBER, SPAIN_PASSPORT_NUMBER, UK_PASSPORT_NUMBER, USA_PASSPORT_NUMBER, CANADA_SOCIAL_INSURANCE_NUMBER, SPAIN_SOCIAL_SECURITY_NUMBER, USA_SOCIAL_SECURITY_NUMBER, AUSTRALIA_TAX_FILE_NUMBER, BRAZIL_CPF_NUMBER, FRANCE_TAX_IDENTIFICATION_NUMBER, GERMANY_TAX_IDENTIFICATION_NUMBER, SPAIN_NIE_NUMBER, SPAIN_NIF_NUMBER, SPAIN_TAX_IDENTIFICATION_NUMBER, USA_INDIVIDUAL_TAX_IDENTIFICATION_NUMBER'.split(', ');

describe('managed selection', () => {
  it('RECOMMENDED (and no selector) is exactly the D.5 set', () => {
    expect(selectManagedIdentifiers({ managedSelector: 'RECOMMENDED' }).map((m) => m.id).sort()).toEqual([...D5].sort());
    expect(selectManagedIdentifiers({}).length).toBe(35);
  });
  it('ALL has the 166 documented IDs; NONE has none', () => {
    expect(selectManagedIdentifiers({ managedSelector: 'ALL' }).length).toBe(166);
    expect(selectManagedIdentifiers({ managedSelector: 'NONE' })).toEqual([]);
  });
  it('INCLUDE and EXCLUDE use the ids and reject unknown ones', () => {
    expect(selectManagedIdentifiers({ managedSelector: 'INCLUDE', managedIds: ['PKCS'] }).map((m) => m.id)).toEqual(['PKCS']);
    expect(selectManagedIdentifiers({ managedSelector: 'EXCLUDE', managedIds: ['PKCS'] }).length).toBe(165);
    expect(() => selectManagedIdentifiers({ managedSelector: 'INCLUDE', managedIds: ['NOPE'] })).toThrow(DetectError);
    expect(() => selectManagedIdentifiers({ managedSelector: 'INCLUDE' })).toThrow(/managedDataIdentifierIds/);
  });
});

describe('scanner behaviour', () => {
  const ssnOnly = compileScanner({ managedSelector: 'INCLUDE', managedIds: ['USA_SOCIAL_SECURITY_NUMBER'] });

  it('needs the keyword within 30 characters before the value, or after it on the same line', () => {
    expect(ssnOnly.scan('SSN: 536-22-8726')).toHaveLength(1);
    expect(ssnOnly.scan('SSN' + ' '.repeat(30) + '536-22-8726')).toHaveLength(1);
    expect(ssnOnly.scan('SSN' + ' '.repeat(31) + '536-22-8726')).toHaveLength(0);
    expect(ssnOnly.scan('536-22-8726 is my SSN')).toHaveLength(1);
    expect(ssnOnly.scan('536-22-8726' + ' '.repeat(30) + 'SSN')).toHaveLength(1);
    expect(ssnOnly.scan('536-22-8726' + ' '.repeat(31) + 'SSN')).toHaveLength(0);
    // A keyword on the next line belongs to the next record.
    expect(ssnOnly.scan('order 536228726\nSSN: none')).toHaveLength(0);
    expect(ssnOnly.scan('order 536228726\r\nSSN: none')).toHaveLength(0);
  });
  it('counts context names (CSV column, JSON path) as keywords for every value', () => {
    expect(ssnOnly.scan('536-22-8726', { keywordContext: ['customer', 'ssn'] })).toEqual([
      { type: 'USA_SOCIAL_SECURITY_NUMBER', category: 'PERSONAL_INFORMATION', start: 0, end: 11 },
    ]);
    expect(ssnOnly.scan('536-22-8726', { keywordContext: ['className'] })).toEqual([]);
  });
  it('finds several values after one keyword and reports them in text order', () => {
    // "SSNs" is no keyword (short keywords end at a word edge); "ssn" covers the values before and after it.
    const found = ssnOnly.scan('SSNs: 536-22-8726, 536-22-8727 and ssn 536-22-8728');
    expect(found.map((d) => d.start)).toEqual([6, 19, 39]);
    expect(ssnOnly.scan('SSNs: 536-22-8726, 536-22-8727').map((d) => d.start)).toEqual([]);
    const list = ssnOnly.scan('ssn 536-22-8726 ssn 536-22-8727');
    expect(list.map((d) => [d.start, d.end])).toEqual([[4, 15], [20, 31]]);
  });
  it('resolves overlaps: the keyword card rule beats the no-keyword rule on the same span', () => {
    const s = compileScanner({ managedSelector: 'INCLUDE', managedIds: ['CREDIT_CARD_NUMBER', 'CREDIT_CARD_NUMBER_(NO_KEYWORD)'] });
    expect(s.scan('visa 4556737586899855').map((d) => d.type)).toEqual(['CREDIT_CARD_NUMBER']);
    expect(s.scan('ref 4556737586899855').map((d) => d.type)).toEqual(['CREDIT_CARD_NUMBER_(NO_KEYWORD)']);
  });
  it('is deterministic across repeated scans of the same scanner', () => {
    const all = compileScanner({ managedSelector: 'ALL' });
    const text = 'visa 4556737586899855, SSN 536-22-8726, IBAN DE89370400440532013000, Jennifer Whitaker';
    const first = all.scan(text);
    expect(all.scan(text)).toEqual(first);
    expect(first.map((d) => d.type)).toEqual(['CREDIT_CARD_NUMBER', 'USA_SOCIAL_SECURITY_NUMBER', 'GERMANY_BANK_ACCOUNT_NUMBER', 'NAME']);
  });
  it('yields at most maxMatchesPerTypePerText detections of a type from one text', () => {
    const limited = compileScanner({ managedSelector: 'INCLUDE', managedIds: ['USA_SOCIAL_SECURITY_NUMBER'] }, { maxMatchesPerTypePerText: 2 });
    expect(limited.scan('ssn 536-22-8726 ssn 536-22-8727 ssn 536-22-8728')).toHaveLength(2);
  });
  it('never reports allow-listed values (words: whole text, case-insensitive; regex: complete match)', () => {
    const text = 'ssn 536-22-8726 ssn 536-22-8727 ssn 536-22-8728';
    const words = compileScanner({ managedSelector: 'INCLUDE', managedIds: ['USA_SOCIAL_SECURITY_NUMBER'], allowLists: [{ words: ['536-22-8726', ''] }] });
    expect(words.scan(text).map((d) => d.start)).toEqual([20, 36]);
    const regex = compileScanner({ managedSelector: 'INCLUDE', managedIds: ['USA_SOCIAL_SECURITY_NUMBER'], allowLists: [{ regex: '536-22-872[78]' }] });
    expect(regex.scan(text).map((d) => d.start)).toEqual([4]);
    const partial = compileScanner({ managedSelector: 'INCLUDE', managedIds: ['USA_SOCIAL_SECURITY_NUMBER'], allowLists: [{ regex: '536' }] });
    expect(partial.scan(text)).toHaveLength(3);
  });
  it('runs custom identifiers beside managed ones', () => {
    const s = compileScanner({
      managedSelector: 'NONE',
      custom: [{ id: 'c1', name: 'Employee ID', regex: 'EMP-[0-9]{6}', keywords: ['employee'], maximumMatchDistance: 20 }],
    });
    expect(s.scan('employee EMP-123456')).toEqual([
      { type: 'c1', category: 'CUSTOM_IDENTIFIER', start: 9, end: 19, custom: { id: 'c1', name: 'Employee ID' } },
    ]);
    expect(s.scan('EMP-123456')).toEqual([]);
    expect(s.scan('EMP-123456', { keywordContext: ['employee_id'] })).toHaveLength(1);
  });
  it('handles empty and non-ASCII text, with UTF-16 offsets', () => {
    const all = compileScanner({ managedSelector: 'ALL' });
    expect(all.scan('')).toEqual([]);
    const text = '😀 é SSN: 536-22-8726';
    const [d] = all.scan(text);
    expect(text.slice(d.start, d.end)).toBe('536-22-8726');
  });
});
