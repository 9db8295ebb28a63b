// Issue 11, item 4: a trail delivering to a CloudWatch Logs group through a role CloudTrail may assume, a metric
// filter `{ ($.eventSource = "macie2.amazonaws.com") && ($.eventName = "GetSensitiveDataOccurrences") }` on the group
// and an alarm on its metric that fires its webhook (alarm evaluation on a test clock).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloudTrailClient, CreateTrailCommand, GetTrailStatusCommand, StartLoggingCommand } from '@aws-sdk/client-cloudtrail';
import { CloudWatchClient, DescribeAlarmsCommand, PutMetricAlarmCommand } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient, CreateLogGroupCommand, FilterLogEventsCommand, PutMetricFilterCommand } from '@aws-sdk/client-cloudwatch-logs';
import { CreateRoleCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { GetSensitiveDataOccurrencesCommand, Macie2Client } from '@aws-sdk/client-macie2';
import { CreateBucketCommand, PutBucketPolicyCommand, S3Client } from '@aws-sdk/client-s3';
import { ManualClock } from '../../../src/common/index.js';
import { startServer, type TestServer } from '../harness.js';
import { trailBucketPolicy } from './trail-policy.js';

const clock = new ManualClock(Math.floor(Date.now() / 60_000) * 60_000 + 5_000);
let server: TestServer;
let hook: Server;
let hookUrl: string;
const deliveries: any[] = [];

beforeAll(async () => {
  hook = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      deliveries.push(JSON.parse(JSON.parse(Buffer.concat(chunks).toString('utf8')).Message));
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
  hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/reveal-alarm`;
  // The alarm's raw webhook URL is on loopback: the operator allows exactly that host (SIFT_OUTBOUND_ALLOW).
  server = await startServer({ clock, env: { SIFT_OUTBOUND_ALLOW: new URL(hookUrl).host } });
});
afterAll(async () => {
  await server?.close();
  await new Promise((resolve) => hook?.close(resolve));
});

async function waitFor<T>(read: () => Promise<T>, ok: (v: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const v = await read();
    if (ok(v)) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last value ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('trail delivery to a CloudWatch Logs group', () => {
  it('sends API calls to the group, where a metric filter and an alarm on GetSensitiveDataOccurrences fire', { timeout: 120_000 }, async () => {
    const account = server.accountId;
    const group = 'CloudTrail/sift';
    const groupArn = `arn:aws:logs:us-east-1:${account}:log-group:${group}:*`;
    const logs = new CloudWatchLogsClient(server.clientConfig());
    await logs.send(new CreateLogGroupCommand({ logGroupName: group }));
    await logs.send(
      new PutMetricFilterCommand({
        logGroupName: group,
        filterName: 'reveals',
        filterPattern: '{ ($.eventSource = "macie2.amazonaws.com") && ($.eventName = "GetSensitiveDataOccurrences") }',
        metricTransformations: [{ metricNamespace: 'CloudTrailMetrics', metricName: 'RevealCount', metricValue: '1' }],
      }),
    );
    const iam = new IAMClient(server.clientConfig());
    const trust = (service: string) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }] });
    const write = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: `arn:aws:logs:us-east-1:${account}:log-group:*` }] });
    await iam.send(new CreateRoleCommand({ RoleName: 'WrongService', AssumeRolePolicyDocument: trust('macie.amazonaws.com') }));
    await iam.send(new PutRolePolicyCommand({ RoleName: 'WrongService', PolicyName: 'write', PolicyDocument: write }));
    await iam.send(new CreateRoleCommand({ RoleName: 'CloudTrailToLogs', AssumeRolePolicyDocument: trust('cloudtrail.amazonaws.com') }));
    await iam.send(new PutRolePolicyCommand({ RoleName: 'CloudTrailToLogs', PolicyName: 'write', PolicyDocument: write }));
    const s3 = new S3Client(server.clientConfig());
    await s3.send(new CreateBucketCommand({ Bucket: 'cwl-trail' }));
    await s3.send(new PutBucketPolicyCommand({ Bucket: 'cwl-trail', Policy: trailBucketPolicy({ bucket: 'cwl-trail', accountId: account, region: 'us-east-1', trail: 'to-logs' }) }));

    const ct = new CloudTrailClient(server.clientConfig());
    const create = (roleName: string) => ct.send(new CreateTrailCommand({ Name: 'to-logs', S3BucketName: 'cwl-trail', CloudWatchLogsLogGroupArn: groupArn, CloudWatchLogsRoleArn: `arn:aws:iam::${account}:role/${roleName}` }));
    const refused = await create('WrongService').catch((e) => e);
    expect(refused.name).toBe('InvalidCloudWatchLogsRoleArnException');
    expect(refused.message).toBe('Access denied. Check the trust relationships for your role.');
    const noGroup = await ct
      .send(new CreateTrailCommand({ Name: 'to-logs', S3BucketName: 'cwl-trail', CloudWatchLogsLogGroupArn: `arn:aws:logs:us-east-1:${account}:log-group:missing:*`, CloudWatchLogsRoleArn: `arn:aws:iam::${account}:role/CloudTrailToLogs` }))
      .catch((e) => e);
    expect(noGroup.name).toBe('InvalidCloudWatchLogsLogGroupArnException');
    const trail = await create('CloudTrailToLogs');
    expect(trail).toMatchObject({ CloudWatchLogsLogGroupArn: groupArn, CloudWatchLogsRoleArn: `arn:aws:iam::${account}:role/CloudTrailToLogs` });
    await ct.send(new StartLoggingCommand({ Name: 'to-logs' }));

    const cw = new CloudWatchClient(server.clientConfig());
    await cw.send(
      new PutMetricAlarmCommand({
        AlarmName: 'sensitive-data-revealed',
        Namespace: 'CloudTrailMetrics',
        MetricName: 'RevealCount',
        Statistic: 'Sum',
        Period: 60,
        EvaluationPeriods: 1,
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        TreatMissingData: 'notBreaching',
        AlarmActions: [hookUrl],
      }),
    );
    const stateOf = async () => (await cw.send(new DescribeAlarmsCommand({ AlarmNames: ['sensitive-data-revealed'] }))).MetricAlarms?.[0]?.StateValue;
    await waitFor(stateOf, (s) => s === 'OK', 'the first evaluation');

    // The call is recorded (and delivered) whether or not it succeeds.
    await new Macie2Client(server.clientConfig()).send(new GetSensitiveDataOccurrencesCommand({ findingId: 'f1' })).catch(() => undefined);
    const stream = `${account}_CloudTrail_us-east-1`;
    const events = await waitFor(
      async () => (await logs.send(new FilterLogEventsCommand({ logGroupName: group, logStreamNames: [stream], filterPattern: '{ $.eventName = "GetSensitiveDataOccurrences" }' }))).events ?? [],
      (e) => e.length > 0,
      'the event in the log group',
    );
    expect(JSON.parse(events[0]!.message!)).toMatchObject({ eventSource: 'macie2.amazonaws.com', eventName: 'GetSensitiveDataOccurrences', recipientAccountId: account });
    expect((await ct.send(new GetTrailStatusCommand({ Name: 'to-logs' }))).LatestCloudWatchLogsDeliveryTime).toBeInstanceOf(Date);

    clock.set(Math.floor(clock.nowMs() / 60_000) * 60_000 + 61_000);
    await waitFor(stateOf, (s) => s === 'ALARM', 'the alarm to fire');
    await waitFor(async () => deliveries.length, (n) => n >= 1, 'the alarm webhook');
    expect(deliveries.at(-1)).toMatchObject({ AlarmName: 'sensitive-data-revealed', NewStateValue: 'ALARM', Trigger: { MetricName: 'RevealCount', Namespace: 'CloudTrailMetrics' } });
  });
});
