// Benchmark (prints figures, asserts nothing): how long DescribeBuckets' inventory takes to compute from the
// embedded store (listing every object of every bucket), and a cached read. Run:
//   npx tsx src/services/macie2/inventory/bench-inventory.ts [buckets=10] [objectsPerBucket=2000]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { ManualClock, randomIds, MasterKey } from '../../../common/index.js';
import { createStorage } from '../../../storage/index.js';
import { openStore } from '../../../store/index.js';
import { BucketInventory } from './inventory.js';

const buckets = Number(process.argv[2] ?? 10);
const perBucket = Number(process.argv[3] ?? 2000);
const ACCOUNT = '111122223333';
const REGION = 'us-east-1';
const EXT = ['csv', 'json', 'txt', 'png', 'log', 'parquet', 'bin'];

const dir = mkdtempSync(join(tmpdir(), 'sift-bench-inventory-'));
const store = await openStore(join(dir, 'sift.db'));
const clock = new ManualClock(Date.UTC(2026, 2, 1));
const storage = await createStorage({ store, clock, ids: randomIds, dataDir: dir, masterKey: MasterKey.generate() });
const fillStart = performance.now();
for (let b = 0; b < buckets; b++) {
  const name = `bench-${b}`;
  await storage.embedded.createBucket({ bucket: name, accountId: ACCOUNT, region: REGION });
  for (let i = 0; i < perBucket; i++) {
    const body = Buffer.alloc(64 + (i % 512), 97);
    await storage.embedded.putObject(name, `dir-${i % 20}/obj-${i}.${EXT[i % EXT.length]}`, Readable.from([body]), { headers: {}, storageClass: i % 50 === 0 ? 'GLACIER' : 'STANDARD' });
  }
  process.stderr.write(`\r${(b + 1) * perBucket} objects written`);
}
process.stderr.write('\n');
const fillSec = (performance.now() - fillStart) / 1000;

const inventory = new BucketInventory({ storage, db: store.db, clock, ttlMs: 60_000 });
const cold = performance.now();
const result = await inventory.buckets(ACCOUNT, REGION);
const coldMs = performance.now() - cold;
const warm = performance.now();
await inventory.buckets(ACCOUNT, REGION);
const warmMs = performance.now() - warm;
const objects = result.reduce((s, b) => s + (b.objectCount ?? 0), 0);

console.log(`objects: ${objects} in ${buckets} buckets (written in ${fillSec.toFixed(1)} s)`);
console.log(`inventory computed: ${coldMs.toFixed(0)} ms (${Math.round(objects / (coldMs / 1000))} objects/s)`);
console.log(`inventory cached:   ${warmMs.toFixed(3)} ms`);
await store.close();
rmSync(dir, { recursive: true, force: true });
