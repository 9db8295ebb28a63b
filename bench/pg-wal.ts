// WAL and index pages per appended event on PostgreSQL (issue 18): PutLogEvents-sized batches (7,700 events of ~110
// bytes, as bench/ingest.ts's calls) into SIFT_BENCH_CLIENTS streams of one group, round-robin, through the table
// store's append; prints the WAL bytes per event (pg_current_wal_lsn before and after, so run it on a private server:
// other databases' work counts too) and each index's pages per 1,000 rows. Every commit waits for its WAL to be
// flushed, so on a slow disk WAL bytes bound the wall rate.
//   SIFT_TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5499/postgres npx tsx bench/pg-wal.ts
//   SIFT_BENCH_ROOT=<checkout>: that checkout's table store and migrations (before/after comparisons)
//   SIFT_BENCH_WAL_LSN=1: print the start and end LSNs (for `pg_waldump --stats -s <start> -e <end>`)
import { sql } from 'kysely';
import { createTestDatabase } from '../src/store/test-databases.js';
import { BATCH, line, tableStoreOf } from './log-lines.js';

const streams = Number(process.env.SIFT_BENCH_CLIENTS ?? 4);
const batches = Number(process.env.SIFT_BENCH_BATCHES ?? 52);
const { Table, open } = await tableStoreOf();
const database = await createTestDatabase('sift_bench_wal');
const store = await open(database.url);
try {
  const table = new Table(store.db, true, '123456789012', 'us-east-1', { maxScanEventsPerPage: 10_000 });
  await table.createGroup('/bench/wal', Date.now());
  for (let s = 0; s < streams; s++) await table.createStream('/bench/wal', `s-${s}`, Date.now());
  await sql`checkpoint`.execute(store.db);
  const lsn = async () => (await sql<{ l: string }>`select pg_current_wal_lsn()::text as l`.execute(store.db)).rows[0].l;
  const bytes = async (a: string, b: string) => Number((await sql<{ d: string }>`select pg_wal_lsn_diff(${b}::pg_lsn, ${a}::pg_lsn)::text as d`.execute(store.db)).rows[0].d);
  const start = await lsn();
  let t = Date.now();
  for (let b = 0; b < batches; b++) {
    // Each stream's batch a millisecond later than the last, as clients writing "now" do.
    const batch = Array.from({ length: BATCH }, (_, i) => ({ timestamp: t, message: line(b * BATCH + i, t) }));
    await table.putEvents('/bench/wal', `s-${b % streams}`, batch, t);
    t += 1;
  }
  const end = await lsn();
  const events = batches * BATCH;
  if (process.env.SIFT_BENCH_WAL_LSN) console.log(`lsn ${start} ${end}`);
  const sizes = await sql<{ name: string; pages: string }>`
    select c.relname as name, pg_relation_size(c.oid) / 8192 as pages from pg_class c
    where c.relname like 'logs_event_rows%' and c.relkind in ('r', 'i') order by c.relname`.execute(store.db);
  console.log(`WAL ${((await bytes(start, end)) / events).toFixed(1)} bytes/event (${events} events, ${streams} streams)  ` + sizes.rows.map((r) => `${r.name} ${((Number(r.pages) * 1000) / events).toFixed(2)} pages/1k rows`).join('  '));
} finally {
  await store.close();
  await database.drop();
}
