// Issue 13: `sift scan --json` over a folder of every document format Macie reads (xlsx, xls, docx, doc, pdf, parquet,
// avro, eml with attachments, html, xml) and a zip of some of them, as a new user runs it: every file COMPLETE, each
// planted value found once, in the occurrence kind Macie uses, at its exact cell, page, record or line; a clean
// spreadsheet gives nothing.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { avroOf, docOf, docxOf, emlOf, parquetOf, pdfOf, xlsOf, xlsxOf } from '../../../src/extract/format-fixtures.js';
import { sift } from '../sift-cli.js';

// Valid, distinct US SSNs (each planted once, beside the keyword "ssn").
const SSN = {
  xlsx: '536-22-8726', xls: '536-22-8727', docx: '536-22-8728', doc: '536-22-8729', pdf: '536-22-8731', parquet: '536-22-8732',
  avro: '536-22-8733', emlBody: '536-22-8734', emlCsv: '536-22-8735', html: '536-22-8736', xml: '536-22-8737', zipped: '536-22-8738',
};

let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sift-formats-'));
  const docs = join(dir, 'docs');
  mkdirSync(docs);
  mkdirSync(join(dir, 'clean'));
  const put = (name: string, data: Uint8Array | string) => writeFileSync(join(docs, name), data);
  put('customers.xlsx', xlsxOf({ Summary: [['total', 3]], Customers: [['name', 'ssn'], ['Ana', 'n/a'], ['Bo', SSN.xlsx]] }));
  put('legacy.xls', xlsOf({ People: [['name', 'ssn'], ['Cy', SSN.xls]] }));
  put('letter.docx', docxOf({ body: ['Dear customer,', 'Your file is attached.'], table: [['ssn', SSN.docx]], footer: ['ACME'] }));
  put('old.doc', docOf(['Memo', `employee ssn ${SSN.doc}`]));
  put('report.pdf', await pdfOf(['Quarterly report', `Appendix: ssn ${SSN.pdf}`]));
  put('people.parquet', parquetOf([{ name: 'name', type: 'STRING', data: ['a', 'b', 'c'] }, { name: 'ssn', type: 'STRING', data: ['none', null, SSN.parquet] }]));
  put('people.avro', await avroOf({ type: 'record', name: 'P', fields: [{ name: 'ident', type: { type: 'record', name: 'I', fields: [{ name: 'ssn', type: 'string' }] } }] }, [{ ident: { ssn: 'none' } }, { ident: { ssn: SSN.avro } }], 'deflate'));
  put('mail.eml', emlOf({
    headers: { From: 'hr@example.com', To: 'payroll@example.com', Subject: 'New hire' },
    text: `Hello,\nthe new hire's ssn is ${SSN.emlBody}.\n`,
    attachments: [{ filename: 'hires.csv', contentType: 'text/csv', body: `name,ssn\nDee,${SSN.emlCsv}\n` }],
  }));
  put('page.html', `<!doctype html>\n<html><body>\n<p class="ssn">ssn: <b>${SSN.html}</b></p>\n</body></html>\n`);
  put('export.xml', `<?xml version="1.0"?>\n<people>\n  <person ssn="${SSN.xml}"/>\n</people>\n`);
  put('bundle.zip', zipSync({ 'inner/staff.xlsx': xlsxOf({ Staff: [['ssn'], [SSN.zipped]] }), 'inner/empty.docx': docxOf({ body: ['nothing here'] }) }));
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

    for (const name of ['customers.xlsx', 'legacy.xls', 'letter.docx', 'old.doc', 'report.pdf', 'people.parquet', 'people.avro', 'mail.eml', 'page.html', 'export.xml', 'bundle.zip']) {
      expect(objectRecord(name)?.classificationDetails.result.status, name).toEqual({ code: 'COMPLETE', reason: null });
    }
    expect(objectRecord('customers.xlsx').classificationDetails.result.mimeType).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(only(objectRecord('customers.xlsx')).cells).toEqual([{ row: 3, column: 2, columnName: 'ssn', cellReference: 'Customers!B3' }]);
    expect(only(objectRecord('legacy.xls')).cells).toEqual([{ row: 2, column: 2, columnName: 'ssn', cellReference: 'People!B2' }]);
    expect(only(objectRecord('letter.docx')).lineRanges).toEqual([{ start: 4, end: 4, startColumn: 1 }]);
    expect(only(objectRecord('old.doc')).lineRanges).toEqual([{ start: 2, end: 2, startColumn: 14 }]);
    expect(only(objectRecord('report.pdf')).pages).toEqual([{ pageNumber: 2 }]);
    expect(only(objectRecord('people.parquet')).records).toEqual([{ recordIndex: 2, jsonPath: '$.ssn' }]);
    expect(only(objectRecord('people.avro')).records).toEqual([{ recordIndex: 1, jsonPath: '$.ident.ssn' }]);
    expect(only(objectRecord('page.html')).lineRanges).toEqual([{ start: 3, end: 3, startColumn: '<p class="ssn">ssn: <b>'.length + 1 }]);
    expect(only(objectRecord('export.xml')).lineRanges).toEqual([{ start: 3, end: 3, startColumn: 16 }]);

    // The email: its body's line in the decoded message (5 headers, a blank line, then the text), the attachment as a
    // member with its own cells; the object's total counts both.
    const mail = objectRecord('mail.eml');
    expect(detections(mail).map((d: any) => [d.type, d.count])).toEqual([['USA_SOCIAL_SECURITY_NUMBER', 2]]);
    expect(detections(mail)[0].occurrences.lineRanges).toEqual([{ start: 8, end: 8, startColumn: "the new hire's ssn is ".length + 1 }]);
    expect(only(memberRecord('hires.csv')).cells).toEqual([{ row: 2, column: 2, columnName: 'ssn', cellReference: null }]);

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
