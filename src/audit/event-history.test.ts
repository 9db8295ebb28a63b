import { CompiledQuery, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openStore } from '../store/index.js';
import { fixedChunks, insertEvents, multiRowInsert } from './event-history.js';
import type { AuditEvent } from './record.js';

describe('fixedChunks', () => {
  it('covers every row once, with chunks of only a few sizes', () => {
    for (const n of [0, 1, 3, 17, 300, 523, 1999]) {
      const chunks = fixedChunks(n);
      expect(chunks.reduce((sum, [a, b]) => sum + (b - a), 0)).toBe(n);
      chunks.forEach(([a], i) => expect(a).toBe(i === 0 ? 0 : chunks[i - 1]![1]));
      expect(new Set(chunks.map(([a, b]) => b - a)).size).toBeLessThanOrEqual(5);
      for (const [a, b] of chunks) expect([500, 64, 16, 4, 1]).toContain(b - a);
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
      // 21 rows: one 16-row and one 4-row statement, then a 1-row one whose id is already stored.
      const batch = Array.from({ length: 20 }, (_, i) => event(`e-${i + 1}`)).concat(event('e-0'));
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
});
