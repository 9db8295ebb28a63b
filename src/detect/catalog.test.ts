/**
 * Every catalog entry's examples through the whole compiled engine (prefilter included): each positive is found
 * with the right ID and offsets, each negative yields nothing of that ID. Plus hard negatives for the whole catalog.
 */
import { describe, it, expect } from 'vitest';
import { compileScanner, managedIdentifiers, listManagedDataIdentifiers, RECOMMENDED_IDS } from './index.js';

/** Split «marked» text into the plain text and the expected [start, end) spans. */
function unmark(marked: string): { text: string; spans: Array<[number, number]> } {
  let text = '';
  const spans: Array<[number, number]> = [];
  let open = -1;
  for (const ch of marked) {
    if (ch === '«') open = text.length;
    else if (ch === '»') {
      spans.push([open, text.length]);
      open = -1;
    } else text += ch;
  }
  return { text, spans };
}

const all = compileScanner({ managedSelector: 'ALL' });

describe('managed catalog examples', () => {
  for (const spec of managedIdentifiers) {
    describe(spec.id, () => {
      const alone = compileScanner({ managedSelector: 'INCLUDE', managedIds: [spec.id] });
      it('has at least one positive and one negative example', () => {
        expect(spec.examples.positive.length).toBeGreaterThan(0);
        expect(spec.examples.negative.length).toBeGreaterThan(0);
      });
      for (const example of spec.examples.positive) {
        it(`finds ${JSON.stringify(example).slice(0, 70)}`, () => {
          const { text, spans } = unmark(example);
          expect(spans.length).toBeGreaterThan(0);
          const found = alone.scan(text).map((d) => [d.type, d.start, d.end]);
          expect(found).toEqual(spans.map(([s, e]) => [spec.id, s, e]));
          // With the whole catalog the same spans are reported, under this ID or under one that ties with it on the
          // same span (e.g. several countries' driver's licences after the keyword "driver's license").
          const inAll = all.scan(text);
          for (const [s, e] of spans) expect(inAll.filter((d) => d.start === s && d.end === e)).toHaveLength(1);
        });
      }
      for (const example of spec.examples.negative) {
        it(`ignores ${JSON.stringify(example).slice(0, 70)}`, () => {
          expect(alone.scan(example).filter((d) => d.type === spec.id)).toEqual([]);
        });
      }
    });
  }
});

describe('catalog as data', () => {
  it('has unique IDs with the categories Macie uses', () => {
    const ids = managedIdentifiers.map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const item of listManagedDataIdentifiers()) {
      expect(['CREDENTIALS', 'FINANCIAL_INFORMATION', 'PERSONAL_INFORMATION']).toContain(item.category);
      expect(Object.keys(item).sort()).toEqual(['category', 'id']);
    }
  });
  it('is JSON-serializable plain data', () => {
    expect(JSON.parse(JSON.stringify(managedIdentifiers))).toEqual(managedIdentifiers);
  });
  it('marks the recommended set as a subset of the catalog', () => {
    const ids = new Set(managedIdentifiers.map((m) => m.id));
    for (const id of RECOMMENDED_IDS) expect(ids.has(id)).toBe(true);
  });
});

describe('hard negatives through the whole catalog', () => {
  const noise = [
    '16-digit numbers failing Luhn: 4556737586899856 5425233430109904 6011000990139425',
    'uuid 123e4567-e89b-12d3-a456-426614174000 and f47ac10b-58cc-4372-a567-0e02b2c3d479',
    'req=40734405-6522-4328-a103-f591c2d3e4f5 and 45567375-8689-9855-4556-737586899855',
    'sha256 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08 md5 d41d8cd98f00b204e9800998ecf8427e',
    'sha1 da39a3ee5e6b4b0d3255bfef95601890afd80709 commit 4b825dc642cb6eb9a060e54bf8d69288fbee4904',
    'at 2024-03-11T19:46:53.031Z and 2023-12-31 23:59:59,123 build 20240311194653',
    'version 1.2.3, v10.24.1-beta.3, node 20.19.43, semver 4.17.21',
    'AKIAIOSFODNN7EXAMPLE wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    'aws_access_key_id=AKIAIOSFODNN7EXAMPLE aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    'SSN 000-12-3456, SSN 666-12-3456, SSN 900-12-3456, SSN 536-00-8726, SSN 536-22-0000',
    'ipv4 192.168.100.200 ipv6 2001:0db8:85a3:0000:0000:8a2e:0370:7334 port 8443',
    'phone-like 555-0100 and order #1234567 and total 1,234,567.89',
  ];
  for (const text of noise) {
    it(`reports nothing in ${JSON.stringify(text).slice(0, 60)}`, () => {
      expect(all.scan(text)).toEqual([]);
    });
  }
});
