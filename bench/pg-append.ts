// The PostgreSQL table store's append alone (issue 18): PutLogEvents-sized batches (7,700 events of ~110 bytes, as
// bench/ingest.ts's calls) from several writers at once, one stream each, straight into TableEventStore.putEvents.
// Without HTTP, SigV4 and JSON in the way, it shows what the database costs per event: the CPU of the PostgreSQL
// backends serving the benchmark's database (from /proc; other databases' sessions on the shared server do not
// count) per event, and the wall rate.
//   npx tsx bench/pg-append.ts   (SIFT_BENCH_CLIENTS, SIFT_BENCH_INGEST; SIFT_TEST_DATABASE_URL's server, local)
//   SIFT_BENCH_ROOT=<checkout>: that checkout's table store (before/after comparisons, same driver code)
//   SIFT_BENCH_AB=<checkout>: one connection, batches into one stream alternately through this tree's append and that
//   checkout's (SIFT_BENCH_ROUNDS pairs), the backend's CPU per batch from /proc/<pid>/schedstat (nanoseconds): both
//   append into the same table as it grows, under the same load, so the medians compare the statements alone.
import { sql } from 'kysely';
import { createTestDatabase } from '../src/store/test-databases.js';
import { appendBatchPostgres } from '../src/services/logs/table-store/append.js';
import { readFileSync } from 'node:fs';
import { backendsCpu, backendsCpuSince } from './pg-cpu.js';
import { BATCH, line, tableStoreOf } from './log-lines.js';

const clients = Number(process.env.SIFT_BENCH_CLIENTS ?? 4);
const total = Number(process.env.SIFT_BENCH_INGEST ?? 800_000);
const { Table, open } = await tableStoreOf();
const ab = process.env.SIFT_BENCH_AB;
const database = await createTestDatabase('sift_bench_append');
const store = await open(database.url);
try {
  const table = new Table(store.db, true, '123456789012', 'us-east-1', { maxScanEventsPerPage: 10_000 });
  await table.createGroup('/bench/append', Date.now());
  for (let s = 0; s < clients; s++) await table.createStream('/bench/append', `s-${s}`, Date.now());
  const now = Date.now();
  const batch = Array.from({ length: BATCH }, (_, i) => ({ timestamp: now, message: line(i, now) }));
  await table.putEvents('/bench/append', 's-0', batch, now); // warm-up
  if (ab) {
    const { appendBatchPostgres: other } = (await import(`${ab}/src/services/logs/table-store/append.ts`)) as { appendBatchPostgres: typeof appendBatchPostgres };
    const sizes = batch.map((e) => Buffer.byteLength(e.message));
    const bytes = sizes.reduce((a, b) => a + b + 26, 0);
    const rounds = Number(process.env.SIFT_BENCH_ROUNDS ?? 20);
    const runNs = (pid: number) => Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[0]);
    const per: Record<'this' | 'other', number[]> = { this: [], other: [] };
    await store.db.connection().execute(async (c) => {
      const pid = Number((await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(c)).rows[0].pid);
      for (let r = 0; r < rounds; r++) {
        for (const [name, append] of (r % 2 ? [['other', other], ['this', appendBatchPostgres]] : [['this', appendBatchPostgres], ['other', other]]) as Array<['this' | 'other', typeof appendBatchPostgres]>) {
          const t0 = runNs(pid);
          if (!(await append(c, { accountId: '123456789012', region: 'us-east-1', group: '/bench/append', stream: 's-0', ingestionTime: Date.now() }, batch, sizes, bytes))) throw new Error('not appended');
          per[name].push((runNs(pid) - t0) / 1000 / BATCH);
        }
      }
    });
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
    console.log(`backend CPU µs/event, median of ${rounds}: this tree ${median(per.this).toFixed(2)}, ${ab} ${median(per.other).toFixed(2)}`);
    console.log(`this  ${per.this.map((x) => x.toFixed(2)).join(' ')}\nother ${per.other.map((x) => x.toFixed(2)).join(' ')}`);
  } else {
    const perClient = Math.ceil(total / BATCH / clients);
    const cpu0 = await backendsCpu(database.url);
    const t = performance.now();
    await Promise.all(Array.from({ length: clients }, async (_, s) => {
      for (let b = 0; b < perClient; b++) await table.putEvents('/bench/append', `s-${s}`, batch, Date.now());
    }));
    const seconds = (performance.now() - t) / 1000;
    const cpu = backendsCpuSince(cpu0, await backendsCpu(database.url));
    const events = perClient * clients * BATCH;
    console.log(`append ${Math.round(events / seconds).toLocaleString('en-US').padStart(10)} events/s wall  ${((cpu * 1000) / events).toFixed(2)} µs PostgreSQL CPU/event  (${events} events, ${clients} writers, ${(seconds * 1000 / (perClient * clients)).toFixed(1)} ms/batch wall)`);
  }
} finally {
  await store.close();
  await database.drop();
}
