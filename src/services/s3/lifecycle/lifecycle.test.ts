// Lifecycle rules: S3's checks, its day arithmetic (next midnight UTC), rule selection, and the sweeper over a real
// embedded store: NewerNoncurrentVersions kept, Object Lock honoured, tag and size filters, Disabled rules ignored,
// and sweeps started by the timer once the clock moves.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ManualClock, MasterKey, randomIds, silentLogger } from '../../../common/index.js';
import { openStore } from '../../../store/index.js';
import { EmbeddedStore } from '../../../storage/index.js';
import type * as T from '../../../models/s3/index.js';
import { canTransition, createLifecycleSweeper, currentExpiry, removesExpiredDeleteMarker, dueNoncurrentTransition, dueTransition, dueAfterDays, expirationHeader, noncurrentExpiry, ruleSelects, uploadAbortAt, validateLifecycleConfiguration } from './index.js';

const DAY = 86_400_000;
const rule = (r: Partial<T.LifecycleRule>): T.LifecycleRule => ({ ID: 'r', Status: 'Enabled', Filter: {}, ...r });
const code = (f: () => unknown) => {
  try {
    f();
    return 'ok';
  } catch (e) {
    return `${(e as { code: string }).code}: ${(e as Error).message}`;
  }
};

describe('lifecycle configuration checks', () => {
  it('answers S3’s errors', () => {
    const v = (rules: T.LifecycleRule[]) => code(() => validateLifecycleConfiguration({ Rules: rules }));
    expect(v([])).toMatch(/^MalformedXML/);
    expect(v([rule({ Filter: undefined, Expiration: { Days: 1 } })])).toMatch(/^MalformedXML/);
    expect(v([rule({ Prefix: 'a', Expiration: { Days: 1 } })])).toMatch(/^MalformedXML/);
    expect(v([rule({ Filter: { Prefix: 'a', Tag: { Key: 'k', Value: 'v' } }, Expiration: { Days: 1 } })])).toMatch(/^MalformedXML/);
    expect(v([rule({ Filter: { And: { Tags: [{ Key: 'k', Value: '1' }, { Key: 'k', Value: '2' }] } }, Expiration: { Days: 1 } })])).toBe('InvalidArgument: Duplicate Tag Keys are not allowed.');
    expect(v([rule({ Filter: { And: { ObjectSizeGreaterThan: 10, ObjectSizeLessThan: 10 } }, Expiration: { Days: 1 } })])).toMatch(/^InvalidArgument/);
    expect(v([rule({ ID: 'x'.repeat(256), Expiration: { Days: 1 } })])).toBe('InvalidArgument: ID length should not exceed allowed limit of 255');
    expect(v([rule({ NoncurrentVersionExpiration: { NoncurrentDays: 1, NewerNoncurrentVersions: 101 } })])).toMatch(/^InvalidArgument/);
    expect(v([rule({ Filter: { ObjectSizeGreaterThan: 5 }, Expiration: { ExpiredObjectDeleteMarker: true } })])).toMatch(/^InvalidRequest/);
    expect(v([rule({ Expiration: { Date: new Date(Date.UTC(2030, 0, 1)) } })])).toBe('ok');
    expect(v([rule({ NoncurrentVersionTransitions: [{ NoncurrentDays: 29, StorageClass: 'ONEZONE_IA' }] })])).toMatch(/^InvalidArgument/);
    expect(v([rule({ Transitions: [{ Days: 30, StorageClass: 'GLACIER' }, { Days: 60, StorageClass: 'GLACIER' }] })])).toMatch(/^InvalidArgument/);
    expect(v([rule({ Transitions: [{ Days: 30, StorageClass: 'STANDARD_IA' }, { Date: new Date(Date.UTC(2030, 0, 1)), StorageClass: 'GLACIER' }] })])).toMatch(/^InvalidRequest/);
    expect(v([rule({ Transitions: [{ Days: 30, StorageClass: 'STANDARD_IA' }, { Days: 0, StorageClass: 'GLACIER' }], NoncurrentVersionTransitions: [{ NoncurrentDays: 0, StorageClass: 'DEEP_ARCHIVE' }] })])).toBe('ok');
    expect(v(Array.from({ length: 1000 }, (_, i) => rule({ ID: `r${i}`, Expiration: { Days: 1 } })))).toBe('ok');
    expect(v(Array.from({ length: 1001 }, (_, i) => rule({ ID: `r${i}`, Expiration: { Days: 1 } })))).toMatch(/^InvalidRequest/);
    expect(code(() => validateLifecycleConfiguration({ Rules: [rule({ Expiration: { Days: 1 } })] }, 'bogus' as never))).toMatch(/^InvalidArgument/);
  });
});

describe('lifecycle evaluation', () => {
  it('rounds to the next midnight UTC', () => {
    const created = Date.UTC(2014, 0, 15, 10, 30);
    // S3's example: created 15 January 10:30 UTC, 3 days → 19 January 00:00 UTC.
    expect(new Date(dueAfterDays(created, 3)).toISOString()).toBe('2014-01-19T00:00:00.000Z');
    expect(new Date(dueAfterDays(Date.UTC(2014, 0, 15, 23, 59), 1)).toISOString()).toBe('2014-01-17T00:00:00.000Z');
  });

  it('selects by prefix, tags and size, and takes the earliest expiration of enabled rules', () => {
    const o = { key: 'logs/a', size: 100, tags: [{ Key: 'tier', Value: 'tmp' }, { Key: 'team', Value: 'x' }], lastModifiedMs: Date.UTC(2026, 0, 1, 12) };
    expect(ruleSelects(rule({ Filter: { And: { Prefix: 'logs/', Tags: [{ Key: 'tier', Value: 'tmp' }], ObjectSizeGreaterThan: 99 } } }), o)).toBe(true);
    expect(ruleSelects(rule({ Filter: { And: { Prefix: 'logs/', ObjectSizeLessThan: 100 } } }), o)).toBe(false);
    expect(ruleSelects(rule({ Filter: { Tag: { Key: 'tier', Value: 'keep' } } }), o)).toBe(false);
    expect(ruleSelects(rule({ Filter: undefined, Prefix: 'logs/' }), o)).toBe(true);
    const config = validateLifecycleConfiguration({
      Rules: [
        rule({ ID: 'slow', Expiration: { Days: 30 } }),
        rule({ ID: 'fast', Filter: { Prefix: 'logs/' }, Expiration: { Days: 2 } }),
        rule({ ID: 'off', Status: 'Disabled', Expiration: { Days: 1 } }),
      ],
    });
    expect(currentExpiry(config, o)).toEqual({ at: Date.UTC(2026, 0, 4), ruleId: 'fast' });
    expect(expirationHeader(config, o)).toBe('expiry-date="Sun, 04 Jan 2026 00:00:00 GMT", rule-id="fast"');
    const keep2 = validateLifecycleConfiguration({ Rules: [rule({ NoncurrentVersionExpiration: { NoncurrentDays: 1, NewerNoncurrentVersions: 2 } })] });
    expect(noncurrentExpiry(keep2, o, Date.UTC(2026, 0, 1), 1, false)).toBeUndefined();
    expect(noncurrentExpiry(keep2, o, Date.UTC(2026, 0, 1), 2, false)).toBe(Date.UTC(2026, 0, 3));
    const tagged = validateLifecycleConfiguration({ Rules: [rule({ Filter: { Tag: { Key: 'a', Value: 'b' } }, Expiration: { Days: 1 } }), rule({ ID: 'u', Filter: { Prefix: 'up/' }, AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 } })] });
    expect(uploadAbortAt(tagged, 'up/x', Date.UTC(2026, 0, 1))).toBe(Date.UTC(2026, 0, 9));
    expect(uploadAbortAt(tagged, 'other', Date.UTC(2026, 0, 1))).toBeUndefined();
    // Expired object delete markers go with ExpiredObjectDeleteMarker, or with a Days (or passed Date) expiration.
    expect(removesExpiredDeleteMarker(config, 'logs/a')).toBe(true);
    expect(removesExpiredDeleteMarker(tagged, 'x')).toBe(false);
    const dated = validateLifecycleConfiguration({ Rules: [rule({ Expiration: { Date: new Date(Date.UTC(2026, 5, 1)) } })] });
    expect(removesExpiredDeleteMarker(dated, 'k', Date.UTC(2026, 4, 1))).toBe(false);
    expect(removesExpiredDeleteMarker(dated, 'k', Date.UTC(2026, 5, 2))).toBe(true);
  });

  it('moves objects down the storage class waterfall only, and keeps small objects unless told otherwise', () => {
    expect(canTransition('STANDARD', 'GLACIER')).toBe(true);
    expect(canTransition('GLACIER', 'STANDARD_IA')).toBe(false);
    expect(canTransition('ONEZONE_IA', 'GLACIER_IR')).toBe(false);
    expect(canTransition('GLACIER', 'GLACIER')).toBe(false);
    const rules = [rule({ Transitions: [{ Days: 30, StorageClass: 'STANDARD_IA' }, { Days: 90, StorageClass: 'GLACIER' }] })];
    const big = { key: 'k', size: 200 * 1024, tags: [], lastModifiedMs: Date.UTC(2026, 0, 1, 12), storageClass: 'STANDARD' };
    const config = validateLifecycleConfiguration({ Rules: rules });
    expect(dueTransition(config, big, Date.UTC(2026, 1, 1))).toBe('STANDARD_IA');
    expect(dueTransition(config, big, Date.UTC(2026, 3, 2))).toBe('GLACIER');
    expect(dueTransition(config, { ...big, size: 1000 }, Date.UTC(2026, 3, 2))).toBeUndefined();
    expect(dueTransition(validateLifecycleConfiguration({ Rules: rules }, 'varies_by_storage_class'), { ...big, size: 1000 }, Date.UTC(2026, 3, 2))).toBe('GLACIER');
    expect(dueTransition(config, { ...big, storageClass: 'DEEP_ARCHIVE' }, Date.UTC(2026, 3, 2))).toBeUndefined();
    const nc = validateLifecycleConfiguration({ Rules: [rule({ NoncurrentVersionTransitions: [{ NoncurrentDays: 0, StorageClass: 'GLACIER', NewerNoncurrentVersions: 1 }] })] });
    expect(dueNoncurrentTransition(nc, { ...big }, Date.UTC(2026, 0, 1, 12), 0, Date.UTC(2026, 0, 3))).toBeUndefined();
    expect(dueNoncurrentTransition(nc, { ...big }, Date.UTC(2026, 0, 1, 12), 1, Date.UTC(2026, 0, 2))).toBe('GLACIER');
  });
});

async function fixture() {
  const dir = mkdtempSync(join(tmpdir(), 'sift-lifecycle-'));
  const db = await openStore(':memory:');
  const clock = new ManualClock(Date.UTC(2026, 0, 1, 12));
  const store = new EmbeddedStore({ db: db.db, clock, ids: randomIds, dataDir: dir, masterKey: MasterKey.generate() });
  await store.open();
  const sweeper = createLifecycleSweeper({ db: db.db, store, clock, logger: silentLogger });
  const put = (bucket: string, key: string, options: { tags?: { Key: string; Value: string }[]; body?: string } = {}) =>
    store.putObject(bucket, key, Readable.from([Buffer.from(options.body ?? 'x')]), { headers: {}, tags: options.tags });
  const configure = (bucket: string, rules: T.LifecycleRule[]) => store.setBucketField(bucket, 'lifecycle', JSON.stringify(validateLifecycleConfiguration({ Rules: rules })));
  return { db: db.db, store, clock, sweeper, put, configure, close: async () => { await db.close(); rmSync(dir, { recursive: true, force: true }); } };
}

describe('the lifecycle sweeper', () => {
  it('keeps NewerNoncurrentVersions, honours tag and size filters and Object Lock, and ignores Disabled rules', async () => {
    const { store, clock, sweeper, put, configure, close } = await fixture();
    try {
      await store.createBucket({ bucket: 'vers', accountId: '111122223333', region: 'us-east-1', objectLock: true });
      await configure('vers', [rule({ ID: 'nc', NoncurrentVersionExpiration: { NoncurrentDays: 1, NewerNoncurrentVersions: 1 } })]);
      const versions = [];
      for (const body of ['1', '2', '3', '4']) versions.push(await put('vers', 'k', { body }));
      // The oldest noncurrent version is under a legal hold: Object Lock keeps it.
      await store.updateVersion(await store.version('vers', 'k', versions[0]!.versionId), { legal_hold: 1 });
      clock.advance(3 * DAY);
      const done = await sweeper.sweep();
      // Noncurrent: 3, 2, 1 (newest first). One is kept (3); 2 goes; 1 is held.
      expect(done.noncurrentRemoved).toBe(1);
      const left = (await store.listVersions('vers', {})).entries.map((e) => e.versionId);
      expect(left).toEqual([versions[3]!.versionId, versions[2]!.versionId, versions[0]!.versionId]);

      await store.createBucket({ bucket: 'plain', accountId: '111122223333', region: 'us-east-1' });
      await configure('plain', [
        rule({ ID: 'tagged', Filter: { And: { Tags: [{ Key: 'tier', Value: 'tmp' }], ObjectSizeGreaterThan: 2 } }, Expiration: { Days: 1 } }),
        rule({ ID: 'off', Status: 'Disabled', Filter: { Prefix: 'keep' }, Expiration: { Days: 1 } }),
      ]);
      await put('plain', 'big-tmp', { tags: [{ Key: 'tier', Value: 'tmp' }], body: 'abcdef' });
      await put('plain', 'small-tmp', { tags: [{ Key: 'tier', Value: 'tmp' }], body: 'a' });
      await put('plain', 'big-untagged', { body: 'abcdef' });
      await put('plain', 'keep-1', { body: 'abcdef' });
      clock.advance(3 * DAY);
      expect((await sweeper.sweep()).expired).toBe(1);
      expect((await store.listObjects('plain')).objects.map((o) => o.key)).toEqual(['big-untagged', 'keep-1', 'small-tmp']);
    } finally {
      await close();
    }
  });

  it('sweeps from its timer once the clock passes the next sweep', async () => {
    const { db, store, clock, put, configure, close } = await fixture();
    try {
      await store.createBucket({ bucket: 'plain', accountId: '111122223333', region: 'us-east-1' });
      await configure('plain', [rule({ Expiration: { Days: 1 } })]);
      await put('plain', 'a');
      const sweeper = createLifecycleSweeper({ db, store, clock, logger: silentLogger, tickMs: 5 });
      sweeper.start();
      try {
        clock.advance(2 * DAY);
        const deadline = Date.now() + 10_000;
        while ((await store.listObjects('plain')).objects.length > 0) {
          if (Date.now() > deadline) throw new Error('the sweeper did not expire the object');
          await new Promise((r) => setTimeout(r, 10));
        }
      } finally {
        await sweeper.stop();
      }
    } finally {
      await close();
    }
  });
});
