// Issue 3, end to end with @aws-sdk/client-s3: buckets, objects byte for byte, listings, multipart, bucket
// configuration, a bucket policy that shuts one user out, and S3's own errors for bad input.
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteBucketCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetBucketLocationCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutBucketPolicyCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { startServer, type Credentials, type TestServer } from '../harness.js';
import { signedRequest } from '../signed-fetch.js';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';

let server: TestServer;
const s3 = (c?: Credentials) => new S3Client(server.clientConfig(c));
const md5 = (b: Uint8Array) => createHash('md5').update(b).digest('hex');
const body = async (out: { Body?: { transformToByteArray(): Promise<Uint8Array> } }) => Buffer.from(await out.Body!.transformToByteArray());

beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.close();
});

describe('S3 through the SDK', () => {
  it('stores and returns objects byte for byte, with S3 ETags, ranges and metadata', async () => {
    await s3().send(new CreateBucketCommand({ Bucket: 'exports' }));
    expect((await s3().send(new GetBucketLocationCommand({ Bucket: 'exports' }))).LocationConstraint ?? '').toBe('');
    const small = randomBytes(1024);
    const put = await s3().send(new PutObjectCommand({ Bucket: 'exports', Key: 'dir/small.bin', Body: small, ContentType: 'application/x-test', Metadata: { owner: 'ops' } }));
    expect(put.ETag).toBe(`"${md5(small)}"`);
    const got = await s3().send(new GetObjectCommand({ Bucket: 'exports', Key: 'dir/small.bin' }));
    expect(got.ContentType).toBe('application/x-test');
    expect(got.Metadata).toEqual({ owner: 'ops' });
    expect(md5(await body(got))).toBe(md5(small));
    const range = await s3().send(new GetObjectCommand({ Bucket: 'exports', Key: 'dir/small.bin', Range: 'bytes=10-19' }));
    expect(await body(range)).toEqual(small.subarray(10, 20));
    await expect(s3().send(new GetObjectCommand({ Bucket: 'exports', Key: 'dir/small.bin', IfNoneMatch: put.ETag }))).rejects.toMatchObject({ $metadata: { httpStatusCode: 304 } });

    await s3().send(new CopyObjectCommand({ Bucket: 'exports', Key: 'copy.bin', CopySource: 'exports/dir/small.bin' }));
    expect((await s3().send(new HeadObjectCommand({ Bucket: 'exports', Key: 'copy.bin' }))).ContentLength).toBe(1024);
  });

  it('serves presigned URLs until they expire, and refuses tampered ones', async () => {
    await s3().send(new PutObjectCommand({ Bucket: 'exports', Key: 'shared.txt', Body: 'presigned hello' }));
    const u = new URL(server.endpoint);
    const presign = (expiresIn: number, signingDate?: Date) =>
      new SignatureV4({ service: 's3', region: server.region, credentials: server.root, sha256: Sha256, uriEscapePath: false }).presign(
        // as @aws-sdk/s3-request-presigner does: S3 presigned URLs sign UNSIGNED-PAYLOAD
        { method: 'GET', protocol: 'http:', hostname: u.hostname, port: Number(u.port), path: '/exports/shared.txt', headers: { host: u.host, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } },
        { expiresIn, ...(signingDate ? { signingDate } : {}) },
      );
    const url = (r: { path: string; query?: Record<string, unknown> }) => `${server.endpoint}${r.path}?${new URLSearchParams(r.query as Record<string, string>).toString()}`;
    const ok = await fetch(url(await presign(300)));
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('presigned hello');
    const expired = await fetch(url(await presign(60, new Date(Date.now() - 10 * 60 * 1000))));
    expect(expired.status).toBe(403);
    const good = await presign(300);
    const tampered = url({ ...good, path: '/exports/other.txt' });
    expect((await fetch(tampered)).status).toBe(403);
  });

  it('assembles multipart uploads with the -N ETag', async () => {
    const parts = [randomBytes(5 * 1024 * 1024), randomBytes(5 * 1024 * 1024), randomBytes(1234)];
    const { UploadId } = await s3().send(new CreateMultipartUploadCommand({ Bucket: 'exports', Key: 'big.bin' }));
    const etags: string[] = [];
    for (const [i, p] of parts.entries()) etags.push((await s3().send(new UploadPartCommand({ Bucket: 'exports', Key: 'big.bin', UploadId, PartNumber: i + 1, Body: p }))).ETag!);
    const done = await s3().send(
      new CompleteMultipartUploadCommand({ Bucket: 'exports', Key: 'big.bin', UploadId, MultipartUpload: { Parts: etags.map((ETag, i) => ({ ETag, PartNumber: i + 1 })) } }),
    );
    const expected = createHash('md5').update(Buffer.concat(parts.map((p) => createHash('md5').update(p).digest()))).digest('hex');
    expect(done.ETag).toBe(`"${expected}-3"`);
    const whole = await body(await s3().send(new GetObjectCommand({ Bucket: 'exports', Key: 'big.bin' })));
    expect(md5(whole)).toBe(md5(Buffer.concat(parts)));
    await expect(s3().send(new UploadPartCommand({ Bucket: 'exports', Key: 'big.bin', UploadId: 'no-such-upload', PartNumber: 1, Body: 'x' }))).rejects.toMatchObject({ name: 'NoSuchUpload' });
    const { UploadId: abandoned } = await s3().send(new CreateMultipartUploadCommand({ Bucket: 'exports', Key: 'gone.bin' }));
    await s3().send(new AbortMultipartUploadCommand({ Bucket: 'exports', Key: 'gone.bin', UploadId: abandoned }));
    await expect(s3().send(new HeadObjectCommand({ Bucket: 'exports', Key: 'gone.bin' }))).rejects.toMatchObject({ $metadata: { httpStatusCode: 404 } });
  });

  it('serves large objects to concurrent and slow readers byte for byte (reused GET buffers go back only once written)', async () => {
    const objects = [randomBytes(9 * 1024 * 1024 + 77), randomBytes(7 * 1024 * 1024)];
    for (const [i, o] of objects.entries()) await s3().send(new PutObjectCommand({ Bucket: 'exports', Key: `large-${i}.bin`, Body: o }));
    const read = async (i: number, delayMs: number) => {
      const got = await s3().send(new GetObjectCommand({ Bucket: 'exports', Key: `large-${i}.bin` }));
      // A reader that waits leaves the server's writes pending on a full socket while the others go on.
      await new Promise((r) => setTimeout(r, delayMs));
      return md5(await body(got));
    };
    for (let round = 0; round < 2; round++) {
      const got = await Promise.all([read(0, 300), read(1, 0), read(0, 0), read(1, 200)]);
      expect(got).toEqual([md5(objects[0]!), md5(objects[1]!), md5(objects[0]!), md5(objects[1]!)]);
    }
  });

  it('lists with prefix, delimiter, start-after and continuation tokens', async () => {
    await s3().send(new CreateBucketCommand({ Bucket: 'listing' }));
    for (let i = 0; i < 25; i++) await s3().send(new PutObjectCommand({ Bucket: 'listing', Key: `logs/2026/${String(i).padStart(2, '0')}.log`, Body: `line ${i}` }));
    await s3().send(new PutObjectCommand({ Bucket: 'listing', Key: 'readme.md', Body: '#' }));
    const top = await s3().send(new ListObjectsV2Command({ Bucket: 'listing', Delimiter: '/' }));
    expect(top.CommonPrefixes?.map((p) => p.Prefix)).toEqual(['logs/']);
    expect(top.Contents?.map((c) => c.Key)).toEqual(['readme.md']);
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const page = await s3().send(new ListObjectsV2Command({ Bucket: 'listing', Prefix: 'logs/', MaxKeys: 10, ContinuationToken: token }));
      keys.push(...(page.Contents ?? []).map((c) => c.Key!));
      token = page.NextContinuationToken;
    } while (token);
    expect(keys).toHaveLength(25);
    const after = await s3().send(new ListObjectsV2Command({ Bucket: 'listing', StartAfter: 'logs/2026/20.log' }));
    expect(after.Contents?.map((c) => c.Key)).toEqual(['logs/2026/21.log', 'logs/2026/22.log', 'logs/2026/23.log', 'logs/2026/24.log', 'readme.md']);
    await expect(s3().send(new DeleteBucketCommand({ Bucket: 'listing' }))).rejects.toMatchObject({ name: 'BucketNotEmpty' });
    const all = await s3().send(new ListObjectsV2Command({ Bucket: 'listing' }));
    await s3().send(new DeleteObjectsCommand({ Bucket: 'listing', Delete: { Objects: all.Contents!.map((c) => ({ Key: c.Key! })) } }));
    await s3().send(new DeleteBucketCommand({ Bucket: 'listing' }));
  });

  it('a bucket policy denying s3:ListBucket to a user makes their ListObjectsV2 fail with 403 while the owner succeeds', async () => {
    const iam = new IAMClient(server.clientConfig());
    await iam.send(new CreateUserCommand({ UserName: 'eve' }));
    await iam.send(new PutUserPolicyCommand({ UserName: 'eve', PolicyName: 's3', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] }) }));
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'eve' }))).AccessKey!;
    const eve = { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! };
    expect((await s3(eve).send(new ListObjectsV2Command({ Bucket: 'exports' }))).KeyCount).toBeGreaterThan(0);
    await s3().send(
      new PutBucketPolicyCommand({
        Bucket: 'exports',
        Policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: { AWS: `arn:aws:iam::${server.accountId}:user/eve` }, Action: 's3:ListBucket', Resource: 'arn:aws:s3:::exports' }] }),
      }),
    );
    await expect(s3(eve).send(new ListObjectsV2Command({ Bucket: 'exports' }))).rejects.toMatchObject({ name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });
    expect((await s3().send(new ListObjectsV2Command({ Bucket: 'exports' }))).KeyCount).toBeGreaterThan(0);
    // Object reads are not denied by that statement.
    expect((await s3(eve).send(new HeadObjectCommand({ Bucket: 'exports', Key: 'copy.bin' }))).ContentLength).toBe(1024);
  });

  it('answers S3 errors for bad input and leaves nothing behind', async () => {
    await expect(s3().send(new CreateBucketCommand({ Bucket: 'Bad_Name' }))).rejects.toMatchObject({ name: 'InvalidBucketName' });
    await expect(s3().send(new PutObjectCommand({ Bucket: 'exports', Key: 'k'.repeat(1025), Body: 'x' }))).rejects.toMatchObject({ name: 'KeyTooLongError' });
    await expect(s3().send(new PutObjectCommand({ Bucket: 'exports', Key: 'md5.bin', Body: 'hello', ContentMD5: createHash('md5').update('other').digest('base64') }))).rejects.toMatchObject({
      name: 'BadDigest',
    });
    await expect(s3().send(new HeadObjectCommand({ Bucket: 'exports', Key: 'md5.bin' }))).rejects.toMatchObject({ $metadata: { httpStatusCode: 404 } });
    await expect(s3().send(new GetObjectCommand({ Bucket: 'no-such-bucket-here', Key: 'x' }))).rejects.toMatchObject({ name: 'NoSuchBucket' });
    const tooBig = await signedRequest(server.endpoint, {
      service: 's3',
      region: server.region,
      credentials: server.root,
      method: 'PUT',
      path: '/exports/huge.bin',
      headers: { 'content-length': String(5 * 1024 ** 3 + 1), 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
    }).catch((e) => ({ status: -1, body: String(e), headers: {} }));
    expect([400, -1]).toContain(tooBig.status);
    if (tooBig.status === 400) expect(tooBig.body).toContain('<Code>EntityTooLarge</Code>');
    await s3().send(new DeleteObjectCommand({ Bucket: 'exports', Key: 'copy.bin' }));
  });
});
