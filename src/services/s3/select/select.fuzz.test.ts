// Fuzzing S3 Select's parts with hostile input: any expression either parses or is a 400 S3 Select error (never
// another exception, never a hang); generated well-formed statements parse and run over random records with only
// S3 Select's own errors; the CSV and JSON readers, fed random bytes cut into random chunks, yield records or a
// 400 parsing error, and the JSON reader splits valid documents exactly as JSON.parse reads them.
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ServiceError } from '../../../common/errors.js';
import { csvSettings, readCsv } from './csv-input.js';
import { readJson } from './json-input.js';
import { parseSelect } from './parser.js';
import { planSelect, runSelect } from './run.js';

function expectSelectError(err: unknown): void {
  expect(err, String(err)).toBeInstanceOf(ServiceError);
  const e = err as ServiceError;
  expect([400, 501], `${e.code}: ${e.message}`).toContain(e.httpStatus);
}

const chunked = (bytes: Buffer, cuts: number[]) => {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const parts: Buffer[] = [];
  let at = 0;
  for (const p of points) {
    parts.push(bytes.subarray(at, p));
    at = p;
  }
  parts.push(bytes.subarray(at));
  return Readable.from(parts.filter((p) => p.length));
};

async function drain<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

const column = fc.constantFrom('s.name', 's."Name"', '_1', 's._2', 'age', 's.nested.v', 's.tags[0]', 's');
const literal = fc.oneof(fc.integer({ min: -50, max: 50 }).map(String), fc.string({ maxLength: 6 }).map((s) => `'${s.replace(/'/g, "''")}'`), fc.constantFrom('NULL', 'MISSING', 'TRUE', '1.5'));
const operand = fc.oneof(column, literal);
const expr: fc.Arbitrary<string> = fc.letrec((tie) => ({
  e: fc.oneof(
    { depthSize: 'small' },
    operand,
    fc.tuple(tie('e'), fc.constantFrom('=', '<>', '<', '>=', '+', '-', '*', '/', '%', '||', 'AND', 'OR'), tie('e')).map(([a, op, b]) => `(${a} ${op} ${b})`),
    fc.tuple(tie('e'), literal).map(([a, p]) => `(${a} LIKE ${p})`),
    fc.tuple(tie('e'), operand, operand).map(([a, l, h]) => `(${a} NOT BETWEEN ${l} AND ${h})`),
    fc.tuple(tie('e'), fc.array(literal, { minLength: 1, maxLength: 3 })).map(([a, l]) => `(${a} IN (${l.join(', ')}))`),
    tie('e').map((a) => `(${a} IS NOT NULL)`),
    fc.tuple(tie('e'), fc.constantFrom('INT', 'FLOAT', 'STRING', 'BOOL')).map(([a, t]) => `CAST(${a} AS ${t})`),
    fc.tuple(fc.constantFrom('LOWER', 'UPPER', 'TRIM', 'CHAR_LENGTH'), tie('e')).map(([f, a]) => `${f}(${a})`),
    fc.tuple(tie('e'), tie('e')).map(([a, b]) => `COALESCE(${a}, ${b})`),
    fc.tuple(tie('e'), operand).map(([a, b]) => `SUBSTRING(${a} FROM ${b} FOR 2)`),
    tie('e').map((a) => `(NOT ${a})`),
  ),
})).e;
const statement = fc
  .tuple(fc.oneof(fc.constant('*'), fc.array(expr, { minLength: 1, maxLength: 3 }).map((l) => l.join(', '))), fc.option(expr), fc.option(fc.nat(5)))
  .map(([items, where, limit]) => `SELECT ${items} FROM S3Object s${where ? ` WHERE ${where}` : ''}${limit !== null ? ` LIMIT ${limit}` : ''}`);

describe('the SQL parser', () => {
  it('answers any string with a statement or a 400 S3 Select error', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 200 }), fc.tuple(statement, fc.nat(), fc.string({ maxLength: 4 })).map(([q, at, junk]) => q.slice(0, at % (q.length + 1)) + junk + q.slice(at % (q.length + 1)))), (q) => {
        try {
          parseSelect(q);
        } catch (err) {
          expectSelectError(err);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('refuses deep nesting instead of exhausting the stack', () => {
    for (const q of [`SELECT ${'('.repeat(100_000)}1 FROM S3Object`, `SELECT ${'NOT '.repeat(20_000)}1 FROM S3Object`, `SELECT ${'-'.repeat(20_000)}1 FROM S3Object`, `SELECT ${Array(60_000).fill('1').join('+')} FROM S3Object`]) {
      try {
        parseSelect(q);
      } catch (err) {
        expectSelectError(err);
      }
    }
  });

  it('parses every generated statement, which then runs over CSV and JSON records with only S3 Select errors', async () => {
    const csvLines = fc.array(fc.array(fc.oneof(fc.string({ maxLength: 5 }), fc.integer().map(String)), { maxLength: 4 }).map((f) => f.map((x) => `"${x.replace(/"/g, '""')}"`).join(',')), { maxLength: 5 });
    const jsonDocs = fc.array(fc.jsonValue({ maxDepth: 3 }), { maxLength: 5 });
    await fc.assert(
      fc.asyncProperty(statement, csvLines, jsonDocs, async (q, lines, docs) => {
        parseSelect(q);
        const runs = [
          { input: { CSV: { FileHeaderInfo: 'USE' as const, AllowQuotedRecordDelimiter: true } }, body: `Name,age\n${lines.join('\n')}` },
          { input: { JSON: { Type: 'LINES' as const } }, body: docs.map((d) => JSON.stringify(d)).join('\n') },
        ];
        for (const run of runs) {
          try {
            const plan = planSelect({ Expression: q, ExpressionType: 'SQL', InputSerialization: run.input, OutputSerialization: { JSON: {} } });
            await drain(runSelect(plan, Buffer.byteLength(run.body), async () => Readable.from([Buffer.from(run.body)])));
          } catch (err) {
            expectSelectError(err);
          }
        }
      }),
      { numRuns: 250 },
    );
  });
});

describe('the input readers', () => {
  it('read random bytes in random chunks as records or a 400 parsing error', async () => {
    const settings = csvSettings({ FileHeaderInfo: 'USE', QuoteEscapeCharacter: '\\', Comments: '#' });
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), fc.array(fc.nat(), { maxLength: 6 }), async (bytes, cuts) => {
        const data = Buffer.from(bytes);
        for (const read of [() => readCsv(chunked(data, cuts), settings, () => undefined), () => readJson(chunked(data, cuts))]) {
          try {
            await drain(read());
          } catch (err) {
            expectSelectError(err);
          }
        }
      }),
      { numRuns: 800 },
    );
  });

  it('splits concatenated JSON documents cut anywhere exactly as JSON.parse reads each', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.jsonValue({ maxDepth: 4 }), { minLength: 1, maxLength: 6 }), fc.array(fc.nat(), { maxLength: 8 }), fc.constantFrom('\n', ' ', '\r\n\t'), async (docs, cuts, sep) => {
        const text = docs.map((d) => JSON.stringify(d, null, docs.length % 2 ? 2 : 0)).join(sep);
        const records = await drain(readJson(chunked(Buffer.from(text), cuts)));
        expect(records.map((r) => r.value)).toEqual(docs.map((d) => JSON.parse(JSON.stringify(d))));
      }),
      { numRuns: 500 },
    );
  });

  it('refuses a record over 1 MB without holding more than it', async () => {
    const huge = Readable.from((function* () {
      yield Buffer.from('{"a":"');
      for (let i = 0; i < 40; i++) yield Buffer.alloc(64 * 1024, 0x61);
    })());
    await expect(drain(readJson(huge))).rejects.toMatchObject({ code: 'OverMaxRecordSize' });
    const longCsv = Readable.from((function* () {
      for (let i = 0; i < 40; i++) yield Buffer.alloc(64 * 1024, 0x61);
    })());
    await expect(drain(readCsv(longCsv, csvSettings({}), () => undefined))).rejects.toMatchObject({ code: 'OverMaxRecordSize' });
  });
});
