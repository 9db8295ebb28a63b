// SSE-KMS and SSE-C on the embedded store, with the real S3 and KMS clients and the aws CLI: what is reported, who
// may read (kms:Decrypt for SSE-KMS, the key for SSE-C), what a disabled or deleted key does, and that neither the
// planted values nor the keys appear in clear anywhere in the data directory.
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutBucketEncryptionCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { CreateAliasCommand, CreateKeyCommand, DescribeKeyCommand, DisableKeyCommand, EnableKeyCommand, KMSClient, ScheduleKeyDeletionCommand } from '@aws-sdk/client-kms';
import { startServer, type TestServer } from '../harness.js';
import { aws, awsCliAvailable } from '../aws-cli.js';
import { outcome, userWithPolicy } from '../security/principals.js';
import { signedRequest } from '../signed-fetch.js';

let server: TestServer;
let s3: S3Client;
let kms: KMSClient;
let keyArn: string;
const PLANTED = 'SSN 123-45-6789 planted-value-7f3a9c';
const text = async (p: Promise<{ Body?: { transformToString(): Promise<string> } }>) => (await p).Body!.transformToString();

beforeAll(async () => {
  server = await startServer();
  s3 = new S3Client(server.clientConfig());
  kms = new KMSClient(server.clientConfig());
  keyArn = (await kms.send(new CreateKeyCommand({ Description: 'objects' }))).KeyMetadata!.Arn!;
  await kms.send(new CreateAliasCommand({ AliasName: 'alias/objects', TargetKeyId: keyArn }));
  await s3.send(new CreateBucketCommand({ Bucket: 'enc' }));
});
afterAll(async () => server?.close());

const customerKey = randomBytes(32);
const ssec = (key = customerKey) => ({ SSECustomerAlgorithm: 'AES256', SSECustomerKey: key.toString('base64'), SSECustomerKeyMD5: createHash('md5').update(key).digest('base64') });

describe('SSE-KMS', () => {
  it('writes with a key named by alias, reports aws:kms and the key ARN on PUT, HEAD and GET, and reads back', async () => {
    const put = await s3.send(new PutObjectCommand({ Bucket: 'enc', Key: 'kms.txt', Body: PLANTED, ServerSideEncryption: 'aws:kms', SSEKMSKeyId: 'alias/objects', BucketKeyEnabled: true }));
    expect(put).toMatchObject({ ServerSideEncryption: 'aws:kms', SSEKMSKeyId: keyArn, BucketKeyEnabled: true });
    const head = await s3.send(new HeadObjectCommand({ Bucket: 'enc', Key: 'kms.txt' }));
    expect(head).toMatchObject({ ServerSideEncryption: 'aws:kms', SSEKMSKeyId: keyArn, BucketKeyEnabled: true });
    expect(await text(s3.send(new GetObjectCommand({ Bucket: 'enc', Key: 'kms.txt' })))).toBe(PLANTED);
    const ranged = await s3.send(new GetObjectCommand({ Bucket: 'enc', Key: 'kms.txt', Range: 'bytes=4-14' }));
    expect(await ranged.Body!.transformToString()).toBe(PLANTED.slice(4, 15));
    expect(await outcome(s3.send(new PutObjectCommand({ Bucket: 'enc', Key: 'x', Body: 'x', ServerSideEncryption: 'aws:kms', SSEKMSKeyId: 'alias/nope' })))).toBe('KMS.NotFoundException');
    expect(await outcome(s3.send(new PutObjectCommand({ Bucket: 'enc', Key: 'x', Body: 'x', ServerSideEncryption: 'aws:kms:dsse' })))).toBe('NotImplemented');
  });

  it('uses the AWS managed key aws/s3 when no key is named, and the bucket default when the request names none', async () => {
    const put = await s3.send(new PutObjectCommand({ Bucket: 'enc', Key: 'managed.txt', Body: 'm', ServerSideEncryption: 'aws:kms' }));
    const managed = (await kms.send(new DescribeKeyCommand({ KeyId: 'alias/aws/s3' }))).KeyMetadata!;
    expect(put.SSEKMSKeyId).toBe(managed.Arn);
    expect(await text(s3.send(new GetObjectCommand({ Bucket: 'enc', Key: 'managed.txt' })))).toBe('m');

    await s3.send(new CreateBucketCommand({ Bucket: 'enc-default' }));
    await s3.send(new PutBucketEncryptionCommand({ Bucket: 'enc-default', ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: keyArn }, BucketKeyEnabled: true }] } }));
    const d = await s3.send(new PutObjectCommand({ Bucket: 'enc-default', Key: 'd.txt', Body: PLANTED }));
    expect(d).toMatchObject({ ServerSideEncryption: 'aws:kms', SSEKMSKeyId: keyArn, BucketKeyEnabled: true });
    // Copy and multipart follow the destination's default.
    const c = await s3.send(new CopyObjectCommand({ Bucket: 'enc-default', Key: 'copy.txt', CopySource: 'enc/managed.txt' }));
    expect(c.SSEKMSKeyId).toBe(keyArn);
    expect(await text(s3.send(new GetObjectCommand({ Bucket: 'enc-default', Key: 'copy.txt' })))).toBe('m');
    const up = await s3.send(new CreateMultipartUploadCommand({ Bucket: 'enc-default', Key: 'mp.txt' }));
    expect(up.ServerSideEncryption).toBe('aws:kms');
    const part = await s3.send(new UploadPartCommand({ Bucket: 'enc-default', Key: 'mp.txt', UploadId: up.UploadId, PartNumber: 1, Body: 'multi-part ' + PLANTED }));
    await s3.send(new CompleteMultipartUploadCommand({ Bucket: 'enc-default', Key: 'mp.txt', UploadId: up.UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag }] } }));
    expect(await text(s3.send(new GetObjectCommand({ Bucket: 'enc-default', Key: 'mp.txt' })))).toBe('multi-part ' + PLANTED);
    // A copy into SSE-S3 re-wraps the data key: the copy no longer depends on KMS.
    const back = await s3.send(new CopyObjectCommand({ Bucket: 'enc', Key: 'plain-copy.txt', CopySource: 'enc-default/d.txt', ServerSideEncryption: 'AES256' }));
    expect(back.ServerSideEncryption).toBe('AES256');
    expect(await text(s3.send(new GetObjectCommand({ Bucket: 'enc', Key: 'plain-copy.txt' })))).toBe(PLANTED);
  });

  it('needs kms:GenerateDataKey to write and kms:Decrypt to read (attacker without kms:Decrypt gets AccessDenied)', async () => {
    const s3Only = await userWithPolicy(server, 's3-only', [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }]);
    const asS3Only = new S3Client(server.clientConfig(s3Only));
    const read = await outcome(asS3Only.send(new GetObjectCommand({ Bucket: 'enc', Key: 'kms.txt' })));
    expect(read).toBe('AccessDenied');
    expect(await outcome(asS3Only.send(new PutObjectCommand({ Bucket: 'enc', Key: 'w', Body: 'x', ServerSideEncryption: 'aws:kms', SSEKMSKeyId: keyArn })))).toBe('AccessDenied');
    // HEAD needs no kms:Decrypt; SSE-S3 objects stay readable.
    expect(await outcome(asS3Only.send(new HeadObjectCommand({ Bucket: 'enc', Key: 'kms.txt' })))).toBe('ok');
    // The AWS managed key is usable through S3 by anyone S3 lets in (its key policy).
    expect(await text(asS3Only.send(new GetObjectCommand({ Bucket: 'enc', Key: 'managed.txt' })))).toBe('m');

    const withKms = await userWithPolicy(server, 's3-kms', [{ Effect: 'Allow', Action: ['s3:*', 'kms:GenerateDataKey', 'kms:Decrypt'], Resource: '*' }]);
    const asWithKms = new S3Client(server.clientConfig(withKms));
    expect(await text(asWithKms.send(new GetObjectCommand({ Bucket: 'enc', Key: 'kms.txt' })))).toBe(PLANTED);
    expect(await outcome(asWithKms.send(new PutObjectCommand({ Bucket: 'enc', Key: 'w', Body: 'x', ServerSideEncryption: 'aws:kms', SSEKMSKeyId: keyArn })))).toBe('ok');
  });

  it('fails reads as S3 reports them when the key is disabled or pending deletion', async () => {
    const k = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!;
    await s3.send(new PutObjectCommand({ Bucket: 'enc', Key: 'doomed.txt', Body: 'd', ServerSideEncryption: 'aws:kms', SSEKMSKeyId: k.KeyId }));
    await kms.send(new DisableKeyCommand({ KeyId: k.KeyId }));
    expect(await outcome(s3.send(new GetObjectCommand({ Bucket: 'enc', Key: 'doomed.txt' })))).toBe('KMS.DisabledException');
    expect(await outcome(s3.send(new PutObjectCommand({ Bucket: 'enc', Key: 'y', Body: 'y', ServerSideEncryption: 'aws:kms', SSEKMSKeyId: k.KeyId })))).toBe('KMS.DisabledException');
    await kms.send(new EnableKeyCommand({ KeyId: k.KeyId }));
    expect(await text(s3.send(new GetObjectCommand({ Bucket: 'enc', Key: 'doomed.txt' })))).toBe('d');
    await kms.send(new ScheduleKeyDeletionCommand({ KeyId: k.KeyId, PendingWindowInDays: 7 }));
    expect(await outcome(s3.send(new GetObjectCommand({ Bucket: 'enc', Key: 'doomed.txt' })))).toBe('KMS.KMSInvalidStateException');
  });
});

describe('SSE-C', () => {
  it('encrypts with the customer key, needs it on GET, HEAD, ranged reads, UploadPart and copy sources', async () => {
    const put = await s3.send(new PutObjectCommand({ Bucket: 'enc', Key: 'ssec.txt', Body: PLANTED, ...ssec() }));
    expect(put).toMatchObject({ SSECustomerAlgorithm: 'AES256', SSECustomerKeyMD5: ssec().SSECustomerKeyMD5 });
    expect(put.ServerSideEncryption).toBeUndefined();
    expect(await text(s3.send(new GetObjectCommand({ Bucket: 'enc', Key: 'ssec.txt', ...ssec() })))).toBe(PLANTED);
    const ranged = await s3.send(new GetObjectCommand({ Bucket: 'enc', Key: 'ssec.txt', Range: 'bytes=0-2', ...ssec() }));
    expect(await ranged.Body!.transformToString()).toBe('SSN');
    expect(await s3.send(new HeadObjectCommand({ Bucket: 'enc', Key: 'ssec.txt', ...ssec() }))).toMatchObject({ SSECustomerAlgorithm: 'AES256', ContentLength: PLANTED.length });

    // The attacker: no key → 400, a wrong key → 403.
    const noKey = await s3.send(new GetObjectCommand({ Bucket: 'enc', Key: 'ssec.txt' })).catch((e) => e);
    expect([noKey.name, noKey.$metadata.httpStatusCode]).toEqual(['InvalidRequest', 400]);
    const wrong = await s3.send(new GetObjectCommand({ Bucket: 'enc', Key: 'ssec.txt', ...ssec(randomBytes(32)) })).catch((e) => e);
    expect([wrong.name, wrong.$metadata.httpStatusCode]).toEqual(['AccessDenied', 403]);
    const headNoKey = await s3.send(new HeadObjectCommand({ Bucket: 'enc', Key: 'ssec.txt' })).catch((e) => e);
    expect(headNoKey.$metadata.httpStatusCode).toBe(400);

    // Validation with S3's messages.
    // (The SDK computes the MD5 itself: a wrong one needs a hand-made request.)
    const badMd5 = await signedRequest(server.endpoint, {
      service: 's3', region: server.region, credentials: server.root, method: 'PUT', path: '/enc/b', body: 'b',
      headers: { 'x-amz-content-sha256': createHash('sha256').update('b').digest('hex'), 'x-amz-server-side-encryption-customer-algorithm': 'AES256', 'x-amz-server-side-encryption-customer-key': customerKey.toString('base64'), 'x-amz-server-side-encryption-customer-key-md5': createHash('md5').update('x').digest('base64') },
    });
    expect(badMd5.status).toBe(400);
    expect(badMd5.body).toContain('<Code>InvalidArgument</Code><Message>The calculated MD5 hash of the key did not match the hash that was provided.</Message>');
    const shortKey = Buffer.alloc(16, 1);
    expect(await outcome(s3.send(new PutObjectCommand({ Bucket: 'enc', Key: 'b', Body: 'b', ...ssec(shortKey) })))).toBe('InvalidArgument');
    expect(await outcome(s3.send(new PutObjectCommand({ Bucket: 'enc', Key: 'b', Body: 'b', ...ssec(), ServerSideEncryption: 'AES256' })))).toBe('InvalidArgument');

    // Copy: the source's key as copy-source headers; the copy under a new key.
    const other = randomBytes(32);
    const o = ssec(other);
    expect(await outcome(s3.send(new CopyObjectCommand({ Bucket: 'enc', Key: 'ssec-copy.txt', CopySource: 'enc/ssec.txt', ...o })))).toBe('InvalidRequest');
    const s = ssec();
    await s3.send(new CopyObjectCommand({ Bucket: 'enc', Key: 'ssec-copy.txt', CopySource: 'enc/ssec.txt', ...o, CopySourceSSECustomerAlgorithm: 'AES256', CopySourceSSECustomerKey: s.SSECustomerKey, CopySourceSSECustomerKeyMD5: s.SSECustomerKeyMD5 }));
    expect(await text(s3.send(new GetObjectCommand({ Bucket: 'enc', Key: 'ssec-copy.txt', ...o })))).toBe(PLANTED);
    expect(await outcome(s3.send(new GetObjectCommand({ Bucket: 'enc', Key: 'ssec-copy.txt', ...ssec() })))).toBe('AccessDenied');

    // Multipart: every part carries the same key.
    const up = await s3.send(new CreateMultipartUploadCommand({ Bucket: 'enc', Key: 'ssec-mp.txt', ...ssec() }));
    expect(await outcome(s3.send(new UploadPartCommand({ Bucket: 'enc', Key: 'ssec-mp.txt', UploadId: up.UploadId, PartNumber: 1, Body: 'p' })))).toBe('InvalidRequest');
    const part = await s3.send(new UploadPartCommand({ Bucket: 'enc', Key: 'ssec-mp.txt', UploadId: up.UploadId, PartNumber: 1, Body: 'part one', ...ssec() }));
    await s3.send(new CompleteMultipartUploadCommand({ Bucket: 'enc', Key: 'ssec-mp.txt', UploadId: up.UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag }] } }));
    expect(await text(s3.send(new GetObjectCommand({ Bucket: 'enc', Key: 'ssec-mp.txt', ...ssec() })))).toBe('part one');
  });

  it('lists SSE-KMS and SSE-C objects without their keys', async () => {
    const list = await s3.send(new ListObjectsV2Command({ Bucket: 'enc' }));
    expect(list.Contents!.map((c) => c.Key)).toEqual(expect.arrayContaining(['kms.txt', 'ssec.txt']));
  });
});

describe.skipIf(!awsCliAvailable)('aws CLI', () => {
  it('aws kms create-key, aws s3 cp --sse aws:kms --sse-kms-key-id alias/x, aws s3 cp --sse-c', async () => {
    const env = server.cliEnv();
    const created = await aws(env, ['kms', 'create-key', '--description', 'cli key']);
    expect(created.code).toBe(0);
    const id = created.json.KeyMetadata.KeyId;
    expect((await aws(env, ['kms', 'create-alias', '--alias-name', 'alias/cli', '--target-key-id', id])).code).toBe(0);
    const dir = mkdtempSync(join(tmpdir(), 'sift-sse-cli-'));
    const file = join(dir, 'in.txt');
    writeFileSync(file, PLANTED);
    const cp = await aws(env, ['s3', 'cp', file, 's3://enc/cli-kms.txt', '--sse', 'aws:kms', '--sse-kms-key-id', 'alias/cli']);
    expect(cp.code, cp.stderr).toBe(0);
    const head = await aws(env, ['s3api', 'head-object', '--bucket', 'enc', '--key', 'cli-kms.txt']);
    expect(head.json).toMatchObject({ ServerSideEncryption: 'aws:kms', SSEKMSKeyId: created.json.KeyMetadata.Arn });
    expect((await aws(env, ['s3', 'cp', 's3://enc/cli-kms.txt', join(dir, 'out-kms.txt')])).code).toBe(0);
    expect(readFileSync(join(dir, 'out-kms.txt'), 'utf8')).toBe(PLANTED);

    const keyFile = join(dir, 'ssec.key');
    writeFileSync(keyFile, customerKey);
    const put = await aws(env, ['s3', 'cp', file, 's3://enc/cli-ssec.txt', '--sse-c', 'AES256', '--sse-c-key', `fileb://${keyFile}`]);
    expect(put.code, put.stderr).toBe(0);
    const without = await aws(env, ['s3', 'cp', 's3://enc/cli-ssec.txt', join(dir, 'nokey.txt')]);
    expect(without.code).not.toBe(0);
    const got = await aws(env, ['s3', 'cp', 's3://enc/cli-ssec.txt', join(dir, 'out-ssec.txt'), '--sse-c', 'AES256', '--sse-c-key', `fileb://${keyFile}`]);
    expect(got.code, got.stderr).toBe(0);
    expect(readFileSync(join(dir, 'out-ssec.txt'), 'utf8')).toBe(PLANTED);
  }, 180_000);
});

describe('data at rest', () => {
  it('no planted value, customer key or KMS key material appears in clear in the data directory', async () => {
    const dataDir = server.sift.deps.dataDir;
    const needles = [Buffer.from('planted-value-7f3a9c'), customerKey, Buffer.from(customerKey.toString('base64')), Buffer.from(customerKey.toString('hex'))];
    const files: string[] = [];
    const walk = (d: string) => {
      for (const name of readdirSync(d)) {
        const p = join(d, name);
        if (statSync(p).isDirectory()) walk(p);
        else files.push(p);
      }
    };
    // Let the audit trail's batch reach the database first.
    await new Promise((r) => setImmediate(r));
    walk(dataDir);
    expect(files.length).toBeGreaterThan(3);
    for (const f of files) {
      const bytes = readFileSync(f);
      for (const n of needles) expect(bytes.includes(n), `${f} holds a secret in clear`).toBe(false);
    }
  });
});
