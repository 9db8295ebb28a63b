// Issue 9, end to end with the real SDK clients: every request authorized against the resource ARNs and condition
// keys AWS's Service Authorization Reference lists, NotPrincipal, permissions boundaries, session policies, inactive
// keys, MFA and trust policies — each case tried as the attacker (refused) and as the legitimate user (allowed).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import {
  CreateAccessKeyCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  CreateVirtualMFADeviceCommand,
  EnableMFADeviceCommand,
  GetAccessKeyLastUsedCommand,
  GetUserCommand,
  IAMClient,
  ListMFADevicesCommand,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
  TagUserCommand,
  UpdateAccessKeyCommand,
} from '@aws-sdk/client-iam';
import { DescribeClassificationJobCommand, EnableMacieCommand, Macie2Client } from '@aws-sdk/client-macie2';
import { CloudWatchLogsClient, CreateLogGroupCommand, DescribeLogStreamsCommand, PutRetentionPolicyCommand } from '@aws-sdk/client-cloudwatch-logs';
import { CreateBucketCommand, GetObjectCommand, ListBucketsCommand, ListObjectsV2Command, PutBucketPolicyCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { ManualClock } from '../../../src/common/index.js';
import { totp } from '../../../src/iam/index.js';
import { refused, startServer, type Credentials, type TestServer } from '../harness.js';

let server: TestServer;
const clock = new ManualClock(Date.now());
beforeAll(async () => {
  server = await startServer({ clock });
  await new Macie2Client(server.clientConfig()).send(new EnableMacieCommand({}));
});
afterAll(async () => {
  await server?.close();
});

const iam = (c?: Credentials) => new IAMClient(server.clientConfig(c));
const sts = (c?: Credentials) => new STSClient(server.clientConfig(c));
const s3 = (c?: Credentials) => new S3Client(server.clientConfig(c));
const logs = (c?: Credentials) => new CloudWatchLogsClient(server.clientConfig(c));
const macie = (c?: Credentials) => new Macie2Client(server.clientConfig(c));
const doc = (...Statement: object[]) => JSON.stringify({ Version: '2012-10-17', Statement });

async function userWith(name: string, policy?: string, extra: { PermissionsBoundary?: string } = {}): Promise<Credentials> {
  await iam().send(new CreateUserCommand({ UserName: name, ...extra }));
  if (policy) await iam().send(new PutUserPolicyCommand({ UserName: name, PolicyName: 'p', PolicyDocument: policy }));
  const key = (await iam().send(new CreateAccessKeyCommand({ UserName: name }))).AccessKey!;
  return { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! };
}


describe('resource ARNs and condition keys from the Service Authorization Reference', () => {
  it('an explicit Deny on one Macie classification job ARN applies to that job only', async () => {
    const arn = (id: string) => `arn:aws:macie2:${server.region}:${server.accountId}:classification-job/${id}`;
    const creds = await userWith('macie-analyst', doc({ Effect: 'Allow', Action: 'macie2:*', Resource: '*' }, { Effect: 'Deny', Action: 'macie2:DescribeClassificationJob', Resource: arn('secret0000000000000000000000000a') }));
    const denied = await refused(macie(creds).send(new DescribeClassificationJobCommand({ jobId: 'secret0000000000000000000000000a' })));
    expect(denied).toMatchObject({ name: 'AccessDeniedException', status: 403 });
    // Another job gets past authorization to the provider: it does not exist.
    const other = await refused(macie(creds).send(new DescribeClassificationJobCommand({ jobId: 'other00000000000000000000000000b' })));
    expect(other.name).toBe('ResourceNotFoundException');
  });

  it('a Deny on log-group:NAME:* covers group-level Logs actions', async () => {
    await logs().send(new CreateLogGroupCommand({ logGroupName: 'payroll' }));
    await logs().send(new CreateLogGroupCommand({ logGroupName: 'web' }));
    const creds = await userWith('logs-operator', doc({ Effect: 'Allow', Action: 'logs:*', Resource: '*' }, { Effect: 'Deny', Action: 'logs:*', Resource: `arn:aws:logs:*:${server.accountId}:log-group:payroll:*` }));
    expect(await refused(logs(creds).send(new DescribeLogStreamsCommand({ logGroupName: 'payroll' })))).toMatchObject({ name: 'AccessDeniedException' });
    expect(await refused(logs(creds).send(new PutRetentionPolicyCommand({ logGroupName: 'payroll', retentionInDays: 1 })))).toMatchObject({ name: 'AccessDeniedException' });
    await logs(creds).send(new DescribeLogStreamsCommand({ logGroupName: 'web' }));
    await logs(creds).send(new PutRetentionPolicyCommand({ logGroupName: 'web', retentionInDays: 7 }));
  });

  it('s3:prefix limits a listing to the user\'s home prefix', async () => {
    await s3().send(new CreateBucketCommand({ Bucket: 'homes' }));
    const creds = await userWith(
      'carol',
      doc({ Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::homes', Condition: { StringLike: { 's3:prefix': 'home/${aws:username}/*' } } }),
    );
    await s3(creds).send(new ListObjectsV2Command({ Bucket: 'homes', Prefix: 'home/carol/' }));
    expect(await refused(s3(creds).send(new ListObjectsV2Command({ Bucket: 'homes', Prefix: 'home/dave/' })))).toMatchObject({ name: 'AccessDenied', status: 403 });
    expect(await refused(s3(creds).send(new ListObjectsV2Command({ Bucket: 'homes' })))).toMatchObject({ name: 'AccessDenied' });
  });

  it('aws:PrincipalTag from the user\'s IAM tags', async () => {
    const creds = await userWith('erin', doc({ Effect: 'Allow', Action: 's3:ListAllMyBuckets', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalTag/team': 'blue' } } }));
    expect(await refused(s3(creds).send(new ListBucketsCommand({})))).toMatchObject({ name: 'AccessDenied' });
    await iam().send(new TagUserCommand({ UserName: 'erin', Tags: [{ Key: 'team', Value: 'blue' }] }));
    await s3(creds).send(new ListBucketsCommand({}));
  });
});

describe('bucket policy NotPrincipal', () => {
  it('a Deny with NotPrincipal naming only the account root still denies the account\'s users', async () => {
    await s3().send(new CreateBucketCommand({ Bucket: 'vault' }));
    await s3().send(new PutObjectCommand({ Bucket: 'vault', Key: 'k', Body: 'secret' }));
    await s3().send(
      new PutBucketPolicyCommand({
        Bucket: 'vault',
        Policy: doc({ Effect: 'Deny', NotPrincipal: { AWS: `arn:aws:iam::${server.accountId}:root` }, Action: 's3:*', Resource: ['arn:aws:s3:::vault', 'arn:aws:s3:::vault/*'] }),
      }),
    );
    const creds = await userWith('frank', doc({ Effect: 'Allow', Action: 's3:*', Resource: '*' }));
    expect(await refused(s3(creds).send(new GetObjectCommand({ Bucket: 'vault', Key: 'k' })))).toMatchObject({ name: 'AccessDenied' });
    // The root user is the account itself, which NotPrincipal names: exempt.
    const out = await s3().send(new GetObjectCommand({ Bucket: 'vault', Key: 'k' }));
    expect(await out.Body!.transformToString()).toBe('secret');
  });
});

describe('permissions boundaries and session policies', () => {
  const readOnly = doc({ Effect: 'Allow', Action: ['s3:Get*', 's3:List*'], Resource: '*' });

  it('a permissions boundary given at CreateUser keeps the user from creating a bucket', async () => {
    const boundary = (await iam().send(new CreatePolicyCommand({ PolicyName: 'S3ReadOnlyBoundary', PolicyDocument: readOnly }))).Policy!.Arn!;
    const creds = await userWith('grace', doc({ Effect: 'Allow', Action: 's3:*', Resource: '*' }), { PermissionsBoundary: boundary });
    const user = await iam().send(new GetUserCommand({ UserName: 'grace' }));
    expect(user.User?.PermissionsBoundary?.PermissionsBoundaryArn).toBe(boundary);
    expect(await refused(s3(creds).send(new CreateBucketCommand({ Bucket: 'grace-bucket' })))).toMatchObject({ name: 'AccessDenied' });
    await s3(creds).send(new ListBucketsCommand({}));
  });

  it('a boundary that does not exist is refused with NoSuchEntity', async () => {
    const err = await refused(iam().send(new CreateUserCommand({ UserName: 'heidi', PermissionsBoundary: `arn:aws:iam::${server.accountId}:policy/Nope` })));
    expect(err).toMatchObject({ name: 'NoSuchEntityException', status: 404 });
  });

  it('a read-only managed session policy keeps the session from creating a bucket', async () => {
    const readOnlyArn = (await iam().send(new CreatePolicyCommand({ PolicyName: 'SessionReadOnly', PolicyDocument: readOnly }))).Policy!.Arn!;
    const role = (await iam().send(new CreateRoleCommand({ RoleName: 'S3Admin', AssumeRolePolicyDocument: doc({ Effect: 'Allow', Principal: { AWS: server.accountId }, Action: 'sts:AssumeRole' }) }))).Role!;
    await iam().send(new PutRolePolicyCommand({ RoleName: 'S3Admin', PolicyName: 'all', PolicyDocument: doc({ Effect: 'Allow', Action: 's3:*', Resource: '*' }) }));
    const full = (await sts().send(new AssumeRoleCommand({ RoleArn: role.Arn!, RoleSessionName: 'full' }))).Credentials!;
    const limited = (await sts().send(new AssumeRoleCommand({ RoleArn: role.Arn!, RoleSessionName: 'ro', PolicyArns: [{ arn: readOnlyArn }] }))).Credentials!;
    const asCreds = (c: typeof full): Credentials => ({ accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! });
    expect(await refused(s3(asCreds(limited)).send(new CreateBucketCommand({ Bucket: 'ro-bucket' })))).toMatchObject({ name: 'AccessDenied' });
    await s3(asCreds(limited)).send(new ListBucketsCommand({}));
    await s3(asCreds(full)).send(new CreateBucketCommand({ Bucket: 'full-bucket' }));
    // A managed session policy that does not exist is refused, never ignored.
    const err = await refused(sts().send(new AssumeRoleCommand({ RoleArn: role.Arn!, RoleSessionName: 'xx', PolicyArns: [{ arn: `arn:aws:iam::${server.accountId}:policy/Missing` }] })));
    expect(err).toMatchObject({ name: 'ValidationError', status: 400 });
  });
});

describe('access keys', () => {
  it('an inactive key is refused at once, and works again when reactivated; last use is recorded', async () => {
    const creds = await userWith('ivan', doc({ Effect: 'Allow', Action: 's3:ListAllMyBuckets', Resource: '*' }));
    await s3(creds).send(new ListBucketsCommand({}));
    await iam().send(new UpdateAccessKeyCommand({ UserName: 'ivan', AccessKeyId: creds.accessKeyId, Status: 'Inactive' }));
    expect(await refused(s3(creds).send(new ListBucketsCommand({})))).toMatchObject({ name: 'InvalidAccessKeyId', status: 403 });
    expect(await refused(sts(creds).send(new GetCallerIdentityCommand({})))).toMatchObject({ name: 'InvalidClientTokenId', status: 403 });
    await iam().send(new UpdateAccessKeyCommand({ UserName: 'ivan', AccessKeyId: creds.accessKeyId, Status: 'Active' }));
    await sts(creds).send(new GetCallerIdentityCommand({}));
    await server.sift.keyUsage.flush();
    const used = await iam().send(new GetAccessKeyLastUsedCommand({ AccessKeyId: creds.accessKeyId }));
    expect(used.UserName).toBe('ivan');
    expect(used.AccessKeyLastUsed?.ServiceName).toBe('sts');
    expect(used.AccessKeyLastUsed?.LastUsedDate).toBeInstanceOf(Date);
  });
});

describe('trust policies and MFA', () => {
  it('a trust policy naming a user of the same account is enough on its own', async () => {
    const creds = await userWith('judy');
    const role = (await iam().send(new CreateRoleCommand({ RoleName: 'JudyRole', AssumeRolePolicyDocument: doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${server.accountId}:user/judy` }, Action: 'sts:AssumeRole' }) }))).Role!;
    const out = await sts(creds).send(new AssumeRoleCommand({ RoleArn: role.Arn!, RoleSessionName: 'judy-s' }));
    expect(out.AssumedRoleUser?.Arn).toBe(`arn:aws:sts::${server.accountId}:assumed-role/JudyRole/judy-s`);
    // Naming the account only: the user's own policies must allow, and judy has none.
    const acct = (await iam().send(new CreateRoleCommand({ RoleName: 'AcctRole', AssumeRolePolicyDocument: doc({ Effect: 'Allow', Principal: { AWS: server.accountId }, Action: 'sts:AssumeRole' }) }))).Role!;
    expect(await refused(sts(creds).send(new AssumeRoleCommand({ RoleArn: acct.Arn!, RoleSessionName: 'judy-s' })))).toMatchObject({ name: 'AccessDenied', status: 403 });
  });

  it('MFA: a role that requires it is refused without a code and with a wrong one, and assumed with a valid TOTP', async () => {
    const creds = await userWith('mallory-mfa');
    const device = (await iam().send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'mallory-mfa' }))).VirtualMFADevice!;
    const seed = Buffer.from(device.Base32StringSeed!).toString('ascii');
    const now = clock.nowMs();
    expect(await refused(iam().send(new EnableMFADeviceCommand({ UserName: 'mallory-mfa', SerialNumber: device.SerialNumber, AuthenticationCode1: '000000', AuthenticationCode2: '000001' })))).toMatchObject({
      name: 'InvalidAuthenticationCodeException',
    });
    await iam().send(new EnableMFADeviceCommand({ UserName: 'mallory-mfa', SerialNumber: device.SerialNumber, AuthenticationCode1: totp(seed, now - 30_000), AuthenticationCode2: totp(seed, now) }));
    expect((await iam().send(new ListMFADevicesCommand({ UserName: 'mallory-mfa' }))).MFADevices?.map((d) => d.SerialNumber)).toEqual([device.SerialNumber]);
    const role = (
      await iam().send(
        new CreateRoleCommand({
          RoleName: 'NeedsMfa',
          AssumeRolePolicyDocument: doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${server.accountId}:user/mallory-mfa` }, Action: 'sts:AssumeRole', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }),
        }),
      )
    ).Role!;
    const assume = (extra: object) => sts(creds).send(new AssumeRoleCommand({ RoleArn: role.Arn!, RoleSessionName: 'mfa-s', ...extra }));
    expect(await refused(assume({}))).toMatchObject({ name: 'AccessDenied' });
    clock.advance(30_000);
    const wrong = totp(seed, clock.nowMs()) === '123456' ? '654321' : '123456';
    const bad = await refused(assume({ SerialNumber: device.SerialNumber, TokenCode: wrong }));
    expect(bad).toMatchObject({ name: 'AccessDenied', message: 'MultiFactorAuthentication failed with invalid MFA one time pass code. ' });
    expect(await refused(assume({ SerialNumber: device.SerialNumber }))).toMatchObject({ message: 'MultiFactorAuthentication failed, must provide both MFA serial number and one time pass code.' });
    const code = totp(seed, clock.nowMs());
    const ok = await assume({ SerialNumber: device.SerialNumber, TokenCode: code });
    expect(ok.Credentials?.AccessKeyId).toMatch(/^ASIA/);
    // The same code is not accepted twice.
    expect(await refused(assume({ SerialNumber: device.SerialNumber, TokenCode: code }))).toMatchObject({ name: 'AccessDenied' });
  });
});
