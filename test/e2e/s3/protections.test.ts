// Issue 9, finding 4 (S3's part) and the bucket policy grammar of finding 3: every protection S3 offers is carried
// out or refused in S3's words, never accepted and ignored. Real SDK clients; a second account plays the outsider.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CopyObjectCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  GetBucketPolicyStatusCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutBucketAclCommand,
  PutBucketPolicyCommand,
  PutObjectCommand,
  PutPublicAccessBlockCommand,
  DeletePublicAccessBlockCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { startServer, type TestServer } from '../harness.js';
import { outcome, secondAccount } from '../security/principals.js';

let server: TestServer;
let s3: S3Client;
let outsider: S3Client;
let outsiderAccount: string;

beforeAll(async () => {
  server = await startServer();
  s3 = new S3Client(server.clientConfig());
  const other = await secondAccount(server);
  outsiderAccount = other.accountId;
  outsider = new S3Client(server.clientConfig(other.creds));
});
afterAll(async () => server?.close());

const policy = (...statements: unknown[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const publicRead = (bucket: string) => ({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `arn:aws:s3:::${bucket}/*` });

describe('bucket policies are checked as S3 checks them', () => {
  it('refuses a statement without Principal, bad actions and resources, and policies over 20 KB, and the bucket stays usable', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'grammar' }));
    const put = (p: string) => s3.send(new PutBucketPolicyCommand({ Bucket: 'grammar', Policy: p })).then(() => 'ok', (e) => `${e.name}: ${e.message}`);
    expect(await put(policy({ Effect: 'Deny', Action: 's3:*', Resource: 'arn:aws:s3:::grammar/*' }))).toBe('MalformedPolicy: Missing required field Principal');
    expect(await put(policy({ Effect: 'Allow', Principal: { AWS: server.accountId }, Action: 'ec2:RunInstances', Resource: 'arn:aws:s3:::grammar/*' }))).toBe('MalformedPolicy: Policy has invalid action');
    expect(await put(policy({ Effect: 'Allow', Principal: { AWS: server.accountId }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::someone-else/*' }))).toBe('MalformedPolicy: Policy has invalid resource');
    expect(await put(policy({ Effect: 'Allow', Principal: { AWS: 'not-a-principal' }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::grammar/*' }))).toBe('MalformedPolicy: Invalid principal in policy');
    const big = Array.from({ length: 200 }, (_, i) => ({ Sid: `s${i}`, Effect: 'Allow', Principal: { AWS: server.accountId }, Action: 's3:GetObject', Resource: `arn:aws:s3:::grammar/prefix-number-${i}/*` }));
    expect(await put(policy(...big))).toBe('MalformedPolicy: Policy exceeds the maximum allowed document size.');
    // Nothing was stored: the owner still lists the bucket.
    expect(await outcome(s3.send(new ListObjectsV2Command({ Bucket: 'grammar' })))).toBe('ok');
    expect(await put(policy({ Effect: 'Allow', Principal: { AWS: server.accountId }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::grammar/*' }))).toBe('ok');
  });
});

describe('Block Public Access', () => {
  it('BlockPublicPolicy refuses a public policy and accepts one that names accounts or pins aws:SourceAccount', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'blocked-policy' }));
    await s3.send(new PutPublicAccessBlockCommand({ Bucket: 'blocked-policy', PublicAccessBlockConfiguration: { BlockPublicPolicy: true } }));
    expect(await outcome(s3.send(new PutBucketPolicyCommand({ Bucket: 'blocked-policy', Policy: policy(publicRead('blocked-policy')) })))).toBe('AccessDenied');
    const wildcardCondition = { ...publicRead('blocked-policy'), Condition: { StringLike: { 'aws:SourceAccount': '*' } } };
    expect(await outcome(s3.send(new PutBucketPolicyCommand({ Bucket: 'blocked-policy', Policy: policy(wildcardCondition) })))).toBe('AccessDenied');
    const pinned = { ...publicRead('blocked-policy'), Condition: { StringEquals: { 'aws:SourceAccount': server.accountId } } };
    expect(await outcome(s3.send(new PutBucketPolicyCommand({ Bucket: 'blocked-policy', Policy: policy(pinned) })))).toBe('ok');
    expect((await s3.send(new GetBucketPolicyStatusCommand({ Bucket: 'blocked-policy' }))).PolicyStatus?.IsPublic).toBe(false);
  });

  it('RestrictPublicBuckets takes a public policy away from other accounts but not from the owner', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'restricted' }));
    // New buckets block public access (S3 since April 2023): lift the block to make the bucket public at all.
    await s3.send(new DeletePublicAccessBlockCommand({ Bucket: 'restricted' }));
    await s3.send(new PutObjectCommand({ Bucket: 'restricted', Key: 'report.csv', Body: 'a,b\n' }));
    await s3.send(new PutBucketPolicyCommand({ Bucket: 'restricted', Policy: policy(publicRead('restricted')) }));
    expect((await s3.send(new GetBucketPolicyStatusCommand({ Bucket: 'restricted' }))).PolicyStatus?.IsPublic).toBe(true);
    expect(await outcome(outsider.send(new GetObjectCommand({ Bucket: 'restricted', Key: 'report.csv' })))).toBe('ok');
    await s3.send(new PutPublicAccessBlockCommand({ Bucket: 'restricted', PublicAccessBlockConfiguration: { RestrictPublicBuckets: true } }));
    expect(await outcome(outsider.send(new GetObjectCommand({ Bucket: 'restricted', Key: 'report.csv' })))).toBe('AccessDenied');
    expect(await outcome(s3.send(new GetObjectCommand({ Bucket: 'restricted', Key: 'report.csv' })))).toBe('ok');
  });

  it('BlockPublicAcls refuses public ACLs on PutBucketAcl, PutObject, CopyObject and CreateMultipartUpload', async () => {
    // ACLs are enabled (ObjectWriter), so only the block stands between the bucket and a public ACL.
    await s3.send(new CreateBucketCommand({ Bucket: 'blocked-acls', ObjectOwnership: 'ObjectWriter' }));
    await s3.send(new PutObjectCommand({ Bucket: 'blocked-acls', Key: 'src', Body: 'x' }));
    await s3.send(new PutPublicAccessBlockCommand({ Bucket: 'blocked-acls', PublicAccessBlockConfiguration: { BlockPublicAcls: true } }));
    expect(await outcome(s3.send(new PutBucketAclCommand({ Bucket: 'blocked-acls', ACL: 'public-read' })))).toBe('AccessDenied');
    expect(await outcome(s3.send(new PutObjectCommand({ Bucket: 'blocked-acls', Key: 'k', Body: 'x', ACL: 'public-read' })))).toBe('AccessDenied');
    expect(await outcome(s3.send(new CopyObjectCommand({ Bucket: 'blocked-acls', Key: 'k2', CopySource: 'blocked-acls/src', ACL: 'authenticated-read' })))).toBe('AccessDenied');
    expect(await outcome(s3.send(new CreateMultipartUploadCommand({ Bucket: 'blocked-acls', Key: 'k3', ACL: 'public-read-write' })))).toBe('AccessDenied');
    expect(await outcome(s3.send(new PutObjectCommand({ Bucket: 'blocked-acls', Key: 'k', Body: 'x', ACL: 'private' })))).toBe('ok');
    expect(await outcome(s3.send(new PutBucketAclCommand({ Bucket: 'blocked-acls', ACL: 'private' })))).toBe('ok');
  });
});

describe('Object Ownership BucketOwnerEnforced', () => {
  it('refuses every ACL but bucket-owner-full-control with AccessControlListNotSupported', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'enforced', ObjectOwnership: 'BucketOwnerEnforced' }));
    expect(await outcome(s3.send(new PutObjectCommand({ Bucket: 'enforced', Key: 'k', Body: 'x', ACL: 'public-read' })))).toBe('AccessControlListNotSupported');
    expect(await outcome(s3.send(new PutBucketAclCommand({ Bucket: 'enforced', ACL: 'public-read' })))).toBe('AccessControlListNotSupported');
    expect(await outcome(s3.send(new PutObjectCommand({ Bucket: 'enforced', Key: 'k', Body: 'x', ACL: 'bucket-owner-full-control' })))).toBe('ok');
    expect(await outcome(s3.send(new CreateBucketCommand({ Bucket: 'enforced-public', ObjectOwnership: 'BucketOwnerEnforced', ACL: 'public-read' })))).toBe('InvalidBucketAclWithObjectOwnership');
    // BucketOwnerEnforced is S3's default for new buckets.
    expect(await outcome(s3.send(new CreateBucketCommand({ Bucket: 'default-public', ACL: 'public-read' })))).toBe('InvalidBucketAclWithObjectOwnership');
  });
});

describe('ExpectedBucketOwner', () => {
  it('is AccessDenied when the bucket belongs to another account, on the target and on the copy source', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'owned' }));
    await s3.send(new PutObjectCommand({ Bucket: 'owned', Key: 'k', Body: 'x' }));
    expect(await outcome(s3.send(new GetObjectCommand({ Bucket: 'owned', Key: 'k', ExpectedBucketOwner: outsiderAccount })))).toBe('AccessDenied');
    expect(await outcome(s3.send(new PutObjectCommand({ Bucket: 'owned', Key: 'k2', Body: 'x', ExpectedBucketOwner: outsiderAccount })))).toBe('AccessDenied');
    expect(await outcome(s3.send(new ListObjectsV2Command({ Bucket: 'owned', ExpectedBucketOwner: outsiderAccount })))).toBe('AccessDenied');
    expect(await outcome(s3.send(new CopyObjectCommand({ Bucket: 'owned', Key: 'k3', CopySource: 'owned/k', ExpectedSourceBucketOwner: outsiderAccount })))).toBe('AccessDenied');
    expect(await outcome(s3.send(new GetObjectCommand({ Bucket: 'owned', Key: 'k', ExpectedBucketOwner: server.accountId })))).toBe('ok');
    expect(await outcome(s3.send(new CopyObjectCommand({ Bucket: 'owned', Key: 'k3', CopySource: 'owned/k', ExpectedBucketOwner: server.accountId, ExpectedSourceBucketOwner: server.accountId })))).toBe('ok');
  });
});

describe('object lock', () => {
  it('refuses retention and legal hold on writes to a bucket without Object Lock', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'no-lock' }));
    await s3.send(new PutObjectCommand({ Bucket: 'no-lock', Key: 'src', Body: 'x' }));
    const until = new Date(Date.now() + 86_400_000);
    const err = await s3.send(new PutObjectCommand({ Bucket: 'no-lock', Key: 'k', Body: 'x', ObjectLockMode: 'COMPLIANCE', ObjectLockRetainUntilDate: until })).catch((e) => e);
    expect([err.name, err.message]).toEqual(['InvalidRequest', 'Bucket is missing ObjectLockConfiguration']);
    expect(await outcome(s3.send(new PutObjectCommand({ Bucket: 'no-lock', Key: 'k', Body: 'x', ObjectLockLegalHoldStatus: 'ON' })))).toBe('InvalidRequest');
    expect(await outcome(s3.send(new CopyObjectCommand({ Bucket: 'no-lock', Key: 'k', CopySource: 'no-lock/src', ObjectLockLegalHoldStatus: 'ON' })))).toBe('InvalidRequest');
    expect(await outcome(s3.send(new CreateMultipartUploadCommand({ Bucket: 'no-lock', Key: 'k', ObjectLockMode: 'GOVERNANCE', ObjectLockRetainUntilDate: until })))).toBe('InvalidRequest');
    expect(await outcome(s3.send(new GetObjectCommand({ Bucket: 'no-lock', Key: 'k' })))).toBe('NoSuchKey');
    expect(await outcome(s3.send(new PutObjectCommand({ Bucket: 'no-lock', Key: 'k', Body: 'x' })))).toBe('ok');
  });
});
