// One Logs read shape on PostgreSQL, repeated over a database filled once and kept (for profilers: callgrind,
// --cpu-prof), the same events as bench/pg-read.ts. Prints Node and backend CPU per event of each pass.
//   npx tsx bench/pg-read-lab.ts <get|filter|pattern|scan> [passes]
//   SIFT_LAB_DB (default sift_lab_pgread): the kept database, filled with SIFT_BENCH_EVENTS (default 200,000) on
//   first use; SIFT_BENCH_ROOT=<checkout>: that checkout's table store (A/B against the same data)
import pg from 'pg';
import { TableEventStore } from '../src/services/logs/table-store/index.js';
import { openStore } from '../src/store/index.js';
import { compileFilterPattern } from '../src/services/logs/filter-pattern/index.js';
import { TEST_DATABASE_URL } from '../src/store/test-databases.js';
import type { EventStore } from '../src/services/logs/event-stores.js';
import { backendsCpu, backendsCpuSince } from './pg-cpu.js';
import { fill, GROUP } from './pg-read-data.js';

const shape = process.argv[2] ?? 'get';
const passes = Number(process.argv[3] ?? 5);
const root = process.env.SIFT_BENCH_ROOT;
const { TableEventStore: Table } = (root ? await import(`${root}/src/services/logs/table-store/index.ts`) : { TableEventStore }) as { TableEventStore: typeof TableEventStore };
const { openStore: open } = (root ? await import(`${root}/src/store/index.ts`) : { openStore }) as { openStore: typeof openStore };

const name = process.env.SIFT_LAB_DB ?? 'sift_lab_pgread';
const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
await admin.connect();
const exists = (await admin.query('select 1 from pg_database where datname = $1', [name])).rowCount === 1;
if (!exists) await admin.query(`create database ${name}`);
await admin.end();
const u = new URL(TEST_DATABASE_URL);
u.pathname = `/${name}`;
const url = u.toString();
const store = await open(url);
const s = new Table(store.db, true, '123456789012', 'us-east-1', { maxScanEventsPerPage: 10_000 }) as unknown as EventStore;

if (!(await s.hasGroup(GROUP))) {
  await fill(s);
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query('vacuum analyze logs_event_rows');
  await c.end();
}

async function run(): Promise<number> {
  let n = 0;
  let nextToken: string | undefined;
  if (shape === 'get') {
    while (true) {
      const page = await s.getEvents(GROUP, 's-1', { startFromHead: true, nextToken });
      n += page.events.length;
      if (page.nextForwardToken === nextToken) return n;
      nextToken = page.nextForwardToken;
    }
  }
  if (shape === 'scan') {
    await s.scanEvents(GROUP, { startTime: 0, endTime: Number.MAX_SAFE_INTEGER }, () => void n++);
    return n;
  }
  const pattern = shape === 'pattern' ? compileFilterPattern('{ $.level = "ERROR" }') : undefined;
  do {
    const page = await s.filterEvents(GROUP, { pattern, nextToken });
    n += pattern ? page.scannedEvents : page.events.length;
    nextToken = page.nextToken;
  } while (nextToken);
  return n;
}

const cpu = () => {
  const c = process.cpuUsage();
  return c.user + c.system;
};
for (let p = 0; p < passes; p++) {
  const b0 = await backendsCpu(url);
  const c0 = cpu();
  const n = await run();
  const node = (cpu() - c0) / n;
  const backend = (backendsCpuSince(b0, await backendsCpu(url)) * 1000) / n;
  console.log(`${shape} pass ${p}: ${n} events, node ${node.toFixed(2)} + backend ${backend.toFixed(2)} = ${(node + backend).toFixed(2)} µs/event`);
}
await store.close();
