// Logs Insights query lifecycle through the provider (no HTTP): real SQLite store and event files, a manual clock.
// Status transitions Scheduled → Running → Complete, StopQuery (Cancelled), Timeout after 60 minutes of run time,
// the concurrency limit, and queries forgotten after 7 days.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock, sequentialIds, ServiceError, silentLogger, type Clock, type RequestContext } from '../../../common/index.js';
import { openStore, type Store } from '../../../store/index.js';
import { createLogsProvider } from '../provider.js';

const ACCOUNT = '111122223333';
const REGION = 'us-east-1';
const T0 = Date.UTC(2026, 2, 1, 12, 0, 0);

let store: Store;
let dataDir: string;
let made: ReturnType<typeof createLogsProvider>[] = [];

function make(clock: Clock) {
  const m = createLogsProvider({ store, clock, ids: sequentialIds(), logger: silentLogger, dataDir, providers: {} });
  made.push(m);
  const ctx: RequestContext = { accountId: ACCOUNT, region: REGION, principal: { type: 'Root', accountId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:root`, principalId: ACCOUNT }, requestId: 'r', clock, sourceIp: '127.0.0.1', userAgent: 'test' };
  return { ...m, ctx };
}

async function code(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'ok';
  } catch (err) {
    if (err instanceof ServiceError) return err.code;
    throw err;
  }
}

async function withEvents(m: ReturnType<typeof make>, count: number, at: number) {
  await m.provider.createLogGroup(m.ctx, { logGroupName: 'g' });
  await m.provider.createLogStream(m.ctx, { logGroupName: 'g', logStreamName: 's' });
  for (let i = 0; i < count; i += 10_000) {
    const logEvents = Array.from({ length: Math.min(10_000, count - i) }, (_, k) => ({ timestamp: at + i + k, message: `{"eventType":"E${(i + k) % 3}"}` }));
    await m.provider.putLogEvents(m.ctx, { logGroupName: 'g', logStreamName: 's', logEvents });
  }
}

beforeEach(async () => {
  store = await openStore(':memory:');
  dataDir = mkdtempSync(join(tmpdir(), 'sift-insights-'));
});
afterEach(async () => {
  for (const m of made) {
    await m.queries.close();
    await m.background.stop();
    await m.background.close();
  }
  made = [];
  await store.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('Logs Insights queries', () => {
  it('are Scheduled when StartQuery answers, then Running, then Complete with results and statistics', async () => {
    const clock = new ManualClock(T0);
    const m = make(clock);
    await withEvents(m, 30, T0 - 1000);
    const { queryId } = await m.provider.startQuery(m.ctx, { logGroupName: 'g', startTime: T0 / 1000 - 60, endTime: T0 / 1000, queryString: 'stats count(*) by eventType | sort eventType asc' });
    expect((await m.provider.getQueryResults(m.ctx, { queryId: queryId! })).status).toBe('Scheduled');
    await m.queries.settled(queryId!);
    const out = await m.provider.getQueryResults(m.ctx, { queryId: queryId! });
    expect(out.status).toBe('Complete');
    expect(out.results).toEqual(['E0', 'E1', 'E2'].map((t) => [{ field: 'eventType', value: t }, { field: 'count(*)', value: '10' }]));
    expect(out.statistics).toEqual({ recordsMatched: 30, recordsScanned: 30, estimatedRecordsSkipped: 0, bytesScanned: 30 * 18, estimatedBytesSkipped: 0, logGroupsScanned: 1 });
    const page = await m.provider.getQueryResults(m.ctx, { queryId: queryId!, maxItems: 2 });
    expect(page.results).toHaveLength(2);
    expect((await m.provider.getQueryResults(m.ctx, { queryId: queryId!, maxItems: 2, nextToken: page.nextToken })).results).toHaveLength(1);
    const [info] = (await m.provider.describeQueries(m.ctx, {})).queries!;
    expect(info).toMatchObject({ queryId, status: 'Complete', logGroupName: 'g', createTime: T0, queryDuration: 0, bytesScanned: 540, userIdentity: `arn:aws:iam::${ACCOUNT}:root` });
  });

  it('StopQuery cancels a query that has not finished; a finished one cannot be stopped', async () => {
    const m = make(new ManualClock(T0));
    await withEvents(m, 10, T0 - 1000);
    const { queryId } = await m.provider.startQuery(m.ctx, { logGroupName: 'g', startTime: 0, endTime: T0 / 1000, queryString: 'fields @message' });
    expect(await m.provider.stopQuery(m.ctx, { queryId: queryId! })).toEqual({ success: true });
    await m.queries.settled(queryId!);
    expect((await m.provider.getQueryResults(m.ctx, { queryId: queryId! })).status).toBe('Cancelled');
    expect(await code(m.provider.stopQuery(m.ctx, { queryId: queryId! }))).toBe('InvalidParameterException');
    expect(await code(m.provider.stopQuery(m.ctx, { queryId: 'nope' }))).toBe('ResourceNotFoundException');
    expect((await m.provider.describeQueries(m.ctx, { status: 'Cancelled' })).queries).toHaveLength(1);
    expect((await m.provider.describeQueries(m.ctx, { status: 'Complete' })).queries).toHaveLength(0);
  });

  it('times out after 60 minutes of run time', async () => {
    // A clock that moves 31 minutes each time it is read: the run sees more than an hour pass while it scans.
    let t = T0;
    const clock: Clock = { nowMs: () => (t += 31 * 60_000), now: () => new Date(t) };
    const m = make(clock);
    await withEvents(m, 20_000, T0 - 500_000);
    const { queryId } = await m.provider.startQuery(m.ctx, { logGroupName: 'g', startTime: 0, endTime: T0 / 1000 + 86_400 * 365, queryString: 'stats count(*)' });
    await m.queries.settled(queryId!);
    expect((await m.provider.getQueryResults(m.ctx, { queryId: queryId! })).status).toBe('Timeout');
  });

  it('refuses a 31st query while 30 run, and forgets queries after 7 days', async () => {
    const clock = new ManualClock(T0);
    const m = make(clock);
    await withEvents(m, 1, T0 - 1000);
    const rows = Array.from({ length: 30 }, (_, i) => ({ query_id: `busy-${i}`, account_id: ACCOUNT, region: REGION, query_string: 'fields @message', log_group_names: '["g"]', start_time: 0, end_time: 1, result_limit: null, status: 'Running', create_time: T0, completion_time: null, results: null, statistics: null, user_identity: 'x' }));
    await store.db.insertInto('logs_insights_queries').values(rows).execute();
    const start = () => m.provider.startQuery(m.ctx, { logGroupName: 'g', startTime: 0, endTime: T0 / 1000, queryString: 'fields @message' });
    expect(await code(start())).toBe('LimitExceededException');
    await store.db.deleteFrom('logs_insights_queries').execute();
    const { queryId } = await start();
    await m.queries.settled(queryId!);
    clock.advance(7 * 86_400_000 + 1);
    expect((await m.provider.describeQueries(m.ctx, {})).queries).toEqual([]);
    expect(await code(m.provider.getQueryResults(m.ctx, { queryId: queryId! }))).toBe('ResourceNotFoundException');
  });

  it('checks its inputs: one way of naming groups, 50 at most, times in order, CWLI only', async () => {
    const m = make(new ManualClock(T0));
    await withEvents(m, 1, T0 - 1000);
    const q = { startTime: 0, endTime: 10, queryString: 'fields @message' };
    expect(await code(m.provider.startQuery(m.ctx, { ...q }))).toBe('InvalidParameterException');
    expect(await code(m.provider.startQuery(m.ctx, { ...q, logGroupNames: Array.from({ length: 51 }, (_, i) => `g${i}`) }))).toBe('InvalidParameterException');
    expect(await code(m.provider.startQuery(m.ctx, { ...q, logGroupName: 'g', startTime: 11 }))).toBe('InvalidParameterException');
    expect(await code(m.provider.startQuery(m.ctx, { ...q, logGroupName: 'g', queryLanguage: 'SQL' }))).toBe('NotImplemented');
    expect(await code(m.provider.startQuery(m.ctx, { ...q, logGroupIdentifiers: [`arn:aws:logs:${REGION}:${ACCOUNT}:log-group:g:*`] }))).toBe('InvalidParameterException');
    expect(await code(m.provider.startQuery(m.ctx, { ...q, logGroupIdentifiers: [`arn:aws:logs:${REGION}:${ACCOUNT}:log-group:g`] }))).toBe('ok');
    expect(await code(m.provider.startQuery(m.ctx, { ...q, logGroupName: 'g', queryString: 'filter x like' }))).toBe('MalformedQueryException');
  });
});
