// Logs reads on PostgreSQL against the embedded default (issue 18: PostgreSQL within 2x of SQLite): the same events
// in the database's table store (PostgreSQL) and in segment files (what a SQLite deployment uses), then
// FilterLogEvents paging through the whole group with a pattern and without, GetLogEvents paging through each stream,
// and Insights' one-pass scan. For each: events per second of wall time, and CPU per event of this process and (on
// PostgreSQL) of the backends serving the run's database (/proc), so a loaded machine still compares.
//   npx tsx bench/pg-read.ts   (SIFT_BENCH_EVENTS, default 200,000; SIFT_BENCH_REPS, default 3)
//   SIFT_BENCH_ROOT=<checkout>: that checkout's table store and store (before/after comparisons, same bench code)
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase } from '../src/store/test-databases.js';
import { openStore } from '../src/store/index.js';
import { TableEventStore } from '../src/services/logs/table-store/index.js';
import { LogEventStore } from '../src/services/logs/engine/index.js';
import { compileFilterPattern } from '../src/services/logs/filter-pattern/index.js';
import type { EventStore } from '../src/services/logs/event-stores.js';
import { backendsCpu, backendsCpuSince } from './pg-cpu.js';
import { fill, GROUP, STREAMS, TOTAL } from './pg-read-data.js';

const REPS = Number(process.env.SIFT_BENCH_REPS ?? 3);
const root = process.env.SIFT_BENCH_ROOT;
const { TableEventStore: Table } = (root ? await import(`${root}/src/services/logs/table-store/index.ts`) : { TableEventStore }) as { TableEventStore: typeof TableEventStore };
const { openStore: open } = (root ? await import(`${root}/src/store/index.ts`) : { openStore }) as { openStore: typeof openStore };

const cpuUs = () => {
  const u = process.cpuUsage();
  return u.user + u.system;
};

type Work = () => Promise<number>;
const works: Array<[string, (s: EventStore) => Work]> = [
  ['FilterLogEvents, pattern (2% match)', (s) => async () => {
    const pattern = compileFilterPattern('{ $.level = "ERROR" }');
    let n = 0;
    let nextToken: string | undefined;
    do {
      const page = await s.filterEvents(GROUP, { pattern, nextToken });
      n += page.scannedEvents;
      nextToken = page.nextToken;
    } while (nextToken);
    return n;
  }],
  ['FilterLogEvents, no pattern', (s) => async () => {
    let n = 0;
    let nextToken: string | undefined;
    do {
      const page = await s.filterEvents(GROUP, { nextToken });
      n += page.events.length;
      nextToken = page.nextToken;
    } while (nextToken);
    return n;
  }],
  // Every stream in turn, each from its head: 4x the events of one stream per rep, so the backends' CPU (/proc, in
  // 10 ms ticks: 0.4 µs per event over one stream's 25,000 events at 100,000) is read in finer steps.
  ['GetLogEvents, each stream from head', (s) => async () => {
    let n = 0;
    for (let k = 0; k < STREAMS; k++) {
      let nextToken: string | undefined;
      while (true) {
        const page = await s.getEvents(GROUP, `s-${k}`, { startFromHead: true, nextToken });
        n += page.events.length;
        if (page.nextForwardToken === nextToken) break;
        nextToken = page.nextForwardToken;
      }
    }
    return n;
  }],
  ['Insights scan', (s) => async () => {
    let n = 0;
    await s.scanEvents(GROUP, { startTime: 0, endTime: Number.MAX_SAFE_INTEGER }, () => {
      n++;
    });
    return n;
  }],
];

const database = await createTestDatabase('sift_bench_read');
const dir = await mkdtemp(join(tmpdir(), 'sift-bench-read-'));
const pgStore = await open(database.url);
const files = await LogEventStore.open(dir, { durable: false });
try {
  const table = new Table(pgStore.db, true, '123456789012', 'us-east-1', { maxScanEventsPerPage: 10_000 }) as unknown as EventStore;
  await fill(table);
  await fill(files as unknown as EventStore);
  await import('pg').then(async ({ default: pg }) => {
    const c = new pg.Client({ connectionString: database.url });
    await c.connect();
    await c.query('vacuum analyze logs_event_rows');
    await c.end();
  });
  console.log(`${TOTAL.toLocaleString('en-US')} events of ~110 bytes, ${STREAMS} streams; best of ${REPS} (CPU per event: this process + PostgreSQL backends)`);
  for (const [name, make] of works) {
    const best = { files: Infinity, pg: Infinity, pgNode: 0, pgBackend: 0, filesWall: 0, pgWall: 0 };
    for (let r = 0; r < REPS; r++) {
      let c = cpuUs();
      let t = performance.now();
      const n1 = await make(files as unknown as EventStore)();
      const filesCpu = (cpuUs() - c) / n1;
      const filesWall = performance.now() - t;
      const b0 = await backendsCpu(database.url);
      c = cpuUs();
      t = performance.now();
      const n2 = await make(table)();
      const nodeCpu = (cpuUs() - c) / n2;
      const pgWall = performance.now() - t;
      const backend = (backendsCpuSince(b0, await backendsCpu(database.url)) * 1000) / n2;
      if (n1 !== n2) throw new Error(`${name}: ${n1} events from files, ${n2} from PostgreSQL`);
      if (filesCpu < best.files) Object.assign(best, { files: filesCpu, filesWall });
      if (nodeCpu + backend < best.pg) Object.assign(best, { pg: nodeCpu + backend, pgNode: nodeCpu, pgBackend: backend, pgWall });
    }
    console.log(`${name.padEnd(38)} files ${best.files.toFixed(2)} µs/event | PostgreSQL ${best.pg.toFixed(2)} µs/event (node ${best.pgNode.toFixed(2)} + backend ${best.pgBackend.toFixed(2)}): ${(best.pg / best.files).toFixed(2)}x CPU, ${(best.pgWall / best.filesWall).toFixed(2)}x wall`);
  }
} finally {
  await files.close();
  await pgStore.close();
  await database.drop();
  await rm(dir, { recursive: true, force: true });
}
