// Chunks read by binary COPY (copy.ts) against the reads they replaced and the segment files: the same events, order,
// tokens and Insights scans. Three stores hold the same events: the segment-file engine, the table store on a store
// `openStore` opened (its pool is known: COPY) and the table store on a Kysely instance of its own over the same
// database (no pool known: the packed text of migration 0043 and its row fallback). Messages include non-ASCII
// characters, NUL (which the text reads cannot carry), empty ones and one larger than a COPY slab.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { createTestDatabase, postgresReachable } from '../../../store/test-databases.js';
import { openStore, postgresPool, type Database, type Store } from '../../../store/index.js';
import { LogEventStore } from '../engine/index.js';
import { decodeFilterToken, encodeFilterToken } from '../engine/tokens.js';
import type { EventStore } from '../event-stores.js';
import { SLAB_BYTES } from './packed.js';
import { copyStatement, TableEventStore } from './store.js';

const reachable = await postgresReachable();
const ACCOUNT = '111122223333';
const T0 = Date.UTC(2026, 0, 1);
const STREAMS = ['s-a', 's-b', 'other'];

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('copyStatement', () => {
  it('bounds the walk like logs_event_chunk, takes the lock first for tokens, and declines numbers that are not safe integers', () => {
    const q = { forward: true, from: { ts: -1, seq: -1 }, minTs: 100, maxTs: 200, rows: 500, tokens: false };
    expect(copyStatement(7, q)).toBe('copy (select e.seq, e.stream_id, e.ts, e.ingestion_time, e.bytes, e.message from logs_event_rows e where e.gid = 7 and (e.ts, e.seq) > (100::bigint, -1::bigint) and e.ts <= 200::bigint order by e.ts asc, e.seq asc limit 500) to stdout (format binary)');
    const back = copyStatement(7, { ...q, forward: false, from: { ts: 2 ** 53 - 1, seq: 2 ** 53 - 1 }, streamIds: [3], tokens: true })!;
    expect(back).toMatch(/^select pg_advisory_xact_lock\(1282369395, \(7::bigint % 2147483648\)::int\); copy \(/);
    expect(back).toContain('e.stream_id = 3 and (e.ts, e.seq) < (200::bigint, 9007199254740991::bigint) and e.ts >= 100::bigint order by e.ts desc, e.seq desc');
    expect(copyStatement(7, { ...q, streamIds: [1, 2] })).toContain('e.stream_id in (1, 2) and');
    expect(copyStatement(7, { ...q, streamIds: [] })).toContain('and false and');
    expect(copyStatement(7, { ...q, maxTs: 1.5 })).toBeUndefined();
    expect(copyStatement(7, { ...q, from: { ts: 300, seq: 2 ** 60 } })).toBeUndefined();
    expect(copyStatement(7, { ...q, streamIds: [Number.NaN] })).toBeUndefined();
  });
});

describe.skipIf(!reachable)('chunks read by binary COPY (PostgreSQL)', () => {
  let database: { url: string; drop(): Promise<void> };
  let store: Store;
  let plainPool: pg.Pool;
  let plain: Kysely<Database>;
  let files: LogEventStore;
  let dir: string;
  let viaCopy: TableEventStore;
  let viaText: TableEventStore;
  let copies = 0;

  beforeAll(async () => {
    database = await createTestDatabase('sift_logs_copy');
    store = await openStore(database.url);
    // Count the COPY reads that reach the database (the submittable copy.ts hands the driver).
    const pool = postgresPool(store.db);
    if (pool) {
      const connect = pool.connect.bind(pool) as () => Promise<pg.PoolClient>;
      const wrapped = new WeakSet<pg.PoolClient>();
      (pool as unknown as { connect: () => Promise<pg.PoolClient> }).connect = async () => {
        const client = await connect();
        if (!wrapped.has(client)) {
          wrapped.add(client);
          const query = client.query.bind(client) as (...args: unknown[]) => unknown;
          (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
            if (typeof (args[0] as { handleCopyData?: unknown } | null)?.handleCopyData === 'function') copies++;
            return query(...args);
          };
        }
        return client;
      };
    }
    plainPool = new pg.Pool({ connectionString: database.url, max: 2 });
    plain = new Kysely<Database>({ dialect: new PostgresDialect({ pool: plainPool }) });
    dir = mkdtempSync(join(tmpdir(), 'sift-logs-copy-'));
    files = await LogEventStore.open(dir, { segmentBytes: 64 * 1024, durable: false, maxScanEventsPerPage: 700 });
    viaCopy = new TableEventStore(store.db, true, ACCOUNT, 'us-east-1', { maxScanEventsPerPage: 700 });
    viaText = new TableEventStore(plain, true, ACCOUNT, 'us-east-1', { maxScanEventsPerPage: 700 });

    const random = rng(18);
    const writers: EventStore[] = [files, viaCopy];
    for (const s of writers) {
      await s.createGroup('g', T0);
      for (const name of STREAMS) await s.createStream('g', name, T0);
    }
    const odd = ['', 'nul \u0000 inside', 'héllo wörld', 'emoji 😀 中文', 'L'.repeat(SLAB_BYTES + 100) + 'é'];
    let ts = T0;
    for (let b = 0; b < 14; b++) {
      const stream = STREAMS[Math.floor(random() * STREAMS.length)];
      const batch = [];
      for (let k = 0; k < 1 + Math.floor(random() * 900); k++) {
        ts += random() < 0.6 ? 0 : 1 + Math.floor(random() * 3); // many events share a timestamp
        const i = b * 1000 + k;
        batch.push({ timestamp: ts, message: random() < 0.03 ? odd[i % odd.length] : `{"i":${i},"level":"${random() < 0.1 ? 'ERROR' : 'INFO'}","pad":"${'x'.repeat(Math.floor(random() * 200))}"}` });
      }
      ts -= Math.floor(random() * 20); // the next batch may start earlier than this one ended
      const ingestion = T0 + 1000 + b;
      for (const s of writers) await s.putEvents('g', stream, batch, ingestion);
    }
  }, 120_000);

  afterAll(async () => {
    await files?.close();
    await plain?.destroy();
    await store?.close();
    await database?.drop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const readers = () => [files, viaCopy, viaText] as unknown as EventStore[];

  /**
   * Sequence number → rank among the group's events: the database numbers batches from blocks of a shared sequence,
   * so its numbers differ from the segment files' (table-store.test.ts). Tokens and event ids are compared with ranks.
   */
  async function ranks(s: EventStore, group: string): Promise<Map<number, number>> {
    const seqs: number[] = [];
    await s.scanEvents(group, { startTime: 0, endTime: Number.MAX_SAFE_INTEGER }, (e) => void seqs.push(e.seq));
    seqs.sort((a, b) => a - b);
    return new Map(seqs.map((q, i) => [q, i]));
  }
  function ranked(rank: Map<number, number>, value: unknown): unknown {
    const r = (seq: string) => String(rank.get(Number(seq)) ?? `?${seq}`);
    return JSON.parse(
      JSON.stringify(value, (key, v: unknown) => {
        if (typeof v !== 'string') return v;
        if (key === 'nextForwardToken' || key === 'nextBackwardToken') return v.replace(/^([fb])\/(-?\d+)\/(-?\d+)$/, (_, d: string, ts: string, seq: string) => `${d}/${ts}/${r(seq)}`);
        if (key === 'nextToken') {
          const k = decodeFilterToken(v);
          return encodeFilterToken({ ts: k.ts, seq: Number(r(String(k.seq))) });
        }
        if (key === 'eventId') return v.slice(0, 16) + r(v.slice(16));
        return v;
      }),
    );
  }

  /**
   * The three stores' answers: the COPY reads give exactly the text reads' (same database: pages, tokens, scanned
   * counts, scan order), and the segment files' up to ranks after `asFiles` (the engines differ, before this change
   * too, in what table-store.test.ts leaves out: FilterLogEvents' page cuts by scan budget, Insights' scan order).
   */
  async function same<T>(read: (s: EventStore) => Promise<T>, asFiles: (v: T) => unknown = (v) => v, group = 'g'): Promise<T> {
    const before = copies;
    const [a, b, c] = await Promise.all(readers().map(read));
    expect(copies).toBeGreaterThan(before); // the COPY store did read by COPY
    expect(b).toEqual(c);
    const [ra, rb] = await Promise.all([ranks(files as unknown as EventStore, group), ranks(viaCopy as unknown as EventStore, group)]);
    expect(ranked(rb, asFiles(b))).toEqual(ranked(ra, asFiles(a)));
    return b;
  }

  it('pages GetLogEvents alike, forward and backward, by count and by bytes, within time windows', async () => {
    for (const input of [{ startFromHead: true }, {}, { startFromHead: true, limit: 37 }, { limit: 500, startTime: T0 + 40, endTime: T0 + 900 }, { startFromHead: true, startTime: T0 + 500 }]) {
      for (const stream of STREAMS) {
        await same(async (s) => {
          const pages = [];
          let token: string | undefined;
          for (let i = 0; i < 60; i++) {
            const page = await s.getEvents('g', stream, { ...input, nextToken: token });
            pages.push(page);
            const next = 'startFromHead' in input ? page.nextForwardToken : page.nextBackwardToken;
            if (next === token || page.events.length === 0) break;
            token = next;
          }
          return pages;
        });
      }
    }
  });

  it('pages FilterLogEvents alike: every stream, named streams and a prefix, with a scan budget and limits', async () => {
    for (const input of [{}, { limit: 333 }, { logStreamNames: ['s-b', 'other'] }, { logStreamNamePrefix: 's-', startTime: T0 + 100, endTime: T0 + 1200 }, { logStreamNames: ['s-a'], limit: 50 }]) {
      await same(async (s) => {
        const pages = [];
        let token: string | undefined;
        for (let i = 0; i < 80; i++) {
          const page = await s.filterEvents('g', { ...input, nextToken: token });
          pages.push(page);
          token = page.nextToken;
          if (!token) break;
        }
        return pages;
      }, (pages) => pages.flatMap((p) => p.events));
    }
  });

  it('pages a group of large pages alike, each page in few COPY statements although event sizes change mid-page', async () => {
    // 9,000 small events, then sizes that swing between 2 KB and 20 bytes: a page's later chunks are sized from its
    // average event so far (page-chunk.ts), too large after the small run and too small after the large one.
    const random = rng(7);
    for (const s of [files, viaCopy]) {
      await s.createGroup('big', T0);
      for (const name of ['b-1', 'b-2']) await s.createStream('big', name, T0);
    }
    for (let b = 0; b < 14; b++) {
      const batch = [];
      for (let k = 0; k < 1_000; k++) {
        const i = b * 1_000 + k;
        const size = i < 9_000 ? 90 : Math.floor(i / 250) % 2 === 0 ? 2_000 : 20;
        batch.push({ timestamp: T0 + Math.floor(i / 3), message: `${i}:`.padEnd(size + Math.floor(random() * 10), 'x') });
      }
      for (const s of [files, viaCopy]) await s.putEvents('big', b % 5 === 4 ? 'b-2' : 'b-1', batch, T0 + b);
    }
    const before = copies;
    const first = await viaCopy.getEvents('big', 'b-1', { startFromHead: true });
    expect(first.events.length).toBeGreaterThan(7_000); // cut by its 1 MB
    expect(copies - before).toBeLessThanOrEqual(3); // 2,000 rows, then what the rest of the page holds (was 5)
    for (const input of [{ startFromHead: true }, {}, { startFromHead: true, startTime: T0 + 3_100 }]) {
      await same(async (s) => {
        const pages = [];
        let token: string | undefined;
        for (let i = 0; i < 40; i++) {
          const page = await s.getEvents('big', 'b-1', { ...input, nextToken: token });
          pages.push(page);
          const next = 'startFromHead' in input ? page.nextForwardToken : page.nextBackwardToken;
          if (next === token || page.events.length === 0) break;
          token = next;
        }
        return pages;
      }, (pages) => pages, 'big');
    }
    // FilterLogEvents cut by bytes rather than by its scan budget: the two database reads, budget 10,000
    const wide = { maxScanEventsPerPage: 10_000 };
    const [copyWide, textWide] = [new TableEventStore(store.db, true, ACCOUNT, 'us-east-1', wide), new TableEventStore(plain, true, ACCOUNT, 'us-east-1', wide)];
    const filterPages = async (s: TableEventStore) => {
      const pages = [];
      let token: string | undefined;
      for (let i = 0; i < 40; i++) {
        const page = await s.filterEvents('big', { nextToken: token });
        pages.push(page);
        token = page.nextToken;
        if (!token) break;
      }
      return pages;
    };
    const viaCopyPages = await filterPages(copyWide);
    expect(viaCopyPages).toEqual(await filterPages(textWide));
    expect(viaCopyPages.reduce((n, p) => n + p.events.length, 0)).toBe(14_000);
  }, 120_000);

  it('scans alike for Insights: every event of a window in order, its message in place, and stops when asked', async () => {
    for (const [startTime, endTime, stopAfter] of [
      [0, Number.MAX_SAFE_INTEGER, Infinity],
      [T0 + 200, T0 + 800, Infinity],
      [0, Number.MAX_SAFE_INTEGER, 8_500],
    ]) {
      const seen = await same(async (s) => {
        const out: string[] = [];
        await s.scanEvents('g', { startTime, endTime }, (e, buf, off, length) => {
          out.push(`${e.timestamp}/${e.ingestionTime}/${e.logStreamName}/${buf.toString('utf8', off + 36, off + length)}`);
          if (out.length >= stopAfter) return false;
        });
        return out;
      }, (out) => (stopAfter === Infinity ? [...out].sort() : out.length));
      expect(seen.length).toBeGreaterThan(0);
    }
  });
});
