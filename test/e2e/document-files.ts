// Issue 13: one set of document files (every format Macie reads, an email with a CSV and a zip attachment, YAML, a zip
// of some) with one planted US SSN each, and where Macie reports each: shared by the `sift scan` and the
// classification job e2e tests. Plus the PDFs Macie cannot read text from (encrypted, image-only).
import { strToU8, zipSync } from 'fflate';
import { avroOf, docOf, docxOf, emlOf, parquetOf, pdfOf, xlsOf, xlsxOf } from '../../src/extract/format-fixtures.js';

// Valid, distinct US SSNs (each planted once, beside the keyword "ssn").
export const SSN = {
  xlsx: '536-22-8726', xls: '536-22-8727', docx: '536-22-8728', doc: '536-22-8729', pdf: '536-22-8731', parquet: '536-22-8732',
  avro: '536-22-8733', emlBody: '536-22-8734', emlCsv: '536-22-8735', html: '536-22-8736', xml: '536-22-8737', zipped: '536-22-8738',
  yaml: '536-22-8739', emlZip: '536-22-8741',
};

export async function documentFiles(): Promise<Record<string, Uint8Array | string>> {
  return {
    'customers.xlsx': xlsxOf({ Summary: [['total', 3]], Customers: [['name', 'ssn'], ['Ana', 'n/a'], ['Bo', SSN.xlsx]] }),
    'legacy.xls': xlsOf({ People: [['name', 'ssn'], ['Cy', SSN.xls]] }),
    'letter.docx': docxOf({ body: ['Dear customer,', 'Your file is attached.'], table: [['ssn', SSN.docx]], footer: ['ACME'] }),
    'old.doc': docOf(['Memo', `employee ssn ${SSN.doc}`]),
    'report.pdf': await pdfOf(['Quarterly report', `Appendix: ssn ${SSN.pdf}`]),
    'people.parquet': parquetOf([{ name: 'name', type: 'STRING', data: ['a', 'b', 'c'] }, { name: 'ssn', type: 'STRING', data: ['none', null, SSN.parquet] }]),
    'people.avro': await avroOf({ type: 'record', name: 'P', fields: [{ name: 'ident', type: { type: 'record', name: 'I', fields: [{ name: 'ssn', type: 'string' }] } }] }, [{ ident: { ssn: 'none' } }, { ident: { ssn: SSN.avro } }], 'deflate'),
    'mail.eml': emlOf({
      headers: { From: 'hr@example.com', To: 'payroll@example.com', Subject: 'New hire' },
      text: `Hello,\nthe new hire's ssn is ${SSN.emlBody}.\n`,
      attachments: [
        { filename: 'hires.csv', contentType: 'text/csv', body: `name,ssn\nDee,${SSN.emlCsv}\n` },
        { filename: 'records.zip', contentType: 'application/zip', body: zipSync({ 'staff.csv': strToU8(`name,ssn\nEd,${SSN.emlZip}\n`) }) },
      ],
    }),
    'page.html': `<!doctype html>\n<html><body>\n<p class="ssn">ssn: <b>${SSN.html}</b></p>\n</body></html>\n`,
    'export.xml': `<?xml version="1.0"?>\n<people>\n  <person ssn="${SSN.xml}"/>\n</people>\n`,
    // YAML is plain text to Macie (F.2: lineRanges); the key beside the value is the keyword.
    'config.yaml': `# HR export\nemployee:\n  name: Ana\n  ssn: ${SSN.yaml}\n`,
    'bundle.zip': zipSync({ 'inner/staff.xlsx': xlsxOf({ Staff: [['ssn'], [SSN.zipped]] }), 'inner/empty.docx': docxOf({ body: ['nothing here'] }) }),
  };
}

/** Where each object's SSN is, as Macie's occurrences (the object's own; archives and emails also have members). */
export const EXPECTED_OCCURRENCES: Record<string, Record<string, unknown[]>> = {
  'customers.xlsx': { cells: [{ row: 3, column: 2, columnName: 'ssn', cellReference: 'Customers!B3' }] },
  'legacy.xls': { cells: [{ row: 2, column: 2, columnName: 'ssn', cellReference: 'People!B2' }] },
  'letter.docx': { lineRanges: [{ start: 4, end: 4, startColumn: 1 }] },
  'old.doc': { lineRanges: [{ start: 2, end: 2, startColumn: 14 }] },
  'report.pdf': { pages: [{ pageNumber: 2 }] },
  'people.parquet': { records: [{ recordIndex: 2, jsonPath: '$.ssn' }] },
  'people.avro': { records: [{ recordIndex: 1, jsonPath: '$.ident.ssn' }] },
  'page.html': { lineRanges: [{ start: 3, end: 3, startColumn: '<p class="ssn">ssn: <b>'.length + 1 }] },
  'export.xml': { lineRanges: [{ start: 3, end: 3, startColumn: '  <person ssn="'.length + 1 }] },
  'config.yaml': { lineRanges: [{ start: 4, end: 4, startColumn: '  ssn: '.length + 1 }] },
  // The email's own text: 5 headers, a blank line, then the body; its attachments add two more to the count.
  'mail.eml': { lineRanges: [{ start: 8, end: 8, startColumn: "the new hire's ssn is ".length + 1 }] },
};

/** PDFs without text Macie can read: password-protected (skipped, unparsable) and scanned pages (read, nothing found). */
export async function unreadablePdfs(): Promise<Record<string, Uint8Array>> {
  return {
    'locked.pdf': await pdfOf([`ssn ${SSN.pdf}`], { password: 'secret' }),
    'scanned.pdf': await pdfOf(['', ''], { imageOnly: true }),
  };
}
