// S3 SelectObjectContent with the real S3 client (iterating the Payload event stream) and the aws CLI: CSV with a
// header and positional, JSON LINES and DOCUMENT, gzip, aggregates, LIMIT, scan ranges, SSE-C, progress, errors.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateBucketCommand, PutObjectCommand, S3Client, SelectObjectContentCommand, type SelectObjectContentCommandInput } from '@aws-sdk/client-s3';
import { startServer, type TestServer } from '../harness.js';
import { aws, awsCliAvailable } from '../aws-cli.js';
import { outcome, userWithPolicy } from '../security/principals.js';

let server: TestServer;
let s3: S3Client;
const BUCKET = 'select-data';

const PEOPLE = 'Name,Age,City\nJane,34,Paris\n"Smith, John",51,"New\nYork"\nAli,27,Lyon\n';
const PEOPLE_FLAT = 'Name,Age,City\nJane,34,Paris\nJohn,51,Oslo\nAli,27,Lyon\nBea,,Rome\n';
const LINES = '{"id":1,"name":"a","tags":["x"],"nested":{"v":10}}\n{"id":2,"name":"b","nested":{"v":20}}\n{"id":3,"name":"c"}\n';
const DOCUMENT = JSON.stringify({ Rules: [{ id: 'r1', expr: 'x > 1' }, { id: 'r2' }, { id: 'r3', expr: 'y' }] }, null, 2);

beforeAll(async () => {
  server = await startServer();
  s3 = new S3Client(server.clientConfig());
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  const put = (Key: string, Body: string | Buffer) => s3.send(new PutObjectCommand({ Bucket: BUCKET, Key, Body }));
  await put('people.csv', PEOPLE);
  await put('flat.csv', PEOPLE_FLAT);
  await put('flat.csv.gz', gzipSync(PEOPLE_FLAT));
  await put('data.jsonl', LINES);
  await put('rules.json', DOCUMENT);
  await put('not-gzip.gz', 'plain text');
  await put('bad.json', '{"a":1}\n{"b": oops}\n');
});
afterAll(async () => server?.close());

interface Result {
  records: string;
  stats?: { BytesScanned?: number; BytesProcessed?: number; BytesReturned?: number };
  progress: number;
  ended: boolean;
}

async function select(input: Partial<SelectObjectContentCommandInput> & { Key: string; Expression: string }): Promise<Result> {
  const out = await s3.send(
    new SelectObjectContentCommand({
      Bucket: BUCKET,
      ExpressionType: 'SQL',
      InputSerialization: { CSV: { FileHeaderInfo: 'USE' } },
      OutputSerialization: { CSV: {} },
      ...input,
    }),
  );
  const r: Result = { records: '', progress: 0, ended: false };
  for await (const ev of out.Payload!) {
    if (ev.Records?.Payload) r.records += Buffer.from(ev.Records.Payload).toString('utf8');
    if (ev.Stats) r.stats = ev.Stats.Details;
    if (ev.Progress) r.progress++;
    if (ev.End) r.ended = true;
  }
  return r;
}

const failure = (p: Promise<unknown>) => p.then(() => undefined, (e: { name: string; $metadata?: { httpStatusCode?: number }; message: string }) => e);

describe('CSV', () => {
  it('selects columns by header name (quoted names keep case), filters with WHERE and reports Stats and End', async () => {
    const r = await select({ Key: 'people.csv', Expression: `SELECT s.Name, s."City" FROM S3Object s WHERE CAST(s.age AS INT) > 30`, InputSerialization: { CSV: { FileHeaderInfo: 'USE', AllowQuotedRecordDelimiter: true } } });
    expect(r.records).toBe('Jane,Paris\n"Smith, John","New\nYork"\n');
    expect(r.ended).toBe(true);
    expect(r.stats).toEqual({ BytesScanned: Buffer.byteLength(PEOPLE), BytesProcessed: Buffer.byteLength(PEOPLE), BytesReturned: Buffer.byteLength(r.records) });
  });

  it('refuses a quoted record delimiter unless AllowQuotedRecordDelimiter', async () => {
    const e = await failure(select({ Key: 'people.csv', Expression: 'SELECT * FROM S3Object' }));
    expect(e?.name).toBe('CSVEscapingRecordDelimiter');
    expect(e?.$metadata?.httpStatusCode).toBe(400);
  });

  it('selects by position without a header, as JSON output', async () => {
    const r = await select({ Key: 'flat.csv', Expression: 'SELECT _1, s._2 AS age FROM S3Object s WHERE s._3 LIKE \'%o%\'', InputSerialization: { CSV: { FileHeaderInfo: 'NONE' } }, OutputSerialization: { JSON: {} } });
    expect(r.records).toBe('{"_1":"John","age":"51"}\n{"_1":"Ali","age":"27"}\n{"_1":"Bea","age":""}\n');
  });

  it('evaluates expressions, functions, IN, BETWEEN, IS NULL and LIMIT', async () => {
    const r = await select({
      Key: 'flat.csv',
      Expression: "SELECT UPPER(s.name) || '!', CHAR_LENGTH(s.city), SUBSTRING(s.city FROM 2 FOR 2), CAST(s.age AS INT) * 2 FROM S3Object s WHERE s.city IN ('Paris', 'Oslo', 'Lyon') AND CAST(s.age AS INT) BETWEEN 20 AND 60 LIMIT 2",
    });
    expect(r.records).toBe('JANE!,5,ar,68\nJOHN!,4,sl,102\n');
    const n = await select({ Key: 'flat.csv', Expression: "SELECT s.name FROM S3Object s WHERE NULLIF(s.age, '') IS NULL" });
    expect(n.records).toBe('Bea\n');
  });

  it('aggregates without GROUP BY', async () => {
    const r = await select({ Key: 'flat.csv', Expression: "SELECT COUNT(*), SUM(CAST(NULLIF(s.age, '') AS INT)), AVG(CAST(NULLIF(s.age, '') AS INT)), MIN(s.name), MAX(s.name), COUNT(NULLIF(s.age, '')) FROM S3Object s" });
    expect(r.records).toBe('4,112,37.333333333333336,Ali,John,3\n');
  });

  it('reads GZIP input, counting scanned (compressed) and processed bytes apart', async () => {
    const r = await select({ Key: 'flat.csv.gz', Expression: 'SELECT COUNT(*) FROM S3Object', InputSerialization: { CSV: { FileHeaderInfo: 'USE' }, CompressionType: 'GZIP' }, RequestProgress: { Enabled: true } });
    expect(r.records).toBe('4\n');
    expect(r.stats?.BytesScanned).toBe(gzipSync(PEOPLE_FLAT).length);
    expect(r.stats?.BytesProcessed).toBe(Buffer.byteLength(PEOPLE_FLAT));
    expect(r.progress).toBeGreaterThan(0);
  });

  it('keeps only the records that start inside a ScanRange', async () => {
    const start = PEOPLE_FLAT.indexOf('John') - 1; // inside the Jane line's delimiter: John's line starts after it
    const r = await select({ Key: 'flat.csv', Expression: 'SELECT _1 FROM S3Object', InputSerialization: { CSV: { FileHeaderInfo: 'NONE' } }, ScanRange: { Start: start + 1, End: PEOPLE_FLAT.indexOf('Ali') } });
    expect(r.records).toBe('John\nAli\n');
    const named = await select({ Key: 'flat.csv', Expression: 'SELECT s.city FROM S3Object s', ScanRange: { Start: start + 1 } });
    expect(named.records).toBe('Oslo\nLyon\nRome\n');
    const tail = await select({ Key: 'flat.csv', Expression: 'SELECT s.name FROM S3Object s', ScanRange: { End: 'Bea,,Rome\n'.length } });
    expect(tail.records).toBe('Bea\n');
  });
});

describe('JSON', () => {
  it('reads LINES, with nested paths, MISSING left out of JSON output', async () => {
    const r = await select({ Key: 'data.jsonl', Expression: 'SELECT s.id, s.nested.v, s.tags[0] AS tag FROM S3Object s WHERE s.id >= 2 OR s.tags IS NOT MISSING', InputSerialization: { JSON: { Type: 'LINES' } }, OutputSerialization: { JSON: {} } });
    expect(r.records).toBe('{"id":1,"v":10,"tag":"x"}\n{"id":2,"v":20}\n{"id":3}\n');
  });

  it('unnests a DOCUMENT through the FROM path', async () => {
    const r = await select({ Key: 'rules.json', Expression: "SELECT r.id FROM S3Object[*].Rules[*] r WHERE r.expr IS NOT MISSING", InputSerialization: { JSON: { Type: 'DOCUMENT' } }, OutputSerialization: { CSV: {} } });
    expect(r.records).toBe('r1\nr3\n');
    const all = await select({ Key: 'rules.json', Expression: 'SELECT * FROM S3Object[*].Rules[*]', InputSerialization: { JSON: { Type: 'DOCUMENT' } }, OutputSerialization: { JSON: {} } });
    expect(all.records.trim().split('\n').map((l) => JSON.parse(l))).toEqual(JSON.parse(DOCUMENT).Rules);
  });

  it('answers JSONParsingError for a document it cannot parse', async () => {
    const e = await failure(select({ Key: 'bad.json', Expression: 'SELECT * FROM S3Object', InputSerialization: { JSON: { Type: 'LINES' } } }));
    expect(e?.name).toBe('JSONParsingError');
  });
});

describe('errors', () => {
  it('reports an error found after records went out as an error event the client raises', async () => {
    const good = Array.from({ length: 3000 }, (_, i) => JSON.stringify({ i, pad: 'x'.repeat(30) })).join('\n');
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'late-error.jsonl', Body: `${good}\n{"broken": \n` }));
    const out = await s3.send(new SelectObjectContentCommand({ Bucket: BUCKET, Key: 'late-error.jsonl', Expression: 'SELECT s.i, s.pad FROM S3Object s', ExpressionType: 'SQL', InputSerialization: { JSON: { Type: 'LINES' } }, OutputSerialization: { CSV: {} } }));
    let received = '';
    const err = await (async () => {
      for await (const ev of out.Payload!) if (ev.Records?.Payload) received += Buffer.from(ev.Records.Payload).toString();
    })().then(() => undefined, (e: Error) => e);
    expect(err?.name).toBe('JSONParsingError');
    expect(received.startsWith(`0,${'x'.repeat(30)}\n1,`)).toBe(true);
  });

  it('answers S3 Select error codes with HTTP 400, and NotImplemented for what Sift does not build', async () => {
    const cases: [Partial<SelectObjectContentCommandInput> & { Key: string; Expression: string }, string, number][] = [
      [{ Key: 'flat.csv', Expression: 'SELECT FROM S3Object' }, 'ParseUnexpectedToken', 400],
      [{ Key: 'flat.csv', Expression: 'SELECT _0 FROM S3Object' }, 'InvalidColumnIndex', 400],
      [{ Key: 'flat.csv', Expression: 'SELECT CAST(s.name AS INT) FROM S3Object s' }, 'CastFailed', 400],
      [{ Key: 'flat.csv', Expression: 'SELECT s.name, COUNT(*) FROM S3Object s' }, 'UnsupportedSqlStructure', 400],
      [{ Key: 'flat.csv', Expression: 'SELECT * FROM S3Object', InputSerialization: { CSV: {}, CompressionType: 'BZIP2' } }, 'NotImplemented', 501],
      [{ Key: 'not-gzip.gz', Expression: 'SELECT * FROM S3Object', InputSerialization: { CSV: {}, CompressionType: 'GZIP' } }, 'InvalidCompressionFormat', 400],
      [{ Key: 'flat.csv', Expression: 'SELECT * FROM S3Object', InputSerialization: { JSON: {} } }, 'InvalidJsonType', 400],
      [{ Key: 'flat.csv', Expression: `SELECT '${'x'.repeat(256 * 1024)}' FROM S3Object` }, 'ExpressionTooLong', 400],
      [{ Key: 'missing.csv', Expression: 'SELECT * FROM S3Object' }, 'NoSuchKey', 404],
    ];
    for (const [input, code, status] of cases) {
      const e = await failure(select(input));
      expect([e?.name, e?.$metadata?.httpStatusCode], `${code}: ${input.Expression.slice(0, 40)}`).toEqual([code, status]);
    }
  });
});

describe('authorization', () => {
  it('needs s3:GetObject on the object', async () => {
    const cmd = (Key: string) => new SelectObjectContentCommand({ Bucket: BUCKET, Key, Expression: 'SELECT COUNT(*) FROM S3Object', ExpressionType: 'SQL', InputSerialization: { CSV: {} }, OutputSerialization: { CSV: {} } });
    const reader = new S3Client(server.clientConfig(await userWithPolicy(server, 'select-reader', [{ Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::${BUCKET}/flat.csv` }])));
    expect(await outcome(reader.send(cmd('flat.csv')))).toBe('ok');
    expect(await outcome(reader.send(cmd('data.jsonl')))).toBe('AccessDenied');
    const lister = new S3Client(server.clientConfig(await userWithPolicy(server, 'select-lister', [{ Effect: 'Allow', Action: 's3:ListBucket', Resource: '*' }])));
    expect(await outcome(lister.send(cmd('flat.csv')))).toBe('AccessDenied');
  });
});

describe('SSE-C', () => {
  it('needs the customer key, as GetObject does', async () => {
    const key = randomBytes(32);
    const ssec = { SSECustomerAlgorithm: 'AES256', SSECustomerKey: key.toString('base64'), SSECustomerKeyMD5: createHash('md5').update(key).digest('base64') };
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'secret.csv', Body: PEOPLE_FLAT, ...ssec }));
    expect((await select({ Key: 'secret.csv', Expression: 'SELECT COUNT(*) FROM S3Object', ...ssec })).records).toBe('4\n');
    const e = await failure(select({ Key: 'secret.csv', Expression: 'SELECT COUNT(*) FROM S3Object' }));
    expect(e?.$metadata?.httpStatusCode).toBe(400);
  });
});

describe('aws CLI', () => {
  it.skipIf(!awsCliAvailable)('writes the records of s3api select-object-content to the output file', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'sift-select-')), 'out.txt');
    const r = await aws(server.cliEnv(), [
      's3api', 'select-object-content', '--bucket', BUCKET, '--key', 'flat.csv', '--expression', "SELECT s.Name FROM S3Object s WHERE s.City = 'Lyon'",
      '--expression-type', 'SQL', '--input-serialization', '{"CSV":{"FileHeaderInfo":"USE"}}', '--output-serialization', '{"CSV":{}}', out,
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe('Ali\n');
  });
});
