import { gzipSync, strToU8, zipSync } from 'fflate';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { compileScanner, type Detection, type DetectContext, type Scanner } from '../detect/index.js';
import { renderDiscoveryResults, toJsonLines } from './discovery-result.js';
import { scanObject } from './scan-object.js';
import type { ObjectScanResult } from './types.js';

/** A tiny real scanner: SSN-shaped values and AWS access key ids, by regex, independent of the catalog. */
const tinyScanner: Scanner = {
  scan(text: string, _ctx?: DetectContext): Detection[] {
    const out: Detection[] = [];
    for (const m of text.matchAll(/\b\d{3}-\d{2}-\d{4}\b/g)) out.push({ type: 'USA_SOCIAL_SECURITY_NUMBER', category: 'PERSONAL_INFORMATION', start: m.index!, end: m.index! + m[0].length });
    for (const m of text.matchAll(/\bAKIA[0-9A-Z]{16}\b/g)) out.push({ type: 'AWS_CREDENTIALS', category: 'CREDENTIALS', start: m.index!, end: m.index! + m[0].length });
    return out;
  },
};

const SSN = '123-45-6789';
const KEY = 'AKIAIOSFODNN7EXAMPL3';

function scan(key: string, data: string | Uint8Array, scanner: Scanner = tinyScanner, limits = {}): Promise<ObjectScanResult> {
  const bytes = typeof data === 'string' ? Buffer.from(data) : Buffer.from(data);
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += 1000) chunks.push(bytes.subarray(i, i + 1000));
  return scanObject({ key, size: bytes.length, stream: Readable.from(chunks) }, scanner, limits);
}
const ofType = (r: { detections: ObjectScanResult['detections'] }, type: string) => r.detections.find((d) => d.type === type);

describe('scanObject: exact locations per format', () => {
  it('text: lineRanges with start, end and startColumn', async () => {
    const r = await scan('app.log', `boot ok\nuser ssn ${SSN} and ${SSN}\n\n\tkey=${KEY}\n`);
    expect(r.status).toEqual({ code: 'COMPLETE' });
    expect(r.mimeType).toBe('text/plain');
    expect(r.sizeClassified).toBe(r.size);
    expect(ofType(r, 'USA_SOCIAL_SECURITY_NUMBER')).toMatchObject({
      count: 2, category: 'PERSONAL_INFORMATION',
      occurrences: { lineRanges: [{ start: 2, end: 2, startColumn: 10 }, { start: 2, end: 2, startColumn: 26 }], cells: [], records: [] },
    });
    expect(ofType(r, 'AWS_CREDENTIALS')?.occurrences.lineRanges).toEqual([{ start: 4, end: 4, startColumn: 6 }]);
  });

  it('csv: cells with row, column and column name; a value in the header as a lineRange', async () => {
    const r = await scan('people.csv', `name,ssn,${SSN}\nann,${SSN},x\nbob,"n/a",\n`);
    expect(r.mimeType).toBe('text/csv');
    const d = ofType(r, 'USA_SOCIAL_SECURITY_NUMBER')!;
    expect(d.count).toBe(2);
    expect(d.occurrences.cells).toEqual([{ row: 2, column: 2, columnName: 'ssn', cellReference: null }]);
    expect(d.occurrences.lineRanges).toEqual([{ start: 1, end: 1, startColumn: 10 }]);
  });

  it('json and jsonl: records with recordIndex and jsonPath', async () => {
    const json = await scan('payload.json', JSON.stringify({ users: [{ id: 1 }, { id: 2, ssn: SSN }] }));
    expect(ofType(json, 'USA_SOCIAL_SECURITY_NUMBER')!.occurrences.records).toEqual([{ recordIndex: 0, jsonPath: '$.users[1].ssn' }]);
    const jsonl = await scan('events.jsonl', `{"a":1}\n{"b":"x"}\n{"c":{"key":"${KEY}"}}\n`);
    expect(ofType(jsonl, 'AWS_CREDENTIALS')!.occurrences.records).toEqual([{ recordIndex: 2, jsonPath: '$.c.key' }]);
    expect(json.mimeType).toBe('application/json');
  });

  it('caps locations at maxOccurrencesPerResultType and counts on', async () => {
    const r = await scan('many.txt', `${SSN}\n`.repeat(30), tinyScanner, { maxOccurrencesPerResultType: 10 });
    const d = ofType(r, 'USA_SOCIAL_SECURITY_NUMBER')!;
    expect(d.count).toBe(30);
    expect(d.occurrences.lineRanges).toHaveLength(10);
    expect(d.additionalOccurrences).toBe(true);
  });
});

describe('scanObject: a mixed folder zipped, with each planted value at its place', () => {
  it('reports each member with exact locations and the archive with totals', async () => {
    const zip = zipSync({
      'exports/customers.csv': strToU8(`id,name,ssn\n1,Ann,000-00-0000\n2,Bob,${SSN}\n`),
      'payloads/event.json': strToU8(JSON.stringify({ detail: { creds: { accessKey: KEY } } })),
      'logs/app.log.gz': gzipSync(strToU8(`l1\nl2\nl3 leaked ${KEY} here\n`)),
      'config/settings.yaml': strToU8(`db:\n  user: app\n  ssn: "${SSN}"\n`),
      'img/logo.png': new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]),
    });
    const r = await scan('bundle.zip', zip);
    expect(r.archive).toBe(true);
    expect(r.mimeType).toBe('application/zip');
    expect(r.status).toEqual({ code: 'PARTIAL', reason: 'ARCHIVE_CONTAINS_UNPROCESSED_FILES', message: 'image/png files are not supported' });
    expect(r.membersAnalysed).toBe(4);
    expect(ofType(r, 'USA_SOCIAL_SECURITY_NUMBER')!.count).toBe(3);
    expect(ofType(r, 'AWS_CREDENTIALS')!.count).toBe(2);
    const member = (path: string) => r.members.find((m) => m.path === path)!;
    expect(ofType(member('exports/customers.csv'), 'USA_SOCIAL_SECURITY_NUMBER')!.occurrences.cells).toEqual([
      { row: 2, column: 3, columnName: 'ssn', cellReference: null },
      { row: 3, column: 3, columnName: 'ssn', cellReference: null },
    ]);
    expect(ofType(member('payloads/event.json'), 'AWS_CREDENTIALS')!.occurrences.records).toEqual([{ recordIndex: 0, jsonPath: '$.detail.creds.accessKey' }]);
    expect(ofType(member('logs/app.log.gz/app.log'), 'AWS_CREDENTIALS')!.occurrences.lineRanges).toEqual([{ start: 3, end: 3, startColumn: 11 }]);
    expect(ofType(member('config/settings.yaml'), 'USA_SOCIAL_SECURITY_NUMBER')!.occurrences.lineRanges).toEqual([{ start: 3, end: 3, startColumn: 9 }]);
    expect(member('img/logo.png').status.code).toBe('SKIPPED');

    const records = renderDiscoveryResults(r, {
      accountId: '111122223333', region: 'us-east-1', id: 'r-1', createdAt: '2026-01-01T00:00:00.000Z',
      jobId: 'j1', s3Bucket: { name: 'b' },
    });
    expect(records).toHaveLength(1 + r.members.length);
    const top = records[0] as any;
    expect(top.type).toBe('SensitiveData:S3Object/Multiple');
    expect(top.classificationDetails.result.status).toEqual({ code: 'PARTIAL', reason: 'ARCHIVE_CONTAINS_UNPROCESSED_FILES' });
    expect(top.classificationDetails.result.sensitiveData[0].detections[0].occurrences.cells).toBeNull();
    const csvRecord = records.find((x: any) => x.resourcesAffected.s3Object.embeddedFileDetails?.filePath === 'exports/customers.csv') as any;
    expect(csvRecord.classificationDetails.result.sensitiveData).toEqual([
      { category: 'PERSONAL_INFORMATION', totalCount: 2, detections: [{ type: 'USA_SOCIAL_SECURITY_NUMBER', count: 2, occurrences: {
        cells: [{ row: 2, column: 3, columnName: 'ssn', cellReference: null }, { row: 3, column: 3, columnName: 'ssn', cellReference: null }],
        lineRanges: null, offsetRanges: null, pages: null, records: null } }] },
    ]);
    expect(toJsonLines(records).trim().split('\n')).toHaveLength(records.length);
  });
});

describe('scanObject: hostile objects finish fast, in bounded memory, with a clear reason', () => {
  it('a zip bomb member is skipped for its expansion ratio', async () => {
    const r = await scan('bomb.zip', zipSync({ 'a.txt': new Uint8Array(32 * 1024 * 1024).fill(0x41) }, { level: 1 }));
    expect(r.status).toMatchObject({ code: 'SKIPPED', reason: 'ARCHIVE_TOTAL_BYTES_EXTRACTED_OVER_LIMIT' });
  });

  it('100 levels of nested zip are skipped at the nesting limit', async () => {
    let zip = zipSync({ 'core.txt': strToU8(SSN) });
    for (let i = 0; i < 100; i++) zip = zipSync({ [`l${i}.zip`]: zip }, { level: 0 });
    const r = await scan('nest.zip', zip);
    expect(r.status).toMatchObject({ code: 'SKIPPED', reason: 'ARCHIVE_NESTING_LEVEL_OVER_LIMIT' });
    expect(r.detections).toEqual([]);
  });

  it('a 500 MB single line streams through in pieces, and the planted value is at its exact column', async () => {
    const total = 500 * 1024 * 1024;
    const plantAt = 400 * 1024 * 1024 + 123; // 0-based character offset in the line
    const block = Buffer.alloc(1 << 20, 'x');
    async function* line(): AsyncGenerator<Buffer> {
      for (let at = 0; at < total; at += block.length) {
        if (plantAt >= at && plantAt < at + block.length) {
          const b = Buffer.from(block);
          b.write(` ${SSN} `, plantAt - at - 1);
          yield b;
        } else yield block;
      }
    }
    const before = process.memoryUsage().rss;
    const r = await scanObject({ key: 'huge.txt', stream: Readable.from(line()) }, tinyScanner);
    expect(r.status).toEqual({ code: 'COMPLETE' });
    expect(r.sizeClassified).toBe(total);
    expect(ofType(r, 'USA_SOCIAL_SECURITY_NUMBER')!.occurrences.lineRanges).toEqual([{ start: 1, end: 1, startColumn: plantAt + 1 }]);
    expect(process.memoryUsage().rss - before).toBeLessThan(256 * 1024 * 1024);
    // Memory is what this test bounds, not time: the bound is wide so that a loaded machine does not fail it.
  }, 180_000);
});

describe('scanObject with the real detection engine', () => {
  it('passes keyword context and reports custom identifiers', async () => {
    const scanner = compileScanner({ managedSelector: 'NONE', custom: [{ id: 'c1', name: 'EmployeeId', regex: 'EMP-[0-9]{6}' }] });
    const r = await scan('staff.csv', 'name,emp\nann,EMP-123456\n', scanner);
    expect(r.detections).toEqual([
      expect.objectContaining({ type: 'c1', category: 'CUSTOM_IDENTIFIER', custom: { id: 'c1', name: 'EmployeeId' }, count: 1 }),
    ]);
    expect(r.detections[0].occurrences.cells).toEqual([{ row: 2, column: 2, columnName: 'emp', cellReference: null }]);
  });
});

describe('scanObject: NAME past its per-file cap', () => {
  it('stops running NAME once 1,000 are counted, and reports what one scan call per segment reports', async () => {
    const scanner = compileScanner({ managedSelector: 'ALL' });
    const calls: Array<ReadonlySet<string> | undefined> = [];
    const recording: Scanner = {
      scan(text, ctx) {
        calls.push(ctx?.skipTypes ? new Set(ctx.skipTypes) : undefined);
        return scanner.scan(text, ctx);
      },
    };
    // 12,000 customers (several batches) with a card number in some rows: far past NAME's cap of 1,000.
    const first = ['Mary', 'John', 'Linda', 'Robert'];
    const last = ['Smith', 'Johnson', 'Garcia', 'Miller'];
    const rows = ['id,customer,card'];
    for (let i = 1; i <= 12_000; i++) rows.push(`${i},${first[i % 4]} ${last[(i >> 2) % 4]},${i % 100 === 0 ? '4556737586899855' : 'n/a'}`);
    const csv = rows.join('\n') + '\n';
    const result = await scan('customers.csv', csv, recording);
    expect(Object.fromEntries(result.detections.map((d) => [d.type, d.count]))).toEqual({ CREDIT_CARD_NUMBER: 120, NAME: 1000 });
    expect(calls.some((s) => s?.has('NAME'))).toBe(true);
    // The same counts as scanning every cell on its own with nothing skipped.
    let names = 0;
    let cards = 0;
    for (const row of rows.slice(1)) {
      const [, customer, card] = row.split(',');
      names += scanner.scan(customer, { keywordContext: ['customer'] }).filter((d) => d.type === 'NAME').length;
      cards += scanner.scan(card, { keywordContext: ['card'] }).filter((d) => d.type === 'CREDIT_CARD_NUMBER').length;
    }
    expect(names).toBe(12_000);
    expect(cards).toBe(120);
  });
});
