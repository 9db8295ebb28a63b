// Issue 3: external S3 endpoints as data sources, read through the same ObjectStorage interface as the embedded
// store. Against a second Sift server acting as a plain S3 endpoint (real SigV4) — the whole storage contract — and
// against another S3 server implementation from the npm registry (s3rver).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import S3rver from 's3rver';
import { CreateBucketCommand, PutBucketPolicyCommand, PutBucketTaggingCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { allObjects, externalStorage, StorageError, type ExternalEndpoint } from '../../../src/storage/index.js';
import { describeStorageContract } from '../../../src/storage/storage.contract.js';
import { startServer, type TestServer } from '../harness.js';
import { sift } from '../sift-cli.js';

let second: TestServer | undefined;
afterAll(async () => second?.close());
describeStorageContract('external endpoint: a second Sift server over SigV4', async () => {
  second = await startServer();
  const ep: ExternalEndpoint = { endpoint: second.endpoint, region: second.region, accessKeyId: second.root.accessKeyId, secretAccessKey: second.root.secretAccessKey, forcePathStyle: true };
  const s3 = new S3Client(second.clientConfig());
  return {
    storage: externalStorage(ep),
    createBucket: async (b) => void (await s3.send(new CreateBucketCommand({ Bucket: b }))),
    putObject: async (b, k, body, o) =>
      void (await s3.send(
        new PutObjectCommand({
          Bucket: b,
          Key: k,
          Body: body,
          ContentType: o?.contentType,
          Metadata: o?.metadata,
          Tagging: o?.tags ? new URLSearchParams(o.tags.map((t): [string, string] => [t.Key!, t.Value!])).toString() : undefined,
        }),
      )),
    putBucketPolicy: async (b, policy) => void (await s3.send(new PutBucketPolicyCommand({ Bucket: b, Policy: policy }))),
    putBucketTags: async (b, tags) => void (await s3.send(new PutBucketTaggingCommand({ Bucket: b, Tagging: { TagSet: tags } }))),
    // the server stays up for the error-mapping test below; closed at the end of the file
    close: async () => undefined,
  };
});

describe('external endpoint: s3rver (another S3 implementation)', () => {
  let dir: string;
  let server: InstanceType<typeof S3rver>;
  let ep: ExternalEndpoint;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sift-s3rver-'));
    server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: dir });
    const { port } = (await server.run()) as { port: number };
    ep = { endpoint: `http://127.0.0.1:${port}`, region: 'us-east-1', accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER', forcePathStyle: true };
    const s3 = new S3Client({ endpoint: ep.endpoint, region: ep.region, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' }, forcePathStyle: true });
    await s3.send(new CreateBucketCommand({ Bucket: 'legacy' }));
    for (let i = 0; i < 5; i++) await s3.send(new PutObjectCommand({ Bucket: 'legacy', Key: `exports/part-${i}.csv`, Body: `id,ssn\n${i},536-90-439${i}\n` }));
  });
  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists buckets and objects and streams object bodies', async () => {
    const storage = externalStorage(ep);
    expect((await storage.listBuckets()).map((b) => b.name)).toContain('legacy');
    const keys: string[] = [];
    for await (const o of allObjects(storage, 'legacy', { prefix: 'exports/' })) keys.push(o.key);
    expect(keys).toEqual(['exports/part-0.csv', 'exports/part-1.csv', 'exports/part-2.csv', 'exports/part-3.csv', 'exports/part-4.csv']);
    const { body } = await storage.readObject('legacy', 'exports/part-3.csv');
    const chunks: Buffer[] = [];
    for await (const c of body) chunks.push(Buffer.from(c));
    expect(Buffer.concat(chunks).toString()).toBe('id,ssn\n3,536-90-4393\n');
  });

  it('maps S3 errors to typed causes naming the operation', async () => {
    const storage = externalStorage(ep);
    await expect(storage.listObjects('no-such-bucket')).rejects.toSatisfy((e: unknown) => e instanceof StorageError && e.reason === 'NoSuchBucket' && e.details.operation === 'ListObjectsV2');
    await expect(storage.headObject('legacy', 'missing.csv')).rejects.toSatisfy((e: unknown) => e instanceof StorageError && e.reason === 'NoSuchKey');
    const wrongKeys = externalStorage({ ...ep, endpoint: second?.endpoint ?? ep.endpoint, accessKeyId: 'AKIAWRONGWRONGWRONG0', secretAccessKey: 'x'.repeat(40) });
    if (second) await expect(wrongKeys.listBuckets()).rejects.toSatisfy((e: unknown) => e instanceof StorageError && e.reason === 'AccessDenied');
  });

  it('binds an account to the endpoint with `sift storage bind`', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sift-bind-'));
    try {
      const env = { SIFT_DATA_DIR: dataDir };
      const bound = await sift(['storage', 'bind', '--account', '111122223333', '--endpoint', ep.endpoint, '--region', 'us-east-1', '--access-key-id', 'S3RVER', '--secret-access-key', 'never-printed-secret-0123456789', '--path-style'], env);
      expect(bound.code, bound.stderr).toBe(0);
      const listed = await sift(['storage', 'list'], env);
      expect(listed.stdout).toContain('111122223333');
      expect(listed.stdout).toContain(ep.endpoint);
      expect(listed.stdout + listed.stderr).not.toContain('never-printed-secret'); // secrets are not printed
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
