// Pins the occurrences (cells, records, lineRanges) and counts scanObject reports for a representative CSV, TSV,
// JSON, JSON Lines and text file, whole and cut into small overlapping segments (the same results): any change to how readers, the
// batcher or the accumulator map detections back to locations shows up here. The expected results were recorded
// from the per-cell scan path before cells and values were batched per column and JSON path
// (fixtures/occurrences-pin.json); the scanner is a small regex one, so catalog changes do not move them.
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { Detection, DetectContext, Scanner } from '../detect/index.js';
import { scanObject } from './scan-object.js';
import type { ObjectScanResult } from './types.js';

/** SSN- and email-shaped values anywhere; nine-digit numbers only with an ssn/tax keyword in the value's context. */
const pinScanner: Scanner = {
  scan(text: string, ctx?: DetectContext): Detection[] {
    const out: Detection[] = [];
    const add = (type: string, category: string, m: RegExpMatchArray) => out.push({ type, category, start: m.index!, end: m.index! + m[0].length } as Detection);
    for (const m of text.matchAll(/\b\d{3}-\d{2}-\d{4}\b/g)) add('USA_SOCIAL_SECURITY_NUMBER', 'PERSONAL_INFORMATION', m);
    for (const m of text.matchAll(/\b[a-z.]+@example\.(?:com|org)\b/g)) add('EMAIL_ADDRESS', 'PERSONAL_INFORMATION', m);
    const keyword = (ctx?.keywordContext ?? []).some((k) => /ssn|tax/i.test(k));
    for (const m of text.matchAll(/\b\d{9}\b/g)) {
      if (keyword || /(?:ssn|tax)\W{0,3}$/i.test(text.slice(Math.max(0, m.index! - 8), m.index!))) add('USA_TAXPAYER_ID', 'PERSONAL_INFORMATION', m);
    }
    return out.sort((a, b) => a.start - b.start);
  },
};

const ssn = (i: number) => `${String(100 + (i % 800)).padStart(3, '0')}-${String(10 + (i % 89)).padStart(2, '0')}-${String(1000 + i).padStart(4, '0')}`;
const nine = (i: number) => String(100_000_000 + i * 7919);
const mail = (i: number) => `user.${String.fromCharCode(97 + (i % 26))}@example.${i % 2 ? 'com' : 'org'}`;

function csvFile(delimiter: string, quoting: boolean): string {
  const header = ['id', 'name', 'ssn', `note ${ssn(0)}`, 'tax', 'email', 'free text'];
  const rows = [header.join(delimiter)];
  for (let i = 1; i <= 70; i++) {
    const note = quoting && i % 7 === 0 ? `"line one, ${ssn(i)}\nline ""two"" ${nine(i)}"` : i % 5 === 0 ? `see ${ssn(i + 1)} and ${ssn(i + 2)}` : 'n/a';
    const free = i % 11 === 0 ? `${'x'.repeat(300)} ${ssn(i + 3)} ${'y'.repeat(200)}` : i % 3 === 0 ? `ssn ${nine(i)}` : '';
    rows.push([String(i), `Person ${i}`, i % 4 === 0 ? ssn(i) : nine(i), note, i % 6 === 0 ? nine(i + 1) : '', i % 2 ? mail(i) : '', free].join(delimiter));
  }
  return rows.join(quoting ? '\r\n' : '\n') + '\n';
}

function record(i: number): unknown {
  return {
    id: i,
    customer: { name: `Person ${i}`, ssn: i % 3 === 0 ? ssn(i) : nine(i), contacts: [mail(i), i % 4 === 0 ? mail(i + 1) : 'none'] },
    tax: { id: i % 5 === 0 ? Number(nine(i)) : null, note: i % 9 === 0 ? `${'z'.repeat(400)} ${ssn(i + 5)}` : 'ok' },
    [`key ${ssn(i + 7)}`]: i % 8 === 0 ? 'value' : true,
    items: [[nine(i + 2), { code: ssn(i + 9) }], []],
  };
}

const files: Record<string, string> = {
  'people.csv': csvFile(',', true),
  'people.tsv': csvFile('\t', false),
  'export.json': JSON.stringify({ records: Array.from({ length: 24 }, (_, i) => record(i)) }, null, 1),
  'events.jsonl': Array.from({ length: 30 }, (_, i) => (i === 13 ? '{"broken": ' : JSON.stringify(record(i)))).join('\n') + '\n',
  'app.log': Array.from({ length: 120 }, (_, i) =>
    i % 13 === 0 ? `${'w '.repeat(250)}ssn ${nine(i)} ${ssn(i)}` : `line ${i} user ${i % 3 ? mail(i) : 'anon'} ${i % 4 ? '' : ssn(i)}`,
  ).join('\n'),
};

/** Small segments and seams, so long values, lines and cells are cut into overlapping pieces. */
const SMALL = { maxSegmentChars: 128, maxLineBytes: 128, seamContextChars: 24, seamLookaheadChars: 40 };

async function scan(key: string, text: string, limits = {}): Promise<Pick<ObjectScanResult, 'status' | 'detections'>> {
  const bytes = Buffer.from(text);
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += 997) chunks.push(bytes.subarray(i, i + 997));
  const r = await scanObject({ key, size: bytes.length, stream: Readable.from(chunks) }, pinScanner, limits);
  return { status: r.status, detections: r.detections };
}

const pinned = JSON.parse(readFileSync(new URL('./fixtures/occurrences-pin.json', import.meta.url), 'utf8')) as Record<string, unknown>;

describe('scanObject occurrences are pinned per format', () => {
  for (const [name, text] of Object.entries(files)) {
    it(`${name}, default limits`, async () => {
      expect(await scan(name, text)).toEqual(pinned[name]);
    });
    it(`${name}, cut into small overlapping segments: the same`, async () => {
      expect(await scan(name, text, SMALL)).toEqual(pinned[name]);
    });
  }
  it('the pinned results hold occurrences of every kind', () => {
    const all = JSON.stringify(pinned);
    for (const kind of ['"cells":[{', '"records":[{', '"lineRanges":[{', '"jsonPath":"$.records[', 'UNABLE_TO_PARSE_FILE']) expect(all).toContain(kind);
  });
});

export { files as pinFiles, scan as pinScan };
