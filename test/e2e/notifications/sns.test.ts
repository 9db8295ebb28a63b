// SNS end to end: the real @aws-sdk/client-sns against a Sift server, a local HTTP subscriber that verifies every
// signature against the certificate Sift serves, the subscription handshake, filter policies, retries on the
// server's ManualClock, the UnsubscribeURL, topic policies, and CloudWatch alarms notifying a topic.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ConfirmSubscriptionCommand,
  CreateTopicCommand,
  DeleteTopicCommand,
  GetSubscriptionAttributesCommand,
  GetTopicAttributesCommand,
  ListSubscriptionsByTopicCommand,
  ListSubscriptionsCommand,
  ListTopicsCommand,
  PublishCommand,
  SetTopicAttributesCommand,
  SNSClient,
  SubscribeCommand,
  UnsubscribeCommand,
  ListPhoneNumbersOptedOutCommand,
} from '@aws-sdk/client-sns';
import { CloudWatchClient, DescribeAlarmsCommand, PutMetricAlarmCommand, SetAlarmStateCommand } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient, CreateLogGroupCommand, CreateLogStreamCommand, FilterLogEventsCommand, PutLogEventsCommand, PutMetricFilterCommand } from '@aws-sdk/client-cloudwatch-logs';
import { CreateClassificationJobCommand, DescribeClassificationJobCommand, EnableMacieCommand, Macie2Client } from '@aws-sdk/client-macie2';
import { CreateBucketCommand, PutBucketPolicyCommand, S3Client } from '@aws-sdk/client-s3';
import { ManualClock } from '../../../src/common/index.js';
import { startServer, type TestServer } from '../harness.js';
import { aws, awsCliAvailable } from '../aws-cli.js';
import { Receiver, waitFor } from './receiver.js';

const clock = new ManualClock(Date.now());
let server: TestServer;
const receiver = new Receiver();

beforeAll(async () => {
  await receiver.start();
  server = await startServer({ clock, env: { SIFT_OUTBOUND_ALLOW: receiver.host } });
});

afterAll(async () => {
  await server?.close();
  await receiver.close();
});

const sns = () => new SNSClient(server.clientConfig());

async function subscribed(topicArn: string, path: string, attributes?: Record<string, string>): Promise<string> {
  await sns().send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'http', Endpoint: `${receiver.url}${path}`, Attributes: attributes }));
  const confirmation = await waitFor(() => receiver.of(path, 'SubscriptionConfirmation'), (l) => l.length > 0, 'the SubscriptionConfirmation');
  expect(confirmation[0]!.verified).toBe(true);
  const subs = await waitFor(
    async () => (await sns().send(new ListSubscriptionsByTopicCommand({ TopicArn: topicArn }))).Subscriptions ?? [],
    (l) => l.some((s) => s.Endpoint === `${receiver.url}${path}` && s.SubscriptionArn !== 'PendingConfirmation'),
    'the confirmed subscription',
  );
  return subs.find((s) => s.Endpoint === `${receiver.url}${path}`)!.SubscriptionArn!;
}

describe('SNS topics and HTTP subscriptions', { timeout: 120_000 }, () => {
  it('creates, lists, describes and deletes topics; CreateTopic is idempotent', async () => {
    const { TopicArn } = await sns().send(new CreateTopicCommand({ Name: 'e2e-lifecycle', Attributes: { DisplayName: 'Ops' } }));
    expect(TopicArn).toBe(`arn:aws:sns:${server.region}:${server.accountId}:e2e-lifecycle`);
    expect((await sns().send(new CreateTopicCommand({ Name: 'e2e-lifecycle', Attributes: { DisplayName: 'Ops' } }))).TopicArn).toBe(TopicArn);
    await expect(sns().send(new CreateTopicCommand({ Name: 'e2e-lifecycle', Attributes: { DisplayName: 'Other' } }))).rejects.toMatchObject({ name: 'InvalidParameterException' });
    await expect(sns().send(new CreateTopicCommand({ Name: 'bad name!' }))).rejects.toMatchObject({ name: 'InvalidParameterException' });
    const attrs = (await sns().send(new GetTopicAttributesCommand({ TopicArn }))).Attributes!;
    expect(attrs).toMatchObject({ TopicArn, Owner: server.accountId, DisplayName: 'Ops', SubscriptionsConfirmed: '0', SubscriptionsPending: '0' });
    expect(JSON.parse(attrs.Policy!).Statement[0].Condition.StringEquals['AWS:SourceOwner']).toBe(server.accountId);
    expect(JSON.parse(attrs.EffectiveDeliveryPolicy!).http.defaultHealthyRetryPolicy).toMatchObject({ numRetries: 3, minDelayTarget: 20 });
    expect((await sns().send(new ListTopicsCommand({}))).Topics).toContainEqual({ TopicArn });
    await sns().send(new DeleteTopicCommand({ TopicArn }));
    await expect(sns().send(new GetTopicAttributesCommand({ TopicArn }))).rejects.toMatchObject({ name: 'NotFoundException' });
    await expect(sns().send(new CreateTopicCommand({ Name: 'e2e.fifo', Attributes: { FifoTopic: 'true' } }))).rejects.toMatchObject({ name: 'NotImplemented' });
    await expect(sns().send(new ListPhoneNumbersOptedOutCommand({}))).rejects.toMatchObject({ name: 'NotImplemented' });
  });

  it('confirms an HTTP subscription and delivers signed notifications that verify (SignatureVersion 1 and 2)', async () => {
    const { TopicArn } = await sns().send(new CreateTopicCommand({ Name: 'e2e-signed' }));
    const subArn = await subscribed(TopicArn!, '/signed');
    expect(subArn).toMatch(new RegExp(`^${TopicArn}:[0-9a-f-]{36}$`));
    const { MessageId } = await sns().send(new PublishCommand({ TopicArn, Message: 'hello', Subject: 'greeting' }));
    const [n] = await waitFor(() => receiver.of('/signed'), (l) => l.length === 1, 'the notification');
    expect(n!.verified).toBe(true);
    expect(n!.message).toMatchObject({ Type: 'Notification', MessageId, TopicArn, Subject: 'greeting', Message: 'hello', SignatureVersion: '1' });
    expect(n!.headers['x-amz-sns-message-type']).toBe('Notification');
    expect(n!.headers['x-amz-sns-subscription-arn']).toBe(subArn);
    expect(n!.message!.SigningCertURL).toMatch(new RegExp(`^${server.endpoint}/SimpleNotificationService-[0-9a-f]{32}\\.pem$`));

    await sns().send(new SetTopicAttributesCommand({ TopicArn, AttributeName: 'SignatureVersion', AttributeValue: '2' }));
    await sns().send(new PublishCommand({ TopicArn, Message: '{"a":1}' }));
    const both = await waitFor(() => receiver.of('/signed'), (l) => l.length === 2, 'the second notification');
    expect(both[1]!.message).toMatchObject({ SignatureVersion: '2', Message: '{"a":1}' });
    expect(both[1]!.message!.Subject).toBeUndefined();
    expect(both[1]!.verified).toBe(true);
    // A tampered message does not verify.
    const { verifySnsSignature } = await import('./receiver.js');
    expect(await verifySnsSignature({ ...both[1]!.message!, Message: '{"a":2}' })).toBe(false);
  });

  it('applies filter policies on message attributes and on the message body', async () => {
    const { TopicArn } = await sns().send(new CreateTopicCommand({ Name: 'e2e-filters' }));
    await subscribed(TopicArn!, '/high', { FilterPolicy: JSON.stringify({ severity: ['High'], score: [{ numeric: ['>=', 7] }] }) });
    const bodySub = await subscribed(TopicArn!, '/body', { FilterPolicy: JSON.stringify({ detail: { type: [{ prefix: 'SensitiveData:' }] } }), FilterPolicyScope: 'MessageBody' });
    expect((await sns().send(new GetSubscriptionAttributesCommand({ SubscriptionArn: bodySub }))).Attributes).toMatchObject({ FilterPolicyScope: 'MessageBody', PendingConfirmation: 'false' });
    const attrs = (severity: string, score: string) => ({ severity: { DataType: 'String', StringValue: severity }, score: { DataType: 'Number', StringValue: score } });
    await sns().send(new PublishCommand({ TopicArn, Message: '{"detail":{"type":"Policy:IAMUser/S3BucketPublic"}}', MessageAttributes: attrs('Low', '9') }));
    await sns().send(new PublishCommand({ TopicArn, Message: '{"detail":{"type":"SensitiveData:S3Object/Personal"}}', MessageAttributes: attrs('High', '8') }));
    await sns().send(new PublishCommand({ TopicArn, Message: 'not json', MessageAttributes: attrs('High', '3') }));
    const high = await waitFor(() => receiver.of('/high'), (l) => l.length >= 1, 'the High notification');
    const body = await waitFor(() => receiver.of('/body'), (l) => l.length >= 1, 'the body-filtered notification');
    await server.sift.notifications.snsDeliverDue();
    expect(receiver.of('/high').map((r) => r.message!.Message)).toEqual(['{"detail":{"type":"SensitiveData:S3Object/Personal"}}']);
    expect(receiver.of('/body').map((r) => r.message!.Message)).toEqual(['{"detail":{"type":"SensitiveData:S3Object/Personal"}}']);
    expect(high[0]!.message!.MessageAttributes).toEqual({ severity: { Type: 'String', Value: 'High' }, score: { Type: 'Number', Value: '8' } });
    expect(body[0]!.verified).toBe(true);
    await expect(sns().send(new SubscribeCommand({ TopicArn, Protocol: 'http', Endpoint: `${receiver.url}/bad`, Attributes: { FilterPolicy: '{"a":[{"numeric":["<"]}]}' } }))).rejects.toMatchObject({ name: 'InvalidParameterException' });
  });

  it('retries a failed delivery on the delivery policy (20 s apart, 3 retries) and then gives up', async () => {
    const { TopicArn } = await sns().send(new CreateTopicCommand({ Name: 'e2e-retries' }));
    await subscribed(TopicArn!, '/flaky');
    // The server's own worker runs too (every second): the test waits for each attempt to be recorded in the outbox
    // (its attempts count) before it moves the clock, and reads what the receiver saw.
    const attempts = async () => (await server.sift.store.db.selectFrom('delivery_outbox').select('attempts').where('queue', '=', 'sns').execute()).map((r) => Number(r.attempts));
    try {
      receiver.failNext = 2;
      await sns().send(new PublishCommand({ TopicArn, Message: 'eventually' }));
      await waitFor(attempts, (a) => a[0] === 1, 'the first failed attempt');
      // Not due before 20 s on the server's clock.
      clock.advance(19_000);
      await server.sift.notifications.snsDeliverDue();
      expect(receiver.failNext).toBe(1);
      clock.advance(1_000);
      await server.sift.notifications.snsDeliverDue();
      await waitFor(attempts, (a) => a[0] === 2, 'the first retry');
      clock.advance(20_000);
      await server.sift.notifications.snsDeliverDue();
      await waitFor(() => receiver.of('/flaky'), (l) => l.length === 1, 'the second retry');
      expect(receiver.of('/flaky').map((r) => r.message!.Message)).toEqual(['eventually']);
      expect(receiver.of('/flaky')[0]!.verified).toBe(true);
      await waitFor(attempts, (a) => a.length === 0, 'the delivered message to leave the outbox');

      receiver.failNext = 10;
      await sns().send(new PublishCommand({ TopicArn, Message: 'never' }));
      await waitFor(attempts, (a) => a[0] === 1, 'the first failed attempt');
      for (let i = 1; i <= 2; i++) {
        clock.advance(20_000);
        await server.sift.notifications.snsDeliverDue();
        await waitFor(attempts, (a) => a[0] === 1 + i, `retry ${i}`);
      }
      clock.advance(20_000);
      await server.sift.notifications.snsDeliverDue();
      // The third retry was the last: the delivery is dropped.
      await waitFor(attempts, (a) => a.length === 0, 'the delivery to be given up');
      expect(receiver.failNext).toBe(6); // one attempt and three retries
    } finally {
      receiver.failNext = 0;
    }
  });

  it('unsubscribes through the UnsubscribeURL, Unsubscribe, and answers ConfirmSubscription with the token', async () => {
    const { TopicArn } = await sns().send(new CreateTopicCommand({ Name: 'e2e-unsub' }));
    const subArn = await subscribed(TopicArn!, '/unsub');
    await sns().send(new PublishCommand({ TopicArn, Message: 'one' }));
    const [n] = await waitFor(() => receiver.of('/unsub'), (l) => l.length === 1, 'the notification');
    const answer = await fetch(n!.message!.UnsubscribeURL);
    expect(answer.status).toBe(200);
    expect(await answer.text()).toContain('<UnsubscribeResponse');
    expect((await sns().send(new ListSubscriptionsCommand({}))).Subscriptions!.map((s) => s.SubscriptionArn)).not.toContain(subArn);

    receiver.autoConfirm = false;
    try {
      await sns().send(new SubscribeCommand({ TopicArn, Protocol: 'http', Endpoint: `${receiver.url}/manual` }));
      const [c] = await waitFor(() => receiver.of('/manual', 'SubscriptionConfirmation'), (l) => l.length === 1, 'the confirmation');
      expect((await sns().send(new ListSubscriptionsByTopicCommand({ TopicArn }))).Subscriptions!.map((s) => s.SubscriptionArn)).toEqual(['PendingConfirmation']);
      await expect(sns().send(new ConfirmSubscriptionCommand({ TopicArn, Token: 'ab'.repeat(32) }))).rejects.toMatchObject({ name: 'InvalidParameterException' });
      const { SubscriptionArn } = await sns().send(new ConfirmSubscriptionCommand({ TopicArn, Token: c!.message!.Token }));
      expect(SubscriptionArn).toMatch(/^arn:aws:sns:/);
      await sns().send(new UnsubscribeCommand({ SubscriptionArn }));
      expect((await sns().send(new ListSubscriptionsByTopicCommand({ TopicArn }))).Subscriptions).toEqual([]);
    } finally {
      receiver.autoConfirm = true;
    }
  });

  it('refuses endpoints the operator does not allow, and protocols Sift does not deliver', async () => {
    const { TopicArn } = await sns().send(new CreateTopicCommand({ Name: 'e2e-refused' }));
    await expect(sns().send(new SubscribeCommand({ TopicArn, Protocol: 'http', Endpoint: 'http://169.254.169.254/latest' }))).rejects.toMatchObject({ name: 'InvalidParameterException' });
    await expect(sns().send(new SubscribeCommand({ TopicArn, Protocol: 'email', Endpoint: 'a@example.com' }))).rejects.toMatchObject({ name: 'NotImplemented' });
    await expect(sns().send(new PublishCommand({ TopicArn, Message: 'x'.repeat(256 * 1024 + 1) }))).rejects.toMatchObject({ name: 'InvalidParameterException' });
  });

  it('lets a topic policy decide who else may publish', async () => {
    const { TopicArn } = await sns().send(new CreateTopicCommand({ Name: 'e2e-policy' }));
    await subscribed(TopicArn!, '/policy');
    const { profile, rootKey } = await server.sift.accounts.create('sns-publisher', 'sns-publisher@example.com');
    const otherSns = new SNSClient(server.clientConfig({ accessKeyId: rootKey.accessKeyId, secretAccessKey: rootKey.secretAccessKey }));
    // The default policy lets only the owner's account publish.
    await expect(otherSns.send(new PublishCommand({ TopicArn, Message: 'not yet' }))).rejects.toMatchObject({ $metadata: { httpStatusCode: 403 } });
    // The other account can't read the topic either, nor list it.
    await expect(otherSns.send(new GetTopicAttributesCommand({ TopicArn }))).rejects.toMatchObject({ $metadata: { httpStatusCode: 403 } });
    expect((await otherSns.send(new ListTopicsCommand({}))).Topics ?? []).toEqual([]);
    const policy = JSON.parse((await sns().send(new GetTopicAttributesCommand({ TopicArn }))).Attributes!.Policy!);
    policy.Statement.push({ Sid: 'publisher', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${profile.accountId}:root` }, Action: 'sns:Publish', Resource: TopicArn });
    await sns().send(new SetTopicAttributesCommand({ TopicArn, AttributeName: 'Policy', AttributeValue: JSON.stringify(policy) }));
    const { MessageId } = await otherSns.send(new PublishCommand({ TopicArn, Message: 'from another account' }));
    const [n] = await waitFor(() => receiver.of('/policy'), (l) => l.length === 1, 'the cross-account notification');
    expect(n!.message).toMatchObject({ MessageId, Message: 'from another account' });
    expect(n!.verified).toBe(true);
    // Publishing is all the policy grants.
    await expect(otherSns.send(new SetTopicAttributesCommand({ TopicArn, AttributeName: 'DisplayName', AttributeValue: 'x' }))).rejects.toMatchObject({ $metadata: { httpStatusCode: 403 } });
  });

  it('notifies a topic from a CloudWatch alarm on ALARM, OK and INSUFFICIENT_DATA, as CloudWatch sends it', async () => {
    const { TopicArn } = await sns().send(new CreateTopicCommand({ Name: 'e2e-alarms' }));
    await subscribed(TopicArn!, '/alarms');
    const cw = new CloudWatchClient(server.clientConfig());
    await cw.send(
      new PutMetricAlarmCommand({
        AlarmName: 'e2e-high-findings',
        Namespace: 'E2E/Jobs',
        MetricName: 'Findings',
        Statistic: 'Sum',
        Period: 60,
        EvaluationPeriods: 1,
        Threshold: 0,
        ComparisonOperator: 'GreaterThanThreshold',
        AlarmActions: [TopicArn!],
        OKActions: [TopicArn!],
        InsufficientDataActions: [TopicArn!],
        // With no data the evaluator would move the alarm back to INSUFFICIENT_DATA after each SetAlarmState (as AWS
        // does), notifying once more; `ignore` keeps the state the test sets.
        TreatMissingData: 'ignore',
      }),
    );
    await cw.send(new SetAlarmStateCommand({ AlarmName: 'e2e-high-findings', StateValue: 'ALARM', StateReason: 'test' }));
    const [a] = await waitFor(() => receiver.of('/alarms'), (l) => l.length >= 1, 'the ALARM notification');
    expect(a!.verified).toBe(true);
    expect(a!.message!.Subject).toMatch(/^ALARM: "e2e-high-findings" in /);
    expect(JSON.parse(a!.message!.Message)).toMatchObject({ AlarmName: 'e2e-high-findings', NewStateValue: 'ALARM', AWSAccountId: server.accountId, AlarmActions: [TopicArn] });
    await cw.send(new SetAlarmStateCommand({ AlarmName: 'e2e-high-findings', StateValue: 'OK', StateReason: 'test' }));
    await cw.send(new SetAlarmStateCommand({ AlarmName: 'e2e-high-findings', StateValue: 'INSUFFICIENT_DATA', StateReason: 'test' }));
    const all = await waitFor(() => receiver.of('/alarms'), (l) => l.length >= 3, 'the OK and INSUFFICIENT_DATA notifications');
    // SNS does not order deliveries; each state change is notified once.
    expect(all.map((r) => JSON.parse(r.message!.Message).NewStateValue).sort()).toEqual(['ALARM', 'INSUFFICIENT_DATA', 'OK']);
    expect(all.every((r) => r.verified)).toBe(true);
  });

  it('delivers a signed ALARM notification when a metric filter on job events crosses the alarm threshold', async () => {
    const { TopicArn } = await sns().send(new CreateTopicCommand({ Name: 'e2e-job-events' }));
    await subscribed(TopicArn!, '/job-events');
    const logs = new CloudWatchLogsClient(server.clientConfig());
    const group = '/aws/macie/classificationjobs';
    await logs.send(new CreateLogGroupCommand({ logGroupName: group })).catch(() => undefined);
    await logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: 'e2e-job' }));
    await logs.send(
      new PutMetricFilterCommand({
        logGroupName: group,
        filterName: 'access-denied',
        filterPattern: '{ $.eventType = "BUCKET_ACCESS_DENIED" }',
        metricTransformations: [{ metricName: 'BucketAccessDenied', metricNamespace: 'E2E/MacieJobs', metricValue: '1' }],
      }),
    );
    const cw = new CloudWatchClient(server.clientConfig());
    await cw.send(
      new PutMetricAlarmCommand({
        AlarmName: 'e2e-access-denied',
        Namespace: 'E2E/MacieJobs',
        MetricName: 'BucketAccessDenied',
        Statistic: 'Sum',
        Period: 60,
        EvaluationPeriods: 1,
        Threshold: 0,
        ComparisonOperator: 'GreaterThanThreshold',
        TreatMissingData: 'notBreaching',
        AlarmActions: [TopicArn!],
      }),
    );
    await waitFor(async () => (await cw.send(new DescribeAlarmsCommand({ AlarmNames: ['e2e-access-denied'] }))).MetricAlarms?.[0]?.StateValue, (s) => s === 'OK', 'the first evaluation');
    const event = { adminAccountId: null, jobId: 'e2e', eventType: 'BUCKET_ACCESS_DENIED', occurredAt: clock.now().toISOString(), description: 'Macie doesn\'t have permission to access the affected S3 bucket.', jobName: 'e2e', operation: 'ListObjectsV2', runDate: clock.now().toISOString(), affectedResource: { type: 'S3_BUCKET_NAME', value: 'b' } };
    await logs.send(new PutLogEventsCommand({ logGroupName: group, logStreamName: 'e2e-job', logEvents: [{ timestamp: clock.nowMs(), message: JSON.stringify(event) }] }));
    clock.set(Math.floor(clock.nowMs() / 60_000) * 60_000 + 61_000);
    const [n] = await waitFor(() => receiver.of('/job-events'), (l) => l.length >= 1, 'the ALARM notification');
    expect(n!.verified).toBe(true);
    expect(n!.message!.Subject).toMatch(/^ALARM: "e2e-access-denied" in /);
    expect(JSON.parse(n!.message!.Message)).toMatchObject({ AlarmName: 'e2e-access-denied', NewStateValue: 'ALARM', OldStateValue: 'OK', Trigger: { MetricName: 'BucketAccessDenied', Namespace: 'E2E/MacieJobs' } });
  });

  it("delivers a signed ALARM notification when a real job's BUCKET_ACCESS_DENIED event crosses a metric filter's alarm", async () => {
    const { TopicArn } = await sns().send(new CreateTopicCommand({ Name: 'e2e-real-job-events' }));
    await subscribed(TopicArn!, '/real-job-events');
    const logs = new CloudWatchLogsClient(server.clientConfig());
    const group = '/aws/macie/classificationjobs';
    await logs.send(new CreateLogGroupCommand({ logGroupName: group })).catch(() => undefined);
    await logs.send(new PutMetricFilterCommand({
      logGroupName: group, filterName: 'real-access-denied', filterPattern: '{ $.eventType = "BUCKET_ACCESS_DENIED" }',
      metricTransformations: [{ metricName: 'RealBucketAccessDenied', metricNamespace: 'E2E/RealJobs', metricValue: '1' }],
    }));
    const cw = new CloudWatchClient(server.clientConfig());
    await cw.send(new PutMetricAlarmCommand({
      AlarmName: 'e2e-real-access-denied', Namespace: 'E2E/RealJobs', MetricName: 'RealBucketAccessDenied', Statistic: 'Sum', Period: 60,
      EvaluationPeriods: 1, Threshold: 0, ComparisonOperator: 'GreaterThanThreshold', TreatMissingData: 'notBreaching', AlarmActions: [TopicArn!],
    }));
    await waitFor(async () => (await cw.send(new DescribeAlarmsCommand({ AlarmNames: ['e2e-real-access-denied'] }))).MetricAlarms?.[0]?.StateValue, (s) => s === 'OK', 'the first evaluation');

    // A job over a bucket whose policy denies Macie: the job writes BUCKET_ACCESS_DENIED to its log stream.
    const macie = new Macie2Client(server.clientConfig());
    await macie.send(new EnableMacieCommand({})).catch(() => undefined);
    const s3 = new S3Client(server.clientConfig());
    await s3.send(new CreateBucketCommand({ Bucket: 'sns-e2e-locked' }));
    const macieRole = `arn:aws:iam::${server.accountId}:role/aws-service-role/macie.amazonaws.com/AWSServiceRoleForAmazonMacie`;
    await s3.send(new PutBucketPolicyCommand({
      Bucket: 'sns-e2e-locked',
      Policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'DenyMacie', Effect: 'Deny', Principal: { AWS: macieRole }, Action: 's3:*', Resource: ['arn:aws:s3:::sns-e2e-locked', 'arn:aws:s3:::sns-e2e-locked/*'] }] }),
    }));
    const { jobId } = await macie.send(new CreateClassificationJobCommand({
      clientToken: 'sns-e2e-locked', jobType: 'ONE_TIME', name: 'locked', s3JobDefinition: { bucketDefinitions: [{ accountId: server.accountId, buckets: ['sns-e2e-locked'] }] },
    }));
    await waitFor(async () => (await macie.send(new DescribeClassificationJobCommand({ jobId }))).jobStatus, (st) => st === 'COMPLETE', 'the job to complete');
    await waitFor(
      async () => (await logs.send(new FilterLogEventsCommand({ logGroupName: group, logStreamNames: [jobId!], filterPattern: '{ $.eventType = "BUCKET_ACCESS_DENIED" }' }))).events?.length ?? 0,
      (n) => n === 1,
      "the job's BUCKET_ACCESS_DENIED event in its stream",
    );
    clock.set(Math.floor(clock.nowMs() / 60_000) * 60_000 + 61_000);
    const [n] = await waitFor(() => receiver.of('/real-job-events'), (l) => l.length >= 1, 'the ALARM notification');
    expect(n!.verified).toBe(true);
    expect(n!.message!.Subject).toMatch(/^ALARM: "e2e-real-access-denied" in /);
    expect(JSON.parse(n!.message!.Message)).toMatchObject({ AlarmName: 'e2e-real-access-denied', NewStateValue: 'ALARM', OldStateValue: 'OK' });
  });

  it.skipIf(!awsCliAvailable)('works with the aws CLI: create-topic, subscribe, publish, list', async () => {
    const env = server.cliEnv();
    const created = await aws(env, ['sns', 'create-topic', '--name', 'e2e-cli']);
    expect(created.code, created.stderr).toBe(0);
    const topicArn = created.json.TopicArn;
    const sub = await aws(env, ['sns', 'subscribe', '--topic-arn', topicArn, '--protocol', 'http', '--notification-endpoint', `${receiver.url}/cli`]);
    expect(sub.code, sub.stderr).toBe(0);
    expect(sub.json.SubscriptionArn).toBe('pending confirmation');
    await waitFor(() => receiver.of('/cli', 'SubscriptionConfirmation'), (l) => l.length === 1, 'the confirmation');
    await waitFor(async () => (await aws(env, ['sns', 'list-subscriptions-by-topic', '--topic-arn', topicArn])).json?.Subscriptions?.[0]?.SubscriptionArn, (v) => typeof v === 'string' && v.startsWith('arn:'), 'the confirmation', 90_000);
    const pub = await aws(env, ['sns', 'publish', '--topic-arn', topicArn, '--message', 'from the CLI']);
    expect(pub.code, pub.stderr).toBe(0);
    const [n] = await waitFor(() => receiver.of('/cli'), (l) => l.length === 1, 'the notification');
    expect(n!.verified).toBe(true);
    expect(n!.message!.MessageId).toBe(pub.json.MessageId);
    const attrs = await aws(env, ['sns', 'get-topic-attributes', '--topic-arn', topicArn]);
    expect(attrs.json.Attributes.SubscriptionsConfirmed).toBe('1');
  }, 120_000);
});
