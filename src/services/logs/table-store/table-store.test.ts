// The database event store against the segment-file engine: the same calls on both must give the same answers
// (events, order, tokens, statistics, errors), on SQLite and on PostgreSQL when one answers. Workloads are random
// (seeded), so ties on timestamps, several streams, paging by count and by bytes, patterns and retention all occur.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type Store } from '../../../store/index.js';
import { openPostgresTestStore, postgresReachable } from '../../../store/test-databases.js';
import { LogEngineError, LogEventStore, type InputEvent } from '../engine/index.js';
import type { EventStore } from '../event-stores.js';
import { compileFilterPattern } from '../filter-pattern/index.js';
import { TableEventStore } from './store.js';

const pg = await postgresReachable();
const databases: Array<{ name: string; postgres: boolean; open: () => Promise<Store> }> = [
  { name: 'SQLite', postgres: false, open: () => openStore(join(mkdtempSync(join(tmpdir(), 'sift-logs-table-')), 'sift.db')) },
  ...(pg ? [{ name: 'PostgreSQL', postgres: true, open: () => openPostgresTestStore('sift_logs_table') }] : []),
];
if (!pg) describe('PostgreSQL', () => it.skip('no PostgreSQL server answers (set SIFT_TEST_DATABASE_URL): the PostgreSQL half is skipped', () => undefined));

const ACCOUNT = '111122223333';
const T0 = Date.UTC(2026, 0, 1);
const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

async function errorCode(p: Promise<unknown>): Promise<string | undefined> {
  return p.then(
    () => undefined,
    (e: unknown) => (e instanceof LogEngineError ? e.code : String(e)),
  );
}

/** Both stores, driven in lockstep. */
async function pair(database: (typeof databases)[number]) {
  const dir = mkdtempSync(join(tmpdir(), 'sift-logs-files-'));
  dirs.push(dir);
  const files = await LogEventStore.open(dir, { segmentBytes: 4096, durable: false, maxScanEventsPerPage: 300 });
  const store = await database.open();
  const table = new TableEventStore(store.db, database.postgres, ACCOUNT, 'us-east-1', { maxScanEventsPerPage: 300 });
  const both: EventStore[] = [files, table];
  return {
    files,
    table,
    both,
    async close() {
      await files.close();
      await store.close();
    },
  };
}

/** Every page of GetLogEvents from a start, following the token until it comes back unchanged. */
async function allGets(s: EventStore, group: string, stream: string, start: { startFromHead?: boolean; limit?: number; startTime?: number; endTime?: number }) {
  const pages = [];
  let token: string | undefined;
  for (let i = 0; i < 200; i++) {
    const page = await s.getEvents(group, stream, { ...start, nextToken: token });
    pages.push(page);
    const next = start.startFromHead === false ? page.nextBackwardToken : page.nextForwardToken;
    if (next === token) break;
    token = next;
  }
  return pages;
}

async function allFilters(s: EventStore, group: string, input: Parameters<EventStore['filterEvents']>[1]) {
  const events = [];
  let token: string | undefined;
  for (let i = 0; i < 500; i++) {
    const page = await s.filterEvents(group, { ...input, nextToken: token });
    events.push(...page.events);
    if (!page.nextToken) break;
    token = page.nextToken;
  }
  return events;
}

/**
 * Sequence number → rank among the group's events. On PostgreSQL the database store numbers each batch from a block
 * of a shared sequence, so the same events carry other (sparser) numbers than in the segment files: tokens and event
 * ids are compared with their sequence numbers replaced by ranks, which keeps the order they encode.
 */
async function ranks(s: EventStore, group: string): Promise<Map<number, number>> {
  const seqs: number[] = [];
  await s.scanEvents(group, { startTime: 0, endTime: Number.MAX_SAFE_INTEGER }, (e) => void seqs.push(e.seq));
  seqs.sort((a, b) => a - b);
  return new Map(seqs.map((q, i) => [q, i]));
}

const ranked = (rank: Map<number, number>, seq: number) => rank.get(seq) ?? seq;

function rankedGets(pages: Awaited<ReturnType<typeof allGets>>, rank: Map<number, number>) {
  const token = (t: string) => t.replace(/^([fb])\/(-?\d+)\/(-?\d+)$/, (_, d: string, ts: string, seq: string) => `${d}/${ts}/${ranked(rank, Number(seq))}`);
  return pages.map((p) => ({ ...p, nextForwardToken: token(p.nextForwardToken), nextBackwardToken: token(p.nextBackwardToken) }));
}

function rankedEvents(events: Awaited<ReturnType<typeof allFilters>>, rank: Map<number, number>) {
  return events.map((e) => ({ ...e, eventId: e.eventId.slice(0, 16) + String(ranked(rank, Number(e.eventId.slice(16)))).padStart(20, '0') }));
}

for (const database of databases) {
  describe(`database event store on ${database.name}`, () => {
    it('answers like the segment files: groups, streams, statistics and errors', async () => {
      const p = await pair(database);
      try {
        for (const s of p.both) {
          await s.createGroup('b-group', T0);
          await s.createGroup('a-group', T0 + 1);
          await s.createStream('a-group', 's1', T0 + 2);
        }
        for (const call of [
          (s: EventStore) => s.createGroup('a-group', T0),
          (s: EventStore) => s.createStream('a-group', 's1', T0),
          (s: EventStore) => s.createStream('nope', 's1', T0),
          (s: EventStore) => s.deleteStream('a-group', 'x'),
          (s: EventStore) => s.putEvents('a-group', 'x', [{ timestamp: 1, message: 'm' }], T0),
          (s: EventStore) => s.putEvents('nope', 's1', [{ timestamp: 1, message: 'm' }], T0),
          (s: EventStore) => s.putEvents('a-group', 's1', [{ timestamp: 2, message: 'm' }, { timestamp: 1, message: 'm' }], T0),
          (s: EventStore) => s.getEvents('a-group', 's1', { nextToken: 'bogus' }),
          // GetLogEvents finds the group and the stream in one statement: each error as before, and a stream of the
          // same name in another group is not this group's.
          (s: EventStore) => s.getEvents('nope', 's1', { startFromHead: true }),
          (s: EventStore) => s.getEvents('a-group', 'x', { startFromHead: true }),
          (s: EventStore) => s.getEvents('b-group', 's1', { startFromHead: true }),
          (s: EventStore) => s.filterEvents('a-group', { limit: 0 }),
          (s: EventStore) => s.describeStreams('nope'),
        ]) {
          const [a, b] = await Promise.all(p.both.map((s) => errorCode(call(s))));
          expect(a).toBeDefined();
          expect(b).toBe(a);
        }
        for (const s of p.both) await s.putEvents('a-group', 's1', [{ timestamp: T0 + 10, message: 'héllo' }, { timestamp: T0 + 20, message: 'b\u0000' }], T0 + 100);
        const [filesStreams, tableStreams] = await Promise.all(p.both.map((s) => s.describeStreams('a-group')));
        expect(tableStreams).toEqual(filesStreams);
        expect(tableStreams[0]).toMatchObject({ eventCount: 2, firstEventTimestamp: T0 + 10, lastEventTimestamp: T0 + 20, lastIngestionTime: T0 + 100 });
        expect(await p.table.listGroups()).toEqual(await p.files.listGroups());
        expect(await p.table.describeGroup('a-group')).toEqual(await p.files.describeGroup('a-group'));
        for (const s of p.both) await s.deleteStream('a-group', 's1');
        for (const s of p.both) await s.createStream('a-group', 's1', T0 + 3);
        expect((await p.table.getEvents('a-group', 's1', { startFromHead: true })).events).toEqual([]);
        for (const s of p.both) await s.deleteGroup('b-group');
        expect(await p.table.hasGroup('b-group')).toBe(false);
        expect(await p.table.listGroups()).toEqual(await p.files.listGroups());
      } finally {
        await p.close();
      }
    });

    it('reads every message as written: ASCII, other characters, empty, and NUL (which PostgreSQL cannot give as text)', async () => {
      const p = await pair(database);
      try {
        const messages = ['plain', 'héllo wörld', 'emoji 😀 and 中文', '', 'nul \u0000 inside', '\u0000', 'tail'];
        for (const s of p.both) {
          await s.createGroup('g', T0);
          await s.createStream('g', 'a', T0);
          await s.createStream('g', 'b', T0);
          // One chunk all ASCII, one with other characters, one with a NUL (read as rows), in both streams.
          await s.putEvents('g', 'a', messages.slice(0, 1).map((message, i) => ({ timestamp: T0 + i, message })), T0 + 1);
          await s.putEvents('g', 'b', messages.map((message, i) => ({ timestamp: T0 + 10 + i, message })), T0 + 2);
          await s.putEvents('g', 'a', messages.slice(1, 3).map((message, i) => ({ timestamp: T0 + 20 + i, message })), T0 + 3);
        }
        const [files, table] = p.both;
        // Tokens carry sequence numbers, which are sparse on PostgreSQL: events are compared page by page.
        for (const input of [{ startFromHead: true }, { startFromHead: false }, { startFromHead: true, limit: 2 }, { startFromHead: false, limit: 3 }]) {
          const pages = async (s: EventStore, stream: string) => {
            const out = [];
            let nextToken: string | undefined;
            for (let n = 0; n < 10; n++) {
              const page = await s.getEvents('g', stream, { ...input, nextToken });
              out.push(page.events);
              const next = input.startFromHead ? page.nextForwardToken : page.nextBackwardToken;
              if (next === nextToken) break;
              nextToken = next;
            }
            return out;
          };
          for (const stream of ['a', 'b']) expect(await pages(table, stream)).toEqual(await pages(files, stream));
        }
        for (const input of [{}, { limit: 3 }, { logStreamNames: ['b'] }, { pattern: compileFilterPattern('"nul"') }]) {
          const all = async (s: EventStore) => {
            const out = [];
            let nextToken: string | undefined;
            do {
              const page = await s.filterEvents('g', { ...input, nextToken });
              out.push(...page.events.map((e) => ({ ...e, eventId: undefined })));
              nextToken = page.nextToken;
            } while (nextToken);
            return out;
          };
          const expected = await all(files);
          expect(expected.map((e) => e.message)).toContain(input.pattern ? 'nul \u0000 inside' : '\u0000');
          expect(await all(table)).toEqual(expected);
        }
        const scanned = async (s: EventStore) => {
          const out: string[] = [];
          await s.scanEvents('g', { startTime: 0, endTime: Number.MAX_SAFE_INTEGER }, (e, buf, off, length) => void out.push(`${e.timestamp}/${e.logStreamName}/${buf.toString('utf8', off + 36, off + length)}`));
          return out;
        };
        expect(await scanned(table)).toEqual(await scanned(files));
      } finally {
        await p.close();
      }
    });

    it('returns the same events, order and tokens for random workloads (GetLogEvents, FilterLogEvents, Insights scans, retention)', async () => {
      const p = await pair(database);
      try {
        const next = rng(database.postgres ? 7 : 11);
        const streams = ['app/1', 'app/2', 'web/1'];
        for (const s of p.both) {
          await s.createGroup('g', T0);
          for (const name of streams) await s.createStream('g', name, T0);
        }
        const words = ['ERROR', 'WARN', 'INFO', 'Ü', '{"level":"error"}'];
        for (let batch = 0; batch < 40; batch++) {
          const stream = streams[Math.floor(next() * streams.length)];
          const n = 1 + Math.floor(next() * 30);
          let ts = T0 + Math.floor(next() * 1000);
          const events: InputEvent[] = [];
          for (let i = 0; i < n; i++) {
            ts += Math.floor(next() * 3); // ties on timestamps are common
            events.push({ timestamp: ts, message: `${words[Math.floor(next() * words.length)]} ${'x'.repeat(Math.floor(next() * 200))} ${batch}.${i}` });
          }
          for (const s of p.both) await s.putEvents('g', stream, events, T0 + 5000 + batch);
        }
        const rank = await Promise.all(p.both.map((s) => ranks(s, 'g')));
        for (const stream of streams) {
          for (const start of [{ startFromHead: true, limit: 7 }, { startFromHead: false, limit: 5 }, { startFromHead: true }, { startFromHead: true, startTime: T0 + 300, endTime: T0 + 700, limit: 13 }]) {
            const [a, b] = await Promise.all(p.both.map(async (s, i) => rankedGets(await allGets(s, 'g', stream, start), rank[i])));
            expect(b).toEqual(a);
          }
        }
        const error = compileFilterPattern('ERROR');
        for (const input of [{ limit: 11 }, { pattern: error, limit: 9 }, { logStreamNamePrefix: 'app/', startTime: T0 + 200, endTime: T0 + 800 }, { logStreamNames: ['web/1', 'nope'], pattern: error }]) {
          const [a, b] = await Promise.all(p.both.map(async (s, i) => rankedEvents(await allFilters(s, 'g', input), rank[i])));
          expect(b.length).toBeGreaterThan(0);
          expect(b).toEqual(a);
        }
        const scans = await Promise.all(
          p.both.map(async (s, i) => {
            const seen: string[] = [];
            await s.scanEvents('g', { startTime: T0 + 100, endTime: T0 + 900 }, (e, buf, off, length) => void seen.push(`${e.timestamp}/${ranked(rank[i], e.seq)}/${e.logStreamName}/${buf.toString('utf8', off + 36, off + length)}`));
            return seen.sort();
          }),
        );
        expect(scans[1]).toEqual(scans[0]);
        const [da, db] = await Promise.all(p.both.map((s) => s.deleteEventsBefore('g', T0 + 500)));
        expect(db).toEqual(da);
        expect(await p.table.describeStreams('g')).toEqual(await p.files.describeStreams('g'));
        const [a, b] = await Promise.all(p.both.map(async (s, i) => rankedEvents(await allFilters(s, 'g', {}), rank[i])));
        expect(b).toEqual(a);
      } finally {
        await p.close();
      }
    });

    it('pages FilterLogEvents with patterns alike: events, tokens and scanned counts, cut by limit, bytes and scan budget', async () => {
      // On PostgreSQL text and JSON patterns are first tested in the database (migration 0044) and only candidates
      // travel; what a page holds, where it stops and how many events it says it scanned must not change.
      const p = await pair(database);
      try {
        const next = rng(database.postgres ? 5 : 13);
        const streams = ['app/1', 'app/2', 'web/1'];
        for (const s of p.both) {
          await s.createGroup('g', T0);
          for (const name of streams) await s.createStream('g', name, T0);
        }
        const messages = [
          () => JSON.stringify({ level: next() < 0.1 ? 'ERROR' : 'INFO', job: `job-${Math.floor(next() * 5)}`, pad: 'p'.repeat(Math.floor(next() * 3000)) }),
          () => '{"level":"\\u0045RROR","job":"job-1"}', // the literal only through an escape
          () => `[ERROR ${400 + Math.floor(next() * 3)}] BAD REQUEST ${'x'.repeat(Math.floor(next() * 100))}`,
          () => `INFO héllo wörld 😀 ${Math.floor(next() * 1000)}`,
          () => 'WARN nul \u0000 ERROR',
          () => `plain ${next()}`,
        ];
        for (let batch = 0; batch < 30; batch++) {
          const stream = streams[Math.floor(next() * streams.length)];
          const n = 1 + Math.floor(next() * 60);
          let ts = T0 + Math.floor(next() * 1000);
          const events: InputEvent[] = [];
          for (let i = 0; i < n; i++) {
            ts += Math.floor(next() * 2);
            events.push({ timestamp: ts, message: messages[Math.floor(next() * messages.length)]() });
          }
          for (const s of p.both) await s.putEvents('g', stream, events, T0 + 5000 + batch);
        }
        const rank = await Promise.all(p.both.map((s) => ranks(s, 'g')));
        const pages = async (input: Parameters<EventStore['filterEvents']>[1]) => {
          const out = [];
          let nextToken: string | undefined;
          for (let k = 0; k < 200; k++) {
            const page = await p.table.filterEvents('g', { ...input, nextToken });
            out.push(page);
            if (!page.nextToken) break;
            nextToken = page.nextToken;
          }
          return out;
        };
        const patterns = ['"ERROR 40"', '?WARN ?wörld', 'ERROR -WARN', '{ $.level = "ERROR" && $.job = "job-1" }', '{ $.level = "ERROR" || $.job = "job-2" }', 'nothing-matches', '%ERR%'];
        let found = 0;
        for (const source of patterns) {
          const pattern = compileFilterPattern(source);
          for (const extra of [{}, { limit: 20 }, { logStreamNames: ['app/2', 'web/1'], startTime: T0 + 200, endTime: T0 + 900 }]) {
            // Pages, tokens and scanned counts: the same store with the pattern evaluated only in Node (no literals).
            const [tested, plain] = [await pages({ ...extra, pattern }), await pages({ ...extra, pattern: { matches: (m: string) => pattern.matches(m) } })];
            expect(tested, `${source} ${JSON.stringify(extra)}`).toEqual(plain);
            // Events in order: the segment files (whose pages cut elsewhere on the scan budget).
            const [a, b] = await Promise.all(p.both.map(async (s, i) => rankedEvents(await allFilters(s, 'g', { ...extra, pattern }), rank[i])));
            expect(b, `${source} ${JSON.stringify(extra)}`).toEqual(a);
            found += b.length;
          }
        }
        expect(found).toBeGreaterThan(500);
      } finally {
        await p.close();
      }
    }, 120_000);

    it('numbers concurrent appends to one group in commit order, none lost', async () => {
      const p = await pair(database);
      try {
        await p.table.createGroup('g', T0);
        await p.table.createStream('g', 'a', T0);
        await p.table.createStream('g', 'b', T0);
        await Promise.all(Array.from({ length: 20 }, (_, i) => p.table.putEvents('g', i % 2 ? 'a' : 'b', Array.from({ length: 50 }, (_, j) => ({ timestamp: T0 + j, message: `${i}-${j}` })), T0 + 1)));
        const all = await allFilters(p.table, 'g', {});
        expect(all).toHaveLength(1000);
        expect(new Set(all.map((e) => e.eventId)).size).toBe(1000);
        const streams = await p.table.describeStreams('g');
        expect(streams.map((s) => s.eventCount)).toEqual([500, 500]);
      } finally {
        await p.close();
      }
    });
  });
}
