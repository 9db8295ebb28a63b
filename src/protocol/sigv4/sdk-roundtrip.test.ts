import { describe, it, expect } from 'vitest';
import { createHash } from 'node:crypto';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import * as zlib from 'node:zlib';
import { S3Client, PutObjectCommand, GetObjectCommand } from '@aws-sdk/client-s3';
import { Macie2Client, ListFindingsCommand } from '@aws-sdk/client-macie2';
import { STSClient, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { CloudWatchLogsClient, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { AwsChunkedDecoder, createBodyDecoder, parseSignature, verifySignature, type SigV4Request } from './index.js';

// SDK as oracle: real clients sign real requests; a capturing request handler hands them over without a network.
// The clients sign with the system clock, so verification uses the current time.

const CRED = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };
const CAPTURED = new Error('captured');

interface Captured {
  req: SigV4Request;
  body: Buffer;
}

function escape(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function capturingHandler(into: Captured[]) {
  return {
    async handle(request: { method: string; path: string; query?: Record<string, string | string[] | null>; headers: Record<string, string>; body?: unknown }) {
      const parts: Buffer[] = [];
      const body = request.body;
      if (typeof body === 'string' || body instanceof Uint8Array) parts.push(Buffer.from(body));
      else if (body && typeof (body as Readable).pipe === 'function') for await (const c of body as Readable) parts.push(Buffer.from(c));
      const rawQuery = Object.entries(request.query ?? {})
        .flatMap(([k, v]) => (v === null ? [escape(k)] : (Array.isArray(v) ? v : [v]).map((x) => `${escape(k)}=${escape(x)}`)))
        .join('&');
      const headers = Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k.toLowerCase(), v]));
      into.push({ req: { method: request.method, path: request.path, rawQuery, headers }, body: Buffer.concat(parts) });
      throw CAPTURED;
    },
  };
}

const common = { region: 'eu-west-1', credentials: CRED, maxAttempts: 1, endpoint: 'http://localhost:4566' };

async function capture(send: (handler: ReturnType<typeof capturingHandler>) => Promise<unknown>): Promise<Captured> {
  const into: Captured[] = [];
  await expect(send(capturingHandler(into))).rejects.toBe(CAPTURED);
  expect(into).toHaveLength(1);
  return into[0]!;
}

async function drain(decoder: NodeJS.ReadWriteStream, body: Buffer): Promise<Buffer> {
  const out: Buffer[] = [];
  await pipeline(
    Readable.from([body.subarray(0, 5), body.subarray(5)]),
    decoder,
    new Writable({
      write(c: Buffer, _e, done) {
        out.push(c);
        done();
      },
    }),
  );
  return Buffer.concat(out);
}

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('real SDK clients → parseSignature/verifySignature', () => {
  it('S3 PutObject with a stream body: aws-chunked, STREAMING-UNSIGNED-PAYLOAD-TRAILER, CRC32 trailer', async () => {
    const data = Buffer.from('line one\nline two\n'.repeat(5000));
    const { req, body } = await capture((h) =>
      new S3Client({ ...common, forcePathStyle: true, requestHandler: h as never }).send(
        new PutObjectCommand({ Bucket: 'my-bucket', Key: 'reports/Q1 (final)+draft.csv', Body: Readable.from([data.subarray(0, 40_000), data.subarray(40_000)]), ContentLength: data.length }),
      ),
    );
    expect(req.headers['x-amz-content-sha256']).toBe('STREAMING-UNSIGNED-PAYLOAD-TRAILER');
    expect(req.path).toBe('/my-bucket/reports/Q1%20%28final%29%2Bdraft.csv');
    const parsed = parseSignature(req, new Date());
    expect(parsed).toMatchObject({ region: 'eu-west-1', service: 's3', dialect: 's3', needsBodyHash: false });
    const verified = verifySignature(parsed, CRED, req);
    const decoder = createBodyDecoder(verified, req.headers) as AwsChunkedDecoder;
    expect(decoder).toBeInstanceOf(AwsChunkedDecoder);
    expect((await drain(decoder, body)).equals(data)).toBe(true);
    const crc = zlib.crc32(data);
    expect(decoder.trailers['x-amz-checksum-crc32']).toBe(Buffer.from([crc >>> 24, (crc >>> 16) & 255, (crc >>> 8) & 255, crc & 255]).toString('base64'));
  });

  it('S3 PutObject with a buffer body: hex x-amz-content-sha256 checked while streaming', async () => {
    const data = Buffer.from('{"ssn":"123-45-6789"}');
    const { req, body } = await capture((h) =>
      new S3Client({ ...common, forcePathStyle: true, requestHandler: h as never }).send(new PutObjectCommand({ Bucket: 'b', Key: 'k.json', Body: data })),
    );
    const verified = verifySignature(parseSignature(req, new Date()), CRED, req);
    expect(verified.payloadHash).toBe(sha(data));
    expect((await drain(createBodyDecoder(verified, req.headers), body)).equals(data)).toBe(true);
  });

  it('S3 GetObject with a virtual-hosted-style request and range header', async () => {
    const { req } = await capture((h) =>
      new S3Client({ ...common, requestHandler: h as never }).send(new GetObjectCommand({ Bucket: 'b', Key: 'a/b/c.txt', Range: 'bytes=0-9' })),
    );
    expect(() => verifySignature(parseSignature(req, new Date()), CRED, req)).not.toThrow();
  });

  it('Macie2 ListFindings (restJson1)', async () => {
    const { req, body } = await capture((h) =>
      new Macie2Client({ ...common, requestHandler: h as never }).send(new ListFindingsCommand({ maxResults: 10, findingCriteria: { criterion: { severity: { eq: ['High'] } } } })),
    );
    const parsed = parseSignature(req, new Date());
    expect(parsed).toMatchObject({ service: 'macie2', dialect: 'rest-json', needsBodyHash: true });
    expect(verifySignature(parsed, CRED, req, sha(body)).service).toBe('macie2');
    expect(() => verifySignature(parsed, CRED, req, sha(Buffer.from(body.toString().replace('High', 'Low'))))).toThrow(/signature we calculated/);
  });

  it('STS GetCallerIdentity (awsQuery)', async () => {
    const { req, body } = await capture((h) => new STSClient({ ...common, requestHandler: h as never }).send(new GetCallerIdentityCommand({})));
    const parsed = parseSignature(req, new Date());
    expect(parsed.dialect).toBe('query');
    expect(() => verifySignature(parsed, CRED, req, sha(body))).not.toThrow();
  });

  it('CloudWatch Logs DescribeLogGroups (awsJson1.1) with temporary credentials', async () => {
    const temp = { ...CRED, accessKeyId: 'ASIAIOSFODNN7EXAMPLE', sessionToken: 'IQoJb3JpZ2luX2VjEXAMPLE/+token==' };
    const { req, body } = await capture((h) =>
      new CloudWatchLogsClient({ ...common, credentials: temp, requestHandler: h as never }).send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/aws/macie' })),
    );
    const parsed = parseSignature(req, new Date());
    expect(parsed).toMatchObject({ dialect: 'json', sessionToken: temp.sessionToken });
    expect(verifySignature(parsed, temp, req, sha(body)).sessionToken).toBe(temp.sessionToken);
  });
});
