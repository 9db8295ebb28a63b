/**
 * The delimited reader against a plain reference parser (RFC 4180 as csv.ts reads it) on random input: quoted and
 * unquoted cells, escaped quotes, text after a closing quote, CR, LF and CRLF, empty cells and rows, ragged rows,
 * non-ASCII text; cut into random chunks, so every cell is read by the whole-cell fast path or the general path
 * depending on where a chunk ends. Header cells (text locations) and long values cut in pieces must not depend on
 * the chunking either. Seeded, so a failure reproduces.
 */
import { describe, expect, it } from 'vitest';
import { readDelimited } from './csv.js';
import { seededRandom } from '../common/seeded-random.js';
import { collect, limits, streamInRandomChunks as chunked } from './test-support.js';
import { Readable } from 'node:stream';
import type { Segment } from './types.js';

const rng = seededRandom;

/** Random delimited text: mostly well-formed rows, with every odd case sprinkled in. */
function randomDelimited(r: () => number, d: string): string {
  const atoms = ['a', 'bc', 'Ann Lee', '123-45-6789', 'é', '\u{1F600}', ' ', '"', '""', d, '\n', '\r\n', '\r', ''];
  const cell = (): string => {
    const x = r();
    if (x < 0.15) return '';
    if (x < 0.45) return `"${Array.from({ length: Math.floor(r() * 4) }, () => atoms[Math.floor(r() * atoms.length)]).join('').replace(/"/g, r() < 0.7 ? '""' : '"')}"${r() < 0.05 ? 'tail' : ''}`;
    if (x < 0.5) return Array.from({ length: Math.floor(r() * 6) }, () => atoms[Math.floor(r() * atoms.length)]).join('');
    return Array.from({ length: 1 + Math.floor(r() * 3) }, () => atoms[Math.floor(r() * 6)]).join('');
  };
  const rows: string[] = [];
  const width = 1 + Math.floor(r() * 5);
  for (let k = Math.floor(r() * 12); k >= 0; k--) {
    const w = r() < 0.8 ? width : Math.floor(r() * (width + 3));
    rows.push(Array.from({ length: w }, cell).join(d));
  }
  const nl = ['\n', '\r\n', '\r'][Math.floor(r() * 3)];
  return rows.join(nl) + (r() < 0.5 ? nl : '');
}

interface RefCell { text: string; row: number; column: number }

/** Data cells as the reader defines them, one character at a time, nothing shared with csv.ts. */
function referenceCells(text: string, d: string, quoting: boolean): { header: string[]; cells: RefCell[] } {
  const header: string[] = [];
  const cells: RefCell[] = [];
  let row = 1;
  let column = 1;
  let field = '';
  let atStart = true;
  let inQuotes = false;
  let afterCr = false;
  const endField = (): void => {
    if (row === 1) header.push(field);
    else if (field.length > 0) cells.push({ text: field, row, column });
    field = '';
    atStart = true;
    column++;
  };
  const chars = [...text].flatMap((c) => (c.length === 2 ? [c[0], c[1]] : [c]));
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i];
    if (afterCr) {
      afterCr = false;
      if (ch === '\n') continue;
    }
    if (inQuotes) {
      if (ch !== '"') field += ch;
      else if (chars[i + 1] === '"') {
        field += '"';
        i++;
      } else inQuotes = false;
      continue;
    }
    if (atStart) {
      atStart = false;
      if (quoting && ch === '"') {
        inQuotes = true;
        continue;
      }
    }
    if (ch === d) endField();
    else if (ch === '\n' || ch === '\r') {
      endField();
      row++;
      column = 1;
      afterCr = ch === '\r';
    } else field += ch;
  }
  if (!atStart || field.length > 0 || column > 1) endField();
  return { header, cells };
}


const dataCells = (segments: Segment[]): Segment[] => segments.filter((s) => s.location.kind === 'cell');

describe('readDelimited against a reference parser', () => {
  for (const [d, quoting] of [[',', true], ['\t', false], [';', true]] as const) {
    it(`delimiter ${JSON.stringify(d)}, quoting ${quoting}: the same cells, rows, columns and names for any chunking`, async () => {
      const r = rng(d.charCodeAt(0) * 31 + (quoting ? 1 : 0));
      for (let round = 0; round < 150; round++) {
        const text = randomDelimited(r, d);
        const ref = referenceCells(text, d, quoting);
        const expected = ref.cells.map((c) => {
          const name = ref.header[c.column - 1];
          return {
            text: c.text,
            location: name !== undefined ? { kind: 'cell', row: c.row, column: c.column, columnName: name } : { kind: 'cell', row: c.row, column: c.column },
            ...(name ? { keywordContext: [name] } : {}),
          };
        });
        const whole = await collect(readDelimited(Readable.from([Buffer.from(text)]), limits(), { delimiter: d, quoting }));
        expect(dataCells(whole), JSON.stringify(text)).toEqual(expected);
        for (const max of [1, 3, 17]) {
          const got = await collect(readDelimited(chunked(text, r, max), limits(), { delimiter: d, quoting }));
          expect(got, `${JSON.stringify(text)} in chunks of up to ${max}`).toEqual(whole);
        }
        // Long values cut in pieces (maxSegmentChars 16): the same pieces for any chunking.
        const small = limits({ maxSegmentChars: 16, seamContextChars: 4, seamLookaheadChars: 8 });
        const long = text.replace(/bc/g, 'bc'.repeat(12));
        const cut = await collect(readDelimited(Readable.from([Buffer.from(long)]), small, { delimiter: d, quoting }));
        for (const max of [2, 11, 40]) {
          expect(await collect(readDelimited(chunked(long, r, max), small, { delimiter: d, quoting })), JSON.stringify(long)).toEqual(cut);
        }
      }
    });
  }
});
