// Issue 9, findings 1 and 2 and the cross-resource checks of "what to build" 1: every resource a call touches is
// authorized. Each case runs as the attacker (a second account, or an IAM user with a Deny) and fails, then as the
// legitimate caller and succeeds — with the real SDK clients against a real server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CopyObjectCommand,
  CreateBucketCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutBucketPolicyCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { EnableMacieCommand, Macie2Client, PutClassificationExportConfigurationCommand } from '@aws-sdk/client-macie2';
import { CloudWatchLogsClient, CreateExportTaskCommand, CreateLogGroupCommand, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { startServer, type Credentials, type TestServer } from '../harness.js';
import { logsExportBucketPolicy, macieResultsBucketPolicy, macieResultsKey } from '../service-policies.js';
import { outcome, secondAccount, userWithPolicy } from './principals.js';

let server: TestServer;
let owner: S3Client;
let attacker: { accountId: string; creds: Credentials; s3: S3Client };
const body = (s: string) => Buffer.from(s);

beforeAll(async () => {
  server = await startServer();
  owner = new S3Client(server.clientConfig());
  const other = await secondAccount(server);
  attacker = { ...other, s3: new S3Client(server.clientConfig(other.creds)) };
  await owner.send(new CreateBucketCommand({ Bucket: 'victim-data' }));
  await owner.send(new PutObjectCommand({ Bucket: 'victim-data', Key: 'data/0003.csv', Body: body('name,card\nann,4556737586899855\n') }));
  await attacker.s3.send(new CreateBucketCommand({ Bucket: 'attacker-bucket' }));
});
afterAll(async () => server?.close());

describe('CopyObject reads its source with the caller’s rights', () => {
  it('refuses another account’s copy of a source it may not read, and allows it once the source bucket policy grants s3:GetObject', async () => {
    expect(await outcome(attacker.s3.send(new CopyObjectCommand({ Bucket: 'attacker-bucket', Key: 'stolen', CopySource: 'victim-data/data/0003.csv' })))).toBe('AccessDenied');
    expect(await outcome(attacker.s3.send(new GetObjectCommand({ Bucket: 'attacker-bucket', Key: 'stolen' })))).toBe('NoSuchKey');
    // A missing source key is AccessDenied too: existence never leaks to a caller who may not list the bucket.
    expect(await outcome(attacker.s3.send(new CopyObjectCommand({ Bucket: 'attacker-bucket', Key: 'probe', CopySource: 'victim-data/data/9999.csv' })))).toBe('AccessDenied');

    // The owner copies within its account; a missing key is NoSuchKey for the owner, who may list.
    expect(await outcome(owner.send(new CopyObjectCommand({ Bucket: 'victim-data', Key: 'copy.csv', CopySource: 'victim-data/data/0003.csv' })))).toBe('ok');
    expect(await outcome(owner.send(new CopyObjectCommand({ Bucket: 'victim-data', Key: 'x', CopySource: 'victim-data/data/9999.csv' })))).toBe('NoSuchKey');

    // Cross-account needs both sides: the source bucket's policy grants the account, the account's root needs nothing more.
    await owner.send(
      new PutBucketPolicyCommand({
        Bucket: 'victim-data',
        Policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${attacker.accountId}:root` }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::victim-data/data/*' }] }),
      }),
    );
    expect(await outcome(attacker.s3.send(new CopyObjectCommand({ Bucket: 'attacker-bucket', Key: 'shared', CopySource: 'victim-data/data/0003.csv' })))).toBe('ok');
    // Granted s3:GetObject but not s3:ListBucket: a missing key is still AccessDenied.
    expect(await outcome(attacker.s3.send(new CopyObjectCommand({ Bucket: 'attacker-bucket', Key: 'probe', CopySource: 'victim-data/data/9999.csv' })))).toBe('AccessDenied');
  });

  it('refuses an IAM user whose policy denies s3:GetObject on the source, and lets a user without that Deny copy', async () => {
    const read = { Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject', 's3:ListBucket'], Resource: ['arn:aws:s3:::victim-data', 'arn:aws:s3:::victim-data/*'] };
    const denied = new S3Client(server.clientConfig(await userWithPolicy(server, 'copier-denied', [read, { Effect: 'Deny', Action: 's3:GetObject', Resource: 'arn:aws:s3:::victim-data/data/*' }])));
    const allowed = new S3Client(server.clientConfig(await userWithPolicy(server, 'copier', [read])));
    expect(await outcome(denied.send(new CopyObjectCommand({ Bucket: 'victim-data', Key: 'out/stolen.csv', CopySource: 'victim-data/data/0003.csv' })))).toBe('AccessDenied');
    expect(await outcome(allowed.send(new CopyObjectCommand({ Bucket: 'victim-data', Key: 'out/copied.csv', CopySource: 'victim-data/data/0003.csv' })))).toBe('ok');
  });
});

describe('a missing key without s3:ListBucket', () => {
  it('is AccessDenied for GetObject and 403 for HeadObject, and NoSuchKey once the caller may list', async () => {
    const getOnly = new S3Client(server.clientConfig(await userWithPolicy(server, 'reader', [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::victim-data/*' }])));
    expect(await outcome(getOnly.send(new GetObjectCommand({ Bucket: 'victim-data', Key: 'absent' })))).toBe('AccessDenied');
    const head = await getOnly.send(new HeadObjectCommand({ Bucket: 'victim-data', Key: 'absent' })).catch((e) => e);
    expect(head.$metadata.httpStatusCode).toBe(403);
    const lister = new S3Client(
      server.clientConfig(
        await userWithPolicy(server, 'lister', [
          { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::victim-data/*' },
          { Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::victim-data' },
        ]),
      ),
    );
    expect(await outcome(lister.send(new GetObjectCommand({ Bucket: 'victim-data', Key: 'absent' })))).toBe('NoSuchKey');
    expect((await lister.send(new HeadObjectCommand({ Bucket: 'victim-data', Key: 'absent' })).catch((e) => e)).$metadata.httpStatusCode).toBe(404);
  });
});

describe('DeleteObjects authorizes each key', () => {
  it('fails the keys a Deny protects with per-key AccessDenied and deletes the others', async () => {
    for (const k of ['tmp/a', 'tmp/b', 'protected/keep']) await owner.send(new PutObjectCommand({ Bucket: 'victim-data', Key: k, Body: body(k) }));
    const cleaner = new S3Client(
      server.clientConfig(
        await userWithPolicy(server, 'cleaner', [
          { Effect: 'Allow', Action: 's3:DeleteObject', Resource: 'arn:aws:s3:::victim-data/*' },
          { Effect: 'Deny', Action: 's3:DeleteObject', Resource: 'arn:aws:s3:::victim-data/protected/*' },
        ]),
      ),
    );
    const out = await cleaner.send(new DeleteObjectsCommand({ Bucket: 'victim-data', Delete: { Objects: [{ Key: 'tmp/a' }, { Key: 'protected/keep' }, { Key: 'tmp/b' }] } }));
    expect(out.Deleted?.map((d) => d.Key)).toEqual(['tmp/a', 'tmp/b']);
    expect(out.Errors).toEqual([expect.objectContaining({ Key: 'protected/keep', Code: 'AccessDenied', Message: 'Access Denied' })]);
    expect(await outcome(owner.send(new GetObjectCommand({ Bucket: 'victim-data', Key: 'protected/keep' })))).toBe('ok');
    // A user allowed only some keys is no longer refused the whole request.
    const scoped = new S3Client(server.clientConfig(await userWithPolicy(server, 'scoped', [{ Effect: 'Allow', Action: 's3:DeleteObject', Resource: 'arn:aws:s3:::victim-data/protected/*' }])));
    const mine = await scoped.send(new DeleteObjectsCommand({ Bucket: 'victim-data', Delete: { Objects: [{ Key: 'protected/keep' }, { Key: 'data/0003.csv' }] } }));
    expect(mine.Deleted?.map((d) => d.Key)).toEqual(['protected/keep']);
    expect(mine.Errors?.map((e) => [e.Key, e.Code])).toEqual([['data/0003.csv', 'AccessDenied']]);
    // Another account gets AccessDenied for every key of a bucket that grants it nothing.
    const foreign = await attacker.s3.send(new DeleteObjectsCommand({ Bucket: 'victim-data', Delete: { Objects: [{ Key: 'data/0003.csv' }] } }));
    expect(foreign.Errors?.map((e) => e.Code)).toEqual(['AccessDenied']);
    expect(await outcome(owner.send(new GetObjectCommand({ Bucket: 'victim-data', Key: 'data/0003.csv' })))).toBe('ok');
  });
});

describe('services write into buckets as their service principals', () => {
  it('Macie refuses another account’s results bucket until its policy lets macie.amazonaws.com write for that account', async () => {
    const macieOwner = new Macie2Client(server.clientConfig());
    const macieAttacker = new Macie2Client(server.clientConfig(attacker.creds));
    await macieOwner.send(new EnableMacieCommand({}));
    await macieAttacker.send(new EnableMacieCommand({}));
    await owner.send(new CreateBucketCommand({ Bucket: 'owner-results' }));
    const keys: Record<string, string> = { [server.accountId]: await macieResultsKey(server), [attacker.accountId]: await macieResultsKey(server, attacker.creds) };
    const configure = (client: Macie2Client, account: string) =>
      outcome(client.send(new PutClassificationExportConfigurationCommand({ configuration: { s3Destination: { bucketName: 'owner-results', keyPrefix: 'macie', kmsKeyArn: keys[account]! } } })));
    expect(await configure(macieAttacker, attacker.accountId)).toBe('AccessDeniedException');
    // The owner's policy for its own Macie: aws:SourceAccount keeps the other account out.
    await owner.send(new PutBucketPolicyCommand({ Bucket: 'owner-results', Policy: macieResultsBucketPolicy('owner-results', server.accountId, server.region) }));
    expect(await configure(macieAttacker, attacker.accountId)).toBe('AccessDeniedException');
    expect(await configure(macieOwner, server.accountId)).toBe('ok');
  });

  it('CloudWatch Logs refuses to export into another account’s bucket unless its policy names logs.<region>.amazonaws.com for the exporting account', async () => {
    const logsAttacker = new CloudWatchLogsClient(server.clientConfig(attacker.creds));
    const logsOwner = new CloudWatchLogsClient(server.clientConfig());
    await logsAttacker.send(new CreateLogGroupCommand({ logGroupName: 'exfil' }));
    await logsOwner.send(new CreateLogGroupCommand({ logGroupName: 'mine' }));
    await owner.send(new CreateBucketCommand({ Bucket: 'owner-exports' }));
    const exportTo = (client: CloudWatchLogsClient, group: string) => outcome(client.send(new CreateExportTaskCommand({ logGroupName: group, from: 0, to: Date.now(), destination: 'owner-exports' })));
    expect(await exportTo(logsAttacker, 'exfil')).toBe('InvalidParameterException');
    expect(await exportTo(logsOwner, 'mine')).toBe('InvalidParameterException');
    await owner.send(new PutBucketPolicyCommand({ Bucket: 'owner-exports', Policy: logsExportBucketPolicy('owner-exports', server.accountId, server.region) }));
    expect(await exportTo(logsAttacker, 'exfil')).toBe('InvalidParameterException');
    expect(await exportTo(logsOwner, 'mine')).toBe('ok');
  });

  it('CloudWatch Logs refuses a kmsKeyId that names no key, and creates no group', async () => {
    const logs = new CloudWatchLogsClient(server.clientConfig());
    const kmsKeyId = `arn:aws:kms:${server.region}:${server.accountId}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
    expect(await outcome(logs.send(new CreateLogGroupCommand({ logGroupName: 'encrypted', kmsKeyId })))).toBe('InvalidParameterException');
    expect((await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: 'encrypted' }))).logGroups).toEqual([]);
    expect(await outcome(logs.send(new CreateLogGroupCommand({ logGroupName: 'encrypted' })))).toBe('ok');
  });
});
