// The audit batch's INSERT on PostgreSQL, whose columns travel as binary arrays (store/pg-binary-arrays.ts): every value must
// come back exactly as recorded (NULLs, quotes, backslashes, braces and commas, multi-byte and astral characters,
// empty strings, large epoch milliseconds), resources included, rows in event order. Runs when
// SIFT_TEST_DATABASE_URL is set (node scripts/test-postgres.mjs src/audit/pg-insert.test.ts).
import { describe, expect, it } from 'vitest';
import { openPostgresTestStore } from '../store/test-databases.js';
import { insertEvents, queryHistory } from './event-history.js';
import { int4Array, int8Array, textArray } from '../store/pg-binary-arrays.js';
import type { AuditEvent, CloudTrailRecord } from './record.js';

const tricky = ['', 'plain', 'with "quotes", {braces}, commas and \\backslashes\\', 'NULL', 'tab\there\nnewline', 'Müller ∑ 東京 🎉', '\'single\''];

function event(i: number): AuditEvent {
  const s = tricky[i % tricky.length]!;
  const record = { eventVersion: '1.08', eventID: `id-${i}`, eventName: s, requestParameters: { value: s, nested: [s, { s }] } } as unknown as CloudTrailRecord;
  return {
    record,
    eventId: `0190a1b2-c3d4-7e5f-8a9b-${String(i).padStart(12, '0')}`,
    accountId: '123456789012',
    region: 'us-east-1',
    eventTime: 1_767_225_600_000 + i * 1000,
    eventName: s || 'Empty',
    eventSource: 'macie2.amazonaws.com',
    readOnly: i % 2 === 0,
    username: i % 3 === 0 ? null : s,
    accessKeyId: i % 4 === 0 ? null : `AKIA${i}`,
    management: true,
    resources: i % 5 === 0 ? [] : [{ type: 'AWS::Macie::Thing', name: `arn:aws:macie2:us-east-1:123456789012:thing/${s}` }, { type: s, name: '' }],
  };
}

describe('binary array parameters', () => {
  it('encode the header, lengths and NULLs array_recv reads', () => {
    const t = textArray(['ab', null, 'é']);
    expect(t.readInt32BE(0)).toBe(1);
    expect(t.readInt32BE(4)).toBe(1); // has NULLs
    expect(t.readInt32BE(8)).toBe(25);
    expect(t.readInt32BE(12)).toBe(3);
    expect(t.readInt32BE(16)).toBe(1);
    expect([t.readInt32BE(20), t.subarray(24, 26).toString(), t.readInt32BE(26), t.readInt32BE(30), t.subarray(34).toString()]).toEqual([2, 'ab', -1, 2, 'é']);
    const b = int8Array([2 ** 53 - 1, 0, 1_767_225_600_123]);
    expect([b.readBigInt64BE(24), b.readBigInt64BE(36), b.readBigInt64BE(48)]).toEqual([2n ** 53n - 1n, 0n, 1_767_225_600_123n]);
    expect(int4Array([1, 0]).readInt32BE(24)).toBe(1);
    expect(() => int8Array([0.5])).toThrow();
  });
});

describe.skipIf(!process.env.SIFT_TEST_DATABASE_URL)('audit events on PostgreSQL', () => {
  it('stores every column and resource exactly, rows in event order', async () => {
    const store = await openPostgresTestStore('sift_audit_insert');
    try {
      const events = Array.from({ length: 37 }, (_, i) => event(i));
      await insertEvents(store.db, events.slice(0, 1), 'postgres');
      await insertEvents(store.db, events.slice(1), 'postgres');
      await insertEvents(store.db, [], 'postgres');
      const rows = await store.db.selectFrom('audit_events').selectAll().orderBy('seq').execute();
      expect(rows.map((r) => ({ ...r, seq: undefined }))).toEqual(
        events.map((e) => ({
          seq: undefined,
          event_id: e.eventId,
          account_id: e.accountId,
          region: e.region,
          event_time: e.eventTime,
          event_name: e.eventName,
          event_source: e.eventSource,
          read_only: e.readOnly ? 1 : 0,
          username: e.username,
          access_key_id: e.accessKeyId,
          management: 1,
          record: JSON.stringify(e.record),
        })),
      );
      const resources = await store.db.selectFrom('audit_event_resources').selectAll().execute();
      const expected = events.flatMap((e) => e.resources.map((r) => ({ event_id: e.eventId, resource_type: r.type, resource_name: r.name })));
      const key = (r: { event_id: string; resource_type: string; resource_name: string }) => JSON.stringify([r.event_id, r.resource_type, r.resource_name]);
      expect(resources.map(key).sort()).toEqual(expected.map(key).sort());
      const page = await queryHistory(store.db, { accountId: '123456789012', region: 'us-east-1', attribute: { key: 'Username', value: tricky[2]! }, startMs: 0, endMs: 2 ** 50, limit: 50 });
      expect(page.events.map((e) => e.eventId).sort()).toEqual(events.filter((e) => e.username === tricky[2]).map((e) => e.eventId).sort());
    } finally {
      await store.close();
    }
  });
});
