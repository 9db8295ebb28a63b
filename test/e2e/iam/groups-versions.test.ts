// Issue 15 item 6, end to end with the real IAM SDK client: groups (and their policies in every member's
// evaluation), managed policy versions (evaluation follows the default one) and AWS managed policies with their
// real documents (an IAM user with only AmazonMacieReadOnlyAccess may list findings, not create a job).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AddUserToGroupCommand,
  AttachGroupPolicyCommand,
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateGroupCommand,
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  CreateUserCommand,
  DeleteGroupCommand,
  DeleteGroupPolicyCommand,
  DeletePolicyVersionCommand,
  DeleteUserCommand,
  DetachGroupPolicyCommand,
  GetGroupCommand,
  GetGroupPolicyCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  IAMClient,
  ListAttachedGroupPoliciesCommand,
  ListGroupPoliciesCommand,
  ListGroupsCommand,
  ListGroupsForUserCommand,
  ListPoliciesCommand,
  ListPolicyVersionsCommand,
  PutGroupPolicyCommand,
  RemoveUserFromGroupCommand,
  SetDefaultPolicyVersionCommand,
  UpdateGroupCommand,
} from '@aws-sdk/client-iam';
import { CreateClassificationJobCommand, EnableMacieCommand, ListFindingsCommand, Macie2Client } from '@aws-sdk/client-macie2';
import { CloudWatchLogsClient, CreateLogGroupCommand, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { refused, startServer, type Credentials, type TestServer } from '../harness.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
  await new Macie2Client(server.clientConfig()).send(new EnableMacieCommand({}));
});
afterAll(async () => {
  await server?.close();
});

const iam = (c?: Credentials) => new IAMClient(server.clientConfig(c));
const logs = (c?: Credentials) => new CloudWatchLogsClient(server.clientConfig(c));
const macie = (c?: Credentials) => new Macie2Client(server.clientConfig(c));
const doc = (...Statement: object[]) => JSON.stringify({ Version: '2012-10-17', Statement });

async function user(name: string): Promise<Credentials> {
  await iam().send(new CreateUserCommand({ UserName: name }));
  const key = (await iam().send(new CreateAccessKeyCommand({ UserName: name }))).AccessKey!;
  return { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! };
}


describe('IAM groups', () => {
  it('a group inline policy allows its members, and stops when the member leaves', async () => {
    const creds = await user('grace');
    expect(await refused(logs(creds).send(new DescribeLogGroupsCommand({})))).toMatchObject({ name: 'AccessDeniedException' });
    const created = await iam().send(new CreateGroupCommand({ GroupName: 'readers', Path: '/team/' }));
    expect(created.Group).toMatchObject({ GroupName: 'readers', Path: '/team/', Arn: `arn:aws:iam::${server.accountId}:group/team/readers` });
    expect(created.Group!.GroupId).toMatch(/^AGPA[A-Z2-7]{17}$/);
    await iam().send(new PutGroupPolicyCommand({ GroupName: 'readers', PolicyName: 'logs-read', PolicyDocument: doc({ Effect: 'Allow', Action: 'logs:Describe*', Resource: '*' }) }));
    await iam().send(new AddUserToGroupCommand({ GroupName: 'readers', UserName: 'grace' }));
    await logs(creds).send(new DescribeLogGroupsCommand({}));

    const got = await iam().send(new GetGroupCommand({ GroupName: 'readers' }));
    expect(got.Users!.map((u) => u.UserName)).toEqual(['grace']);
    expect((await iam().send(new ListGroupsForUserCommand({ UserName: 'grace' }))).Groups!.map((g) => g.GroupName)).toEqual(['readers']);
    expect((await iam().send(new ListGroupPoliciesCommand({ GroupName: 'readers' }))).PolicyNames).toEqual(['logs-read']);
    const policy = await iam().send(new GetGroupPolicyCommand({ GroupName: 'readers', PolicyName: 'logs-read' }));
    expect(JSON.parse(decodeURIComponent(policy.PolicyDocument!)).Statement[0].Action).toBe('logs:Describe*');

    // A member cannot be deleted, nor the group while it has members or policies (DeleteConflict).
    expect(await refused(iam().send(new DeleteUserCommand({ UserName: 'grace' })))).toMatchObject({ name: 'DeleteConflictException', status: 409 });
    expect(await refused(iam().send(new DeleteGroupCommand({ GroupName: 'readers' })))).toMatchObject({ name: 'DeleteConflictException', message: 'Cannot delete entity, must remove users from group first.' });

    await iam().send(new RemoveUserFromGroupCommand({ GroupName: 'readers', UserName: 'grace' }));
    expect(await refused(logs(creds).send(new DescribeLogGroupsCommand({})))).toMatchObject({ name: 'AccessDeniedException' });
    expect(await refused(iam().send(new RemoveUserFromGroupCommand({ GroupName: 'readers', UserName: 'grace' })))).toMatchObject({ name: 'NoSuchEntityException' });
    expect(await refused(iam().send(new DeleteGroupCommand({ GroupName: 'readers' })))).toMatchObject({ name: 'DeleteConflictException', message: 'Cannot delete entity, must delete policies first.' });
    await iam().send(new DeleteGroupPolicyCommand({ GroupName: 'readers', PolicyName: 'logs-read' }));
    await iam().send(new DeleteGroupCommand({ GroupName: 'readers' }));
    expect(await refused(iam().send(new GetGroupCommand({ GroupName: 'readers' })))).toMatchObject({ name: 'NoSuchEntityException', status: 404, message: 'The group with name readers cannot be found.' });
  });

  it('names are unique case-insensitively; renaming keeps members and policies', async () => {
    await iam().send(new CreateGroupCommand({ GroupName: 'Ops' }));
    expect(await refused(iam().send(new CreateGroupCommand({ GroupName: 'ops' })))).toMatchObject({ name: 'EntityAlreadyExistsException', status: 409 });
    const creds = await user('oscar');
    await iam().send(new AddUserToGroupCommand({ GroupName: 'Ops', UserName: 'oscar' }));
    await iam().send(new PutGroupPolicyCommand({ GroupName: 'Ops', PolicyName: 'p', PolicyDocument: doc({ Effect: 'Allow', Action: 'logs:CreateLogGroup', Resource: '*' }) }));
    await iam().send(new UpdateGroupCommand({ GroupName: 'Ops', NewGroupName: 'Operations', NewPath: '/x/' }));
    await logs(creds).send(new CreateLogGroupCommand({ logGroupName: 'by-oscar' }));
    const listed = await iam().send(new ListGroupsCommand({ PathPrefix: '/x/' }));
    expect(listed.Groups!.map((g) => [g.GroupName, g.Arn])).toEqual([['Operations', `arn:aws:iam::${server.accountId}:group/x/Operations`]]);
    expect((await iam().send(new GetGroupCommand({ GroupName: 'Operations' }))).Users!.map((u) => u.UserName)).toEqual(['oscar']);
  });

  it('a Deny in a group wins over a user\'s own Allow', async () => {
    const creds = await user('dora');
    await iam().send(new AttachUserPolicyCommand({ UserName: 'dora', PolicyArn: 'arn:aws:iam::aws:policy/CloudWatchLogsReadOnlyAccess' }));
    await logs(creds).send(new DescribeLogGroupsCommand({}));
    await iam().send(new CreateGroupCommand({ GroupName: 'quarantine' }));
    await iam().send(new PutGroupPolicyCommand({ GroupName: 'quarantine', PolicyName: 'deny', PolicyDocument: doc({ Effect: 'Deny', Action: '*', Resource: '*' }) }));
    await iam().send(new AddUserToGroupCommand({ GroupName: 'quarantine', UserName: 'dora' }));
    expect(await refused(logs(creds).send(new DescribeLogGroupsCommand({})))).toMatchObject({ name: 'AccessDeniedException' });
  });

  it('a user is in at most 10 groups (GroupsPerUser)', async () => {
    await user('joiner');
    for (let i = 0; i < 10; i++) {
      await iam().send(new CreateGroupCommand({ GroupName: `g${i}` }));
      await iam().send(new AddUserToGroupCommand({ GroupName: `g${i}`, UserName: 'joiner' }));
    }
    await iam().send(new CreateGroupCommand({ GroupName: 'g10' }));
    expect(await refused(iam().send(new AddUserToGroupCommand({ GroupName: 'g10', UserName: 'joiner' })))).toMatchObject({ name: 'LimitExceededException', status: 409 });
    // Adding again to a group the user is in already is not a new membership.
    await iam().send(new AddUserToGroupCommand({ GroupName: 'g0', UserName: 'joiner' }));
  });
});

describe('managed policy versions', () => {
  it('evaluation follows the default version; five versions at most; the default cannot be deleted', async () => {
    const creds = await user('vera');
    const arn = (await iam().send(new CreatePolicyCommand({ PolicyName: 'versioned', PolicyDocument: doc({ Effect: 'Allow', Action: 'logs:DescribeLogGroups', Resource: '*' }) }))).Policy!.Arn!;
    await iam().send(new AttachUserPolicyCommand({ UserName: 'vera', PolicyArn: arn }));
    await logs(creds).send(new DescribeLogGroupsCommand({}));

    const v2 = await iam().send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: doc({ Effect: 'Allow', Action: 'logs:CreateLogGroup', Resource: '*' }) }));
    expect(v2.PolicyVersion).toMatchObject({ VersionId: 'v2', IsDefaultVersion: false });
    await logs(creds).send(new DescribeLogGroupsCommand({})); // v1 still the default
    await iam().send(new SetDefaultPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v2' }));
    expect(await refused(logs(creds).send(new DescribeLogGroupsCommand({})))).toMatchObject({ name: 'AccessDeniedException' });
    expect((await iam().send(new GetPolicyCommand({ PolicyArn: arn }))).Policy!.DefaultVersionId).toBe('v2');

    const v3 = await iam().send(new CreatePolicyVersionCommand({ PolicyArn: arn, SetAsDefault: true, PolicyDocument: doc({ Effect: 'Allow', Action: 'logs:Describe*', Resource: '*' }) }));
    expect(v3.PolicyVersion).toMatchObject({ VersionId: 'v3', IsDefaultVersion: true });
    await logs(creds).send(new DescribeLogGroupsCommand({}));

    await iam().send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: doc({ Effect: 'Allow', Action: 'logs:*', Resource: '*' }) }));
    await iam().send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: doc({ Effect: 'Allow', Action: 'logs:*', Resource: '*' }) }));
    expect(await refused(iam().send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: doc({ Effect: 'Allow', Action: 'logs:*', Resource: '*' }) })))).toMatchObject({
      name: 'LimitExceededException',
      status: 409,
    });
    const versions = await iam().send(new ListPolicyVersionsCommand({ PolicyArn: arn }));
    expect(versions.Versions!.map((v) => [v.VersionId, v.IsDefaultVersion])).toEqual([['v5', false], ['v4', false], ['v3', true], ['v2', false], ['v1', false]]);

    expect(await refused(iam().send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: 'v3' })))).toMatchObject({ name: 'DeleteConflictException' });
    await iam().send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: 'v1' }));
    // Version numbers are never reused.
    expect((await iam().send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: doc({ Effect: 'Allow', Action: 'logs:*', Resource: '*' }) }))).PolicyVersion!.VersionId).toBe('v6');
    expect(await refused(iam().send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v1' })))).toMatchObject({ name: 'NoSuchEntityException' });
    expect(await refused(iam().send(new SetDefaultPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v1' })))).toMatchObject({ name: 'NoSuchEntityException' });
    const v6 = await iam().send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v6' }));
    expect(JSON.parse(decodeURIComponent(v6.PolicyVersion!.Document!)).Statement[0].Action).toBe('logs:*');
  });
});

describe('AWS managed policies', () => {
  const macieRead = 'arn:aws:iam::aws:policy/AmazonMacieReadOnlyAccess';

  it('are listed with Scope AWS and read with their real documents', async () => {
    const aws = await iam().send(new ListPoliciesCommand({ Scope: 'AWS', MaxItems: 1000 }));
    const names = aws.Policies!.map((p) => p.PolicyName);
    for (const n of ['AmazonMacieFullAccess', 'AmazonMacieReadOnlyAccess', 'AWSCloudTrail_ReadOnlyAccess', 'CloudWatchLogsReadOnlyAccess', 'AmazonS3ReadOnlyAccess', 'ReadOnlyAccess', 'AdministratorAccess']) {
      expect(names).toContain(n);
    }
    const local = await iam().send(new ListPoliciesCommand({ Scope: 'Local', MaxItems: 1000 }));
    expect(local.Policies!.every((p) => !p.Arn!.startsWith('arn:aws:iam::aws:'))).toBe(true);
    const p = (await iam().send(new GetPolicyCommand({ PolicyArn: macieRead }))).Policy!;
    expect(p).toMatchObject({ PolicyName: 'AmazonMacieReadOnlyAccess', Path: '/', IsAttachable: true });
    const v = await iam().send(new GetPolicyVersionCommand({ PolicyArn: macieRead, VersionId: p.DefaultVersionId! }));
    const document = JSON.parse(decodeURIComponent(v.PolicyVersion!.Document!));
    expect(JSON.stringify(document)).toContain('macie2:List*');
    // Read-only: no new versions.
    expect(await refused(iam().send(new CreatePolicyVersionCommand({ PolicyArn: macieRead, PolicyDocument: doc({ Effect: 'Allow', Action: '*', Resource: '*' }) })))).toMatchObject({ name: 'NoSuchEntityException' });
  });

  it('a user whose group has only AmazonMacieReadOnlyAccess lists findings and may not create a job', async () => {
    const creds = await user('auditor');
    await iam().send(new CreateGroupCommand({ GroupName: 'macie-readers' }));
    await iam().send(new AttachGroupPolicyCommand({ GroupName: 'macie-readers', PolicyArn: macieRead }));
    await iam().send(new AddUserToGroupCommand({ GroupName: 'macie-readers', UserName: 'auditor' }));
    expect((await iam().send(new ListAttachedGroupPoliciesCommand({ GroupName: 'macie-readers' }))).AttachedPolicies).toEqual([{ PolicyName: 'AmazonMacieReadOnlyAccess', PolicyArn: macieRead }]);
    expect((await iam().send(new GetPolicyCommand({ PolicyArn: macieRead }))).Policy!.AttachmentCount).toBe(1);

    const findings = await macie(creds).send(new ListFindingsCommand({}));
    expect(findings.findingIds).toEqual([]);
    const denied = await refused(
      macie(creds).send(new CreateClassificationJobCommand({ jobType: 'ONE_TIME', name: 'nope', clientToken: 't1', s3JobDefinition: { bucketDefinitions: [{ accountId: server.accountId, buckets: ['b'] }] } })),
    );
    expect(denied).toMatchObject({ name: 'AccessDeniedException', status: 403 });
    expect(denied.message).toContain('macie2:CreateClassificationJob');

    await iam().send(new DetachGroupPolicyCommand({ GroupName: 'macie-readers', PolicyArn: macieRead }));
    expect(await refused(macie(creds).send(new ListFindingsCommand({})))).toMatchObject({ name: 'AccessDeniedException' });
  });

  it('AdministratorAccess attached to a user allows everything; an unknown AWS policy is not found', async () => {
    const creds = await user('admin2');
    await iam().send(new AttachUserPolicyCommand({ UserName: 'admin2', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }));
    await iam(creds).send(new ListGroupsCommand({}));
    expect(await refused(iam().send(new AttachUserPolicyCommand({ UserName: 'admin2', PolicyArn: 'arn:aws:iam::aws:policy/NoSuchThing' })))).toMatchObject({ name: 'NoSuchEntityException' });
  });
});
