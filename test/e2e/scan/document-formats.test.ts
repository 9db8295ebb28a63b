// Issue 13: `sift scan --json` over a folder of every document format Macie reads (xlsx, xls, docx, doc, pdf, parquet,
// avro, eml with attachments, html, xml) and a zip of some of them, as a new user runs it: every file COMPLETE, each
// planted value found once, in the occurrence kind Macie uses, at its exact cell, page, record or line; a clean
// spreadsheet gives nothing.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentFiles, EXPECTED_OCCURRENCES, unreadablePdfs } from '../document-files.js';
import { sift } from '../sift-cli.js';
import { xlsxOf } from '../../../src/extract/format-fixtures.js';

let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sift-formats-'));
  const docs = join(dir, 'docs');
  mkdirSync(docs);
  mkdirSync(join(dir, 'clean'));
  for (const [name, data] of Object.entries({ ...(await documentFiles()), ...(await unreadablePdfs()) })) writeFileSync(join(docs, name), data);
  writeFileSync(join(dir, 'clean', 'inventory.xlsx'), xlsxOf({ Stock: [['sku', 'qty', 'price'], ['A-100', 12, 9.99], ['B-200', 7, 1234567]] }));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const detections = (r: any) => r.classificationDetails.result.sensitiveData.flatMap((c: any) => c.detections);

describe('sift scan over document formats', () => {
  it('reads every format completely and finds each planted value once, where Macie puts it', { timeout: 180_000 }, async () => {
    const res = await sift(['scan', '--json', '--identifiers', 'USA_SOCIAL_SECURITY_NUMBER', join(dir, 'docs')]);
    expect(res.code, res.stderr).toBe(1);
    const records = res.stdout.trim().split('\n').map((l) => JSON.parse(l));
    const objectRecord = (name: string) => records.find((r) => String(r.resourcesAffected.s3Object.key).endsWith(name) && !r.resourcesAffected.s3Object.embeddedFileDetails);
    const memberRecord = (path: string) => records.find((r) => r.resourcesAffected.s3Object.embeddedFileDetails?.filePath === path);
    const only = (r: any) => {
      const ds = detections(r);
      expect(ds.map((d: any) => [d.type, d.count])).toEqual([['USA_SOCIAL_SECURITY_NUMBER', 1]]);
      return ds[0].occurrences;
    };

    for (const name of ['customers.xlsx', 'legacy.xls', 'letter.docx', 'old.doc', 'report.pdf', 'people.parquet', 'people.avro', 'mail.eml', 'page.html', 'export.xml', 'config.yaml', 'bundle.zip', 'scanned.pdf']) {
      expect(objectRecord(name)?.classificationDetails.result.status, name).toEqual({ code: 'COMPLETE', reason: null });
    }
    expect(objectRecord('customers.xlsx').classificationDetails.result.mimeType).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(objectRecord('config.yaml').classificationDetails.result.mimeType).toBe('text/plain');
    // An encrypted PDF cannot be opened: skipped with a reason; an image-only one is read and holds no text.
    expect(objectRecord('locked.pdf').classificationDetails.result.status).toEqual({ code: 'SKIPPED', reason: 'UNABLE_TO_PARSE_FILE' });
    expect(objectRecord('locked.pdf').classificationDetails.result.sensitiveData).toEqual([]);
    expect(objectRecord('scanned.pdf').classificationDetails.result.sensitiveData).toEqual([]);
    for (const [name, expected] of Object.entries(EXPECTED_OCCURRENCES)) {
      const record = objectRecord(name);
      const occurrences = detections(record)[0]?.occurrences;
      for (const [kind, list] of Object.entries(expected)) expect(occurrences?.[kind], `${name} ${kind}`).toEqual(list);
      if (name !== 'mail.eml') only(record);
    }

    // The email: its body's line in the decoded message (5 headers, a blank line, then the text), each attachment as a
    // member with its own cells (the zip's CSV one level further down); the object's total counts all three.
    const mail = objectRecord('mail.eml');
    expect(detections(mail).map((d: any) => [d.type, d.count])).toEqual([['USA_SOCIAL_SECURITY_NUMBER', 3]]);
    expect(only(memberRecord('hires.csv')).cells).toEqual([{ row: 2, column: 2, columnName: 'ssn', cellReference: null }]);
    expect(only(memberRecord('records.zip/staff.csv')).cells).toEqual([{ row: 2, column: 2, columnName: 'ssn', cellReference: null }]);

    // The zip: counts on the object, the cell on the member's record.
    expect(detections(objectRecord('bundle.zip')).map((d: any) => [d.type, d.count])).toEqual([['USA_SOCIAL_SECURITY_NUMBER', 1]]);
    expect(only(memberRecord('inner/staff.xlsx')).cells).toEqual([{ row: 2, column: 1, columnName: 'ssn', cellReference: 'Staff!A2' }]);
  });

  it('finds nothing in a clean spreadsheet and exits 0', { timeout: 120_000 }, async () => {
    const res = await sift(['scan', '--json', join(dir, 'clean')]);
    expect(res.code, res.stderr).toBe(0);
    const [record] = res.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(record.classificationDetails.result.status).toEqual({ code: 'COMPLETE', reason: null });
    expect(record.classificationDetails.result.sensitiveData).toEqual([]);
  });
});
