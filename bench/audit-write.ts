// What the gateway's audit write costs SQLite per record, in process: batches of GetMacieSession records (the
// gateway's group commit) through a tree's own insertEvents into a fresh store (WAL, its pragmas, its migrations),
// after a warm-up. CPU per record (user, system) and WAL frames (pages written) per batch. Alternate two trees for A/B:
// SIFT_BENCH_CHECKPOINTS=1 keeps the store's own WAL checkpoints on (their cost lands on the batch that triggers one)
// and reports no frame count.
//   npx tsx bench/audit-write.ts <tree> [perBatch=6] [batches=4000]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { sql } from 'kysely';

const tree = resolve(process.argv[2] ?? '.');
const perBatch = Number(process.argv[3] ?? 6);
const batches = Number(process.argv[4] ?? 4000);
const { openStore } = await import(join(tree, 'src/store/index.ts'));
const { insertEvents } = await import(join(tree, 'src/audit/event-history.ts'));
const { timeOrderedEventId } = await import(join(tree, 'src/audit/event-id.ts'));

const dir = mkdtempSync(join(tmpdir(), 'sift-audit-write-'));
const store = await openStore(join(dir, 'sift.db'));
let ms = Date.UTC(2026, 11, 7);
// A GetMacieSession record as the gateway stores it (root, SDK call, 635 bytes of JSON).
function event() {
  ms += 7;
  const eventId = timeOrderedEventId(ms, crypto.randomUUID());
  const time = Math.floor(ms / 1000) * 1000;
  return {
    eventId, accountId: '123456789012', region: 'us-east-1', eventTime: time, eventName: 'GetMacieSession', eventSource: 'macie2.amazonaws.com',
    readOnly: true, username: 'root', accessKeyId: 'AKIABENCHMARKKEY0001', management: true, resources: [],
    record: {
      eventVersion: '1.08',
      userIdentity: { type: 'Root', principalId: '123456789012', arn: 'arn:aws:iam::123456789012:root', accountId: '123456789012', accessKeyId: 'AKIABENCHMARKKEY0001' },
      eventTime: new Date(time).toISOString().replace('.000Z', 'Z'), eventSource: 'macie2.amazonaws.com', eventName: 'GetMacieSession', awsRegion: 'us-east-1',
      sourceIPAddress: '127.0.0.1', userAgent: '', requestParameters: null, responseElements: null, requestID: crypto.randomUUID(), eventID: eventId,
      readOnly: true, eventType: 'AwsApiCall', managementEvent: true, recipientAccountId: '123456789012', eventCategory: 'Management',
    },
  };
}
const batch = () => Array.from({ length: perBatch }, event);
const walFrames = async () => Number((await sql<{ log: number }>`pragma wal_checkpoint(PASSIVE)`.execute(store.db)).rows[0]!.log);
for (let i = 0; i < 2000; i++) await insertEvents(store.db, batch(), 'sqlite');
const inputs = Array.from({ length: batches }, batch);
const checkpoints = !!process.env.SIFT_BENCH_CHECKPOINTS;
if (!checkpoints) await sql`pragma wal_autocheckpoint = 0`.execute(store.db);
await walFrames();
const before = process.cpuUsage();
const t0 = performance.now();
for (const b of inputs) await insertEvents(store.db, b, 'sqlite');
const cpu = process.cpuUsage(before);
const wall = performance.now() - t0;
const frames = checkpoints ? NaN : await walFrames();
const n = batches * perBatch;
console.log(`${tree}: ${perBatch}/batch: per record ${(cpu.user / n).toFixed(2)} µs user, ${(cpu.system / n).toFixed(2)} µs system, ${((wall * 1000) / n).toFixed(2)} µs wall; WAL frames per batch ${(frames / batches).toFixed(2)}`);
await store.close();
rmSync(dir, { recursive: true, force: true });
