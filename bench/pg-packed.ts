// Packed rows on PostgreSQL, a measured prototype (issue 18, pgpacked): the same events as bench/pg-read.ts written
// three ways — segment files, the table store's row per event (`logs_event_rows`), and a block per append of one
// stream (table-store/block.ts) in a scratch table `logs_event_blocks_proto` created here, by a procedure shaped as
// migration 0046's append (the group's lock shared, the stream's statistics, one `nextval`, one row) — then Logs
// Insights' one-pass scan over each. Prints CPU per event (this process + the database's backends) for the writes
// and the scans, rows and bytes stored. No production path reads or writes the blocks.
//   npx tsx bench/pg-packed.ts   (SIFT_BENCH_EVENTS, default 200,000; SIFT_BENCH_REPS, default 3;
//   SIFT_BENCH_BLOCK: events per block, default the batch (5,000), smaller splits each batch into several appends;
//   SIFT_BENCH_STORAGE: the body's TOAST storage, `external` (default: no compression) or `extended` (pglz);
//   SIFT_BENCH_SCAN_BLOCKS: blocks per COPY statement of the scan, default 8; SIFT_BENCH_SCAN_BYTES: instead, the
//   blocks per statement after the first sized to about that many body bytes at the average block so far)
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { createTestDatabase } from '../src/store/test-databases.js';
import { int8Array, openStore, postgresPool } from '../src/store/index.js';
import { TableEventStore } from '../src/services/logs/table-store/index.js';
import { LogEventStore } from '../src/services/logs/engine/index.js';
import { writeBlock, visitBlock } from '../src/services/logs/table-store/block.js';
import { messagesArray } from '../src/services/logs/table-store/append.js';
import { BlockCopyReader } from '../src/services/logs/table-store/block-copy.js';
import { copyInto } from '../src/services/logs/table-store/copy.js';
import type { EventStore } from '../src/services/logs/event-stores.js';
import type { ScannedEvent } from '../src/services/logs/engine/index.js';
import { backendsCpu, backendsCpuSince } from './pg-cpu.js';
import { appendProcedure } from './pg-append-sql.js';
import { batches, createGroup, GROUP, STREAMS, T0, TOTAL } from './pg-read-data.js';

const REPS = Number(process.env.SIFT_BENCH_REPS ?? 3);
const BLOCK = Number(process.env.SIFT_BENCH_BLOCK ?? 5_000);
const STORAGE = process.env.SIFT_BENCH_STORAGE === 'extended' ? 'extended' : 'external';
const SCAN_BLOCKS = Number(process.env.SIFT_BENCH_SCAN_BLOCKS ?? 8);
const SCAN_BYTES = Number(process.env.SIFT_BENCH_SCAN_BYTES ?? 0);
const ACCOUNT = '123456789012';
/** The group shape B's appends write (rows and blocks), apart from the scans' GROUP. */
const BOTH_GROUP = '/bench/both';
const REGION = 'us-east-1';

const cpuUs = () => {
  const u = process.cpuUsage();
  return u.user + u.system;
};

const database = await createTestDatabase('sift_bench_packed');
const dir = await mkdtemp(join(tmpdir(), 'sift-bench-packed-'));
const pgStore = await openStore(database.url);
const files = await LogEventStore.open(dir, { durable: false });
const pool = postgresPool(pgStore.db)!;
const db = pgStore.db;

/** The scratch table and its append: one row per block, found by (gid, block id) and (gid, first ts). */
async function createBlocks(): Promise<void> {
  await sql
    .raw(`create table logs_event_blocks_proto (
      gid bigint not null, block_id bigint generated always as identity, stream_id bigint not null,
      first_ts bigint not null, last_ts bigint not null, first_seq bigint not null, n integer not null, bytes bigint not null,
      body bytea not null, primary key (gid, block_id));
    alter table logs_event_blocks_proto alter column body set storage ${STORAGE};
    create index logs_event_blocks_proto_ts on logs_event_blocks_proto (gid, first_ts);
`)
    .execute(db);
  await sql
    .raw(
      appendProcedure(
        'logs_event_block_append_proto',
        'p_body bytea',
        `insert into logs_event_blocks_proto (gid, stream_id, first_ts, last_ts, first_seq, n, bytes, body)
          select s.gid, s.stream_id, p_first, p_last, s.first_seq, p_n, p_bytes, p_body from s`,
      ),
    )
    .execute(db);
  // Shape B: 0046's rows and the block in one statement (the messages travel twice: as the rows' array and the body).
  await sql
    .raw(
      appendProcedure(
        'logs_event_both_append_proto',
        'p_messages bytea[], p_ts bigint[], p_body bytea',
        `insert into logs_event_rows (gid, seq, stream_id, ts, ingestion_time, bytes, message)
          select s.gid, s.first_seq + i - 1, s.stream_id, p_ts[i], p_ingestion, octet_length(p_messages[i]) + p_overhead, p_messages[i]
          from s cross join generate_series(1, p_n::int) as i
        ), b as (
          insert into logs_event_blocks_proto (gid, stream_id, first_ts, last_ts, first_seq, n, bytes, body)
          select s.gid, s.stream_id, p_first, p_last, s.first_seq, p_n, p_bytes, p_body from s`,
      ),
    )
    .execute(db);
}

/**
 * What a migration would run to turn existing rows into blocks: a stream's rows in seq order, cut wherever the seq is
 * not the previous one + 1, the ingestion time changes or the timestamp goes back; each run becomes one block, its body
 * built with the *send functions (block.ts' big-endian layout). So every block is consecutive numbers of one
 * ingestion time in (ts, seq) order, as an append writes one (an append's events are one such run; two appends whose
 * numbers touch, as rows numbered before migration 0038 can, become one block only if that still holds).
 */
export const BLOCKS_FROM_ROWS = `insert into logs_event_blocks_conv (gid, stream_id, first_ts, last_ts, first_seq, n, bytes, body)
  select gid, stream_id, min(ts), max(ts), min(seq), count(*), sum(bytes),
    float8send(min(ingestion_time)::float8) || int4send(count(*)::int) || int4send(1) || '\\x0000000000000000'::bytea
      || string_agg(int4send(octet_length(message)) || float8send(ts::float8) || message, ''::bytea order by seq)
  from (select c.*, sum(c.cut) over (partition by c.gid, c.stream_id order by c.seq) as run
    from (select e.*, case when lag(e.seq) over w = e.seq - 1 and lag(e.ingestion_time) over w = e.ingestion_time and lag(e.ts) over w <= e.ts then 0 else 1 end as cut
      from logs_event_rows e window w as (partition by e.gid, e.stream_id order by e.seq)) c) r
  group by gid, stream_id, run`;

/**
 * One append of a block (its sequence numbers are the row's `first_seq` onwards, drawn by `nextval`); `both`: shape B,
 * into `BOTH_GROUP`, the rows as well.
 */
async function appendBlock(stream: string, events: Array<{ timestamp: number; message: string }>, ingestionTime: number, both = false): Promise<void> {
  const sizes = events.map((e) => Buffer.byteLength(e.message));
  let bytes = 0;
  let first = Infinity;
  let last = -Infinity;
  for (let i = 0; i < events.length; i++) {
    bytes += sizes[i] + 26;
    if (events[i].timestamp < first) first = events[i].timestamp;
    if (events[i].timestamp > last) last = events[i].timestamp;
  }
  const body = writeBlock(events, sizes, ingestionTime);
  const res = both
    ? await sql<{ stream_id: string | null }>`call logs_event_both_append_proto(${ACCOUNT}, ${REGION}, ${BOTH_GROUP}, ${stream}, ${events.length}::bigint, ${bytes}::bigint, ${first}::bigint, ${last}::bigint, ${ingestionTime}::bigint, 26, ${messagesArray(events, sizes)}::bytea[], ${int8Array(events.map((e) => e.timestamp))}::bigint[], ${body}::bytea, null)`.execute(db)
    : await sql<{ stream_id: string | null }>`call logs_event_block_append_proto(${ACCOUNT}, ${REGION}, ${GROUP}, ${stream}, ${events.length}::bigint, ${bytes}::bigint, ${first}::bigint, ${last}::bigint, ${ingestionTime}::bigint, 26, ${body}::bytea, null)`.execute(db);
  if (res.rows[0]?.stream_id == null) throw new Error('block not appended');
}

/** Insights' scan over the blocks: blocks in append order (as the segment files', no ordering), `SCAN_BLOCKS` per COPY. */
async function scanBlocks(gid: number, names: Map<number, string>, window: { startTime: number; endTime: number }, visit: (e: ScannedEvent, buf: Buffer, off: number, length: number) => boolean | void): Promise<void> {
  const event: ScannedEvent = { timestamp: 0, ingestionTime: 0, seq: 0, logStreamName: '' };
  let after = 0;
  let limit = SCAN_BLOCKS;
  let blocks = 0;
  let bytes = 0;
  while (true) {
    const reader = new BlockCopyReader();
    await copyInto(pool, `copy (select block_id, stream_id, first_seq, body from logs_event_blocks_proto where gid = ${gid} and block_id > ${after} and first_ts <= ${window.endTime} and last_ts >= ${window.startTime} order by block_id limit ${limit}) to stdout (format binary)`, reader);
    const rows = reader.finish();
    const asked = limit;
    if (SCAN_BYTES > 0) {
      for (const row of rows) bytes += row.body.length;
      blocks += rows.length;
      if (blocks > 0) limit = Math.max(1, Math.min(100_000, Math.floor(SCAN_BYTES / (bytes / blocks))));
    }
    for (const row of rows) {
      const name = names.get(row.streamId);
      if (name === undefined) continue;
      event.logStreamName = name;
      if (!visitBlock(row.body, row.firstSeq, window, event, visit)) return;
    }
    if (rows.length < asked) return;
    after = rows[rows.length - 1].blockId;
  }
}

async function measure(work: () => Promise<number>): Promise<{ node: number; backend: number; n: number }> {
  const b0 = await backendsCpu(database.url);
  const c = cpuUs();
  const n = await work();
  const node = (cpuUs() - c) / n;
  const backend = (backendsCpuSince(b0, await backendsCpu(database.url)) * 1000) / n;
  return { node, backend, n };
}

const fmt = (m: { node: number; backend: number }) => `${(m.node + m.backend).toFixed(3)} µs/event (node ${m.node.toFixed(3)} + backend ${m.backend.toFixed(3)})`;

try {
  const table = new TableEventStore(db, true, ACCOUNT, REGION, { maxScanEventsPerPage: 10_000 }) as unknown as EventStore;
  await createGroup(table);
  await createGroup(files as unknown as EventStore);
  await createBlocks();

  // Writes: the same batches each way, made beforehand; rows and blocks split into appends of SIFT_BENCH_BLOCK events
  // (the files take the whole batch: the figure to compare small appends by is rows against blocks).
  const written = [...batches()];
  let c = cpuUs();
  for (const b of written) await (files as unknown as EventStore).putEvents(GROUP, b.stream, b.events, b.ingestionTime);
  const filesWrite = (cpuUs() - c) / TOTAL;
  const rowsWrite = await measure(async () => {
    for (const b of written) for (let i = 0; i < b.events.length; i += BLOCK) await table.putEvents(GROUP, b.stream, b.events.slice(i, i + BLOCK), b.ingestionTime);
    return TOTAL;
  });
  const blocksWrite = await measure(async () => {
    for (const b of written) for (let i = 0; i < b.events.length; i += BLOCK) await appendBlock(b.stream, b.events.slice(i, i + BLOCK), b.ingestionTime);
    return TOTAL;
  });
  // The rows turned into blocks in SQL (a migration's conversion): the same bodies as the appends wrote.
  await sql.raw(`create table logs_event_blocks_conv (like logs_event_blocks_proto including identity)`).execute(db);
  const conv = await measure(async () => {
    await sql.raw(BLOCKS_FROM_ROWS).execute(db);
    return TOTAL;
  });
  {
    // (The rows were appended in the same slices as the blocks, so each append is one run either way.)
    const diff = await sql<{ n: string }>`select count(*) as n from logs_event_blocks_conv c full join logs_event_blocks_proto p on c.body = p.body where c.body is null or p.body is null`.execute(db);
    if (Number(diff.rows[0].n) !== 0) throw new Error(`${diff.rows[0].n} blocks differ between the SQL conversion and the appends`);
  }
  await sql`vacuum analyze logs_event_rows`.execute(db);
  await sql`vacuum analyze logs_event_blocks_proto`.execute(db);

  const size = async (rel: string) => {
    const r = await sql<{ rows: string; heap: string; toast: string; indexes: string }>`select (select count(*) from ${sql.table(rel)}) as rows, pg_relation_size(${rel}::regclass) as heap,
      coalesce(pg_total_relation_size(nullif(c.reltoastrelid, 0)), 0) as toast, pg_indexes_size(${rel}::regclass) as indexes from pg_class c where c.oid = ${rel}::regclass`.execute(db);
    const x = r.rows[0];
    return `${Number(x.rows).toLocaleString('en-US')} rows, heap ${(Number(x.heap) / 1e6).toFixed(1)} MB + toast ${(Number(x.toast) / 1e6).toFixed(1)} MB + indexes ${(Number(x.indexes) / 1e6).toFixed(1)} MB`;
  };
  console.log(`${TOTAL.toLocaleString('en-US')} events of ~110 bytes, ${STREAMS} streams, batches of 5,000, blocks of ${BLOCK} (body storage ${STORAGE}), ${SCAN_BYTES > 0 ? `~${SCAN_BYTES} body bytes` : `${SCAN_BLOCKS} blocks`} per scan statement`);
  console.log(`stored  rows:   ${await size('logs_event_rows')}`);
  console.log(`stored  blocks: ${await size('logs_event_blocks_proto')}`);
  console.log(`convert rows to blocks in SQL: backend ${conv.backend.toFixed(2)} µs/event (bodies identical to the appends')`);
  console.log(`write   files ${filesWrite.toFixed(2)} µs/event | rows ${fmt(rowsWrite)} | blocks ${fmt(blocksWrite)}`);

  const gid = Number((await sql<{ gid: string }>`select gid from logs_event_groups where group_name = ${GROUP}`.execute(db)).rows[0].gid);
  const names = new Map((await sql<{ stream_id: string; stream_name: string }>`select stream_id, stream_name from logs_event_streams where gid = ${gid}`.execute(db)).rows.map((r) => [Number(r.stream_id), r.stream_name]));
  const all = { startTime: 0, endTime: Number.MAX_SAFE_INTEGER };

  // The same events each way (order aside): every event's key and message, sorted.
  const seen = async (scan: (v: (e: ScannedEvent, buf: Buffer, off: number, length: number) => void) => Promise<void>) => {
    const out: string[] = [];
    await scan((e, buf, off, length) => {
      out.push(`${e.logStreamName} ${e.timestamp} ${e.ingestionTime} ${buf.toString('utf8', off + 36, off + length)}`);
    });
    return out.sort().join('\n');
  };
  const want = await seen((v) => files.scanEvents(GROUP, all, v));
  if ((await seen((v) => table.scanEvents(GROUP, all, v))) !== want) throw new Error('rows scan differs from the files');
  if ((await seen((v) => scanBlocks(gid, names, all, v))) !== want) throw new Error('blocks scan differs from the files');
  // A window that starts and ends inside blocks: the same events too.
  const part = { startTime: T0 + Math.floor(TOTAL / 10), endTime: T0 + Math.floor(TOTAL / 7) };
  const wantPart = await seen((v) => files.scanEvents(GROUP, part, v));
  if (wantPart.length === 0 || (await seen((v) => scanBlocks(gid, names, part, v))) !== wantPart) throw new Error('blocks scan of a window differs from the files');

  const scans: Array<[string, (visit: () => void) => Promise<void>]> = [
    ['files', (v) => files.scanEvents(GROUP, all, v)],
    ['rows', (v) => table.scanEvents(GROUP, all, v)],
    ['blocks', (v) => scanBlocks(gid, names, all, v)],
  ];
  const runs: Record<string, Array<{ node: number; backend: number }>> = { files: [], rows: [], blocks: [] };
  for (let r = 0; r < REPS; r++) {
    for (const [name, scan] of scans) {
      const m = await measure(async () => {
        let n = 0;
        await scan(() => {
          n++;
        });
        return n;
      });
      if (m.n !== TOTAL) throw new Error(`${name}: ${m.n} events`);
      runs[name].push(m);
    }
  }
  // Best and median of the reps (by Node + backend), each against the files' same statistic.
  const total = (m: { node: number; backend: number }) => m.node + m.backend;
  for (const [label, pick] of [
    ['best', (xs: Array<{ node: number; backend: number }>) => xs.reduce((a, b) => (total(b) < total(a) ? b : a))],
    ['median', (xs: Array<{ node: number; backend: number }>) => [...xs].sort((a, b) => total(a) - total(b))[xs.length >> 1]],
  ] as const) {
    const f = total(pick(runs.files));
    const rows = pick(runs.rows);
    const blocks = pick(runs.blocks);
    console.log(`Insights scan, ${label} of ${REPS}: files ${f.toFixed(3)} µs/event | rows ${fmt(rows)} = ${(total(rows) / f).toFixed(2)}x | blocks ${fmt(blocks)} = ${(total(blocks) / f).toFixed(2)}x`);
  }
  // Shape B's append last, after the scans and sizes (into another group).
  await table.createGroup(BOTH_GROUP, 0);
  for (let k = 0; k < STREAMS; k++) await table.createStream(BOTH_GROUP, `s-${k}`, 0);
  const bothWrite = await measure(async () => {
    for (const b of written) for (let i = 0; i < b.events.length; i += BLOCK) await appendBlock(b.stream, b.events.slice(i, i + BLOCK), b.ingestionTime, true);
    return TOTAL;
  });
  console.log(`write   rows + blocks in one statement (shape B) ${fmt(bothWrite)}`);
} finally {
  await files.close();
  await pgStore.close();
  await database.drop();
  await rm(dir, { recursive: true, force: true });
}
