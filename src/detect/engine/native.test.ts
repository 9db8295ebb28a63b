// The native candidate pass and the JavaScript one open exactly the same windows, on generated documents and on
// random text built from the catalog's own keywords, digits and separators.
import { describe, expect, it } from 'vitest';
import { createRng, generateCorpus } from '../../../bench/corpus/generate.js';
import { compileScanner } from '../index.js';
import { nativeCandidates } from './native.js';
import type { AhoCorasick } from './aho-corasick.js';
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

  it('opens the same windows on adversarial texts: huge lines, digit soup, surrogates, invalid UTF-16', () => {
    const rng = createRng(23);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)];
    const units = ['\ud83d\ude00', '\ud800', '\udfff', '\u0000', '\uffff', '\ufeff', 'é', 'Ω', 'Ж', 'आ', '\u001e', '+', '-', ' ', '\n', '1', 'A'];
    const texts = [
      '4'.repeat(200_000),
      '1234 '.repeat(40_000),
      '1234-5678 '.repeat(20_000),
      'GB82 WEST '.repeat(20_000),
      '+1 '.repeat(50_000),
      'Mary '.repeat(40_000),
      'credit card '.repeat(20_000),
      'x'.repeat(150_000) + 'eyJ',
      '-'.repeat(100_000) + 'BEGIN ',
      Array.from({ length: 100_000 }, () => pick(units)).join(''),
      Array.from({ length: 50_000 }, () => String.fromCharCode(Math.floor(rng() * 65536))).join(''),
      '',
      '\ud800',
      '4556 7375 8689 9855\ud800',
    ];
    for (const text of texts) expect(windowsOf(native, text)).toEqual(windowsOf(js, text));
  });

  it('reports no ibanPrefix hit that no action takes (hexadecimal ids, prefixes that are no country, short runs)', () => {
    const { lib, handle } = (native as unknown as { native: { lib: { scan(h: unknown, t: string, e: Int32Array): number }; handle: unknown } }).native;
    const ibanEvents = (text: string): number => {
      const ev = new Int32Array(3 * 4096);
      const n = lib.scan(handle, text, ev);
      let k = 0;
      for (let i = 0; i < n; i++) if (ev[3 * i] === 2) k++;
      return k;
    };
    // 'zz' is no country; 'de' needs 22 characters; 'ae' 23: all shaped like an IBAN's start, none takes them.
    expect(ibanEvents('id zz12ab34cd56ef78, de12 3456 7890, ae12f3b4c5d6e7f8a9.')).toBe(0);
    expect(ibanEvents('IBAN DE89 3704 0044 0532 0130 00, ae070331234567890123456.')).toBe(2);
    const hex = Array.from({ length: 200 }, (_, k) => `ref ${(k % 26 + 10).toString(36)}${(k % 7 + 10).toString(36)}${String(10 + (k % 90))}${'f0a1b2c3'.repeat(1 + (k % 3))} `).join('');
    expect(windowsOf(native, hex)).toEqual(windowsOf(js, hex));
  });

  it('opens the same shape windows at every offset of a 64-character block, after `_`, letters and digits, beside characters packed to 0 or 255', () => {
    // candidates.c shape_pass: the SIMD masks are a superset of each gate's candidates (shape_at checks `_` edges and the
    // phone's digit from 1 itself); characters above U+00FF saturate to 0xFF or (from U+8000) 0x00 when packed to bytes.
    const values = ['4556 7375 8689 9855', '4556-7375', '45567375', 'GB82 WEST 1234 5698 7654 32', 'DE89370400440532013000', 'gb82west', '+44 20 7946 0958', '+0 55', '+1(5', 'Mary', 'MARY', 'Grace'];
    const before = ['', '_', 'x', 'é', '1', '-', '\u0130', '\u8030', '\uffff', '\ud83d\ude00', '+', ' '];
    const after = ['', '_', 'x', '1', ' ', '\u0130', '\u8030'];
    let texts = 0;
    let hits = 0;
    native.run('warm up', () => {});
    const { lib, handle } = (native as unknown as { native: { lib: { scan(h: unknown, t: string, e: Int32Array): number }; handle: unknown } }).native;
    const ev = new Int32Array(3 * 4096);
    for (const value of values) {
      for (const b of before) {
        for (const a of after) {
          let text = '';
          // The value at each offset around the first block edges (64, 128), then once more in a long text (four chains).
          for (let pad = 56; pad <= 72; pad++) text += 'a '.repeat(pad >> 1) + (pad & 1 ? '.' : '') + b + value + a + '\n';
          for (const t of [text, text.repeat(3)]) {
            expect(windowsOf(native, t)).toEqual(windowsOf(js, t));
            const n = lib.scan(handle, t, ev);
            for (let k = 0; k < n; k++) if (ev[3 * k] !== 0) hits++;
            texts++;
          }
        }
      }
    }
    expect(texts).toBe(values.length * before.length * after.length * 2);
    expect(hits).toBeGreaterThan(5000);
  });

  it('opens the same windows on random mixes of keywords, digits, runs and broken UTF-16', () => {
    const rng = createRng(29);
    const keywords = [...input.keywords.keys(), ...input.anchorsInsensitive.keys()].slice(0, 400);
    const bits = [...keywords, '\ud83d\ude00', '\ud800', 'é', ' ', '-', '+44 ', '4556', '7375 ', '8689-', '9855', 'DE89', '3704', 'AE07', '\n', '\u001e'];
    for (let k = 0; k < 200; k++) {
      let text = '';
      const len = 50 + Math.floor(rng() * 2000);
      while (text.length < len) text += bits[Math.floor(rng() * bits.length)];
      expect(windowsOf(native, text)).toEqual(windowsOf(js, text));
    }
  });
});

describe.runIf(nativeCandidates() !== undefined)('native candidate pass, automaton hits (candidates.c step_chains, report_hits)', () => {
  const scanner = compileScanner({ managedSelector: 'ALL' }) as unknown as { parts: { prefilter: { input: PrefilterInput } } };
  const input = scanner.parts.prefilter.input;
  const native = new Prefilter(input);
  const js = new Prefilter({ ...input, useNative: false });
  native.run('warm up', () => {});
  type Lib = { scan(h: unknown, t: string, e: Int32Array): number };
  const { lib, handle } = (native as unknown as { native: { lib: Lib; handle: unknown } }).native;
  const tables = (native as unknown as { automaton: AhoCorasick }).automaton.tables();

  /** Where the automaton enters an accepting state on a non-separator character: `${end}:${state}`, as a kind 0 event. */
  const acceptingSteps = (text: string): Set<string> => {
    const { classOf, delta, outputs, shift } = tables;
    const steps = new Set<string>();
    let s = 0;
    for (let i = 0; i < text.length; i++) {
      const c = classOf[text.charCodeAt(i)];
      if (c === 1) continue; // a separator (aho-corasick.ts CLASS_SEP): skipped
      s = delta[(s << shift) | c];
      if (outputs[s].length > 0) steps.add(`${i + 1}:${s}`);
    }
    return steps;
  };
  const kind0 = (text: string): string[] => {
    let ev = new Int32Array(3 * 1024);
    let n = lib.scan(handle, text, ev);
    if (n < 0) {
      ev = new Int32Array(-n);
      n = lib.scan(handle, text, ev);
    }
    const out: string[] = [];
    for (let k = 0; k < n; k++) if (ev[3 * k] === 0) out.push(`${ev[3 * k + 1]}:${ev[3 * k + 2]}`);
    return out;
  };

  it('reports each hit once, only where the automaton accepts, on long texts in four alphabets with separators at segment edges', () => {
    const rng = createRng(31);
    const keywords = [...input.keywords.keys(), ...input.anchorsInsensitive.keys()];
    const alphabets = [
      [], // ASCII only: a one-byte string
      ['é', 'ü', 'ß', 'ÿ', 'À', '\u00a0'], // Latin-1: still one byte per character
      ['Ω', 'Ж', 'आ', 'ﬀ', '\uffff', 'Ā'], // BMP: a two-byte string
      ['\ud83d\ude00', '\ud835\udc00', '\ud800', '\udfff'], // astral, and lone surrogates
    ];
    let hits = 0;
    for (let k = 0; k < 120; k++) {
      const extra = alphabets[k % 4];
      const bits = [...extra, ...extra, ' ', '-', '_', ' - _ ', '\n', '.', ',', 'x', 'A'];
      const length = 1000 + Math.floor(rng() * (k % 8 === 0 ? 40_000 : 6000));
      let text = '';
      while (text.length < length) {
        const r = rng();
        if (r < 0.45) text += keywords[Math.floor(rng() * keywords.length)];
        else if (r < 0.5) text += '4'.repeat(1 + Math.floor(rng() * 40));
        else if (r < 0.55) text += ' -_'[Math.floor(rng() * 3)].repeat(1 + Math.floor(rng() * 30));
        else text += bits[Math.floor(rng() * bits.length)];
      }
      // Separators across the four segments' edges (scan cuts texts of 1024 or more characters in four).
      const n = text.length;
      for (let q = 1; q < 4; q++) {
        const at = Math.floor((n * q) / 4) - 3;
        text = text.slice(0, at) + ' -_ _- '.slice(0, 7) + text.slice(at + 7);
      }
      const found = kind0(text);
      const accepting = acceptingSteps(text);
      expect(new Set(found).size).toBe(found.length);
      for (const hit of found) expect(accepting.has(hit), `${hit} in text ${k}`).toBe(true);
      expect(windowsOf(native, text)).toEqual(windowsOf(js, text));
      hits += found.length;
    }
    expect(hits).toBeGreaterThan(10_000);
  });

  it('reports the longest keywords at every offset of 16- and 64-character blocks after long stretches no keyword starts in', () => {
    // A guard for any pass that skips text (design-notes skipscan): the state where a hit ends must be exact however
    // long the stretch before it, with the keyword right at, across or just after a block or segment edge (the lead-in
    // before a segment, or a restart after a skip, must cover the longest keyword).
    const { classOf, delta } = tables;
    const startless = [',', ';', '(', ')', '!', '0', '7', '中', '\u00d7', '\ud83d\ude00', '\t', ' '].filter((c) => {
      const cls = classOf[c.charCodeAt(0)];
      return cls === 1 || delta[cls] === 0; // a separator, or a character on which the root stays the root
    });
    expect(startless.length).toBeGreaterThan(8);
    const keywords = [...input.keywords.keys(), ...input.anchorsInsensitive.keys()].sort((x, y) => y.length - x.length);
    const placed = [...keywords.slice(0, 4), ...keywords.filter((k) => k.length <= 4).slice(0, 4)];
    const rng = createRng(37);
    const stretch = (n: number): string => {
      let s = '';
      while (s.length < n) s += startless[Math.floor(rng() * startless.length)];
      return s.slice(0, n); // may cut an astral pair: a lone surrogate is one more case
    };
    let hits = 0;
    for (const keyword of placed) {
      for (const edge of [1024, 2048 + 64]) {
        for (let offset = -keyword.length - 2; offset <= 18; offset += 1) {
          // 4 * edge characters: scan's four segments start at edge, 2 * edge and 3 * edge (the second keyword's start)
          const text = stretch(edge + offset) + keyword + stretch(2 * edge - offset - keyword.length) + keyword.toUpperCase() + stretch(edge - keyword.length);
          const found = kind0(text);
          const accepting = acceptingSteps(text);
          for (const hit of found) expect(accepting.has(hit), `${hit}: ${keyword} at ${edge + offset}`).toBe(true);
          expect(windowsOf(native, text)).toEqual(windowsOf(js, text));
          hits += found.length;
        }
      }
    }
    expect(hits).toBeGreaterThan(placed.length * 2 * 20);
  });
});

describe.runIf(nativeCandidates()?.text !== undefined)('native external strings (extract/decode.ts LARGE_TEXT_BYTES)', () => {
  const text = nativeCandidates()!.text!;
  it('equal Buffer#toString for ASCII and for valid UTF-8 (one-byte, two-byte and astral characters)', () => {
    const rng = createRng(7);
    const pieces = ['plain ascii text ', 'Müller ', 'é', '€', '😀', '\n', 'x', '日本', '\u00ff', '\u0100', '\u{10ffff}', '\u{10000}'];
    for (let round = 0; round < 40; round++) {
      let s = '';
      const n = Math.floor(rng() * 200);
      for (let i = 0; i < n; i++) s += pieces[Math.floor(rng() * pieces.length)];
      const bytes = Buffer.from(s);
      expect(text(bytes, false)).toBe(bytes.toString('utf8'));
      const ascii = Buffer.from(s.replace(/[^\x00-\x7f]/g, '?'));
      expect(text(ascii, true)).toBe(ascii.toString('latin1'));
    }
    // A view into a larger buffer reads only its own bytes.
    const big = Buffer.from('0123456789Müller');
    expect(text(big.subarray(3, 8), true)).toBe('34567');
    expect(text(big.subarray(10), false)).toBe('Müller');
    expect(text(new Uint8Array(0), true)).toBe('');
    expect(text(new Uint8Array(0), false)).toBe('');
  });

  it('is the maker the scan path installs for long texts', async () => {
    const { largeTextMaker } = await import('./native.js');
    const maker = largeTextMaker();
    expect(maker).toBeDefined();
    const long = Buffer.alloc(300_000, 'x');
    long.write('4111 1111 1111 1111', 150_000);
    const s = maker!(long, true);
    expect(s.length).toBe(300_000);
    expect(s).toBe(long.toString('latin1'));
    // The scan module installs it in extract (decode.ts's maker is replaced by whatever the test puts in).
    await import('../../scan/scan-object.js');
    const { useLargeTextMaker } = await import('../../extract/index.js');
    const installed = useLargeTextMaker(undefined);
    useLargeTextMaker(installed);
    expect(installed).toBeDefined();
  });
});
