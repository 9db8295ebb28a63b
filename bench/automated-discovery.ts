// `npx tsx bench/automated-discovery.ts`: one automated sensitive data discovery run over many buckets of small
// objects in the embedded store (issue 16). The objects' metadata rows are written straight into the store (their
// bytes shared by a few files), so the run lists, samples and scans what a server with that many objects would.
// Prints objects listed and selected per second (planning), objects scanned, end-to-end time and peak RSS.
// Size: BUCKETS (default 1000) × OBJECTS (per bucket, default 1000); RUN_MB is the run's byte budget (default 8:
// with 1,000 buckets each gets 8 KiB, some 50 of its small objects, so the run scans ~50,000 objects).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { ManualClock, MasterKey, randomIds } from '../src/common/index.js';
import { AutomatedDiscovery, ensureConfig } from '../src/jobs/index.js';
import { InProcessQueue } from '../src/queue/index.js';
import { classifiabilityOf } from '../src/services/macie2/inventory/index.js';
import { createStorage } from '../src/storage/index.js';
import { openStore } from '../src/store/index.js';

const BUCKETS = Number(process.env.BUCKETS ?? 1000);
const OBJECTS = Number(process.env.OBJECTS ?? 1000);
const RUN_MB = Number(process.env.RUN_MB ?? 8);
const ACCOUNT = '111122223333';
const REGION = 'us-east-1';

const dir = mkdtempSync(join(tmpdir(), 'sift-bench-ad-'));
const store = await openStore(join(dir, 'sift.db'));
const clock = new ManualClock(Date.parse('2026-03-10T12:00:00Z'));
const storage = await createStorage({ store, clock, ids: randomIds, dataDir: dir, masterKey: MasterKey.generate(), encryptAtRest: false });

// A few real objects whose files every generated row shares.
const CARDS = ['4556737586899855', '4539148803436467', '4916338506082832'];
const seeds: Array<{ ext: string; body: string }> = [
  { ext: 'csv', body: `name,credit card number\nAnn,${CARDS[0]}\nBo,${CARDS[1]}\n` },
  { ext: 'txt', body: 'Meeting notes: the roadmap, the weather and lunch.\n'.repeat(4) },
  { ext: 'json', body: JSON.stringify({ order: { id: 7, total: 12.5, note: 'nothing to see' } }) },
  { ext: 'log', body: '2026-03-10T12:00:00Z INFO request served latency=12ms\n'.repeat(3) },
  { ext: 'bin', body: 'not a supported type' },
];
await storage.embedded.createBucket({ bucket: 'bench-seed', accountId: ACCOUNT, region: REGION });
const loadSeedRow = (key: string) => store.db.selectFrom('s3_objects').selectAll().where('bucket', '=', 'bench-seed').where('key', '=', key).executeTakeFirstOrThrow();
const seedRows: Array<Awaited<ReturnType<typeof loadSeedRow>>> = [];
for (const s of seeds) {
  await storage.embedded.putObject('bench-seed', `seed.${s.ext}`, Readable.from([Buffer.from(s.body)]), { headers: { ContentType: 'text/plain' } });
  seedRows.push(await loadSeedRow(`seed.${s.ext}`));
}
await store.db.deleteFrom('s3_objects').where('bucket', '=', 'bench-seed').execute();
await store.db.deleteFrom('s3_buckets').where('name', '=', 'bench-seed').execute();

let t0 = performance.now();
const PREFIXES = ['hr', 'finance', 'logs', 'app', 'exports'];
for (let b = 0; b < BUCKETS; b++) {
  const bucket = `bench-${String(b).padStart(5, '0')}`;
  await storage.embedded.createBucket({ bucket, accountId: ACCOUNT, region: REGION });
  const rows = Array.from({ length: OBJECTS }, (_, i) => {
    const seed = seedRows[(b + i) % seedRows.length]!;
    return { ...seed, bucket, key: `${PREFIXES[i % PREFIXES.length]}/${Math.floor(i / 50)}/obj-${i}.${seed.key.split('.')[1]}` };
  });
  await store.db.transaction().execute(async (trx) => {
    for (let i = 0; i < rows.length; i += 500) await trx.insertInto('s3_objects').values(rows.slice(i, i + 500)).execute();
  });
}
const loadS = (performance.now() - t0) / 1000;
console.log(`loaded ${BUCKETS} buckets × ${OBJECTS} objects = ${BUCKETS * OBJECTS} object rows in ${loadS.toFixed(1)} s`);

const queue = new InProcessQueue({ backoffMs: 1, maxAttempts: 2 });
const discovery = new AutomatedDiscovery({
  store, clock, ids: randomIds, queue, storage,
  classifiable: (key, storageClass) => classifiabilityOf(key, storageClass) === 'classifiable',
  options: { runBudgetBytes: RUN_MB * 1024 * 1024, minBucketShareBytes: 1024 },
});
queue.process(discovery.handlers(), { concurrency: 4 });
await ensureConfig(store.db, randomIds, ACCOUNT, REGION, clock.nowMs());
await store.db.updateTable('macie_ad_config').set({ status: 'ENABLED', first_enabled_at: clock.nowMs(), next_run_at: clock.nowMs() }).execute();

let peakRss = process.memoryUsage().rss;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 200);
t0 = performance.now();
await discovery.tick();
let planS = 0;
for (;;) {
  const run = await store.db.selectFrom('macie_ad_runs').select(['run_id', 'status', 'resolved']).executeTakeFirstOrThrow();
  if (!planS && Number(run.resolved) === 1) {
    const pending = await store.db.selectFrom('macie_ad_run_buckets').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', 'PENDING').executeTakeFirstOrThrow();
    if (Number(pending.n) === 0) planS = (performance.now() - t0) / 1000;
  }
  if (run.status === 'COMPLETE') break;
  await new Promise((r) => setTimeout(r, 20));
}
const totalS = (performance.now() - t0) / 1000;
await queue.idle();
clearInterval(sampler);
const selected = await store.db.selectFrom('macie_ad_run_buckets').select((eb) => eb.fn.sum<number>('selected').as('n')).executeTakeFirstOrThrow();
const scanned = await store.db.selectFrom('macie_ad_objects').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
const scores = await store.db.selectFrom('macie_ad_buckets').select(['score']).execute();
const listed = BUCKETS * OBJECTS;
console.log(`planning (list + sample every bucket): ${planS.toFixed(2)} s, ${(listed / planS).toFixed(0)} objects listed/s, ${Number(selected.n)} selected (${(Number(selected.n) / planS).toFixed(0)} selected/s)`);
console.log(`run end to end: ${totalS.toFixed(2)} s, ${Number(scanned.n)} objects analysed (${(Number(scanned.n) / totalS).toFixed(0)} objects/s)`);
console.log(`buckets scored: ${scores.length}, sensitive (>50): ${scores.filter((s) => s.score > 50).length}, not sensitive (<50): ${scores.filter((s) => s.score >= 1 && s.score < 50).length}`);
console.log(`peak RSS: ${(peakRss / 1048576).toFixed(0)} MB (process max RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB, includes loading)`);
await queue.close();
await store.close();
rmSync(dir, { recursive: true, force: true });
