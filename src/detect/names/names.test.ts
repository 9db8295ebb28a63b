/**
 * NAME and ADDRESS beyond the catalog examples: the dictionary checks, names in CSV columns and JSON fields, allow
 * lists and custom identifiers over these detections (the cap of 1,000 per file: src/scan/accumulate-caps.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { australiaAddress, canadaAddress, franceAddress, germanyAddress, spainAddress, ukAddress, usAddress } from '../addresses/validate.js';
import { compileScanner } from '../index.js';
import { RECORD_SEPARATOR, type Detection } from '../types.js';
import { foldName, isGivenName, isSurname, nameAnchors } from './dictionary.js';
import { personName, personNameReversed } from './validate.js';

const both = { managedSelector: 'INCLUDE' as const, managedIds: ['NAME', 'ADDRESS'] };
const found = (text: string, ds: Detection[]): string[] => ds.map((d) => `${d.type}:${text.slice(d.start, d.end)}`);

describe('name dictionaries', () => {
  it('fold case and diacritics', () => {
    expect(foldName('García')).toBe('garcia');
    expect(isGivenName('José')).toBe(true);
    expect(isSurname('MÜLLER')).toBe(true);
    expect(isSurname('Xqzzy')).toBe(false);
  });
  it('anchor frequent given names as written, not everyday words', () => {
    const anchors = nameAnchors();
    expect(anchors).toContain('Jennifer');
    expect(anchors).toContain('Jurgen');
    expect(anchors).not.toContain('Will');
    expect(anchors.every((a) => a.length >= 3)).toBe(true);
  });
});

describe('personName', () => {
  it.each(['John Smith', 'Mary J. Roberts', 'Anna van der Berg', 'José García-López', "Kevin O'Brien", 'Sean McDonald'])('accepts %s', (v) => expect(personName(v)).toBe(true));
  it.each(['John Street', 'Lincoln Park', 'Release Notes', 'Florence Hospital', 'John', 'Xqzzy Smith', 'John X.'])('rejects %s', (v) => expect(personName(v)).toBe(false));
  it('reads "Surname, Given"', () => {
    expect(personNameReversed('Smith, John')).toBe(true);
    expect(personNameReversed('Street, John')).toBe(false);
  });
});

describe('address postal checks', () => {
  it('US state and ZIP', () => {
    expect(usAddress('1 Main St, Austin, TX 78701')).toBe(true);
    expect(usAddress('1 Main St, Austin, ZZ 78701')).toBe(false);
    expect(usAddress('1 Main St, Austin, TX 00000')).toBe(false);
  });
  it('UK, Canada and Australia postal codes', () => {
    expect(ukAddress('10 Downing Street, London SW1A 2AA')).toBe(true);
    expect(ukAddress('10 Downing Street, London QW1A 2AA')).toBe(false);
    expect(canadaAddress('290 Bremner Blvd, Toronto, ON M5V 3L9')).toBe(true);
    expect(canadaAddress('290 Bremner Blvd, Toronto, ON D5V 3L9')).toBe(false);
    expect(australiaAddress('10 Smith Street, Parramatta NSW 2150')).toBe(true);
    expect(australiaAddress('10 Smith Street, Parramatta NSW 9150')).toBe(false);
  });
  it('European postal code ranges', () => {
    expect(franceAddress('12 rue de la Paix, 75002 Paris')).toBe(true);
    expect(franceAddress('12 rue de la Paix, 99002 Paris')).toBe(false);
    expect(germanyAddress('Hauptstraße 5, 00999 Berlin')).toBe(false);
    expect(spainAddress('Calle Mayor 5, 28013 Madrid')).toBe(true);
    expect(spainAddress('Calle Mayor 5, 60013 Madrid')).toBe(false);
  });
});

describe('NAME and ADDRESS in the scanner', () => {
  const scanner = compileScanner(both);

  it('finds names in a customer column, rare given names and "Surname, Given" included', () => {
    const cells = ['Siobhan Okafor', 'Dupont, Marie', 'n/a', 'Acme Widgets'];
    const text = cells.join(RECORD_SEPARATOR);
    expect(found(text, scanner.scan(text, { keywordContext: ['customer'], separated: true }))).toEqual(['NAME:Siobhan Okafor', 'NAME:Dupont, Marie']);
    // Without the column name only names with frequent given names are candidates.
    expect(found(text, scanner.scan(text, { keywordContext: ['sku'], separated: true }))).toEqual([]);
  });

  it('finds names in JSON fields by their path', () => {
    const text = 'Dagny Olson';
    expect(found(text, scanner.scan(text, { keywordContext: ['employee', 'fullName'] }))).toEqual(['NAME:Dagny Olson']);
  });

  it('reports multi-line addresses as one', () => {
    const text = 'Return to:\nJennifer Whitaker\n742 Evergreen Terrace\nSpringfield, IL 62704\n';
    expect(found(text, scanner.scan(text))).toEqual(['NAME:Jennifer Whitaker', 'ADDRESS:742 Evergreen Terrace\nSpringfield, IL 62704']);
  });

  it('applies allow lists (words and regex) to names and addresses', () => {
    const text = 'Contact Jennifer Whitaker at 221 Baker Street, London NW1 6XE.';
    const words = compileScanner({ ...both, allowLists: [{ words: ['Jennifer Whitaker'] }] });
    expect(found(text, words.scan(text))).toEqual(['ADDRESS:221 Baker Street, London NW1 6XE']);
    const regex = compileScanner({ ...both, allowLists: [{ regex: '[0-9]+ Baker Street, .*' }] });
    expect(found(text, regex.scan(text))).toEqual(['NAME:Jennifer Whitaker']);
  });

  it('reports custom identifiers beside NAME', () => {
    const text = 'Employee Jennifer Whitaker, badge EMP-00421.';
    const withCustom = compileScanner({ ...both, custom: [{ id: 'c1', name: 'badge', regex: 'EMP-[0-9]{5}' }, { id: 'c2', name: 'whitaker', regex: 'Whitaker' }] });
    expect(withCustom.scan(text).map((d) => `${d.type}:${text.slice(d.start, d.end)}`)).toEqual(['NAME:Jennifer Whitaker', 'c2:Whitaker', 'c1:EMP-00421']);
  });
});
