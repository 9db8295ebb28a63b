// The contract every ObjectStorage implementation keeps, run against the embedded store and an external endpoint.
// A fixture seeds buckets and objects through the implementation's own write path.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createHash } from 'node:crypto';
import { allObjects, type ObjectStorage, type Tag } from './types.js';
import { StorageError } from './errors.js';

export interface StorageFixture {
  storage: ObjectStorage;
  createBucket(bucket: string): Promise<void>;
  putObject(bucket: string, key: string, body: Buffer, options?: { contentType?: string; metadata?: Record<string, string>; tags?: Tag[] }): Promise<void>;
  putBucketPolicy(bucket: string, policy: string): Promise<void>;
  putBucketTags(bucket: string, tags: Tag[]): Promise<void>;
  close(): Promise<void>;
}

async function drain(stream: AsyncIterable<Buffer | Uint8Array>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of stream) parts.push(Buffer.from(c));
  return Buffer.concat(parts);
}

export function describeStorageContract(name: string, makeFixture: () => Promise<StorageFixture | undefined>): void {
  describe(`ObjectStorage contract: ${name}`, () => {
    let f: StorageFixture | undefined;
    const big = Buffer.alloc(3 * 1024 * 1024 + 17, 0);
    for (let i = 0; i < big.length; i++) big[i] = (i * 31) & 0xff;

    beforeAll(async () => {
      f = await makeFixture();
      if (!f) return;
      await f.createBucket('contract-a');
      await f.createBucket('contract-empty');
      await f.putObject('contract-a', 'docs/readme.txt', Buffer.from('hello'), { contentType: 'text/plain', metadata: { owner: 'alice' }, tags: [{ Key: 'class', Value: 'public' }] });
      for (let i = 0; i < 7; i++) await f.putObject('contract-a', `logs/2026/${String(i).padStart(2, '0')}.log`, Buffer.from(`line ${i}\n`));
      await f.putObject('contract-a', 'blob.bin', big);
      await f.putBucketPolicy('contract-a', JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: '*', Action: 's3:DeleteBucket', Resource: 'arn:aws:s3:::contract-a' }] }));
      await f.putBucketTags('contract-a', [{ Key: 'team', Value: 'data' }]);
    });
    afterAll(async () => f?.close());

    it('lists the account buckets', async (t) => {
      if (!f) return t.skip();
      const names = (await f.storage.listBuckets()).map((b) => b.name);
      expect(names).toEqual(expect.arrayContaining(['contract-a', 'contract-empty']));
    });

    it('lists objects with size, dates, ETags and storage class, by prefix, delimiter and page', async (t) => {
      if (!f) return t.skip();
      const top = await f.storage.listObjects('contract-a', { delimiter: '/' });
      expect(top.objects.map((o) => o.key)).toEqual(['blob.bin']);
      expect(top.commonPrefixes).toEqual(['docs/', 'logs/']);
      const blob = top.objects[0]!;
      expect(blob).toMatchObject({ size: big.length, etag: `"${createHash('md5').update(big).digest('hex')}"`, storageClass: 'STANDARD' });
      expect(blob.lastModified).toBeInstanceOf(Date);
      const keys: string[] = [];
      for await (const o of allObjects(f.storage, 'contract-a', { prefix: 'logs/', maxKeys: 3 })) keys.push(o.key);
      expect(keys).toEqual([0, 1, 2, 3, 4, 5, 6].map((i) => `logs/2026/0${i}.log`));
      expect((await f.storage.listObjects('contract-a', { prefix: 'logs/', startAfter: 'logs/2026/04.log' })).objects.map((o) => o.key)).toEqual(['logs/2026/05.log', 'logs/2026/06.log']);
      expect((await f.storage.listObjects('contract-empty')).objects).toEqual([]);
    });

    it('heads an object with content type, metadata, tags and encryption', async (t) => {
      if (!f) return t.skip();
      const info = await f.storage.headObject('contract-a', 'docs/readme.txt');
      expect(info).toMatchObject({ size: 5, contentType: 'text/plain', metadata: { owner: 'alice' }, tags: [{ Key: 'class', Value: 'public' }] });
      expect(info.encryption?.ServerSideEncryption).toBe('AES256');
    });

    it('streams whole objects and ranges byte for byte', async (t) => {
      if (!f) return t.skip();
      const whole = await f.storage.readObject('contract-a', 'blob.bin');
      expect((await drain(whole.body)).equals(big)).toBe(true);
      const part = await f.storage.readObject('contract-a', 'blob.bin', { start: 1_000_000, end: 1_000_099 });
      expect((await drain(part.body)).equals(big.subarray(1_000_000, 1_000_100))).toBe(true);
      expect(part.range).toEqual({ start: 1_000_000, end: 1_000_099 });
      expect(part.info.size).toBe(big.length);
    });

    it('reads bucket configuration', async (t) => {
      if (!f) return t.skip();
      const c = await f.storage.getBucketConfiguration('contract-a');
      expect(c.policy && JSON.parse(c.policy).Statement[0].Action).toBe('s3:DeleteBucket');
      expect(c.tags).toEqual([{ Key: 'team', Value: 'data' }]);
      expect(c.versioning).toBe('Unversioned');
      expect(c.grants.some((g) => g.permission === 'FULL_CONTROL')).toBe(true);
      expect(c.ownerAccountId).not.toBe('');
    });

    it('fails with typed causes: NoSuchBucket and NoSuchKey', async (t) => {
      if (!f) return t.skip();
      const missingBucket = await f.storage.listObjects('contract-missing').catch((e) => e);
      expect(missingBucket).toBeInstanceOf(StorageError);
      expect(missingBucket.reason).toBe('NoSuchBucket');
      expect(missingBucket.details.operation).toBe('ListObjectsV2');
      const missingKey = await f.storage.readObject('contract-a', 'nope').catch((e) => e);
      expect(missingKey.reason).toBe('NoSuchKey');
      const cfg = await f.storage.getBucketConfiguration('contract-missing').catch((e) => e);
      expect(cfg.reason).toBe('NoSuchBucket');
    });
  });
}
