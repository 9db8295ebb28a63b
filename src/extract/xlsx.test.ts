import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { extractObject, type ExtractEvent } from './extract.js';
import { xlsOf, xlsxOf } from './format-fixtures.js';
import { limits, streamOf } from './test-support.js';
import { readXlsx } from './xlsx.js';

async function events(name: string, data: Uint8Array, overrides = {}): Promise<ExtractEvent[]> {
  const out: ExtractEvent[] = [];
  for await (const e of extractObject({ name, stream: streamOf(data, 1009) }, limits(overrides))) out.push(e);
  return out;
}
const segments = (es: ExtractEvent[]) => es.flatMap((e) => (e.type === 'segment' ? [{ text: e.segment.text, location: e.segment.location, context: e.segment.keywordContext }] : []));
const endOf = (es: ExtractEvent[]) => es.filter((e) => e.type === 'file-end').map((e) => (e.type === 'file-end' ? [e.file.format, e.status.code, e.status.reason ?? null] : []))[0];

const book = {
  Customers: [
    ['name', 'ssn', 'card'],
    ['Ana', '536-22-8726', 4556737586899855],
    ['Bo', null, 'n/a'],
  ],
  'Q2 notes': [[null, 'free text'], [true, 12.5]],
};

describe('xlsx reader', () => {
  it('reads every sheet: shared strings, numbers as numbers, booleans, with Sheet!C5 references and header column names', async () => {
    for (const options of [{}, { sharedStringsFirst: true }, { inline: true }]) {
      const es = await events('book.xlsx', xlsxOf(book, options));
      expect(endOf(es)).toEqual(['xlsx', 'COMPLETE', null]);
      expect(segments(es)).toEqual([
        { text: 'name', location: { kind: 'cell', row: 1, column: 1, cellReference: 'Customers!A1' }, context: undefined },
        { text: 'ssn', location: { kind: 'cell', row: 1, column: 2, cellReference: 'Customers!B1' }, context: undefined },
        { text: 'card', location: { kind: 'cell', row: 1, column: 3, cellReference: 'Customers!C1' }, context: undefined },
        { text: 'Ana', location: { kind: 'cell', row: 2, column: 1, cellReference: 'Customers!A2', columnName: 'name' }, context: ['name'] },
        { text: '536-22-8726', location: { kind: 'cell', row: 2, column: 2, cellReference: 'Customers!B2', columnName: 'ssn' }, context: ['ssn'] },
        { text: '4556737586899855', location: { kind: 'cell', row: 2, column: 3, cellReference: 'Customers!C2', columnName: 'card' }, context: ['card'] },
        { text: 'Bo', location: { kind: 'cell', row: 3, column: 1, cellReference: 'Customers!A3', columnName: 'name' }, context: ['name'] },
        { text: 'n/a', location: { kind: 'cell', row: 3, column: 3, cellReference: 'Customers!C3', columnName: 'card' }, context: ['card'] },
        { text: 'free text', location: { kind: 'cell', row: 1, column: 2, cellReference: 'Q2 notes!B1' }, context: undefined },
        { text: 'TRUE', location: { kind: 'cell', row: 2, column: 1, cellReference: 'Q2 notes!A2' }, context: undefined },
        { text: '12.5', location: { kind: 'cell', row: 2, column: 2, cellReference: 'Q2 notes!B2', columnName: 'free text' }, context: ['free text'] },
      ]);
    }
  });

  it('reads the same cells from a legacy .xls (BIFF8: SST, RK and NUMBER records)', async () => {
    const es = await events('book.xls', xlsOf(book));
    expect(endOf(es)).toEqual(['xls', 'COMPLETE', null]);
    const xlsx = segments(await events('book.xlsx', xlsxOf(book)));
    expect(segments(es)).toEqual(xlsx);
  });

  it('gives the same segments on every read (reveal re-reads the same locations)', async () => {
    const data = xlsxOf(book);
    expect(segments(await events('a.xlsx', data))).toEqual(segments(await events('a.xlsx', data)));
  });

  it('reports broken and hostile workbooks with Macie reasons', async () => {
    expect(endOf(await events('x.xlsx', zipSync({ 'xl/other.xml': strToU8('<a/>') })))).toEqual(['xlsx', 'SKIPPED', 'MALFORMED_OR_FILE_SIZE_EXCEEDS_LIMIT']);
    // A sheet that inflates 1000:1 (a bomb) is stopped by the OOXML ratio limit.
    const bomb = xlsxOf({ S: [['x']] });
    const big = zipSync({ 'xl/workbook.xml': strToU8('<workbook><sheets><sheet name="S" r:id="rId1"/></sheets></workbook>'), 'xl/_rels/workbook.xml.rels': strToU8('<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>'), 'xl/worksheets/sheet1.xml': new Uint8Array(8 << 20).fill(32) });
    expect(endOf(await events('bomb.xlsx', big))).toEqual(['xlsx', 'SKIPPED', 'OOXML_UNCOMPRESSED_RATIO_EXCEEDS_LIMIT']);
    expect(endOf(await events('b.xlsx', bomb, { maxOoxmlExpandedBytes: 100 }))).toEqual(['xlsx', 'SKIPPED', 'OOXML_UNCOMPRESSED_SIZE_EXCEEDS_LIMIT']);
    expect(endOf(await events('t.xlsx', bomb.subarray(0, bomb.length - 60)))).toEqual(['xlsx', 'COMPLETE', null]); // only the central directory is cut
    expect(endOf(await events('t.xlsx', bomb.subarray(0, 200)))).toEqual(['xlsx', 'SKIPPED', 'MALFORMED_OR_FILE_SIZE_EXCEEDS_LIMIT']);
    expect(endOf(await events('e.xls', new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 1, 2, 3])))).toEqual(['xls', 'SKIPPED', 'UNABLE_TO_PARSE_FILE']);
  });

  it('turns numbers Excel stored in exponent form back into the digits it shows', async () => {
    const data = zipSync({
      'xl/workbook.xml': strToU8('<workbook xmlns:r="r"><sheets><sheet name="S" r:id="rId1"/></sheets></workbook>'),
      'xl/_rels/workbook.xml.rels': strToU8('<Relationships><Relationship Id="rId1" Target="/xl/worksheets/sheet1.xml"/></Relationships>'),
      'xl/worksheets/sheet1.xml': strToU8('<worksheet><sheetData><row><c><v>4.556737586899855E+15</v></c><c t="str"><v>a&amp;b</v></c></row></sheetData></worksheet>'),
    });
    const texts: string[] = [];
    for await (const s of readXlsx(streamOf(data), limits())) texts.push(`${s.text}@${s.location.kind === 'cell' ? s.location.cellReference : ''}`);
    expect(texts).toEqual(['4556737586899855@S!A1', 'a&b@S!B1']);
  });
});
