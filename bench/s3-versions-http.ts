// Benchmark (prints figures, asserts nothing): ListObjectVersions through the whole server — SigV4, IAM
// authorization, the restXml serializer and CloudTrail data-event recording — with @aws-sdk/client-s3, over a bucket
// holding `keys` × `versionsPerKey` versions (issue 15: 1,000,000 versions of 10,000 keys), and the versioned PUT
// overhead through the API. bench/s3-versions.ts measures the store's listing alone.
// Run: npx tsx bench/s3-versions-http.ts [keys=10000] [versionsPerKey=100] [putRounds=500] [maxPages=all]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, ListObjectVersionsCommand, PutBucketVersioningCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { loadConfig, randomIds, silentLogger } from '../src/common/index.js';
import { createSift } from '../src/gateway/index.js';

const keys = Number(process.argv[2] ?? 10_000);
const perKey = Number(process.argv[3] ?? 100);
const putRounds = Number(process.argv[4] ?? 500);
const maxPages = Number(process.argv[5] ?? Infinity);

const dataDir = mkdtempSync(join(tmpdir(), 'sift-bench-versions-http-'));
const sift = await createSift({ config: loadConfig({ host: '127.0.0.1', port: 0, dataDir, logLevel: 'silent' }, {}), logger: silentLogger });
const endpoint = await sift.listen();
const s3 = new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, maxAttempts: 1, credentials: { accessKeyId: sift.root.accessKeyId, secretAccessKey: sift.root.secretAccessKey } });
for (const b of ['plain', 'versioned', 'history']) await s3.send(new CreateBucketCommand({ Bucket: b }));
for (const b of ['versioned', 'history']) await s3.send(new PutBucketVersioningCommand({ Bucket: b, VersioningConfiguration: { Status: 'Enabled' } }));

// Versioned PUT overhead through the API: the two buckets alternated, 50 keys overwritten.
const body = Buffer.alloc(256, 97);
let plainMs = 0;
let versionedMs = 0;
for (let i = 0; i < putRounds; i++) {
  const Key = `k-${i % 50}`;
  let t = performance.now();
  await s3.send(new PutObjectCommand({ Bucket: 'plain', Key, Body: body }));
  plainMs += performance.now() - t;
  t = performance.now();
  await s3.send(new PutObjectCommand({ Bucket: 'versioned', Key, Body: body }));
  versionedMs += performance.now() - t;
}
console.log(`PutObject over HTTP (256 B, 50 keys overwritten) x${putRounds}: unversioned ${(putRounds / (plainMs / 1000)).toFixed(0)}/s, versioned ${(putRounds / (versionedMs / 1000)).toFixed(0)}/s, overhead ${(((versionedMs - plainMs) / plainMs) * 100).toFixed(1)}%`);

// Fill the version table directly in batches (writing a million objects through PUT would measure PUT, done above).
const fillStart = performance.now();
const t0 = Date.now();
await sift.store.db.transaction().execute(async (tx) => {
  let rows = [];
  for (let k = 0; k < keys; k++) {
    for (let v = 0; v < perKey; v++) {
      const latest = v === perKey - 1;
      rows.push({
        bucket: 'history', key: `dir-${k % 10}/key-${String(k).padStart(6, '0')}`, version_id: randomIds.chars(32, 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'), seq: v + 1,
        is_delete_marker: latest && k % 7 === 0 ? 1 : 0, is_latest: latest ? 1 : 0, size: 256, etag: '"x"', last_modified: t0 + v,
        storage_class: 'STANDARD', headers: '{}', tags: null, encryption: null, acl: 'private', segments: '[]', parts_count: null, checksums: null,
        lock_mode: null, lock_until: null, legal_hold: null, restore_ready_at: null, restore_expires_at: null,
      });
      if (rows.length === 500) {
        await tx.insertInto('s3_object_versions').values(rows).execute();
        rows = [];
      }
    }
  }
  if (rows.length) await tx.insertInto('s3_object_versions').values(rows).execute();
});
console.log(`filled ${keys * perKey} versions of ${keys} keys in ${((performance.now() - fillStart) / 1000).toFixed(1)} s`);

// A new client: the first one's kept-alive sockets were closed by the server while the table filled.
const lister = new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, maxAttempts: 1, credentials: { accessKeyId: sift.root.accessKeyId, secretAccessKey: sift.root.secretAccessKey } });
for (const listing of [{}, { Prefix: 'dir-3/', Delimiter: '/' }]) {
  let pages = 0;
  let entries = 0;
  let KeyMarker: string | undefined;
  let VersionIdMarker: string | undefined;
  const t = performance.now();
  for (;;) {
    const page = await lister.send(new ListObjectVersionsCommand({ Bucket: 'history', MaxKeys: 1000, KeyMarker, VersionIdMarker, ...listing }));
    pages++;
    entries += (page.Versions?.length ?? 0) + (page.DeleteMarkers?.length ?? 0) + (page.CommonPrefixes?.length ?? 0);
    if (!page.IsTruncated || pages >= maxPages) break;
    KeyMarker = page.NextKeyMarker;
    VersionIdMarker = page.NextVersionIdMarker;
  }
  const s = (performance.now() - t) / 1000;
  console.log(`ListObjectVersions over HTTP${listing.Prefix ? ' (prefix dir-3/, delimiter /)' : ''}: ${entries} entries in ${pages} pages of 1,000, ${(pages / s).toFixed(1)} pages/s (${((s / pages) * 1000).toFixed(1)} ms a page)`);
}
await sift.close();
rmSync(dataDir, { recursive: true, force: true });
