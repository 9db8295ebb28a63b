// detectEncoding and looksLikeText answer as their byte-by-byte forms did (kept here as the reference), now that
// NULs, controls and replacement characters are found natively; and they no longer decode a valid UTF-8 head.
import { TextDecoder as NodeTextDecoder } from 'node:util';
import { describe, expect, it, vi } from 'vitest';
import { detectEncoding, looksLikeText } from './decode.js';

function referenceEncoding(head: Uint8Array): string {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8';
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  const n = Math.min(head.length, 512) & ~1;
  if (n >= 4) {
    let evenNul = 0;
    let oddNul = 0;
    for (let i = 0; i < n; i += 2) {
      if (head[i] === 0) evenNul++;
      if (head[i + 1] === 0) oddNul++;
    }
    const pairs = n / 2;
    if (oddNul > pairs * 0.6 && evenNul < pairs * 0.1) return 'utf-16le';
    if (evenNul > pairs * 0.6 && oddNul < pairs * 0.1) return 'utf-16be';
  }
  return 'utf-8';
}

function referenceLooksLikeText(head: Uint8Array): boolean {
  if (head.length === 0) return true;
  if (referenceEncoding(head) !== 'utf-8') return true;
  if (head.indexOf(0) !== -1) return false;
  let control = 0;
  for (const b of head) if (b < 0x20 && b !== 9 && b !== 10 && b !== 11 && b !== 12 && b !== 13 && b !== 27) control++;
  if (control > head.length * 0.05) return false;
  let end = head.length;
  for (let back = 1; back <= 3 && end - back >= 0; back++) {
    const b = head[end - back];
    if ((b & 0xc0) === 0xc0) {
      end -= back;
      break;
    }
    if ((b & 0x80) === 0) break;
  }
  const decoded = new NodeTextDecoder('utf-8').decode(head.subarray(0, end));
  let bad = 0;
  for (let i = 0; i < decoded.length; i++) if (decoded.charCodeAt(i) === 0xfffd) bad++;
  return bad <= Math.max(2, decoded.length * 0.02);
}

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

const PARTS: readonly (readonly number[])[] = [
  [...Buffer.from('plain text, ')], [0x0a], [0x0d, 0x0a], [0x09], [0x1b], [0x0b], [0x0c], [0x01], [0x07], [0x1a], [0x1c], [0x1f], [0x00],
  [0xef, 0xbf, 0xbd], [0xc3, 0xa9], [0xe2, 0x82, 0xac], [0xf0, 0x9f, 0x98, 0x80], [0x80], [0xc3], [0xff], [0xef, 0xbb, 0xbf], [0x41, 0x00], [0x00, 0x41],
];

function randomHead(r: () => number): Uint8Array {
  const bytes: number[] = [];
  const size = Math.floor(r() * 4200);
  const weights = PARTS.map(() => r() ** 4);
  const total = weights.reduce((a, b) => a + b, 0);
  while (bytes.length < size) {
    let pick = r() * total;
    let i = 0;
    while (pick > weights[i] && i < PARTS.length - 1) pick -= weights[i++];
    bytes.push(...PARTS[i]);
  }
  return Uint8Array.from(bytes.slice(0, size));
}

describe('sniffing text', () => {
  it('gives the byte-by-byte answers for 4,000 random heads (NULs, controls, UTF-8, U+FFFD, UTF-16, cut sequences)', () => {
    for (let seed = 1; seed <= 4000; seed++) {
      const head = randomHead(rng(seed));
      const at = seed % 3 === 0 ? 1 : 0; // views that do not start their buffer too
      const view = new Uint8Array(head.length + at);
      view.set(head, at);
      const h = view.subarray(at);
      expect(detectEncoding(h), `seed ${seed}`).toBe(referenceEncoding(head));
      expect(looksLikeText(h), `seed ${seed}`).toBe(referenceLooksLikeText(head));
    }
  });

  it('judges the U+FFFD a valid head spells: two pass, more are counted against its length', () => {
    const fffd = [0xef, 0xbf, 0xbd];
    const make = (n: number, filler: number) => Uint8Array.from([...Array.from({ length: n }, () => fffd).flat(), ...new Array<number>(filler).fill(0x61)]);
    for (const [n, filler] of [[2, 0], [3, 0], [3, 200], [3, 100], [5, 300], [9, 300]] as const) {
      expect(looksLikeText(make(n, filler)), `${n} in ${filler}`).toBe(referenceLooksLikeText(make(n, filler)));
    }
  });

  it('does not decode a valid non-ASCII UTF-8 head', async () => {
    const util = await import('node:util');
    const decode = vi.spyOn(util.TextDecoder.prototype, 'decode');
    try {
      expect(looksLikeText(Buffer.from('Grüße aus Köln, 555-0100\n'.repeat(100)))).toBe(true);
      expect(decode).not.toHaveBeenCalled();
    } finally {
      decode.mockRestore();
    }
  });
});

describe('extensionOf', () => {
  it('gives the last part’s extension, lowercased, as splitting at every / did', async () => {
    const { extensionOf } = await import('./sniff.js');
    const reference = (name: string) => {
      const base = name.split('/').pop() ?? name;
      const dot = base.lastIndexOf('.');
      return dot <= 0 ? '' : base.slice(dot + 1).toLowerCase();
    };
    for (const name of ['', 'a', 'a.TXT', '.hidden', 'dir.d/file', 'dir.d/', '/x/y.tar.GZ', 'a/.b', 'a/b.', 'x/y/z.Log', '..', 'a//b.c', '/', 'é/ü.Ä'])
      expect(extensionOf(name), name).toBe(reference(name));
  });
});
