// The card number check of the candidate pass (GateSpec.confirm) spares only windows the card rule would reject: its
// match end equals the rule's regex, and scanners with and without it (native and JavaScript passes) find the same.
import { describe, expect, it } from 'vitest';
import { createRng, generateCorpus } from '../../../bench/corpus/generate.js';
import { compileScanner } from '../index.js';
import { creditCard } from '../validators/credit-card.js';
import { CARD_NUMBER_PATTERN, cardConfirmedAt, cardMatchEnd } from './card-confirm.js';
import { nativeCandidates } from './native.js';
import type { Prefilter } from './prefilter.js';
import { confirmVariants } from './confirm-variants.js';

/** Card-heavy text: valid and near-valid numbers in every grouping, digit soup, separators, letters next to them. */
function cardSoup(rng: () => number, length: number): string {
  const prefixes: Array<[string, number]> = [['4', 16], ['4', 13], ['4', 19], ['53', 16], ['2221', 16], ['37', 15], ['6011', 16], ['3530', 16], ['36', 14], ['62', 17], ['5018', 12], ['9', 16]];
  /** A number with the prefix and length whose last digit makes the Luhn sum right. */
  const card = (): string => {
    const [prefix, length] = prefixes[Math.floor(rng() * prefixes.length)];
    let s = prefix;
    while (s.length < length - 1) s += String(Math.floor(rng() * 10));
    for (let d = 0; d < 10; d++) {
      let sum = 0;
      const v = s + String(d);
      for (let i = 0; i < v.length; i++) {
        const x = v.charCodeAt(v.length - 1 - i) - 48;
        sum += i % 2 === 1 ? (x * 2 > 9 ? x * 2 - 9 : x * 2) : x;
      }
      if (sum % 10 === 0) return v;
    }
    return s;
  };
  const group = (s: string, sep: string, sizes: number[]): string => {
    const out: string[] = [];
    let i = 0;
    for (const k of sizes) {
      if (i >= s.length) break;
      out.push(s.slice(i, i + k));
      i += k;
    }
    if (i < s.length) out.push(s.slice(i));
    return out.join(sep);
  };
  const bits = [' ', '-', '--', ' - ', '_', 'x', 'A', '.', '\n', '(', '+', '0', '7', '1234', '4', '\u001e', 'é'];
  let text = '';
  while (text.length < length) {
    const r = rng();
    if (r < 0.35) {
      let number = card();
      if (rng() < 0.4) number = number.slice(0, -1) + String(Math.floor(rng() * 10)); // break Luhn most of the time
      if (rng() < 0.2) number += String(Math.floor(rng() * 10)).repeat(1 + Math.floor(rng() * 4));
      const sep = [' ', '-', ''][Math.floor(rng() * 3)];
      const sizes = [[4, 4, 4, 4], [4, 6, 5], [4, 6, 4], [4, 4, 4, 1], [3, 3, 4], [4, 4]][Math.floor(rng() * 6)];
      text += group(number, sep, sizes);
    } else if (r < 0.55) {
      const n = 1 + Math.floor(rng() * 24);
      for (let i = 0; i < n; i++) text += String(Math.floor(rng() * 10)) + (rng() < 0.2 ? [' ', '-'][Math.floor(rng() * 2)] : '');
    } else text += bits[Math.floor(rng() * bits.length)];
  }
  return text;
}

describe('card number check (GateSpec.confirm)', () => {
  const sticky = new RegExp(CARD_NUMBER_PATTERN, 'y');

  it('ends where the card rule regex ends, at every position of card soup', () => {
    const rng = createRng(41);
    let matches = 0;
    for (let k = 0; k < 200; k++) {
      const text = cardSoup(rng, 300);
      for (let i = 0; i < text.length; i++) {
        sticky.lastIndex = i;
        const m = sticky.exec(text);
        expect(cardMatchEnd(text, i)).toBe(m === null ? -1 : i + m[0].length);
        expect(cardConfirmedAt(text, i)).toBe(m !== null && creditCard(m[0]));
        if (m) matches++;
      }
    }
    expect(matches).toBeGreaterThan(1000);
  });

  const variants = confirmVariants();

  it('is in use on the whole catalog (native pass when built)', () => {
    expect(variants.nativeConfirm['parts'].prefilter.usesNative).toBe(nativeCandidates() !== undefined);
    // The card rule's windows: fewer with the check than without, on ordinary text.
    const text = [...generateCorpus({ totalChars: 20_000, docChars: 5000, seed: 3, sensitive: false })].map((d) => d.text).join('\n');
    const count = (p: Prefilter): number => {
      let n = 0;
      p.run(text, () => n++);
      return n;
    };
    expect(count(variants.jsConfirm['parts'].prefilter)).toBeLessThan(count(variants.jsAll['parts'].prefilter));
  });

  it('finds the same with and without the check, natively and in JavaScript, on card soup and generated documents', () => {
    const rng = createRng(43);
    const texts = Array.from({ length: 300 }, () => cardSoup(rng, 50 + Math.floor(rng() * 1500)));
    for (const doc of generateCorpus({ totalChars: 200_000, docChars: 5000, seed: 17, sensitive: true })) texts.push(doc.text);
    let cards = 0;
    for (const text of texts) {
      const expected = variants.jsAll.scan(text);
      cards += expected.filter((d) => d.type.startsWith('CREDIT_CARD_NUMBER')).length;
      for (const v of [variants.nativeConfirm, variants.jsConfirm, variants.nativeAll]) expect(v.scan(text)).toEqual(expected);
      const separated = { separated: true };
      expect(variants.nativeConfirm.scan(text, separated)).toEqual(variants.jsAll.scan(text, separated));
    }
    expect(cards).toBeGreaterThan(100);
  });
});

describe('compileScanner and GateSpec.confirm', () => {
  it('refuses the check on any other rule than the card number pattern with the creditCard validator', async () => {
    const { managedIdentifiers } = await import('../catalog/index.js');
    const card = managedIdentifiers.find((m) => m.id === 'CREDIT_CARD_NUMBER_(NO_KEYWORD)')!;
    const rule = card.rules[0];
    const original = card.rules;
    (card as { rules: unknown }).rules = [{ ...rule, pattern: rule.pattern.replace('{12,18}', '{11,18}') }];
    try {
      expect(() => compileScanner({ managedSelector: 'INCLUDE', managedIds: [card.id] })).toThrow(/gate.confirm/);
      (card as { rules: unknown }).rules = [{ ...rule, validator: 'luhn' }];
      expect(() => compileScanner({ managedSelector: 'INCLUDE', managedIds: [card.id] })).toThrow(/gate.confirm/);
      (card as { rules: unknown }).rules = original;
      expect(() => compileScanner({ managedSelector: 'INCLUDE', managedIds: [card.id] })).not.toThrow();
    } finally {
      (card as { rules: unknown }).rules = original;
    }
  });
});
