// CloudWatch metrics and alarms end to end: a real Sift server (its alarm evaluator running on a ManualClock), the
// real @aws-sdk/client-cloudwatch speaking each of CloudWatch's three protocols (awsJson1_0 — the client's default —
// Smithy RPC v2 CBOR and awsQuery), and a real local HTTP server receiving the alarm webhooks.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CloudWatchClient,
  DeleteAlarmsCommand,
  DescribeAlarmHistoryCommand,
  DescribeAlarmsCommand,
  GetMetricDataCommand,
  GetMetricStatisticsCommand,
  ListMetricsCommand,
  PutMetricAlarmCommand,
  PutMetricDataCommand,
  SetAlarmStateCommand,
} from '@aws-sdk/client-cloudwatch';
import { AwsQueryProtocol, AwsSmithyRpcV2CborProtocol } from '@aws-sdk/core/protocols';
import { ManualClock } from '../../../src/common/index.js';
import { startServer, type TestServer } from '../harness.js';
import { aws, awsCliAvailable } from '../aws-cli.js';

const clock = new ManualClock(Date.now());
let server: TestServer;
let hook: Server;
let hookUrl: string;
const deliveries: Array<{ path: string; message: any }> = [];

beforeAll(async () => {
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
  // The operator allows exactly the hook receiver; nothing else may be named in an alarm action.
  server = await startServer({ clock, env: { SIFT_OUTBOUND_ALLOW: new URL(hookUrl).host } });
});

afterAll(async () => {
  await server?.close();
  await new Promise((resolve) => hook?.close(resolve));
});

const json = () => new CloudWatchClient(server.clientConfig());
const cbor = () => new CloudWatchClient({ ...server.clientConfig(), protocol: AwsSmithyRpcV2CborProtocol as any });
const query = () => new CloudWatchClient({ ...server.clientConfig(), protocol: AwsQueryProtocol as any });

async function waitFor<T>(read: () => Promise<T>, ok: (v: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const v = await read();
    if (ok(v)) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last value ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const stateOf = async (name: string) => (await json().send(new DescribeAlarmsCommand({ AlarmNames: [name] }))).MetricAlarms?.[0]?.StateValue;

describe('CloudWatch metrics and alarms through the gateway', () => {
  it('publishes, lists and reads metrics in every protocol', async (ctx) => {
    const at = new Date(Math.floor(clock.nowMs() / 60_000) * 60_000 + 5_000);
    await json().send(new PutMetricDataCommand({ Namespace: 'E2E/Metrics', MetricData: [{ MetricName: 'Hits', Dimensions: [{ Name: 'Api', Value: 'a' }], Value: 2, Timestamp: at, Unit: 'Count' }] }));
    await cbor().send(new PutMetricDataCommand({ Namespace: 'E2E/Metrics', MetricData: [{ MetricName: 'Hits', Dimensions: [{ Name: 'Api', Value: 'a' }], Values: [3, 4], Counts: [1, 2], Timestamp: at, Unit: 'Count' }] }));
    await query().send(new PutMetricDataCommand({ Namespace: 'E2E/Metrics', MetricData: [{ MetricName: 'Hits', Dimensions: [{ Name: 'Api', Value: 'a' }], StatisticValues: { SampleCount: 1, Sum: 1, Minimum: 1, Maximum: 1 }, Timestamp: at, Unit: 'Count' }] }));
    for (const client of [json(), cbor(), query()]) {
      const listed = await client.send(new ListMetricsCommand({ Namespace: 'E2E/Metrics' }));
      expect(listed.Metrics).toEqual([{ Namespace: 'E2E/Metrics', MetricName: 'Hits', Dimensions: [{ Name: 'Api', Value: 'a' }] }]);
      const stats = await client.send(
        new GetMetricStatisticsCommand({
          Namespace: 'E2E/Metrics',
          MetricName: 'Hits',
          Dimensions: [{ Name: 'Api', Value: 'a' }],
          StartTime: new Date(at.getTime() - 5_000),
          EndTime: new Date(at.getTime() + 55_000),
          Period: 60,
          Statistics: ['Sum', 'SampleCount', 'Maximum'],
        }),
      );
      expect(stats.Datapoints).toEqual([{ Timestamp: new Date(at.getTime() - 5_000), Sum: 14, SampleCount: 5, Maximum: 4, Unit: 'Count' }]);
      const data = await client.send(
        new GetMetricDataCommand({
          StartTime: new Date(at.getTime() - 5_000),
          EndTime: new Date(at.getTime() + 55_000),
          MetricDataQueries: [{ Id: 'hits', MetricStat: { Metric: { Namespace: 'E2E/Metrics', MetricName: 'Hits', Dimensions: [{ Name: 'Api', Value: 'a' }] }, Period: 60, Stat: 'Average' } }],
        }),
      );
      expect(data.MetricDataResults?.[0]).toMatchObject({ Id: 'hits', Values: [2.8], StatusCode: 'Complete' });
    }
  });

  it('evaluates an alarm OK → ALARM → OK on its period and calls the webhook each time', async (ctx) => {
    await cbor().send(
      new PutMetricAlarmCommand({
        AlarmName: 'e2e-errors',
        Namespace: 'E2E/Jobs',
        MetricName: 'Errors',
        Statistic: 'Sum',
        Period: 60,
        EvaluationPeriods: 1,
        Threshold: 5,
        ComparisonOperator: 'GreaterThanThreshold',
        TreatMissingData: 'notBreaching',
        AlarmActions: [`${hookUrl}/alarm`],
        OKActions: [`${hookUrl}/ok`],
      }),
    );
    await waitFor(() => stateOf('e2e-errors'), (s) => s === 'OK', 'the first evaluation');

    await json().send(new PutMetricDataCommand({ Namespace: 'E2E/Jobs', MetricData: [{ MetricName: 'Errors', Value: 9, Timestamp: clock.now() }] }));
    clock.set(Math.floor(clock.nowMs() / 60_000) * 60_000 + 61_000);
    await waitFor(() => stateOf('e2e-errors'), (s) => s === 'ALARM', 'the alarm to fire');
    const alarm = (await query().send(new DescribeAlarmsCommand({ AlarmNames: ['e2e-errors'] }))).MetricAlarms![0]!;
    expect(alarm.StateReason).toMatch(/^Threshold Crossed: 1 datapoint \[9\.0 \(\d\d\/\d\d\/\d\d \d\d:\d\d:00\)\] was greater than the threshold \(5\.0\)\.$/);

    clock.advance(60_000);
    await waitFor(() => stateOf('e2e-errors'), (s) => s === 'OK', 'the alarm to clear');
    await waitFor(async () => deliveries.length, (n) => n >= 3, 'three webhook calls');
    expect(deliveries.map((d) => [d.path, d.message.OldStateValue, d.message.NewStateValue])).toEqual([
      ['/ok', 'INSUFFICIENT_DATA', 'OK'],
      ['/alarm', 'OK', 'ALARM'],
      ['/ok', 'ALARM', 'OK'],
    ]);
    expect(deliveries[1]!.message).toMatchObject({ AlarmName: 'e2e-errors', AWSAccountId: server.accountId, Trigger: { MetricName: 'Errors', Namespace: 'E2E/Jobs', Threshold: 5 } });

    const history = await query().send(new DescribeAlarmHistoryCommand({ AlarmName: 'e2e-errors', HistoryItemType: 'StateUpdate', ScanBy: 'TimestampAscending' }));
    expect(history.AlarmHistoryItems!.map((h) => h.HistorySummary)).toEqual([
      'Alarm updated from INSUFFICIENT_DATA to OK',
      'Alarm updated from OK to ALARM',
      'Alarm updated from ALARM to OK',
    ]);
  });

  it('refuses alarm actions that would call hosts the operator did not allow (internal ports, metadata)', async () => {
    const sift = new URL(server.endpoint);
    for (const url of [`http://127.0.0.1:${sift.port}/`, 'http://169.254.169.254/latest/meta-data/iam/', `http://localhost:${new URL(hookUrl).port}/`]) {
      const err = await json().send(new PutMetricAlarmCommand({
        AlarmName: 'probe', Namespace: 'N', MetricName: 'M', Statistic: 'Sum', Period: 60, EvaluationPeriods: 1, Threshold: 1,
        ComparisonOperator: 'GreaterThanThreshold', AlarmActions: [url],
      })).catch((e) => e);
      expect(err.name, url).toBe('InvalidParameterValueException');
      expect(err.$metadata.httpStatusCode).toBe(400);
      expect(err.message).toContain('SIFT_OUTBOUND_ALLOW');
    }
    expect((await query().send(new DescribeAlarmsCommand({ AlarmNames: ['probe'] }))).MetricAlarms).toEqual([]);
  });

  it('answers errors as each protocol encodes them', async (ctx) => {
    for (const client of [json(), cbor(), query()]) {
      const err = await client.send(new SetAlarmStateCommand({ AlarmName: 'no-such-alarm', StateValue: 'ALARM', StateReason: 'x' })).catch((e) => e);
      expect(err.name).toBe('ResourceNotFound');
      expect(err.$metadata.httpStatusCode).toBe(404);
      const bad = await client.send(new PutMetricAlarmCommand({ AlarmName: 'bad', Namespace: 'N', MetricName: 'M', Statistic: 'Sum', Period: 45, EvaluationPeriods: 1, Threshold: 1, ComparisonOperator: 'GreaterThanThreshold' })).catch((e) => e);
      expect(bad.name).toBe('InvalidParameterValueException');
      expect(bad.message).toBe('Period must be 10, 20, 30 or a multiple of 60.');
    }
    await json().send(new DeleteAlarmsCommand({ AlarmNames: ['e2e-errors'] }));
    expect((await cbor().send(new DescribeAlarmsCommand({}))).MetricAlarms).toEqual([]);
  });

  it('works with the aws CLI (awsJson1_0 in query-compatible mode)', { timeout: 120_000 }, async (ctx) => {
    if (!awsCliAvailable) return ctx.skip(); // the aws CLI is not installed here
    const env = server.cliEnv();
    const put = await aws(env, ['cloudwatch', 'put-metric-data', '--namespace', 'E2E/Cli', '--metric-name', 'Scans', '--value', '3', '--unit', 'Count', '--dimensions', 'Job=j1']);
    expect(put.stderr).toBe('');
    expect((await aws(env, ['cloudwatch', 'list-metrics', '--namespace', 'E2E/Cli'])).json.Metrics).toEqual([{ Namespace: 'E2E/Cli', MetricName: 'Scans', Dimensions: [{ Name: 'Job', Value: 'j1' }] }]);
    const create = await aws(env, [
      'cloudwatch', 'put-metric-alarm', '--alarm-name', 'cli-alarm', '--namespace', 'E2E/Cli', '--metric-name', 'Scans', '--statistic', 'Sum',
      '--period', '60', '--evaluation-periods', '1', '--threshold', '1', '--comparison-operator', 'GreaterThanThreshold', '--dimensions', 'Name=Job,Value=j1',
    ]);
    expect(create.stderr).toBe('');
    expect((await aws(env, ['cloudwatch', 'set-alarm-state', '--alarm-name', 'cli-alarm', '--state-value', 'ALARM', '--state-reason', 'from the CLI'])).code).toBe(0);
    const described = await aws(env, ['cloudwatch', 'describe-alarms', '--alarm-names', 'cli-alarm']);
    expect(described.json.MetricAlarms[0]).toMatchObject({ AlarmName: 'cli-alarm', Dimensions: [{ Name: 'Job', Value: 'j1' }] });
    // SetAlarmState holds only until the alarm's next evaluation (which may already have run), so look in its history.
    const history = await aws(env, ['cloudwatch', 'describe-alarm-history', '--alarm-name', 'cli-alarm', '--history-item-type', 'StateUpdate']);
    expect(history.json.AlarmHistoryItems.some((h: { HistorySummary: string; HistoryData: string }) => h.HistorySummary.includes('to ALARM') && JSON.parse(h.HistoryData).newState.stateReason === 'from the CLI')).toBe(true);
    const missing = await aws(env, ['cloudwatch', 'set-alarm-state', '--alarm-name', 'nope', '--state-value', 'OK', '--state-reason', 'x']);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('(ResourceNotFound)');
    const invalid = await aws(env, ['cloudwatch', 'put-metric-data', '--namespace', 'E2E/Cli', '--metric-name', 'Bad', '--value', '1', '--storage-resolution', '5']);
    expect(invalid.stderr).toContain('(InvalidParameterValue)');
  });
});
