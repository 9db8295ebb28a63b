import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { appendFile, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LogEngineError, LogEventStore, type EngineOptions, type FilteredEvent } from './index.js';
import { compileFilterPattern } from '../filter-pattern/index.js';

let root: string;
const stores: LogEventStore[] = [];

async function openStore(options: Partial<EngineOptions> = {}): Promise<LogEventStore> {
  const s = await LogEventStore.open(root, options);
  stores.push(s);
  return s;
}

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'sift-logs-engine-'));
});
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
  await rm(root, { recursive: true, force: true });
});

async function expectEngineError(p: Promise<unknown>, code: string): Promise<void> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(LogEngineError);
  expect((err as LogEngineError).code).toBe(code);
}

const T0 = Date.UTC(2026, 0, 1);

describe('groups and streams', () => {
  it('creates, lists, describes and deletes groups and streams with AWS-like errors', async () => {
    const store = await openStore();
    await store.createGroup('/aws/macie/classificationjobs', T0);
    await expectEngineError(store.createGroup('/aws/macie/classificationjobs', T0), 'LogGroupAlreadyExists');
    await store.createGroup('a-group', T0 + 1);
    expect((await store.listGroups()).map((g) => g.logGroupName)).toEqual(['/aws/macie/classificationjobs', 'a-group']);
    await store.createStream('a-group', 'job-1', T0 + 2);
    await expectEngineError(store.createStream('a-group', 'job-1', T0), 'LogStreamAlreadyExists');
    await expectEngineError(store.createStream('nope', 'x', T0), 'LogGroupNotFound');
    await expectEngineError(store.deleteStream('a-group', 'x'), 'LogStreamNotFound');
    await expectEngineError(store.putEvents('a-group', 'x', [{ timestamp: 1, message: 'm' }], T0), 'LogStreamNotFound');
    expect(await store.describeStreams('a-group')).toEqual([
      { logStreamName: 'job-1', creationTime: T0 + 2, storedBytes: 0, eventCount: 0 },
    ]);
    await store.deleteGroup('a-group');
    expect(await store.hasGroup('a-group')).toBe(false);
    await expectEngineError(store.describeStreams('a-group'), 'LogGroupNotFound');
  });

  it('keeps stream statistics: first/last event timestamp, last ingestion time, stored bytes', async () => {
    const store = await openStore();
    await store.createGroup('g', T0);
    await store.createStream('g', 's', T0);
    await store.putEvents('g', 's', [{ timestamp: T0 + 10, message: 'héllo' }, { timestamp: T0 + 20, message: 'b' }], T0 + 100);
    await store.putEvents('g', 's', [{ timestamp: T0 + 5, message: 'early' }], T0 + 200);
    const info = await store.describeStream('g', 's');
    expect(info).toMatchObject({
      firstEventTimestamp: T0 + 5,
      lastEventTimestamp: T0 + 20,
      lastIngestionTime: T0 + 200,
      storedBytes: 6 + 26 + 1 + 26 + 5 + 26,
      eventCount: 3,
    });
    expect((await store.describeGroup('g')).storedBytes).toBe(info?.storedBytes);
  });

  it('refuses a batch out of chronological order', async () => {
    const store = await openStore();
    await store.createGroup('g', T0);
    await store.createStream('g', 's', T0);
    await expectEngineError(
      store.putEvents('g', 's', [{ timestamp: 2, message: 'a' }, { timestamp: 1, message: 'b' }], T0),
      'InvalidLogEventBatch',
    );
    expect((await store.describeStream('g', 's'))?.eventCount).toBe(0);
  });

  it('hides the events of a deleted stream, also from a stream re-created with its name', async () => {
    const store = await openStore();
    await store.createGroup('g', T0);
    await store.createStream('g', 's', T0);
    await store.putEvents('g', 's', [{ timestamp: T0, message: 'old' }], T0);
    await store.deleteStream('g', 's');
    await store.createStream('g', 's', T0 + 1);
    expect((await store.filterEvents('g')).events).toEqual([]);
    expect((await store.describeGroup('g')).storedBytes).toBe(0);
  });
});

describe('durability', () => {
  it('writes concurrent appends together (group commit): each kept once, in arrival order, a bad one failing alone', async () => {
    let store = await openStore({ segmentBytes: 64 * 1024 });
    await store.createGroup('g', T0);
    for (const s of ['a', 'b', 'c']) await store.createStream('g', s, T0);
    const batch = (tag: string, n: number) => Array.from({ length: n }, (_, i) => ({ timestamp: T0 + i, message: `${tag}.${i} ${'x'.repeat(i % 50)}` }));
    const calls = Array.from({ length: 30 }, (_, i) => ({ stream: ['a', 'b', 'c'][i % 3]!, events: batch(`call${i}`, 20 + i) }));
    const results = await Promise.allSettled([
      ...calls.map((c) => store.putEvents('g', c.stream, c.events, T0 + 100)),
      store.putEvents('g', 'nope', batch('lost', 3), T0 + 100),
      store.putEvents('g', 'a', [{ timestamp: 2, message: 'late' }, { timestamp: 1, message: 'early' }], T0 + 100),
      store.putEvents('g', 'b', [], T0 + 100),
    ]);
    expect(results.slice(0, 30).every((r) => r.status === 'fulfilled')).toBe(true);
    expect(results.slice(30).map((r) => r.status === 'rejected' && (r.reason as LogEngineError).code)).toEqual(['LogStreamNotFound', 'InvalidLogEventBatch', false]);
    const check = async () => {
      for (const s of ['a', 'b', 'c']) {
        const mine = calls.filter((c) => c.stream === s);
        const want = mine.flatMap((c) => c.events.map((e) => e.message));
        const got: string[] = [];
        let token: string | undefined;
        for (;;) {
          const page = await store.getEvents('g', s, { startFromHead: true, nextToken: token });
          got.push(...page.events.map((e) => e.message));
          if (page.nextForwardToken === token) break;
          token = page.nextForwardToken;
        }
        // Same timestamps in every call: GetLogEvents orders ties by sequence, i.e. by arrival.
        expect(got.slice().sort()).toEqual(want.slice().sort());
        expect(got.length).toBe(want.length);
        expect(await store.describeStream('g', s)).toMatchObject({ eventCount: want.length, lastIngestionTime: T0 + 100 });
      }
      const all = (await store.filterEvents('g')).events;
      expect(new Set(all.map((e) => e.eventId)).size).toBe(all.length);
    };
    await check();
    await store.close();
    store = await openStore({ segmentBytes: 64 * 1024 });
    await check();
  });

  it('keeps acknowledged events across a reopen and cuts a torn tail', async () => {
    let store = await openStore();
    await store.createGroup('g', T0);
    await store.createStream('g', 's', T0);
    await store.putEvents('g', 's', [{ timestamp: T0, message: 'one' }, { timestamp: T0 + 1, message: 'two' }], T0 + 5);
    await store.close();
    // A crash in the middle of a write leaves a partial record at the end of the active segment.
    const groupDir = join(root, 'groups', (await readdir(join(root, 'groups')))[0]);
    const segment = (await readdir(groupDir)).filter((f) => f.endsWith('.seg')).sort().pop() as string;
    await appendFile(join(groupDir, segment), Buffer.from([200, 0, 0, 0, 1, 2, 3]));
    store = await openStore();
    await store.putEvents('g', 's', [{ timestamp: T0 + 2, message: 'three' }], T0 + 6);
    const page = await store.getEvents('g', 's', { startFromHead: true });
    expect(page.events.map((e) => e.message)).toEqual(['one', 'two', 'three']);
    expect(await store.describeStream('g', 's')).toMatchObject({ eventCount: 3, lastIngestionTime: T0 + 6 });
  });

  it('reads back sealed segments and messages larger than a read chunk', async () => {
    let store = await openStore({ segmentBytes: 4096 });
    await store.createGroup('g', T0);
    await store.createStream('g', 's', T0);
    const big = 'x'.repeat(1_500_000);
    for (let i = 0; i < 50; i++) await store.putEvents('g', 's', [{ timestamp: T0 + i, message: `event ${i} ${'y'.repeat(200)}` }], T0);
    await store.putEvents('g', 's', [{ timestamp: T0 + 100, message: big }], T0);
    await store.close();
    store = await openStore({ segmentBytes: 4096 });
    // A page holds at most 1 MB, so the large event comes on a second page.
    const first = await store.filterEvents('g');
    expect(first.events).toHaveLength(50);
    const second = await store.filterEvents('g', { nextToken: first.nextToken });
    expect(second.events.map((e) => e.message)).toEqual([big]);
  });
});

describe('GetLogEvents', () => {
  async function streamWith(n: number): Promise<LogEventStore> {
    const store = await openStore({ segmentBytes: 2048 });
    await store.createGroup('g', T0);
    await store.createStream('g', 's', T0);
    for (let i = 0; i < n; i += 10) {
      const batch = Array.from({ length: Math.min(10, n - i) }, (_, k) => ({ timestamp: T0 + (i + k) * 1000, message: `m${i + k}` }));
      await store.putEvents('g', 's', batch, T0);
    }
    return store;
  }

  it('reads from the head page by page; the forward token comes back unchanged at the end', async () => {
    const store = await streamWith(95);
    const seen: string[] = [];
    let token: string | undefined;
    let page = await store.getEvents('g', 's', { startFromHead: true, limit: 20 });
    while (true) {
      seen.push(...page.events.map((e) => e.message));
      token = page.nextForwardToken;
      page = await store.getEvents('g', 's', { nextToken: token, limit: 20 });
      if (page.nextForwardToken === token) break;
    }
    expect(seen).toEqual(Array.from({ length: 95 }, (_, i) => `m${i}`));
    // New events show up behind the same token.
    await store.putEvents('g', 's', [{ timestamp: T0 + 999_000, message: 'late' }], T0);
    const after = await store.getEvents('g', 's', { nextToken: token });
    expect(after.events.map((e) => e.message)).toEqual(['late']);
  });

  it('returns the latest events by default, oldest first, and walks back with the backward token', async () => {
    const store = await streamWith(45);
    const tail = await store.getEvents('g', 's', { limit: 10 });
    expect(tail.events.map((e) => e.message)).toEqual(Array.from({ length: 10 }, (_, i) => `m${35 + i}`));
    const back = await store.getEvents('g', 's', { nextToken: tail.nextBackwardToken, limit: 10 });
    expect(back.events.map((e) => e.message)).toEqual(Array.from({ length: 10 }, (_, i) => `m${25 + i}`));
    const forward = await store.getEvents('g', 's', { nextToken: back.nextForwardToken, limit: 3 });
    expect(forward.events.map((e) => e.message)).toEqual(['m35', 'm36', 'm37']);
  });

  it('applies startTime (inclusive) and endTime (exclusive)', async () => {
    const store = await streamWith(30);
    const page = await store.getEvents('g', 's', { startFromHead: true, startTime: T0 + 5000, endTime: T0 + 9000 });
    expect(page.events.map((e) => e.message)).toEqual(['m5', 'm6', 'm7', 'm8']);
  });

  it('refuses tokens it did not issue', async () => {
    const store = await streamWith(1);
    await expectEngineError(store.getEvents('g', 's', { nextToken: 'f/abc' }), 'InvalidLogEventToken');
    await expectEngineError(store.filterEvents('g', { nextToken: 'garbage' }), 'InvalidLogEventToken');
  });
});

describe('FilterLogEvents', () => {
  interface Sent {
    stream: string;
    timestamp: number;
    message: string;
    order: number;
  }

  // Three streams, batches sorted within themselves but arriving out of time order across batches and streams.
  async function interleaved(options: Partial<EngineOptions> = {}): Promise<{ store: LogEventStore; sent: Sent[] }> {
    const store = await openStore({ segmentBytes: 3000, ...options });
    await store.createGroup('g', T0);
    const streams = ['app-1', 'app-2', 'web-1'];
    for (const s of streams) await store.createStream('g', s, T0);
    const sent: Sent[] = [];
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let b = 0; b < 60; b++) {
      const stream = streams[b % 3];
      const start = T0 + Math.floor(rand() * 100_000);
      let ts = start;
      const batch = Array.from({ length: 1 + Math.floor(rand() * 8) }, (_, k) => ({
        timestamp: (ts += Math.floor(rand() * 50)),
        message: JSON.stringify({ level: rand() < 0.3 ? 'ERROR' : 'INFO', n: sent.length + k, stream }),
      }));
      await store.putEvents('g', stream, batch, T0 + b);
      for (const e of batch) sent.push({ stream, ...e, order: sent.length });
    }
    return { store, sent };
  }

  const byKey = (a: Sent, b: Sent) => a.timestamp - b.timestamp || a.order - b.order;

  async function collect(store: LogEventStore, input: Parameters<LogEventStore['filterEvents']>[1]): Promise<FilteredEvent[]> {
    const out: FilteredEvent[] = [];
    let nextToken: string | undefined;
    for (let pages = 0; pages < 10_000; pages++) {
      const page = await store.filterEvents('g', { ...input, nextToken });
      out.push(...page.events);
      nextToken = page.nextToken;
      if (!nextToken) return out;
    }
    throw new Error('pagination did not end');
  }

  it('returns every event of every stream once, ordered by timestamp then ingestion, across pages', async () => {
    const { store, sent } = await interleaved();
    const got = await collect(store, { limit: 7 });
    expect(got.map((e) => e.message)).toEqual([...sent].sort(byKey).map((e) => e.message));
    expect(new Set(got.map((e) => e.eventId)).size).toBe(sent.length);
  });

  it('filters by pattern, stream names, prefix and an inclusive time range', async () => {
    const { store, sent } = await interleaved();
    const pattern = compileFilterPattern('{ $.level = "ERROR" }');
    const lo = T0 + 20_000;
    const hi = T0 + 70_000;
    const want = (keep: (e: Sent) => boolean) => sent.filter(keep).sort(byKey).map((e) => e.message);
    const isError = (e: Sent) => e.message.includes('"ERROR"');
    expect((await collect(store, { pattern, limit: 5 })).map((e) => e.message)).toEqual(want(isError));
    expect((await collect(store, { logStreamNamePrefix: 'app-' })).map((e) => e.message)).toEqual(want((e) => e.stream.startsWith('app-')));
    const named = await collect(store, { logStreamNames: ['web-1', 'missing'], pattern });
    expect(named.map((e) => e.message)).toEqual(want((e) => e.stream === 'web-1' && isError(e)));
    expect(named.every((e) => e.logStreamName === 'web-1')).toBe(true);
    const ranged = await collect(store, { startTime: lo, endTime: hi });
    expect(ranged.map((e) => e.message)).toEqual(want((e) => e.timestamp >= lo && e.timestamp <= hi));
  });

  it('cuts pages by its scan budget and still returns everything once', async () => {
    const { store, sent } = await interleaved({ maxScanEventsPerPage: 20 });
    const pattern = compileFilterPattern('ERROR');
    const got = await collect(store, { pattern });
    expect(got.map((e) => e.message)).toEqual(sent.filter((e) => e.message.includes('ERROR')).sort(byKey).map((e) => e.message));
  });

  it('shows new events immediately and ends with no token', async () => {
    const { store, sent } = await interleaved();
    const first = await store.filterEvents('g');
    expect(first.events).toHaveLength(sent.length);
    expect(first.nextToken).toBeUndefined();
    await store.putEvents('g', 'app-1', [{ timestamp: T0 + 1, message: 'fresh' }], T0 + 1000);
    expect((await store.filterEvents('g', { pattern: compileFilterPattern('fresh') })).events.map((e) => e.message)).toEqual(['fresh']);
  });
});

describe('retention', () => {
  it('deletes events older than the cutoff, updates storedBytes and survives a reopen', async () => {
    let store = await openStore({ segmentBytes: 1500 });
    await store.createGroup('g', T0);
    await store.createStream('g', 'a', T0);
    await store.createStream('g', 'b', T0);
    for (let i = 0; i < 100; i++) {
      await store.putEvents('g', i % 2 ? 'a' : 'b', [{ timestamp: T0 + i * 10, message: `event-${String(i).padStart(3, '0')}` }], T0 + i);
    }
    const before = (await store.describeGroup('g')).storedBytes;
    expect(before).toBe(100 * (9 + 26));
    const cutoff = T0 + 555; // events 0..55 go
    const removed = await store.deleteEventsBefore('g', cutoff);
    expect(removed).toEqual({ deletedEvents: 56, deletedBytes: 56 * 35 });
    expect((await store.describeGroup('g')).storedBytes).toBe(44 * 35);
    expect(await store.describeStream('g', 'a')).toMatchObject({ firstEventTimestamp: T0 + 570, eventCount: 22 });
    await store.close();
    store = await openStore({ segmentBytes: 1500 });
    const left = await store.filterEvents('g');
    expect(left.events.map((e) => e.message)).toEqual(Array.from({ length: 44 }, (_, k) => `event-${String(56 + k).padStart(3, '0')}`));
    expect((await store.describeGroup('g')).storedBytes).toBe(44 * 35);
    expect(await store.deleteEventsBefore('g', cutoff)).toEqual({ deletedEvents: 0, deletedBytes: 0 });
  });
});
