// The audit trail against a real SQLite store: batching, flush/close guarantees, resource rows, data events kept
// out of event history, and recovery after a failed write.
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLogger, ManualClock, sequentialIds, type Principal, type RequestContext } from '../common/index.js';
import { schemas } from '../models/index.js';
import { openStore, type Store } from '../store/index.js';
import type { AuditCall } from './record.js';
import { createAuditTrail } from './trail.js';

// The size of every batch the trail writes (one transaction each), the writes themselves unchanged.
const written = vi.hoisted(() => [] as number[]);
vi.mock('./event-history.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('./event-history.js')>();
  return { ...real, insertEvents: (...args: Parameters<typeof real.insertEvents>) => (written.push(args[1].length), real.insertEvents(...args)) };
});

const user: Principal = { type: 'IAMUser', accountId: '123456789012', arn: 'arn:aws:iam::123456789012:user/alice', principalId: 'AIDAALICE', accessKeyId: 'AKIAALICE', userName: 'alice' };

let store: Store;
let clock: ManualClock;
const logLines: string[] = [];
const logger = createLogger('debug', (l) => logLines.push(l));

beforeEach(async () => {
  store = await openStore(':memory:');
  clock = new ManualClock(Date.parse('2026-01-01T00:00:00Z'));
  logLines.length = 0;
  written.length = 0;
});
afterEach(async () => {
  await store.close();
});

function apiCall(operation: string, rest: Partial<AuditCall> = {}): AuditCall {
  const ctx: RequestContext = { accountId: '123456789012', region: 'us-east-1', principal: user, requestId: 'r', clock, sourceIp: '127.0.0.1', userAgent: 'test' };
  return { ctx, service: 'macie2', eventSource: 'macie2.amazonaws.com', operation, schema: schemas.macie2!, dataEvent: false, ...rest };
}

const count = async (table: 'audit_events' | 'audit_event_resources') =>
  Number((await store.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

describe('audit trail', () => {
  it('queues records and stores them on flush, with one resource row per resource', async () => {
    const trail = createAuditTrail({ store, ids: sequentialIds(), clock, logger }, { flushIntervalMs: 60_000 });
    await trail.record(
      apiCall('TagResource', {
        resources: [
          { type: 'AWS::Macie::ClassificationJob', arn: 'arn:aws:macie2:us-east-1:123456789012:classification-job/j1', accountId: '123456789012' },
          { type: 'AWS::Macie::CustomDataIdentifier', arn: 'arn:aws:macie2:us-east-1:123456789012:custom-data-identifier/c1', accountId: '123456789012' },
        ],
      }),
    );
    await trail.record(apiCall('GetMacieSession'));
    expect(await count('audit_events')).toBe(0); // still in memory: the request path did not wait for the database
    await trail.flush();
    expect(await count('audit_events')).toBe(2);
    expect(await count('audit_event_resources')).toBe(2);
    const row = await store.db.selectFrom('audit_events').selectAll().where('event_name', '=', 'TagResource').executeTakeFirstOrThrow();
    expect(row).toMatchObject({ account_id: '123456789012', region: 'us-east-1', read_only: 0, username: 'alice', access_key_id: 'AKIAALICE', management: 1 });
    expect(JSON.parse(row.record).eventID).toBe(row.event_id);
    await trail.close();
  });

  it('group commit: records queued in the turn after the first one share its transaction, committed before any resolves', async () => {
    const trail = createAuditTrail({ store, ids: sequentialIds(), clock, logger }, { flushIntervalMs: 60_000 });
    const stored: number[] = [];
    const durably = () => trail.recordDurably(apiCall('GetMacieSession')).then(async (ok) => (stored.push(await count('audit_events')), ok));
    const first = [durably(), durably()];
    // Queued in the next turn of the event loop (this immediate runs after the trail's own first one).
    const next = new Promise<boolean>((resolve) => setImmediate(() => resolve(durably())));
    expect(await Promise.all([...first, next])).toEqual([true, true, true]);
    expect(written).toEqual([3]);
    expect(stored).toEqual([3, 3, 3]);
    // Two turns later, once the batch is written: a batch of its own.
    const late = new Promise<boolean>((resolve) => setImmediate(() => setImmediate(() => setImmediate(() => resolve(durably())))));
    expect(await Promise.all([durably(), late])).toEqual([true, true]);
    expect(written).toEqual([3, 1, 1]);
    await trail.close();
  });

  it('writes on its own after the flush interval, and in batches when many arrive', async () => {
    const trail = createAuditTrail({ store, ids: sequentialIds(), clock, logger }, { flushIntervalMs: 2, maxBatch: 50 });
    for (let i = 0; i < 120; i++) await trail.record(apiCall('GetMacieSession'));
    await new Promise((r) => setTimeout(r, 50));
    expect(await count('audit_events')).toBe(120);
    await trail.close();
  });

  it('close() flushes, and later records are ignored with a warning', async () => {
    const trail = createAuditTrail({ store, ids: sequentialIds(), clock, logger }, { flushIntervalMs: 60_000 });
    await trail.record(apiCall('EnableMacie'));
    await trail.close();
    expect(await count('audit_events')).toBe(1);
    await trail.record(apiCall('DisableMacie'));
    await trail.flush();
    expect(await count('audit_events')).toBe(1);
    expect(logLines.some((l) => l.includes('after close'))).toBe(true);
  });

  it('data events are stored with management 0 and never looked up', async () => {
    const trail = createAuditTrail({ store, ids: sequentialIds(), clock, logger });
    await trail.record(apiCall('GetObject', { service: 's3', eventSource: 's3.amazonaws.com', schema: schemas.s3!, dataEvent: true, input: { Bucket: 'b', Key: 'k' } }));
    await trail.record(apiCall('ListFindings'));
    const page = await trail.lookup({ accountId: '123456789012', region: 'us-east-1', startMs: 0, endMs: Date.parse('2030-01-01'), limit: 50 });
    expect(page.events.map((e) => e.eventName)).toEqual(['ListFindings']);
    const stored = await store.db.selectFrom('audit_events').select(['event_name', 'management']).orderBy('seq').execute();
    expect(stored).toEqual([
      { event_name: 'GetObject', management: 0 },
      { event_name: 'ListFindings', management: 1 },
    ]);
    await trail.close();
  });

  it('a failed write keeps the events queued; flush rejects, then stores them once the store is back', async () => {
    const trail = createAuditTrail({ store, ids: sequentialIds(), clock, logger }, { flushIntervalMs: 60_000, retryDelayMs: 60_000 });
    await sql`ALTER TABLE audit_events RENAME TO audit_events_away`.execute(store.db);
    await trail.record(apiCall('EnableMacie'));
    await trail.record(apiCall('UpdateMacieSession'));
    await expect(trail.flush()).rejects.toThrow();
    expect(logLines.some((l) => l.includes('writing events failed'))).toBe(true);
    await sql`ALTER TABLE audit_events_away RENAME TO audit_events`.execute(store.db);
    await trail.flush();
    const names = (await store.db.selectFrom('audit_events').select('event_name').orderBy('seq').execute()).map((r) => r.event_name);
    expect(names).toEqual(['EnableMacie', 'UpdateMacieSession']);
    await trail.close();
  });

  it('bounds the queue while writes fail, dropping the oldest', async () => {
    const trail = createAuditTrail({ store, ids: sequentialIds(), clock, logger }, { flushIntervalMs: 60_000, retryDelayMs: 60_000, maxQueued: 3 });
    await sql`ALTER TABLE audit_events RENAME TO audit_events_away`.execute(store.db);
    for (const op of ['A1', 'A2', 'A3', 'A4', 'A5']) await trail.record(apiCall(op));
    await expect(trail.flush()).rejects.toThrow();
    await sql`ALTER TABLE audit_events_away RENAME TO audit_events`.execute(store.db);
    await trail.flush();
    const names = (await store.db.selectFrom('audit_events').select('event_name').orderBy('seq').execute()).map((r) => r.event_name);
    expect(names).toEqual(['A3', 'A4', 'A5']);
    await trail.close();
  });

  it('records service events and prunes old events with their resources', async () => {
    const trail = createAuditTrail({ store, ids: sequentialIds(), clock, logger });
    await trail.record(apiCall('TagResource', { resources: [{ type: 'AWS::Macie::ClassificationJob', arn: 'arn:j1', accountId: '123456789012' }] }));
    clock.advance(10_000);
    await trail.recordServiceEvent({ accountId: '123456789012', region: 'us-east-1', eventSource: 'macie2.amazonaws.com', eventName: 'MacieClassificationJobCancelled' });
    const page = await trail.lookup({ accountId: '123456789012', region: 'us-east-1', startMs: 0, endMs: clock.nowMs(), limit: 50 });
    expect(page.events.map((e) => [e.eventName, e.username])).toEqual([
      ['MacieClassificationJobCancelled', 'macie2.amazonaws.com'],
      ['TagResource', 'alice'],
    ]);
    expect(JSON.parse(page.events[0]!.record).eventType).toBe('AwsServiceEvent');
    expect(await trail.prune(clock.nowMs() - 5_000)).toBe(1);
    expect(await count('audit_events')).toBe(1);
    expect(await count('audit_event_resources')).toBe(0);
    await trail.close();
  });
});
