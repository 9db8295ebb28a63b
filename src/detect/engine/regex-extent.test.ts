// regexExtent bounds what a regex reads from a start: if it were ever short, collectRule would cut a match (or the
// character a lookahead needs) off. Checked on hand-written cases and, by brute force, on every catalog pattern.
import { describe, expect, it } from 'vitest';
import { createRng } from '../../../bench/corpus/generate.js';
import { managedIdentifiers } from '../catalog/index.js';
import { regexExtent } from './regex-extent.js';

describe('regexExtent', () => {
  it('adds up characters, classes, groups and bounded quantifiers', () => {
    expect(regexExtent('abc')).toBe(3);
    expect(regexExtent('[0-9]{3}-?[0-9]{2}')).toBe(6);
    expect(regexExtent('(?:ab|cde)x')).toBe(4);
    expect(regexExtent('[0-9]{3}([- ]?)[0-9]{2}\\1[0-9]{4}')).toBe(11);
    expect(regexExtent('(?<![0-9])\\d{4}(?![0-9A-Z]|-[0-9])')).toBe(6); // the lookahead reads two more
    expect(regexExtent('\\b[A-Z]{2}\\d{6}\\b')).toBe(10);
    expect(regexExtent('[\\]x]{2,5}?')).toBe(5);
    expect(regexExtent('a{2,}')).toBe(Infinity);
    expect(regexExtent('a+b')).toBe(Infinity);
    expect(regexExtent('x*')).toBe(Infinity);
    expect(regexExtent('\\k<n>')).toBe(Infinity);
    expect(regexExtent('(unclosed')).toBe(Infinity);
    expect(regexExtent('a{x}')).toBe(4); // `{` not a quantifier: a character
  });

  it('never falls short of a match or of what a lookahead reads, for any catalog pattern', { timeout: 120_000 }, () => {
    const rng = createRng(3);
    const alphabet = '0123456789 -./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz+=_:\n';
    const noise = (n: number): string => Array.from({ length: n }, () => alphabet[Math.floor(rng() * alphabet.length)]).join('');
    const failures: string[] = [];
    let matches = 0;
    for (const spec of managedIdentifiers) {
      // Its examples as written and amid noise, where a cut would fall inside or right after a value.
      const examples = [...spec.examples.positive, ...spec.examples.negative].map((e) => e.replace(/[«»]/g, ''));
      const texts = [...examples, ...examples.map((e) => noise(3) + e + noise(3)), noise(200)];
      for (const rule of spec.rules) {
        const extent = regexExtent(rule.pattern);
        if (!Number.isFinite(extent)) continue;
        const re = new RegExp(rule.pattern, rule.caseInsensitive ? 'yi' : 'y');
        for (const text of texts) {
          for (let at = 0; at < text.length; at++) {
            re.lastIndex = at;
            const whole = re.exec(text)?.[0];
            re.lastIndex = at;
            const inCut = re.exec(text.slice(0, at + extent + 1))?.[0];
            if (whole !== undefined) matches++;
            if (inCut !== whole && failures.length < 5) failures.push(`${spec.id} ${rule.pattern} at ${at} of ${JSON.stringify(text)}`);
          }
        }
      }
    }
    expect(failures).toEqual([]);
    expect(matches).toBeGreaterThan(500);
  });
});
