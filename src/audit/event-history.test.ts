import { CompiledQuery, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openStore } from '../store/index.js';
import { insertChunks, insertEvents, insertStatements, multiRowInsert, queryHistory, type HistoryQuery } from './event-history.js';
import type { AuditEvent } from './record.js';

describe('insertChunks', () => {
  it('covers every row once: chunks of 500, then of 64, then the rest as one', () => {
    for (const n of [0, 1, 3, 15, 17, 63, 64, 65, 300, 523, 1999]) {
      const chunks = insertChunks(n);
      expect(chunks.reduce((sum, [a, b]) => sum + (b - a), 0)).toBe(n);
      chunks.forEach(([a], i) => expect(a).toBe(i === 0 ? 0 : chunks[i - 1]![1]));
      const sizes = chunks.map(([a, b]) => b - a);
      const rest = n % 500 % 64;
      expect(sizes).toEqual([...Array(Math.floor(n / 500)).fill(500), ...Array(Math.floor((n % 500) / 64)).fill(64), ...(rest ? [rest] : [])]);
    }
  });

  it('writes a group commit of up to 64 records, and their resources, as one INSERT each', () => {
    for (let n = 1; n <= 64; n++) {
      const statements = [...insertStatements(Array.from({ length: n }, (_, i) => event(`e-${i}`)))];
      expect(statements.map((s) => [s.text.slice(0, s.text.indexOf(' (')), s.params.length])).toEqual([
        ['insert or fail into "audit_events"', 11 * n],
        ['insert or fail into "audit_event_resources"', 3 * n],
      ]);
    }
  });
});

const event = (eventId: string): AuditEvent => ({
  record: { eventID: eventId } as unknown as AuditEvent['record'],
  eventId,
  accountId: '123456789012',
  region: 'us-east-1',
  eventTime: Date.parse('2026-01-01T00:00:00Z'),
  eventName: 'GetMacieSession',
  eventSource: 'macie2.amazonaws.com',
  readOnly: true,
  username: 'alice',
  accessKeyId: 'AKIAALICE',
  management: true,
  resources: [{ type: 'AWS::Macie::Session', name: eventId }],
});

describe('insertEvents on SQLite', () => {
  it('stores a batch whole or not at all: a failing row rolls back the rows before it, in its statement and earlier ones', async () => {
    const store = await openStore(':memory:');
    try {
      await insertEvents(store.db, [event('e-0')]);
      // 66 rows: one 64-row statement, then a 2-row one whose last id is already stored.
      const batch = Array.from({ length: 65 }, (_, i) => event(`e-${i + 1}`)).concat(event('e-0'));
      await expect(insertEvents(store.db, batch)).rejects.toThrow(/UNIQUE/);
      // and a duplicate inside one multi-row statement
      await expect(insertEvents(store.db, [event('e-a'), event('e-b'), event('e-c'), event('e-a')])).rejects.toThrow(/UNIQUE/);
      const ids = await store.db.selectFrom('audit_events').select('event_id').execute();
      expect(ids.map((r) => r.event_id)).toEqual(['e-0']);
      const resources = await store.db.selectFrom('audit_event_resources').select('resource_name').execute();
      expect(resources.map((r) => r.resource_name)).toEqual(['e-0']);
    } finally {
      await store.close();
    }
  });

  it('leaves undoing a statement to its transaction (OR FAIL), so SQLite keeps no statement journal for it', async () => {
    const store = await openStore(':memory:');
    try {
      await store.db.transaction().execute(async (trx) => {
        const columns = ['event_id', 'account_id', 'region', 'event_time', 'event_name', 'event_source', 'read_only', 'management', 'record'];
        const row = (id: string) => [id, '123456789012', 'us-east-1', 0, 'E', 's', 1, 1, '{}'];
        // The second row breaks the unique event id: under FAIL the first row stays (until the transaction goes);
        // under ABORT SQLite would have journaled it so as to take it back.
        await expect(trx.executeQuery(CompiledQuery.raw(multiRowInsert('audit_events', columns, 2), [...row('x'), ...row('x')]))).rejects.toThrow(/UNIQUE/);
        const { rows } = await sql<{ n: number }>`select count(*) as n from audit_events`.execute(trx);
        expect(rows[0]!.n).toBe(1);
      });
    } finally {
      await store.close();
    }
  });

  it('waits for a Kysely transaction open on the connection instead of joining it (its rollback keeps the batch)', async () => {
    const store = await openStore(':memory:');
    try {
      let written: Promise<void> | undefined;
      await expect(
        store.db.transaction().execute(async (trx) => {
          await sql`insert into kv (namespace, key, value) values ('t', 'k', 'v')`.execute(trx);
          written = insertEvents(store.db, [event('e-1')]);
          await new Promise((r) => setTimeout(r, 20));
          throw new Error('rolled back');
        }),
      ).rejects.toThrow('rolled back');
      await written;
      expect((await store.db.selectFrom('audit_events').select('event_id').execute()).map((r) => r.event_id)).toEqual(['e-1']);
      expect(await store.db.selectFrom('kv').selectAll().execute()).toEqual([]);
    } finally {
      await store.close();
    }
  });

  it('stores and reads back what the Kysely transaction stored, row for row and page for page', async () => {
    const direct = await openStore(':memory:');
    const viaKysely = await openStore(':memory:');
    try {
      const batches = [[varied(0)], Array.from({ length: 23 }, (_, i) => varied(i + 1)), Array.from({ length: 70 }, (_, i) => varied(i + 24))];
      for (const batch of batches) {
        await insertEvents(direct.db, batch);
        // Another Kysely instance over the same connection: not the store's, so insertEvents takes Kysely's transaction.
        await insertEvents(viaKysely.db.withoutPlugins(), batch);
      }
      for (const table of ['audit_events', 'audit_event_resources'] as const) {
        const rows = async (db: typeof direct.db) => (await sql`select * from ${sql.table(table)} order by rowid`.execute(db)).rows;
        expect(await rows(direct.db)).toEqual(await rows(viaKysely.db));
      }
      expect((await direct.db.selectFrom('audit_event_resources').select('event_id').execute()).length).toBe(batches.flat().flatMap((e) => e.resources).length);
      const queries: Omit<HistoryQuery, 'accountId' | 'region'>[] = [
        { startMs: 0, endMs: Number.MAX_SAFE_INTEGER, limit: 50 },
        { startMs: 0, endMs: Number.MAX_SAFE_INTEGER, limit: 7, after: { eventTime: Date.parse('2026-01-01T00:01:00Z'), seq: 40 } },
        { startMs: 0, endMs: Number.MAX_SAFE_INTEGER, limit: 50, attribute: { key: 'ResourceName', value: 'arn:bucket/3' } },
        { startMs: 0, endMs: Number.MAX_SAFE_INTEGER, limit: 50, attribute: { key: 'ReadOnly', value: 'false' } },
      ];
      for (const q of queries) {
        const query = { accountId: '123456789012', region: 'us-east-1', ...q };
        const page = await queryHistory(direct.db, query);
        expect(page.events.length).toBeGreaterThan(0);
        expect(page).toEqual(await queryHistory(viaKysely.db, query));
      }
    } finally {
      await direct.close();
      await viaKysely.close();
    }
  });
});

/** Events of several shapes: with and without resources, username and key, read-only or not, across seconds. */
function varied(i: number): AuditEvent {
  const eventId = `e-${String(i).padStart(4, '0')}`;
  return {
    ...event(eventId),
    record: { eventID: eventId, requestParameters: { n: i, text: 'é\u0000"' } } as unknown as AuditEvent['record'],
    eventTime: Date.parse('2026-01-01T00:00:00Z') + Math.floor(i / 3) * 1000,
    readOnly: i % 2 === 0,
    username: i % 5 === 0 ? null : 'alice',
    accessKeyId: i % 7 === 0 ? null : 'AKIAALICE',
    management: i % 11 !== 0,
    resources: i % 3 === 0 ? [] : Array.from({ length: i % 3 }, (_, k) => ({ type: 'AWS::S3::Bucket', name: `arn:bucket/${(i + k) % 5}` })),
  };
}
