/**
 * The log event store in the database, for PostgreSQL deployments: any API or worker process appends and reads the
 * same events, so several API processes can share one balancer. Same contract as the segment-file engine
 * (engine/store.ts): the same tokens, page limits, ordering by (timestamp, sequence) and errors.
 *
 * A reader following a token never skips an event committed after it read. On SQLite an append takes the group's
 * row lock to number its events (`next_seq`), so sequence order is commit order. On PostgreSQL appends to a group
 * run side by side (a block of a sequence each, the group's advisory lock shared) and token readers, retention and
 * group deletion take that lock exclusive (group-lock.ts). Stream statistics are kept in the append's transaction
 * (on PostgreSQL one statement: append.ts). Reads walk the (group, timestamp, sequence) indexes in chunks (keyset
 * pages), so memory stays bounded by one chunk and one page however large the group.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type pg from 'pg';
import { postgresPool, type Database } from '../../../store/index.js';
import {
  LogEngineError,
  MAX_EVENTS_PER_PAGE,
  MAX_PAGE_BYTES,
  EVENT_OVERHEAD_BYTES,
  type FilterEventsInput,
  type FilterEventsOutput,
  type GetEventsInput,
  type GetEventsOutput,
  type GroupInfo,
  type InputEvent,
  type ScannedEvent,
  type StreamInfo,
} from '../engine/index.js';
import { decodeFilterToken, decodePositionToken, encodeFilterToken, encodePositionToken, END, eventIdOf, START } from '../engine/tokens.js';
import type { EventKey } from '../engine/page.js';
import { appendBatchPostgres, appendRows } from './append.js';
import { copyChunk } from './copy.js';
import { exclusiveGroupLock, LOCK_CLASS } from './group-lock.js';
import { Chunk, MESSAGE_PAD, type ChunkRow } from './packed.js';
import { pageChunkRows, type PageChunkSizes } from './page-chunk.js';

/**
 * Rows read per statement while walking an index. On PostgreSQL a chunk's messages come as one string (packed.ts):
 * at ~130 bytes an event, 500 keep it below V8's large-object size (128 KiB), past which each string takes fresh
 * pages, and on this VM page faults cost more than the rest of reading it (a 260 KB string and its Buffer: 1.3 µs per
 * event, against 0.12 at half the size).
 */
const CHUNK_ROWS = 500;
/**
 * Rows per statement of Insights' scan (the plain query, no lock). Its chunks are consumed in place and dropped, and
 * fewer round trips pay more than the large strings cost here: Node + backend CPU per event at 100,000 events,
 * 500 → 2,000 rows: 4.7–6.9 → 3.4–4.5 µs (`bench/pg-read.ts`' Insights shape, load average 12–15).
 */
const SCAN_ROWS = 2_000;
/**
 * The same when chunks are read by binary COPY (copy.ts): messages land in 64 KiB slabs and numbers in typed arrays,
 * no large string, so a larger chunk only saves statements. Node + backend CPU per event over 200,000 events,
 * 2,000 → 8,000 rows: backend 0.90–1.05 → 0.75–0.80 µs, Node 1.11–1.23 → 0.89–1.05 µs (best rounds; load 17–19).
 */
const COPY_SCAN_ROWS = 8_000;
/**
 * Rows per chunk of the token readers (GetLogEvents, FilterLogEvents without a pattern the database can test) when
 * read by COPY: no large string either, and a statement (the lock, a plan, a round trip) costs ~0.3 µs per event at
 * 500 rows. 500 → 2,000 (`bench/_lab`-style runs over 200,000 events, best rounds, load ~20): GetLogEvents backend
 * 1.6–2.0 → 1.2–1.4 µs, FilterLogEvents 1.5–2.0 → 1.05–1.2 µs, Node lower too. A page cut by its 1 MB reads at most
 * one chunk past its end, as before.
 */
const COPY_CHUNK_ROWS = 2_000;
/**
 * Rows of a later chunk of a page read by COPY, sized to what is left of the page (page-chunk.ts): a page of ~8,000
 * events is then two statements, not five (each a lock, a plan and a round trip).
 */
const COPY_PAGE_ROWS = 10_000;
/**
 * Events one statement of FilterLogEvents with a pattern may walk on PostgreSQL when only the events that may match
 * travel (migration 0044); the next chunk's size follows the last one's share of candidates, for ~CHUNK_ROWS sent.
 */
const MAX_MATCH_ROWS = 10_000;
/** The chunk's two text values (migration 0043's; packed.ts reads them) over its rows `c`. */
const CHUNK_TEXT = sql.raw(`string_agg(c.h, ',') as h, string_agg(convert_from(c.message, 'UTF8'), '') as m`);
const CHUNK_HEADER = sql.raw(`concat_ws(',', e.seq, e.stream_id, e.ts, e.ingestion_time, e.bytes, octet_length(e.message)) as h, e.message`);

export interface TableStoreOptions {
  /** Events one FilterLogEvents call may scan before it returns a partial page with a token. */
  maxScanEventsPerPage: number;
}

export class TableEventStore {
  /** The pool behind `db` on PostgreSQL, when known (a store `openStore` opened): chunks are read by binary COPY. */
  private readonly pool: pg.Pool | undefined;
  /** Rows per chunk of the token readers' walks. */
  private readonly chunkRows: number;
  /** Rows per chunk of a page cut by its size (GetLogEvents, FilterLogEvents without a pattern). */
  private readonly pageRows: PageChunkSizes;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly postgres: boolean,
    private readonly accountId: string,
    private readonly region: string,
    private readonly options: TableStoreOptions,
  ) {
    this.pool = postgres ? postgresPool(db) : undefined;
    this.chunkRows = this.pool ? COPY_CHUNK_ROWS : CHUNK_ROWS;
    this.pageRows = { first: this.chunkRows, max: this.pool ? COPY_PAGE_ROWS : CHUNK_ROWS };
  }

  private async gid(name: string, db: Kysely<Database> = this.db): Promise<number> {
    const row = await db
      .selectFrom('logs_event_groups')
      .select('gid')
      .where('account_id', '=', this.accountId)
      .where('region', '=', this.region)
      .where('group_name', '=', name)
      .executeTakeFirst();
    if (!row) throw new LogEngineError('LogGroupNotFound', 'The specified log group does not exist.');
    return Number(row.gid);
  }

  /** Takes the group's row lock for the rest of the transaction (an update PostgreSQL and SQLite both serialize). */
  private async lockGroup(trx: Transaction<Database>, name: string, events = 0): Promise<{ gid: number; firstSeq: number }> {
    const row = await trx
      .updateTable('logs_event_groups')
      .set((eb) => ({ next_seq: eb('next_seq', '+', events) }))
      .where('account_id', '=', this.accountId)
      .where('region', '=', this.region)
      .where('group_name', '=', name)
      .returning(['gid', 'next_seq'])
      .executeTakeFirst();
    if (!row) throw new LogEngineError('LogGroupNotFound', 'The specified log group does not exist.');
    return { gid: Number(row.gid), firstSeq: Number(row.next_seq) - events };
  }

  async hasGroup(name: string): Promise<boolean> {
    return this.gid(name).then(
      () => true,
      (err) => {
        if (err instanceof LogEngineError && err.code === 'LogGroupNotFound') return false;
        throw err;
      },
    );
  }

  async createGroup(name: string, creationTime: number): Promise<void> {
    const res = await this.db
      .insertInto('logs_event_groups')
      .values({ account_id: this.accountId, region: this.region, group_name: name, creation_time: creationTime, next_seq: 0, next_stream_id: 1 })
      .onConflict((oc) => oc.columns(['account_id', 'region', 'group_name']).doNothing())
      .executeTakeFirst();
    if (Number(res.numInsertedOrUpdatedRows ?? 0) === 0) throw new LogEngineError('LogGroupAlreadyExists', 'The specified log group already exists');
  }

  async deleteGroup(name: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const { gid } = await this.lockGroup(trx, name);
      if (this.postgres) await exclusiveGroupLock(gid).execute(trx); // no append half-way
      await trx.deleteFrom('logs_event_rows').where('gid', '=', gid).execute();
      await trx.deleteFrom('logs_event_streams').where('gid', '=', gid).execute();
      await trx.deleteFrom('logs_event_groups').where('gid', '=', gid).execute();
    });
  }

  /** Every group, sorted by name. */
  async listGroups(): Promise<GroupInfo[]> {
    const rows = await this.db
      .selectFrom('logs_event_groups as g')
      .leftJoin('logs_event_streams as s', 's.gid', 'g.gid')
      .select(['g.group_name', 'g.creation_time', (eb) => eb.fn.coalesce(eb.fn.sum<number>('s.stored_bytes'), sql<number>`0`).as('stored')])
      .where('g.account_id', '=', this.accountId)
      .where('g.region', '=', this.region)
      .groupBy(['g.gid', 'g.group_name', 'g.creation_time'])
      .execute();
    return rows
      .map((r) => ({ logGroupName: r.group_name, creationTime: Number(r.creation_time), storedBytes: Number(r.stored) }))
      .sort((a, b) => (a.logGroupName < b.logGroupName ? -1 : a.logGroupName > b.logGroupName ? 1 : 0));
  }

  async describeGroup(name: string): Promise<GroupInfo> {
    const row = await this.db
      .selectFrom('logs_event_groups as g')
      .select(['g.gid', 'g.creation_time'])
      .where('g.account_id', '=', this.accountId)
      .where('g.region', '=', this.region)
      .where('g.group_name', '=', name)
      .executeTakeFirst();
    if (!row) throw new LogEngineError('LogGroupNotFound', 'The specified log group does not exist.');
    const sum = await this.db
      .selectFrom('logs_event_streams')
      .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('stored_bytes'), sql<number>`0`).as('stored'))
      .where('gid', '=', Number(row.gid))
      .executeTakeFirst();
    return { logGroupName: name, creationTime: Number(row.creation_time), storedBytes: Number(sum?.stored ?? 0) };
  }

  async createStream(group: string, stream: string, creationTime: number): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const { gid } = await this.lockGroup(trx, group);
      const next = await trx
        .updateTable('logs_event_groups')
        .set((eb) => ({ next_stream_id: eb('next_stream_id', '+', 1) }))
        .where('gid', '=', gid)
        .returning('next_stream_id')
        .executeTakeFirstOrThrow();
      const res = await trx
        .insertInto('logs_event_streams')
        .values({ gid, stream_id: Number(next.next_stream_id) - 1, stream_name: stream, creation_time: creationTime, event_count: 0, stored_bytes: 0 })
        .onConflict((oc) => oc.columns(['gid', 'stream_name']).doNothing())
        .executeTakeFirst();
      if (Number(res.numInsertedOrUpdatedRows ?? 0) === 0) throw new LogEngineError('LogStreamAlreadyExists', 'The specified log stream already exists');
    });
  }

  async deleteStream(group: string, stream: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const { gid } = await this.lockGroup(trx, group);
      const row = await trx.deleteFrom('logs_event_streams').where('gid', '=', gid).where('stream_name', '=', stream).returning('stream_id').executeTakeFirst();
      if (!row) throw new LogEngineError('LogStreamNotFound', 'The specified log stream does not exist.');
      await trx.deleteFrom('logs_event_rows').where('gid', '=', gid).where('stream_id', '=', Number(row.stream_id)).execute();
    });
  }

  /** Streams of a group, sorted by name. */
  async describeStreams(group: string): Promise<StreamInfo[]> {
    const gid = await this.gid(group);
    const rows = await this.db.selectFrom('logs_event_streams').selectAll().where('gid', '=', gid).execute();
    return rows.map(streamInfo).sort((a, b) => (a.logStreamName < b.logStreamName ? -1 : a.logStreamName > b.logStreamName ? 1 : 0));
  }

  async describeStream(group: string, stream: string): Promise<StreamInfo | undefined> {
    const gid = await this.gid(group);
    const row = await this.db.selectFrom('logs_event_streams').selectAll().where('gid', '=', gid).where('stream_name', '=', stream).executeTakeFirst();
    return row && streamInfo(row);
  }

  /** Appends a batch to a stream; resolves once it is committed. */
  async putEvents(group: string, stream: string, events: readonly InputEvent[], ingestionTime: number): Promise<void> {
    const sizes = new Array<number>(events.length);
    let previous = -Infinity;
    let bytes = 0;
    for (let i = 0; i < events.length; i++) {
      const e = events[i];
      if (!Number.isSafeInteger(e.timestamp) || e.timestamp < 0 || typeof e.message !== 'string') {
        throw new LogEngineError('InvalidLogEventBatch', `Log event ${i} needs a non-negative integer timestamp and a string message.`);
      }
      if (e.timestamp < previous) throw new LogEngineError('InvalidLogEventBatch', 'Log events in a single PutLogEvents request must be in chronological order.');
      previous = e.timestamp;
      sizes[i] = Buffer.byteLength(e.message, 'utf8');
      bytes += sizes[i] + EVENT_OVERHEAD_BYTES;
    }
    if (this.postgres && events.length) {
      const target = { accountId: this.accountId, region: this.region, group, stream, ingestionTime };
      if (await appendBatchPostgres(this.db, target, events, sizes, bytes)) return;
      await this.gid(group); // throws LogGroupNotFound
      throw new LogEngineError('LogStreamNotFound', 'The specified log stream does not exist.');
    }
    await this.db.transaction().execute(async (trx) => {
      const { gid, firstSeq } = await this.lockGroup(trx, group, events.length);
      const first = events.length ? events[0].timestamp : null;
      const last = events.length ? previous : null;
      const streamRow = await trx
        .updateTable('logs_event_streams')
        .set((eb) =>
          events.length === 0
            ? { event_count: eb.ref('event_count') }
            : {
                event_count: eb('event_count', '+', events.length),
                stored_bytes: eb('stored_bytes', '+', bytes),
                first_ts: sql<number>`case when first_ts is null or first_ts > ${first} then ${first} else first_ts end`,
                last_ts: sql<number>`case when last_ts is null or last_ts < ${last} then ${last} else last_ts end`,
                last_ingestion: sql<number>`case when last_ingestion is null or last_ingestion < ${ingestionTime} then ${ingestionTime} else last_ingestion end`,
              },
        )
        .where('gid', '=', gid)
        .where('stream_name', '=', stream)
        .returning('stream_id')
        .executeTakeFirst();
      if (!streamRow) throw new LogEngineError('LogStreamNotFound', 'The specified log stream does not exist.');
      if (events.length) await appendRows(trx, { gid, streamId: Number(streamRow.stream_id), firstSeq, ingestionTime }, events, sizes);
    });
  }

  /** GetLogEvents over one stream. */
  async getEvents(group: string, stream: string, input: GetEventsInput = {}): Promise<GetEventsOutput> {
    // The group and the stream in one statement (a page is a few statements: each a round trip).
    const found = await this.db
      .selectFrom('logs_event_groups as g')
      .leftJoin('logs_event_streams as s', (j) => j.onRef('s.gid', '=', 'g.gid').on('s.stream_name', '=', stream))
      .select(['g.gid', 's.stream_id'])
      .where('g.account_id', '=', this.accountId)
      .where('g.region', '=', this.region)
      .where('g.group_name', '=', group)
      .executeTakeFirst();
    if (!found) throw new LogEngineError('LogGroupNotFound', 'The specified log group does not exist.');
    if (found.stream_id === null) throw new LogEngineError('LogStreamNotFound', 'The specified log stream does not exist.');
    const gid = Number(found.gid);
    const streamRow = { stream_id: found.stream_id };
    const limit = pageLimit(input.limit);
    let direction: 'forward' | 'backward';
    let from: EventKey;
    if (input.nextToken !== undefined) {
      const token = decodePositionToken(input.nextToken);
      direction = token.direction;
      from = { ts: token.ts, seq: token.seq };
    } else if (input.startFromHead) {
      direction = 'forward';
      from = START;
    } else {
      direction = 'backward';
      from = END;
    }
    const forward = direction === 'forward';
    const events: GetEventsOutput['events'] = [];
    // The walk's first and last event (in the walk's order), for the tokens: kept as numbers, not an object per event.
    let headTs = 0;
    let headSeq = 0;
    let tailTs = 0;
    let tailSeq = 0;
    let pageBytes = 0;
    let cursor = from;
    const minTs = input.startTime ?? 0;
    const maxTs = input.endTime === undefined ? Number.MAX_SAFE_INTEGER : input.endTime - 1;
    outer: while (events.length < limit) {
      const chunk = await this.walk(gid, { streamIds: [Number(streamRow.stream_id)], forward, from: cursor, minTs, maxTs, rows: pageChunkRows(this.pageRows, limit - events.length, { events: events.length, bytes: pageBytes, maxBytes: MAX_PAGE_BYTES }), tokens: true });
      for (let i = 0; i < chunk.n; i++) {
        const bytes = chunk.bytes[i];
        if (events.length > 0 && pageBytes + bytes > MAX_PAGE_BYTES) break outer;
        tailTs = chunk.ts[i];
        tailSeq = chunk.seq[i];
        if (events.length === 0) {
          headTs = tailTs;
          headSeq = tailSeq;
        }
        events.push({ timestamp: tailTs, message: chunk.message(i), ingestionTime: chunk.ingestionTime[i] });
        pageBytes += bytes;
      }
      if (chunk.n === 0) break;
      cursor = { ts: chunk.ts[chunk.n - 1], seq: chunk.seq[chunk.n - 1] };
    }
    const head: EventKey | undefined = events.length ? { ts: headTs, seq: headSeq } : undefined;
    const tail: EventKey | undefined = events.length ? { ts: tailTs, seq: tailSeq } : undefined;
    if (!forward) events.reverse();
    const first = forward ? head : tail;
    const last = forward ? tail : head;
    const here = input.nextToken !== undefined ? from : START;
    return {
      events,
      nextForwardToken: encodePositionToken('forward', last ?? here),
      nextBackwardToken: encodePositionToken('backward', first ?? here),
    };
  }

  /** FilterLogEvents over all, named or prefixed streams of a group, in (timestamp, ingestion order). */
  async filterEvents(group: string, input: FilterEventsInput = {}): Promise<FilterEventsOutput> {
    const gid = await this.gid(group);
    const names = await this.streamNames(gid, input.logStreamNames, input.logStreamNamePrefix);
    const limit = pageLimit(input.limit);
    const selected = input.logStreamNames !== undefined || input.logStreamNamePrefix !== undefined ? [...names.keys()] : undefined;
    if (selected && selected.length === 0) return { events: [], scannedEvents: 0 };
    const pattern = input.pattern;
    const budget = this.options.maxScanEventsPerPage;
    let cursor = input.nextToken !== undefined ? decodeFilterToken(input.nextToken) : START;
    const events: FilterEventsOutput['events'] = [];
    let pageBytes = 0;
    let scanned = 0;
    let next: EventKey | undefined;
    const minTs = input.startTime ?? 0;
    const maxTs = input.endTime ?? Number.MAX_SAFE_INTEGER;
    // On PostgreSQL a pattern with literals is tested where the events are (migration 0044): only the events that may
    // match travel, so a chunk walks more events, as many as the last chunk's share of candidates suggests.
    const match = pattern && this.postgres ? sqlCondition(pattern.requiredSubstrings ?? []) : undefined;
    let maxStream = selected === undefined ? -1 : undefined; // every stream: the ids the names were read for
    if (maxStream !== undefined) for (const id of names.keys()) maxStream = Math.max(maxStream, id);
    let matchRows = CHUNK_ROWS;
    outer: while (true) {
      const want = match
        ? Math.min(matchRows, budget - scanned)
        : pattern
          ? this.chunkRows
          : pageChunkRows(this.pageRows, Math.min(limit - events.length, budget - scanned), { events: events.length, bytes: pageBytes, maxBytes: MAX_PAGE_BYTES });
      const range = { streamIds: selected, forward: true, from: cursor, minTs, maxTs, rows: want, tokens: true };
      const chunk = match ? await this.walkMatching(gid, { ...range, maxStream }, match) : await this.walk(gid, range);
      const base = scanned;
      for (let i = 0; i < chunk.n; i++) {
        const name = names.get(chunk.streamId[i]);
        if (name === undefined) continue; // a stream created after the names were read: the next page shows it
        // A match chunk holds the events that may match, each with its place in the walk.
        scanned = chunk.ordinal === undefined ? scanned + 1 : base + chunk.ordinal[i];
        const key = { ts: chunk.ts[i], seq: chunk.seq[i] };
        const message = chunk.message(i);
        if (!pattern || pattern.matches(message)) {
          const bytes = chunk.bytes[i];
          if (events.length > 0 && pageBytes + bytes > MAX_PAGE_BYTES) {
            next = events.length ? lastKey(events) : undefined;
            break outer;
          }
          events.push({ logStreamName: name, timestamp: key.ts, message, ingestionTime: chunk.ingestionTime[i], eventId: eventIdOf(key) });
          pageBytes += bytes;
          if (events.length >= limit) {
            next = key;
            break outer;
          }
        }
        if (scanned >= budget) {
          next = key; // cut by the scan budget: resume after the last event looked at
          break outer;
        }
      }
      if (chunk.ordinal !== undefined) {
        scanned = base + chunk.walked;
        matchRows = Math.min(MAX_MATCH_ROWS, Math.max(CHUNK_ROWS, Math.floor((CHUNK_ROWS * chunk.walked) / Math.max(1, chunk.n))));
        if (chunk.last && scanned >= budget) {
          next = chunk.last; // the budget's last event was not sent (it cannot match)
          break;
        }
      }
      if (chunk.walked < want) break;
      cursor = chunk.last ?? { ts: chunk.ts[chunk.n - 1], seq: chunk.seq[chunk.n - 1] };
    }
    return { events, nextToken: next && encodeFilterToken(next), scannedEvents: scanned };
  }

  /** Visits every event of a group with timestamp in [startTime, endTime] (Insights); returning false stops. */
  async scanEvents(group: string, window: { startTime: number; endTime: number }, visit: (event: ScannedEvent, buf: Buffer, off: number, length: number) => boolean | void): Promise<void> {
    const gid = await this.gid(group);
    const names = await this.streamNames(gid);
    const event: ScannedEvent = { timestamp: 0, ingestionTime: 0, seq: 0, logStreamName: '' };
    let cursor: EventKey = START;
    while (true) {
      const want = this.pool ? COPY_SCAN_ROWS : SCAN_ROWS;
      const chunk = await this.walk(gid, { forward: true, from: cursor, minTs: window.startTime, maxTs: window.endTime, rows: want, tokens: false });
      for (let i = 0; i < chunk.n; i++) {
        const name = names.get(chunk.streamId[i]);
        if (name === undefined) continue;
        event.timestamp = chunk.ts[i];
        event.ingestionTime = chunk.ingestionTime[i];
        event.seq = chunk.seq[i];
        event.logStreamName = name;
        // The visitor reads the message at off + RECORD_HEADER_BYTES (MESSAGE_PAD), as in a segment record: in place.
        if (visit(event, chunk.bufferOf(i), chunk.start[i], MESSAGE_PAD + chunk.end[i] - chunk.start[i]) === false) return;
      }
      if (chunk.n < want) return;
      cursor = { ts: chunk.ts[chunk.n - 1], seq: chunk.seq[chunk.n - 1] };
    }
  }

  /** Retention: removes events with timestamp < cutoff; the streams' statistics are recomputed from what is left. */
  async deleteEventsBefore(group: string, cutoff: number): Promise<{ deletedEvents: number; deletedBytes: number }> {
    return this.db.transaction().execute(async (trx) => {
      const { gid } = await this.lockGroup(trx, group);
      if (this.postgres) await exclusiveGroupLock(gid).execute(trx); // counts and statistics see no append half-way
      const gone = await trx
        .selectFrom('logs_event_rows')
        .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.coalesce(eb.fn.sum<number>('bytes'), sql<number>`0`).as('b')])
        .where('gid', '=', gid)
        .where('ts', '<', cutoff)
        .executeTakeFirst();
      const deletedEvents = Number(gone?.n ?? 0);
      if (deletedEvents === 0) return { deletedEvents: 0, deletedBytes: 0 };
      await trx.deleteFrom('logs_event_rows').where('gid', '=', gid).where('ts', '<', cutoff).execute();
      await sql`update logs_event_streams set
          event_count = coalesce((select count(*) from logs_event_rows e where e.gid = logs_event_streams.gid and e.stream_id = logs_event_streams.stream_id), 0),
          stored_bytes = coalesce((select sum(e.bytes) from logs_event_rows e where e.gid = logs_event_streams.gid and e.stream_id = logs_event_streams.stream_id), 0),
          first_ts = (select min(e.ts) from logs_event_rows e where e.gid = logs_event_streams.gid and e.stream_id = logs_event_streams.stream_id),
          last_ts = (select max(e.ts) from logs_event_rows e where e.gid = logs_event_streams.gid and e.stream_id = logs_event_streams.stream_id),
          last_ingestion = (select max(e.ingestion_time) from logs_event_rows e where e.gid = logs_event_streams.gid and e.stream_id = logs_event_streams.stream_id)
        where gid = ${gid} and first_ts < ${cutoff}`.execute(trx);
      return { deletedEvents, deletedBytes: Number(gone?.b ?? 0) };
    });
  }

  async close(): Promise<void> {}

  /** Stream id → name of a group: all, exact names, or a name prefix. */
  private async streamNames(gid: number, exact?: readonly string[], prefix?: string): Promise<Map<number, string>> {
    let q = this.db.selectFrom('logs_event_streams').select(['stream_id', 'stream_name']).where('gid', '=', gid);
    if (exact !== undefined) {
      if (exact.length === 0) return new Map();
      q = q.where('stream_name', 'in', [...exact]);
    }
    const rows = await q.execute();
    const out = new Map<number, string>();
    for (const r of rows) if (exact !== undefined || prefix === undefined || r.stream_name.startsWith(prefix)) out.set(Number(r.stream_id), r.stream_name);
    return out;
  }

  /**
   * A forward chunk of a group's events past `from` (FilterLogEvents with a pattern, PostgreSQL): walks `rows` events of
   * the streams asked for (every stream: ids up to `maxStream`, those the reader knows by name) under the group's lock
   * and sends the events whose message passes `match` (migration 0044), with the walk's last event. A chunk whose
   * messages cannot be text is read as rows, every event sent (`walk`), and the pattern decides as before.
   */
  private async walkMatching(gid: number, q: { streamIds?: readonly number[]; maxStream?: number; from: EventKey; minTs: number; maxTs: number; rows: number }, match: SqlCondition): Promise<Chunk> {
    const ids = q.streamIds === undefined ? null : `{${q.streamIds.join(',')}}`;
    try {
      const res = await sql<{ scanned: number; last: string | null; sent: string | null; h: string | null; m: string | null }>`select scanned, last, sent, h, m from logs_event_chunk_match(${gid}, ${ids}::bigint[], ${q.maxStream ?? null}::bigint, ${q.from.ts}, ${q.from.seq}, ${q.minTs}, ${q.maxTs}, ${q.rows}, ${match.needles}::bytea[], ${match.clauseEnds}::integer[], ${match.otherwise}::bytea)`.execute(this.db);
      const row = res.rows[0];
      return Chunk.fromMatched(Number(row?.scanned ?? 0), row?.last ?? null, row?.sent ?? null, row?.h ?? null, row?.m ?? null);
    } catch (err) {
      if (!untranslatable(err)) throw err;
    }
    return this.walk(gid, { streamIds: q.streamIds, forward: true, from: q.from, minTs: q.minTs, maxTs: q.maxTs, rows: q.rows, tokens: true });
  }

  /**
   * One chunk of a group's events past `from` in the direction of travel, inside [minTs, maxTs]. `tokens`: the chunk's
   * positions may reach a client as a token, so on PostgreSQL it is read once no append is in flight (group-lock.ts).
   * Insights' one-pass scan does without: an event that commits behind it is one it could have missed by starting
   * a moment earlier.
   */
  private async walk(gid: number, q: { streamIds?: readonly number[]; forward: boolean; from: EventKey; minTs: number; maxTs: number; rows: number; tokens: boolean }): Promise<Chunk> {
    const copy = this.pool && copyStatement(gid, q);
    if (copy) return copyChunk(this.pool!, copy, q.rows, q.forward);
    if (this.postgres) {
      // One row of two text values per chunk (packed.ts, migration 0043), not a row of six fields per event.
      const ids = q.streamIds === undefined ? null : `{${q.streamIds.join(',')}}`;
      try {
        const res = q.tokens
          ? // migration 0043 (as 0038): the group's lock exclusive, then the read, whose snapshot sees every append before it
            await sql<{ h: string | null; m: string | null }>`select h, m from logs_event_chunk_packed(${gid}, ${ids}::bigint[], ${q.forward}, ${q.from.ts}, ${q.from.seq}, ${q.minTs}, ${q.maxTs}, ${q.rows})`.execute(this.db)
          : await sql<{ h: string | null; m: string | null }>`select ${CHUNK_TEXT} from (select ${CHUNK_HEADER} ${this.chunkQuery(gid, q)}) c`.execute(this.db);
        const row = res.rows[0];
        if (!row || row.h === null || row.m === null) return Chunk.empty();
        return Chunk.fromText(row.h, row.m, q.forward);
      } catch (err) {
        // A message that cannot be text (a NUL character; a character the server's encoding lacks): this chunk as rows.
        if (!untranslatable(err)) throw err;
      }
    }
    const ids = q.streamIds === undefined ? null : `{${q.streamIds.join(',')}}`;
    const res =
      q.tokens && this.postgres
        ? // migration 0038/0040: the group's lock exclusive, then the read
          await sql<ChunkRow>`select * from logs_event_chunk(${gid}, ${ids}::bigint[], ${q.forward}, ${q.from.ts}, ${q.from.seq}, ${q.minTs}, ${q.maxTs}, ${q.rows})`.execute(this.db)
        : await sql<ChunkRow>`select e.seq, e.stream_id, e.ts, e.ingestion_time, e.bytes, e.message ${this.chunkQuery(gid, q)}`.execute(this.db);
    return Chunk.fromRows(res.rows, q.forward);
  }

  /** `from … where … order by … limit` of a chunk read without the group's lock (Insights' scan; SQLite). */
  private chunkQuery(gid: number, q: { streamIds?: readonly number[]; forward: boolean; from: EventKey; minTs: number; maxTs: number; rows: number }) {
    const streams = q.streamIds === undefined ? sql`` : q.streamIds.length === 1 ? sql`and e.stream_id = ${q.streamIds[0]}` : sql`and e.stream_id in (${sql.join(q.streamIds)})`;
    // A row comparison bounds the index scan (an OR of ts and seq would only filter it, so each chunk would scan from
    // the window's start: quadratic). The window's bound on the starting side is folded into the cursor (sequence
    // numbers are >= 0 and below END.seq), as PostgreSQL starts the scan at the row comparison (migration 0040).
    const from = startOf(q.forward, q.from, q.minTs, q.maxTs);
    const past = q.forward
      ? sql`(e.ts, e.seq) > (${from.ts}, ${from.seq}) and e.ts <= ${q.maxTs}`
      : sql`(e.ts, e.seq) < (${from.ts}, ${from.seq}) and e.ts >= ${q.minTs}`;
    const order = q.forward ? sql`order by e.ts asc, e.seq asc` : sql`order by e.ts desc, e.seq desc`;
    return sql`from logs_event_rows e where e.gid = ${gid} ${streams} and ${past} ${order} limit ${q.rows}`;
  }
}

/**
 * The chunk read as one binary COPY (copy.ts): the same rows, conditions and order as `chunkQuery` and
 * `logs_event_chunk` (migration 0040), its numbers written into the text (COPY takes no parameters; each is checked to
 * be a safe integer, else undefined and the chunk is read as before). A token reader's COPY follows the group's lock
 * in the same implicit transaction (copy.ts; group-lock.ts).
 */
export function copyStatement(gid: number, q: { streamIds?: readonly number[]; forward: boolean; from: EventKey; minTs: number; maxTs: number; rows: number; tokens: boolean }): string | undefined {
  const from = startOf(q.forward, q.from, q.minTs, q.maxTs);
  const ids = q.streamIds ?? [];
  if (!Number.isSafeInteger(q.rows) || q.rows < 1) return undefined;
  for (const v of [gid, from.ts, from.seq, q.minTs, q.maxTs, ...ids]) if (!Number.isSafeInteger(v)) return undefined;
  const streams = q.streamIds === undefined ? '' : ids.length === 0 ? ' and false' : ids.length === 1 ? ` and e.stream_id = ${ids[0]}` : ` and e.stream_id in (${ids.join(', ')})`;
  const past = q.forward
    ? `(e.ts, e.seq) > (${from.ts}::bigint, ${from.seq}::bigint) and e.ts <= ${q.maxTs}::bigint`
    : `(e.ts, e.seq) < (${from.ts}::bigint, ${from.seq}::bigint) and e.ts >= ${q.minTs}::bigint`;
  const order = q.forward ? 'order by e.ts asc, e.seq asc' : 'order by e.ts desc, e.seq desc';
  const copy = `copy (select e.seq, e.stream_id, e.ts, e.ingestion_time, e.bytes, e.message from logs_event_rows e where e.gid = ${gid}${streams} and ${past} ${order} limit ${q.rows}) to stdout (format binary)`;
  return q.tokens ? `select pg_advisory_xact_lock(${LOCK_CLASS}, (${gid}::bigint % 2147483648)::int); ${copy}` : copy;
}

/** A pattern's necessary condition as `logs_event_chunk_match` takes it (migration 0044). */
interface SqlCondition {
  needles: Buffer[];
  clauseEnds: number[];
  otherwise: Buffer | null;
}

/**
 * `requiredSubstrings` (every list has one string the message contains) for `logs_event_chunk_match`, or undefined
 * when the pattern has none. A string in every list of several is taken out of them and tested once (`otherwise`):
 * (a or x) and (b or x) is (a and b) or x. Strings are compared as UTF-8 bytes, the same test on well-formed text.
 */
export function sqlCondition(clauses: readonly (readonly string[])[]): SqlCondition | undefined {
  if (clauses.length === 0 || clauses.some((c) => c.length === 0)) return undefined;
  let lists = clauses.map((c) => [...new Set(c)]);
  let otherwise: string | undefined;
  if (lists.length > 1) otherwise = lists[0].find((s) => lists.every((c) => c.includes(s)));
  if (otherwise !== undefined) {
    const rest = lists.map((c) => c.filter((s) => s !== otherwise));
    if (rest.some((c) => c.length === 0)) {
      lists = [[otherwise]]; // one list was only that string: nothing else can pass an event
      otherwise = undefined;
    } else lists = rest;
  }
  const needles: Buffer[] = [];
  const clauseEnds: number[] = [];
  for (const c of lists) {
    for (const s of c) needles.push(Buffer.from(s, 'utf8'));
    clauseEnds.push(needles.length);
  }
  return { needles, clauseEnds, otherwise: otherwise === undefined ? null : Buffer.from(otherwise, 'utf8') };
}

/** PostgreSQL could not give a message as text: NUL (22021 character_not_in_repertoire) or untranslatable (22P05). */
function untranslatable(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === '22021' || code === '22P05';
}

/** The walk's resume point with the window's bound on its starting side folded in (the later / earlier of the two). */
function startOf(forward: boolean, from: EventKey, minTs: number, maxTs: number): EventKey {
  if (forward) return from.ts < minTs ? { ts: minTs, seq: -1 } : from;
  return from.ts > maxTs ? { ts: maxTs, seq: END.seq } : from;
}

function lastKey(events: FilterEventsOutput['events']): EventKey {
  const e = events[events.length - 1];
  return { ts: e.timestamp, seq: Number(e.eventId.slice(16)) };
}

function streamInfo(row: { stream_name: string; creation_time: number; event_count: number; stored_bytes: number; first_ts: number | null; last_ts: number | null; last_ingestion: number | null }): StreamInfo {
  const info: StreamInfo = { logStreamName: row.stream_name, creationTime: Number(row.creation_time), storedBytes: Number(row.stored_bytes), eventCount: Number(row.event_count) };
  if (row.first_ts !== null) info.firstEventTimestamp = Number(row.first_ts);
  if (row.last_ts !== null) info.lastEventTimestamp = Number(row.last_ts);
  if (row.last_ingestion !== null) info.lastIngestionTime = Number(row.last_ingestion);
  return info;
}

function pageLimit(limit: number | undefined): number {
  if (limit === undefined) return MAX_EVENTS_PER_PAGE;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_EVENTS_PER_PAGE) {
    throw new LogEngineError('InvalidLogEventQuery', `limit must be between 1 and ${MAX_EVENTS_PER_PAGE}.`);
  }
  return limit;
}
