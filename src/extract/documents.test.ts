import { describe, expect, it } from 'vitest';
import { extractObject, type ExtractEvent } from './extract.js';
import { avroOf, docOf, docxOf, emlOf, parquetOf, pdfOf, xlsxOf } from './format-fixtures.js';
import { contentView } from './markup.js';
import { limits, streamOf } from './test-support.js';

async function events(name: string, data: Uint8Array | string, overrides = {}): Promise<ExtractEvent[]> {
  const out: ExtractEvent[] = [];
  for await (const e of extractObject({ name, stream: streamOf(data, 1013) }, limits(overrides))) out.push(e);
  return out;
}
const segs = (es: ExtractEvent[], path = '') => es.flatMap((e) => (e.type === 'segment' && e.file.path === path ? [{ text: e.segment.text, location: e.segment.location, ...(e.segment.keywordContext ? { context: e.segment.keywordContext } : {}) }] : []));
const ends = (es: ExtractEvent[]) => es.filter((e) => e.type === 'file-end').map((e) => (e.type === 'file-end' ? [e.file.path, e.file.format ?? null, e.status.code, e.status.reason ?? null] : []));
/** Text segments joined, to find where a value sits (line, column) in the text a reader produced. */
function lineOf(es: ExtractEvent[], value: string, path = ''): { line: number; column: number } | undefined {
  for (const s of segs(es, path)) {
    if (s.location.kind !== 'text') continue;
    const at = s.text.indexOf(value);
    if (at === -1) continue;
    const before = s.text.slice(0, at).split('\n');
    return { line: s.location.line + before.length - 1, column: before.length === 1 ? s.location.column + at : before[before.length - 1].length + 1 };
  }
  return undefined;
}

describe('docx reader', () => {
  it('reads body, tables, headers, footers and comments as lines in a fixed order', async () => {
    const es = await events('letter.docx', docxOf({ body: ['Dear customer,', 'SSN\t536-22-8726'], table: [['card', '4556 7375 8689 9855']], header: ['ACME header'], footer: ['page footer'], comments: ['reviewer note'] }));
    expect(ends(es)).toEqual([['', 'docx', 'COMPLETE', null]]);
    expect(segs(es).map((s) => s.text).join('')).toBe('Dear customer,\nSSN\t536-22-8726\ncard\n4556 7375 8689 9855\nACME header\npage footer\nreviewer note\n');
    expect(lineOf(es, '536-22-8726')).toEqual({ line: 2, column: 5 });
    expect(lineOf(es, 'reviewer')).toEqual({ line: 7, column: 1 });
  });
});

describe('doc reader', () => {
  it('reads a Word 97 document through its piece table, one line per paragraph', async () => {
    const es = await events('old.doc', docOf(['Dear customer,', 'SSN 536-22-8726', 'Regards']));
    expect(ends(es)).toEqual([['', 'doc', 'COMPLETE', null]]);
    expect(lineOf(es, '536-22-8726')).toEqual({ line: 2, column: 5 });
    expect(ends(await events('bad.doc', new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0])))).toEqual([['', 'doc', 'SKIPPED', 'UNABLE_TO_PARSE_FILE']]);
  });
});

describe('pdf reader', () => {
  it('gives the text of each page with its page number', async () => {
    const es = await events('r.pdf', await pdfOf(['first page SSN 536-22-8726', 'second page', 'third: card 4556 7375 8689 9855']));
    expect(ends(es)).toEqual([['', 'pdf', 'COMPLETE', null]]);
    expect(segs(es).map((s) => [s.location, s.text.trim()])).toEqual([
      [{ kind: 'page', pageNumber: 1 }, 'first page SSN 536-22-8726'],
      [{ kind: 'page', pageNumber: 2 }, 'second page'],
      [{ kind: 'page', pageNumber: 3 }, 'third: card 4556 7375 8689 9855'],
    ]);
  });

  it('skips a password-protected PDF, reads an image-only one as empty, stops at maxPdfPages', async () => {
    expect(ends(await events('locked.pdf', await pdfOf(['secret 536-22-8726'], { password: 'pw' })))).toEqual([['', 'pdf', 'SKIPPED', 'UNABLE_TO_PARSE_FILE']]);
    const scan = await events('scan.pdf', await pdfOf(['x', 'y'], { imageOnly: true }));
    expect([ends(scan), segs(scan)]).toEqual([[['', 'pdf', 'COMPLETE', null]], []]);
    const long = await events('long.pdf', await pdfOf(['a', 'b', 'c']), { maxPdfPages: 2 });
    expect([ends(long), segs(long).length]).toEqual([[['', 'pdf', 'PARTIAL', 'FILE_EXCEEDS_SIZE_LIMIT']], 2]);
    expect(ends(await events('big.pdf', await pdfOf(['a']), { maxDocumentBytes: 100 }))).toEqual([['', 'pdf', 'SKIPPED', 'FILE_EXCEEDS_SIZE_LIMIT']]);
  });
});

describe('parquet reader', () => {
  const columns = [
    { name: 'id', type: 'INT64' as const, data: [1n, 2n, 3n] },
    { name: 'ssn', type: 'STRING' as const, data: ['536-22-8726', null, 'none'] },
    { name: 'score', type: 'DOUBLE' as const, data: [1.5, 2, 3.25] },
    { name: 'profile', type: 'JSON' as const, data: [{ card: { number: '4556737586899855' } }, null, { tags: ['a', 'b'] }] },
  ];
  for (const codec of ['UNCOMPRESSED', 'SNAPPY', 'GZIP'] as const) {
    it(`reads every row (${codec}) as records with JSON paths, column names as keyword context`, async () => {
      const es = await events('t.parquet', parquetOf(columns, codec, 2));
      expect(ends(es)).toEqual([['', 'parquet', 'COMPLETE', null]]);
      expect(segs(es)).toEqual([
        { text: '1', location: { kind: 'record', recordIndex: 0, jsonPath: '$.id' }, context: ['id'] },
        { text: '536-22-8726', location: { kind: 'record', recordIndex: 0, jsonPath: '$.ssn' }, context: ['ssn'] },
        { text: '1.5', location: { kind: 'record', recordIndex: 0, jsonPath: '$.score' }, context: ['score'] },
        { text: '4556737586899855', location: { kind: 'record', recordIndex: 0, jsonPath: '$.profile.card.number' }, context: ['profile', 'card', 'number'] },
        { text: '2', location: { kind: 'record', recordIndex: 1, jsonPath: '$.id' }, context: ['id'] },
        { text: '2', location: { kind: 'record', recordIndex: 1, jsonPath: '$.score' }, context: ['score'] },
        { text: '3', location: { kind: 'record', recordIndex: 2, jsonPath: '$.id' }, context: ['id'] },
        { text: 'none', location: { kind: 'record', recordIndex: 2, jsonPath: '$.ssn' }, context: ['ssn'] },
        { text: '3.25', location: { kind: 'record', recordIndex: 2, jsonPath: '$.score' }, context: ['score'] },
        { text: 'a', location: { kind: 'record', recordIndex: 2, jsonPath: '$.profile.tags[0]' }, context: ['profile', 'tags'] },
        { text: 'b', location: { kind: 'record', recordIndex: 2, jsonPath: '$.profile.tags[1]' }, context: ['profile', 'tags'] },
      ]);
    });
  }

  it('reports a truncated file as UNABLE_TO_PARSE_FILE', async () => {
    const data = parquetOf(columns);
    expect(ends(await events('t.parquet', data.subarray(0, data.length - 9)))).toEqual([['', 'parquet', 'SKIPPED', 'UNABLE_TO_PARSE_FILE']]);
  });
});

describe('avro reader', () => {
  const schema = {
    type: 'record', name: 'Customer',
    fields: [
      { name: 'name', type: 'string' },
      { name: 'ssn', type: ['null', 'string'] },
      { name: 'cards', type: { type: 'array', items: { type: 'record', name: 'Card', fields: [{ name: 'number', type: 'string' }, { name: 'cvv', type: 'int' }] } } },
    ],
  };
  const rows = Array.from({ length: 40 }, (_, i) => ({ name: `customer-${i}-with-a-longer-name`, ssn: i === 3 ? '536-22-8726' : null, cards: i === 4 ? [{ number: '4556737586899855', cvv: 123 }] : [] }));
  for (const codec of ['null', 'deflate', 'snappy'] as const) {
    it(`reads every datum (${codec}) across blocks with record paths`, async () => {
      const es = await events('c.avro', await avroOf(schema, rows, codec));
      expect(ends(es)).toEqual([['', 'avro', 'COMPLETE', null]]);
      const s = segs(es);
      expect(s.filter((x) => x.text === '536-22-8726')).toEqual([{ text: '536-22-8726', location: { kind: 'record', recordIndex: 3, jsonPath: '$.ssn' }, context: ['ssn'] }]);
      expect(s.filter((x) => x.text === '4556737586899855')).toEqual([{ text: '4556737586899855', location: { kind: 'record', recordIndex: 4, jsonPath: '$.cards[0].number' }, context: ['cards', 'number'] }]);
      expect(s.filter((x) => x.location.kind === 'record' && x.location.jsonPath === '$.name').length).toBe(40);
    });
  }

  it('reports a corrupt file with a reason and keeps what was read', async () => {
    const data = await avroOf(schema, rows, 'deflate');
    expect(ends(await events('c.avro', data.subarray(0, data.length - 20)))).toEqual([['', 'avro', 'PARTIAL', 'UNABLE_TO_PARSE_FILE']]);
    expect(ends(await events('c.avro', data.subarray(0, 10)))).toEqual([['', 'avro', 'SKIPPED', 'UNABLE_TO_PARSE_FILE']]);
  });
});

describe('eml reader', () => {
  const csv = 'name,ssn\nAna,536-22-8726\n';
  const mail = emlOf({
    headers: { From: '=?utf-8?Q?Jos=C3=A9?= <jose@example.com>', To: 'ops@example.com', Subject: '=?utf-8?B?SW52b2ljZSDigJQgY2FyZA==?=' },
    charset: 'iso-8859-1',
    text: 'Olá,\ncard number 4556 7375 8689 9855 as agreed.\n',
    attachments: [
      { filename: 'customers.csv', contentType: 'text/csv', body: csv },
      { filename: 'sheet.xlsx', contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', body: xlsxOf({ S: [['passport'], ['X1234567']] }) },
      { filename: 'logo.png', contentType: 'image/png', body: new Uint8Array([0x89, 0x50, 0x4e, 0x47]) },
    ],
  });

  it('decodes headers and the text part in its charset, and reads each attachment as its own format', async () => {
    const es = await events('mail.eml', mail);
    expect(ends(es)).toEqual([
      ['customers.csv', 'csv', 'COMPLETE', null],
      ['sheet.xlsx', 'xlsx', 'COMPLETE', null],
      ['', 'eml', 'COMPLETE', null],
    ]);
    const text = segs(es).map((s) => s.text).join('');
    expect(text).toContain('From: José <jose@example.com>');
    expect(text).toContain('Subject: Invoice — card');
    expect(text).toContain('Olá,\ncard number 4556 7375 8689 9855 as agreed.');
    expect(text).not.toContain('base64');
    expect(lineOf(es, '4556 7375')).toEqual({ line: text.split('\n').indexOf('card number 4556 7375 8689 9855 as agreed.') + 1, column: 13 });
    expect(segs(es, 'customers.csv')).toContainEqual({ text: '536-22-8726', location: { kind: 'cell', row: 2, column: 2, columnName: 'ssn' }, context: ['ssn'] });
    expect(segs(es, 'sheet.xlsx')).toContainEqual({ text: 'X1234567', location: { kind: 'cell', row: 2, column: 1, columnName: 'passport', cellReference: 'S!A2' }, context: ['passport'] });
  });

  it('recognises a message without an extension; an HTML-only body is read without its markup', async () => {
    const html = emlOf({ headers: { From: 'a@example.com', To: 'b@example.com', 'Message-ID': '<1@x>' }, text: '', html: '<p class="x">SSN <b>536-22-8726</b></p>' });
    const es = await events('message', html);
    expect(ends(es)).toEqual([['', 'eml', 'COMPLETE', null]]);
    const text = segs(es).map((s) => s.text).join('');
    expect(text).toMatch(/SSN {4}536-22-8726/);
    expect(text).not.toMatch(/class|<b>|<p/);
  });
});

describe('html and xml reader', () => {
  it('keeps text, attribute values and comments at their exact lines and columns, and blanks the markup', () => {
    expect(contentView('<a href="x">t</a>', false)).toBe('         x  t    ');
    expect(contentView('<r>\n  <ssn v="536-22-8726"/><!-- key AKIA --></r>', true)).toBe(' r \n   ssn v  536-22-8726        key AKIA      r ');
  });

  it('reads .html and .xml files as lines of the original file', async () => {
    const html = '<!doctype html>\n<html><body>\n<p title="card 4556 7375 8689 9855">SSN: <em>536-22-8726</em></p>\n</body></html>\n';
    const es = await events('page.html', html);
    expect(ends(es)).toEqual([['', 'html', 'COMPLETE', null]]);
    expect(lineOf(es, '536-22-8726')).toEqual({ line: 3, column: html.split('\n')[2].indexOf('536') + 1 });
    expect(lineOf(es, '4556')).toEqual({ line: 3, column: html.split('\n')[2].indexOf('4556') + 1 });
    expect(segs(es).map((s) => s.text).join('')).not.toMatch(/title|body|em>/);
    const xml = '<?xml version="1.0"?>\n<customers>\n  <customer ssn="536-22-8726"><![CDATA[card 4556737586899855]]></customer>\n</customers>\n';
    const xs = await events('c.xml', xml);
    expect(ends(xs)).toEqual([['', 'xml', 'COMPLETE', null]]);
    expect(lineOf(xs, '536-22-8726')).toEqual({ line: 3, column: 18 });
    expect(lineOf(xs, '4556737586899855')).toEqual({ line: 3, column: xml.split('\n')[2].indexOf('4556') + 1 });
    expect(ends(await events('doc', xml))).toEqual([['', 'xml', 'COMPLETE', null]]);
  });
});

describe("Macie's other non-binary text (F.2: YAML and the rest)", () => {
  it('reads YAML, Markdown, logs, configuration and SQL as plain text lines (text/plain, lineRanges), not structurally', async () => {
    const yaml = '# HR export\nemployee:\n  name: Ana\n  ssn: 536-22-8726\n';
    for (const name of ['config.yaml', 'config.yml', 'notes.md', 'app.log', 'db.ini', 'app.properties', 'seed.sql', 'nginx.conf', 'README']) {
      const es = await events(name, yaml);
      expect(ends(es), name).toEqual([['', 'text', 'COMPLETE', null]]);
      expect(es.find((e) => e.type === 'file-start')?.file.mimeType, name).toBe('text/plain');
      // The value keeps its own line and column; the key beside it is ordinary text (a keyword by proximity).
      expect(lineOf(es, '536-22-8726'), name).toEqual({ line: 4, column: 8 });
    }
  });
});
