// Issue 15 (5): bucket replication with @aws-sdk/client-s3, carried out: new versions matching a rule are copied
// in the background to the destination with the same version id, metadata and tags (PENDING → COMPLETED on the
// source, REPLICA on the replica), delete markers where DeleteMarkerReplication is Enabled, FAILED when the role may
// not replicate or the destination is not held; replication to another account's bucket under its bucket policy,
// which Macie reports in DescribeBuckets' replicationDetails and as Policy:IAMUser/S3BucketReplicatedExternally.
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CreateBucketCommand,
  DeleteBucketReplicationCommand,
  DeleteObjectCommand,
  GetBucketReplicationCommand,
  GetObjectCommand,
  GetObjectTaggingCommand,
  HeadObjectCommand,
  ListObjectVersionsCommand,
  PutBucketPolicyCommand,
  PutBucketReplicationCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  PutObjectTaggingCommand,
  S3Client,
  type ReplicationConfiguration,
} from '@aws-sdk/client-s3';
import { CreateRoleCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { DescribeBucketsCommand, EnableMacieCommand, ListFindingsCommand, GetFindingsCommand, Macie2Client } from '@aws-sdk/client-macie2';
import { PolicyMonitor } from '../../../src/services/macie2/policy-findings.js';
import { startServer, type TestServer } from '../harness.js';
import { secondAccount, userWithPolicy } from '../security/principals.js';
import { waitFor } from '../notifications/receiver.js';
import { aws, awsCliAvailable } from '../aws-cli.js';

let server: TestServer;
let other: { accountId: string; creds: { accessKeyId: string; secretAccessKey: string } };
const s3 = () => new S3Client(server.clientConfig());
const failure = (p: Promise<unknown>) => p.then(() => 'ok', (e: { name: string; message: string; $metadata: { httpStatusCode?: number } }) => `${e.$metadata.httpStatusCode} ${e.name}: ${e.message}`);
const role = () => `arn:aws:iam::${server.accountId}:role/replication`;
const TRUST = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 's3.amazonaws.com' }, Action: 'sts:AssumeRole' }] });

async function versioned(client: S3Client, bucket: string) {
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
  await client.send(new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: 'Enabled' } }));
}
const status = async (bucket: string, key: string, versionId?: string, client = s3()) => (await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key, VersionId: versionId }))).ReplicationStatus;
const settled = (bucket: string, key: string, versionId: string) => waitFor(() => status(bucket, key, versionId), (s) => s !== 'PENDING', `replication of ${key}`);

beforeAll(async () => {
  server = await startServer();
  other = await secondAccount(server);
  const iam = new IAMClient(server.clientConfig());
  await iam.send(new CreateRoleCommand({ RoleName: 'replication', AssumeRolePolicyDocument: TRUST }));
  await iam.send(
    new PutRolePolicyCommand({
      RoleName: 'replication',
      PolicyName: 'replicate',
      PolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Action: ['s3:GetObjectVersionForReplication', 's3:GetObjectVersionTagging'], Resource: 'arn:aws:s3:::src/*' },
          { Effect: 'Allow', Action: ['s3:ReplicateObject', 's3:ReplicateDelete', 's3:ReplicateTags'], Resource: ['arn:aws:s3:::dst/*', 'arn:aws:s3:::partner-dst/*'] },
        ],
      }),
    }),
  );
  await s3().send(new CreateBucketCommand({ Bucket: 'src' }));
  await versioned(s3(), 'dst');
  await versioned(s3(), 'denied-dst');
});
afterAll(async () => {
  await server?.close();
});

const CONFIG = (): ReplicationConfiguration => ({
  Role: role(),
  Rules: [
    { ID: 'docs', Priority: 2, Status: 'Enabled', Filter: { Prefix: 'docs/' }, DeleteMarkerReplication: { Status: 'Enabled' }, Destination: { Bucket: 'arn:aws:s3:::dst', StorageClass: 'STANDARD_IA' } },
    { ID: 'denied', Priority: 1, Status: 'Enabled', Filter: { Prefix: 'deny/' }, DeleteMarkerReplication: { Status: 'Disabled' }, Destination: { Bucket: 'arn:aws:s3:::denied-dst' } },
    { ID: 'elsewhere', Priority: 3, Status: 'Enabled', Filter: { Prefix: 'far/' }, DeleteMarkerReplication: { Status: 'Disabled' }, Destination: { Bucket: 'arn:aws:s3:::bucket-in-another-region' } },
  ],
});

describe('S3 bucket replication', () => {
  it('puts, gets and deletes the configuration, with S3’s checks', async () => {
    const put = (c: ReplicationConfiguration, bucket = 'src') => failure(s3().send(new PutBucketReplicationCommand({ Bucket: bucket, ReplicationConfiguration: c })));
    expect(await put(CONFIG())).toBe("400 InvalidRequest: Versioning must be 'Enabled' on the bucket to apply a replication configuration");
    await s3().send(new PutBucketVersioningCommand({ Bucket: 'src', VersioningConfiguration: { Status: 'Enabled' } }));
    expect(await failure(s3().send(new GetBucketReplicationCommand({ Bucket: 'src' })))).toBe('404 ReplicationConfigurationNotFoundError: The replication configuration was not found');
    const rule = CONFIG().Rules![0]!;
    expect(await put({ Role: 'not-a-role', Rules: [rule] })).toMatch(/^400 InvalidArgument: Invalid ReplicationConfiguration Role/);
    expect(await put({ Role: role(), Rules: [{ ...rule, Priority: undefined }] })).toMatch(/^400 InvalidRequest: Priority must be specified/);
    expect(await put({ Role: role(), Rules: [{ ...rule, DeleteMarkerReplication: undefined }] })).toMatch(/^400 InvalidRequest: DeleteMarkerReplication must be specified/);
    expect(await put({ Role: role(), Rules: [{ ...rule, Filter: { Tag: { Key: 'a', Value: 'b' } } }] })).toMatch(/^400 InvalidRequest: Delete marker replication is not supported if any Tag filter/);
    expect(await put({ Role: role(), Rules: [{ ...rule, Destination: { Bucket: 'arn:aws:s3:::src' } }] })).toBe('400 InvalidRequest: Destination bucket cannot be the same as the source bucket.');
    expect(await put({ Role: role(), Rules: [{ ...rule, Destination: { Bucket: 'dst' } }] })).toMatch(/^400 InvalidArgument: Invalid bucket ARN/);
    await s3().send(new CreateBucketCommand({ Bucket: 'unversioned' }));
    expect(await put({ Role: role(), Rules: [{ ...rule, Destination: { Bucket: 'arn:aws:s3:::unversioned' } }] })).toBe('400 InvalidRequest: Destination bucket must have versioning enabled.');
    expect(await put({ Role: role(), Rules: [rule, { ...rule, ID: 'again' }] })).toMatch(/^400 InvalidRequest: Found overlapping priority/);
    expect(await put({ Role: role(), Rules: [{ ...rule, ExistingObjectReplication: { Status: 'Enabled' } }] })).toMatch(/^501 NotImplemented/);

    await s3().send(new PutBucketReplicationCommand({ Bucket: 'src', ReplicationConfiguration: CONFIG() }));
    expect((await s3().send(new GetBucketReplicationCommand({ Bucket: 'src' }))).ReplicationConfiguration).toEqual(CONFIG());
    expect(await failure(s3().send(new PutBucketVersioningCommand({ Bucket: 'src', VersioningConfiguration: { Status: 'Suspended' } })))).toMatch(/^409 InvalidBucketState/);
  });

  it('needs iam:PassRole on the role, as S3 checks it', async () => {
    const config = { Bucket: 'src', ReplicationConfiguration: CONFIG() };
    const noPass = await userWithPolicy(server, 'no-pass', [{ Effect: 'Allow', Action: ['s3:PutReplicationConfiguration'], Resource: 'arn:aws:s3:::src' }]);
    expect(await failure(new S3Client(server.clientConfig(noPass)).send(new PutBucketReplicationCommand(config)))).toMatch(/^403 AccessDenied/);
    const mayPass = await userWithPolicy(server, 'may-pass', [
      { Effect: 'Allow', Action: ['s3:PutReplicationConfiguration'], Resource: 'arn:aws:s3:::src' },
      { Effect: 'Allow', Action: 'iam:PassRole', Resource: role(), Condition: { StringEquals: { 'iam:PassedToService': 's3.amazonaws.com' } } },
    ]);
    expect(await failure(new S3Client(server.clientConfig(mayPass)).send(new PutBucketReplicationCommand(config)))).toBe('ok');
  });

  it('replicates new versions with their version id, metadata and tags: PENDING → COMPLETED, REPLICA on the replica', async () => {
    const put = await s3().send(new PutObjectCommand({ Bucket: 'src', Key: 'docs/a.txt', Body: 'hello replica', ContentType: 'text/plain', Metadata: { team: 'blue' }, Tagging: 'class=internal' }));
    expect(['PENDING', 'COMPLETED']).toContain(await status('src', 'docs/a.txt', put.VersionId));
    expect(await settled('src', 'docs/a.txt', put.VersionId!)).toBe('COMPLETED');
    const replica = await s3().send(new GetObjectCommand({ Bucket: 'dst', Key: 'docs/a.txt' }));
    expect(replica.VersionId).toBe(put.VersionId);
    expect(replica.ReplicationStatus).toBe('REPLICA');
    expect(replica.ContentType).toBe('text/plain');
    expect(replica.Metadata).toEqual({ team: 'blue' });
    expect(replica.StorageClass).toBe('STANDARD_IA');
    expect(await replica.Body!.transformToString()).toBe('hello replica');
    expect((await s3().send(new GetObjectTaggingCommand({ Bucket: 'dst', Key: 'docs/a.txt' }))).TagSet).toEqual([{ Key: 'class', Value: 'internal' }]);
    // New tags on the source version: PENDING again until the replica has them.
    await s3().send(new PutObjectTaggingCommand({ Bucket: 'src', Key: 'docs/a.txt', VersionId: put.VersionId, Tagging: { TagSet: [{ Key: 'class', Value: 'public' }] } }));
    expect(await settled('src', 'docs/a.txt', put.VersionId!)).toBe('COMPLETED');
    expect((await s3().send(new GetObjectTaggingCommand({ Bucket: 'dst', Key: 'docs/a.txt', VersionId: put.VersionId }))).TagSet).toEqual([{ Key: 'class', Value: 'public' }]);
    // An SSE-C object is replicated as S3 does: the replica is read with the same customer key.
    const secret = randomBytes(32);
    const c = { SSECustomerAlgorithm: 'AES256', SSECustomerKey: secret.toString('base64'), SSECustomerKeyMD5: createHash('md5').update(secret).digest('base64') };
    const sealed = await s3().send(new PutObjectCommand({ Bucket: 'src', Key: 'docs/sealed.bin', Body: 'sealed', ...c }));
    const sealedStatus = () => s3().send(new HeadObjectCommand({ Bucket: 'src', Key: 'docs/sealed.bin', VersionId: sealed.VersionId, ...c })).then((h) => h.ReplicationStatus);
    expect(await waitFor(sealedStatus, (st) => st !== 'PENDING', 'replication of the SSE-C object')).toBe('COMPLETED');
    expect(await failure(s3().send(new GetObjectCommand({ Bucket: 'dst', Key: 'docs/sealed.bin' })))).toMatch(/^400 InvalidRequest/);
    expect(await (await s3().send(new GetObjectCommand({ Bucket: 'dst', Key: 'docs/sealed.bin', ...c }))).Body!.transformToString()).toBe('sealed');
    // A key no rule matches is not replicated and has no status.
    await s3().send(new PutObjectCommand({ Bucket: 'src', Key: 'other/b.txt', Body: 'x' }));
    expect(await status('src', 'other/b.txt')).toBeUndefined();

    // A delete marker is replicated under the rule's DeleteMarkerReplication, with its version id.
    const del = await s3().send(new DeleteObjectCommand({ Bucket: 'src', Key: 'docs/a.txt' }));
    const markers = await waitFor(async () => (await s3().send(new ListObjectVersionsCommand({ Bucket: 'dst', Prefix: 'docs/a.txt' }))).DeleteMarkers ?? [], (m) => m.length === 1, 'the replicated delete marker');
    expect(markers[0]!.VersionId).toBe(del.VersionId);
    expect(markers[0]!.IsLatest).toBe(true);
  });

  it('fails a version the role may not replicate, and one whose destination Sift does not hold', async () => {
    const denied = await s3().send(new PutObjectCommand({ Bucket: 'src', Key: 'deny/x.txt', Body: 'x' }));
    expect(await settled('src', 'deny/x.txt', denied.VersionId!)).toBe('FAILED');
    expect(await failure(s3().send(new HeadObjectCommand({ Bucket: 'denied-dst', Key: 'deny/x.txt' })))).toMatch(/^404/);
    const far = await s3().send(new PutObjectCommand({ Bucket: 'src', Key: 'far/y.txt', Body: 'y' }));
    expect(await settled('src', 'far/y.txt', far.VersionId!)).toBe('FAILED');
    await s3().send(new DeleteBucketReplicationCommand({ Bucket: 'src' }));
    expect(await failure(s3().send(new GetBucketReplicationCommand({ Bucket: 'src' })))).toMatch(/^404 ReplicationConfigurationNotFoundError/);
  });

  it('replicates to another account’s bucket under its bucket policy; Macie reports it replicated externally', async () => {
    const partner = new S3Client(server.clientConfig(other.creds));
    await versioned(partner, 'partner-dst');
    await s3().send(new PutBucketReplicationCommand({
      Bucket: 'src',
      ReplicationConfiguration: { Role: role(), Rules: [{ ID: 'partner', Priority: 1, Status: 'Enabled', Filter: { Prefix: 'share/' }, DeleteMarkerReplication: { Status: 'Disabled' }, Destination: { Bucket: 'arn:aws:s3:::partner-dst', Account: other.accountId } }] },
    }));
    // Without the destination's bucket policy the role's own policy is not enough across accounts.
    const first = await s3().send(new PutObjectCommand({ Bucket: 'src', Key: 'share/1.txt', Body: 'one' }));
    expect(await settled('src', 'share/1.txt', first.VersionId!)).toBe('FAILED');
    await partner.send(new PutBucketPolicyCommand({
      Bucket: 'partner-dst',
      Policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: role() }, Action: ['s3:ReplicateObject', 's3:ReplicateDelete'], Resource: 'arn:aws:s3:::partner-dst/*' }] }),
    }));
    const second = await s3().send(new PutObjectCommand({ Bucket: 'src', Key: 'share/2.txt', Body: 'two' }));
    expect(await settled('src', 'share/2.txt', second.VersionId!)).toBe('COMPLETED');
    const replica = await partner.send(new GetObjectCommand({ Bucket: 'partner-dst', Key: 'share/2.txt' }));
    expect(replica.VersionId).toBe(second.VersionId);
    expect(await replica.Body!.transformToString()).toBe('two');

    const macie = new Macie2Client(server.clientConfig());
    await macie.send(new EnableMacieCommand({}));
    const { buckets } = await macie.send(new DescribeBucketsCommand({ criteria: { bucketName: { eq: ['src'] } } }));
    expect(buckets![0]!.replicationDetails).toEqual({ replicated: true, replicatedExternally: true, replicationAccounts: [other.accountId] });
    const { buckets: dst } = await macie.send(new DescribeBucketsCommand({ criteria: { bucketName: { eq: ['dst'] } } }));
    expect(dst![0]!.replicationDetails).toEqual({ replicated: false, replicatedExternally: false, replicationAccounts: [] });

    const { store, storage, ids, clock } = server.sift.deps;
    await new PolicyMonitor({ store, storage, ids, clock }).evaluateAll();
    const { findingIds } = await macie.send(new ListFindingsCommand({ findingCriteria: { criterion: { type: { eq: ['Policy:IAMUser/S3BucketReplicatedExternally'] } } } }));
    expect(findingIds).toHaveLength(1);
    const [finding] = (await macie.send(new GetFindingsCommand({ findingIds }))).findings!;
    expect(finding!.resourcesAffected!.s3Bucket!.name).toBe('src');
    expect(finding!.severity!.description).toBe('High');
    expect(finding!.policyDetails!.action!.apiCallDetails!.api).toBe('PutBucketReplication');
  });

  it.runIf(awsCliAvailable)('aws s3api get-bucket-replication shows the configuration', async () => {
    const out = (await aws(server.cliEnv(), ['s3api', 'get-bucket-replication', '--bucket', 'src'])).json;
    expect(out.ReplicationConfiguration.Rules[0].ID).toBe('partner');
    expect(out.ReplicationConfiguration.Role).toBe(role());
  });
});
