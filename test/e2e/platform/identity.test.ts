// Issue 2, end to end: identities, IAM, STS, Macie sessions and their audit records, driven by the real SDK clients.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GetCallerIdentityCommand, AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import {
  CreateAccessKeyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  DeleteAccessKeyCommand,
  DeleteUserCommand,
  DeleteUserPolicyCommand,
  GetRoleCommand,
  GetUserPolicyCommand,
  IAMClient,
  ListAccessKeysCommand,
  ListUsersCommand,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import {
  DisableMacieCommand,
  EnableMacieCommand,
  GetMacieSessionCommand,
  ListFindingsCommand,
  Macie2Client,
  UpdateMacieSessionCommand,
} from '@aws-sdk/client-macie2';
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { startServer, type Credentials, type TestServer } from '../harness.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.close();
});

const sts = (c?: Credentials) => new STSClient(server.clientConfig(c));
const iam = (c?: Credentials) => new IAMClient(server.clientConfig(c));
const macie = (c?: Credentials) => new Macie2Client(server.clientConfig(c));
const trail = (c?: Credentials) => new CloudTrailClient(server.clientConfig(c));

async function lookup(name: string) {
  await server.sift.audit.flush();
  const out = await trail().send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: name }] }));
  return (out.Events ?? []).map((e) => ({ ...e, record: JSON.parse(e.CloudTrailEvent!) }));
}

describe('identities', () => {
  it('answers GetCallerIdentity for the root credentials', async () => {
    const id = await sts().send(new GetCallerIdentityCommand({}));
    expect(id.Account).toBe(server.accountId);
    expect(id.Arn).toBe(`arn:aws:iam::${server.accountId}:root`);
  });

  it('creates a user with a key and a policy, and calls as that user', async () => {
    await iam().send(new CreateUserCommand({ UserName: 'alice' }));
    const users = await iam().send(new ListUsersCommand({}));
    expect(users.Users?.map((u) => u.UserName)).toContain('alice');
    const key = (await iam().send(new CreateAccessKeyCommand({ UserName: 'alice' }))).AccessKey!;
    const alice = { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! };
    const me = await sts(alice).send(new GetCallerIdentityCommand({}));
    expect(me.Arn).toBe(`arn:aws:iam::${server.accountId}:user/alice`);

    await macie().send(new EnableMacieCommand({}));
    // No policy yet: denied, and the denial is in event history.
    await expect(macie(alice).send(new GetMacieSessionCommand({}))).rejects.toMatchObject({ name: 'AccessDeniedException', $metadata: { httpStatusCode: 403 } });
    const denied = (await lookup('GetMacieSession')).find((e) => e.record.userIdentity.userName === 'alice');
    expect(denied?.record.errorCode).toBe('AccessDeniedException');
    expect(denied?.record.userIdentity.type).toBe('IAMUser');

    const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['macie2:Get*', 'macie2:ListFindings'], Resource: '*' }] };
    await iam().send(new PutUserPolicyCommand({ UserName: 'alice', PolicyName: 'read-macie', PolicyDocument: JSON.stringify(policy) }));
    const got = await iam().send(new GetUserPolicyCommand({ UserName: 'alice', PolicyName: 'read-macie' }));
    expect(JSON.parse(decodeURIComponent(got.PolicyDocument!))).toEqual(policy);
    const session = await macie(alice).send(new GetMacieSessionCommand({}));
    expect(session.status).toBe('ENABLED');
    // Allowed by name, but not UpdateMacieSession.
    await expect(macie(alice).send(new UpdateMacieSessionCommand({ status: 'PAUSED' }))).rejects.toMatchObject({ name: 'AccessDeniedException' });

    // An explicit deny wins over the allow.
    const deny = { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'macie2:GetMacieSession', Resource: '*' }] };
    await iam().send(new PutUserPolicyCommand({ UserName: 'alice', PolicyName: 'deny', PolicyDocument: JSON.stringify(deny) }));
    await expect(macie(alice).send(new GetMacieSessionCommand({}))).rejects.toMatchObject({ name: 'AccessDeniedException' });
    await macie(alice).send(new ListFindingsCommand({})).catch((e) => expect(e.name).not.toBe('AccessDeniedException'));

    await iam().send(new DeleteUserPolicyCommand({ UserName: 'alice', PolicyName: 'deny' }));
    await iam().send(new DeleteUserPolicyCommand({ UserName: 'alice', PolicyName: 'read-macie' }));
    await expect(iam().send(new DeleteUserCommand({ UserName: 'alice' }))).rejects.toMatchObject({ name: 'DeleteConflictException' });
    const keys = await iam().send(new ListAccessKeysCommand({ UserName: 'alice' }));
    await iam().send(new DeleteAccessKeyCommand({ UserName: 'alice', AccessKeyId: keys.AccessKeyMetadata![0]!.AccessKeyId! }));
    await iam().send(new DeleteUserCommand({ UserName: 'alice' }));
    await expect(sts(alice).send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({ name: 'InvalidClientTokenId' });
  });

  it('assumes a role with and without ExternalId and calls with the temporary credentials', async () => {
    const trust = (condition?: object) => ({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${server.accountId}:root` }, Action: 'sts:AssumeRole', ...(condition ? { Condition: condition } : {}) }],
    });
    await iam().send(new CreateRoleCommand({ RoleName: 'auditor', AssumeRolePolicyDocument: JSON.stringify(trust()) }));
    await iam().send(new CreateRoleCommand({ RoleName: 'partner', AssumeRolePolicyDocument: JSON.stringify(trust({ StringEquals: { 'sts:ExternalId': 'ext-123' } })) }));
    const role = await iam().send(new GetRoleCommand({ RoleName: 'auditor' }));
    expect(JSON.parse(decodeURIComponent(role.Role!.AssumeRolePolicyDocument!))).toEqual(trust());
    await iam().send(
      new PutRolePolicyCommand({ RoleName: 'auditor', PolicyName: 'macie', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'macie2:*', Resource: '*' }] }) }),
    );

    const assumed = await sts().send(new AssumeRoleCommand({ RoleArn: role.Role!.Arn!, RoleSessionName: 'night-shift', DurationSeconds: 900 }));
    expect(assumed.Credentials?.AccessKeyId).toMatch(/^ASIA/);
    expect(assumed.AssumedRoleUser?.Arn).toBe(`arn:aws:sts::${server.accountId}:assumed-role/auditor/night-shift`);
    const temp = { accessKeyId: assumed.Credentials!.AccessKeyId!, secretAccessKey: assumed.Credentials!.SecretAccessKey!, sessionToken: assumed.Credentials!.SessionToken! };
    const who = await sts(temp).send(new GetCallerIdentityCommand({}));
    expect(who.Arn).toBe(assumed.AssumedRoleUser!.Arn);
    const session = await macie(temp).send(new GetMacieSessionCommand({}));
    expect(session.status).toBe('ENABLED');
    // Without the session token the temporary key is not valid.
    await expect(sts({ accessKeyId: temp.accessKeyId, secretAccessKey: temp.secretAccessKey }).send(new GetCallerIdentityCommand({}))).rejects.toBeTruthy();

    const partnerArn = `arn:aws:iam::${server.accountId}:role/partner`;
    await expect(sts().send(new AssumeRoleCommand({ RoleArn: partnerArn, RoleSessionName: 'sx' }))).rejects.toMatchObject({ name: 'AccessDenied' });
    await expect(sts().send(new AssumeRoleCommand({ RoleArn: partnerArn, RoleSessionName: 'sx', ExternalId: 'wrong-id' }))).rejects.toMatchObject({ name: 'AccessDenied' });
    const ok = await sts().send(new AssumeRoleCommand({ RoleArn: partnerArn, RoleSessionName: 'sx', ExternalId: 'ext-123' }));
    expect(ok.Credentials?.SessionToken).toBeTruthy();
    await expect(sts().send(new AssumeRoleCommand({ RoleArn: role.Role!.Arn!, RoleSessionName: 'long', DurationSeconds: 7200 }))).rejects.toMatchObject({ name: 'ValidationError' });

    const events = await lookup('GetMacieSession');
    const byRole = events.find((e) => e.record.userIdentity.type === 'AssumedRole');
    expect(byRole?.record.userIdentity.sessionContext.sessionIssuer).toMatchObject({ type: 'Role', arn: role.Role!.Arn, userName: 'auditor', accountId: server.accountId });
    expect(byRole?.record.userIdentity.arn).toBe(assumed.AssumedRoleUser!.Arn);
    const assumeEvents = await lookup('AssumeRole');
    const first = assumeEvents.find((e) => e.record.requestParameters?.roleSessionName === 'night-shift');
    expect(first?.record.requestParameters.roleArn).toBe(role.Role!.Arn);
    expect(JSON.stringify(first?.record)).not.toContain(assumed.Credentials!.SecretAccessKey!);
    expect(first?.record.responseElements.credentials.accessKeyId).toBe(temp.accessKeyId);
  });

  it('enables, reads, updates and disables Macie, each call in event history', async () => {
    const before = await macie().send(new GetMacieSessionCommand({}));
    expect(before.serviceRole).toContain('AWSServiceRoleForAmazonMacie');
    await macie().send(new UpdateMacieSessionCommand({ findingPublishingFrequency: 'ONE_HOUR' }));
    expect((await macie().send(new GetMacieSessionCommand({}))).findingPublishingFrequency).toBe('ONE_HOUR');
    await macie().send(new DisableMacieCommand({}));
    await expect(macie().send(new ListFindingsCommand({}))).rejects.toMatchObject({ name: 'AccessDeniedException', message: 'Macie is not enabled.' });
    await macie().send(new EnableMacieCommand({ findingPublishingFrequency: 'SIX_HOURS' }));
    expect((await macie().send(new GetMacieSessionCommand({}))).findingPublishingFrequency).toBe('SIX_HOURS');

    const updates = await lookup('UpdateMacieSession');
    const update = updates.find((e) => e.record.requestParameters?.findingPublishingFrequency === 'ONE_HOUR');
    expect(update?.record).toMatchObject({ eventSource: 'macie2.amazonaws.com', eventName: 'UpdateMacieSession', readOnly: false, awsRegion: server.region, recipientAccountId: server.accountId });
    expect(update?.record.userIdentity).toMatchObject({ type: 'Root', arn: `arn:aws:iam::${server.accountId}:root` });
    expect((await lookup('DisableMacie')).length).toBe(1);
    expect((await lookup('EnableMacie')).length).toBe(2);
    const gets = await lookup('GetMacieSession');
    expect(gets[0]!.record.readOnly).toBe(true);
    // newest first
    const times = gets.map((e) => e.EventTime!.getTime());
    expect([...times].sort((a, b) => b - a)).toEqual(times);
  });
});
