// candidates.c's pass over one-byte texts (scan's oneByte, candidates-pass.h included per width) and isOneByte, which
// tells prefilter.ts when to ask for it.
import { describe, expect, it } from 'vitest';
import { createRng, generateCorpus } from '../../../bench/corpus/generate.js';
import { catalogTables } from '../../../bench/corpus/native-tables.js';
import { compileScanner } from '../index.js';
import { isOneByte, nativeCandidates } from './native.js';

const lib = nativeCandidates();

describe('isOneByte', () => {
  it('is true when every character is below U+0100, wherever a wider one stands', () => {
    expect(isOneByte('')).toBe(true);
    expect(isOneByte('plain ASCII, café, \u00ff\u0000')).toBe(true);
    expect(isOneByte('\u0100')).toBe(false);
    expect(isOneByte('Ω')).toBe(false);
    expect(isOneByte('\ud800')).toBe(false);
    expect(isOneByte(`${'é'.repeat(100_000)}\u0101`)).toBe(false);
    // A UTF-16 string whose characters all fit one byte (made by slicing a wider one) is one-byte text all the same.
    expect(isOneByte(`Ω${'é'.repeat(1000)}`.slice(1))).toBe(true);
  });
});

describe.runIf(lib !== undefined)('native candidate pass over one-byte texts', () => {
  const handle = lib!.compile(...catalogTables(lib!, compileScanner));
  const events = (text: string, oneByte: boolean): number[] => {
    const ev = new Int32Array(1 << 18);
    const n = lib!.scan(handle, text, ev, oneByte);
    expect(n).toBeGreaterThanOrEqual(0);
    return Array.from(ev.subarray(0, n * 3));
  };

  it('gives the events of the UTF-16 pass on generated documents and Latin-1 soup', () => {
    const rng = createRng(31);
    const bits = ['4556 7375 8689 9855', 'GB82 WEST 1234 5698 7654 32', '+44 20 7946 0958', 'Mary', 'José', 'é', 'ÿ', '\u0000', ' ', '-', '_', 'password', 'ssn', '1234'];
    const texts = [...generateCorpus({ totalChars: 200_000, docChars: 5000, seed: 7, sensitive: true })].map((d) => d.text);
    for (let k = 0; k < 40; k++) {
      let text = '';
      const len = 100 + Math.floor(rng() * 5000);
      while (text.length < len) text += bits[Math.floor(rng() * bits.length)];
      texts.push(text);
    }
    let hits = 0;
    for (const text of texts.filter(isOneByte)) {
      const mine = events(text, true);
      expect(mine).toEqual(events(text, false));
      hits += mine.length / 3;
    }
    expect(hits).toBeGreaterThan(500);
  });

  it('reads one byte a character when told to (a wider character would be read as its low byte)', () => {
    // U+0134's low byte is '4': only the one-byte path sees a card number here.
    const text = 'card \u0134556 7375 8689 9855 end';
    const cards = (oneByte: boolean): number => events(text, oneByte).filter((v, k) => k % 3 === 0 && v === 1).length;
    expect(cards(false)).toBe(0);
    expect(cards(true)).toBe(1);
  });
});
