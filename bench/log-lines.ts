// The log events the PostgreSQL append benchmarks write: PutLogEvents-sized batches (7,700 events, as bench/ingest.ts's
// 1 MiB calls hold) of a structured line of ~110 bytes, like an application's JSON logs; and the table store to write them with.
import { openStore } from '../src/store/index.js';
import { TableEventStore } from '../src/services/logs/table-store/index.js';

export const BATCH = 7_700;

export const line = (i: number, now: number): string =>
  JSON.stringify({ time: new Date(now).toISOString(), level: i % 50 === 0 ? 'ERROR' : 'INFO', job: `job-${i % 13}`, key: `data/part-${i}.csv`, latency: (i * 31) % 1000 });

/** The table store and store opener of SIFT_BENCH_ROOT's checkout (before/after comparisons), or this tree's. */
export async function tableStoreOf(root = process.env.SIFT_BENCH_ROOT): Promise<{ Table: typeof TableEventStore; open: typeof openStore }> {
  if (!root) return { Table: TableEventStore, open: openStore };
  const { TableEventStore: Table } = (await import(`${root}/src/services/logs/table-store/index.ts`)) as { TableEventStore: typeof TableEventStore };
  const { openStore: open } = (await import(`${root}/src/store/index.ts`)) as { openStore: typeof openStore };
  return { Table, open };
}
