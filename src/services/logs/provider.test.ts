// The Logs provider without HTTP: real store (SQLite in memory), real event files in a temporary directory, a
// ManualClock, CloudWatch's real metrics API for metric filters and the embedded object store for exports.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock, sequentialIds, ServiceError, silentLogger, type RequestContext, MasterKey } from '../../common/index.js';
import { createStorage, type Storage } from '../../storage/index.js';
import { openStore, type Store } from '../../store/index.js';
import { createCloudWatchProvider } from '../cloudwatch/index.js';
import { logsExportBucketPolicy } from '../../../test/e2e/service-policies.js';
import { createLogsProvider, type LogsOptions } from './provider.js';
import { JOB_LOG_GROUP, logsJobEventSink } from '../../jobs/index.js';

const ACCOUNT = '111122223333';
const REGION = 'us-east-1';
const T0 = Date.UTC(2026, 2, 1, 12, 0, 0);
const MIN = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

let store: Store;
let clock: ManualClock;
let dataDir: string;
let storage: Storage;
const opened: Array<{ background: { stop(): Promise<void>; close(): Promise<void> } }> = [];

const ctx: () => RequestContext = () => ({
  accountId: ACCOUNT,
  region: REGION,
  principal: { type: 'Root', accountId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:root`, principalId: ACCOUNT },
  requestId: 'r-1',
  clock,
  sourceIp: '127.0.0.1',
  userAgent: 'test',
});

function make(options: LogsOptions = {}) {
  const deps = { store, clock, ids: sequentialIds(), logger: silentLogger, dataDir, providers: {} };
  const made = createLogsProvider(deps, { storage, ...options });
  opened.push(made);
  return made;
}

async function failure(p: Promise<unknown>): Promise<{ code: string; message: string; fields: Record<string, unknown> }> {
  try {
    await p;
  } catch (err) {
    if (err instanceof ServiceError) return { code: err.code, message: err.message, fields: err.fields };
    throw err;
  }
  throw new Error('expected the call to fail');
}

beforeEach(async () => {
  store = await openStore(':memory:');
  clock = new ManualClock(T0);
  dataDir = mkdtempSync(join(tmpdir(), 'sift-logs-'));
  storage = await createStorage({ store, clock, ids: sequentialIds(1000), dataDir, masterKey: MasterKey.generate() });
});

afterEach(async () => {
  for (const m of opened.splice(0)) {
    await m.background.stop();
    await m.background.close();
  }
  await store.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('log groups', () => {
  it('creates, refuses duplicates and reserved names, lists by prefix and pattern in ASCII order, pages, deletes', async () => {
    const { provider: logs } = make();
    for (const name of ['/app/b', '/app/a', '/other/x', 'Zeta', 'app-1']) await logs.createLogGroup(ctx(), { logGroupName: name });
    expect(await failure(logs.createLogGroup(ctx(), { logGroupName: '/app/a' }))).toMatchObject({ code: 'ResourceAlreadyExistsException', message: 'The specified log group already exists' });
    expect((await failure(logs.createLogGroup(ctx(), { logGroupName: 'aws/mine' }))).code).toBe('InvalidParameterException');
    expect((await failure(logs.createLogGroup(ctx(), { logGroupName: 'bad name' }))).code).toBe('InvalidParameterException');

    const all = await logs.describeLogGroups(ctx(), {});
    expect(all.logGroups.map((g) => g.logGroupName)).toEqual(['/app/a', '/app/b', '/other/x', 'Zeta', 'app-1']);
    expect(all.logGroups[0]).toMatchObject({
      creationTime: T0,
      metricFilterCount: 0,
      storedBytes: 0,
      arn: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/app/a:*`,
      logGroupArn: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/app/a`,
      logGroupClass: 'STANDARD',
    });
    expect(all.logGroups[0]!.retentionInDays).toBeUndefined();
    expect((await logs.describeLogGroups(ctx(), { logGroupNamePrefix: '/app/' })).logGroups.map((g) => g.logGroupName)).toEqual(['/app/a', '/app/b']);
    const byPattern = await logs.describeLogGroups(ctx(), { logGroupNamePattern: 'app' });
    expect(byPattern.logGroups.map((g) => g.logGroupName)).toEqual(['/app/a', '/app/b', 'app-1']);
    expect(Object.keys(byPattern.logGroups[0]!).sort()).toEqual(['arn', 'creationTime', 'logGroupName']);
    expect((await failure(logs.describeLogGroups(ctx(), { logGroupNamePrefix: 'a', logGroupNamePattern: 'b' }))).code).toBe('InvalidParameterException');

    const seen: string[] = [];
    let token: string | undefined;
    do {
      const page = await logs.describeLogGroups(ctx(), { limit: 2, nextToken: token });
      expect(page.logGroups.length).toBeLessThanOrEqual(2);
      seen.push(...page.logGroups.map((g) => g.logGroupName!));
      token = page.nextToken;
    } while (token);
    expect(seen).toEqual(['/app/a', '/app/b', '/other/x', 'Zeta', 'app-1']);
    expect((await failure(logs.describeLogGroups(ctx(), { nextToken: 'garbage' }))).code).toBe('InvalidParameterException');

    await logs.deleteLogGroup(ctx(), { logGroupName: '/app/a' });
    expect(await failure(logs.deleteLogGroup(ctx(), { logGroupName: '/app/a' }))).toMatchObject({ code: 'ResourceNotFoundException', message: 'The specified log group does not exist.' });
    // A deleted group's name can be used again, starting empty.
    await logs.createLogGroup(ctx(), { logGroupName: '/app/a' });
    await logs.createLogStream(ctx(), { logGroupName: '/app/a', logStreamName: 's' });
  });

  it('keeps accounts and regions apart', async () => {
    const { provider: logs } = make();
    await logs.createLogGroup(ctx(), { logGroupName: 'shared' });
    const other = { ...ctx(), region: 'eu-west-1' };
    expect((await logs.describeLogGroups(other, {})).logGroups).toEqual([]);
    await logs.createLogGroup(other, { logGroupName: 'shared' });
    await logs.createLogStream(other, { logGroupName: 'shared', logStreamName: 'x' });
    expect((await logs.describeLogStreams(ctx(), { logGroupName: 'shared' })).logStreams).toEqual([]);
  });
});

describe('log streams', () => {
  it('creates, lists by name or last event time in both directions, pages, deletes', async () => {
    const { provider: logs } = make();
    await logs.createLogGroup(ctx(), { logGroupName: 'g' });
    expect(await failure(logs.createLogStream(ctx(), { logGroupName: 'nope', logStreamName: 's' }))).toMatchObject({ code: 'ResourceNotFoundException' });
    for (const s of ['b', 'a', 'c']) await logs.createLogStream(ctx(), { logGroupName: 'g', logStreamName: s });
    expect(await failure(logs.createLogStream(ctx(), { logGroupName: 'g', logStreamName: 'a' }))).toMatchObject({ code: 'ResourceAlreadyExistsException', message: 'The specified log stream already exists' });
    await logs.putLogEvents(ctx(), { logGroupName: 'g', logStreamName: 'c', logEvents: [{ timestamp: T0 - 3 * MIN, message: 'c' }] });
    await logs.putLogEvents(ctx(), { logGroupName: 'g', logStreamName: 'a', logEvents: [{ timestamp: T0 - 1 * MIN, message: 'a' }] });
    await logs.putLogEvents(ctx(), { logGroupName: 'g', logStreamName: 'b', logEvents: [{ timestamp: T0 - 2 * MIN, message: 'b' }] });
    const names = async (input: object) => (await logs.describeLogStreams(ctx(), { logGroupName: 'g', ...input })).logStreams.map((s) => s.logStreamName);
    expect(await names({})).toEqual(['a', 'b', 'c']);
    expect(await names({ descending: true })).toEqual(['c', 'b', 'a']);
    expect(await names({ orderBy: 'LastEventTime' })).toEqual(['c', 'b', 'a']);
    expect(await names({ orderBy: 'LastEventTime', descending: true })).toEqual(['a', 'b', 'c']);
    expect(await names({ logStreamNamePrefix: 'b' })).toEqual(['b']);
    expect((await failure(logs.describeLogStreams(ctx(), { logGroupName: 'g', orderBy: 'LastEventTime', logStreamNamePrefix: 'a' }))).code).toBe('InvalidParameterException');
    const first = await logs.describeLogStreams(ctx(), { logGroupName: 'g', orderBy: 'LastEventTime', descending: true, limit: 2 });
    expect(first.logStreams.map((s) => s.logStreamName)).toEqual(['a', 'b']);
    const second = await logs.describeLogStreams(ctx(), { logGroupName: 'g', orderBy: 'LastEventTime', descending: true, limit: 2, nextToken: first.nextToken });
    expect(second.logStreams.map((s) => s.logStreamName)).toEqual(['c']);
    expect(second.nextToken).toBeUndefined();
    const a = (await logs.describeLogStreams(ctx(), { logGroupIdentifier: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:g`, logStreamNamePrefix: 'a' })).logStreams[0]!;
    expect(a).toMatchObject({ firstEventTimestamp: T0 - MIN, lastEventTimestamp: T0 - MIN, lastIngestionTime: T0, arn: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:g:log-stream:a` });
    await logs.deleteLogStream(ctx(), { logGroupName: 'g', logStreamName: 'a' });
    expect(await names({})).toEqual(['b', 'c']);
    expect(await failure(logs.deleteLogStream(ctx(), { logGroupName: 'g', logStreamName: 'a' }))).toMatchObject({ code: 'ResourceNotFoundException', message: 'The specified log stream does not exist.' });
  });
});

describe('PutLogEvents', () => {
  it('applies the batch rules: order, age, future, retention, span, size', async () => {
    const { provider: logs } = make();
    await logs.createLogGroup(ctx(), { logGroupName: 'g' });
    await logs.createLogStream(ctx(), { logGroupName: 'g', logStreamName: 's' });
    const put = (logEvents: { timestamp: number; message: string }[]) => logs.putLogEvents(ctx(), { logGroupName: 'g', logStreamName: 's', logEvents, sequenceToken: 'ignored' });

    expect(await failure(put([{ timestamp: T0, message: 'b' }, { timestamp: T0 - 1, message: 'a' }]))).toMatchObject({
      code: 'InvalidParameterException',
      message: 'Log events in a single PutLogEvents request must be in chronological order.',
    });
    const out = await put([
      { timestamp: T0 - 15 * DAY, message: 'too old' },
      { timestamp: T0 - 10 * MIN, message: 'kept 1' },
      { timestamp: T0, message: 'kept 2' },
      { timestamp: T0 + 3 * HOUR, message: 'too new' },
    ]);
    expect(out.rejectedLogEventsInfo).toEqual({ tooOldLogEventEndIndex: 1, tooNewLogEventStartIndex: 3 });
    expect((await put([{ timestamp: T0, message: 'fine' }])).rejectedLogEventsInfo).toBeUndefined();
    expect((await failure(put([{ timestamp: T0 - 25 * HOUR, message: 'x' }, { timestamp: T0, message: 'y' }]))).message).toContain('24 hours');
    const big = 'x'.repeat(100_000);
    expect((await failure(put(Array.from({ length: 11 }, () => ({ timestamp: T0, message: big }))))).code).toBe('InvalidParameterException');
    expect((await failure(logs.putLogEvents(ctx(), { logGroupName: 'g', logStreamName: 'missing', logEvents: [{ timestamp: T0, message: 'x' }] }))).message).toBe(
      'The specified log stream does not exist.',
    );

    await logs.putRetentionPolicy(ctx(), { logGroupName: 'g', retentionInDays: 3 });
    const expired = await put([{ timestamp: T0 - 5 * DAY, message: 'expired' }, { timestamp: T0 - 4 * DAY, message: 'expired too' }]);
    expect(expired.rejectedLogEventsInfo).toEqual({ expiredLogEventEndIndex: 2 });

    const got = await logs.getLogEvents(ctx(), { logGroupName: 'g', logStreamName: 's', startFromHead: true });
    expect(got.events.map((e) => e.message)).toEqual(['kept 1', 'kept 2', 'fine']);
  });
});

describe('GetLogEvents', () => {
  it('reads from the head or the tail, and its tokens come back unchanged at the end until new events arrive', async () => {
    const { provider: logs } = make();
    await logs.createLogGroup(ctx(), { logGroupName: 'g' });
    await logs.createLogStream(ctx(), { logGroupName: 'g', logStreamName: 's' });
    await logs.putLogEvents(ctx(), { logGroupName: 'g', logStreamName: 's', logEvents: Array.from({ length: 5 }, (_, i) => ({ timestamp: T0 - 10 * MIN + i, message: `m${i}` })) });
    const head = await logs.getLogEvents(ctx(), { logGroupName: 'g', logStreamName: 's', startFromHead: true, limit: 2 });
    expect(head.events.map((e) => e.message)).toEqual(['m0', 'm1']);
    const next = await logs.getLogEvents(ctx(), { logGroupName: 'g', logStreamName: 's', nextToken: head.nextForwardToken, limit: 10 });
    expect(next.events.map((e) => e.message)).toEqual(['m2', 'm3', 'm4']);
    const end = await logs.getLogEvents(ctx(), { logGroupName: 'g', logStreamName: 's', nextToken: next.nextForwardToken });
    expect(end.events).toEqual([]);
    expect(end.nextForwardToken).toBe(next.nextForwardToken);
    await logs.putLogEvents(ctx(), { logGroupName: 'g', logStreamName: 's', logEvents: [{ timestamp: T0, message: 'late' }] });
    const more = await logs.getLogEvents(ctx(), { logGroupName: 'g', logStreamName: 's', nextToken: end.nextForwardToken });
    expect(more.events.map((e) => e.message)).toEqual(['late']);

    const tail = await logs.getLogEvents(ctx(), { logGroupName: 'g', logStreamName: 's', limit: 2 });
    expect(tail.events.map((e) => e.message)).toEqual(['m4', 'late']);
    const back = await logs.getLogEvents(ctx(), { logGroupName: 'g', logStreamName: 's', nextToken: tail.nextBackwardToken, limit: 2 });
    expect(back.events.map((e) => e.message)).toEqual(['m2', 'm3']);
    const window = await logs.getLogEvents(ctx(), { logGroupName: 'g', logStreamName: 's', startTime: T0 - 10 * MIN + 1, endTime: T0 - 10 * MIN + 3, startFromHead: true });
    expect(window.events.map((e) => e.message)).toEqual(['m1', 'm2']);
    expect((await failure(logs.getLogEvents(ctx(), { logGroupName: 'g', logStreamName: 's', nextToken: 'f/zz' }))).code).toBe('InvalidParameterException');
    expect((await failure(logs.getLogEvents(ctx(), { logGroupName: 'nope', logStreamName: 's' }))).code).toBe('ResourceNotFoundException');
  });
});

describe('FilterLogEvents', () => {
  async function seeded() {
    const made = make();
    const logs = made.provider;
    await logs.createLogGroup(ctx(), { logGroupName: 'g' });
    for (const s of ['web-1', 'web-2', 'worker']) await logs.createLogStream(ctx(), { logGroupName: 'g', logStreamName: s });
    const t = T0 - 30 * MIN;
    await logs.putLogEvents(ctx(), {
      logGroupName: 'g',
      logStreamName: 'web-1',
      logEvents: [
        { timestamp: t, message: '127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] "GET /index.html HTTP/1.0" 404 1534' },
        { timestamp: t + 2, message: '10.0.0.2 - alice [10/Oct/2000:13:25:16 -0700] "GET /api HTTP/1.0" 200 99' },
      ],
    });
    await logs.putLogEvents(ctx(), {
      logGroupName: 'g',
      logStreamName: 'web-2',
      logEvents: [{ timestamp: t + 1, message: '[ERROR 500] INTERNAL SERVER ERROR' }],
    });
    await logs.putLogEvents(ctx(), {
      logGroupName: 'g',
      logStreamName: 'worker',
      logEvents: [
        { timestamp: t + 3, message: '{"level":"ERROR","latency":750,"user":{"id":7}}' },
        { timestamp: t + 4, message: '{"level":"INFO","latency":20,"user":{"id":8}}' },
      ],
    });
    return { logs, t };
  }

  it('matches text, JSON, space-delimited and regex patterns across all, named or prefixed streams', async () => {
    const { logs, t } = await seeded();
    const messages = async (input: object) => (await logs.filterLogEvents(ctx(), { logGroupName: 'g', ...input })).events.map((e) => e.message);
    expect(await messages({})).toHaveLength(5);
    expect(await messages({ filterPattern: 'ERROR' })).toEqual(['[ERROR 500] INTERNAL SERVER ERROR', '{"level":"ERROR","latency":750,"user":{"id":7}}']);
    expect(await messages({ filterPattern: '"INTERNAL SERVER"' })).toEqual(['[ERROR 500] INTERNAL SERVER ERROR']);
    expect(await messages({ filterPattern: '{ $.latency > 100 }' })).toEqual(['{"level":"ERROR","latency":750,"user":{"id":7}}']);
    expect(await messages({ filterPattern: '{ $.user.id = 8 }' })).toEqual(['{"level":"INFO","latency":20,"user":{"id":8}}']);
    expect(await messages({ filterPattern: '[ip, user, username, timestamp, request, status_code = 4*, bytes > 1000]' })).toHaveLength(1);
    expect(await messages({ filterPattern: '%frank|alice%' })).toHaveLength(2);
    expect(await messages({ filterPattern: 'GET', logStreamNamePrefix: 'web' })).toHaveLength(2);
    expect(await messages({ logStreamNames: ['worker', 'web-2'] })).toHaveLength(3);
    expect(await messages({ startTime: t + 1, endTime: t + 3 })).toHaveLength(3);
    const one = (await logs.filterLogEvents(ctx(), { logGroupName: 'g', filterPattern: 'ERROR -INTERNAL' })).events;
    expect(one).toHaveLength(1);
    expect(one[0]).toMatchObject({ logStreamName: 'worker', timestamp: t + 3, ingestionTime: T0 });
    expect(typeof one[0]!.eventId).toBe('string');
  });

  it('pages with a token and refuses bad patterns and conflicting stream selections', async () => {
    const { logs } = await seeded();
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await logs.filterLogEvents(ctx(), { logGroupName: 'g', limit: 2, nextToken: token });
      expect(page.searchedLogStreams).toEqual([]);
      seen.push(...page.events.map((e) => e.eventId!));
      token = page.nextToken;
      pages++;
    } while (token && pages < 10);
    expect(new Set(seen).size).toBe(5);
    const bad = await failure(logs.filterLogEvents(ctx(), { logGroupName: 'g', filterPattern: '{ $.latency > }' }));
    expect(bad.code).toBe('InvalidParameterException');
    expect(bad.message).toMatch(/position \d+/);
    expect((await failure(logs.filterLogEvents(ctx(), { logGroupName: 'g', logStreamNames: ['a'], logStreamNamePrefix: 'a' }))).code).toBe('InvalidParameterException');
    expect((await failure(logs.filterLogEvents(ctx(), { logGroupName: 'g', nextToken: 'nope' }))).code).toBe('InvalidParameterException');
  });
});

describe('retention', () => {
  it('allows only AWS day counts, and the sweep really deletes expired events and lowers storedBytes', async () => {
    const { provider: logs, retention } = make();
    await logs.createLogGroup(ctx(), { logGroupName: 'g' });
    await logs.createLogStream(ctx(), { logGroupName: 'g', logStreamName: 's' });
    expect((await failure(logs.putRetentionPolicy(ctx(), { logGroupName: 'g', retentionInDays: 2 }))).code).toBe('InvalidParameterException');
    expect((await failure(logs.putRetentionPolicy(ctx(), { logGroupName: 'none', retentionInDays: 1 }))).code).toBe('ResourceNotFoundException');
    await logs.putLogEvents(ctx(), { logGroupName: 'g', logStreamName: 's', logEvents: [{ timestamp: T0 - 2 * HOUR, message: 'old event' }] });
    clock.advance(2 * DAY);
    await logs.putLogEvents(ctx(), { logGroupName: 'g', logStreamName: 's', logEvents: [{ timestamp: clock.nowMs(), message: 'new event' }] });
    const before = (await logs.describeLogGroups(ctx(), {})).logGroups[0]!;
    expect(before.storedBytes).toBe(2 * 26 + 'old event'.length + 'new event'.length);

    await logs.putRetentionPolicy(ctx(), { logGroupName: 'g', retentionInDays: 1 });
    expect((await logs.describeLogGroups(ctx(), {})).logGroups[0]!.retentionInDays).toBe(1);
    const swept = await retention.sweep();
    expect(swept).toMatchObject({ groups: 1, deletedEvents: 1 });
    const after = (await logs.describeLogGroups(ctx(), {})).logGroups[0]!;
    expect(after.storedBytes).toBe(26 + 'new event'.length);
    const left = await logs.filterLogEvents(ctx(), { logGroupName: 'g' });
    expect(left.events.map((e) => e.message)).toEqual(['new event']);

    await logs.deleteRetentionPolicy(ctx(), { logGroupName: 'g' });
    expect((await logs.describeLogGroups(ctx(), {})).logGroups[0]!.retentionInDays).toBeUndefined();
  });
});

describe('tags', () => {
  it('tags by ARN and by name, lists, untags, and refuses more than 50', async () => {
    const { provider: logs } = make();
    await logs.createLogGroup(ctx(), { logGroupName: 'g', tags: { team: 'a' } });
    const arn = `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:g`;
    await logs.tagResource(ctx(), { resourceArn: arn, tags: { env: 'prod' } });
    expect((await logs.listTagsForResource(ctx(), { resourceArn: arn })).tags).toEqual({ team: 'a', env: 'prod' });
    await logs.untagResource(ctx(), { resourceArn: arn, tagKeys: ['team'] });
    await logs.tagLogGroup(ctx(), { logGroupName: 'g', tags: { owner: 'ops' } });
    expect((await logs.listTagsLogGroup(ctx(), { logGroupName: 'g' })).tags).toEqual({ env: 'prod', owner: 'ops' });
    await logs.untagLogGroup(ctx(), { logGroupName: 'g', tags: ['owner'] });
    expect((await logs.listTagsForResource(ctx(), { resourceArn: arn })).tags).toEqual({ env: 'prod' });
    const many = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, 'v']));
    const tooMany = await failure(logs.tagResource(ctx(), { resourceArn: arn, tags: many }));
    expect(tooMany).toMatchObject({ code: 'TooManyTagsException', fields: { resourceName: arn } });
    expect((await failure(logs.listTagsForResource(ctx(), { resourceArn: `${arn}-missing` }))).code).toBe('ResourceNotFoundException');
  });
});

describe('metric filters', () => {
  it('puts, describes, tests and deletes filters, checking patterns, values and dimensions', async () => {
    const { provider: logs } = make();
    await logs.createLogGroup(ctx(), { logGroupName: 'g' });
    const put = (filterName: string, filterPattern: string, t: object) =>
      logs.putMetricFilter(ctx(), { logGroupName: 'g', filterName, filterPattern, metricTransformations: [{ metricName: 'M', metricNamespace: 'N', metricValue: '1', ...t }] });
    await put('b-latency', '{ $.latency = * }', { metricName: 'Latency', metricValue: '$.latency', unit: 'Milliseconds' });
    await put('a-errors', 'ERROR', { metricName: 'Errors', defaultValue: 0 });
    expect((await failure(put('bad', '{ $.x = ', {}))).message).toMatch(/position/);
    expect((await failure(put('bad', 'ERROR', { metricValue: '$.x' }))).code).toBe('InvalidParameterException');
    expect((await failure(put('bad', 'ERROR', { dimensions: { a: '$.a' } }))).code).toBe('InvalidParameterException');
    expect((await failure(put('bad', '{ $.a = 1 }', { dimensions: { a: '$.a' }, defaultValue: 0 }))).code).toBe('InvalidParameterException');
    expect((await failure(put('bad', '[a, b]', { metricValue: '$c' }))).code).toBe('InvalidParameterException');
    expect((await failure(logs.putMetricFilter(ctx(), { logGroupName: 'none', filterName: 'f', filterPattern: '', metricTransformations: [{ metricName: 'M', metricNamespace: 'N', metricValue: '1' }] }))).code).toBe(
      'ResourceNotFoundException',
    );
    // The Infrequent Access log class has no metric filters.
    await logs.createLogGroup(ctx(), { logGroupName: 'z-cold', logGroupClass: 'INFREQUENT_ACCESS' });
    expect(await failure(logs.putMetricFilter(ctx(), { logGroupName: 'z-cold', filterName: 'f', filterPattern: 'ERROR', metricTransformations: [{ metricName: 'M', metricNamespace: 'N', metricValue: '1' }] }))).toMatchObject({
      code: 'InvalidParameterException',
      message: 'Metric filters are not supported for log groups of the INFREQUENT_ACCESS log class.',
    });

    const described = await logs.describeMetricFilters(ctx(), { logGroupName: 'g' });
    expect(described.metricFilters.map((f) => f.filterName)).toEqual(['a-errors', 'b-latency']);
    expect(described.metricFilters[1]).toMatchObject({
      filterPattern: '{ $.latency = * }',
      logGroupName: 'g',
      creationTime: T0,
      metricTransformations: [{ metricName: 'Latency', metricNamespace: 'N', metricValue: '$.latency', unit: 'Milliseconds' }],
    });
    expect((await logs.describeMetricFilters(ctx(), { metricName: 'Errors', metricNamespace: 'N' })).metricFilters.map((f) => f.filterName)).toEqual(['a-errors']);
    expect((await logs.describeMetricFilters(ctx(), { logGroupName: 'g', filterNamePrefix: 'b' })).metricFilters).toHaveLength(1);
    const paged = await logs.describeMetricFilters(ctx(), { limit: 1 });
    const rest = await logs.describeMetricFilters(ctx(), { limit: 1, nextToken: paged.nextToken });
    expect([...paged.metricFilters, ...rest.metricFilters].map((f) => f.filterName)).toEqual(['a-errors', 'b-latency']);
    expect((await logs.describeLogGroups(ctx(), {})).logGroups[0]!.metricFilterCount).toBe(2);

    const tested = await logs.testMetricFilter(ctx(), {
      filterPattern: '[ip, user, username, timestamp, request = *html*, status_code = 4*, bytes]',
      logEventMessages: ['127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] "GET /index.html HTTP/1.0" 404 1534', 'no match here'],
    });
    expect(tested.matches).toEqual([
      {
        eventNumber: 1,
        eventMessage: '127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] "GET /index.html HTTP/1.0" 404 1534',
        extractedValues: {
          $ip: '127.0.0.1',
          $user: '-',
          $username: 'frank',
          $timestamp: '10/Oct/2000:13:25:15 -0700',
          $request: 'GET /index.html HTTP/1.0',
          $status_code: '404',
          $bytes: '1534',
        },
      },
    ]);
    expect((await failure(logs.testMetricFilter(ctx(), { filterPattern: '{ bad', logEventMessages: ['x'] }))).code).toBe('InvalidParameterException');

    await logs.deleteMetricFilter(ctx(), { logGroupName: 'g', filterName: 'a-errors' });
    expect((await failure(logs.deleteMetricFilter(ctx(), { logGroupName: 'g', filterName: 'a-errors' }))).code).toBe('ResourceNotFoundException');
  });

  it('publishes matching events to CloudWatch: constants, extracted values, dimensions and default values', async () => {
    const { provider: logs } = make();
    const { provider: cw } = createCloudWatchProvider({ store, clock, ids: sequentialIds(), logger: silentLogger });
    await logs.createLogGroup(ctx(), { logGroupName: 'g' });
    await logs.createLogStream(ctx(), { logGroupName: 'g', logStreamName: 's' });
    const filter = (filterName: string, filterPattern: string, t: object) =>
      logs.putMetricFilter(ctx(), { logGroupName: 'g', filterName, filterPattern, metricTransformations: [{ metricNamespace: 'App', metricName: 'X', metricValue: '1', ...t }] });
    await filter('errors', '{ $.level = "ERROR" }', { metricName: 'Errors', defaultValue: 0 });
    await filter('latency', '{ $.latency = * }', { metricName: 'Latency', metricValue: '$.latency', unit: 'Milliseconds' });
    await filter('by-service', '{ $.level = * }', { metricName: 'ByService', dimensions: { Service: '$.service' } });
    await filter('bytes', '[ip, status, bytes]', { metricName: 'Bytes', metricValue: '$bytes' });
    const minute0 = Math.floor(T0 / MIN) * MIN - 5 * MIN;
    await logs.putLogEvents(ctx(), {
      logGroupName: 'g',
      logStreamName: 's',
      logEvents: [
        { timestamp: minute0 + 1_000, message: '{"level":"ERROR","latency":100,"service":"api"}' },
        { timestamp: minute0 + 2_000, message: '{"level":"ERROR","latency":300,"service":"api"}' },
        { timestamp: minute0 + 3_000, message: '{"level":"INFO","latency":50,"service":"web"}' },
        { timestamp: minute0 + MIN + 1_000, message: '{"level":"INFO","service":"web"}' },
        { timestamp: minute0 + MIN + 2_000, message: '10.0.0.1 200 4096' },
      ],
    });
    const stats = async (MetricName: string, Dimensions?: { Name: string; Value: string }[]) =>
      (
        await cw.getMetricStatistics(ctx(), {
          Namespace: 'App',
          MetricName,
          Dimensions,
          StartTime: new Date(minute0),
          EndTime: new Date(minute0 + 2 * MIN),
          Period: 60,
          Statistics: ['Sum', 'SampleCount', 'Maximum'],
        })
      ).Datapoints!.sort((a, b) => a.Timestamp!.getTime() - b.Timestamp!.getTime());
    expect((await stats('Errors')).map((d) => [d.Timestamp!.getTime() - minute0, d.Sum])).toEqual([
      [0, 2],
      [MIN, 0],
    ]);
    const latency = await stats('Latency');
    expect(latency).toHaveLength(1);
    expect(latency[0]).toMatchObject({ Sum: 450, SampleCount: 3, Maximum: 300, Unit: 'Milliseconds' });
    expect((await stats('ByService', [{ Name: 'Service', Value: 'api' }])).map((d) => d.Sum)).toEqual([2]);
    expect((await stats('ByService', [{ Name: 'Service', Value: 'web' }])).map((d) => d.Sum)).toEqual([1, 1]);
    expect((await stats('Bytes')).map((d) => d.Sum)).toEqual([4096]);
  });
});

describe('export tasks', () => {
  it('writes gzip files per stream in AWS key layout, allows one active task, and cancels', async () => {
    const made = make();
    const logs = made.provider;
    await storage.embedded.createBucket({ bucket: 'exports', accountId: ACCOUNT, region: REGION });
    clock.set(T0 - HOUR); // the group must exist before the window ends
    await logs.createLogGroup(ctx(), { logGroupName: 'g' });
    clock.set(T0);
    for (const s of ['app-1', 'app-2', 'other']) await logs.createLogStream(ctx(), { logGroupName: 'g', logStreamName: s });
    const t = T0 - 10 * MIN;
    await logs.putLogEvents(ctx(), { logGroupName: 'g', logStreamName: 'app-1', logEvents: [{ timestamp: t, message: 'one' }, { timestamp: t + 1000, message: 'two' }] });
    await logs.putLogEvents(ctx(), { logGroupName: 'g', logStreamName: 'app-2', logEvents: [{ timestamp: t + 500, message: 'three' }, { timestamp: t + 9 * MIN, message: 'outside' }] });
    await logs.putLogEvents(ctx(), { logGroupName: 'g', logStreamName: 'other', logEvents: [{ timestamp: t, message: 'not exported' }] });

    expect((await failure(logs.createExportTask(ctx(), { logGroupName: 'g', from: t, to: t + MIN, destination: 'no-such-bucket' }))).code).toBe('InvalidParameterException');
    expect((await failure(logs.createExportTask(ctx(), { logGroupName: 'none', from: t, to: t + MIN, destination: 'exports' }))).code).toBe('ResourceNotFoundException');
    expect((await failure(logs.createExportTask(ctx(), { logGroupName: 'g', from: t + MIN, to: t, destination: 'exports' }))).code).toBe('InvalidParameterException');
    // The bucket is checked before the time range: a missing bucket's message comes first.
    expect((await failure(logs.createExportTask(ctx(), { logGroupName: 'g', from: t + MIN, to: t, destination: 'no-such-bucket' }))).message).toBe('The specified bucket does not exist.');

    // CloudWatch Logs writes as logs.<region>.amazonaws.com: refused until the bucket policy allows it for this account.
    expect(await failure(logs.createExportTask(ctx(), { logGroupName: 'g', from: t, to: t + MIN, destination: 'exports', destinationPrefix: 'logs' }))).toMatchObject({
      code: 'InvalidParameterException',
      message: 'GetBucketAcl call on the given bucket failed. Please check if CloudWatch Logs has been granted permission to perform this operation.',
    });
    await storage.embedded.setBucketField('exports', 'policy', logsExportBucketPolicy('exports', '999999999999', REGION));
    expect((await failure(logs.createExportTask(ctx(), { logGroupName: 'g', from: t, to: t + MIN, destination: 'exports', destinationPrefix: 'logs' }))).code).toBe('InvalidParameterException');
    await storage.embedded.setBucketField('exports', 'policy', logsExportBucketPolicy('exports', ACCOUNT, REGION));
    const { taskId } = await logs.createExportTask(ctx(), { taskName: 'nightly', logGroupName: 'g', logStreamNamePrefix: 'app', from: t, to: t + MIN, destination: 'exports', destinationPrefix: 'logs' });
    await made.core.exports.settled(taskId!);
    const described = (await logs.describeExportTasks(ctx(), { taskId })).exportTasks[0]!;
    expect(described).toMatchObject({ taskId, taskName: 'nightly', logGroupName: 'g', from: t, to: t + MIN, destination: 'exports', destinationPrefix: 'logs', status: { code: 'COMPLETED' } });
    const keys = (await storage.embedded.listObjects('exports', {})).objects.map((o) => o.key).sort();
    // The permission check object sits at the bucket's root, as Logs writes it.
    expect(keys).toEqual(['aws-logs-write-test', `logs/${taskId}/app-1/000000.gz`, `logs/${taskId}/app-2/000000.gz`].sort());
    const read = async (key: string) => {
      const obj = await storage.embedded.object('exports', key);
      const chunks: Buffer[] = [];
      for await (const c of await storage.embedded.readBytes(obj)) chunks.push(c as Buffer);
      return gunzipSync(Buffer.concat(chunks)).toString('utf8');
    };
    expect(await read(`logs/${taskId}/app-1/000000.gz`)).toBe(`${new Date(t).toISOString()} one\n${new Date(t + 1000).toISOString()} two\n`);
    expect(await read(`logs/${taskId}/app-2/000000.gz`)).toBe(`${new Date(t + 500).toISOString()} three\n`);

    // A range before the group existed is accepted (nothing to export), and a prefix with stray slashes makes no `//`.
    const early = await logs.createExportTask(ctx(), { logGroupName: 'g', from: 0, to: T0 - 2 * HOUR, destination: 'exports', destinationPrefix: '/old//runs/' });
    await made.core.exports.settled(early.taskId!);
    expect((await logs.describeExportTasks(ctx(), { taskId: early.taskId })).exportTasks[0]).toMatchObject({ destinationPrefix: 'old/runs', status: { code: 'COMPLETED' } });
    expect((await storage.embedded.listObjects('exports', {})).objects.map((o) => o.key).filter((k) => k.includes('//') || k.startsWith('/'))).toEqual([]);
    expect((await failure(logs.cancelExportTask(ctx(), { taskId: taskId! }))).code).toBe('InvalidOperationException');
    expect((await failure(logs.cancelExportTask(ctx(), { taskId: 'nope' }))).code).toBe('ResourceNotFoundException');
    const second = await logs.createExportTask(ctx(), { logGroupName: 'g', from: t, to: T0, destination: 'exports' });
    // Another task while one is PENDING or RUNNING is over the limit; cancelling the first frees the slot.
    const blocked = await logs.createExportTask(ctx(), { logGroupName: 'g', from: t, to: T0, destination: 'exports' }).then(
      () => 'created',
      (err: ServiceError) => err.code,
    );
    await logs.cancelExportTask(ctx(), { taskId: second.taskId! }).catch(() => undefined);
    await made.core.exports.settled(second.taskId!);
    const status = (await logs.describeExportTasks(ctx(), { taskId: second.taskId })).exportTasks[0]!.status!.code;
    expect(['CANCELLED', 'COMPLETED']).toContain(status);
    if (status === 'CANCELLED') expect(blocked).toBe('LimitExceededException');
    expect((await logs.describeExportTasks(ctx(), { statusCode: 'COMPLETED' })).exportTasks.map((x) => x.taskId)).toContain(taskId);
  });
});

describe('the internal API', () => {
  it('ensures groups without touching existing ones, orders and splits events, and keeps them across a restart', async () => {
    const first = make();
    await first.internal.ensureGroup(ACCOUNT, REGION, '/aws/macie/classificationjobs');
    await first.provider.putRetentionPolicy(ctx(), { logGroupName: '/aws/macie/classificationjobs', retentionInDays: 30 });
    await first.internal.ensureGroup(ACCOUNT, REGION, '/aws/macie/classificationjobs');
    expect((await first.provider.describeLogGroups(ctx(), {})).logGroups[0]!.retentionInDays).toBe(30);
    await first.internal.ensureStream(ACCOUNT, REGION, '/aws/macie/classificationjobs', 'job-1');
    await first.internal.ensureStream(ACCOUNT, REGION, '/aws/macie/classificationjobs', 'job-1');
    await expect(first.internal.ensureStream(ACCOUNT, REGION, 'missing', 'x')).rejects.toMatchObject({ code: 'ResourceNotFoundException' });
    await expect(first.internal.ensureGroup(ACCOUNT, REGION, 'bad name!')).rejects.toMatchObject({ code: 'InvalidParameterException' });

    // 12,000 events out of order, more than one PutLogEvents batch, plus one far in the future.
    const events = Array.from({ length: 12_000 }, (_, i) => ({ timestamp: T0 - MIN + ((i * 7919) % 12_000), message: `event ${i}` }));
    events.push({ timestamp: T0 + DAY, message: 'from the future' });
    const result = await first.internal.putEvents(ACCOUNT, REGION, '/aws/macie/classificationjobs', 'job-1', events);
    expect(result).toEqual({ accepted: 12_000, rejected: 1 });
    await first.background.stop();
    await first.background.close();

    // A new provider over the same data directory and store sees every acknowledged event, in time order.
    const second = make();
    const timestamps: number[] = [];
    let token: string | undefined;
    for (;;) {
      const page = await second.provider.getLogEvents(ctx(), { logGroupName: '/aws/macie/classificationjobs', logStreamName: 'job-1', startFromHead: true, nextToken: token });
      timestamps.push(...page.events.map((e) => e.timestamp!));
      if (page.nextForwardToken === token) break;
      token = page.nextForwardToken;
    }
    expect(timestamps).toHaveLength(12_000);
    expect(timestamps).toEqual([...timestamps].sort((a, b) => a - b));
  });

  it('stopping the background (a worker losing the Logs lease) leaves the events readable and writable, and it starts again', async () => {
    const m = make();
    await m.internal.ensureGroup(ACCOUNT, REGION, JOB_LOG_GROUP);
    await m.internal.ensureStream(ACCOUNT, REGION, JOB_LOG_GROUP, 'job-1');
    await m.internal.putEvents(ACCOUNT, REGION, JOB_LOG_GROUP, 'job-1', [{ timestamp: T0 - MIN, message: 'before' }]);
    m.background.start();
    await m.background.stop();
    // Insights queries and API calls go on in this process while another holds the lease.
    await m.internal.putEvents(ACCOUNT, REGION, JOB_LOG_GROUP, 'job-1', [{ timestamp: T0 - MIN + 1, message: 'after' }]);
    m.background.start();
    await m.background.stop();
    expect(await m.internal.latestMessages(ACCOUNT, REGION, JOB_LOG_GROUP, 'job-1', 10)).toEqual(['before', 'after']);
  });

  it('job events published again after a crash (put, not yet marked published) are not put twice', async () => {
    const { internal } = make();
    const sink = logsJobEventSink(internal);
    const target = { accountId: ACCOUNT, region: REGION, jobId: 'job-9' };
    const batch = [1, 2, 3].map((i) => ({ timestamp: T0 - MIN + i, message: JSON.stringify({ eventType: 'E', n: i }) }));
    await sink.publish(target, batch.slice(0, 2));
    // The publisher died before marking the first two: its next pass publishes them again with the third.
    await sink.publish(target, batch);
    expect(await internal.latestMessages(ACCOUNT, REGION, JOB_LOG_GROUP, 'job-9', 10)).toEqual(batch.map((e) => e.message));
    expect(await internal.latestMessages(ACCOUNT, REGION, JOB_LOG_GROUP, 'no-such-stream', 10)).toEqual([]);
  });
});
