// The append on PostgreSQL (`appendBatchPostgres`, CALL logs_event_append_array, migration 0046) against the statement
// the store sent itself before migration 0045 (kept here as the reference) and against 0045's procedure (which a server
// of the previous version still calls during an upgrade): the same batches into three groups of one database must give
// the same rows (streams, timestamps, ingestion time, stored bytes, messages byte for byte, numbering order) and the
// same stream statistics, and none may write anything for a missing group or stream.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type Kysely } from 'kysely';
import { openPostgresTestStore, postgresReachable } from '../../../store/test-databases.js';
import { int4Array, int8Array, type Database, type Store } from '../../../store/index.js';
import { EVENT_OVERHEAD_BYTES, type InputEvent } from '../engine/index.js';
import { appendBatchPostgres, messagesArray, SEQ_BLOCK, type BatchTarget } from './append.js';
import { sharedGroupLock } from './group-lock.js';
import { TableEventStore } from './store.js';

const pg = await postgresReachable();
const ACCOUNT = '111122223333';
const REGION = 'us-east-1';
const T0 = Date.UTC(2026, 0, 1);

/** The messages as one bytea and each one's offset in it (from 1, as substring counts), as 0046 no longer sends them. */
function blobOf(events: readonly InputEvent[], sizes: readonly number[]): { blob: Buffer; offsets: Buffer } {
  const offsets: number[] = [];
  let off = 1;
  for (const s of sizes) offsets.push(off), (off += s);
  return { blob: Buffer.concat(events.map((e) => Buffer.from(e.message, 'utf8'))), offsets: int4Array(offsets) };
}

/** The append statement as table-store/append.ts sent it before migration 0045 (same locks, numbering and rows). */
async function referenceAppend(db: Kysely<Database>, t: BatchTarget, events: readonly InputEvent[], sizes: readonly number[], bytes: number): Promise<boolean> {
  const n = events.length;
  const { blob, offsets } = blobOf(events, sizes);
  const ts = int8Array(events.map((e) => e.timestamp));
  const res = await sql<{ stream_id: string }>`
    with g as materialized (
      select gid, ${sharedGroupLock(sql`gid`)} from logs_event_groups
      where account_id = ${t.accountId} and region = ${t.region} and group_name = ${t.group}
    ), s as (
      update logs_event_streams st set
        event_count = st.event_count + ${n}::bigint,
        stored_bytes = st.stored_bytes + ${bytes}::bigint,
        first_ts = least(st.first_ts, ${events[0].timestamp}::bigint),
        last_ts = greatest(st.last_ts, ${events[n - 1].timestamp}::bigint),
        last_ingestion = greatest(st.last_ingestion, ${t.ingestionTime}::bigint)
      from g where st.gid = g.gid and st.stream_name = ${t.stream}
      returning st.stream_id, st.gid, nextval('logs_event_seq') as first_seq
    ), rows as (
      insert into logs_event_rows (gid, seq, stream_id, ts, ingestion_time, bytes, message)
      select s.gid, s.first_seq + x.n - 1, s.stream_id, x.ts, ${t.ingestionTime}::bigint, x.len + ${EVENT_OVERHEAD_BYTES}, substring(${blob}::bytea from x.off for x.len)
      from s cross join unnest(${ts}::bigint[], ${offsets}::int[], ${int4Array(sizes)}::int[]) with ordinality as x(ts, off, len, n)
    )
    select stream_id from s`.execute(db);
  return res.rows.length === 1;
}

/** The same batch through migration 0045's procedure (messages as one bytea with offsets and lengths). */
async function append0045(db: Kysely<Database>, t: BatchTarget, events: readonly InputEvent[], sizes: readonly number[], bytes: number): Promise<boolean> {
  const n = events.length;
  const { blob, offsets } = blobOf(events, sizes);
  const res = await sql<{ stream_id: string | null }>`
    call logs_event_append(${t.accountId}, ${t.region}, ${t.group}, ${t.stream}, ${n}::bigint, ${bytes}::bigint, ${events[0].timestamp}::bigint,
      ${events[n - 1].timestamp}::bigint, ${t.ingestionTime}::bigint, ${EVENT_OVERHEAD_BYTES}::int, ${blob}::bytea,
      ${int8Array(events.map((e) => e.timestamp))}::bigint[], ${offsets}::int[], ${int4Array([...sizes])}::int[], null)`.execute(db);
  return res.rows[0]?.stream_id != null;
}

/** A group's rows in numbering order, with the sequence number replaced by its rank (blocks differ between groups). */
async function rowsOf(db: Kysely<Database>, group: string) {
  const res = await sql<{ stream_id: string; ts: string; ingestion_time: string; bytes: number; message: Buffer }>`
    select e.stream_id, e.ts, e.ingestion_time, e.bytes, e.message from logs_event_rows e
    join logs_event_groups g on g.gid = e.gid where g.group_name = ${group} order by e.seq`.execute(db);
  return res.rows.map((r) => ({ stream: Number(r.stream_id), ts: Number(r.ts), ingestion: Number(r.ingestion_time), bytes: r.bytes, message: r.message.toString('hex') }));
}

async function statsOf(db: Kysely<Database>, group: string) {
  const res = await sql<Record<string, string | null>>`
    select s.stream_name, s.event_count, s.stored_bytes, s.first_ts, s.last_ts, s.last_ingestion from logs_event_streams s
    join logs_event_groups g on g.gid = s.gid where g.group_name = ${group} order by s.stream_name`.execute(db);
  return res.rows;
}

const MESSAGES = ['plain ascii', '', 'accents: é à ü', 'emoji 😀🚀', 'x'.repeat(3000), '{"json":"line","n":1}', 'nul \u0000 byte', 'lone \ud800 surrogate'];

describe.skipIf(!pg)('appendBatchPostgres (CALL logs_event_append_array) against the statements before it', () => {
  let store: Store;
  let table: TableEventStore;
  beforeAll(async () => {
    store = await openPostgresTestStore('sift_logs_append');
    table = new TableEventStore(store.db, true, ACCOUNT, REGION, { maxScanEventsPerPage: 10_000 });
    for (const group of ['/new', '/old', '/v45']) {
      await table.createGroup(group, T0);
      for (const stream of ['a', 'b']) await table.createStream(group, stream, T0);
    }
  });
  afterAll(async () => store?.close());

  it('writes the same rows and statistics', async () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32);
    for (let b = 0; b < 12; b++) {
      // The first batch is as large as a batch gets (one block of sequence numbers), one has a single event.
      const n = b === 0 ? SEQ_BLOCK : b === 1 ? 1 : 1 + Math.floor(rand() * 400);
      let ts = T0 + Math.floor(rand() * 50_000);
      const events: InputEvent[] = [];
      for (let i = 0; i < n; i++) {
        ts += Math.floor(rand() * 3); // ties included
        const m = MESSAGES[Math.floor(rand() * MESSAGES.length)];
        events.push({ timestamp: ts, message: rand() < 0.05 ? m : `${m}#${b}.${i}` }); // some messages empty
      }
      const sizes = events.map((e) => Buffer.byteLength(e.message));
      const bytes = sizes.reduce((a, s) => a + s + EVENT_OVERHEAD_BYTES, 0);
      const stream = rand() < 0.5 ? 'a' : 'b';
      const ingestionTime = T0 + 60_000 + b;
      expect(await appendBatchPostgres(store.db, { accountId: ACCOUNT, region: REGION, group: '/new', stream, ingestionTime }, events, sizes, bytes)).toBe(true);
      expect(await referenceAppend(store.db, { accountId: ACCOUNT, region: REGION, group: '/old', stream, ingestionTime }, events, sizes, bytes)).toBe(true);
      expect(await append0045(store.db, { accountId: ACCOUNT, region: REGION, group: '/v45', stream, ingestionTime }, events, sizes, bytes)).toBe(true);
    }
    const rows = await rowsOf(store.db, '/new');
    expect(rows.length).toBeGreaterThan(12);
    expect(rows.some((r) => r.message === '')).toBe(true);
    expect(rows).toEqual(await rowsOf(store.db, '/old'));
    expect(rows).toEqual(await rowsOf(store.db, '/v45'));
    expect(await statsOf(store.db, '/new')).toEqual(await statsOf(store.db, '/old'));
    expect(await statsOf(store.db, '/new')).toEqual(await statsOf(store.db, '/v45'));
    // And what the store reads back is what was written.
    const page = await table.getEvents('/new', 'a', { startFromHead: true, limit: 10_000 });
    const stored = rows.filter((r) => r.stream === 1).sort((x, y) => x.ts - y.ts);
    expect(page.events.length).toBeGreaterThan(100); // a page stops at 10,000 events or 1 MB
    expect(page.events.map((e) => e.message)).toEqual(stored.slice(0, page.events.length).map((r) => Buffer.from(r.message, 'hex').toString('utf8')));
  });

  it('writes nothing for a missing group or stream', async () => {
    const events = [{ timestamp: T0, message: 'orphan' }];
    const before = await sql<{ n: string }>`select count(*) as n from logs_event_rows`.execute(store.db);
    expect(await appendBatchPostgres(store.db, { accountId: ACCOUNT, region: REGION, group: '/new', stream: 'missing', ingestionTime: T0 }, events, [6], 32)).toBe(false);
    expect(await appendBatchPostgres(store.db, { accountId: ACCOUNT, region: REGION, group: '/missing', stream: 'a', ingestionTime: T0 }, events, [6], 32)).toBe(false);
    const after = await sql<{ n: string }>`select count(*) as n from logs_event_rows`.execute(store.db);
    expect(after.rows[0].n).toBe(before.rows[0].n);
  });

  it('sends the messages as a bytea[] PostgreSQL reads back byte for byte, and refuses sizes that are not theirs', async () => {
    const events = MESSAGES.map((message, i) => ({ timestamp: T0 + i, message }));
    const sizes = events.map((e) => Buffer.byteLength(e.message));
    const res = await sql<{ m: Buffer[] }>`select ${messagesArray(events, sizes)}::bytea[] as m`.execute(store.db);
    expect(res.rows[0].m.map((b) => b.toString('hex'))).toEqual(events.map((e) => Buffer.from(e.message, 'utf8').toString('hex')));
    expect(() => messagesArray(events, sizes.map((n, i) => (i === 2 ? n + 1 : n)))).toThrow(RangeError);
    expect(() => messagesArray(events, sizes.map((n, i) => (i === 3 ? n - 1 : n)))).toThrow(RangeError);
  });
});
