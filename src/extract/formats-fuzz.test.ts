/**
 * Mutation fuzzing of every document reader: each generated fixture is truncated, has bytes flipped and has 32-bit
 * fields overwritten with huge sizes; every mutant must end in a file status (never a throw or a hang), with the
 * reading bounded by small limits so an unbounded allocation would show as a failure, not an out-of-memory.
 * Seeded, so a failure reproduces; quick enough for CI (a few seconds).
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BsonError, decodeBson } from './bson.js';
import { extractObject } from './extract.js';
import { avroOf, docOf, docxOf, emlOf, parquetOf, pdfOf, xlsOf, xlsxOf } from './format-fixtures.js';
import { limits, streamOf } from './test-support.js';

const small = limits({ maxDocumentBytes: 4 << 20, maxOoxmlExpandedBytes: 4 << 20, maxExpandedBytes: 16 << 20, maxPdfPages: 50 });

async function fixtures(): Promise<Record<string, Uint8Array>> {
  const sheet = { Data: [['name', 'ssn'], ['Ana', '536-22-8726'], ['Bo', 42]] };
  return {
    'a.xlsx': xlsxOf(sheet),
    'a.xls': xlsOf(sheet),
    'a.doc': docOf(['hello', 'SSN 536-22-8726']),
    'a.docx': docxOf({ body: ['hello', 'SSN 536-22-8726'], header: ['h'], comments: ['c'] }),
    'a.pdf': await pdfOf(['page one 536-22-8726', 'page two']),
    'a.parquet': parquetOf([{ name: 'ssn', type: 'STRING', data: ['536-22-8726', 'x', 'y'] }, { name: 'n', type: 'INT32', data: [1, 2, 3] }], 'SNAPPY'),
    'b.parquet': parquetOf([{ name: 'j', type: 'JSON', data: [{ a: [1, { b: 'c' }] }, null, { d: 'e' }] }], 'GZIP'),
    // The committed type-by-type fixtures (scripts/fixtures/parquet-fixtures.mjs): every physical type and annotation,
    // nesting, and the codecs whose decoders do the most work.
    ...Object.fromEntries(['types', 'nested', 'int96', 'codec-zstd', 'codec-brotli', 'codec-lz4', 'codec-gzip'].map((f) => [`${f}.parquet`, new Uint8Array(readFileSync(new URL(`../../test/fixtures/parquet/${f}.parquet`, import.meta.url)))])),
    'a.avro': await avroOf({ type: 'record', name: 'R', fields: [{ name: 's', type: 'string' }, { name: 'a', type: { type: 'array', items: 'long' } }] }, Array.from({ length: 30 }, (_, i) => ({ s: `v${i}`, a: [i, i + 1] })), 'deflate'),
    'a.eml': emlOf({ headers: { From: 'a@example.com', To: 'b@example.com', Subject: 's' }, text: 'body 536-22-8726', attachments: [{ filename: 'x.csv', contentType: 'text/csv', body: 'a,b\n1,2\n' }, { filename: 'y.zip', contentType: 'application/zip', body: xlsxOf(sheet) }] }),
    'a.html': new TextEncoder().encode('<!doctype html><html><body><p title="t">x <b>y</b></p><!-- c --><script>var k="z"</script></body></html>'),
    'a.xml': new TextEncoder().encode('<?xml version="1.0"?><r a="1"><c><![CDATA[d]]></c></r>'),
  };
}

type Mutation = { kind: 'truncate'; at: number } | { kind: 'flip'; at: number; value: number } | { kind: 'huge'; at: number };

function mutate(data: Uint8Array, m: Mutation): Uint8Array {
  const at = Math.floor(m.at * data.length);
  if (m.kind === 'truncate') return data.slice(0, at);
  const out = data.slice();
  if (m.kind === 'flip') out[at] = m.value;
  else for (let i = 0; i < 4 && at + i < out.length; i++) out[at + i] = i === 3 ? 0x7f : 0xff;
  return out;
}

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
  fc.record({ kind: fc.constant('flip' as const), at: fc.double({ min: 0, max: 0.9999, noNaN: true }), value: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('huge' as const), at: fc.double({ min: 0, max: 0.9999, noNaN: true }) }),
);

describe('document readers under mutation', async () => {
  const files = await fixtures();
  for (const [name, data] of Object.entries(files)) {
    it(`${name}: every mutant ends in a status, never a throw or a hang`, async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 3 }), async (mutations) => {
          const bytes = mutations.reduce(mutate, data);
          let ends = 0;
          for await (const e of extractObject({ name, stream: streamOf(bytes, 4096) }, small)) {
            if (e.type === 'file-end' && e.file.depth === 0) {
              ends++;
              expect(['COMPLETE', 'PARTIAL', 'SKIPPED']).toContain(e.status.code);
              if (e.status.code !== 'COMPLETE') expect(e.status.reason).toBeTruthy();
            }
          }
          expect(ends).toBe(1);
        }),
        { numRuns: 60, seed: 13 },
      );
    }, 60_000);
  }
});

describe('BSON decoder under mutation', () => {
  it('decodes or refuses with BsonError, never anything else', () => {
    const doc = bsonOf({ s: '536-22-8726', d: { n: 7, a: ['x'] }, b: true });
    expect(decodeBson(doc, 16)).toEqual({ s: '536-22-8726', d: { n: 7, a: ['x'] }, b: true });
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 3 }), (mutations) => {
        const bytes = mutations.reduce(mutate, new Uint8Array(doc));
        try {
          decodeBson(bytes, 16);
        } catch (err) {
          if (!(err instanceof BsonError) && !(err instanceof TypeError && /decode/i.test(err.message))) throw err;
        }
      }),
      { numRuns: 2000, seed: 13 },
    );
  });
});

/** A small BSON encoder (strings, int32, booleans, documents, arrays) for the fuzz seed. */
function bsonOf(value: Record<string, unknown> | unknown[]): Uint8Array {
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(value)) {
    const name = Buffer.concat([Buffer.from(k), Buffer.from([0])]);
    if (typeof v === 'string') {
      const str = Buffer.concat([Buffer.from(v), Buffer.from([0])]);
      const len = Buffer.alloc(4);
      len.writeInt32LE(str.length);
      parts.push(Buffer.from([0x02]), name, len, str);
    } else if (typeof v === 'number') {
      const n = Buffer.alloc(4);
      n.writeInt32LE(v);
      parts.push(Buffer.from([0x10]), name, n);
    } else if (typeof v === 'boolean') parts.push(Buffer.from([0x08]), name, Buffer.from([v ? 1 : 0]));
    else parts.push(Buffer.from([Array.isArray(v) ? 0x04 : 0x03]), name, Buffer.from(bsonOf(v as Record<string, unknown>)));
  }
  const body = Buffer.concat(parts);
  const head = Buffer.alloc(4);
  head.writeInt32LE(body.length + 5);
  return new Uint8Array(Buffer.concat([head, body, Buffer.from([0])]));
}
