// Partial results (GetQueryResults while a query is Running): `partial()` at a run's check answers what the query
// would answer over the events read so far, and asking for it changes nothing in the final results, even where a
// stage after a sort sets fields on the rows it holds.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResultField } from '../../../models/logs/index.js';
import { LogEventStore } from '../engine/index.js';
import { CLEAR } from '../event-cipher.js';
import { compileQuery } from './compile.js';
import { runQuery, type QueryStats } from './run.js';

const T = Date.UTC(2026, 2, 10, 12, 0, 0);
const EVENTS = 10_000;
let dir: string;
let store: LogEventStore;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'insights-partial-'));
  store = await LogEventStore.open(dir);
  await store.createGroup('g', 0);
  await store.createStream('g', 's', 0);
  const events = Array.from({ length: EVENTS }, (_, i) => ({ timestamp: T + i, message: JSON.stringify({ eventType: `E${i % 3}`, n: i, user: `user-${i % 7}` }) }));
  await store.putEvents('g', 's', events, T + EVENTS);
});
afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const target = () => [{ groupName: 'g', accountId: '111122223333', store, cipher: CLEAR }];

/** The query's results; `peek` also takes its partial results (and statistics) at the first check. */
async function run(query: string, endMs: number, peek: boolean) {
  let first: { rows: ResultField[][]; stats: QueryStats } | undefined;
  const out = await runQuery(compileQuery(query), target(), { startMs: 0, endMs, nowMs: T }, undefined, {
    check: (stats, partial) => {
      if (peek) {
        // Every check asks (as a heartbeat does); the first answer is kept.
        const rows = partial();
        first ??= { rows, stats: { ...stats } };
      }
      return undefined;
    },
  });
  return { results: out.results, first };
}

describe('partial results of a running query', () => {
  const queries = [
    'stats count(*) as c, avg(n) as mean, pct(n, 50) as p50 by eventType | sort eventType asc',
    'fields n | sort n desc | fields n + 1 as n | limit 5',
    'filter user = "user-3" | fields n, user',
    'fields n | limit 3',
    'stats count(*) as c by user | stats sum(c) as total',
    'pattern user',
    'dedup eventType | sort n asc',
  ];
  for (const query of queries) {
    it(`${query}: the rows so far, and unchanged final results`, async () => {
      const plain = await run(query, T + EVENTS, false);
      const peeked = await run(query, T + EVENTS, true);
      expect(peeked.results).toEqual(plain.results);
      // What the query answers over exactly the events read at the first check (one stream, read in time order).
      const { rows, stats } = peeked.first!;
      expect(stats.recordsScanned).toBeGreaterThan(0);
      expect(stats.recordsScanned).toBeLessThan(EVENTS);
      const sofar = await run(query, T + stats.recordsScanned - 1, false);
      expect(rows).toEqual(sofar.results);
    });
  }
});
