// The IBAN check of the candidate pass spares only windows the IBAN rules would reject: at every position of IBAN soup
// it answers what the rule's own regex and validator answer, and scanners with and without it (native and JavaScript
// passes) find the same.
import { describe, expect, it } from 'vitest';
import { createRng, generateCorpus } from '../../../bench/corpus/generate.js';
import { iban, ibanLengths, mod97 } from '../validators/iban.js';
import { ibanConfirmedAt, ibanConfirmLength } from './iban-confirm.js';
import { nativeCandidates, type NativeCandidates } from './native.js';
import type { Prefilter } from './prefilter.js';
import type { CompiledScanner } from './scan.js';
import { confirmVariants } from './confirm-variants.js';

/** IBAN-heavy text: valid and broken IBANs of the registry's countries, grouped or not, in either case, and near them. */
function ibanSoup(rng: () => number, length: number): string {
  const countries = Object.keys(ibanLengths);
  const alnum = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  const valid = (): string => {
    const cc = countries[Math.floor(rng() * countries.length)];
    let bban = '';
    const letters = rng() < 0.3;
    while (bban.length < ibanLengths[cc] - 4) bban += letters ? alnum[Math.floor(rng() * 36)] : String(Math.floor(rng() * 10));
    const check = 98 - mod97(bban + cc + '00');
    return cc + String(check).padStart(2, '0') + bban;
  };
  const bits = [' ', '-', '--', ' - ', '_', 'x', 'é', '.', '\n', 'ae12', 'DE', 'GB82', '0', '1234', '\u001e', 'ß'];
  let text = '';
  while (text.length < length) {
    const r = rng();
    if (r < 0.45) {
      let v = valid();
      const s = rng();
      if (s < 0.2) v = v.slice(0, -1) + String(Math.floor(rng() * 10)); // most break mod 97
      else if (s < 0.3) v = v.slice(0, -1);
      else if (s < 0.4) v += alnum[Math.floor(rng() * 36)];
      if (rng() < 0.3) v = v.toLowerCase();
      const g = rng();
      if (g < 0.3) v = v.replace(/(.{4})(?=.)/g, '$1 ');
      else if (g < 0.4) v = v.replace(/(.{4})(?=.)/g, '$1-');
      else if (g < 0.5) v = v.replace(/(.{3})(?=.)/g, '$1 ');
      else if (g < 0.55) v = v.slice(0, 6) + ' ' + v.slice(6);
      else if (g < 0.65) v = v.slice(0, 4) + [' ', '-'][Math.floor(rng() * 2)] + v.slice(4, 8) + ' ' + v.slice(8); // last group long
      text += v;
    } else text += bits[Math.floor(rng() * bits.length)];
  }
  return text;
}

describe('IBAN check of the candidate pass', () => {
  const variants = confirmVariants();
  const { input } = variants;
  const ibanActions = (input.shapes.get('ibanPrefix') ?? []).filter((a) => a.kind === 'gate' && a.ibanLength !== undefined);

  it('applies to every IBAN rule of the catalog, and to no rule it is not exact for', () => {
    expect(ibanActions.length).toBeGreaterThan(50);
    const rule = { pattern: String.raw`\bDE\d{2}(?:[ -]?[0-9A-Z]){18}\b`, caseInsensitive: true, validator: 'iban' };
    const gate = { shape: 'ibanPrefix', shapePrefix: 'DE' };
    expect(ibanConfirmLength(rule, gate)).toBe(22);
    expect(ibanConfirmLength({ ...rule, pattern: rule.pattern.replace('{18}', '{17}') }, gate)).toBeUndefined(); // not DE's length
    expect(ibanConfirmLength({ ...rule, pattern: rule.pattern.replace('[ -]?', '[ ]?') }, gate)).toBeUndefined();
    expect(ibanConfirmLength({ ...rule, caseInsensitive: false }, gate)).toBeUndefined();
    expect(ibanConfirmLength({ ...rule, validator: 'luhn' }, gate)).toBeUndefined();
    expect(ibanConfirmLength(rule, { ...gate, shapePrefix: 'GB' })).toBeUndefined();
    expect(ibanConfirmLength(rule, { ...gate, lookbehind: 1 })).toBeUndefined();
  });

  it("answers what each country's rule regex and validator answer, at every position of IBAN soup", () => {
    const rng = createRng(51);
    const rules = Object.entries(ibanLengths).map(([cc, total]) => ({ cc, total, re: new RegExp(String.raw`\b${cc}\d{2}(?:[ -]?[0-9A-Z]){${total - 4}}\b`, 'iy') }));
    let accepted = 0;
    for (let k = 0; k < 100; k++) {
      const text = ibanSoup(rng, 400);
      for (let i = 0; i < text.length; i++) {
        const cc = text.slice(i, i + 2).toUpperCase();
        for (const r of rules) {
          if (r.cc !== cc) continue;
          r.re.lastIndex = i;
          const m = r.re.exec(text);
          const want = m !== null && iban(m[0]);
          expect(ibanConfirmedAt(text, i, r.total)).toBe(want);
          if (want) accepted++;
        }
      }
    }
    expect(accepted).toBeGreaterThan(50);
  });


  it('opens fewer windows on ordinary text, the same natively and in JavaScript', () => {
    const text = [...generateCorpus({ totalChars: 50_000, docChars: 5000, seed: 3, sensitive: false })].map((d) => d.text).join('\n');
    const windows = (s: CompiledScanner, t: string): string[] => {
      const out: string[] = [];
      s['parts'].prefilter.run(t, (rule, start, end) => out.push(`${rule}:${start}-${end}`));
      return out.sort();
    };
    expect(windows(variants.jsConfirm, text).length).toBeLessThan(windows(variants.jsAll, text).length);
    expect(windows(variants.nativeConfirm, text)).toEqual(windows(variants.jsConfirm, text));
    const rng = createRng(53);
    for (let k = 0; k < 200; k++) {
      const soup = ibanSoup(rng, 50 + Math.floor(rng() * 1500));
      expect(windows(variants.nativeConfirm, soup)).toEqual(windows(variants.jsConfirm, soup));
    }
  });

  it.runIf(nativeCandidates() !== undefined)('reports exactly the hits whose IBAN passes (C events against the JavaScript check)', () => {
    const handleOf = (p: Prefilter): { lib: NativeCandidates; handle: unknown } => {
      expect(p.usesNative).toBe(true);
      return (p as unknown as { native: { lib: NativeCandidates; handle: unknown } }).native;
    };
    const confirm = handleOf(variants.nativeConfirm['parts'].prefilter);
    const all = handleOf(variants.nativeAll['parts'].prefilter);
    const lengthOf = new Map(ibanActions.map((a) => [a.kind === 'gate' ? a.prefix : '', a.kind === 'gate' ? a.ibanLength! : 0]));
    const ibanHits = (h: { lib: NativeCandidates; handle: unknown }, text: string): number[] => {
      const events = new Int32Array(3 << 14);
      const n = h.lib.scan(h.handle, text, events);
      const out: number[] = [];
      for (let e = 0; e < 3 * n; e += 3) if (events[e] === 2) out.push(events[e + 1]);
      return out;
    };
    const rng = createRng(59);
    let kept = 0;
    let dropped = 0;
    for (let k = 0; k < 300; k++) {
      const text = ibanSoup(rng, 50 + Math.floor(rng() * 1500));
      const want = ibanHits(all, text).filter((i) => {
        const ok = ibanConfirmedAt(text, i, lengthOf.get(text.slice(i, i + 2).toUpperCase())!);
        if (ok) kept++;
        else dropped++;
        return ok;
      });
      expect(ibanHits(confirm, text)).toEqual(want);
    }
    expect(kept).toBeGreaterThan(100);
    expect(dropped).toBeGreaterThan(100);
  });

  it('finds the same with and without the check, natively and in JavaScript, on IBAN soup and generated documents', () => {
    expect(variants.nativeConfirm['parts'].prefilter.usesNative).toBe(nativeCandidates() !== undefined);
    const rng = createRng(57);
    const texts = Array.from({ length: 300 }, () => ibanSoup(rng, 50 + Math.floor(rng() * 1500)));
    for (const doc of generateCorpus({ totalChars: 200_000, docChars: 5000, seed: 19, sensitive: true })) texts.push(doc.text);
    let found = 0;
    for (const text of texts) {
      const expected = variants.jsAll.scan(text);
      found += expected.filter((d) => d.type.includes('BANK_ACCOUNT') || d.type.includes('IBAN')).length;
      for (const v of [variants.nativeConfirm, variants.jsConfirm, variants.nativeAll]) expect(v.scan(text)).toEqual(expected);
      expect(variants.nativeConfirm.scan(text, { separated: true })).toEqual(variants.jsAll.scan(text, { separated: true }));
    }
    expect(found).toBeGreaterThan(100);
  });
});
