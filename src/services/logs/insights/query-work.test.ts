// Logs Insights queries as queue work units (issue 18), through the provider with two "processes" on one database:
// an API process that records and answers queries and a worker that runs them, sharing a queue as BullMQ shares one
// between processes. StopQuery from the API process cancels a query the worker is running (the worker reads the flag
// at its next heartbeat); a Running query answers its partial statistics; a query whose worker died is taken over
// after the lease, failed after three takings and timed out past 60 minutes of run time; 30 active queries at most,
// however many StartQuery calls race. On SQLite, and on PostgreSQL (database event store) when one answers.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock, sequentialIds, ServiceError, silentLogger, type RequestContext } from '../../../common/index.js';
import { InProcessQueue, type WorkQueue } from '../../../queue/index.js';
import { openStore, type Store } from '../../../store/index.js';
import { openPostgresTestStore, postgresReachable } from '../../../store/test-databases.js';
import { createLogsProvider } from '../provider.js';
import { MAX_QUERY_ATTEMPTS } from './queries.js';

const ACCOUNT = '111122223333';
const REGION = 'us-east-1';
const T0 = Date.UTC(2026, 2, 1, 12, 0, 0);
const LEASE_MS = 30_000;

const pg = await postgresReachable();
const databases: Array<{ name: string; open: () => Promise<Store> }> = [
  { name: 'SQLite', open: () => openStore(':memory:') },
  ...(pg ? [{ name: 'PostgreSQL', open: () => openPostgresTestStore('sift_insights_work') }] : []),
];

const ctx: RequestContext = { accountId: ACCOUNT, region: REGION, principal: { type: 'Root', accountId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:root`, principalId: ACCOUNT }, requestId: 'r', clock: new ManualClock(T0), sourceIp: '127.0.0.1', userAgent: 'test' };

let cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups = [];
});

async function code(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'ok';
  } catch (err) {
    if (err instanceof ServiceError) return err.code;
    throw err;
  }
}

/** An API process and a worker on one database and one queue (the worker alone takes units from it). */
async function deployment(open: () => Promise<Store>) {
  const store = await open();
  const dataDir = mkdtempSync(join(tmpdir(), 'sift-insights-work-'));
  const clock = new ManualClock(T0);
  const queue: WorkQueue = new InProcessQueue({ maxAttempts: MAX_QUERY_ATTEMPTS, backoffMs: 10 });
  const make = (holder: string, runsHere: boolean) =>
    createLogsProvider({ store, clock, ids: sequentialIds(holder === 'api' ? 0 : 1_000_000), logger: silentLogger, dataDir, providers: {} }, { insightsWork: () => ({ queue: () => queue, runsHere, holder, leaseMs: LEASE_MS }), insightsHeartbeatMs: 0 });
  const api = make('api', false);
  const worker = make('worker', true);
  cleanups.push(async () => {
    await worker.queries.close();
    await api.queries.close();
    await worker.background.stop();
    await api.background.stop();
    await worker.background.close();
    await api.background.close();
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  return { store, clock, queue, api, worker };
}

async function withEvents(m: ReturnType<typeof createLogsProvider>, count: number) {
  await m.provider.createLogGroup(ctx, { logGroupName: 'g' });
  await m.provider.createLogStream(ctx, { logGroupName: 'g', logStreamName: 's' });
  for (let i = 0; i < count; i += 10_000) {
    const logEvents = Array.from({ length: Math.min(10_000, count - i) }, (_, k) => ({ timestamp: T0 - 1_000_000 + i + k, message: `{"eventType":"E${(i + k) % 3}","n":${i + k}}` }));
    await m.provider.putLogEvents(ctx, { logGroupName: 'g', logStreamName: 's', logEvents });
  }
}

const startQuery = (m: ReturnType<typeof createLogsProvider>, queryString = 'stats count(*) by eventType | sort eventType asc') =>
  m.provider.startQuery(ctx, { logGroupName: 'g', startTime: 0, endTime: T0 / 1000, queryString }).then((r) => r.queryId!);

for (const database of databases) {
  describe(`Logs Insights queries as work units on ${database.name}`, () => {
    it('are run by the worker and answered by the API process, which runs none itself', { timeout: 120_000 }, async () => {
      const d = await deployment(database.open);
      await withEvents(d.worker, 3_000);
      const queryId = await startQuery(d.api);
      // The unit waits on the queue until a worker takes units.
      expect((await d.api.provider.getQueryResults(ctx, { queryId })).status).toBe('Scheduled');
      d.worker.queries.startWork();
      await d.worker.queries.settled(queryId);
      const out = await d.api.provider.getQueryResults(ctx, { queryId });
      expect(out.status).toBe('Complete');
      expect(out.results).toEqual(['E0', 'E1', 'E2'].map((t) => [{ field: 'eventType', value: t }, { field: 'count(*)', value: '1000' }]));
      const row = await d.store.db.selectFrom('logs_insights_queries').selectAll().where('query_id', '=', queryId).executeTakeFirstOrThrow();
      expect({ attempts: Number(row.attempts), worker: row.worker, lease: row.lease_expires_at }).toEqual({ attempts: 1, worker: null, lease: null });
    });

    it('StopQuery through the API process stops the query the worker runs, at its next heartbeat; Running answered partial statistics', { timeout: 300_000 }, async () => {
      const d = await deployment(database.open);
      const total = 300_000;
      await withEvents(d.worker, total);
      const queryId = await startQuery(d.worker, 'stats count(*) by n');
      // The worker's heartbeat stores the statistics so far: the API process answers them while the query runs,
      // with the result rows so far (one group per event here, up to the 10,000 rows a query answers) stored with
      // those statistics. Watched over several stored beats and at least two of the lease timer's periods (its
      // beats, between the checks' ones, renew the lease and must not store statistics apart from their rows).
      const counts = (rows: Awaited<ReturnType<typeof d.api.provider.getQueryResults>>['results']) => (rows ?? []).map((row) => row.find((f) => f.field === 'count(*)')?.value);
      let running;
      const seen = new Set<number>();
      const watchFrom = performance.now();
      for (;;) {
        running = await d.api.provider.getQueryResults(ctx, { queryId });
        expect(running.status === 'Scheduled' || running.status === 'Running').toBe(true);
        const scanned = running.statistics?.recordsScanned ?? 0;
        if (running.status === 'Running' && scanned > 0) {
          expect(running.results!.length).toBe(Math.min(10_000, running.statistics!.recordsMatched!));
          expect(new Set(counts(running.results))).toEqual(new Set(['1']));
          seen.add(scanned);
          if (seen.size >= 3 && performance.now() - watchFrom > 120) break;
        }
        await new Promise((r) => setImmediate(r));
      }
      expect(running.statistics!.recordsScanned).toBeLessThan(total);
      expect(await d.api.provider.stopQuery(ctx, { queryId })).toEqual({ success: true });
      await d.worker.queries.settled(queryId);
      const out = await d.api.provider.getQueryResults(ctx, { queryId });
      expect(out.status).toBe('Cancelled');
      // The rows of the last heartbeat stay with it, like its statistics.
      expect(out.results!.length).toBeGreaterThanOrEqual(running.results!.length);
      // The worker stopped scanning: what it scanned is kept, short of the whole group.
      expect(out.statistics!.recordsScanned).toBeGreaterThanOrEqual(running.statistics!.recordsScanned!);
      expect(out.statistics!.recordsScanned).toBeLessThan(total);
      expect(await code(d.api.provider.stopQuery(ctx, { queryId }))).toBe('InvalidParameterException');
    });

    it('a query StopQuery cancelled while its scan was ending keeps what its last heartbeat stored and gives its lease back', { timeout: 60_000 }, async () => {
      const d = await deployment(database.open);
      await withEvents(d.worker, 30);
      const queryId = await startQuery(d.api);
      // The race, set up directly (a scan cannot be paused between its last check and its ending): the worker holds
      // the query, its last heartbeat stored 5 records, and StopQuery has made it Cancelled.
      const beat = '{"recordsMatched":5,"recordsScanned":5,"bytesScanned":100,"logGroupsScanned":1}';
      await d.store.db.updateTable('logs_insights_queries').set({ status: 'Running', worker: 'worker', lease_expires_at: d.clock.nowMs() + LEASE_MS, attempts: 1, run_started_at: T0, statistics: beat }).where('query_id', '=', queryId).execute();
      expect(await d.api.provider.stopQuery(ctx, { queryId })).toEqual({ success: true });
      // Then the worker's scan ends (Complete) and it records how it ended.
      const worker = d.worker.queries as unknown as { finish(q: string, status: string, statistics: object): Promise<void> };
      await worker.finish(queryId, 'Complete', { recordsMatched: 30, recordsScanned: 30, bytesScanned: 900, logGroupsScanned: 1 });
      const row = await d.store.db.selectFrom('logs_insights_queries').select(['status', 'worker', 'lease_expires_at', 'statistics']).where('query_id', '=', queryId).executeTakeFirstOrThrow();
      expect({ ...row, lease_expires_at: row.lease_expires_at === null ? null : Number(row.lease_expires_at) }).toEqual({ status: 'Cancelled', worker: null, lease_expires_at: null, statistics: beat });
      // Another worker's ending (a lease it lost) changes nothing.
      await d.store.db.updateTable('logs_insights_queries').set({ worker: 'other', lease_expires_at: d.clock.nowMs() + LEASE_MS }).where('query_id', '=', queryId).execute();
      await worker.finish(queryId, 'Complete', { recordsMatched: 30, recordsScanned: 30, bytesScanned: 900, logGroupsScanned: 1 });
      expect((await d.store.db.selectFrom('logs_insights_queries').select('worker').where('query_id', '=', queryId).executeTakeFirstOrThrow()).worker).toBe('other');
    });

    it('a query whose worker died is taken over once the lease lapses, failed after three takings, timed out past 60 minutes', { timeout: 120_000 }, async () => {
      const d = await deployment(database.open);
      await withEvents(d.worker, 3_000);
      const dead = (queryId: string, attempts: number, runStartedAt = T0) =>
        d.store.db.updateTable('logs_insights_queries').set({ status: 'Running', worker: 'killed-worker', lease_expires_at: d.clock.nowMs() + LEASE_MS, attempts, run_started_at: runStartedAt, statistics: '{"recordsMatched":5,"recordsScanned":5,"bytesScanned":100,"logGroupsScanned":1}' }).where('query_id', '=', queryId).execute();
      // Recorded by the API process and marked as held by a worker that then died (-9) mid-query.
      const retried = await startQuery(d.api);
      const failed = await startQuery(d.api);
      const timedOut = await startQuery(d.api);
      await dead(retried, 1);
      await dead(failed, MAX_QUERY_ATTEMPTS);
      await dead(timedOut, 1, T0 - 60 * 60_000);
      // Our worker starts: the units reach it, but while the dead worker's lease runs nobody takes its queries.
      d.worker.queries.startWork();
      await d.queue.idle();
      // While the dead worker's lease runs nobody takes its queries.
      expect(await d.worker.queries.sweep()).toBe(0);
      expect((await d.api.provider.getQueryResults(ctx, { queryId: retried })).status).toBe('Running');
      expect((await d.api.provider.getQueryResults(ctx, { queryId: retried })).statistics!.recordsScanned).toBe(5);
      d.clock.advance(LEASE_MS);
      expect(await d.worker.queries.sweep()).toBe(3);
      for (const q of [retried, failed, timedOut]) await d.worker.queries.settled(q);
      const after = async (q: string) => {
        const out = await d.api.provider.getQueryResults(ctx, { queryId: q });
        const row = await d.store.db.selectFrom('logs_insights_queries').select(['attempts', 'worker']).where('query_id', '=', q).executeTakeFirstOrThrow();
        return { status: out.status, rows: out.results!.length, scanned: out.statistics!.recordsScanned, attempts: Number(row.attempts), worker: row.worker };
      };
      expect(await after(retried)).toEqual({ status: 'Complete', rows: 3, scanned: 3_000, attempts: 2, worker: null });
      expect(await after(failed)).toEqual({ status: 'Failed', rows: 0, scanned: 5, attempts: MAX_QUERY_ATTEMPTS + 1, worker: null });
      expect(await after(timedOut)).toEqual({ status: 'Timeout', rows: 0, scanned: 5, attempts: 2, worker: null });
      // Nothing is left for a sweep to find.
      expect(await d.worker.queries.sweep()).toBe(0);
    });

    it('30 active queries at most, however many StartQuery calls two API processes make at once', { timeout: 120_000 }, async () => {
      const d = await deployment(database.open);
      await withEvents(d.worker, 1);
      // A second API process beside the first (no worker takes units, so every started query stays active).
      const dir = mkdtempSync(join(tmpdir(), 'sift-insights-other-'));
      const other = createLogsProvider({ store: d.store, clock: d.clock, ids: sequentialIds(2_000_000), logger: silentLogger, dataDir: dir, providers: {} }, { insightsWork: () => ({ queue: () => new InProcessQueue(), runsHere: false, holder: 'other' }) });
      cleanups.push(async () => {
        await other.queries.close();
        rmSync(dir, { recursive: true, force: true });
      });
      const codes = await Promise.all(Array.from({ length: 40 }, (_, i) => code(startQuery(i % 2 ? other : d.api, 'fields @message'))));
      expect(codes.filter((c) => c === 'ok')).toHaveLength(30);
      expect(codes.filter((c) => c === 'LimitExceededException')).toHaveLength(10);
      const active = await d.store.db.selectFrom('logs_insights_queries').select((eb) => eb.fn.countAll<number>().as('n')).where('status', 'in', ['Scheduled', 'Running']).executeTakeFirstOrThrow();
      expect(Number(active.n)).toBe(30);
    });
  });
}
