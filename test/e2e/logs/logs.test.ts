// CloudWatch Logs end to end: a real Sift server on a ManualClock driven by the real
// @aws-sdk/client-cloudwatch-logs (signing with `systemClockOffset` set to the server clock) and the `aws` CLI:
// groups and streams, events read both ways, filter patterns of each kind, a metric filter feeding a CloudWatch
// alarm whose webhook (a local HTTP server) is called, export to a bucket, and retention deleting old events.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CloudWatchLogsClient,
  CreateExportTaskCommand,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  DescribeExportTasksCommand,
  DescribeLogGroupsCommand,
  DescribeLogStreamsCommand,
  FilterLogEventsCommand,
  GetLogEventsCommand,
  ListTagsForResourceCommand,
  PutLogEventsCommand,
  PutMetricFilterCommand,
  PutRetentionPolicyCommand,
  TagResourceCommand,
  TestMetricFilterCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { CloudWatchClient, DescribeAlarmsCommand, PutMetricAlarmCommand } from '@aws-sdk/client-cloudwatch';
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, PutBucketPolicyCommand, S3Client } from '@aws-sdk/client-s3';
import { logsExportBucketPolicy } from '../service-policies.js';
import { ManualClock } from '../../../src/common/index.js';
import { startServer, type TestServer } from '../harness.js';
import { aws, awsCliAvailable } from '../aws-cli.js';

const clock = new ManualClock(Date.now());
let server: TestServer;
let hook: Server;
let hookUrl: string;
const deliveries: Array<{ path: string; message: any }> = [];

beforeAll(async () => {
  server = await startServer({ clock });
  hook = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const envelope = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      deliveries.push({ path: req.url ?? '', message: JSON.parse(envelope.Message) });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
  hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await server?.close();
  await new Promise((resolve) => hook?.close(resolve));
});

// The SDK signs with its own time; the offset makes it sign with the server's (manual) clock.
const offset = () => clock.nowMs() - Date.now();
const logs = () => new CloudWatchLogsClient({ ...server.clientConfig(), systemClockOffset: offset() });
const cloudwatch = () => new CloudWatchClient({ ...server.clientConfig(), systemClockOffset: offset() });

async function waitFor<T>(read: () => Promise<T>, ok: (v: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const v = await read();
    if (ok(v)) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last value ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const ACCESS_LOG = '127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] "GET /index.html HTTP/1.0" 404 1534';

describe('CloudWatch Logs through the gateway with the SDK', () => {
  it('creates groups and streams, puts events, reads them both ways and filters with each kind of pattern', async (ctx) => {
    const client = logs();
    await client.send(new CreateLogGroupCommand({ logGroupName: '/e2e/app', tags: { team: 'e2e' } }));
    const dup = await client.send(new CreateLogGroupCommand({ logGroupName: '/e2e/app' })).catch((e) => e);
    expect(dup.name).toBe('ResourceAlreadyExistsException');
    for (const s of ['web', 'worker']) await client.send(new CreateLogStreamCommand({ logGroupName: '/e2e/app', logStreamName: s }));
    const t = clock.nowMs() - 60_000;
    const put = await client.send(
      new PutLogEventsCommand({
        logGroupName: '/e2e/app',
        logStreamName: 'web',
        logEvents: [
          { timestamp: t, message: ACCESS_LOG },
          { timestamp: t + 1, message: '[ERROR 500] INTERNAL SERVER ERROR' },
          { timestamp: t + 2, message: 'INFO all good' },
          { timestamp: clock.nowMs() + 3 * 3_600_000, message: 'too far ahead' },
        ],
      }),
    );
    expect(put.rejectedLogEventsInfo).toEqual({ tooNewLogEventStartIndex: 3 });
    await client.send(
      new PutLogEventsCommand({
        logGroupName: '/e2e/app',
        logStreamName: 'worker',
        logEvents: [
          { timestamp: t + 3, message: '{"level":"ERROR","latency":900,"job":"j-1"}' },
          { timestamp: t + 4, message: '{"level":"INFO","latency":12,"job":"j-2"}' },
        ],
      }),
    );
    const unordered = await client.send(new PutLogEventsCommand({ logGroupName: '/e2e/app', logStreamName: 'web', logEvents: [{ timestamp: t + 9, message: 'b' }, { timestamp: t, message: 'a' }] })).catch((e) => e);
    expect(unordered.name).toBe('InvalidParameterException');

    const head = await client.send(new GetLogEventsCommand({ logGroupName: '/e2e/app', logStreamName: 'web', startFromHead: true, limit: 2 }));
    expect(head.events!.map((e) => e.message)).toEqual([ACCESS_LOG, '[ERROR 500] INTERNAL SERVER ERROR']);
    const rest = await client.send(new GetLogEventsCommand({ logGroupName: '/e2e/app', logStreamName: 'web', nextToken: head.nextForwardToken }));
    expect(rest.events!.map((e) => e.message)).toEqual(['INFO all good']);
    const end = await client.send(new GetLogEventsCommand({ logGroupName: '/e2e/app', logStreamName: 'web', nextToken: rest.nextForwardToken }));
    expect(end.events).toEqual([]);
    expect(end.nextForwardToken).toBe(rest.nextForwardToken);
    const tail = await client.send(new GetLogEventsCommand({ logGroupName: '/e2e/app', logStreamName: 'web', limit: 1 }));
    expect(tail.events!.map((e) => e.message)).toEqual(['INFO all good']);
    const before = await client.send(new GetLogEventsCommand({ logGroupName: '/e2e/app', logStreamName: 'web', nextToken: tail.nextBackwardToken }));
    expect(before.events!.map((e) => e.message)).toEqual([ACCESS_LOG, '[ERROR 500] INTERNAL SERVER ERROR']);

    const filter = async (filterPattern: string, extra: object = {}) =>
      (await client.send(new FilterLogEventsCommand({ logGroupName: '/e2e/app', filterPattern, ...extra }))).events!.map((e) => e.message);
    expect(await filter('ERROR')).toEqual(['[ERROR 500] INTERNAL SERVER ERROR', '{"level":"ERROR","latency":900,"job":"j-1"}']);
    expect(await filter('?frank ?INTERNAL')).toEqual([ACCESS_LOG, '[ERROR 500] INTERNAL SERVER ERROR']);
    expect(await filter('{ $.latency >= 500 && $.level = "ERROR" }')).toEqual(['{"level":"ERROR","latency":900,"job":"j-1"}']);
    expect(await filter('[ip, user, username, timestamp, request = *html*, status_code = 4*, bytes > 1000]')).toEqual([ACCESS_LOG]);
    expect(await filter('%INTERNAL|j-2%', { logStreamNames: ['worker'] })).toEqual(['{"level":"INFO","latency":12,"job":"j-2"}']);
    expect(await filter('', { logStreamNamePrefix: 'wor' })).toHaveLength(2);
    const bad = await client.send(new FilterLogEventsCommand({ logGroupName: '/e2e/app', filterPattern: '{ $.latency >= }' })).catch((e) => e);
    expect(bad.name).toBe('InvalidParameterException');
    expect(bad.message).toMatch(/position/);
    const missing = await client.send(new FilterLogEventsCommand({ logGroupName: '/e2e/none' })).catch((e) => e);
    expect(missing.name).toBe('ResourceNotFoundException');
    expect(missing.message).toBe('The specified log group does not exist.');

    const streams = await client.send(new DescribeLogStreamsCommand({ logGroupName: '/e2e/app', orderBy: 'LastEventTime', descending: true }));
    expect(streams.logStreams!.map((s) => s.logStreamName)).toEqual(['worker', 'web']);
    const arn = (await client.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/e2e/app' }))).logGroups![0]!.logGroupArn!;
    await client.send(new TagResourceCommand({ resourceArn: arn, tags: { env: 'test' } }));
    expect((await client.send(new ListTagsForResourceCommand({ resourceArn: arn }))).tags).toEqual({ team: 'e2e', env: 'test' });
    const tested = await client.send(new TestMetricFilterCommand({ filterPattern: '[ip, user, ...]', logEventMessages: [ACCESS_LOG] }));
    expect(tested.matches![0]!.extractedValues).toMatchObject({ $ip: '127.0.0.1', $user: '-' });
  });

  it('works with the aws CLI', async (ctx) => {
    if (!awsCliAvailable) return ctx.skip(); // the aws CLI is not installed here
    const env = server.cliEnv();
    const run = async (...args: string[]) => {
      const out = await aws(env, ['logs', ...args]);
      if (out.code !== 0) throw new Error(`aws logs ${args.join(' ')} failed: ${out.stderr}`);
      return out.json;
    };
    await run('create-log-group', '--log-group-name', 'cli-group');
    await run('create-log-stream', '--log-group-name', 'cli-group', '--log-stream-name', 'cli-stream');
    const t = clock.nowMs() - 30_000;
    const events = JSON.stringify([
      { timestamp: t, message: 'user=alice action=login status=ok' },
      { timestamp: t + 1, message: '{"eventName":"ConsoleLogin","errorMessage":"Failed authentication"}' },
      { timestamp: t + 2, message: '10.1.1.1 GET /a 500' },
    ]);
    await run('put-log-events', '--log-group-name', 'cli-group', '--log-stream-name', 'cli-stream', '--log-events', events);
    const head = await run('get-log-events', '--log-group-name', 'cli-group', '--log-stream-name', 'cli-stream', '--start-from-head');
    expect(head.events.map((e: any) => e.message)).toHaveLength(3);
    const tail = await run('get-log-events', '--log-group-name', 'cli-group', '--log-stream-name', 'cli-stream', '--limit', '1');
    expect(tail.events.map((e: any) => e.message)).toEqual(['10.1.1.1 GET /a 500']);
    const text = await run('filter-log-events', '--log-group-name', 'cli-group', '--filter-pattern', 'alice');
    expect(text.events.map((e: any) => e.message)).toEqual(['user=alice action=login status=ok']);
    const json = await run('filter-log-events', '--log-group-name', 'cli-group', '--filter-pattern', '{ ($.eventName = "ConsoleLogin") && ($.errorMessage = "Failed authentication") }');
    expect(json.events).toHaveLength(1);
    const delimited = await run('filter-log-events', '--log-group-name', 'cli-group', '--filter-pattern', '[ip, method, path, status = 5*]');
    expect(delimited.events.map((e: any) => e.message)).toEqual(['10.1.1.1 GET /a 500']);
    const groups = await run('describe-log-groups', '--log-group-name-prefix', 'cli-');
    expect(groups.logGroups.map((g: any) => g.logGroupName)).toEqual(['cli-group']);
    const bad = await aws(env, ['logs', 'filter-log-events', '--log-group-name', 'cli-group', '--filter-pattern', '{ $.x = ']);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('InvalidParameterException');
  });

  it('turns matching events into a metric whose alarm goes to ALARM and calls the webhook', async (ctx) => {
    await logs().send(new CreateLogGroupCommand({ logGroupName: '/e2e/jobs' }));
    await logs().send(new CreateLogStreamCommand({ logGroupName: '/e2e/jobs', logStreamName: 'job-1' }));
    await logs().send(
      new PutMetricFilterCommand({
        logGroupName: '/e2e/jobs',
        filterName: 'job-errors',
        filterPattern: '{ $.level = "ERROR" }',
        metricTransformations: [{ metricNamespace: 'E2E/Logs', metricName: 'JobErrors', metricValue: '1', unit: 'Count' }],
      }),
    );
    await cloudwatch().send(
      new PutMetricAlarmCommand({
        AlarmName: 'e2e-job-errors',
        Namespace: 'E2E/Logs',
        MetricName: 'JobErrors',
        Statistic: 'Sum',
        Period: 60,
        EvaluationPeriods: 1,
        Threshold: 2,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        TreatMissingData: 'notBreaching',
        AlarmActions: [`${hookUrl}/alarm`],
      }),
    );
    const stateOf = async () => (await cloudwatch().send(new DescribeAlarmsCommand({ AlarmNames: ['e2e-job-errors'] }))).MetricAlarms?.[0]?.StateValue;
    await waitFor(stateOf, (s) => s === 'OK', 'the first evaluation');
    const now = clock.nowMs();
    await logs().send(
      new PutLogEventsCommand({
        logGroupName: '/e2e/jobs',
        logStreamName: 'job-1',
        logEvents: [
          { timestamp: now, message: '{"level":"ERROR","msg":"object unreadable"}' },
          { timestamp: now, message: '{"level":"INFO","msg":"progress"}' },
          { timestamp: now, message: '{"level":"ERROR","msg":"object too large"}' },
        ],
      }),
    );
    clock.set(Math.floor(now / 60_000) * 60_000 + 61_000);
    await waitFor(stateOf, (s) => s === 'ALARM', 'the alarm to fire');
    await waitFor(async () => deliveries.filter((d) => d.path === '/alarm').length, (n) => n >= 1, 'the webhook call');
    const call = deliveries.find((d) => d.path === '/alarm')!;
    expect(call.message).toMatchObject({ AlarmName: 'e2e-job-errors', NewStateValue: 'ALARM', Trigger: { MetricName: 'JobErrors', Namespace: 'E2E/Logs' } });
  });

  it('exports a group to a bucket as gzip files in AWS key layout', async (ctx) => {
    const s3 = new S3Client({ ...server.clientConfig(), systemClockOffset: offset() });
    await s3.send(new CreateBucketCommand({ Bucket: 'e2e-log-exports' }));
    // CloudWatch Logs writes as logs.<region>.amazonaws.com: the bucket policy must let it.
    await s3.send(new PutBucketPolicyCommand({ Bucket: 'e2e-log-exports', Policy: logsExportBucketPolicy('e2e-log-exports', server.accountId, server.region) }));
    const { taskId } = await logs().send(new CreateExportTaskCommand({ logGroupName: '/e2e/app', from: 0, to: clock.nowMs(), destination: 'e2e-log-exports', destinationPrefix: 'exp' }));
    await waitFor(async () => (await logs().send(new DescribeExportTasksCommand({ taskId }))).exportTasks?.[0]?.status?.code, (c) => c === 'COMPLETED', 'the export');
    const keys = (await s3.send(new ListObjectsV2Command({ Bucket: 'e2e-log-exports', Prefix: `exp/${taskId}/` }))).Contents!.map((o) => o.Key).sort();
    expect(keys).toEqual([`exp/${taskId}/web/000000.gz`, `exp/${taskId}/worker/000000.gz`]);
    const body = await (await s3.send(new GetObjectCommand({ Bucket: 'e2e-log-exports', Key: `exp/${taskId}/web/000000.gz` }))).Body!.transformToByteArray();
    const lines = gunzipSync(body).toString('utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z 127\.0\.0\.1 - frank/);
  });

  it('deletes events older than the retention period as the clock moves on', async (ctx) => {
    await logs().send(new CreateLogGroupCommand({ logGroupName: '/e2e/retained' }));
    await logs().send(new CreateLogStreamCommand({ logGroupName: '/e2e/retained', logStreamName: 's' }));
    await logs().send(new PutLogEventsCommand({ logGroupName: '/e2e/retained', logStreamName: 's', logEvents: [{ timestamp: clock.nowMs(), message: 'day one' }] }));
    clock.advance(2 * 86_400_000);
    await logs().send(new PutLogEventsCommand({ logGroupName: '/e2e/retained', logStreamName: 's', logEvents: [{ timestamp: clock.nowMs(), message: 'day three' }] }));
    const storedBytes = async () => (await logs().send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/e2e/retained' }))).logGroups![0]!.storedBytes;
    expect(await storedBytes()).toBe(2 * 26 + 'day one'.length + 'day three'.length);
    await logs().send(new PutRetentionPolicyCommand({ logGroupName: '/e2e/retained', retentionInDays: 1 }));
    const bad = await logs().send(new PutRetentionPolicyCommand({ logGroupName: '/e2e/retained', retentionInDays: 2 })).catch((e) => e);
    expect(bad.name).toBe('InvalidParameterException');
    await waitFor(storedBytes, (n) => n === 26 + 'day three'.length, 'the retention sweep');
    const left = await logs().send(new GetLogEventsCommand({ logGroupName: '/e2e/retained', logStreamName: 's', startFromHead: true }));
    expect(left.events!.map((e) => e.message)).toEqual(['day three']);
  });
});
