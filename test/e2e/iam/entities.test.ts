// Issue 15 item 6 end to end with the real IAM SDK client and the aws CLI: instance profiles (with the iam:PassRole
// AddRoleToInstanceProfile needs), a renamed user whose key keeps working under its new ARN, UpdateRole's
// MaxSessionDuration honoured by AssumeRole, the documents GetAccountAuthorizationDetails returns URL-encoded, and
// the service-linked role EnableMacie creates (and DeleteServiceLinkedRole refuses while Macie is enabled).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AddRoleToInstanceProfileCommand,
  CreateAccessKeyCommand,
  AttachRolePolicyCommand,
  CreateInstanceProfileCommand,
  CreatePolicyCommand,
  DeletePolicyCommand,
  GetContextKeysForPrincipalPolicyCommand,
  GetPolicyCommand,
  ListEntitiesForPolicyCommand,
  ListPolicyTagsCommand,
  TagPolicyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  DeleteServiceLinkedRoleCommand,
  DeleteUserCommand,
  GetAccountAuthorizationDetailsCommand,
  GetRoleCommand,
  GetServiceLinkedRoleDeletionStatusCommand,
  IAMClient,
  ListAttachedRolePoliciesCommand,
  PutUserPolicyCommand,
  UpdateRoleCommand,
  UpdateUserCommand,
} from '@aws-sdk/client-iam';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { DisableMacieCommand, EnableMacieCommand, GetMacieSessionCommand, Macie2Client } from '@aws-sdk/client-macie2';
import { startServer, type Credentials, type TestServer } from '../harness.js';
import { aws, awsCliAvailable } from '../aws-cli.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.close();
});

const iam = (c?: Credentials) => new IAMClient(server.clientConfig(c));
const doc = (...Statement: object[]) => JSON.stringify({ Version: '2012-10-17', Statement });
const failure = (p: Promise<unknown>) => p.then(() => ({ name: 'none', message: '' }), (e: Error) => ({ name: e.name, message: e.message }));

async function userWith(name: string, policy: string): Promise<Credentials> {
  await iam().send(new CreateUserCommand({ UserName: name }));
  await iam().send(new PutUserPolicyCommand({ UserName: name, PolicyName: 'p', PolicyDocument: policy }));
  const key = (await iam().send(new CreateAccessKeyCommand({ UserName: name }))).AccessKey!;
  return { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! };
}

describe('IAM entities as tooling manages them', () => {
  it('AddRoleToInstanceProfile needs iam:PassRole on the role (for EC2)', async () => {
    await iam().send(new CreateRoleCommand({ RoleName: 'app', Path: '/svc/', AssumeRolePolicyDocument: doc({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }) }));
    await iam().send(new CreateInstanceProfileCommand({ InstanceProfileName: 'app-profile' }));
    const roleArn = `arn:aws:iam::${server.accountId}:role/svc/app`;
    const without = await userWith('builder', doc({ Effect: 'Allow', Action: 'iam:AddRoleToInstanceProfile', Resource: '*' }));
    const e = await failure(iam(without).send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'app-profile', RoleName: 'app' })));
    expect(e.name).toBe('AccessDenied');
    expect(e.message).toContain(`iam:PassRole on resource: ${roleArn}`);
    const wrongService = await userWith('builder2', doc({ Effect: 'Allow', Action: 'iam:AddRoleToInstanceProfile', Resource: '*' }, { Effect: 'Allow', Action: 'iam:PassRole', Resource: roleArn, Condition: { StringEquals: { 'iam:PassedToService': 'lambda.amazonaws.com' } } }));
    expect((await failure(iam(wrongService).send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'app-profile', RoleName: 'app' })))).name).toBe('AccessDenied');
    const withPass = await userWith(
      'builder3',
      doc(
        { Effect: 'Allow', Action: 'iam:AddRoleToInstanceProfile', Resource: '*' },
        { Effect: 'Allow', Action: 'iam:PassRole', Resource: roleArn, Condition: { StringEquals: { 'iam:PassedToService': 'ec2.amazonaws.com' }, ArnLike: { 'iam:AssociatedResourceArn': `arn:aws:ec2:*:${server.accountId}:instance/*` } } },
      ),
    );
    await iam(withPass).send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'app-profile', RoleName: 'app' }));
  });

  it('a renamed user keeps its key, under its new ARN; the old name is free', async () => {
    const creds = await userWith('dana', doc({ Effect: 'Allow', Action: 'sts:GetCallerIdentity', Resource: '*' }));
    const sts = new STSClient(server.clientConfig(creds));
    expect((await sts.send(new GetCallerIdentityCommand({}))).Arn).toBe(`arn:aws:iam::${server.accountId}:user/dana`);
    await iam().send(new UpdateUserCommand({ UserName: 'dana', NewUserName: 'dana.k', NewPath: '/ops/' }));
    expect((await sts.send(new GetCallerIdentityCommand({}))).Arn).toBe(`arn:aws:iam::${server.accountId}:user/ops/dana.k`);
    await iam().send(new CreateUserCommand({ UserName: 'dana' }));
    await iam().send(new DeleteUserCommand({ UserName: 'dana' }));
    expect(await failure(iam().send(new DeleteUserCommand({ UserName: 'dana.k' })))).toEqual({ name: 'DeleteConflictException', message: 'Cannot delete entity, must delete access keys first.' });
  });

  it("UpdateRole's MaxSessionDuration bounds AssumeRole's DurationSeconds", async () => {
    await iam().send(new CreateRoleCommand({ RoleName: 'long', AssumeRolePolicyDocument: doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${server.accountId}:root` }, Action: 'sts:AssumeRole' }) }));
    const caller = await userWith('assumer', doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }));
    const assume = () => new STSClient(server.clientConfig(caller)).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${server.accountId}:role/long`, RoleSessionName: 'two-hours', DurationSeconds: 7200 }));
    expect((await failure(assume())).message).toContain('MaxSessionDuration');
    await iam().send(new UpdateRoleCommand({ RoleName: 'long', MaxSessionDuration: 7200, Description: 'two hours' }));
    expect((await iam().send(new GetRoleCommand({ RoleName: 'long' }))).Role).toMatchObject({ MaxSessionDuration: 7200, Description: 'two hours' });
    const out = await assume();
    expect(out.Credentials!.Expiration!.getTime() - Date.now()).toBeGreaterThan(3600_000);
  });

  it('GetAccountAuthorizationDetails returns the documents URL-encoded', async () => {
    const out = await iam().send(new GetAccountAuthorizationDetailsCommand({ Filter: ['Role'] }));
    const role = out.RoleDetailList!.find((r) => r.RoleName === 'app')!;
    expect(role.AssumeRolePolicyDocument).toContain('%22');
    expect(JSON.parse(decodeURIComponent(role.AssumeRolePolicyDocument!)).Statement[0].Principal).toEqual({ Service: 'ec2.amazonaws.com' });
    expect(role.InstanceProfileList!.map((p) => p.InstanceProfileName)).toEqual(['app-profile']);
    expect(out.UserDetailList).toEqual([]);
  });

  it("EnableMacie creates Macie's service-linked role; it can be deleted only once Macie is disabled", async () => {
    const roleName = 'AWSServiceRoleForAmazonMacie';
    // Enabling Macie needs permission to create the role while it does not exist.
    const macieOnly = await userWith('macie-admin', doc({ Effect: 'Allow', Action: 'macie2:*', Resource: '*' }));
    const refused = await failure(new Macie2Client(server.clientConfig(macieOnly)).send(new EnableMacieCommand({})));
    expect(refused.name).toBe('AccessDeniedException');
    expect(refused.message).toContain('iam:CreateServiceLinkedRole');
    expect((await failure(iam().send(new GetRoleCommand({ RoleName: roleName })))).name).toBe('NoSuchEntityException');

    await new Macie2Client(server.clientConfig()).send(new EnableMacieCommand({}));
    const role = (await iam().send(new GetRoleCommand({ RoleName: roleName }))).Role!;
    expect(role.Arn).toBe((await new Macie2Client(server.clientConfig()).send(new GetMacieSessionCommand({}))).serviceRole);
    expect(role.Path).toBe('/aws-service-role/macie.amazonaws.com/');
    expect((await iam().send(new ListAttachedRolePoliciesCommand({ RoleName: roleName }))).AttachedPolicies!.map((p) => p.PolicyName)).toEqual(['AmazonMacieServiceRolePolicy']);
    expect((await failure(iam().send(new UpdateRoleCommand({ RoleName: roleName, MaxSessionDuration: 7200 })))).name).toBe('UnmodifiableEntityException');
    // Its description is the one thing the account may edit.
    await iam().send(new UpdateRoleCommand({ RoleName: roleName, Description: 'Macie for the data team' }));
    expect((await iam().send(new GetRoleCommand({ RoleName: roleName }))).Role!.Description).toBe('Macie for the data team');

    const busy = await iam().send(new DeleteServiceLinkedRoleCommand({ RoleName: roleName }));
    expect((await iam().send(new GetServiceLinkedRoleDeletionStatusCommand({ DeletionTaskId: busy.DeletionTaskId }))).Status).toBe('FAILED');
    await new Macie2Client(server.clientConfig()).send(new DisableMacieCommand({}));
    const done = await iam().send(new DeleteServiceLinkedRoleCommand({ RoleName: roleName }));
    expect((await iam().send(new GetServiceLinkedRoleDeletionStatusCommand({ DeletionTaskId: done.DeletionTaskId }))).Status).toBe('SUCCEEDED');
    expect((await failure(iam().send(new GetRoleCommand({ RoleName: roleName })))).name).toBe('NoSuchEntityException');
  });

  it('managed policy tags, ListEntitiesForPolicy, DeletePolicy while attached, and context keys through the SDK', async () => {
    const created = await iam().send(
      new CreatePolicyCommand({
        PolicyName: 'tagged',
        PolicyDocument: doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalTag/team': 'data' } } }),
        Tags: [{ Key: 'owner', Value: 'data-team' }],
      }),
    );
    const arn = created.Policy!.Arn!;
    expect(created.Policy!.Tags).toEqual([{ Key: 'owner', Value: 'data-team' }]);
    await iam().send(new TagPolicyCommand({ PolicyArn: arn, Tags: [{ Key: 'env', Value: 'prod' }] }));
    expect((await iam().send(new ListPolicyTagsCommand({ PolicyArn: arn }))).Tags).toEqual([{ Key: 'env', Value: 'prod' }, { Key: 'owner', Value: 'data-team' }]);
    expect((await iam().send(new GetPolicyCommand({ PolicyArn: arn }))).Policy!.Tags!.length).toBe(2);
    await iam().send(new AttachRolePolicyCommand({ RoleName: 'long', PolicyArn: arn }));
    const entities = await iam().send(new ListEntitiesForPolicyCommand({ PolicyArn: arn, EntityFilter: 'Role' }));
    expect(entities.PolicyRoles!.map((r) => r.RoleName)).toEqual(['long']);
    expect(await failure(iam().send(new DeletePolicyCommand({ PolicyArn: arn })))).toEqual({ name: 'DeleteConflictException', message: 'Cannot delete a policy attached to entities.' });
    const keys = await iam().send(new GetContextKeysForPrincipalPolicyCommand({ PolicySourceArn: `arn:aws:iam::${server.accountId}:role/long` }));
    expect(keys.ContextKeyNames).toEqual(['aws:PrincipalTag/team']);
  });

  it.skipIf(!awsCliAvailable)('aws iam: an instance profile as the CLI manages it', async () => {
    const env = server.cliEnv();
    await iam().send(new CreateRoleCommand({ RoleName: 'cli-role', AssumeRolePolicyDocument: doc({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }) }));
    const created = await aws(env, ['iam', 'create-instance-profile', '--instance-profile-name', 'cli-profile', '--tags', 'Key=team,Value=blue']);
    expect(created.code, created.stderr).toBe(0);
    expect(created.json.InstanceProfile).toMatchObject({ InstanceProfileName: 'cli-profile', Roles: [], Tags: [{ Key: 'team', Value: 'blue' }] });
    expect((await aws(env, ['iam', 'add-role-to-instance-profile', '--instance-profile-name', 'cli-profile', '--role-name', 'cli-role'])).code).toBe(0);
    const second = await aws(env, ['iam', 'add-role-to-instance-profile', '--instance-profile-name', 'cli-profile', '--role-name', 'app']);
    expect(second.code).not.toBe(0);
    expect(second.stderr).toContain('LimitExceeded');
    const listed = await aws(env, ['iam', 'list-instance-profiles-for-role', '--role-name', 'cli-role']);
    expect(listed.json.InstanceProfiles.map((p: { InstanceProfileName: string }) => p.InstanceProfileName)).toEqual(['cli-profile']);
    const del = await aws(env, ['iam', 'delete-instance-profile', '--instance-profile-name', 'cli-profile']);
    expect(del.stderr).toContain('Cannot delete entity, must remove roles from instance profile first.');
    expect((await aws(env, ['iam', 'remove-role-from-instance-profile', '--instance-profile-name', 'cli-profile', '--role-name', 'cli-role'])).code).toBe(0);
    expect((await aws(env, ['iam', 'delete-instance-profile', '--instance-profile-name', 'cli-profile'])).code).toBe(0);
  });
});
