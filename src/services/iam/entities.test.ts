// Issue 15 item 6 at the provider: instance profiles, UpdateUser (everything that names the user follows it),
// UpdateRole, DeleteConflict in IAM's words, policy tags, ListEntitiesForPolicy, GetAccountAuthorizationDetails,
// context keys and service-linked roles, over a real in-memory store.
import { beforeEach, describe, expect, it } from 'vitest';
import { ManualClock, MasterKey, sequentialIds, type RequestContext } from '../../common/index.js';
import { openStore, type Store } from '../../store/index.js';
import { AccountAliases, AccountFacts, CredentialReports, IamDirectory, IamGroups, IdentityProviders, InstanceProfiles, LoginProfiles, ManagedPolicies, MfaDevices, ServerCertificates, ServiceLinkedRoleTasks, UserCredentials } from '../../iam/index.js';
import { createIamProvider } from './provider.js';
import { USER_DEPENDENCIES } from './ops/delete-conflicts.js';
import { contextKeysOf } from './ops/simulate.js';

const ACCOUNT = '111122223333';
const doc = (...Statement: object[]) => JSON.stringify({ Version: '2012-10-17', Statement });
const trust = doc({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' });

let store: Store;
let iam: ReturnType<typeof createIamProvider>;
let ctx: RequestContext;
let deps: { directory: IamDirectory; groups: IamGroups; managed: ManagedPolicies; profiles: InstanceProfiles };

beforeEach(async () => {
  store = await openStore(':memory:');
  const clock = new ManualClock(Date.UTC(2026, 0, 1));
  const ids = sequentialIds();
  const key = MasterKey.generate();
  deps = {
    directory: new IamDirectory(store.db, clock, ids, key.secretBox('k')),
    groups: new IamGroups(store.db, clock, ids),
    managed: new ManagedPolicies(store.db, clock, ids, () => undefined),
    profiles: new InstanceProfiles(store.db, clock, ids),
  };
  iam = createIamProvider({ ...deps, mfa: new MfaDevices(store.db, clock, () => undefined, key.secretBox('m')), providers: new IdentityProviders(store.db, clock), serviceLinkedTasks: new ServiceLinkedRoleTasks(store.db, clock, ids),
    logins: new LoginProfiles(store.db, clock),
    credentials: new UserCredentials(store.db, clock),
    aliases: new AccountAliases(store.db, clock),
    reports: new CredentialReports(store.db),
    facts: new AccountFacts(store.db),
    serverCertificates: new ServerCertificates(store.db, clock),
    clock,
    ids,
  });
  ctx = { accountId: ACCOUNT, region: 'us-east-1', principal: { type: 'Root', accountId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:root`, principalId: ACCOUNT }, requestId: 'r', clock, sourceIp: '127.0.0.1', userAgent: 't' } as RequestContext;
  return () => store.close();
});

const failure = (p: Promise<unknown>) => p.then(() => ({ code: 'none', message: '' }), (e: { code: string; message: string }) => ({ code: e.code, message: e.message }));

describe('instance profiles', () => {
  it('hold one role, list by role, refuse deletes while linked, carry tags', async () => {
    const created = await iam.createInstanceProfile(ctx, { InstanceProfileName: 'web', Path: '/app/', Tags: [{ Key: 'team', Value: 'a' }] });
    expect(created.InstanceProfile).toMatchObject({ InstanceProfileName: 'web', Path: '/app/', Arn: `arn:aws:iam::${ACCOUNT}:instance-profile/app/web`, Roles: [], Tags: [{ Key: 'team', Value: 'a' }] });
    expect(created.InstanceProfile.InstanceProfileId).toMatch(/^AIPA[A-Z2-7]{17}$/);
    expect(await failure(iam.createInstanceProfile(ctx, { InstanceProfileName: 'WEB' }))).toEqual({ code: 'EntityAlreadyExists', message: 'Instance Profile WEB already exists.' });

    await iam.createRole(ctx, { RoleName: 'r1', AssumeRolePolicyDocument: trust });
    await iam.createRole(ctx, { RoleName: 'r2', AssumeRolePolicyDocument: trust });
    await iam.addRoleToInstanceProfile(ctx, { InstanceProfileName: 'web', RoleName: 'r1' });
    expect(await failure(iam.addRoleToInstanceProfile(ctx, { InstanceProfileName: 'web', RoleName: 'r2' }))).toEqual({ code: 'LimitExceeded', message: 'Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1' });
    expect(await failure(iam.addRoleToInstanceProfile(ctx, { InstanceProfileName: 'web', RoleName: 'r1' }))).toMatchObject({ code: 'LimitExceeded' });
    expect((await iam.getInstanceProfile(ctx, { InstanceProfileName: 'web' })).InstanceProfile.Roles.map((r) => r.RoleName)).toEqual(['r1']);
    expect((await iam.listInstanceProfilesForRole(ctx, { RoleName: 'r1' })).InstanceProfiles.map((p) => p.InstanceProfileName)).toEqual(['web']);
    expect((await iam.listInstanceProfilesForRole(ctx, { RoleName: 'r2' })).InstanceProfiles).toEqual([]);

    expect(await failure(iam.deleteRole(ctx, { RoleName: 'r1' }))).toEqual({ code: 'DeleteConflict', message: 'Cannot delete entity, must remove roles from instance profile first.' });
    expect(await failure(iam.deleteInstanceProfile(ctx, { InstanceProfileName: 'web' }))).toEqual({ code: 'DeleteConflict', message: 'Cannot delete entity, must remove roles from instance profile first.' });
    expect(await failure(iam.removeRoleFromInstanceProfile(ctx, { InstanceProfileName: 'web', RoleName: 'r2' }))).toMatchObject({ code: 'NoSuchEntity' });
    await iam.removeRoleFromInstanceProfile(ctx, { InstanceProfileName: 'web', RoleName: 'r1' });
    await iam.deleteRole(ctx, { RoleName: 'r1' });

    await iam.tagInstanceProfile(ctx, { InstanceProfileName: 'web', Tags: [{ Key: 'TEAM', Value: 'b' }, { Key: 'env', Value: 'prod' }] });
    expect((await iam.listInstanceProfileTags(ctx, { InstanceProfileName: 'web' })).Tags).toEqual([{ Key: 'TEAM', Value: 'b' }, { Key: 'env', Value: 'prod' }]);
    await iam.untagInstanceProfile(ctx, { InstanceProfileName: 'web', TagKeys: ['team'] });
    expect((await iam.listInstanceProfileTags(ctx, { InstanceProfileName: 'web' })).Tags).toEqual([{ Key: 'env', Value: 'prod' }]);
    const tooMany = Array.from({ length: 50 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
    expect(await failure(iam.tagInstanceProfile(ctx, { InstanceProfileName: 'web', Tags: tooMany }))).toMatchObject({ code: 'LimitExceeded' });

    await iam.deleteInstanceProfile(ctx, { InstanceProfileName: 'web' });
    expect(await failure(iam.getInstanceProfile(ctx, { InstanceProfileName: 'web' }))).toEqual({ code: 'NoSuchEntity', message: 'Instance Profile web cannot be found.' });
    // Its tags went with it: a profile of the same name starts bare.
    await iam.createInstanceProfile(ctx, { InstanceProfileName: 'web' });
    expect((await iam.listInstanceProfileTags(ctx, { InstanceProfileName: 'web' })).Tags).toEqual([]);
  });
});

describe('tags of users and roles (the shared helper)', () => {
  it('concurrent changes of different keys are all kept; keys compare case-insensitively; 50 at most', async () => {
    await iam.createUser(ctx, { UserName: 'u', Tags: [{ Key: 'Team', Value: 'a' }] });
    await Promise.all(Array.from({ length: 10 }, (_, i) => iam.tagUser(ctx, { UserName: 'u', Tags: [{ Key: `k${i}`, Value: String(i) }] })));
    expect((await iam.listUserTags(ctx, { UserName: 'u' })).Tags.length).toBe(11);
    await iam.tagUser(ctx, { UserName: 'u', Tags: [{ Key: 'TEAM', Value: 'b' }] });
    const tags = (await iam.listUserTags(ctx, { UserName: 'u', MaxItems: 100 })).Tags;
    expect(tags.filter((t) => t.Key.toLowerCase() === 'team')).toEqual([{ Key: 'TEAM', Value: 'b' }]);
    const more = Array.from({ length: 40 }, (_, i) => ({ Key: `m${i}`, Value: 'v' }));
    expect(await failure(iam.tagUser(ctx, { UserName: 'u', Tags: more }))).toEqual({ code: 'LimitExceeded', message: 'The number of tags has reached the maximum limit.' });
    // Refused as a whole: none of the 40 was written.
    expect((await iam.listUserTags(ctx, { UserName: 'u', MaxItems: 100 })).Tags.length).toBe(11);
    await iam.untagUser(ctx, { UserName: 'u', TagKeys: ['team', 'K0'] });
    expect((await iam.listUserTags(ctx, { UserName: 'u', MaxItems: 100 })).Tags.length).toBe(9);
    await iam.createRole(ctx, { RoleName: 'r', AssumeRolePolicyDocument: trust, Tags: [{ Key: 'a', Value: '1' }] });
    await iam.tagRole(ctx, { RoleName: 'r', Tags: [{ Key: 'b', Value: '2' }] });
    expect((await iam.getRole(ctx, { RoleName: 'r' })).Role.Tags).toEqual([{ Key: 'a', Value: '1' }, { Key: 'b', Value: '2' }]);
  });
});

describe('UpdateUser', () => {
  it('renames and moves the user; keys, groups, policies, attachments and tags follow', async () => {
    await iam.createUser(ctx, { UserName: 'ana', Tags: [{ Key: 'team', Value: 'a' }] });
    const key = (await iam.createAccessKey(ctx, { UserName: 'ana' })).AccessKey;
    await iam.createGroup(ctx, { GroupName: 'g' });
    await iam.addUserToGroup(ctx, { GroupName: 'g', UserName: 'ana' });
    await iam.putUserPolicy(ctx, { UserName: 'ana', PolicyName: 'p', PolicyDocument: doc({ Effect: 'Allow', Action: 'logs:*', Resource: '*' }) });
    const policy = (await iam.createPolicy(ctx, { PolicyName: 'mp', PolicyDocument: doc({ Effect: 'Allow', Action: 's3:*', Resource: '*' }) })).Policy!;
    await iam.attachUserPolicy(ctx, { UserName: 'ana', PolicyArn: policy.Arn! });

    await iam.createUser(ctx, { UserName: 'bea' });
    expect(await failure(iam.updateUser(ctx, { UserName: 'ana', NewUserName: 'BEA' }))).toEqual({ code: 'EntityAlreadyExists', message: 'User with name BEA already exists.' });

    await iam.updateUser(ctx, { UserName: 'ana', NewUserName: 'anna', NewPath: '/staff/' });
    expect(await failure(iam.getUser(ctx, { UserName: 'ana' }))).toMatchObject({ code: 'NoSuchEntity' });
    const user = (await iam.getUser(ctx, { UserName: 'anna' })).User;
    expect(user).toMatchObject({ UserName: 'anna', Path: '/staff/', Arn: `arn:aws:iam::${ACCOUNT}:user/staff/anna`, Tags: [{ Key: 'team', Value: 'a' }] });
    expect((await iam.listAccessKeys(ctx, { UserName: 'anna' })).AccessKeyMetadata!.map((k) => k.AccessKeyId)).toEqual([key.AccessKeyId]);
    expect((await deps.directory.getAccessKey(key.AccessKeyId))!.userName).toBe('anna');
    expect((await iam.listGroupsForUser(ctx, { UserName: 'anna' })).Groups.map((g) => g.GroupName)).toEqual(['g']);
    expect((await iam.getGroup(ctx, { GroupName: 'g' })).Users.map((u) => u.UserName)).toEqual(['anna']);
    expect((await iam.listUserPolicies(ctx, { UserName: 'anna' })).PolicyNames).toEqual(['p']);
    expect((await iam.listAttachedUserPolicies(ctx, { UserName: 'anna' })).AttachedPolicies!.map((p) => p.PolicyArn)).toEqual([policy.Arn]);
    // The user named 'bea' kept nothing of ana's.
    expect((await iam.listAccessKeys(ctx, { UserName: 'bea' })).AccessKeyMetadata).toEqual([]);
  });
});

describe('UpdateRole', () => {
  it('sets the description and maximum session duration; UpdateRoleDescription answers the role', async () => {
    await iam.createRole(ctx, { RoleName: 'r', AssumeRolePolicyDocument: trust, Description: 'old' });
    await iam.updateRole(ctx, { RoleName: 'r', MaxSessionDuration: 7200 });
    expect((await iam.getRole(ctx, { RoleName: 'r' })).Role).toMatchObject({ Description: 'old', MaxSessionDuration: 7200 });
    const out = await iam.updateRoleDescription(ctx, { RoleName: 'r', Description: 'new' });
    expect(out.Role).toMatchObject({ RoleName: 'r', Description: 'new', MaxSessionDuration: 7200 });
    expect(await failure(iam.updateRole(ctx, { RoleName: 'nope' }))).toEqual({ code: 'NoSuchEntity', message: 'The role with name nope cannot be found.' });
  });
});

describe('DeleteConflict', () => {
  it('DeleteUser names the first thing left, in the order IAM removes them', async () => {
    await iam.createUser(ctx, { UserName: 'u' });
    const key = (await iam.createAccessKey(ctx, { UserName: 'u' })).AccessKey;
    await iam.putUserPolicy(ctx, { UserName: 'u', PolicyName: 'p', PolicyDocument: doc({ Effect: 'Allow', Action: 'logs:*', Resource: '*' }) });
    const mp = (await iam.createPolicy(ctx, { PolicyName: 'mp', PolicyDocument: doc({ Effect: 'Allow', Action: 's3:*', Resource: '*' }) })).Policy!;
    await iam.attachUserPolicy(ctx, { UserName: 'u', PolicyArn: mp.Arn! });
    await iam.createGroup(ctx, { GroupName: 'g' });
    await iam.addUserToGroup(ctx, { GroupName: 'g', UserName: 'u' });
    const steps: [string, () => Promise<unknown>][] = [
      ['Cannot delete entity, must delete access keys first.', () => iam.deleteAccessKey(ctx, { UserName: 'u', AccessKeyId: key.AccessKeyId })],
      ['Cannot delete entity, must delete policies first.', () => iam.deleteUserPolicy(ctx, { UserName: 'u', PolicyName: 'p' })],
      ['Cannot delete entity, must detach all policies first.', () => iam.detachUserPolicy(ctx, { UserName: 'u', PolicyArn: mp.Arn! })],
      ['Cannot delete entity, must remove users from group first.', () => iam.removeUserFromGroup(ctx, { GroupName: 'g', UserName: 'u' })],
    ];
    for (const [message, fix] of steps) {
      expect(await failure(iam.deleteUser(ctx, { UserName: 'u' }))).toEqual({ code: 'DeleteConflict', message });
      await fix();
    }
    await iam.deleteUser(ctx, { UserName: 'u' });
  });

  it('another part of IAM joins the user checks by adding one', async () => {
    await iam.createUser(ctx, { UserName: 'x' });
    const extra = { message: 'Cannot delete entity, must delete login profile first.', has: async (_d: unknown, _a: string, u: string) => u === 'x' };
    USER_DEPENDENCIES.unshift(extra);
    try {
      expect(await failure(iam.deleteUser(ctx, { UserName: 'x' }))).toEqual({ code: 'DeleteConflict', message: extra.message });
    } finally {
      USER_DEPENDENCIES.splice(USER_DEPENDENCIES.indexOf(extra), 1);
    }
    await iam.deleteUser(ctx, { UserName: 'x' });
  });

  it('DeleteRole, DeleteGroup and DeletePolicy', async () => {
    await iam.createRole(ctx, { RoleName: 'r', AssumeRolePolicyDocument: trust });
    const mp = (await iam.createPolicy(ctx, { PolicyName: 'mp', PolicyDocument: doc({ Effect: 'Allow', Action: 's3:*', Resource: '*' }) })).Policy!;
    await iam.attachRolePolicy(ctx, { RoleName: 'r', PolicyArn: mp.Arn! });
    expect(await failure(iam.deleteRole(ctx, { RoleName: 'r' }))).toEqual({ code: 'DeleteConflict', message: 'Cannot delete entity, must detach all policies first.' });
    expect(await failure(iam.deletePolicy(ctx, { PolicyArn: mp.Arn! }))).toEqual({ code: 'DeleteConflict', message: 'Cannot delete a policy attached to entities.' });
    await iam.detachRolePolicy(ctx, { RoleName: 'r', PolicyArn: mp.Arn! });
    await iam.createPolicyVersion(ctx, { PolicyArn: mp.Arn!, PolicyDocument: doc({ Effect: 'Allow', Action: 's3:Get*', Resource: '*' }) });
    expect(await failure(iam.deletePolicy(ctx, { PolicyArn: mp.Arn! }))).toEqual({
      code: 'DeleteConflict',
      message: "This policy has more than one version. Before you delete a policy, you must delete the policy's versions. The default version is deleted with the policy.",
    });
    await iam.createGroup(ctx, { GroupName: 'g' });
    await iam.attachGroupPolicy(ctx, { GroupName: 'g', PolicyArn: mp.Arn! });
    expect(await failure(iam.deleteGroup(ctx, { GroupName: 'g' }))).toEqual({ code: 'DeleteConflict', message: 'Cannot delete entity, must detach all policies first.' });
  });
});

describe('managed policy tags and ListEntitiesForPolicy', () => {
  it('CreatePolicy takes tags; Tag/Untag/ListPolicyTags; tags go with the policy', async () => {
    const p = (await iam.createPolicy(ctx, { PolicyName: 'mp', PolicyDocument: doc({ Effect: 'Allow', Action: 's3:*', Resource: '*' }), Tags: [{ Key: 'a', Value: '1' }] })).Policy!;
    expect(p.Tags).toEqual([{ Key: 'a', Value: '1' }]);
    await iam.tagPolicy(ctx, { PolicyArn: p.Arn!, Tags: [{ Key: 'b', Value: '2' }] });
    expect((await iam.getPolicy(ctx, { PolicyArn: p.Arn! })).Policy!.Tags).toEqual([{ Key: 'a', Value: '1' }, { Key: 'b', Value: '2' }]);
    await iam.untagPolicy(ctx, { PolicyArn: p.Arn!, TagKeys: ['a'] });
    const page1 = await iam.listPolicyTags(ctx, { PolicyArn: p.Arn!, MaxItems: 1 });
    expect(page1).toMatchObject({ Tags: [{ Key: 'b', Value: '2' }], IsTruncated: false });
    expect(await failure(iam.tagPolicy(ctx, { PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess', Tags: [{ Key: 'x', Value: 'y' }] }))).toMatchObject({ code: 'NoSuchEntity' });
    await iam.deletePolicy(ctx, { PolicyArn: p.Arn! });
    const again = (await iam.createPolicy(ctx, { PolicyName: 'mp', PolicyDocument: doc({ Effect: 'Allow', Action: 's3:*', Resource: '*' }) })).Policy!;
    expect((await iam.listPolicyTags(ctx, { PolicyArn: again.Arn! })).Tags).toEqual([]);
  });

  it('lists attachments and boundary uses by entity filter, path and usage, paged', async () => {
    const p = (await iam.createPolicy(ctx, { PolicyName: 'mp', PolicyDocument: doc({ Effect: 'Allow', Action: 's3:*', Resource: '*' }) })).Policy!;
    await iam.createUser(ctx, { UserName: 'u1', Path: '/a/' });
    await iam.createUser(ctx, { UserName: 'u2', PermissionsBoundary: p.Arn });
    await iam.createRole(ctx, { RoleName: 'r1', AssumeRolePolicyDocument: trust });
    await iam.createGroup(ctx, { GroupName: 'g1' });
    await iam.attachUserPolicy(ctx, { UserName: 'u1', PolicyArn: p.Arn! });
    await iam.attachRolePolicy(ctx, { RoleName: 'r1', PolicyArn: p.Arn! });
    await iam.attachGroupPolicy(ctx, { GroupName: 'g1', PolicyArn: p.Arn! });
    const all = await iam.listEntitiesForPolicy(ctx, { PolicyArn: p.Arn! });
    expect([all.PolicyGroups!.map((g) => g.GroupName), all.PolicyUsers!.map((u) => u.UserName), all.PolicyRoles!.map((r) => r.RoleName)]).toEqual([['g1'], ['u1', 'u2'], ['r1']]);
    expect((await iam.listEntitiesForPolicy(ctx, { PolicyArn: p.Arn!, PolicyUsageFilter: 'PermissionsPolicy' })).PolicyUsers!.map((u) => u.UserName)).toEqual(['u1']);
    expect((await iam.listEntitiesForPolicy(ctx, { PolicyArn: p.Arn!, PolicyUsageFilter: 'PermissionsBoundary' })).PolicyUsers!.map((u) => u.UserName)).toEqual(['u2']);
    const usersOnly = await iam.listEntitiesForPolicy(ctx, { PolicyArn: p.Arn!, EntityFilter: 'User', PathPrefix: '/a/' });
    expect([usersOnly.PolicyUsers!.map((u) => u.UserName), usersOnly.PolicyRoles, usersOnly.PolicyGroups]).toEqual([['u1'], [], []]);
    expect((await iam.listEntitiesForPolicy(ctx, { PolicyArn: p.Arn!, EntityFilter: 'AWSManagedPolicy' })).PolicyUsers).toEqual([]);
    const first = await iam.listEntitiesForPolicy(ctx, { PolicyArn: p.Arn!, MaxItems: 2 });
    expect(first.IsTruncated).toBe(true);
    const second = await iam.listEntitiesForPolicy(ctx, { PolicyArn: p.Arn!, MaxItems: 2, Marker: first.Marker });
    const names = [first, second].flatMap((o) => [...o.PolicyGroups!.map((g) => g.GroupName), ...o.PolicyUsers!.map((u) => u.UserName), ...o.PolicyRoles!.map((r) => r.RoleName)]);
    expect(names).toEqual(['g1', 'u1', 'u2', 'r1']);
    expect(second.IsTruncated).toBe(false);
  });
});

describe('GetAccountAuthorizationDetails', () => {
  it('answers every entity with its policies URL-encoded, filtered and paged as one sequence', async () => {
    const inline = doc({ Effect: 'Allow', Action: 'logs:*', Resource: '*', Condition: { StringEquals: { 'aws:RequestedRegion': 'eu-west-1' } } });
    await iam.createUser(ctx, { UserName: 'u' });
    await iam.putUserPolicy(ctx, { UserName: 'u', PolicyName: 'p', PolicyDocument: inline });
    await iam.createGroup(ctx, { GroupName: 'g' });
    await iam.addUserToGroup(ctx, { GroupName: 'g', UserName: 'u' });
    await iam.createRole(ctx, { RoleName: 'r', AssumeRolePolicyDocument: trust });
    await iam.attachRolePolicy(ctx, { RoleName: 'r', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' });
    await iam.createInstanceProfile(ctx, { InstanceProfileName: 'ip' });
    await iam.addRoleToInstanceProfile(ctx, { InstanceProfileName: 'ip', RoleName: 'r' });
    await iam.createPolicy(ctx, { PolicyName: 'mp', PolicyDocument: inline });

    const all = await iam.getAccountAuthorizationDetails(ctx, {});
    expect(all.UserDetailList![0]).toMatchObject({ UserName: 'u', GroupList: ['g'], UserPolicyList: [{ PolicyName: 'p', PolicyDocument: encodeURIComponent(inline) }] });
    expect(all.GroupDetailList!.map((g) => g.GroupName)).toEqual(['g']);
    expect(all.RoleDetailList![0]).toMatchObject({
      RoleName: 'r',
      AssumeRolePolicyDocument: encodeURIComponent(trust),
      AttachedManagedPolicies: [{ PolicyName: 'ReadOnlyAccess', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }],
      InstanceProfileList: [{ InstanceProfileName: 'ip', Roles: [{ RoleName: 'r' }] }],
    });
    // The account's own policy, and the AWS managed one in use (not every AWS managed policy).
    expect(all.Policies!.map((p) => p.PolicyName)).toEqual(['mp', 'ReadOnlyAccess']);
    expect(all.Policies![0]!.PolicyVersionList).toEqual([expect.objectContaining({ VersionId: 'v1', IsDefaultVersion: true, Document: encodeURIComponent(inline) })]);

    const roles = await iam.getAccountAuthorizationDetails(ctx, { Filter: ['Role'] });
    expect([roles.UserDetailList, roles.RoleDetailList!.length, roles.Policies]).toEqual([[], 1, []]);
    const first = await iam.getAccountAuthorizationDetails(ctx, { MaxItems: 3 });
    expect([first.UserDetailList!.length, first.GroupDetailList!.length, first.RoleDetailList!.length, first.IsTruncated]).toEqual([1, 1, 1, true]);
    const rest = await iam.getAccountAuthorizationDetails(ctx, { MaxItems: 3, Marker: first.Marker });
    expect([rest.Policies!.length, rest.IsTruncated]).toEqual([2, false]);
  });
});

describe('context keys', () => {
  it('lists the condition keys of the given policies, once each, and of a principal with its groups', async () => {
    const a = doc({ Effect: 'Allow', Action: 's3:*', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalTag/team': 'x', 's3:prefix': 'a' }, 'ForAnyValue:StringLike': { 'aws:TagKeys': 'k*' } } });
    const b = doc({ Effect: 'Deny', Action: '*', Resource: '*', Condition: { Bool: { 'AWS:SecureTransport': 'false' }, StringEquals: { 'S3:Prefix': 'b' } } });
    expect(contextKeysOf([{ id: '1', type: 't', text: a }, { id: '2', type: 't', text: b }])).toEqual(['aws:PrincipalTag/team', 's3:prefix', 'aws:TagKeys', 'AWS:SecureTransport']);
    expect((await iam.getContextKeysForCustomPolicy(ctx, { PolicyInputList: [b] })).ContextKeyNames).toEqual(['AWS:SecureTransport', 'S3:Prefix']);
    expect(await failure(iam.getContextKeysForCustomPolicy(ctx, { PolicyInputList: ['{"Statement":'] }))).toMatchObject({ code: 'InvalidInput' });

    await iam.createUser(ctx, { UserName: 'u' });
    await iam.putUserPolicy(ctx, { UserName: 'u', PolicyName: 'p', PolicyDocument: a });
    await iam.createGroup(ctx, { GroupName: 'g' });
    await iam.putGroupPolicy(ctx, { GroupName: 'g', PolicyName: 'gp', PolicyDocument: doc({ Effect: 'Allow', Action: '*', Resource: '*', Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } }) });
    await iam.addUserToGroup(ctx, { GroupName: 'g', UserName: 'u' });
    const keys = await iam.getContextKeysForPrincipalPolicy(ctx, { PolicySourceArn: `arn:aws:iam::${ACCOUNT}:user/u`, PolicyInputList: [b] });
    expect(keys.ContextKeyNames).toEqual(['aws:PrincipalTag/team', 's3:prefix', 'aws:TagKeys', 'aws:SourceIp', 'AWS:SecureTransport']);
  });
});

describe('service-linked roles', () => {
  it("Macie's role: created with its policy under its path, changed only by the service, deleted once Macie is off", async () => {
    await iam.createRole(ctx, { RoleName: 'r', AssumeRolePolicyDocument: trust });
    const out = await iam.createServiceLinkedRole(ctx, { AWSServiceName: 'macie.amazonaws.com' });
    expect(out.Role).toMatchObject({ RoleName: 'AWSServiceRoleForAmazonMacie', Path: '/aws-service-role/macie.amazonaws.com/', Arn: `arn:aws:iam::${ACCOUNT}:role/aws-service-role/macie.amazonaws.com/AWSServiceRoleForAmazonMacie` });
    expect(JSON.parse(decodeURIComponent(out.Role!.AssumeRolePolicyDocument!))).toEqual({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'macie.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
    expect((await iam.listAttachedRolePolicies(ctx, { RoleName: 'AWSServiceRoleForAmazonMacie' })).AttachedPolicies).toEqual([
      { PolicyName: 'AmazonMacieServiceRolePolicy', PolicyArn: 'arn:aws:iam::aws:policy/aws-service-role/AmazonMacieServiceRolePolicy' },
    ]);
    expect(await failure(iam.createServiceLinkedRole(ctx, { AWSServiceName: 'macie.amazonaws.com' }))).toEqual({
      code: 'InvalidInput',
      message: 'Service role name AWSServiceRoleForAmazonMacie has been taken in this account, please try a different suffix.',
    });
    const protectedRole = { code: 'UnmodifiableEntity', message: "Cannot perform the operation on the protected role 'AWSServiceRoleForAmazonMacie' - this role is only modifiable by AWS" };
    expect(await failure(iam.deleteRole(ctx, { RoleName: 'AWSServiceRoleForAmazonMacie' }))).toEqual(protectedRole);
    expect(await failure(iam.updateAssumeRolePolicy(ctx, { RoleName: 'AWSServiceRoleForAmazonMacie', PolicyDocument: trust }))).toEqual(protectedRole);
    expect(await failure(iam.updateRole(ctx, { RoleName: 'AWSServiceRoleForAmazonMacie', MaxSessionDuration: 7200 }))).toEqual(protectedRole);
    expect((await iam.updateRoleDescription(ctx, { RoleName: 'AWSServiceRoleForAmazonMacie', Description: 'd' })).Role!.Description).toBe('d');
    expect(await failure(iam.detachRolePolicy(ctx, { RoleName: 'AWSServiceRoleForAmazonMacie', PolicyArn: 'arn:aws:iam::aws:policy/aws-service-role/AmazonMacieServiceRolePolicy' }))).toEqual(protectedRole);
    expect(await failure(iam.attachRolePolicy(ctx, { RoleName: 'r', PolicyArn: 'arn:aws:iam::aws:policy/aws-service-role/AmazonMacieServiceRolePolicy' }))).toEqual({
      code: 'PolicyNotAttachable',
      message: 'Cannot attach a Service Role Policy to a Customer Role.',
    });
    expect(await failure(iam.createServiceLinkedRole(ctx, { AWSServiceName: 'elasticmapreduce.amazonaws.com' }))).toMatchObject({ code: 'NotImplemented' });
    expect(await failure(iam.createRole(ctx, { RoleName: 'fake', Path: '/aws-service-role/x/', AssumeRolePolicyDocument: trust }))).toMatchObject({ code: 'InvalidInput' });

    // Macie enabled in a Region: the deletion task fails, naming the Region.
    await store.db.insertInto('macie_sessions').values({ account_id: ACCOUNT, region: 'eu-west-1', status: 'ENABLED', finding_publishing_frequency: 'FIFTEEN_MINUTES', created_at: 0, updated_at: 0 }).execute();
    const failed = await iam.deleteServiceLinkedRole(ctx, { RoleName: 'AWSServiceRoleForAmazonMacie' });
    expect(failed.DeletionTaskId).toMatch(/^task\/aws-service-role\/macie\.amazonaws\.com\/AWSServiceRoleForAmazonMacie\/[0-9a-f-]{36}$/);
    expect(await iam.getServiceLinkedRoleDeletionStatus(ctx, { DeletionTaskId: failed.DeletionTaskId })).toMatchObject({
      Status: 'FAILED',
      Reason: { RoleUsageList: [{ Region: 'eu-west-1', Resources: [`arn:aws:macie2:eu-west-1:${ACCOUNT}:session`] }] },
    });
    expect((await iam.getRole(ctx, { RoleName: 'AWSServiceRoleForAmazonMacie' })).Role.RoleName).toBe('AWSServiceRoleForAmazonMacie');

    await store.db.deleteFrom('macie_sessions').execute();
    const done = await iam.deleteServiceLinkedRole(ctx, { RoleName: 'AWSServiceRoleForAmazonMacie' });
    expect(await iam.getServiceLinkedRoleDeletionStatus(ctx, { DeletionTaskId: done.DeletionTaskId })).toEqual({ Status: 'SUCCEEDED' });
    expect(await failure(iam.getRole(ctx, { RoleName: 'AWSServiceRoleForAmazonMacie' }))).toMatchObject({ code: 'NoSuchEntity' });
    expect(await failure(iam.getServiceLinkedRoleDeletionStatus(ctx, { DeletionTaskId: 'task/none' }))).toMatchObject({ code: 'InvalidInput' });
    expect(await failure(iam.getServiceLinkedRoleDeletionStatus(ctx, { DeletionTaskId: done.DeletionTaskId.replace(/.$/, done.DeletionTaskId.endsWith('0') ? '1' : '0') }))).toMatchObject({ code: 'NoSuchEntity' });
    await iam.createRole(ctx, { RoleName: 'plain', AssumeRolePolicyDocument: trust });
    expect(await failure(iam.deleteServiceLinkedRole(ctx, { RoleName: 'plain' }))).toEqual({ code: 'NoSuchEntity', message: 'The role with name plain is not a service-linked role.' });
  });
});
