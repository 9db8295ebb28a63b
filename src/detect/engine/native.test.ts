// The native candidate pass and the JavaScript one open exactly the same windows, on generated documents and on
// random text built from the catalog's own keywords, digits and separators.
import { describe, expect, it } from 'vitest';
import { generateCorpus } from '../../../bench/corpus/generate.js';
import { compileScanner } from '../index.js';
import { nativeCandidates } from './native.js';
import { Prefilter, type PrefilterInput } from './prefilter.js';

function windowsOf(prefilter: Prefilter, text: string): string[] {
  const out: string[] = [];
  prefilter.run(text, (rule, start, end) => out.push(`${rule}:${start}-${end}`));
  return out.sort();
}

describe.runIf(nativeCandidates() !== undefined)('native candidate pass', () => {
  const scanner = compileScanner({ managedSelector: 'ALL' }) as unknown as { parts: { prefilter: { input: PrefilterInput } } };
  const input = scanner.parts.prefilter.input;
  const native = new Prefilter(input);
  const js = new Prefilter({ ...input, useNative: false });

  it('is in use when built', () => {
    expect(native.usesNative).toBe(true);
    expect(js.usesNative).toBe(false);
  });

  it('opens the same windows as the JavaScript pass on generated documents', () => {
    let docs = 0;
    for (const doc of generateCorpus({ totalChars: 400_000, docChars: 5000, seed: 11, sensitive: true })) {
      expect(windowsOf(native, doc.text)).toEqual(windowsOf(js, doc.text));
      docs++;
    }
    expect(docs).toBeGreaterThan(50);
  });

  it('opens the same windows on random keyword, digit and separator soup', () => {
    const keywords = [...input.keywords.keys(), ...input.anchorsInsensitive.keys(), ...input.anchorsSensitive.keys()];
    const bits = [...keywords, ' ', '-', '_', '.', '+', '+1', '(', 'é', 'ü', 'Ω', 'x', 'AB', 'GB82', '4556', '7375', '0', '1234 ', '\n'];
    let seed = 5;
    const rnd = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    for (let k = 0; k < 300; k++) {
      let text = '';
      while (text.length < 400) text += bits[rnd(bits.length)];
      expect(windowsOf(native, text)).toEqual(windowsOf(js, text));
    }
  });

  it('opens the same windows for given names in every case, inside words and beside separators', () => {
    // The native pass checks case-sensitive anchors' exact text and the word edge after them before calling back.
    const names = ['Mary', 'Mark', 'Jean', 'Rose', 'Will', 'Grace', 'José', 'Jose', 'Anna', 'Tina'];
    const forms = names.flatMap((n) => [n, n.toLowerCase(), n.toUpperCase(), `${n}s`, `x${n}`, `${n}_`, `${n}-`, `_${n}`, `${n.slice(0, 2)} ${n.slice(2)}`, `${n}é`, `é${n}`]);
    const bits = [...forms, ' ', '-', '_', '.', ',', '\n', 'Smith', 'market', 'destination', 'willing', 'rosemary', 'O\'', '1'];
    let seed = 9;
    const rnd = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    for (let k = 0; k < 300; k++) {
      let text = '';
      while (text.length < 300) text += bits[rnd(bits.length)];
      expect(windowsOf(native, text)).toEqual(windowsOf(js, text));
    }
  });
});
