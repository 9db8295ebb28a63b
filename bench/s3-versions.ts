// Benchmark (prints figures, asserts nothing): S3 versioning in the embedded store, on SQLite in a temp directory.
//   - versioned PUT overhead: the same small PUTs to a versioned and an unversioned bucket, alternated in one run;
//   - ListObjectVersions: pages of 1,000 per second over many versions of many keys (the store's listing, no HTTP).
// Run: npx tsx bench/s3-versions.ts [keys=2000] [versionsPerKey=20] [putRounds=2000]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { ManualClock, randomIds, MasterKey } from '../src/common/index.js';
import { EmbeddedStore } from '../src/storage/index.js';
import { openStore } from '../src/store/index.js';

const keys = Number(process.argv[2] ?? 2000);
const perKey = Number(process.argv[3] ?? 20);
const putRounds = Number(process.argv[4] ?? 2000);
const ACCOUNT = '111122223333';

const dir = mkdtempSync(join(tmpdir(), 'sift-bench-versions-'));
const store = await openStore(join(dir, 'sift.db'));
const clock = new ManualClock(Date.UTC(2026, 2, 1));
const s3 = new EmbeddedStore({ db: store.db, clock, ids: randomIds, dataDir: dir, masterKey: MasterKey.generate() });
await s3.open();
for (const b of ['plain', 'versioned', 'history']) await s3.createBucket({ bucket: b, accountId: ACCOUNT, region: 'us-east-1' });
await s3.setBucketField('versioned', 'versioning', 'Enabled');
await s3.setBucketField('history', 'versioning', 'Enabled');
const body = Buffer.alloc(256, 97);
const put = (bucket: string, key: string) => s3.putObject(bucket, key, Readable.from([body]), { headers: {} });

// Versioned PUT overhead: alternate the two buckets so that both see the same machine load; 50 keys overwritten.
let plainMs = 0;
let versionedMs = 0;
for (let i = 0; i < putRounds; i++) {
  const key = `k-${i % 50}`;
  let t = performance.now();
  await put('plain', key);
  plainMs += performance.now() - t;
  t = performance.now();
  await put('versioned', key);
  versionedMs += performance.now() - t;
  clock.advance(1);
}
console.log(`PUT (256 B, overwriting 50 keys) x${putRounds}: unversioned ${(putRounds / (plainMs / 1000)).toFixed(0)}/s, versioned ${(putRounds / (versionedMs / 1000)).toFixed(0)}/s, overhead ${(((versionedMs - plainMs) / plainMs) * 100).toFixed(1)}%`);

// Fill: many versions of many keys, written straight into the tables in batches (the PUT path is measured above).
const fillStart = performance.now();
const total = keys * perKey;
await store.db.transaction().execute(async (tx) => {
  const rows = [];
  for (let k = 0; k < keys; k++) {
    for (let v = 0; v < perKey; v++) {
      rows.push({
        bucket: 'history', key: `dir-${k % 10}/key-${String(k).padStart(6, '0')}`, version_id: randomIds.chars(32, 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'), seq: v + 1,
        is_delete_marker: v === perKey - 1 && k % 7 === 0 ? 1 : 0, is_latest: v === perKey - 1 && k % 7 === 0 ? 1 : 0, size: 256, etag: '"x"', last_modified: Date.UTC(2026, 2, 1) + v,
        storage_class: 'STANDARD', headers: '{}', tags: null, encryption: null, acl: 'private', segments: '[]', parts_count: null, checksums: null,
        lock_mode: null, lock_until: null, legal_hold: null, restore_ready_at: null, restore_expires_at: null,
      });
      if (rows.length === 500) await tx.insertInto('s3_object_versions').values(rows.splice(0)).execute();
    }
  }
  if (rows.length) await tx.insertInto('s3_object_versions').values(rows).execute();
});
console.log(`filled ${total} versions of ${keys} keys in ${((performance.now() - fillStart) / 1000).toFixed(1)} s`);

for (const delimiter of [undefined, '/']) {
  let pages = 0;
  let entries = 0;
  let keyMarker: string | undefined;
  let versionIdMarker: string | undefined;
  const t = performance.now();
  const cpu = process.cpuUsage();
  for (;;) {
    const page = await s3.listVersions('history', { maxKeys: 1000, keyMarker, versionIdMarker, ...(delimiter ? { delimiter, prefix: 'dir-3/' } : {}) });
    pages++;
    entries += page.entries.length + page.commonPrefixes.length;
    if (!page.truncated) break;
    keyMarker = page.nextKeyMarker;
    versionIdMarker = page.nextVersionIdMarker;
  }
  const s = (performance.now() - t) / 1000;
  const used = process.cpuUsage(cpu);
  const cpuS = (used.user + used.system) / 1e6;
  // The machine is shared: CPU seconds say what a page costs, wall seconds what this run got.
  console.log(`ListObjectVersions${delimiter ? ` (prefix dir-3/, delimiter /)` : ''}: ${entries} entries in ${pages} pages, ${(pages / s).toFixed(1)} pages/s wall, ${(pages / cpuS).toFixed(1)} pages per CPU-second`);
}
await store.close();
rmSync(dir, { recursive: true, force: true });
