// Persistence of audit events in `audit_events` / `audit_event_resources`, and the event-history query behind
// cloudtrail:LookupEvents: management events of one account and region, one optional attribute filter, an
// inclusive time range, newest first, keyset-paginated on (event_time, seq).
import type BetterSqlite3 from 'better-sqlite3';
import type { Kysely } from 'kysely';
import { CompiledQuery, sql } from 'kysely';
import { int4Array, int8Array, runPrepared, sqliteConnection, textArray, type Database, type DialectName } from '../store/index.js';
import type { AuditEvent } from './record.js';

export type LookupAttributeKey = 'EventId' | 'EventName' | 'ReadOnly' | 'Username' | 'ResourceType' | 'ResourceName' | 'EventSource' | 'AccessKeyId';

export interface HistoryQuery {
  accountId: string;
  region: string;
  /** One attribute, as LookupEvents allows. ReadOnly takes 'true' / 'false'. */
  attribute?: { key: LookupAttributeKey; value: string };
  /** Inclusive bounds, epoch ms. */
  startMs: number;
  endMs: number;
  limit: number;
  /** Continue strictly after this event (exclusive), in newest-first order. */
  after?: HistoryCursor;
}

export interface HistoryCursor {
  eventTime: number;
  seq: number;
}

export interface HistoryEvent {
  eventId: string;
  eventName: string;
  eventSource: string;
  eventTime: number;
  readOnly: boolean;
  username: string | null;
  accessKeyId: string | null;
  resources: { type: string; name: string }[];
  /** The CloudTrail record as stored: a JSON string. */
  record: string;
}

export interface HistoryPage {
  events: HistoryEvent[];
  /** Where the next page starts; absent on the last page. */
  next?: HistoryCursor;
}

// SQLite binds at most 32,766 parameters per statement; 12 columns × 500 rows stays far below.
const INSERT_CHUNK = 500;

/**
 * Splits n rows into the chunks of one multi-row INSERT each: whole chunks of 500 and 64, then the rest as one chunk.
 * A batch under 64 rows (the gateway's group commits: ~16 at 32 calls in flight) is one statement; splitting it into
 * 16/4/1-row pieces ran up to 7 statements a batch (15 rows: 4+4+4+1+1+1). At most 2 + 63 texts per table, each
 * prepared once by the store's statement cache.
 */
export function insertChunks(n: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let at = 0;
  for (const size of [INSERT_CHUNK, 64]) {
    while (n - at >= size) {
      out.push([at, at + size]);
      at += size;
    }
  }
  if (at < n) out.push([at, n]);
  return out;
}

export async function insertEvents(db: Kysely<Database>, events: readonly AuditEvent[], dialect: DialectName = 'sqlite'): Promise<void> {
  if (events.length === 0) return;
  if (dialect === 'postgres') return insertEventsPostgres(db, events);
  const sqlite = sqliteConnection(db);
  if (sqlite) {
    // Kysely's connection lock is held while the batch runs, synchronously, in one transaction of its own: the same
    // statements as below, without a promise hop per BEGIN, INSERT and COMMIT (a few µs of every call's CPU).
    await db.connection().execute(async () => sqliteBatchWriter(sqlite)(events));
    return;
  }
  await db.transaction().execute(async (trx) => {
    for (const { text, params } of insertStatements(events)) await trx.executeQuery(CompiledQuery.raw(text, params));
  });
}

const sqliteBatchWriters = new WeakMap<BetterSqlite3.Database, (events: readonly AuditEvent[]) => void>();

/** The connection's batch INSERT as one better-sqlite3 transaction (BEGIN … COMMIT, ROLLBACK when a statement throws). */
function sqliteBatchWriter(sqlite: BetterSqlite3.Database): (events: readonly AuditEvent[]) => void {
  let write = sqliteBatchWriters.get(sqlite);
  if (!write) {
    write = sqlite.transaction((events: readonly AuditEvent[]) => {
      for (const { text, params } of insertStatements(events)) sqlite.prepare(text).run(params);
    });
    sqliteBatchWriters.set(sqlite, write);
  }
  return write;
}

/** The batch's multi-row INSERTs, events then their resources, chunk by chunk (SQLite). */
export function* insertStatements(events: readonly AuditEvent[]): Generator<{ text: string; params: unknown[] }> {
  for (const [from, to] of insertChunks(events.length)) {
    const params: unknown[] = [];
    for (let i = from; i < to; i++) {
      const e = events[i]!;
      params.push(e.eventId, e.accountId, e.region, e.eventTime, e.eventName, e.eventSource, e.readOnly ? 1 : 0, e.username, e.accessKeyId, e.management ? 1 : 0, JSON.stringify(e.record));
    }
    yield { text: multiRowInsert('audit_events', EVENT_COLUMNS, to - from), params };
    const resources: unknown[] = [];
    for (let i = from; i < to; i++) for (const r of events[i]!.resources) resources.push(events[i]!.eventId, r.type, r.name);
    const count = resources.length / RESOURCE_COLUMNS.length;
    for (const [a, b] of insertChunks(count)) {
      yield { text: multiRowInsert('audit_event_resources', RESOURCE_COLUMNS, b - a), params: resources.slice(a * RESOURCE_COLUMNS.length, b * RESOURCE_COLUMNS.length) };
    }
  }
}

const EVENT_COLUMNS = ['event_id', 'account_id', 'region', 'event_time', 'event_name', 'event_source', 'read_only', 'username', 'access_key_id', 'management', 'record'] as const;
const RESOURCE_COLUMNS = ['event_id', 'resource_type', 'resource_name'] as const;
// By column list (the tables' constant arrays), then table and row count: the same table and count with other
// columns is another text.
const insertTexts = new WeakMap<readonly string[], Map<string, string>>();

/**
 * The INSERT of `rows` rows, its SQL text built once per table and size: building and compiling the same statement
 * through the query builder on every flush cost more than SQLite's own work for a small batch.
 *
 * OR FAIL, not the default ABORT: to undo a multi-row statement's earlier rows on a failing row, SQLite keeps a
 * statement journal, which past 64 KiB (a 16-row chunk of records) it spills to a temporary file created and
 * unlinked in /var/tmp on every batch. Undoing one statement buys nothing here: the batch's transaction is rolled
 * back whole when any statement fails, so what is stored is the same, without the file.
 */
export function multiRowInsert(table: string, columns: readonly string[], rows: number): string {
  let texts = insertTexts.get(columns);
  if (!texts) insertTexts.set(columns, (texts = new Map()));
  const key = `${table}\u0000${rows}`;
  let text = texts.get(key);
  if (!text) {
    const row = `(${columns.map(() => '?').join(', ')})`;
    text = `insert or fail into "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) values ${Array.from({ length: rows }, () => row).join(', ')}`;
    texts.set(key, text);
  }
  return text;
}

/**
 * PostgreSQL: a batch of any size, with its resources, in one statement (one round trip, atomic on its own, no
 * BEGIN/COMMIT): each column travels as one array, in binary (store/pg-binary-arrays.ts: no escaping in the driver, no array_in
 * parsing in the backend), and the same SQL text serves every batch. Rows are inserted in array order, so sequence
 * numbers follow event order.
 */
async function insertEventsPostgres(db: Kysely<Database>, events: readonly AuditEvent[]): Promise<void> {
  const text = (f: (e: AuditEvent) => string | null) => textArray(events.map(f));
  const resources = events.flatMap((e) => e.resources.map((r) => ({ id: e.eventId, type: r.type, name: r.name })));
  // A prepared statement: parsed and planned once per connection, not per batch (store/pg-prepared.ts).
  await runPrepared(
    db,
    'sift_audit_events_insert',
    CompiledQuery.raw(PG_INSERT_EVENTS_TEXT, [
      text((e) => e.eventId),
      text((e) => e.accountId),
      text((e) => e.region),
      int8Array(events.map((e) => e.eventTime)),
      text((e) => e.eventName),
      text((e) => e.eventSource),
      int4Array(events.map((e) => (e.readOnly ? 1 : 0))),
      text((e) => e.username),
      text((e) => e.accessKeyId),
      int4Array(events.map((e) => (e.management ? 1 : 0))),
      text((e) => JSON.stringify(e.record)),
      textArray(resources.map((r) => r.id)),
      textArray(resources.map((r) => r.type)),
      textArray(resources.map((r) => r.name)),
    ]),
  );
}

/**
 * The statement above, as one fixed text (the `sql` template it was compiled from on every batch gave this text):
 * kysely no longer parses and compiles it per batch. Exported for bench/pg-audit-batch.ts.
 */
export const PG_INSERT_EVENTS_TEXT = `
    WITH inserted AS (
      INSERT INTO audit_events (event_id, account_id, region, event_time, event_name, event_source, read_only, username, access_key_id, management, record)
      SELECT event_id, account_id, region, event_time, event_name, event_source, read_only, username, access_key_id, management, record
      FROM unnest($1::text[], $2::text[], $3::text[],
        $4::bigint[], $5::text[], $6::text[],
        $7::integer[], $8::text[], $9::text[],
        $10::integer[], $11::text[])
        WITH ORDINALITY AS t(event_id, account_id, region, event_time, event_name, event_source, read_only, username, access_key_id, management, record, n)
      ORDER BY n
    )
    INSERT INTO audit_event_resources (event_id, resource_type, resource_name)
    SELECT * FROM unnest($12::text[], $13::text[], $14::text[])
  `;

export async function queryHistory(db: Kysely<Database>, q: HistoryQuery): Promise<HistoryPage> {
  let query = db
    .selectFrom('audit_events as e')
    .select(['e.seq', 'e.event_id', 'e.event_name', 'e.event_source', 'e.event_time', 'e.read_only', 'e.username', 'e.access_key_id', 'e.record'])
    .where('e.account_id', '=', q.accountId)
    .where('e.region', '=', q.region)
    .where('e.management', '=', 1)
    .where('e.event_time', '>=', q.startMs)
    .where('e.event_time', '<=', q.endMs);

  const a = q.attribute;
  if (a) {
    switch (a.key) {
      case 'EventId':
        query = query.where('e.event_id', '=', a.value);
        break;
      case 'EventName':
        query = query.where('e.event_name', '=', a.value);
        break;
      case 'EventSource':
        query = query.where('e.event_source', '=', a.value);
        break;
      case 'Username':
        query = query.where('e.username', '=', a.value);
        break;
      case 'AccessKeyId':
        query = query.where('e.access_key_id', '=', a.value);
        break;
      case 'ReadOnly':
        query = query.where('e.read_only', '=', a.value === 'true' ? 1 : 0);
        break;
      case 'ResourceType':
      case 'ResourceName': {
        // The matching resources' event ids are collected once (a list the database builds a single time), then
        // events are walked newest first until the page is full.
        const column = a.key === 'ResourceType' ? 'r.resource_type' : 'r.resource_name';
        query = query.where('e.event_id', 'in', (eb) => eb.selectFrom('audit_event_resources as r').select('r.event_id').where(column, '=', a.value));
        break;
      }
    }
  }
  if (q.after) {
    const { eventTime, seq } = q.after;
    query = query.where(({ or, and, eb }) => or([eb('e.event_time', '<', eventTime), and([eb('e.event_time', '=', eventTime), eb('e.seq', '<', seq)])]));
  }
  const rows = await query.orderBy('e.event_time', 'desc').orderBy('e.seq', 'desc').limit(q.limit + 1).execute();
  const page = rows.slice(0, q.limit);

  const resources = new Map<string, { type: string; name: string }[]>();
  if (page.length > 0) {
    const rs = await db
      .selectFrom('audit_event_resources')
      .select(['event_id', 'resource_type', 'resource_name'])
      .where(
        'event_id',
        'in',
        page.map((r) => r.event_id),
      )
      .execute();
    for (const r of rs) {
      const list = resources.get(r.event_id) ?? [];
      list.push({ type: r.resource_type, name: r.resource_name });
      resources.set(r.event_id, list);
    }
  }

  const last = page[page.length - 1];
  return {
    events: page.map((r) => ({
      eventId: r.event_id,
      eventName: r.event_name,
      eventSource: r.event_source,
      eventTime: Number(r.event_time),
      readOnly: r.read_only === 1,
      username: r.username,
      accessKeyId: r.access_key_id,
      resources: resources.get(r.event_id) ?? [],
      record: r.record,
    })),
    ...(rows.length > q.limit && last && { next: { eventTime: Number(last.event_time), seq: Number(last.seq) } }),
  };
}

/** Deletes events older than `beforeMs` with their resource rows; returns how many events went. */
export async function deleteEventsBefore(db: Kysely<Database>, beforeMs: number): Promise<number> {
  return db.transaction().execute(async (trx) => {
    await trx
      .deleteFrom('audit_event_resources')
      .where('event_id', 'in', (eb) => eb.selectFrom('audit_events').select('event_id').where('event_time', '<', beforeMs))
      .execute();
    const res = await trx.deleteFrom('audit_events').where('event_time', '<', beforeMs).executeTakeFirst();
    return Number(res.numDeletedRows);
  });
}
