import { mkdtempSync, rmSync, existsSync, mkdirSync, writeFileSync, readdirSync, readFileSync, readlinkSync, utimesSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, it, expect } from 'vitest';
import { ManualClock, randomIds, MasterKey } from '../common/index.js';
import { openStore } from '../store/index.js';
import { EmbeddedStore } from './embedded.js';
import { embeddedStorage } from './embedded-reader.js';
import { OFF_THREAD_MD5_MIN_BYTES } from './files.js';
import { createHash } from 'node:crypto';
import { describeStorageContract } from './storage.contract.js';

const ACCOUNT = '111122223333';

async function embeddedFixture() {
  const dir = mkdtempSync(join(tmpdir(), 'sift-storage-'));
  const store = await openStore(':memory:');
  const engine = new EmbeddedStore({ db: store.db, clock: new ManualClock(), ids: randomIds, dataDir: dir, masterKey: MasterKey.generate() });
  await engine.open();
  return { dir, store, engine };
}

describeStorageContract('embedded', async () => {
  const { dir, store, engine } = await embeddedFixture();
  return {
    storage: embeddedStorage(engine, ACCOUNT),
    createBucket: (bucket) => engine.createBucket({ bucket, accountId: ACCOUNT, region: 'us-east-1' }),
    putObject: async (bucket, key, body, o = {}) => {
      await engine.putObject(bucket, key, Readable.from([body]), { headers: { ContentType: o.contentType, Metadata: o.metadata }, tags: o.tags });
    },
    putBucketPolicy: (bucket, policy) => engine.setBucketField(bucket, 'policy', policy),
    putBucketTags: (bucket, tags) => engine.setBucketField(bucket, 'tags', JSON.stringify(tags)),
    close: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

describe('embedded store crash safety', () => {
  it('drops half-written temp files and unreferenced object files on open, not those of another live process', async () => {
    const { dir, store, engine } = await embeddedFixture();
    await engine.createBucket({ bucket: 'crash', accountId: ACCOUNT, region: 'us-east-1' });
    await engine.putObject('crash', 'kept', Readable.from([Buffer.from('ok')]), { headers: {} });
    // What SIGKILL leaves: a temp file mid-upload, and a renamed file whose metadata never committed.
    writeFileSync(join(dir, 'objects', '.tmp', 'partial'), Buffer.alloc(1000));
    mkdirSync(join(dir, 'objects', 'ff'), { recursive: true });
    writeFileSync(join(dir, 'objects', 'ff', 'ff00'), Buffer.alloc(10));
    const longAgo = new Date(Date.now() - 2 * 3_600_000);
    utimesSync(join(dir, 'objects', '.tmp', 'partial'), longAgo, longAgo);
    utimesSync(join(dir, 'objects', 'ff', 'ff00'), longAgo, longAgo);
    // A fresh temp file of a process on this host that has exited (SIGKILL mid-upload, then a restart): dropped.
    const host = hostname().replace(/[^A-Za-z0-9-]/g, '_');
    const exited = spawnSync(process.execPath, ['-e', '0']).pid;
    writeFileSync(join(dir, 'objects', '.tmp', `${host}.${exited}.0123abcd`), Buffer.alloc(10));
    // Another process sharing the data directory, mid-upload and between rename and commit: left alone (this test's
    // own pid stands for a live writer on this host).
    writeFileSync(join(dir, 'objects', '.tmp', 'live'), Buffer.alloc(10));
    writeFileSync(join(dir, 'objects', '.tmp', `${host}.${process.pid}.live`), Buffer.alloc(10));
    writeFileSync(join(dir, 'objects', 'ff', 'ff01'), Buffer.alloc(10));
    const restarted = new EmbeddedStore({ db: store.db, clock: new ManualClock(), ids: randomIds, dataDir: dir, masterKey: MasterKey.generate() });
    await restarted.open();
    expect(await restarted.sweepOrphans()).toBe(1);
    expect(readdirSync(join(dir, 'objects', '.tmp')).sort()).toEqual([`${host}.${process.pid}.live`, 'live'].sort());
    expect(existsSync(join(dir, 'objects', 'ff', 'ff00'))).toBe(false);
    expect(existsSync(join(dir, 'objects', 'ff', 'ff01'))).toBe(true);
    expect((await restarted.listObjects('crash')).objects.map((o) => o.key)).toEqual(['kept']);
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('embedded store encryption at rest', () => {
  it('writes object files sealed, and reads a legacy plaintext object as it is, reporting no encryption', async () => {
    const { dir, store, engine } = await embeddedFixture();
    await engine.createBucket({ bucket: 'rest', accountId: ACCOUNT, region: 'us-east-1' });
    const secret = Buffer.from('ssn 123-45-6789 '.repeat(100));
    await engine.putObject('rest', 'sealed', Readable.from([secret]), { headers: {} });
    const sealed = await engine.object('rest', 'sealed');
    expect(sealed.encryption).toEqual({ ServerSideEncryption: 'AES256' });
    expect(readFileSync(join(dir, 'objects', sealed.segments[0]!.f)).includes(Buffer.from('123-45-6789'))).toBe(false);
    // What an earlier version left: the same kind of row, its file in clear and no data key.
    const legacyFile = 'ab/legacy';
    mkdirSync(join(dir, 'objects', 'ab'), { recursive: true });
    writeFileSync(join(dir, 'objects', legacyFile), secret);
    await store.db
      .insertInto('s3_objects')
      .values({ bucket: 'rest', key: 'legacy', size: secret.length, etag: '"x"', last_modified: 0, storage_class: 'STANDARD', headers: '{}', tags: null, encryption: '{"ServerSideEncryption":"AES256"}', acl: 'private', segments: JSON.stringify([{ f: legacyFile, n: secret.length }]), parts_count: null, checksums: null })
      .execute();
    const legacy = await engine.object('rest', 'legacy');
    expect(legacy.encryption).toBeUndefined();
    const chunks: Buffer[] = [];
    for await (const c of await engine.readBytes(legacy, { start: 4, end: 14 })) chunks.push(c as Buffer);
    expect(Buffer.concat(chunks).toString()).toBe('123-45-6789');
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('embedded store reads', () => {
  // Files of this process open under `dir` (Linux's /proc/self/fd).
  const openUnder = (dir: string) =>
    readdirSync('/proc/self/fd').filter((fd) => {
      try {
        return readlinkSync(join('/proc/self/fd', fd)).startsWith(dir);
      } catch {
        return false; // closed meanwhile (the readdir handle itself)
      }
    });

  it.skipIf(!existsSync('/proc/self/fd'))('hold no file open for an object whose body is taken and never read', async () => {
    const { dir, store, engine } = await embeddedFixture();
    try {
      await engine.createBucket({ bucket: 'small', accountId: ACCOUNT, region: 'us-east-1' });
      const obj = await engine.putObject('small', 'k', Readable.from([Buffer.from('hello')]), { headers: {} });
      const unread = await engine.readBytes(obj);
      expect(openUnder(dir)).toEqual([]);
      unread.destroy();
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('large object writes', () => {
  // The MD5 (ETag) of a body declared at least OFF_THREAD_MD5_MIN_BYTES long is computed off the main thread (libuv's
  // pool with the addon, else a worker thread) while the main thread seals and writes the same bytes; the result must
  // be the same as the inline path's.
  const body = (bytes: number) => {
    const b = Buffer.allocUnsafe(bytes);
    for (let i = 0; i + 4 <= bytes; i += 4) b.writeUInt32LE(Math.imul(i, 2654435761) >>> 0, i);
    b.fill(7, bytes - (bytes % 4));
    return b;
  };
  // Socket-sized pieces that straddle batch and chunk boundaries.
  const pieces = (b: Buffer) => Array.from({ length: Math.ceil(b.length / 65_000) }, (_, i) => b.subarray(i * 65_000, (i + 1) * 65_000));

  it('hash off the main thread and read back byte for byte, with and without a range', async () => {
    const { dir, store, engine } = await embeddedFixture();
    try {
      await engine.createBucket({ bucket: 'big', accountId: ACCOUNT, region: 'us-east-1' });
      const { offThreadMd5Stats } = await import('./off-thread-md5.js');
      const { pooledMd5Stats } = await import('./files.js');
      const { slabStats } = await import('./object-cipher.js');
      const { nativeAead } = await import('./native-aead.js');
      const reusedBefore = slabStats.reused;
      for (const size of [OFF_THREAD_MD5_MIN_BYTES, 20 * 1024 * 1024 + 12_345]) {
        const data = body(size);
        const before = offThreadMd5Stats.updates + pooledMd5Stats.updates;
        const obj = await engine.putObject('big', `k${size}`, Readable.from(pieces(data)), { headers: {}, sizeHint: size });
        expect(offThreadMd5Stats.updates + pooledMd5Stats.updates).toBeGreaterThan(before);
        expect(obj.etag).toBe(`"${createHash('md5').update(data).digest('hex')}"`);
        const read = async (range?: { start: number; end: number }) => Buffer.concat(await (await engine.readBytes(obj, range)).toArray());
        expect((await read()).equals(data)).toBe(true);
        expect((await read({ start: 1_048_570, end: 3_000_000 })).equals(data.subarray(1_048_570, 3_000_001))).toBe(true);
      }
      // With the native cipher the sealed slabs come back from the file writer and are sealed into again.
      if (nativeAead()) expect(slabStats.reused).toBeGreaterThan(reusedBefore);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a large body over the limit fails and leaves no file behind', async () => {
    const { dir, store, engine } = await embeddedFixture();
    try {
      const data = body(OFF_THREAD_MD5_MIN_BYTES + 4096);
      const tooLarge = new Error('too large');
      await expect(engine.files.write(Readable.from(pieces(data)), OFF_THREAD_MD5_MIN_BYTES, () => tooLarge, undefined, data.length)).rejects.toBe(tooLarge);
      expect(readdirSync(join(dir, 'objects', '.tmp'))).toEqual([]);
      // The batches of the failed write go back to the pool; the next large write is whole.
      const ok = await engine.files.write(Readable.from(pieces(data)), data.length, () => tooLarge, undefined, data.length);
      expect(ok.md5Hex).toBe(createHash('md5').update(data).digest('hex'));
      expect(readFileSync(engine.files.path(ok.file)).equals(data)).toBe(true);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('additional checksums known after the last byte', () => {
  it('putObject and uploadPart ask for them once the body has been read (an aws-chunked trailer arrives last)', async () => {
    const { dir, store, engine } = await embeddedFixture();
    try {
      await engine.createBucket({ bucket: 'trailer', accountId: ACCOUNT, region: 'us-east-1' });
      // The value appears only when the body ends, as the protocol sets a trailer's checksum.
      const bodyWithTrailer = (sums: Record<string, string>, value: string) => {
        const body = Readable.from([Buffer.from('abc'), Buffer.from('def')]);
        body.once('end', () => (sums.crc32 = value));
        return body;
      };
      const sums: Record<string, string> = {};
      const seen: Record<string, string>[] = [];
      await engine.putObject('trailer', 'whole', bodyWithTrailer(sums, 'AAAAAQ=='), { headers: {}, checksums: () => (seen.push({ ...sums }), sums) });
      expect(seen).toEqual([{ crc32: 'AAAAAQ==' }]);
      expect((await engine.findObject('trailer', 'whole'))!.checksums).toEqual({ crc32: 'AAAAAQ==' });
      // The plain form is kept as it is.
      await engine.putObject('trailer', 'plain', Readable.from([Buffer.from('x')]), { headers: {}, checksums: { crc32c: 'AAAAAg==' } });
      expect((await engine.findObject('trailer', 'plain'))!.checksums).toEqual({ crc32c: 'AAAAAg==' });
      const up = await engine.createMultipartUpload('trailer', 'parts', ACCOUNT, { headers: {}, checksumAlgorithm: 'CRC32' });
      const partSums: Record<string, string> = {};
      const part = await engine.uploadPart('trailer', 'parts', up.uploadId, 1, bodyWithTrailer(partSums, 'AAAAAw=='), () => partSums.crc32);
      expect(part.checksum).toBe('AAAAAw==');
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
