// iam:PassRole where AWS checks it: a trail's CloudWatchLogsRoleArn is passed to CloudTrail, so CreateTrail and
// UpdateTrail with one need iam:PassRole on that role (iam:PassedToService cloudtrail.amazonaws.com) besides the
// CloudTrail permission.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { CloudTrailClient, CreateTrailCommand } from '@aws-sdk/client-cloudtrail';
import { startServer, type Credentials, type TestServer } from '../harness.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.close();
});

const iam = () => new IAMClient(server.clientConfig());
const trail = (c: Credentials) => new CloudTrailClient(server.clientConfig(c));
const doc = (...Statement: object[]) => JSON.stringify({ Version: '2012-10-17', Statement });

async function userWith(name: string, policy: string): Promise<Credentials> {
  await iam().send(new CreateUserCommand({ UserName: name }));
  await iam().send(new PutUserPolicyCommand({ UserName: name, PolicyName: 'p', PolicyDocument: policy }));
  const key = (await iam().send(new CreateAccessKeyCommand({ UserName: name }))).AccessKey!;
  return { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! };
}

describe('iam:PassRole', () => {
  const role = () => `arn:aws:iam::${server.accountId}:role/trail-to-logs`;
  const create = (c: Credentials, name: string) =>
    trail(c).send(new CreateTrailCommand({ Name: name, S3BucketName: 'no-such-bucket-for-trail', CloudWatchLogsLogGroupArn: `arn:aws:logs:${server.region}:${server.accountId}:log-group:t:*`, CloudWatchLogsRoleArn: role() }));
  const failure = (p: Promise<unknown>) => p.then(() => ({ name: 'none', message: '' }), (e: Error) => ({ name: e.name, message: e.message }));

  it('CreateTrail with a CloudWatch Logs role is refused without iam:PassRole on it', async () => {
    const creds = await userWith('trail-admin', doc({ Effect: 'Allow', Action: 'cloudtrail:*', Resource: '*' }));
    const e = await failure(create(creds, 'one'));
    expect(e.name).toBe('AccessDeniedException');
    expect(e.message).toContain(`iam:PassRole on resource: ${role()}`);
  });

  it('with iam:PassRole for CloudTrail the request reaches CloudTrail (which then checks the bucket)', async () => {
    const creds = await userWith(
      'trail-admin2',
      doc({ Effect: 'Allow', Action: 'cloudtrail:*', Resource: '*' }, { Effect: 'Allow', Action: 'iam:PassRole', Resource: role(), Condition: { StringEquals: { 'iam:PassedToService': 'cloudtrail.amazonaws.com' } } }),
    );
    expect((await failure(create(creds, 'two'))).name).toBe('S3BucketDoesNotExistException');
  });

  it('a PassRole allowed only for another service does not count', async () => {
    const creds = await userWith(
      'trail-admin3',
      doc({ Effect: 'Allow', Action: 'cloudtrail:*', Resource: '*' }, { Effect: 'Allow', Action: 'iam:PassRole', Resource: '*', Condition: { StringEquals: { 'iam:PassedToService': 'logs.amazonaws.com' } } }),
    );
    expect((await failure(create(creds, 'three'))).name).toBe('AccessDeniedException');
  });
});
