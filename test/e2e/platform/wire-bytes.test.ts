// The bytes on the wire, status line to body, of a few calls of each protocol (JSON 1.0 and 1.1, rest-json, rest-xml,
// query, RPC v2 CBOR; successes, service errors, a refused signature, an unserved service), compared with those the
// tree this test was recorded from sent (test/fixtures/wire-bytes.json). The server runs on a fixed clock with counting
// ids, so every id, date and signature is the same from run to run; only the Date header Node writes from the real
// clock is blanked. Changes to how responses are serialized or reach the socket must keep these bytes (gwreply).
//   Re-record (from another built tree, e.g. the base of a change): SIFT_WIRE_RECORD=1 SIFT_WIRE_TREE=/path/to/tree npx vitest run test/e2e/platform/wire-bytes.test.ts
import { connect, type Socket } from 'node:net';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeCbor } from '../../../src/protocol/index.js';

const FIXTURE = resolve(import.meta.dirname, '../../fixtures/wire-bytes.json');
const TREE = process.env.SIFT_WIRE_TREE;
const RECORD = process.env.SIFT_WIRE_RECORD === '1';
const START = Date.UTC(2026, 2, 14, 9, 26, 53);
const ACCOUNT = '123456789012';
const ROOT = { accessKeyId: 'AKIAWIREBYTESTEST001', secretAccessKey: 'wirebyteswirebyteswirebyteswirebytes0000' };

/** Ids that count up: the same sequence on every run. */
function countingIds() {
  let n = 0;
  const next = () => ++n;
  return {
    uuid: () => `00000000-0000-4000-8000-${next().toString(16).padStart(12, '0')}`,
    hex: (bytes: number) => next().toString(16).padStart(bytes * 2, '0').slice(-bytes * 2),
    chars: (length: number, alphabet: string) => {
      let x = next();
      let out = '';
      for (let i = 0; i < length; i++) {
        out += alphabet[(x + i * 7) % alphabet.length];
        x = Math.floor(x / 3) + i;
      }
      return out;
    },
  };
}

interface Call {
  name: string;
  service: string;
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  /** Sign with this secret instead of the root's (a refused signature). */
  secret?: string;
  unsigned?: boolean;
}

const json10 = (op: string) => ({ 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': `GraniteServiceVersion20100801.${op}` });
const json11 = (op: string) => ({ 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `Logs_20140328.${op}` });
const form = { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' };
const s3 = { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' };
const cbor = { 'content-type': 'application/cbor', accept: 'application/cbor', 'smithy-protocol': 'rpc-v2-cbor' };

const CALLS: Call[] = [
  // rest-json (Macie)
  { name: 'rest-json EnableMacie', service: 'macie2', method: 'POST', path: '/macie', headers: { 'content-type': 'application/json' }, body: '{}' },
  { name: 'rest-json GetMacieSession', service: 'macie2', method: 'GET', path: '/macie', headers: { 'content-type': 'application/json' } },
  { name: 'rest-json CreateAllowList', service: 'macie2', method: 'POST', path: '/allow-lists', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'wire', clientToken: 't1', criteria: { regex: 'x[0-9]+' } }) },
  { name: 'rest-json ListAllowLists', service: 'macie2', method: 'GET', path: '/allow-lists', headers: { 'content-type': 'application/json' } },
  { name: 'rest-json error (not found)', service: 'macie2', method: 'GET', path: '/jobs/0123456789abcdef0123456789abcdef', headers: { 'content-type': 'application/json' } },
  { name: 'rest-json error (validation)', service: 'macie2', method: 'POST', path: '/allow-lists', headers: { 'content-type': 'application/json' }, body: '{"name":""}' },
  { name: 'rest-json error (signature)', service: 'macie2', method: 'GET', path: '/macie', headers: { 'content-type': 'application/json' }, secret: 'wrongwrongwrongwrongwrongwrongwrongwrong' },
  // JSON 1.1 (CloudWatch Logs)
  { name: 'json1.1 CreateLogGroup', service: 'logs', method: 'POST', path: '/', headers: json11('CreateLogGroup'), body: '{"logGroupName":"/wire/bytes"}' },
  { name: 'json1.1 DescribeLogGroups', service: 'logs', method: 'POST', path: '/', headers: json11('DescribeLogGroups'), body: '{"logGroupNamePrefix":"/wire"}' },
  { name: 'json1.1 error (exists)', service: 'logs', method: 'POST', path: '/', headers: json11('CreateLogGroup'), body: '{"logGroupName":"/wire/bytes"}' },
  { name: 'json1.1 error (missing member)', service: 'logs', method: 'POST', path: '/', headers: json11('CreateLogStream'), body: '{"logGroupName":"/wire/bytes"}' },
  // JSON 1.0 (CloudWatch)
  { name: 'json1.0 PutMetricData', service: 'monitoring', method: 'POST', path: '/', headers: json10('PutMetricData'), body: JSON.stringify({ Namespace: 'Wire', MetricData: [{ MetricName: 'Bytes', Value: 3, Unit: 'Count' }] }) },
  { name: 'json1.0 ListMetrics', service: 'monitoring', method: 'POST', path: '/', headers: json10('ListMetrics'), body: '{"Namespace":"Wire"}' },
  { name: 'json1.0 error (not found)', service: 'monitoring', method: 'POST', path: '/', headers: json10('GetDashboard'), body: '{"DashboardName":"none"}' },
  // query (IAM, STS, CloudWatch)
  { name: 'query CreateUser', service: 'iam', method: 'POST', path: '/', headers: form, body: 'Action=CreateUser&Version=2010-05-08&UserName=wire' },
  { name: 'query GetUser', service: 'iam', method: 'POST', path: '/', headers: form, body: 'Action=GetUser&Version=2010-05-08&UserName=wire' },
  { name: 'query error (no such entity)', service: 'iam', method: 'POST', path: '/', headers: form, body: 'Action=GetUser&Version=2010-05-08&UserName=nobody' },
  { name: 'query GetCallerIdentity', service: 'sts', method: 'POST', path: '/', headers: form, body: 'Action=GetCallerIdentity&Version=2011-06-15' },
  { name: 'query CloudWatch ListMetrics', service: 'monitoring', method: 'POST', path: '/', headers: form, body: 'Action=ListMetrics&Version=2010-08-01&Namespace=Wire' },
  { name: 'query error (signature)', service: 'sts', method: 'POST', path: '/', headers: form, body: 'Action=GetCallerIdentity&Version=2011-06-15', secret: 'wrongwrongwrongwrongwrongwrongwrongwrong' },
  // rest-xml (S3)
  { name: 'rest-xml CreateBucket', service: 's3', method: 'PUT', path: '/wire-bytes-bucket', headers: s3 },
  { name: 'rest-xml PutObject', service: 's3', method: 'PUT', path: '/wire-bytes-bucket/a.txt', headers: { ...s3, 'content-type': 'text/plain' }, body: 'hello, wire' },
  { name: 'rest-xml GetObject', service: 's3', method: 'GET', path: '/wire-bytes-bucket/a.txt', headers: s3 },
  { name: 'rest-xml HeadObject', service: 's3', method: 'HEAD', path: '/wire-bytes-bucket/a.txt', headers: s3 },
  { name: 'rest-xml ListObjectsV2', service: 's3', method: 'GET', path: '/wire-bytes-bucket?list-type=2', headers: s3 },
  { name: 'rest-xml ListBuckets', service: 's3', method: 'GET', path: '/', headers: s3 },
  { name: 'rest-xml error (no such key)', service: 's3', method: 'GET', path: '/wire-bytes-bucket/missing', headers: s3 },
  { name: 'rest-xml error (no such bucket)', service: 's3', method: 'GET', path: '/no-such-wire-bucket?list-type=2', headers: s3 },
  { name: 'rest-xml DeleteObject', service: 's3', method: 'DELETE', path: '/wire-bytes-bucket/a.txt', headers: s3 },
  // RPC v2 CBOR (CloudWatch)
  { name: 'cbor ListMetrics', service: 'monitoring', method: 'POST', path: '/service/GraniteServiceVersion20100801/operation/ListMetrics', headers: cbor, body: encodeCbor({ Namespace: 'Wire' }) },
  // Nothing signed, no such service
  { name: 'unsigned call', service: 'macie2', method: 'GET', path: '/macie', headers: { 'content-type': 'application/json' }, unsigned: true },
  { name: 'unserved service', service: 'dynamodb', method: 'POST', path: '/', headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'DynamoDB_20120810.ListTables' }, body: '{}' },
];

// The Host every request names (signed, and quoted back in signature errors): not the listening port, which changes.
const HOST = 'wire.sift.test:4566';

async function rawRequest(port: number, call: Call, date: Date): Promise<Buffer> {
  const [hostname, hostPort] = HOST.split(':') as [string, string];
  const host = HOST;
  const pathOnly = call.path.split('?')[0]!;
  const query = Object.fromEntries(new URLSearchParams(call.path.split('?')[1] ?? ''));
  let headers: Record<string, string> = { host, ...(call.headers ?? {}) };
  if (!call.unsigned) {
    const signer = new SignatureV4({ service: call.service, region: 'us-east-1', credentials: { accessKeyId: ROOT.accessKeyId, secretAccessKey: call.secret ?? ROOT.secretAccessKey }, sha256: Sha256, uriEscapePath: call.service !== 's3' });
    const signed = await signer.sign({ method: call.method, protocol: 'http:', hostname, port: Number(hostPort), path: pathOnly, query, headers, body: call.body }, { signingDate: date });
    headers = signed.headers as Record<string, string>;
  }
  const body = call.body === undefined ? Buffer.alloc(0) : Buffer.from(call.body);
  if (body.length > 0 || call.method === 'POST' || call.method === 'PUT') headers['content-length'] = String(body.length);
  const head = `${call.method} ${call.path} HTTP/1.1\r\n${Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`;
  return exchange(port, Buffer.concat([Buffer.from(head), body]), call.method === 'HEAD');
}

let socket: Socket | undefined;

/** Sends one request on the kept-alive connection and returns the response's bytes, whole. */
function exchange(port: number, request: Buffer, head: boolean): Promise<Buffer> {
  return new Promise((resolveBytes, reject) => {
    const s = socket && !socket.destroyed ? socket : (socket = connect(port, '127.0.0.1'));
    let got = Buffer.alloc(0);
    const done = (bytes: Buffer) => {
      s.off('data', onData);
      s.off('error', reject);
      s.off('close', onClose);
      // A response that closes the connection: the next request opens a new one.
      if (/\r\nconnection: *close\r\n/i.test(bytes.subarray(0, bytes.indexOf('\r\n\r\n') + 2).toString('latin1'))) {
        s.destroy();
        socket = undefined;
      }
      resolveBytes(bytes);
    };
    const onClose = () => done(got);
    const onData = (chunk: Buffer) => {
      got = Buffer.concat([got, chunk]);
      const end = got.indexOf('\r\n\r\n');
      if (end < 0) return;
      const headText = got.subarray(0, end).toString('latin1');
      const length = /\r\ncontent-length: *(\d+)/i.exec(headText);
      if (head) return done(got);
      if (length) {
        if (got.length >= end + 4 + Number(length[1])) done(got);
      } else if (/\r\ntransfer-encoding: *chunked/i.test(headText)) {
        if (got.subarray(end + 4).includes('0\r\n\r\n')) done(got);
      }
    };
    s.on('data', onData);
    s.on('error', reject);
    s.on('close', onClose);
    s.write(request);
  });
}

/** The response as text (bytes as latin1, so binary bodies survive), Node's real-clock Date header blanked. */
const normalize = (bytes: Buffer) => bytes.toString('latin1').replace(/\r\nDate: [^\r]*\r\n/, '\r\nDate: <now>\r\n');

describe('responses on the wire', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'sift-wire-'));
  let sift: { listen(): Promise<string>; close(): Promise<void> };
  const got: Record<string, string> = {};

  beforeAll(async () => {
    const root = TREE ? `${resolve(TREE)}/dist` : resolve(import.meta.dirname, '../../../src');
    const { loadConfig, silentLogger } = await import(`${root}/common/index.js`);
    const { createSift } = await import(`${root}/gateway/index.js`);
    const config = loadConfig(
      { host: '127.0.0.1', port: 0, dataDir, logLevel: 'silent' },
      { SIFT_ROOT_ACCESS_KEY_ID: ROOT.accessKeyId, SIFT_ROOT_SECRET_ACCESS_KEY: ROOT.secretAccessKey, SIFT_ACCOUNT_ID: ACCOUNT },
    );
    const clock = { now: () => new Date(START), nowMs: () => START };
    sift = await createSift({ config, clock, ids: countingIds(), logger: silentLogger });
    const port = Number(new URL(await sift.listen()).port);
    for (const call of CALLS) got[call.name] = normalize(await rawRequest(port, call, new Date(START)));
  }, 60_000);

  afterAll(async () => {
    socket?.destroy();
    await sift?.close();
    rmSync(dataDir, { recursive: true, force: true });
    if (RECORD) writeFileSync(FIXTURE, `${JSON.stringify(got, null, 1)}\n`);
  });

  const recorded: Record<string, string> = RECORD ? {} : JSON.parse(readFileSync(FIXTURE, 'utf8'));
  it('records every call when asked to', () => {
    if (RECORD) expect(Object.keys(got)).toHaveLength(CALLS.length);
    else expect(Object.keys(recorded).sort()).toEqual(CALLS.map((c) => c.name).sort());
  });
  for (const call of CALLS) {
    it(call.name, () => {
      if (RECORD) return;
      expect(got[call.name]).toBe(recorded[call.name]);
    });
  }
});
