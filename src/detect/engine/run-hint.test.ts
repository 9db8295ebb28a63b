// MatchRule.run lets a window skip a rule's regex when the window holds no run of the hinted class: sound only if
// every match of the regex contains such a run. Checked on each rule's own examples and on random text built from
// runs of the class, of lengths around the hint, broken by other characters (ASCII, Latin-1, astral, lone surrogates).
import { describe, expect, it } from 'vitest';
import { createRng } from '../../../bench/corpus/generate.js';
import { managedIdentifiers } from '../catalog/index.js';
import { compileRun, hasRun } from './scan.js';

const hinted = managedIdentifiers.flatMap((spec) => spec.rules.filter((r) => r.run).map((rule) => ({ spec, rule })));

describe('MatchRule.run hints', () => {
  it('are used by some rules', () => {
    expect(hinted.length).toBeGreaterThan(0);
  });

  for (const { spec, rule } of hinted) {
    const run = compileRun(rule.run!);
    const re = new RegExp(rule.pattern, rule.caseInsensitive ? 'gi' : 'g');

    it(`${spec.id}: every example value contains the run`, () => {
      for (const ex of spec.examples.positive) {
        for (const m of ex.matchAll(/«([^»]*)»/g)) expect(hasRun(m[1], 0, m[1].length, run), m[1]).toBe(true);
      }
    });

    it(`${spec.id}: every match of the regex on random text contains the run`, () => {
      const inClass = Array.from({ length: 128 }, (_, c) => String.fromCharCode(c)).filter((c) => run.cls[c.charCodeAt(0)] === 1);
      const others = [' ', '-', '=', '.', '\n', 'é', '€', '\u{1F600}', '\ud800', 'Z', 'a', '0', '/'];
      const rng = createRng(17);
      const rnd = (n: number): number => Math.floor(rng() * n);
      let matches = 0;
      for (let k = 0; k < 2000; k++) {
        let text = '';
        while (text.length < 300) {
          const len = Math.max(0, run.min - 6 + rnd(12));
          for (let i = 0; i < len; i++) text += inClass[rnd(inClass.length)];
          text += others[rnd(others.length)];
        }
        for (const m of text.matchAll(re)) {
          matches++;
          expect(hasRun(text, m.index, m.index + m[0].length, run), m[0]).toBe(true);
        }
      }
      expect(matches).toBeGreaterThan(0);
    });
  }

  it('hasRun finds runs only inside its range', () => {
    const run = compileRun({ chars: '0-9', min: 3 });
    expect(hasRun('ab123cd', 0, 7, run)).toBe(true);
    expect(hasRun('ab123cd', 3, 7, run)).toBe(false);
    expect(hasRun('ab12x3cd', 0, 8, run)).toBe(false);
    expect(hasRun('\u0661\u0662\u0663', 0, 3, run)).toBe(false);
  });
});
