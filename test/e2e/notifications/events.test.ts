// EventBridge end to end: the real @aws-sdk/client-eventbridge and the aws CLI against a Sift server; rules on the
// default bus routing Macie's findings and custom events to an SNS topic (delivered, signed, to a local receiver),
// a CloudWatch Logs log group and an API destination; Macie's update events at the session's publishing frequency on
// the server's ManualClock.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CreateApiDestinationCommand,
  CreateConnectionCommand,
  DeleteRuleCommand,
  DescribeConnectionCommand,
  DescribeRuleCommand,
  DisableRuleCommand,
  EnableRuleCommand,
  EventBridgeClient,
  ListRulesCommand,
  ListTargetsByRuleCommand,
  PutEventsCommand,
  PutRuleCommand,
  PutTargetsCommand,
  RemoveTargetsCommand,
  TestEventPatternCommand,
  CreateArchiveCommand,
  CreateEventBusCommand,
  DeleteEventBusCommand,
  DescribeEventBusCommand,
  ListEventBusesCommand,
  PutPermissionCommand,
  RemovePermissionCommand,
} from '@aws-sdk/client-eventbridge';
import { CreateTopicCommand, SetTopicAttributesCommand, SNSClient, SubscribeCommand, ListSubscriptionsByTopicCommand } from '@aws-sdk/client-sns';
import { CloudWatchLogsClient, CreateLogGroupCommand, DescribeLogStreamsCommand, GetLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { CreateClassificationJobCommand, CreateSampleFindingsCommand, DescribeClassificationJobCommand, EnableMacieCommand, GetFindingsCommand, ListFindingsCommand, Macie2Client, UpdateMacieSessionCommand } from '@aws-sdk/client-macie2';
import { CreateBucketCommand, DeletePublicAccessBlockCommand, PutObjectCommand, PutPublicAccessBlockCommand, S3Client } from '@aws-sdk/client-s3';
import { ManualClock } from '../../../src/common/index.js';
import { PolicyMonitor } from '../../../src/services/macie2/policy-findings.js';
import { startServer, type TestServer } from '../harness.js';
import { aws, awsCliAvailable } from '../aws-cli.js';
import { Receiver, waitFor } from './receiver.js';
import { secondAccount } from '../security/principals.js';

const clock = new ManualClock(Date.now());
let server: TestServer;
const receiver = new Receiver();

beforeAll(async () => {
  await receiver.start();
  server = await startServer({ clock, env: { SIFT_OUTBOUND_ALLOW: receiver.host } });
  await new Macie2Client(server.clientConfig()).send(new EnableMacieCommand({}));
});

afterAll(async () => {
  await server?.close();
  await receiver.close();
});

const eb = () => new EventBridgeClient(server.clientConfig());
const sns = () => new SNSClient(server.clientConfig());
const macie = () => new Macie2Client(server.clientConfig());

/** A topic EventBridge may publish to (its policy names events.amazonaws.com), with the receiver subscribed at `path`. */
async function topicFor(name: string, path: string, allowEvents = true): Promise<string> {
  const { TopicArn } = await sns().send(new CreateTopicCommand({ Name: name }));
  if (allowEvents) {
    const policy = { Version: '2012-10-17', Statement: [{ Sid: 'events', Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' }, Action: 'sns:Publish', Resource: TopicArn }] };
    await sns().send(new SetTopicAttributesCommand({ TopicArn, AttributeName: 'Policy', AttributeValue: JSON.stringify(policy) }));
  }
  await sns().send(new SubscribeCommand({ TopicArn, Protocol: 'http', Endpoint: `${receiver.url}${path}` }));
  await waitFor(async () => (await sns().send(new ListSubscriptionsByTopicCommand({ TopicArn }))).Subscriptions?.[0]?.SubscriptionArn, (a) => a?.startsWith('arn:') === true, 'the confirmed subscription');
  return TopicArn!;
}

/** Runs Macie's publication pass, then the rule targets and SNS deliveries it queued. */
async function publishAndDeliver(): Promise<void> {
  await server.sift.notifications.publishMacieFindings();
  await server.sift.notifications.eventsDeliverDue();
  await server.sift.notifications.snsDeliverDue();
}

describe('EventBridge rules, targets and Macie finding events', { timeout: 120_000 }, () => {
  it('manages rules and targets, tests patterns, and refuses bad patterns', async () => {
    const pattern = JSON.stringify({ source: ['sift.e2e'], detail: { n: [{ numeric: ['>', 5] }] } });
    const { RuleArn } = await eb().send(new PutRuleCommand({ Name: 'e2e-manage', EventPattern: pattern, Description: 'd' }));
    expect(RuleArn).toBe(`arn:aws:events:${server.region}:${server.accountId}:rule/e2e-manage`);
    expect(await eb().send(new DescribeRuleCommand({ Name: 'e2e-manage' }))).toMatchObject({ Name: 'e2e-manage', Arn: RuleArn, EventPattern: pattern, State: 'ENABLED', EventBusName: 'default', Description: 'd' });
    await eb().send(new DisableRuleCommand({ Name: 'e2e-manage' }));
    expect((await eb().send(new ListRulesCommand({ NamePrefix: 'e2e-man' }))).Rules).toMatchObject([{ Name: 'e2e-manage', State: 'DISABLED' }]);
    await eb().send(new EnableRuleCommand({ Name: 'e2e-manage' }));
    const topic = await topicFor('e2e-manage-topic', '/manage');
    await eb().send(new PutTargetsCommand({ Rule: 'e2e-manage', Targets: [{ Id: 't1', Arn: topic }] }));
    expect((await eb().send(new ListTargetsByRuleCommand({ Rule: 'e2e-manage' }))).Targets).toEqual([{ Id: 't1', Arn: topic }]);
    await expect(eb().send(new DeleteRuleCommand({ Name: 'e2e-manage' }))).rejects.toMatchObject({ name: 'ValidationException' });
    await eb().send(new RemoveTargetsCommand({ Rule: 'e2e-manage', Ids: ['t1'] }));
    await eb().send(new DeleteRuleCommand({ Name: 'e2e-manage' }));
    await expect(eb().send(new DescribeRuleCommand({ Name: 'e2e-manage' }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });

    const event = JSON.stringify({ id: '1', account: server.accountId, source: 'sift.e2e', time: '2026-01-01T00:00:00Z', region: server.region, 'detail-type': 't', resources: [], detail: { n: 6, name: 'Report.PDF' } });
    const test = async (p: unknown) => (await eb().send(new TestEventPatternCommand({ EventPattern: JSON.stringify(p), Event: event }))).Result;
    expect(await test({ detail: { n: [{ numeric: ['>', 5, '<=', 6] }] } })).toBe(true);
    expect(await test({ detail: { name: [{ suffix: { 'equals-ignore-case': '.pdf' } }] } })).toBe(true);
    expect(await test({ detail: { name: [{ wildcard: 'Rep*.PDF' }], missing: [{ exists: false }] } })).toBe(true);
    expect(await test({ $or: [{ source: ['x'] }, { detail: { n: [{ 'anything-but': [1, 2] }] } }] })).toBe(true);
    expect(await test({ source: [{ prefix: 'other' }] })).toBe(false);
    await expect(eb().send(new PutRuleCommand({ Name: 'bad', EventPattern: '{"a":[{"numeric":[">"]}]}' }))).rejects.toMatchObject({ name: 'InvalidEventPatternException' });
    await expect(eb().send(new PutRuleCommand({ Name: 'bad', EventPattern: '{"a":"b"}' }))).rejects.toMatchObject({ name: 'InvalidEventPatternException' });
    await expect(eb().send(new PutRuleCommand({ Name: 'sched', ScheduleExpression: 'rate(5 minutes)' }))).rejects.toMatchObject({ name: 'NotImplemented' });
    await expect(eb().send(new CreateArchiveCommand({ ArchiveName: 'a', EventSourceArn: `arn:aws:events:${server.region}:${server.accountId}:event-bus/default` }))).rejects.toMatchObject({ name: 'NotImplemented' });
  });

  // Before the tests that move the server's clock ahead: the aws CLI signs with the real time.
  it.skipIf(!awsCliAvailable)('works with the aws CLI: put-rule with the Macie pattern, put-targets, test-event-pattern', async () => {
    const env = server.cliEnv();
    const topic = await topicFor('e2e-cli-topic', '/cli-events');
    const rule = await aws(env, ['events', 'put-rule', '--name', 'cli-macie-high', '--event-pattern', '{"source":["aws.macie"],"detail.severity.description":["High"]}']);
    expect(rule.code, rule.stderr).toBe(0);
    const targets = await aws(env, ['events', 'put-targets', '--rule', 'cli-macie-high', '--targets', `Id=sns,Arn=${topic}`]);
    expect(targets.code, targets.stderr).toBe(0);
    expect(targets.json).toEqual({ FailedEntryCount: 0, FailedEntries: [] });
    const listed = await aws(env, ['events', 'list-targets-by-rule', '--rule', 'cli-macie-high']);
    expect(listed.json.Targets).toEqual([{ Id: 'sns', Arn: topic }]);
    const event = { id: '1', account: server.accountId, source: 'aws.macie', time: '2026-01-01T00:00:00Z', region: server.region, 'detail-type': 'Macie Finding', resources: [], detail: { severity: { description: 'High' } } };
    const test = await aws(env, ['events', 'test-event-pattern', '--event-pattern', '{"source":["aws.macie"],"detail.severity.description":["High"]}', '--event', JSON.stringify(event)]);
    expect(test.code, test.stderr).toBe(0);
    expect(test.json).toEqual({ Result: true });
  }, 120_000);

  it.skipIf(!awsCliAvailable)('custom event buses: create, describe, list, rules and targets on them, put-events with the aws CLI, delete', async () => {
    const logs = new CloudWatchLogsClient(server.clientConfig());
    await logs.send(new CreateLogGroupCommand({ logGroupName: '/e2e/bus' }));
    const env = server.cliEnv();
    const created = await aws(env, ['events', 'create-event-bus', '--name', 'orders', '--description', 'order events']);
    expect(created.code, created.stderr).toBe(0);
    const busArn = `arn:aws:events:${server.region}:${server.accountId}:event-bus/orders`;
    expect(created.json).toMatchObject({ EventBusArn: busArn, Description: 'order events' });
    await expect(eb().send(new CreateEventBusCommand({ Name: 'orders' }))).rejects.toMatchObject({ name: 'ResourceAlreadyExistsException' });
    await expect(eb().send(new CreateEventBusCommand({ Name: 'a/b' }))).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(eb().send(new CreateEventBusCommand({ Name: 'keyed', KmsKeyIdentifier: 'alias/x' }))).rejects.toMatchObject({ name: 'NotImplemented' });
    await expect(eb().send(new DeleteEventBusCommand({ Name: 'default' }))).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(eb().send(new DescribeEventBusCommand({ Name: 'nope' }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    expect(await eb().send(new DescribeEventBusCommand({ Name: busArn }))).toMatchObject({ Name: 'orders', Arn: busArn, Description: 'order events' });
    expect((await eb().send(new ListEventBusesCommand({}))).EventBuses!.map((b) => b.Name)).toEqual(['default', 'orders']);
    expect((await eb().send(new ListEventBusesCommand({ NamePrefix: 'ord' }))).EventBuses!.map((b) => b.Name)).toEqual(['orders']);
    const page = await eb().send(new ListEventBusesCommand({ Limit: 1 }));
    expect(page.EventBuses!.map((b) => b.Name)).toEqual(['default']);
    expect((await eb().send(new ListEventBusesCommand({ Limit: 1, NextToken: page.NextToken }))).EventBuses!.map((b) => b.Name)).toEqual(['orders']);

    // The same rule name on two buses: two rules, each seeing only its bus's events.
    const { RuleArn } = await eb().send(new PutRuleCommand({ Name: 'big', EventBusName: 'orders', EventPattern: JSON.stringify({ source: ['sift.bus'] }) }));
    expect(RuleArn).toBe(`arn:aws:events:${server.region}:${server.accountId}:rule/orders/big`);
    await expect(eb().send(new PutRuleCommand({ Name: 'big', EventBusName: 'missing', EventPattern: '{"source":["x"]}' }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    expect(await eb().send(new DescribeRuleCommand({ Name: 'big', EventBusName: busArn }))).toMatchObject({ Arn: RuleArn, EventBusName: 'orders' });
    await expect(eb().send(new DescribeRuleCommand({ Name: 'big' }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    await eb().send(new PutTargetsCommand({ Rule: 'big', EventBusName: 'orders', Targets: [{ Id: 'logs', Arn: `arn:aws:logs:${server.region}:${server.accountId}:log-group:/e2e/bus`, InputPath: '$.detail' }] }));
    expect((await eb().send(new ListRulesCommand({ EventBusName: 'orders' }))).Rules!.map((r) => r.Name)).toEqual(['big']);
    const put = await aws(env, ['events', 'put-events', '--entries', JSON.stringify([{ Source: 'sift.bus', DetailType: 'order', Detail: '{"n":1}', EventBusName: 'orders' }, { Source: 'sift.bus', DetailType: 'order', Detail: '{"n":2}' }, { Source: 'sift.bus', DetailType: 'order', Detail: '{"n":3}', EventBusName: 'gone' }])]);
    expect(put.code, put.stderr).toBe(0);
    expect(put.json.FailedEntryCount).toBe(1);
    expect(put.json.Entries[2]).toMatchObject({ ErrorCode: 'InvalidArgument' });
    await server.sift.notifications.eventsDeliverDue();
    const streams = await waitFor(async () => (await logs.send(new DescribeLogStreamsCommand({ logGroupName: '/e2e/bus' }))).logStreams ?? [], (l) => l.length >= 1, 'the log stream');
    expect(streams.map((st) => st.logStreamName)).toEqual([put.json.Entries[0].EventId]);
    const { events } = await logs.send(new GetLogEventsCommand({ logGroupName: '/e2e/bus', logStreamName: streams[0]!.logStreamName! }));
    expect(events!.map((e) => JSON.parse(e.message!))).toEqual([{ n: 1 }]);

    // Deleting the bus takes its rules with it.
    await eb().send(new DeleteEventBusCommand({ Name: 'orders' }));
    await expect(eb().send(new DescribeRuleCommand({ Name: 'big', EventBusName: 'orders' }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    expect((await eb().send(new ListEventBusesCommand({}))).EventBuses!.map((b) => b.Name)).toEqual(['default']);
    await eb().send(new DeleteEventBusCommand({ Name: 'orders' }));
  }, 120_000);

  it("another account puts events on a bus only while the bus's resource policy allows it", async () => {
    const logs = new CloudWatchLogsClient(server.clientConfig());
    await logs.send(new CreateLogGroupCommand({ logGroupName: '/e2e/shared' }));
    const { EventBusArn } = await eb().send(new CreateEventBusCommand({ Name: 'shared' }));
    await eb().send(new PutRuleCommand({ Name: 'all', EventBusName: 'shared', EventPattern: JSON.stringify({ source: ['partner.app'] }) }));
    await eb().send(new PutTargetsCommand({ Rule: 'all', EventBusName: 'shared', Targets: [{ Id: 'logs', Arn: `arn:aws:logs:${server.region}:${server.accountId}:log-group:/e2e/shared` }] }));
    const other = await secondAccount(server);
    const otherEb = new EventBridgeClient(server.clientConfig(other.creds));
    const send = (n: number, bus = EventBusArn!) => otherEb.send(new PutEventsCommand({ Entries: [{ Source: 'partner.app', DetailType: 'x', Detail: JSON.stringify({ n }), EventBusName: bus }] }));
    expect((await send(1)).Entries![0]).toMatchObject({ ErrorCode: 'AccessDeniedException' });
    // A missing bus of the owner answers the same: existence does not leak.
    expect((await send(1, `arn:aws:events:${server.region}:${server.accountId}:event-bus/nothing`)).Entries![0]).toMatchObject({ ErrorCode: 'AccessDeniedException' });
    await expect(eb().send(new PutPermissionCommand({ EventBusName: 'shared', Action: 'events:PutEvents', Principal: '*', StatementId: 'all' }))).rejects.toMatchObject({ name: 'ValidationException' });
    await eb().send(new PutPermissionCommand({ EventBusName: 'shared', Action: 'events:PutEvents', Principal: other.accountId, StatementId: 'other' }));
    await expect(eb().send(new PutPermissionCommand({ EventBusName: 'shared', Action: 'events:PutEvents', Principal: other.accountId, StatementId: 'other' }))).rejects.toMatchObject({ name: 'ResourceAlreadyExistsException' });
    const { Policy } = await eb().send(new DescribeEventBusCommand({ Name: 'shared' }));
    expect(JSON.parse(Policy!).Statement).toEqual([{ Sid: 'other', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${other.accountId}:root` }, Action: 'events:PutEvents', Resource: EventBusArn }]);
    const ok = await send(2);
    expect(ok.FailedEntryCount).toBe(0);
    // The grant covers that bus only, not the owner's default bus.
    expect((await send(3, `arn:aws:events:${server.region}:${server.accountId}:event-bus/default`)).Entries![0]).toMatchObject({ ErrorCode: 'AccessDeniedException' });
    await server.sift.notifications.eventsDeliverDue();
    const streams = await waitFor(async () => (await logs.send(new DescribeLogStreamsCommand({ logGroupName: '/e2e/shared' }))).logStreams ?? [], (l) => l.length >= 1, 'the log stream');
    expect(streams.map((st) => st.logStreamName)).toEqual([ok.Entries![0]!.EventId]);
    const { events } = await logs.send(new GetLogEventsCommand({ logGroupName: '/e2e/shared', logStreamName: streams[0]!.logStreamName! }));
    expect(JSON.parse(events![0]!.message!)).toMatchObject({ account: other.accountId, source: 'partner.app', detail: { n: 2 } });
    await eb().send(new RemovePermissionCommand({ EventBusName: 'shared', StatementId: 'other' }));
    await expect(eb().send(new RemovePermissionCommand({ EventBusName: 'shared', StatementId: 'other' }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    expect((await send(4)).Entries![0]).toMatchObject({ ErrorCode: 'AccessDeniedException' });
    // The other account's own buses are its own: it cannot read the owner's.
    await expect(otherEb.send(new DescribeEventBusCommand({ Name: 'shared' }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });

  it('routes custom events to a log group and to an API destination with its connection key', async () => {
    const logs = new CloudWatchLogsClient(server.clientConfig());
    await logs.send(new CreateLogGroupCommand({ logGroupName: '/e2e/events' }));
    await eb().send(new PutRuleCommand({ Name: 'e2e-custom', EventPattern: JSON.stringify({ source: [{ prefix: 'sift.' }], 'detail-type': ['order'], detail: { total: [{ numeric: ['>=', 100] }] } }) }));
    const { ConnectionArn } = await eb().send(new CreateConnectionCommand({ Name: 'hook', AuthorizationType: 'API_KEY', AuthParameters: { ApiKeyAuthParameters: { ApiKeyName: 'x-api-key', ApiKeyValue: 'secret-value' } } }));
    const described = await eb().send(new DescribeConnectionCommand({ Name: 'hook' }));
    expect(described.AuthParameters).toEqual({ ApiKeyAuthParameters: { ApiKeyName: 'x-api-key' } });
    const { ApiDestinationArn } = await eb().send(new CreateApiDestinationCommand({ Name: 'hook-dest', ConnectionArn, InvocationEndpoint: `${receiver.url}/api`, HttpMethod: 'POST' }));
    await expect(eb().send(new CreateApiDestinationCommand({ Name: 'meta', ConnectionArn, InvocationEndpoint: 'http://169.254.169.254/x', HttpMethod: 'POST' }))).rejects.toMatchObject({ name: 'ValidationException' });
    await eb().send(
      new PutTargetsCommand({
        Rule: 'e2e-custom',
        Targets: [
          { Id: 'logs', Arn: `arn:aws:logs:${server.region}:${server.accountId}:log-group:/e2e/events` },
          { Id: 'api', Arn: ApiDestinationArn!, InputPath: '$.detail' },
        ],
      }),
    );
    const put = await eb().send(
      new PutEventsCommand({
        Entries: [
          { Source: 'sift.shop', DetailType: 'order', Detail: JSON.stringify({ total: 150 }) },
          { Source: 'sift.shop', DetailType: 'order', Detail: JSON.stringify({ total: 20 }) },
          { Source: 'sift.shop', DetailType: 'order', Detail: 'not json' },
          { Source: 'aws.macie', DetailType: 'Macie Finding', Detail: '{}' },
        ],
      }),
    );
    expect(put.FailedEntryCount).toBe(2);
    expect(put.Entries![2]).toMatchObject({ ErrorCode: 'MalformedDetail' });
    expect(put.Entries![3]).toMatchObject({ ErrorCode: 'NotAuthorizedForSourceException' });
    await server.sift.notifications.eventsDeliverDue();
    const [call] = await waitFor(() => receiver.of('/api', 'raw'), (l) => l.length === 1, 'the API destination call');
    expect(call!.headers['x-api-key']).toBe('secret-value');
    expect(JSON.parse(call!.body)).toEqual({ total: 150 });
    const streams = await waitFor(async () => (await logs.send(new DescribeLogStreamsCommand({ logGroupName: '/e2e/events' }))).logStreams ?? [], (l) => l.length === 1, 'the log stream');
    expect(streams[0]!.logStreamName).toBe(put.Entries![0]!.EventId);
    const { events } = await logs.send(new GetLogEventsCommand({ logGroupName: '/e2e/events', logStreamName: streams[0]!.logStreamName! }));
    expect(JSON.parse(events![0]!.message!)).toMatchObject({ version: '0', id: put.Entries![0]!.EventId, source: 'sift.shop', 'detail-type': 'order', account: server.accountId, region: server.region, detail: { total: 150 } });
  });

  it('publishes each new High finding to the SNS target at once, none for Low', async () => {
    const topic = await topicFor('e2e-macie-high', '/macie');
    const closed = await topicFor('e2e-macie-closed', '/closed', false);
    await eb().send(new PutRuleCommand({ Name: 'macie-high', EventPattern: JSON.stringify({ source: ['aws.macie'], 'detail.severity.description': ['High'] }) }));
    await eb().send(new PutTargetsCommand({ Rule: 'macie-high', Targets: [{ Id: 'topic', Arn: topic }, { Id: 'closed', Arn: closed }] }));
    await macie().send(new UpdateMacieSessionCommand({ findingPublishingFrequency: 'FIFTEEN_MINUTES' }));
    await publishAndDeliver(); // the update pass starts its clock here
    await macie().send(new CreateSampleFindingsCommand({ findingTypes: ['Policy:IAMUser/S3BucketPublic', 'Policy:IAMUser/S3BucketEncryptionDisabled', 'SensitiveData:S3Object/Credentials'] }));
    await publishAndDeliver();
    const ids = (await macie().send(new ListFindingsCommand({}))).findingIds!;
    const { findings } = await macie().send(new GetFindingsCommand({ findingIds: ids }));
    const high = findings!.filter((f) => f.severity?.description === 'High');
    expect(high.length).toBeGreaterThanOrEqual(1);
    expect(findings!.some((f) => f.severity?.description === 'Low')).toBe(true);
    const got = await waitFor(() => receiver.of('/macie'), (l) => l.length >= high.length, 'one notification per High finding');
    await publishAndDeliver();
    expect(receiver.of('/macie')).toHaveLength(high.length);
    const events = got.map((r) => JSON.parse(r.message!.Message));
    expect(got.every((r) => r.verified)).toBe(true);
    expect(events.map((e) => e.detail.id).sort()).toEqual(high.map((f) => f.id).sort());
    for (const e of events) {
      expect(e).toMatchObject({ version: '0', source: 'aws.macie', 'detail-type': 'Macie Finding', account: server.accountId, region: server.region, resources: [] });
      expect(e.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      expect(e.detail.severity.description).toBe('High');
    }
    // The topic whose policy doesn't let EventBridge publish gets nothing.
    expect(receiver.of('/closed')).toEqual([]);

  });

  it("a real job's High finding reaches the SNS target through the rule, its Low finding does not", async () => {
    const topic = await topicFor('e2e-job-high', '/jobhigh');
    await eb().send(new PutRuleCommand({ Name: 'macie-job-high', EventPattern: JSON.stringify({ source: ['aws.macie'], 'detail.severity.description': ['High'] }) }));
    await eb().send(new PutTargetsCommand({ Rule: 'macie-job-high', Targets: [{ Id: 'topic', Arn: topic }] }));
    const s3 = new S3Client(server.clientConfig());
    await s3.send(new CreateBucketCommand({ Bucket: 'events-job-data' }));
    // One card number: High at any count. One date of birth and one phone number: Low each, so a Low finding.
    await s3.send(new PutObjectCommand({ Bucket: 'events-job-data', Key: 'cards.csv', Body: 'name,credit card number\nAnn,4556737586899855\n' }));
    await s3.send(new PutObjectCommand({ Bucket: 'events-job-data', Key: 'contact.txt', Body: 'Customer contact\nDate of birth: 1980-05-17\nphone number: 206-555-0142\n' }));
    const { jobId } = await macie().send(new CreateClassificationJobCommand({
      clientToken: 'events-job', jobType: 'ONE_TIME', name: 'events-job', managedDataIdentifierSelector: 'ALL',
      s3JobDefinition: { bucketDefinitions: [{ accountId: server.accountId, buckets: ['events-job-data'] }] },
    }));
    await waitFor(async () => (await macie().send(new DescribeClassificationJobCommand({ jobId }))).jobStatus, (st) => st === 'COMPLETE', 'the job to complete');
    const { findingIds } = await macie().send(new ListFindingsCommand({ findingCriteria: { criterion: { 'classificationDetails.jobId': { eq: [jobId!] } } } }));
    const { findings } = await macie().send(new GetFindingsCommand({ findingIds }));
    expect(findings!.map((f) => [f.resourcesAffected?.s3Object?.key, f.severity?.description]).sort()).toEqual([['cards.csv', 'High'], ['contact.txt', 'Low']]);
    const high = findings!.find((f) => f.severity?.description === 'High')!;

    await publishAndDeliver();
    const got = await waitFor(() => receiver.of('/jobhigh'), (l) => l.some((r) => JSON.parse(r.message!.Message).detail.id === high.id), 'the High finding of the job');
    await publishAndDeliver();
    const ofJob = receiver.of('/jobhigh').map((r) => JSON.parse(r.message!.Message)).filter((e) => e.detail.classificationDetails?.jobId === jobId);
    expect(ofJob.map((e) => e.detail.id)).toEqual([high.id]);
    expect(got.every((r) => r.verified)).toBe(true);
    expect(ofJob[0]).toMatchObject({ source: 'aws.macie', 'detail-type': 'Macie Finding', detail: { type: 'SensitiveData:S3Object/Financial', severity: { description: 'High' } } });
  });

  it("an InputTransformer shapes what the SNS and Logs targets receive for a Macie finding event", async () => {
    const topic = await topicFor('e2e-macie-transformed', '/transformed');
    const logs = new CloudWatchLogsClient(server.clientConfig());
    await logs.send(new CreateLogGroupCommand({ logGroupName: '/e2e/transformed' }));
    await eb().send(new PutRuleCommand({ Name: 'macie-transform', EventPattern: JSON.stringify({ source: ['aws.macie'], detail: { type: ['SensitiveData:S3Object/Credentials'] } }) }));
    const paths = { type: '$.detail.type', severity: '$.detail.severity.description', bucket: '$.detail.resourcesAffected.s3Bucket.name', id: '$.detail.id', time: '$.time' };
    // Validated at PutTargets: one of Input/InputPath/InputTransformer, a valid JSON object template, valid paths.
    const bad = async (t: Record<string, unknown>) => expect(eb().send(new PutTargetsCommand({ Rule: 'macie-transform', Targets: [{ Id: 'x', Arn: topic, ...t }] }))).rejects.toMatchObject({ name: 'ValidationException', $metadata: { httpStatusCode: 400 } });
    await bad({ Input: '{}', InputTransformer: { InputTemplate: 'x' } });
    await bad({ InputTransformer: { InputPathsMap: paths, InputTemplate: '{<type>: 1}' } });
    await bad({ InputTransformer: { InputPathsMap: { a: "$['detail']" }, InputTemplate: '<a>' } });
    await eb().send(
      new PutTargetsCommand({
        Rule: 'macie-transform',
        Targets: [
          { Id: 'sns', Arn: topic, InputTransformer: { InputPathsMap: paths, InputTemplate: 'Macie <severity> finding <type> in bucket <bucket> (rule <aws.events.rule-name>)' } },
          { Id: 'logs', Arn: `arn:aws:logs:${server.region}:${server.accountId}:log-group:/e2e/transformed`, InputTransformer: { InputPathsMap: paths, InputTemplate: '{"timestamp": <time>, "message": "<severity>: <type> <id>"}' } },
        ],
      }),
    );
    const listed = (await eb().send(new ListTargetsByRuleCommand({ Rule: 'macie-transform' }))).Targets!;
    expect(listed.find((t) => t.Id === 'sns')!.InputTransformer).toEqual({ InputPathsMap: paths, InputTemplate: expect.stringContaining('<bucket>') });
    await macie().send(new CreateSampleFindingsCommand({ findingTypes: ['SensitiveData:S3Object/Credentials'] }));
    await publishAndDeliver();
    const ids = (await macie().send(new ListFindingsCommand({ findingCriteria: { criterion: { type: { eq: ['SensitiveData:S3Object/Credentials'] } } } }))).findingIds!;
    const { findings } = await macie().send(new GetFindingsCommand({ findingIds: ids }));
    const latest = findings!.sort((a, b) => String(b.createdAt?.toISOString()).localeCompare(String(a.createdAt?.toISOString())))[0]!;
    const got = await waitFor(() => receiver.of('/transformed'), (l) => l.length >= 1, 'the transformed notification');
    expect(got[0]!.verified).toBe(true);
    expect(got.map((r) => r.message!.Message)).toContain(`Macie ${latest.severity!.description} finding SensitiveData:S3Object/Credentials in bucket ${latest.resourcesAffected!.s3Bucket!.name} (rule macie-transform)`);
    const streams = await waitFor(async () => (await logs.send(new DescribeLogStreamsCommand({ logGroupName: '/e2e/transformed' }))).logStreams ?? [], (l) => l.length >= 1, 'the log stream');
    const messages = (await Promise.all(streams.map(async (st) => (await logs.send(new GetLogEventsCommand({ logGroupName: '/e2e/transformed', logStreamName: st.logStreamName! }))).events ?? []))).flat();
    expect(messages.map((e) => e.message)).toContain(`${latest.severity!.description}: SensitiveData:S3Object/Credentials ${latest.id}`);
  });

  it('publishes a later occurrence of a policy finding at the next publishing pass (ONE_HOUR), not before', async () => {
    const topic = await topicFor('e2e-macie-updates', '/updates');
    await eb().send(new PutRuleCommand({ Name: 'macie-bpa', EventPattern: JSON.stringify({ source: ['aws.macie'], detail: { type: ['Policy:IAMUser/S3BlockPublicAccessDisabled'], sample: [false] } }) }));
    await eb().send(new PutTargetsCommand({ Rule: 'macie-bpa', Targets: [{ Id: 'topic', Arn: topic }] }));
    await macie().send(new UpdateMacieSessionCommand({ findingPublishingFrequency: 'ONE_HOUR' }));
    const s3 = new S3Client(server.clientConfig());
    await s3.send(new CreateBucketCommand({ Bucket: 'e2e-events-bpa' }));
    const { store, storage, ids } = server.sift.deps;
    const monitor = new PolicyMonitor({ store, storage, ids, clock });
    // Block public access turned off: a new policy finding, published at once.
    await s3.send(new DeletePublicAccessBlockCommand({ Bucket: 'e2e-events-bpa' }));
    await monitor.evaluateAll();
    await publishAndDeliver();
    const [first] = await waitFor(() => receiver.of('/updates'), (l) => l.length === 1, 'the new finding event');
    const findingId = JSON.parse(first!.message!.Message).detail.id;
    // Turned back on, then off again: the same finding, count 2, published only at the next hourly pass.
    await s3.send(new PutPublicAccessBlockCommand({ Bucket: 'e2e-events-bpa', PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true } }));
    clock.advance(60_000);
    await monitor.evaluateAll();
    await s3.send(new DeletePublicAccessBlockCommand({ Bucket: 'e2e-events-bpa' }));
    clock.advance(60_000);
    await monitor.evaluateAll();
    const updated = (await macie().send(new GetFindingsCommand({ findingIds: [findingId] }))).findings![0]!;
    expect(updated.count).toBe(2);
    clock.advance(30 * 60_000);
    await publishAndDeliver();
    expect(receiver.of('/updates')).toHaveLength(1);
    clock.advance(30 * 60_000);
    await publishAndDeliver();
    const both = await waitFor(() => receiver.of('/updates'), (l) => l.length === 2, 'the update event');
    expect(JSON.parse(both[1]!.message!.Message).detail).toMatchObject({ id: findingId, count: 2 });
    await publishAndDeliver();
    expect(receiver.of('/updates')).toHaveLength(2);
  });

});
