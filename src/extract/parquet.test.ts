// Parquet, type by type and codec by codec, over the committed fixtures of test/fixtures/parquet (written by
// scripts/fixtures/parquet-fixtures.mjs), and Avro's codecs, nested records, arrays, maps and unions.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeBson } from './bson.js';
import { extractObject, type ExtractEvent } from './extract.js';
import { avroOf } from './format-fixtures.js';
import { decimalText } from './parquet-fields.js';
import { limits, streamOf } from './test-support.js';

const fixture = (name: string): Uint8Array => new Uint8Array(readFileSync(new URL(`../../test/fixtures/parquet/${name}`, import.meta.url)));

async function read(name: string, data: Uint8Array): Promise<{ ends: unknown[]; values: [string, number, string, string[] | undefined][] }> {
  const events: ExtractEvent[] = [];
  for await (const e of extractObject({ name, stream: streamOf(data, 4099) }, limits())) events.push(e);
  return {
    ends: events.flatMap((e) => (e.type === 'file-end' ? [[e.file.format, e.status.code, e.status.reason ?? null]] : [])),
    values: events.flatMap((e) => (e.type === 'segment' && e.segment.location.kind === 'record' ? [[e.segment.text, e.segment.location.recordIndex, e.segment.location.jsonPath, e.segment.keywordContext] as [string, number, string, string[] | undefined]] : [])),
  };
}

describe('parquet: every physical and logical type', () => {
  it('writes each column of the first row as Macie would read it; nulls give nothing', async () => {
    const { ends, values } = await read('types.parquet', fixture('types.parquet'));
    expect(ends).toEqual([['parquet', 'COMPLETE', null]]);
    // Row 1 holds only nulls.
    expect(values.every(([, row]) => row === 0)).toBe(true);
    expect(values.map(([text, , path]) => [path, text])).toEqual([
      ['$.flag', 'true'], // BOOLEAN
      ['$.i32', '-7'], // INT32
      ['$.i8', '-8'], // INT32 INT(8, signed)
      ['$.u32', '4294967295'], // INT32 INT(32, unsigned)
      ['$.i64', '4556737586899855'], // INT64, beyond a double's exact integers would still be exact
      ['$.u64', '18446744073709551615'], // INT64 INT(64, unsigned)
      ['$.dec32', '-12345.67'], // INT32 DECIMAL(9,2)
      ['$.dec64', '536228726'], // INT64 DECIMAL(18,0)
      ['$.day', '2024-03-01'], // INT32 DATE
      ['$.time_ms', '45296789'], // INT32 TIME(MILLIS)
      ['$.time_us', '45296789012'], // INT64 TIME(MICROS)
      ['$.ts_ms', '2024-03-01T12:34:56.789Z'], // INT64 TIMESTAMP(MILLIS)
      ['$.ts_us', '2024-03-01T12:34:56.789Z'], // INT64 TIMESTAMP(MICROS)
      ['$.ts_ns', '2024-03-01T12:34:56.789Z'], // INT64 TIMESTAMP(NANOS)
      ['$.f32', '1.5'], // FLOAT
      ['$.f64', '-0.25'], // DOUBLE
      ['$.name', 'ssn 536-22-8726'], // BYTE_ARRAY STRING
      ['$.raw', 'plain bytes 078-05-1120'], // BYTE_ARRAY without annotation, UTF-8 bytes
      // '$.binary': BYTE_ARRAY of bytes that are not UTF-8 gives nothing
      ['$.level', 'GOLD'], // BYTE_ARRAY ENUM
      ['$.doc.card.number', '4556737586899855'], // BYTE_ARRAY JSON, walked like a JSON file
      ['$.doc.tags[0]', 'a'],
      ['$.doc.tags[1]', 'b'],
      ['$.bdoc.owner.ssn', '536-22-8726'], // BYTE_ARRAY BSON, decoded and walked
      ['$.bdoc.n', '7'],
      ['$.decb', '1234567890123456789012.34'], // BYTE_ARRAY DECIMAL(38,2), exact
      ['$.id', '0f8fad5b-d9cb-469f-a165-70867728950e'], // FIXED_LEN_BYTE_ARRAY(16) UUID
      ['$.decf', '-4556737586.8998'], // FIXED_LEN_BYTE_ARRAY(8) DECIMAL(16,4)
      ['$.half', '1.5'], // FIXED_LEN_BYTE_ARRAY(2) FLOAT16
    ]);
    // The field names on the path are the keyword context.
    expect(values.find(([, , path]) => path === '$.bdoc.owner.ssn')?.[3]).toEqual(['bdoc', 'owner', 'ssn']);
    expect(values.find(([, , path]) => path === '$.name')?.[3]).toEqual(['name']);
  });

  it('reads INT96 timestamps (Impala / Spark) as instants', async () => {
    const { ends, values } = await read('int96.parquet', fixture('int96.parquet'));
    expect(ends).toEqual([['parquet', 'COMPLETE', null]]);
    expect(values.map(([text, row, path]) => [row, path, text])).toEqual([
      [0, '$.id', '1'],
      [0, '$.legacy_ts', '2024-03-01T12:34:56.789Z'],
      [1, '$.id', '2'],
    ]);
  });

  it('walks structs, LISTs, MAPs, lists of structs and lists of lists with Macie-style JSON paths', async () => {
    const { ends, values } = await read('nested.parquet', fixture('nested.parquet'));
    expect(ends).toEqual([['parquet', 'COMPLETE', null]]);
    expect(values).toEqual([
      ['Ana', 0, '$.customer.name', ['customer', 'name']],
      ['none', 0, '$.customer.cards[0]', ['customer', 'cards']],
      ['4556737586899855', 0, '$.customer.cards[1]', ['customer', 'cards']],
      // A map's keys name its values, as a JSON object's members do.
      ['536-22-8726', 0, '$.attrs.ssn', ['attrs', 'ssn']],
      ['555-0100', 0, "$.attrs['home phone']", ['attrs', 'home phone']],
      ['A-1', 0, '$.orders[0].sku', ['orders', 'sku']],
      ['B-2', 0, '$.orders[1].sku', ['orders', 'sku']],
      ['078-05-1120', 0, '$.orders[1].ssn', ['orders', 'ssn']],
      ['1', 0, '$.matrix[0][0]', ['matrix']],
      ['2', 0, '$.matrix[0][1]', ['matrix']],
      ['3', 0, '$.matrix[1][0]', ['matrix']],
      ['123.45', 0, '$.amounts[0]', ['amounts']],
      ['-0.05', 0, '$.amounts[1]', ['amounts']],
    ]);
  });
});

describe('parquet: every compression codec', () => {
  for (const codec of ['uncompressed', 'snappy', 'gzip', 'zstd', 'brotli', 'lz4', 'lz4_raw']) {
    it(`reads ${codec} pages across row groups with the rows' own indexes`, async () => {
      const data = fixture(`codec-${codec}.parquet`);
      const { ends, values } = await read(`t.parquet`, data);
      expect(ends).toEqual([['parquet', 'COMPLETE', null]]);
      expect(values.filter(([, , path]) => path === '$.ssn').map(([text, row]) => [row, text])).toEqual([
        [0, 'none'], [1, 'none'], [2, '536-22-8726'], [3, 'none'], [5, '078-05-1120'],
      ]);
      expect(values.filter(([, , path]) => path === '$.id').map(([text]) => text)).toEqual(['1', '2', '3', '4', '5', '6']);
      // Cut short: a reason, never a crash.
      expect((await read('t.parquet', data.subarray(0, data.length - 12))).ends).toEqual([['parquet', 'SKIPPED', 'UNABLE_TO_PARSE_FILE']]);
    });
  }
});

describe('parquet value conversions', () => {
  it('writes DECIMALs exactly at any scale and sign', () => {
    expect(decimalText(-1234567n, 2)).toBe('-12345.67');
    expect(decimalText(5, 3)).toBe('0.005');
    expect(decimalText(-5, 3)).toBe('-0.005');
    expect(decimalText(Uint8Array.of(0xff), 0)).toBe('-1');
    expect(decimalText(Uint8Array.of(0x00, 0xff), 1)).toBe('25.5');
    expect(decimalText(12n, -2)).toBe('1200');
    expect(decimalText(new Uint8Array(0), 2)).toBeUndefined();
  });

  it('decodes BSON and refuses a malformed document', () => {
    const doc = Uint8Array.from(Buffer.from('1600000002610004000000737369000862000100', 'hex').subarray(0, 20));
    // {a: "ssi", b: true}: 4 length + (1+2+4+4) + (1+2+1) + 1 = 20
    new DataView(doc.buffer).setInt32(0, 20, true);
    doc[19] = 0;
    expect(decodeBson(doc, 8)).toEqual({ a: 'ssi', b: true });
    expect(() => decodeBson(doc.subarray(0, 12), 8)).toThrow();
  });
});

describe('avro: codecs, nested records, arrays, maps and unions', () => {
  const schema = {
    type: 'record', name: 'Person',
    fields: [
      { name: 'name', type: 'string' },
      { name: 'address', type: { type: 'record', name: 'Address', fields: [{ name: 'street', type: 'string' }, { name: 'zip', type: ['null', 'string'] }] } },
      { name: 'phones', type: { type: 'array', items: 'string' } },
      { name: 'ids', type: { type: 'map', values: 'string' } },
      { name: 'card', type: ['null', 'string', 'long'] },
      { name: 'score', type: 'double' },
      { name: 'active', type: 'boolean' },
      { name: 'blob', type: 'bytes' },
      { name: 'kind', type: { type: 'enum', name: 'Kind', symbols: ['GOLD', 'SILVER'] } },
    ],
  };
  const rows = [
    { name: 'Ana', address: { street: '12 Main St', zip: null }, phones: ['555-0100', '555-0101'], ids: { ssn: '536-22-8726' }, card: '4556737586899855', score: 1.5, active: true, blob: Buffer.from('text in bytes'), kind: 'GOLD' },
    { name: 'Bo', address: { street: '1 Elm', zip: '02139' }, phones: [], ids: {}, card: 42, score: 0, active: false, blob: Buffer.from([0xff, 0xfe]), kind: 'SILVER' },
  ];
  for (const codec of ['null', 'deflate', 'snappy'] as const) {
    it(`reads each datum (${codec}) with its record index and path`, async () => {
      const { ends, values } = await read('p.avro', await avroOf(schema, rows, codec));
      expect(ends).toEqual([['avro', 'COMPLETE', null]]);
      expect(values.map(([text, row, path]) => [row, path, text])).toEqual([
        [0, '$.name', 'Ana'],
        [0, '$.address.street', '12 Main St'],
        [0, '$.phones[0]', '555-0100'],
        [0, '$.phones[1]', '555-0101'],
        [0, '$.ids.ssn', '536-22-8726'],
        // Unions are unwrapped (avsc's 'auto'): the value sits at the field's own path, whichever branch it took.
        [0, '$.card', '4556737586899855'],
        [0, '$.score', '1.5'],
        [0, '$.active', 'true'],
        [0, '$.blob', 'text in bytes'],
        [0, '$.kind', 'GOLD'],
        [1, '$.name', 'Bo'],
        [1, '$.address.street', '1 Elm'],
        [1, '$.address.zip', '02139'],
        [1, '$.card', '42'],
        [1, '$.score', '0'],
        [1, '$.active', 'false'],
        [1, '$.kind', 'SILVER'],
      ]);
      expect(values.find(([, , path]) => path === '$.ids.ssn')?.[3]).toEqual(['ids', 'ssn']);
    });
  }
});
