// Issue 15 (2): S3 Object Lock end to end with @aws-sdk/client-s3 and the aws CLI: buckets created with Object Lock
// (versioning on for good), default retention, GOVERNANCE (bypassed only with s3:BypassGovernanceRetention and the
// header) and COMPLIANCE (never shortened or removed) retention, legal holds, S3's errors; the server runs on a
// ManualClock so that retention runs out without waiting.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CreateBucketCommand,
  DeleteObjectCommand,
  GetBucketVersioningCommand,
  GetObjectLegalHoldCommand,
  GetObjectLockConfigurationCommand,
  GetObjectRetentionCommand,
  HeadObjectCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  PutObjectLegalHoldCommand,
  PutObjectLockConfigurationCommand,
  PutObjectRetentionCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { ManualClock } from '../../../src/common/index.js';
import { startServer, type Credentials, type TestServer } from '../harness.js';
import { aws, awsCliAvailable } from '../aws-cli.js';

const DAY = 86_400_000;
const clock = new ManualClock(Date.now());
let server: TestServer;
// Clients sign with the server's clock, which the test moves forward.
const s3 = (c?: Credentials) => new S3Client({ ...server.clientConfig(c), systemClockOffset: clock.nowMs() - Date.now() });
const code = (p: Promise<unknown>) => p.then(() => 'ok', (e: { name: string }) => e.name);
let operator: Credentials;

beforeAll(async () => {
  server = await startServer({ clock });
  const iam = new IAMClient({ ...server.clientConfig(), region: 'us-east-1' });
  await iam.send(new CreateUserCommand({ UserName: 'operator' }));
  // Everything in S3 except bypassing governance retention.
  await iam.send(
    new PutUserPolicyCommand({
      UserName: 'operator',
      PolicyName: 's3',
      PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }, { Effect: 'Deny', Action: 's3:BypassGovernanceRetention', Resource: '*' }] }),
    }),
  );
  const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'operator' }))).AccessKey!;
  operator = { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! };
});
afterAll(async () => {
  await server?.close();
});

describe('S3 Object Lock', () => {
  it.skipIf(!awsCliAvailable)('works from the aws CLI: put-object-retention, get-object-retention', { timeout: 120_000 }, async () => {
    const env = server.cliEnv();
    const run = async (...args: string[]) => {
      const r = await aws(env, args);
      return r;
    };
    // First, while the server's clock is still the CLI's.
    expect((await run('s3api', 'create-bucket', '--bucket', 'cli-vault', '--object-lock-enabled-for-bucket')).code).toBe(0);
    await run('s3api', 'put-object', '--bucket', 'cli-vault', '--key', 'cli.txt', '--body', '/etc/hostname');
    const until = new Date(clock.nowMs() + 5 * DAY).toISOString();
    const put = await run('s3api', 'put-object-retention', '--bucket', 'cli-vault', '--key', 'cli.txt', '--retention', JSON.stringify({ Mode: 'COMPLIANCE', RetainUntilDate: until }));
    expect(put.code, put.stderr + put.stdout).toBe(0);
    const got = await run('s3api', 'get-object-retention', '--bucket', 'cli-vault', '--key', 'cli.txt');
    expect(got.json.Retention.Mode).toBe('COMPLIANCE');
    const del = await run('s3api', 'delete-object', '--bucket', 'cli-vault', '--key', 'cli.txt', '--version-id', (await run('s3api', 'head-object', '--bucket', 'cli-vault', '--key', 'cli.txt')).json.VersionId, '--bypass-governance-retention');
    expect(del.code).not.toBe(0);
    expect(del.stderr).toContain('AccessDenied');
  });
  it('creates a bucket with Object Lock: versioning on for good, a default retention applied to new versions', async () => {
    await s3().send(new CreateBucketCommand({ Bucket: 'vault', ObjectLockEnabledForBucket: true }));
    expect((await s3().send(new GetBucketVersioningCommand({ Bucket: 'vault' }))).Status).toBe('Enabled');
    expect(await code(s3().send(new PutBucketVersioningCommand({ Bucket: 'vault', VersioningConfiguration: { Status: 'Suspended' } })))).toBe('InvalidBucketState');
    expect((await s3().send(new GetObjectLockConfigurationCommand({ Bucket: 'vault' }))).ObjectLockConfiguration).toEqual({ ObjectLockEnabled: 'Enabled' });
    await s3().send(new PutObjectLockConfigurationCommand({ Bucket: 'vault', ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 1 } } } }));
    expect(await code(s3().send(new PutObjectLockConfigurationCommand({ Bucket: 'vault', ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 1, Years: 1 } } } })))).toBe('MalformedXML');
    expect(await code(s3().send(new PutObjectLockConfigurationCommand({ Bucket: 'vault', ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 0 } } } })))).toBe('InvalidArgument');

    const put = await s3().send(new PutObjectCommand({ Bucket: 'vault', Key: 'ledger.csv', Body: 'x' }));
    const retention = (await s3().send(new GetObjectRetentionCommand({ Bucket: 'vault', Key: 'ledger.csv' }))).Retention!;
    expect(retention.Mode).toBe('GOVERNANCE');
    expect(retention.RetainUntilDate!.getTime()).toBe(clock.nowMs() + DAY);
    expect((await s3().send(new HeadObjectCommand({ Bucket: 'vault', Key: 'ledger.csv' }))).ObjectLockMode).toBe('GOVERNANCE');

    // A delete marker is not a deletion of the locked version; deleting the version is refused.
    expect((await s3().send(new DeleteObjectCommand({ Bucket: 'vault', Key: 'ledger.csv' }))).DeleteMarker).toBe(true);
    const denied = await s3().send(new DeleteObjectCommand({ Bucket: 'vault', Key: 'ledger.csv', VersionId: put.VersionId })).catch((e) => e);
    expect([denied.name, denied.$metadata.httpStatusCode]).toEqual(['AccessDenied', 403]);
    // The bypass needs both the header and s3:BypassGovernanceRetention.
    expect(await code(s3(operator).send(new DeleteObjectCommand({ Bucket: 'vault', Key: 'ledger.csv', VersionId: put.VersionId, BypassGovernanceRetention: true })))).toBe('AccessDenied');
    expect(await code(s3(operator).send(new PutObjectRetentionCommand({ Bucket: 'vault', Key: 'ledger.csv', VersionId: put.VersionId, BypassGovernanceRetention: true, Retention: {} })))).toBe('AccessDenied');
    expect(await code(s3().send(new DeleteObjectCommand({ Bucket: 'vault', Key: 'ledger.csv', VersionId: put.VersionId, BypassGovernanceRetention: true })))).toBe('ok');
  });

  it('never shortens, removes or weakens COMPLIANCE retention, extends it, and lets it run out', async () => {
    const until = new Date(clock.nowMs() + 2 * DAY);
    const put = await s3().send(new PutObjectCommand({ Bucket: 'vault', Key: 'audit.log', Body: 'y', ObjectLockMode: 'COMPLIANCE', ObjectLockRetainUntilDate: until }));
    const v = { Bucket: 'vault', Key: 'audit.log', VersionId: put.VersionId };
    expect(await code(s3().send(new PutObjectRetentionCommand({ ...v, BypassGovernanceRetention: true, Retention: { Mode: 'COMPLIANCE', RetainUntilDate: new Date(clock.nowMs() + DAY) } })))).toBe('AccessDenied');
    expect(await code(s3().send(new PutObjectRetentionCommand({ ...v, BypassGovernanceRetention: true, Retention: { Mode: 'GOVERNANCE', RetainUntilDate: until } })))).toBe('AccessDenied');
    expect(await code(s3().send(new PutObjectRetentionCommand({ ...v, BypassGovernanceRetention: true, Retention: {} })))).toBe('AccessDenied');
    expect(await code(s3().send(new DeleteObjectCommand({ ...v, BypassGovernanceRetention: true })))).toBe('AccessDenied');
    const later = new Date(clock.nowMs() + 3 * DAY);
    expect(await code(s3().send(new PutObjectRetentionCommand({ ...v, Retention: { Mode: 'COMPLIANCE', RetainUntilDate: later } })))).toBe('ok');
    expect(await code(s3().send(new PutObjectRetentionCommand({ ...v, Retention: { Mode: 'COMPLIANCE', RetainUntilDate: new Date(clock.nowMs() - 1000) } })))).toBe('InvalidArgument');
    clock.advance(4 * DAY);
    expect(await code(s3().send(new DeleteObjectCommand(v)))).toBe('ok');
  });

  it('keeps a version under legal hold until the hold is released', async () => {
    const put = await s3().send(new PutObjectCommand({ Bucket: 'vault', Key: 'held', Body: 'z', ObjectLockLegalHoldStatus: 'ON' }));
    const v = { Bucket: 'vault', Key: 'held', VersionId: put.VersionId };
    expect((await s3().send(new GetObjectLegalHoldCommand(v))).LegalHold?.Status).toBe('ON');
    clock.advance(2 * DAY); // the default retention has run out; the hold has not
    expect(await code(s3().send(new DeleteObjectCommand({ ...v, BypassGovernanceRetention: true })))).toBe('AccessDenied');
    await s3().send(new PutObjectLegalHoldCommand({ ...v, LegalHold: { Status: 'OFF' } }));
    expect(await code(s3().send(new DeleteObjectCommand(v)))).toBe('ok');
  });

  it('answers S3’s errors on buckets without Object Lock', async () => {
    await s3().send(new CreateBucketCommand({ Bucket: 'plain' }));
    await s3().send(new PutObjectCommand({ Bucket: 'plain', Key: 'k', Body: 'x' }));
    expect(await code(s3().send(new GetObjectLockConfigurationCommand({ Bucket: 'plain' })))).toBe('ObjectLockConfigurationNotFoundError');
    expect(await code(s3().send(new PutObjectRetentionCommand({ Bucket: 'plain', Key: 'k', Retention: { Mode: 'GOVERNANCE', RetainUntilDate: new Date(clock.nowMs() + DAY) } })))).toBe('InvalidRequest');
    expect(await code(s3().send(new PutObjectLegalHoldCommand({ Bucket: 'plain', Key: 'k', LegalHold: { Status: 'ON' } })))).toBe('InvalidRequest');
    // Object Lock on an existing bucket needs versioning Enabled first.
    const lockConfig = { Bucket: 'plain', ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled' as const } };
    expect(await code(s3().send(new PutObjectLockConfigurationCommand(lockConfig)))).toBe('InvalidBucketState');
    await s3().send(new PutBucketVersioningCommand({ Bucket: 'plain', VersioningConfiguration: { Status: 'Enabled' } }));
    expect(await code(s3().send(new PutObjectLockConfigurationCommand(lockConfig)))).toBe('ok');
    expect(await code(s3().send(new PutObjectCommand({ Bucket: 'plain', Key: 'k', Body: 'x', ObjectLockMode: 'GOVERNANCE' })))).toBe('InvalidArgument');
    expect(await code(s3().send(new GetObjectRetentionCommand({ Bucket: 'plain', Key: 'k' })))).toBe('NoSuchObjectLockConfiguration');
  });

});
