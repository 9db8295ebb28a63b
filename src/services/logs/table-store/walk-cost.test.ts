// Paging through a group on PostgreSQL costs the same per chunk wherever the chunk lies (issue 18, migration 0040).
// The walk resumed with `ts > t or (ts = t and seq > s)`, which PostgreSQL cannot use to bound an index scan: each
// chunk scanned the index from the window's start to the cursor, so reading a group was quadratic in its size. Every
// chunk read that reaches the database (logs_event_chunk for tokens, the plain query for Insights' scan) is run again
// under EXPLAIN (ANALYZE, BUFFERS): the pages a chunk touches must not grow with its position in the group.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { createTestDatabase, postgresReachable } from '../../../store/test-databases.js';
import { openStore, type Database, type Store } from '../../../store/index.js';
import { TableEventStore } from './store.js';

const reachable = await postgresReachable();
const T0 = Date.UTC(2026, 0, 1);
const EVENTS = 24_000;
const STREAMS = 3;

/** Event i: timestamp T0 + floor(i / 3), in stream s-(batch % STREAMS) with batches of 2,000. */
const tsOf = (i: number) => T0 + Math.floor(i / 3);
const streamOf = (i: number) => `s-${Math.floor(i / 2_000) % STREAMS}`;
function expected(streams: readonly string[] | undefined, minTs: number, maxTs: number): number {
  let n = 0;
  for (let i = 0; i < EVENTS; i++) if ((!streams || streams.includes(streamOf(i))) && tsOf(i) >= minTs && tsOf(i) <= maxTs) n++;
  return n;
}

interface Captured {
  sql: string;
  parameters: readonly unknown[];
}

describe.skipIf(!reachable)('walking a group on PostgreSQL', () => {
  let database: { url: string; drop(): Promise<void> };
  let store: Store;
  let logged: Kysely<Database>;
  let pool: pg.Pool;
  let table: TableEventStore;
  let captured: Captured[] = [];

  beforeAll(async () => {
    database = await createTestDatabase('sift_logs_walk');
    store = await openStore(database.url); // migrated
    pool = new pg.Pool({ connectionString: database.url, max: 2 });
    logged = new Kysely<Database>({
      dialect: new PostgresDialect({ pool }),
      log: (e) => {
        if (e.level === 'query' && /logs_event_rows|logs_event_chunk/.test(e.query.sql) && /^\s*select/i.test(e.query.sql)) captured.push({ sql: e.query.sql, parameters: e.query.parameters });
      },
    });
    table = new TableEventStore(logged, true, '111122223333', 'us-east-1', { maxScanEventsPerPage: 1_000_000 });
    await table.createGroup('g', T0);
    for (let s = 0; s < STREAMS; s++) await table.createStream('g', `s-${s}`, T0);
    for (let i = 0; i < EVENTS; i += 2_000) {
      const batch = Array.from({ length: 2_000 }, (_, k) => ({ timestamp: tsOf(i + k), message: `event ${i + k}` }));
      await table.putEvents('g', streamOf(i), batch, T0);
    }
    await pool.query('vacuum analyze logs_event_rows');
  }, 60_000);

  afterAll(async () => {
    await logged?.destroy();
    await store?.close();
    await database?.drop();
  });

  /** Shared buffers (hit + read) each captured chunk read touches, run again under EXPLAIN ANALYZE. */
  async function pagesPerChunk(): Promise<number[]> {
    const out: number[] = [];
    for (const q of captured) {
      const res = await pool.query(`explain (analyze, buffers, format json) ${q.sql}`, q.parameters as unknown[]);
      const plan = (res.rows[0]['QUERY PLAN'] as Array<{ Plan: Record<string, number> }>)[0].Plan;
      out.push(plan['Shared Hit Blocks'] + plan['Shared Read Blocks']);
    }
    captured = [];
    return out;
  }

  /**
   * Every chunk touches about as many pages as a chunk at the head of the group (`head`), however deep into the group
   * it lies and wherever the window starts: not more with every chunk, nor the pages before the window.
   */
  let head = 0;
  /** The same for the token readers' chunks (500 rows; Insights' scan reads 2,000 per statement). */
  let tokenHead = 0;
  function expectFlat(pages: number[], chunks: number, first = tokenHead): void {
    expect(first).toBeGreaterThan(0);
    expect(pages.length).toBeGreaterThanOrEqual(chunks);
    expect(Math.max(...pages)).toBeLessThanOrEqual(3 * first + 10);
  }

  it('reads the first chunk at the head of the group', async () => {
    await table.scanEvents('g', { startTime: 0, endTime: Number.MAX_SAFE_INTEGER }, () => false);
    const pages = await pagesPerChunk();
    expect(pages).toHaveLength(1);
    head = pages[0];
    await table.filterEvents('g', { limit: 500 });
    const tokenPages = await pagesPerChunk();
    expect(tokenPages).toHaveLength(1);
    tokenHead = tokenPages[0];
  });

  it('Insights scan (the plain chunk query)', async () => {
    let n = 0;
    await table.scanEvents('g', { startTime: T0 + 5_000, endTime: Number.MAX_SAFE_INTEGER }, () => void n++);
    expect(n).toBe(expected(undefined, T0 + 5_000, Infinity));
    expectFlat(await pagesPerChunk(), 4, head); // 2,000 rows a statement
  });

  it('FilterLogEvents over every stream and over two (logs_event_chunk)', async () => {
    for (const logStreamNames of [undefined, ['s-0', 's-2']]) {
      let n = 0;
      let nextToken: string | undefined;
      do {
        const page = await table.filterEvents('g', { logStreamNames, startTime: T0 + 5_000, nextToken });
        n += page.events.length;
        nextToken = page.nextToken;
      } while (nextToken);
      expect(n).toBe(expected(logStreamNames, T0 + 5_000, Infinity));
      expectFlat(await pagesPerChunk(), 5);
    }
  });

  it('GetLogEvents forward from a start time and backward from an end time (one stream)', async () => {
    for (const input of [{ startFromHead: true, startTime: T0 + 5_000 }, { startFromHead: false, endTime: T0 + 3_000 }]) {
      let n = 0;
      let nextToken: string | undefined;
      while (true) {
        const page = await table.getEvents('g', 's-1', { ...input, limit: 200, nextToken });
        n += page.events.length;
        const next = input.startFromHead ? page.nextForwardToken : page.nextBackwardToken;
        if (next === nextToken) break;
        nextToken = next;
      }
      expect(n).toBe(expected(['s-1'], input.startTime ?? 0, (input.endTime ?? Infinity) - 1)); // endTime is exclusive here
      expectFlat(await pagesPerChunk(), 10);
    }
  });

  it('FilterLogEvents with a selective pattern sends only candidates, walking more events per statement (logs_event_chunk_match)', async () => {
    const { compileFilterPattern } = await import('../filter-pattern/index.js');
    const pattern = compileFilterPattern('"event 2345"'); // events 2345 and 23450-23459
    for (const logStreamNames of [undefined, ['s-0', 's-2']]) {
      const events: string[] = [];
      let scanned = 0;
      let nextToken: string | undefined;
      do {
        const page = await table.filterEvents('g', { logStreamNames, pattern, nextToken });
        events.push(...page.events.map((e) => e.message));
        scanned += page.scannedEvents;
        nextToken = page.nextToken;
      } while (nextToken);
      const want = Array.from({ length: EVENTS }, (_, i) => i).filter((i) => `event ${i}`.includes('event 2345') && (!logStreamNames || logStreamNames.includes(streamOf(i))));
      expect(events.sort()).toEqual(want.map((i) => `event ${i}`).sort());
      expect(scanned).toBe(expected(logStreamNames, 0, Infinity));
      // 500 events, then 10,000 per statement: not a statement (and every message) per 500 events.
      expect(captured.map((q) => /logs_event_chunk_match/.test(q.sql))).toEqual(captured.map(() => true));
      expect(captured.length).toBeLessThanOrEqual(4);
      captured = [];
    }
  });
});
