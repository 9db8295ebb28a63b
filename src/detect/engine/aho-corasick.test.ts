import { describe, it, expect } from 'vitest';
import { AhoCorasick } from './aho-corasick.js';

const hits = (patterns: string[], text: string): Array<[string, string]> => {
  const out: Array<[string, string]> = [];
  new AhoCorasick(patterns).scan(text, (p, s, e) => out.push([patterns[p], text.slice(s, e)]));
  return out;
};

describe('AhoCorasick', () => {
  it('finds every pattern, overlapping ones included, folding case', () => {
    expect(hits(['he', 'she', 'his', 'hers'], 'uSHErs')).toEqual([['she', 'SHE'], ['he', 'HE'], ['hers', 'HErs']]);
  });
  it('treats space, underscore and hyphen as skippable separators', () => {
    expect(hits(['credit card'], 'a credit_card b credit-card c creditcard d CREDIT CARD')).toEqual([
      ['credit card', 'credit_card'], ['credit card', 'credit-card'], ['credit card', 'creditcard'], ['credit card', 'CREDIT CARD'],
    ]);
  });
  it('handles punctuation and non-ASCII letters in patterns', () => {
    expect(hits(['dl#', 'numéro de compte', 'führerschein'], 'DL# 1, Numéro de compte: x, FÜHRERSCHEIN')).toEqual([
      ['dl#', 'DL#'], ['numéro de compte', 'Numéro de compte'], ['führerschein', 'FÜHRERSCHEIN'],
    ]);
  });
  it('finds nothing in text without patterns', () => {
    expect(hits(['ssn'], 'nothing to see here')).toEqual([]);
  });
});
