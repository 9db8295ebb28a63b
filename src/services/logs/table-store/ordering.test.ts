// Appends to one group on PostgreSQL run side by side (issue 18), yet a reader following a token never skips an event
// that commits after it read (group-lock.ts). A batch is held "in flight" deterministically by running the store's own
// append statement inside a transaction the test commits when it chooses; "blocked" is read from pg_stat_activity.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type Kysely } from 'kysely';
import { openPostgresTestStore, postgresReachable } from '../../../store/test-databases.js';
import type { Database, Store } from '../../../store/index.js';
import type { InputEvent } from '../engine/index.js';
import { LogEngineError } from '../engine/index.js';
import * as m0038 from '../../../store/migrations/0038-logs-event-seq.js';
import { appendBatchPostgres, SEQ_BLOCK } from './append.js';
import { TableEventStore } from './store.js';

const pg = await postgresReachable();
const ACCOUNT = '111122223333';
const REGION = 'us-east-1';
const T = Date.UTC(2026, 0, 1);

/** Sessions of this test's database waiting on a lock (row, transaction or advisory). */
async function lockWaiters(db: Kysely<Database>): Promise<number> {
  const res = await sql<{ n: string }>`select count(*) as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`.execute(db);
  return Number(res.rows[0].n);
}

/** Whether `work` settles on its own or ends up waiting on a lock held by someone else. */
async function settlesOrBlocks(db: Kysely<Database>, work: Promise<unknown>): Promise<'settled' | 'blocked'> {
  let settled = false;
  work.then(
    () => (settled = true),
    () => (settled = true),
  );
  for (;;) {
    if (settled) return 'settled';
    if ((await lockWaiters(db)) > 0) return settled ? 'settled' : 'blocked';
  }
}

/** Runs the store's append statement for `events` in a transaction left open until `commit()` is called. */
async function inFlightAppend(db: Kysely<Database>, group: string, stream: string, events: InputEvent[]) {
  let commit!: () => void;
  const release = new Promise<void>((r) => (commit = r));
  let appended!: (ok: boolean) => void;
  const written = new Promise<boolean>((r) => (appended = r));
  const sizes = events.map((e) => Buffer.byteLength(e.message));
  const done = db.transaction().execute(async (trx) => {
    appended(await appendBatchPostgres(trx, { accountId: ACCOUNT, region: REGION, group, stream, ingestionTime: T }, events, sizes, 0));
    await release;
  });
  expect(await written).toBe(true);
  return { commit: async () => (commit(), done) };
}

const batch = (tag: string, n: number): InputEvent[] => Array.from({ length: n }, (_, i) => ({ timestamp: T, message: `${tag}-${i}` }));

describe.skipIf(!pg)('appends and token readers of one group (PostgreSQL)', () => {
  let store: Store;
  let table: TableEventStore;
  beforeAll(async () => {
    store = await openPostgresTestStore('sift_logs_ordering');
    table = new TableEventStore(store.db, true, ACCOUNT, REGION, { maxScanEventsPerPage: 10_000 });
  });
  afterAll(async () => store?.close());

  it('appends to two streams of a group do not wait for each other', async () => {
    await table.createGroup('side-by-side', T);
    for (const s of ['a', 'b']) await table.createStream('side-by-side', s, T);
    const a = await inFlightAppend(store.db, 'side-by-side', 'a', batch('a', 3));
    const b = table.putEvents('side-by-side', 'b', batch('b', 3), T);
    const state = await settlesOrBlocks(store.db, b);
    await a.commit();
    await b;
    expect(state).toBe('settled');
    expect((await table.filterEvents('side-by-side')).events.map((e) => e.message)).toHaveLength(6);
  });

  it('a FilterLogEvents token never passes an event of a batch that commits later', async () => {
    await table.createGroup('tokens', T);
    for (const s of ['a', 'b']) await table.createStream('tokens', s, T);
    // a takes its sequence numbers first and commits last; every event has the same timestamp.
    const a = await inFlightAppend(store.db, 'tokens', 'a', batch('a', 3));
    await table.putEvents('tokens', 'b', batch('b', 3), T);
    const firstPage = table.filterEvents('tokens', { limit: 3 });
    await settlesOrBlocks(store.db, firstPage);
    await a.commit();
    const seen = [];
    let page = await firstPage;
    for (let i = 0; i < 10; i++) {
      seen.push(...page.events.map((e) => e.message));
      if (!page.nextToken) break;
      page = await table.filterEvents('tokens', { limit: 3, nextToken: page.nextToken });
    }
    expect(seen.sort()).toEqual([...batch('a', 3), ...batch('b', 3)].map((e) => e.message).sort());
  });

  it('group deletion waits for an append in flight and leaves none of its rows behind', async () => {
    await table.createGroup('doomed', T);
    await table.createStream('doomed', 'a', T);
    const gid = Number((await store.db.selectFrom('logs_event_groups').select('gid').where('group_name', '=', 'doomed').executeTakeFirstOrThrow()).gid);
    const a = await inFlightAppend(store.db, 'doomed', 'a', batch('a', 5));
    const deletion = table.deleteGroup('doomed');
    expect(await settlesOrBlocks(store.db, deletion)).toBe('blocked');
    await a.commit();
    await deletion;
    const left = await store.db.selectFrom('logs_event_rows').select((eb) => eb.fn.countAll<string>().as('n')).where('gid', '=', gid).executeTakeFirstOrThrow();
    expect(Number(left.n)).toBe(0);
  });

  it('retention waits for an append in flight, so the statistics count what is left', async () => {
    await table.createGroup('kept', T);
    await table.createStream('kept', 'a', T);
    await table.putEvents('kept', 'a', [{ timestamp: T - 10, message: 'old' }, { timestamp: T + 10, message: 'new' }], T);
    const a = await inFlightAppend(store.db, 'kept', 'a', [{ timestamp: T - 5, message: 'old too' }, { timestamp: T + 20, message: 'new too' }]);
    const retention = table.deleteEventsBefore('kept', T);
    expect(await settlesOrBlocks(store.db, retention)).toBe('blocked');
    await a.commit();
    expect(await retention).toMatchObject({ deletedEvents: 2 });
    const [stream] = await table.describeStreams('kept');
    const left = (await table.filterEvents('kept')).events.map((e) => e.message);
    expect(left).toEqual(['new', 'new too']);
    expect(stream).toMatchObject({ eventCount: 2, firstEventTimestamp: T + 10, lastEventTimestamp: T + 20 });
  });

  it('refuses a batch larger than one block of sequence numbers, writing nothing', async () => {
    await table.createGroup('big', T);
    await table.createStream('big', 'a', T);
    const err = await table.putEvents('big', 'a', batch('x', SEQ_BLOCK + 1), T).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LogEngineError);
    expect((err as LogEngineError).code).toBe('InvalidLogEventBatch');
    expect((await table.describeStreams('big'))[0].eventCount).toBe(0);
    await table.putEvents('big', 'a', batch('x', SEQ_BLOCK), T);
    expect((await table.describeStreams('big'))[0].eventCount).toBe(SEQ_BLOCK);
  });

  it('migration 0038 starts the sequence past every number a group handed out, and gives them back on the way down', async () => {
    await table.createGroup('numbered', T);
    await store.db.updateTable('logs_event_groups').set({ next_seq: 123_456_789 }).where('group_name', '=', 'numbered').execute();
    await m0038.down(store.db);
    await m0038.up(store.db);
    const next = await sql<{ v: string }>`select nextval('logs_event_seq') as v`.execute(store.db);
    expect(Number(next.rows[0].v)).toBeGreaterThanOrEqual(123_456_789);
    await m0038.down(store.db);
    const row = await store.db.selectFrom('logs_event_groups').select('next_seq').where('group_name', '=', 'numbered').executeTakeFirstOrThrow();
    expect(Number(row.next_seq)).toBeGreaterThan(Number(next.rows[0].v));
    await m0038.up(store.db);
  });
});
