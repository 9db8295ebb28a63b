// Audit event ids are time-ordered UUIDs: valid RFC 9562 version 7 strings, later ids sorting after earlier ones,
// so the event_id index is appended to, not written at random places (event-id.ts).
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger, ManualClock, randomIds, type Principal, type RequestContext } from '../common/index.js';
import { schemas } from '../models/index.js';
import { openStore, type Store } from '../store/index.js';
import { timeOrderedEventId } from './event-id.js';
import type { AuditCall } from './record.js';
import { createAuditTrail } from './trail.js';

const UUID7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('timeOrderedEventId', () => {
  it('puts the milliseconds in the first 48 bits and keeps the random UUID’s other bits', () => {
    const id = timeOrderedEventId(Date.parse('2026-01-01T00:00:00.123Z'), 'ad97fac5-f7cf-4ff9-9cf2-d0676e3a1b2c');
    expect(id).toBe(`${Date.parse('2026-01-01T00:00:00.123Z').toString(16).padStart(12, '0').replace(/^(.{8})/, '$1-')}-7ff9-9cf2-d0676e3a1b2c`);
    expect(id).toMatch(UUID7);
    expect(timeOrderedEventId(0, randomUUID())).toMatch(/^00000000-0000-7/);
  });

  it('sorts in time order, as strings and across millisecond, second and hex-digit boundaries', () => {
    const start = Date.parse('2026-03-01T12:00:00Z');
    const times = [0, 1, 9, 10, 15, 16, 255, 256, 999, 1000, 4095, 4096, 65_535, 65_536, 86_400_000, 90 * 86_400_000].map((d) => start + d);
    const ids = times.map((t) => timeOrderedEventId(t, randomUUID()));
    for (const id of ids) expect(id).toMatch(UUID7);
    expect([...ids].sort()).toEqual(ids);
    expect([...ids].sort((a, b) => a.localeCompare(b, 'en'))).toEqual(ids);
  });

  it('refuses what is not a UUID', () => {
    expect(() => timeOrderedEventId(1, 'not-a-uuid')).toThrow();
  });
});

describe('audit trail event ids', () => {
  let store: Store;
  beforeEach(async () => {
    store = await openStore(':memory:');
  });
  afterEach(async () => {
    await store.close();
  });

  it('stores time-ordered ids: the event_id index is appended to in recording order, and EventId still finds each', async () => {
    const clock = new ManualClock(Date.parse('2026-01-01T00:00:00Z'));
    const principal: Principal = { type: 'Root', accountId: '123456789012', arn: 'arn:aws:iam::123456789012:root', principalId: '123456789012', accessKeyId: 'AKIAROOT' };
    const ctx: RequestContext = { accountId: '123456789012', region: 'us-east-1', principal, requestId: 'r', clock, sourceIp: '127.0.0.1', userAgent: 'test' };
    const call: AuditCall = { ctx, service: 'macie2', eventSource: 'macie2.amazonaws.com', operation: 'GetMacieSession', schema: schemas.macie2!, dataEvent: false };
    const trail = createAuditTrail({ store, ids: randomIds, clock, logger: createLogger('error', () => {}) }, { flushIntervalMs: 60_000 });
    for (let i = 0; i < 60; i++) {
      await trail.record(call);
      clock.advance(7);
    }
    await trail.recordServiceEvent({ accountId: '123456789012', region: 'us-east-1', eventSource: 'macie2.amazonaws.com', eventName: 'MacieClassificationJobCancelled' });
    await trail.flush();
    const rows = await store.db.selectFrom('audit_events').select(['seq', 'event_id', 'record']).orderBy('seq').execute();
    expect(rows).toHaveLength(61);
    const ids = rows.map((r) => r.event_id);
    for (const [i, r] of rows.entries()) {
      expect(r.event_id).toMatch(UUID7);
      expect(JSON.parse(r.record).eventID).toBe(r.event_id);
      if (i > 0) expect(r.event_id > ids[i - 1]!).toBe(true);
    }
    for (const id of [ids[0]!, ids[33]!, ids[60]!]) {
      const page = await trail.lookup({ accountId: '123456789012', region: 'us-east-1', attribute: { key: 'EventId', value: id }, startMs: 0, endMs: Date.parse('2030-01-01'), limit: 50 });
      expect(page.events.map((e) => e.eventId)).toEqual([id]);
    }
    await trail.close();
  });
});
