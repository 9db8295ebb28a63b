// The per-call statements on PostgreSQL go out as named prepared statements (parsed once per connection), with the
// same results as through kysely; SQLite and plugin-wrapped instances keep kysely's path. The PostgreSQL part runs when
// SIFT_TEST_DATABASE_URL is set (node scripts/test-postgres.mjs src/store/pg-prepared.test.ts).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CompiledQuery } from 'kysely';
import pg from 'pg';
import { insertEvents } from '../audit/event-history.js';
import type { AuditEvent, CloudTrailRecord } from '../audit/record.js';
import { IamVersion } from '../iam/iam-version.js';
import { openStore, postgresPool, type Store } from './dialects.js';
import { runPrepared } from './pg-prepared.js';
import { openPostgresTestStore } from './test-databases.js';

const opened: Store[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  for (const s of opened.splice(0)) await s.close();
});

/** Names of the statements node-postgres is asked to run from now on (undefined: an unnamed statement). */
function statementNames(): (string | undefined)[] {
  const names: (string | undefined)[] = [];
  const query = pg.Client.prototype.query;
  vi.spyOn(pg.Client.prototype, 'query').mockImplementation(function (this: pg.Client, ...args: unknown[]) {
    const config = args[0];
    names.push(typeof config === 'object' && config !== null ? (config as { name?: string }).name : undefined);
    return (query as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof query);
  return names;
}

const event = (i: number): AuditEvent => ({
  record: { eventVersion: '1.08', eventID: `id-${i}` } as unknown as CloudTrailRecord,
  eventId: `0190a1b2-c3d4-7e5f-8a9b-${String(i).padStart(12, '0')}`,
  accountId: '123456789012',
  region: 'us-east-1',
  eventTime: 1_767_225_600_000 + i * 1000,
  eventName: 'GetMacieSession',
  eventSource: 'macie2.amazonaws.com',
  readOnly: true,
  username: null,
  accessKeyId: 'AKIA1',
  management: true,
  resources: [{ type: 'AWS::Macie::Thing', name: `thing-${i}` }],
});

describe.skipIf(!process.env.SIFT_TEST_DATABASE_URL)('prepared statements on PostgreSQL', () => {
  it('run under their name, each parsed once per connection, with kysely’s results', async () => {
    const store = await openPostgresTestStore('sift_pg_prepared');
    opened.push(store);
    const query = CompiledQuery.raw('select $1::int + 1 as n, $2::text as s', [41, 'x']);
    const names = statementNames();
    const viaKysely = await store.db.executeQuery(query);
    const first = await runPrepared(store.db, 'sift_test_add', query);
    const second = await runPrepared(store.db, 'sift_test_add', CompiledQuery.raw(query.sql, [1, 'y']));
    expect(first.rows).toEqual(viaKysely.rows);
    expect(second.rows).toEqual([{ n: 2, s: 'y' }]);
    expect(names).toEqual([undefined, 'sift_test_add', 'sift_test_add']);
    // One parse on the connection the two runs shared (the pool hands back the connection released last).
    const client = await postgresPool(store.db)!.connect();
    try {
      const prepared = await client.query(`select name from pg_prepared_statements where name = 'sift_test_add'`);
      expect(prepared.rows).toEqual([{ name: 'sift_test_add' }]);
    } finally {
      client.release();
    }
  });

  it('a refused statement rejects and leaves the statement usable', async () => {
    const store = await openPostgresTestStore('sift_pg_prepared');
    opened.push(store);
    const divide = (d: number) => CompiledQuery.raw('select 10 / $1::int as q', [d]);
    await expect(runPrepared(store.db, 'sift_test_divide', divide(0))).rejects.toThrow(/division by zero/);
    expect((await runPrepared(store.db, 'sift_test_divide', divide(5))).rows).toEqual([{ q: 2 }]);
  });

  it('IAM’s counter read and the audit batch use theirs', async () => {
    const store = await openPostgresTestStore('sift_pg_prepared');
    opened.push(store);
    const version = new IamVersion(store.db);
    await version.bump();
    const names = statementNames();
    expect(await version.current()).toBe('1');
    await insertEvents(store.db, [event(1), event(2)], 'postgres');
    expect(names).toEqual(['sift_iam_version_read', 'sift_audit_events_insert']);
    const rows = await store.db.selectFrom('audit_event_resources').select(['event_id', 'resource_name']).orderBy('resource_name').execute();
    expect(rows).toEqual([
      { event_id: event(1).eventId, resource_name: 'thing-1' },
      { event_id: event(2).eventId, resource_name: 'thing-2' },
    ]);
  });

  it('an instance with a plugin keeps kysely’s path (its plugins see the result)', async () => {
    const store = await openPostgresTestStore('sift_pg_prepared');
    opened.push(store);
    let seen = 0;
    const db = store.db.withPlugin({ transformQuery: (a) => a.node, transformResult: async (a) => (seen++, a.result) });
    const names = statementNames();
    expect((await runPrepared(db, 'sift_test_one', CompiledQuery.raw('select 1 as one'))).rows).toEqual([{ one: 1 }]);
    expect(seen).toBe(1);
    expect(names).toEqual([undefined]);
  });
});

describe('prepared statements on SQLite', () => {
  it('run through kysely', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sift-pg-prepared-'));
    try {
      const store = await openStore(join(dir, 'sift.db'));
      opened.push(store);
      expect((await runPrepared(store.db, 'sift_test_one', CompiledQuery.raw('select 1 as one'))).rows).toEqual([{ one: 1 }]);
      await store.close();
      opened.pop();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
