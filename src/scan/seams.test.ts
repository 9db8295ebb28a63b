/**
 * Exact at every seam: a value planted anywhere around the places where a reader cuts its input (segment ends, long
 * lines, long CSV cells and JSON strings, chunk boundaries of the byte stream, UTF-16, inside gzip, zip and tar) is
 * found exactly once, with its keyword, at the right location, and the object is COMPLETE. Small segment sizes make
 * the seams frequent; one case uses the real 1 MiB limits (the SSN at bytes 1,048,566–1,048,576 of a long line).
 */
import fc from 'fast-check';
import { gzipSync, zipSync } from 'fflate';
import { Readable } from 'node:stream';
import { pack } from 'tar-stream';
import { describe, expect, it } from 'vitest';
import type { ScanLimits } from '../common/index.js';
import { compileScanner } from '../detect/index.js';
import { SNIFF_BYTES } from '../extract/index.js';
import { scanObject } from './scan-object.js';
import type { ObjectScanResult, OccurrenceLists, TypeResult } from './types.js';

const scanner = compileScanner({ managedSelector: 'INCLUDE', managedIds: ['USA_SOCIAL_SECURITY_NUMBER', 'CREDIT_CARD_NUMBER'] });

/** A keyword, then the value (planted with a space after it): the detection starts `keyword.length` characters in. */
const NEEDLES = [
  { type: 'USA_SOCIAL_SECURITY_NUMBER', keyword: ' SSN: ', value: '536-22-8726' },
  { type: 'CREDIT_CARD_NUMBER', keyword: ' visa: ', value: '4556 7375 8689 9855' },
  // The keyword ends the line before the value's: a segment that ends at that newline must still lend it.
  { type: 'USA_SOCIAL_SECURITY_NUMBER', keyword: ' ssn#\n', value: '536228726' },
] as const;
type Needle = (typeof NEEDLES)[number];

const SEGMENT = 64;
const small: Partial<ScanLimits> = { maxSegmentChars: SEGMENT, maxLineBytes: SEGMENT };

type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be';

function encode(text: string, encoding: Encoding): Uint8Array {
  if (encoding === 'utf-8') return Buffer.from(text);
  const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
  if (encoding === 'utf-16le') return le;
  const be = Buffer.from(le);
  for (let i = 0; i < be.length; i += 2) [be[i], be[i + 1]] = [be[i + 1], be[i]];
  return be;
}

async function scan(key: string, bytes: Uint8Array, chunk: number, limits: Partial<ScanLimits> = small): Promise<ObjectScanResult> {
  const chunks: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += chunk) chunks.push(bytes.subarray(i, i + chunk));
  return scanObject({ key, size: bytes.length, stream: Readable.from(chunks) }, scanner, limits);
}

async function tarOf(name: string, body: Uint8Array): Promise<Uint8Array> {
  const p = pack();
  p.entry({ name }, Buffer.from(body));
  p.finalize();
  const chunks: Buffer[] = [];
  for await (const c of p) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/** The 1-based line and column of `offset` in `text`, as Macie's lineRanges report it. */
function positionOf(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const lines = before.split('\n');
  return { line: lines.length, column: lines[lines.length - 1].length + 1 };
}

/** The single occurrence list the object (or its single archive member) reports for the needle's type. */
function only(result: ObjectScanResult, needle: Needle): OccurrenceLists {
  expect(result.status).toEqual({ code: 'COMPLETE' });
  const holder: { detections: TypeResult[] } = result.archive ? result.members[0] : result;
  expect(holder, 'no member with detections').toBeDefined();
  expect(holder.detections.map((d) => [d.type, d.count])).toEqual([[needle.type, 1]]);
  return holder.detections[0].occurrences;
}

/** Filler that holds no value and no keyword; `lines` allows (rare, so lines outgrow a segment) newlines. */
const filler = (lines: boolean) =>
  fc
    .array(fc.oneof({ weight: 60, arbitrary: fc.constantFrom('a', 'b', ' ', 'x', 'é', '😀') }, { weight: lines ? 1 : 0, arbitrary: fc.constant('\n') }), { maxLength: 3 * SEGMENT, size: 'max' })
    .map((cs) => cs.join(''));

/** Prefix lengths that put the needle at every offset across the first few seams. */
const prefixLengths = Array.from({ length: 3 * SEGMENT + 8 }, (_, i) => i);
const pad = (n: number) => 'x'.repeat(n);
/** The sniffed head of a file reaches the JSON reader as one chunk; what follows it arrives in the test's chunks. */
const past = { head: 'h'.repeat(SNIFF_BYTES) };

describe('exact at every seam', () => {
  it('text: an SSN at bytes 1,048,566–1,048,576 of a long line, with its keyword, under the real 1 MiB limits', async () => {
    const start = 1_048_566;
    const keyword = ' SSN: ';
    const text = pad(start - keyword.length) + keyword + '536-22-8726 ' + pad(2000) + '\nnext line\n';
    const r = await scan('long.log', Buffer.from(text), 65_536, {});
    expect(only(r, NEEDLES[0]).lineRanges).toEqual([{ start: 1, end: 1, startColumn: start + 1 }]);
  });

  it('text: a needle at every offset across the first seams of a long line, in UTF-8 and UTF-16', async () => {
    for (const encoding of ['utf-8', 'utf-16le', 'utf-16be'] as const) {
      for (const needle of NEEDLES) {
        for (const n of prefixLengths) {
          const text = pad(n) + needle.keyword + needle.value + ' ' + pad(2 * SEGMENT);
          const r = await scan('plain.txt', encode(text, encoding), 13);
          const at = positionOf(text, n + needle.keyword.length);
          expect(only(r, needle).lineRanges, `${encoding} ${needle.type} at ${n}`).toEqual([{ start: at.line, end: at.line, startColumn: at.column }]);
        }
      }
    }
  });

  it('text: any filler, lines and chunking around the needle (property)', async () => {
    await fc.assert(
      fc.asyncProperty(filler(true), filler(true), fc.constantFrom(...NEEDLES), fc.constantFrom<Encoding>('utf-8', 'utf-16le', 'utf-16be'), fc.integer({ min: 1, max: 97 }),
        async (before, after, needle, encoding, chunk) => {
          const text = before + needle.keyword + needle.value + ' ' + after;
          const at = positionOf(text, before.length + needle.keyword.length);
          const r = await scan('notes.txt', encode(text, encoding), chunk);
          expect(only(r, needle).lineRanges).toEqual([{ start: at.line, end: at.line, startColumn: at.column }]);
        }),
      { numRuns: 300 },
    );
  });

  it('CSV and TSV: a needle at every offset across the seams of a long cell', async () => {
    for (const needle of NEEDLES) {
      for (const n of prefixLengths) {
        const cell = pad(n) + needle.keyword + needle.value + ' ' + pad(SEGMENT);
        const csv = await scan('people.csv', Buffer.from(`id,note\n1,"${cell}"\n2,x\n`), 11);
        expect(only(csv, needle).cells, `csv ${needle.type} at ${n}`).toEqual([{ row: 2, column: 2, columnName: 'note', cellReference: null }]);
        if (cell.includes('\n')) continue; // TSV has no quoting: a newline ends the row
        const tsv = await scan('people.tsv', Buffer.from(`id\tnote\n1\t${cell}\n`), 11);
        expect(only(tsv, needle).cells, `tsv ${needle.type} at ${n}`).toEqual([{ row: 2, column: 2, columnName: 'note', cellReference: null }]);
      }
    }
  });

  it('CSV: any filler (with newlines in a quoted cell) around the needle (property)', async () => {
    await fc.assert(
      fc.asyncProperty(filler(true), filler(true), fc.constantFrom(...NEEDLES), fc.integer({ min: 1, max: 97 }), async (before, after, needle, chunk) => {
        const r = await scan('people.csv', Buffer.from(`id,note,z\n7,"${before}${needle.keyword}${needle.value} ${after}",y\n`), chunk);
        expect(only(r, needle).cells).toEqual([{ row: 2, column: 2, columnName: 'note', cellReference: null }]);
      }),
      { numRuns: 150 },
    );
  });

  it('JSON and JSON Lines: a needle at every offset across the seams of a long string', async () => {
    for (const needle of NEEDLES) {
      for (const n of prefixLengths) {
        const value = pad(n) + needle.keyword + needle.value + ' ' + pad(SEGMENT);
        const json = await scan('event.json', Buffer.from(JSON.stringify({ ...past, detail: { note: value } })), 17);
        expect(only(json, needle).records, `json ${needle.type} at ${n}`).toEqual([{ recordIndex: 0, jsonPath: '$.detail.note' }]);
        const jsonl = await scan('events.jsonl', Buffer.from(`${JSON.stringify(past)}\n${JSON.stringify({ note: value })}\n{"c":1}\n`), 17);
        expect(only(jsonl, needle).records, `jsonl ${needle.type} at ${n}`).toEqual([{ recordIndex: 1, jsonPath: '$.note' }]);
      }
    }
  });

  it('JSON: any filler and escapes around the needle (property)', async () => {
    await fc.assert(
      fc.asyncProperty(filler(true), filler(false), fc.constantFrom(...NEEDLES), fc.integer({ min: 1, max: 97 }), async (before, after, needle, chunk) => {
        const r = await scan('event.json', Buffer.from(JSON.stringify({ ...past, list: ['a', `${before}${needle.keyword}${needle.value} ${after}`] })), chunk);
        expect(only(r, needle).records).toEqual([{ recordIndex: 0, jsonPath: '$.list[1]' }]);
      }),
      { numRuns: 150 },
    );
  });

  it('gzip, zip and tar: a needle across the seams of a member, found once in the member (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 3 * SEGMENT }), fc.constantFrom(...NEEDLES), fc.constantFrom('gzip', 'zip', 'tar'), fc.integer({ min: 1, max: 97 }),
        async (n, needle, container, chunk) => {
          const text = `head\n${pad(n)}${needle.keyword}${needle.value} ${pad(SEGMENT)}\ntail\n`;
          const body = Buffer.from(text);
          const bytes = container === 'gzip' ? gzipSync(body) : container === 'zip' ? zipSync({ 'dir/notes.txt': body }) : await tarOf('notes.txt', body);
          const r = await scan(`bundle.${container === 'gzip' ? 'txt.gz' : container}`, bytes, chunk);
          const at = positionOf(text, 5 + n + needle.keyword.length);
          expect(only(r, needle).lineRanges).toEqual([{ start: at.line, end: at.line, startColumn: at.column }]);
        }),
      { numRuns: 120 },
    );
  });
});
