// Issue 15 (3): conditional requests end to end with @aws-sdk/client-s3 and the aws CLI: If-None-Match: * and
// If-Match on PutObject and CompleteMultipartUpload, If-Match on DeleteObject, and If-Match / If-None-Match /
// If-Modified-Since / If-Unmodified-Since on GET and HEAD with RFC 9110's precedence.
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CompleteMultipartUploadCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { startServer, type TestServer } from '../harness.js';
import { aws, awsCliAvailable } from '../aws-cli.js';

let server: TestServer;
let s3: S3Client;
const status = (p: Promise<unknown>) => p.then(() => 200, (e: { name: string; $metadata: { httpStatusCode?: number } }) => `${e.$metadata.httpStatusCode} ${e.name}`);

beforeAll(async () => {
  server = await startServer();
  s3 = new S3Client(server.clientConfig());
  await s3.send(new CreateBucketCommand({ Bucket: 'cond' }));
});
afterAll(async () => {
  await server?.close();
});

describe('conditional writes', () => {
  it('PutObject: If-None-Match * creates only, If-Match overwrites only the named ETag', async () => {
    const first = await s3.send(new PutObjectCommand({ Bucket: 'cond', Key: 'k', Body: 'one', IfNoneMatch: '*' }));
    expect(await status(s3.send(new PutObjectCommand({ Bucket: 'cond', Key: 'k', Body: 'two', IfNoneMatch: '*' })))).toBe('412 PreconditionFailed');
    expect(await status(s3.send(new PutObjectCommand({ Bucket: 'cond', Key: 'k', Body: 'two', IfMatch: '"0123456789abcdef0123456789abcdef"' })))).toBe('412 PreconditionFailed');
    expect(await status(s3.send(new PutObjectCommand({ Bucket: 'cond', Key: 'missing', Body: 'two', IfMatch: first.ETag })))).toBe('404 NoSuchKey');
    expect(await status(s3.send(new PutObjectCommand({ Bucket: 'cond', Key: 'k', Body: 'two', IfMatch: first.ETag })))).toBe(200);
    expect(await status(s3.send(new PutObjectCommand({ Bucket: 'cond', Key: 'k', Body: 'three', IfNoneMatch: first.ETag })))).toBe('501 NotImplemented');
    expect(await (await s3.send(new GetObjectCommand({ Bucket: 'cond', Key: 'k' }))).Body!.transformToString()).toBe('two');
  });

  it('CompleteMultipartUpload: If-None-Match * refuses to replace an object that appeared meanwhile', async () => {
    const up = await s3.send(new CreateMultipartUploadCommand({ Bucket: 'cond', Key: 'mp' }));
    const part = await s3.send(new UploadPartCommand({ Bucket: 'cond', Key: 'mp', UploadId: up.UploadId, PartNumber: 1, Body: 'part' }));
    await s3.send(new PutObjectCommand({ Bucket: 'cond', Key: 'mp', Body: 'first writer wins' }));
    const complete = (c: { IfNoneMatch?: string; IfMatch?: string }) =>
      s3.send(new CompleteMultipartUploadCommand({ Bucket: 'cond', Key: 'mp', UploadId: up.UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag }] }, ...c }));
    expect(await status(complete({ IfNoneMatch: '*' }))).toBe('412 PreconditionFailed');
    const head = await s3.send(new HeadObjectCommand({ Bucket: 'cond', Key: 'mp' }));
    expect(await status(complete({ IfMatch: head.ETag }))).toBe(200);
  });

  it('DeleteObject: If-Match deletes only the named ETag', async () => {
    const put = await s3.send(new PutObjectCommand({ Bucket: 'cond', Key: 'd', Body: 'x' }));
    expect(await status(s3.send(new DeleteObjectCommand({ Bucket: 'cond', Key: 'd', IfMatch: '"ffffffffffffffffffffffffffffffff"' })))).toBe('412 PreconditionFailed');
    expect(await status(s3.send(new DeleteObjectCommand({ Bucket: 'cond', Key: 'd', IfMatch: put.ETag })))).toBe(200);
    expect(await status(s3.send(new DeleteObjectCommand({ Bucket: 'cond', Key: 'd', IfMatch: put.ETag })))).toBe('404 NoSuchKey');
  });

  it.skipIf(!awsCliAvailable)('works from the aws CLI: put-object --if-none-match "*"', { timeout: 120_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sift-cond-'));
    writeFileSync(join(dir, 'f'), 'cli');
    const put = () => aws(server.cliEnv(), ['s3api', 'put-object', '--bucket', 'cond', '--key', 'cli', '--body', join(dir, 'f'), '--if-none-match', '*']);
    expect((await put()).code).toBe(0);
    const again = await put();
    expect(again.code).not.toBe(0);
    expect(again.stderr).toContain('PreconditionFailed');
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('conditional reads', () => {
  it('GET and HEAD answer 304 and 412 with If-Match before If-Unmodified-Since and If-None-Match before If-Modified-Since', async () => {
    const put = await s3.send(new PutObjectCommand({ Bucket: 'cond', Key: 'r', Body: 'read me' }));
    const modified = (await s3.send(new HeadObjectCommand({ Bucket: 'cond', Key: 'r' }))).LastModified!;
    const past = new Date(modified.getTime() - 3_600_000);
    const future = new Date(modified.getTime() + 3_600_000);
    for (const Cmd of [GetObjectCommand, HeadObjectCommand]) {
      const read = (c: object) => status(s3.send(new Cmd({ Bucket: 'cond', Key: 'r', ...c })));
      expect(await read({ IfMatch: put.ETag })).toBe(200);
      expect(await read({ IfMatch: '"nope"' })).toMatch(/^412/);
      expect(await read({ IfNoneMatch: put.ETag })).toMatch(/^304/);
      expect(await read({ IfModifiedSince: future })).toMatch(/^304/);
      expect(await read({ IfModifiedSince: past })).toBe(200);
      expect(await read({ IfUnmodifiedSince: past })).toMatch(/^412/);
      // If-Match true wins over If-Unmodified-Since false; If-None-Match false wins over If-Modified-Since true.
      expect(await read({ IfMatch: put.ETag, IfUnmodifiedSince: past })).toBe(200);
      expect(await read({ IfNoneMatch: '"other"', IfModifiedSince: future })).toBe(200);
    }
  });
});
