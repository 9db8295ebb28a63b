// Forms of the append's statement side by side (issue 18): `current` is migration 0045's procedure, `append_array`
// 0046's (what table-store/append.ts calls), the others procedures created in the benchmark's database (this tree's
// migrations); batches of 7,700 events go alternately through each into one stream on one
// connection, and the backend's CPU per batch is read from /proc/<pid>/schedstat; medians per variant.
//   SIFT_TEST_DATABASE_URL=... SIFT_BENCH_ROUNDS=30 npx tsx bench/pg-append-forms.ts
import { sql } from 'kysely';
import { readFileSync } from 'node:fs';
import { createTestDatabase } from '../src/store/test-databases.js';
import { openStore, int4Array, int8Array } from '../src/store/index.js';
import { TableEventStore } from '../src/services/logs/table-store/index.js';
import { EVENT_OVERHEAD_BYTES } from '../src/services/logs/engine/index.js';
import { messagesArray } from '../src/services/logs/table-store/append.js';
import { BATCH, line } from './log-lines.js';
import { appendProcedure } from './pg-append-sql.js';

const variants: Record<string, { args: string; rows: string }> = {
  // bytea[] messages, no offsets or lengths
  bytea_array: {
    args: 'p_msgs bytea[], p_ts bigint[]',
    rows: `insert into logs_event_rows (gid, seq, stream_id, ts, ingestion_time, bytes, message)
      select s.gid, s.first_seq + x.n - 1, s.stream_id, x.ts, p_ingestion, octet_length(x.m) + p_overhead, x.m
      from s cross join unnest(p_ts, p_msgs) with ordinality as x(ts, m, n)`,
  },
  // the blob with subscripts over generate_series (one int per row in the function scan's tuplestore)
  series: {
    args: 'p_blob bytea, p_ts bigint[], p_offsets integer[], p_lengths integer[]',
    rows: `insert into logs_event_rows (gid, seq, stream_id, ts, ingestion_time, bytes, message)
      select s.gid, s.first_seq + i - 1, s.stream_id, p_ts[i], p_ingestion, p_lengths[i] + p_overhead, substring(p_blob from p_offsets[i] for p_lengths[i])
      from s cross join generate_series(1, p_n::int) as i`,
  },
};

const database = await createTestDatabase('sift_bench_forms');
const store = await openStore(database.url);
try {
  for (const [name, v] of Object.entries(variants)) {
    await sql.raw(appendProcedure(`bench_${name}`, v.args, v.rows)).execute(store.db);
  }
  const table = new TableEventStore(store.db, true, '123456789012', 'us-east-1', { maxScanEventsPerPage: 10_000 });
  await table.createGroup('/bench/forms', Date.now());
  await table.createStream('/bench/forms', 's-0', Date.now());
  const now = Date.now();
  const batch = Array.from({ length: BATCH }, (_, i) => ({ timestamp: now, message: line(i, now) }));
  const sizes = batch.map((e) => Buffer.byteLength(e.message));
  const bytes = sizes.reduce((a, b) => a + b + EVENT_OVERHEAD_BYTES, 0);
  const ts = int8Array(batch.map((e) => e.timestamp));
  const calls: Record<string, () => Promise<unknown>> = {};
  const rounds = Number(process.env.SIFT_BENCH_ROUNDS ?? 20);
  const runNs = (pid: number) => Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[0]);
  const per: Record<string, number[]> = {};
  await store.db.connection().execute(async (c) => {
    const pid = Number((await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(c)).rows[0].pid);
    calls.current = () => {
      let off = 1;
      const offsets = sizes.map((n) => ((off += n), off - n));
      const blob = Buffer.from(batch.map((e) => e.message).join(''));
      return sql`call logs_event_append(${sql.join(['123456789012', 'us-east-1', '/bench/forms', 's-0'])}, ${BATCH}::bigint, ${bytes}::bigint, ${now}::bigint, ${now}::bigint, ${now}::bigint, ${EVENT_OVERHEAD_BYTES}::int, ${blob}::bytea, ${ts}::bigint[], ${int4Array(offsets)}::int[], ${int4Array(sizes)}::int[], null)`.execute(c);
    };
    calls.bytea_array = () => {
      const msgs = messagesArray(batch, sizes);
      return sql`call bench_bytea_array(${sql.join(['123456789012', 'us-east-1', '/bench/forms', 's-0'])}, ${BATCH}::bigint, ${bytes}::bigint, ${now}::bigint, ${now}::bigint, ${now}::bigint, ${EVENT_OVERHEAD_BYTES}::int, ${msgs}::bytea[], ${ts}::bigint[], null)`.execute(c);
    };
    calls.append_array = () => {
      const msgs = messagesArray(batch, sizes);
      return sql`call logs_event_append_array(${sql.join(['123456789012', 'us-east-1', '/bench/forms', 's-0'])}, ${BATCH}::int, ${bytes}::bigint, ${now}::bigint, ${now}::bigint, ${now}::bigint, ${EVENT_OVERHEAD_BYTES}::int, ${msgs}::bytea[], ${ts}::bigint[], null)`.execute(c);
    };
    calls.series = () => {
      let off = 1;
      const offsets = sizes.map((n) => ((off += n), off - n));
      const blob = Buffer.from(batch.map((e) => e.message).join(''));
      return sql`call bench_series(${sql.join(['123456789012', 'us-east-1', '/bench/forms', 's-0'])}, ${BATCH}::bigint, ${bytes}::bigint, ${now}::bigint, ${now}::bigint, ${now}::bigint, ${EVENT_OVERHEAD_BYTES}::int, ${blob}::bytea, ${ts}::bigint[], ${int4Array(offsets)}::int[], ${int4Array(sizes)}::int[], null)`.execute(c);
    };
    // SIFT_BENCH_ONLY=<variant>: that one alone (for callgrind: instructions of 1 and of N rounds, the difference per event)
    const only = process.env.SIFT_BENCH_ONLY;
    const names = only ? [only] : Object.keys(calls);
    if (only) console.log(`backend pid ${pid}`);
    for (const n of names) await calls[n](); // warm-up: plans made
    for (let r = 0; r < rounds; r++) {
      const order = r % 2 ? [...names].reverse() : names;
      for (const n of order) {
        const t0 = runNs(pid);
        await calls[n]();
        (per[n] ??= []).push((runNs(pid) - t0) / 1000 / BATCH);
      }
    }
    const count = await sql<{ n: string }>`select count(*)::text as n from logs_event_rows`.execute(c);
    if (Number(count.rows[0].n) !== (rounds + 1) * names.length * BATCH) throw new Error(`rows: ${count.rows[0].n}`);
  });
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
  console.log(Object.entries(per).map(([n, xs]) => `${n} ${median(xs).toFixed(2)}`).join('  ') + `  µs backend CPU/event, medians of ${rounds}`);
} finally {
  await store.close();
  await database.drop();
}
