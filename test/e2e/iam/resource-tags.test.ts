// Condition keys on the resource's own tags and on the tags a request puts on an S3 object: a Deny conditioned on
// each applies to the tagged resource (or tagging request) only. aws:ResourceTag for IAM users (and iam:ResourceTag),
// log groups, alarms and buckets; s3:ExistingObjectTag, s3:RequestObjectTag and s3:RequestObjectTagKeys.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateAccessKeyCommand, CreateUserCommand, DeleteUserCommand, IAMClient, PutUserPolicyCommand, TagUserCommand } from '@aws-sdk/client-iam';
import { CloudWatchLogsClient, CreateLogGroupCommand, DeleteLogGroupCommand } from '@aws-sdk/client-cloudwatch-logs';
import { CloudWatchClient, DeleteAlarmsCommand, PutMetricAlarmCommand } from '@aws-sdk/client-cloudwatch';
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, PutBucketTaggingCommand, PutObjectCommand, PutObjectTaggingCommand, S3Client } from '@aws-sdk/client-s3';
import { startServer, type Credentials, type TestServer } from '../harness.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.close();
});

const iam = (c?: Credentials) => new IAMClient(server.clientConfig(c));
const logs = (c?: Credentials) => new CloudWatchLogsClient(server.clientConfig(c));
const cw = (c?: Credentials) => new CloudWatchClient(server.clientConfig(c));
const s3 = (c?: Credentials) => new S3Client({ ...server.clientConfig(c), forcePathStyle: true });
const doc = (...Statement: object[]) => JSON.stringify({ Version: '2012-10-17', Statement });

async function userWith(name: string, policy: string): Promise<Credentials> {
  await iam().send(new CreateUserCommand({ UserName: name }));
  await iam().send(new PutUserPolicyCommand({ UserName: name, PolicyName: 'p', PolicyDocument: policy }));
  const key = (await iam().send(new CreateAccessKeyCommand({ UserName: name }))).AccessKey!;
  return { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! };
}
const errorName = (p: Promise<unknown>) => p.then(() => 'ok', (e: Error) => e.name);

describe('aws:ResourceTag', () => {
  it('IAM users: a Deny on aws:ResourceTag/protected and on iam:ResourceTag/team', async () => {
    const creds = await userWith(
      'iam-admin',
      doc(
        { Effect: 'Allow', Action: 'iam:*', Resource: '*' },
        { Effect: 'Deny', Action: 'iam:DeleteUser', Resource: '*', Condition: { StringEquals: { 'aws:ResourceTag/protected': 'true' } } },
        { Effect: 'Deny', Action: 'iam:DeleteUser', Resource: '*', Condition: { StringEquals: { 'iam:ResourceTag/team': 'security' } } },
      ),
    );
    for (const n of ['keep', 'sec', 'free']) await iam().send(new CreateUserCommand({ UserName: n }));
    await iam().send(new TagUserCommand({ UserName: 'keep', Tags: [{ Key: 'protected', Value: 'true' }] }));
    await iam().send(new TagUserCommand({ UserName: 'sec', Tags: [{ Key: 'team', Value: 'security' }] }));
    expect(await errorName(iam(creds).send(new DeleteUserCommand({ UserName: 'keep' })))).toBe('AccessDenied');
    expect(await errorName(iam(creds).send(new DeleteUserCommand({ UserName: 'sec' })))).toBe('AccessDenied');
    expect(await errorName(iam(creds).send(new DeleteUserCommand({ UserName: 'free' })))).toBe('ok');
  });

  it('log groups: a Deny on the group\'s tag', async () => {
    const creds = await userWith('logs-admin', doc({ Effect: 'Allow', Action: 'logs:*', Resource: '*' }, { Effect: 'Deny', Action: 'logs:DeleteLogGroup', Resource: '*', Condition: { StringEquals: { 'aws:ResourceTag/env': 'prod' } } }));
    await logs().send(new CreateLogGroupCommand({ logGroupName: 'prod-app', tags: { env: 'prod' } }));
    await logs().send(new CreateLogGroupCommand({ logGroupName: 'dev-app', tags: { env: 'dev' } }));
    expect(await errorName(logs(creds).send(new DeleteLogGroupCommand({ logGroupName: 'prod-app' })))).toBe('AccessDeniedException');
    expect(await errorName(logs(creds).send(new DeleteLogGroupCommand({ logGroupName: 'dev-app' })))).toBe('ok');
  });

  it('alarms: a Deny on the alarm\'s tag', async () => {
    const creds = await userWith('cw-admin', doc({ Effect: 'Allow', Action: 'cloudwatch:*', Resource: '*' }, { Effect: 'Deny', Action: 'cloudwatch:DeleteAlarms', Resource: '*', Condition: { StringEquals: { 'aws:ResourceTag/owner': 'sre' } } }));
    const alarm = (AlarmName: string, owner: string) =>
      cw().send(new PutMetricAlarmCommand({ AlarmName, Namespace: 'App', MetricName: 'Errors', Statistic: 'Sum', Period: 60, EvaluationPeriods: 1, Threshold: 1, ComparisonOperator: 'GreaterThanThreshold', Tags: [{ Key: 'owner', Value: owner }] }));
    await alarm('sre-alarm', 'sre');
    await alarm('dev-alarm', 'dev');
    expect(await errorName(cw(creds).send(new DeleteAlarmsCommand({ AlarmNames: ['sre-alarm'] })))).toBe('AccessDeniedException');
    expect(await errorName(cw(creds).send(new DeleteAlarmsCommand({ AlarmNames: ['dev-alarm'] })))).toBe('ok');
  });

  it('buckets: a Deny on the bucket\'s tag', async () => {
    const creds = await userWith('s3-lister', doc({ Effect: 'Allow', Action: 's3:*', Resource: '*' }, { Effect: 'Deny', Action: 's3:ListBucket', Resource: '*', Condition: { StringEquals: { 'aws:ResourceTag/data': 'restricted' } } }));
    await s3().send(new CreateBucketCommand({ Bucket: 'restricted-data' }));
    await s3().send(new CreateBucketCommand({ Bucket: 'open-data' }));
    await s3().send(new PutBucketTaggingCommand({ Bucket: 'restricted-data', Tagging: { TagSet: [{ Key: 'data', Value: 'restricted' }] } }));
    expect(await errorName(s3(creds).send(new ListObjectsV2Command({ Bucket: 'restricted-data' })))).toBe('AccessDenied');
    expect(await errorName(s3(creds).send(new ListObjectsV2Command({ Bucket: 'open-data' })))).toBe('ok');
  });
});

describe('S3 object tag keys', () => {
  it('s3:ExistingObjectTag: a Deny on reading objects tagged secret', async () => {
    const creds = await userWith('reader', doc({ Effect: 'Allow', Action: 's3:*', Resource: '*' }, { Effect: 'Deny', Action: 's3:GetObject', Resource: '*', Condition: { StringEquals: { 's3:ExistingObjectTag/classification': 'secret' } } }));
    await s3().send(new CreateBucketCommand({ Bucket: 'docs' }));
    await s3().send(new PutObjectCommand({ Bucket: 'docs', Key: 'plan.txt', Body: 'x', Tagging: 'classification=secret' }));
    await s3().send(new PutObjectCommand({ Bucket: 'docs', Key: 'menu.txt', Body: 'y' }));
    expect(await errorName(s3(creds).send(new GetObjectCommand({ Bucket: 'docs', Key: 'plan.txt' })))).toBe('AccessDenied');
    expect(await errorName(s3(creds).send(new GetObjectCommand({ Bucket: 'docs', Key: 'menu.txt' })))).toBe('ok');
    // Retagging the object changes the decision.
    await s3().send(new PutObjectTaggingCommand({ Bucket: 'docs', Key: 'plan.txt', Tagging: { TagSet: [{ Key: 'classification', Value: 'public' }] } }));
    expect(await errorName(s3(creds).send(new GetObjectCommand({ Bucket: 'docs', Key: 'plan.txt' })))).toBe('ok');
  });

  it('s3:RequestObjectTag and s3:RequestObjectTagKeys: a Deny on the tags a request sets', async () => {
    const creds = await userWith(
      'writer',
      doc(
        { Effect: 'Allow', Action: 's3:*', Resource: '*' },
        { Effect: 'Deny', Action: ['s3:PutObject', 's3:PutObjectTagging'], Resource: '*', Condition: { StringEquals: { 's3:RequestObjectTag/classification': 'secret' } } },
        { Effect: 'Deny', Action: ['s3:PutObject', 's3:PutObjectTagging'], Resource: '*', Condition: { 'ForAnyValue:StringEquals': { 's3:RequestObjectTagKeys': 'owner' } } },
      ),
    );
    await s3().send(new CreateBucketCommand({ Bucket: 'uploads' }));
    expect(await errorName(s3(creds).send(new PutObjectCommand({ Bucket: 'uploads', Key: 'a', Body: 'x', Tagging: 'classification=secret' })))).toBe('AccessDenied');
    expect(await errorName(s3(creds).send(new PutObjectCommand({ Bucket: 'uploads', Key: 'b', Body: 'x', Tagging: 'owner=me' })))).toBe('AccessDenied');
    expect(await errorName(s3(creds).send(new PutObjectCommand({ Bucket: 'uploads', Key: 'c', Body: 'x', Tagging: 'classification=public' })))).toBe('ok');
    expect(await errorName(s3(creds).send(new PutObjectTaggingCommand({ Bucket: 'uploads', Key: 'c', Tagging: { TagSet: [{ Key: 'classification', Value: 'secret' }] } })))).toBe('AccessDenied');
    expect(await errorName(s3(creds).send(new PutObjectTaggingCommand({ Bucket: 'uploads', Key: 'c', Tagging: { TagSet: [{ Key: 'team', Value: 'x' }] } })))).toBe('ok');
  });
});
