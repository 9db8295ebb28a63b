// Benchmark (prints figures, asserts nothing): what replication costs a PUT in the embedded store, on SQLite in a
// temp directory. Three kinds of PUT to versioned buckets, alternated round by round so that all see the same load:
//   - no hook: a store without the replication hook (Sift before replication);
//   - hook, no configuration: the hook installed, the bucket replicates nothing (every other bucket's case);
//   - replicating: the bucket's rule matches, so each PUT also writes its outbox row (replication itself not run).
// Figures are CPU time (user+sys) per PUT, and the ratios against "no hook".
// Run: npx tsx bench/s3-replication.ts [rounds=2000]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { ManualClock, MasterKey, randomIds, silentLogger } from '../src/common/index.js';
import { EmbeddedStore } from '../src/storage/index.js';
import { openStore } from '../src/store/index.js';
import { createReplicator } from '../src/services/s3/replication/index.js';

const rounds = Number(process.argv[2] ?? 2000);
const ACCOUNT = '111122223333';
const dir = mkdtempSync(join(tmpdir(), 'sift-bench-replication-'));
const store = await openStore(join(dir, 'sift.db'));
const clock = new ManualClock(Date.UTC(2026, 2, 1));
const s3 = new EmbeddedStore({ db: store.db, clock, ids: randomIds, dataDir: dir, masterKey: MasterKey.generate() });
await s3.open();
const replicator = createReplicator({ store, embedded: s3, roles: { policiesOf: async () => undefined }, clock, ids: randomIds, logger: silentLogger });
for (const b of ['plain', 'configured', 'dst']) {
  await s3.createBucket({ bucket: b, accountId: ACCOUNT, region: 'us-east-1' });
  await s3.setBucketField(b, 'versioning', 'Enabled');
}
const rule = { ID: 'r', Priority: 1, Status: 'Enabled', Filter: { Prefix: '' }, DeleteMarkerReplication: { Status: 'Disabled' }, Destination: { Bucket: 'arn:aws:s3:::dst' } };
await s3.setBucketField('configured', 'replication', JSON.stringify({ Role: `arn:aws:iam::${ACCOUNT}:role/r`, Rules: [rule] }));
const body = Buffer.alloc(256, 97);
const cpu = { none: 0, hook: 0, replicating: 0 };

async function timed(kind: keyof typeof cpu, bucket: string, key: string, hook: boolean): Promise<void> {
  s3.setVersionHook(hook ? replicator.onVersionWritten : undefined);
  const start = process.cpuUsage();
  await s3.putObject(bucket, key, Readable.from([body]), { headers: {} });
  const used = process.cpuUsage(start);
  cpu[kind] += (used.user + used.system) / 1000;
}

for (let i = 0; i < rounds; i++) {
  const key = `k-${i % 50}`;
  await timed('none', 'plain', key, false);
  await timed('hook', 'plain', key, true);
  await timed('replicating', 'configured', key, true);
  clock.advance(1);
}
const per = (ms: number) => ((ms / rounds) * 1000).toFixed(0);
console.log(`PUT CPU per object (µs, user+sys), ${rounds} rounds alternated:`);
console.log(`  no hook ${per(cpu.none)}  |  hook, no configuration ${per(cpu.hook)} (x${(cpu.hook / cpu.none).toFixed(3)})  |  replicating ${per(cpu.replicating)} (x${(cpu.replicating / cpu.none).toFixed(3)})`);
await store.close();
rmSync(dir, { recursive: true, force: true });
