// Issue 15 (5.2): GetObjectAttributes with @aws-sdk/client-s3: ETag (unquoted), Checksum (FULL_OBJECT for one PUT,
// COMPOSITE for a multipart upload made with an additional checksum), ObjectParts paged with MaxParts and
// PartNumberMarker, StorageClass, ObjectSize, by versionId, and S3's two permissions.
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import {
  CompleteMultipartUploadCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectAttributesCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
  type ObjectAttributes,
} from '@aws-sdk/client-s3';
import { startServer, type Credentials, type TestServer } from '../harness.js';

let server: TestServer;
const s3 = (creds?: Credentials) => new S3Client(server.clientConfig(creds));
const ALL: ObjectAttributes[] = ['ETag', 'Checksum', 'ObjectParts', 'StorageClass', 'ObjectSize'];
const failure = (p: Promise<unknown>) => p.then(() => 'ok', (e: { name: string; $metadata: { httpStatusCode?: number } }) => `${e.$metadata.httpStatusCode} ${e.name}`);
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('base64');

async function user(name: string, actions: string[]): Promise<Credentials> {
  const iam = new IAMClient({ ...server.clientConfig(), region: 'us-east-1' });
  await iam.send(new CreateUserCommand({ UserName: name }));
  await iam.send(new PutUserPolicyCommand({ UserName: name, PolicyName: 'p', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }] }) }));
  const key = (await iam.send(new CreateAccessKeyCommand({ UserName: name }))).AccessKey!;
  return { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! };
}

beforeAll(async () => {
  server = await startServer();
  await s3().send(new CreateBucketCommand({ Bucket: 'attrs' }));
  await s3().send(new PutBucketVersioningCommand({ Bucket: 'attrs', VersioningConfiguration: { Status: 'Enabled' } }));
});
afterAll(async () => {
  await server?.close();
});

describe('S3 GetObjectAttributes', () => {
  it('answers for one PUT: unquoted ETag, FULL_OBJECT checksum, no ObjectParts, by versionId too', async () => {
    const body = randomBytes(1024);
    const first = await s3().send(new PutObjectCommand({ Bucket: 'attrs', Key: 'one', Body: body, ChecksumAlgorithm: 'SHA256' }));
    await s3().send(new PutObjectCommand({ Bucket: 'attrs', Key: 'one', Body: 'newer', StorageClass: 'STANDARD_IA' }));
    const old = await s3().send(new GetObjectAttributesCommand({ Bucket: 'attrs', Key: 'one', VersionId: first.VersionId, ObjectAttributes: ALL }));
    expect(old).toMatchObject({ VersionId: first.VersionId, ETag: createHash('md5').update(body).digest('hex'), ObjectSize: 1024, StorageClass: 'STANDARD', Checksum: { ChecksumSHA256: sha256(body), ChecksumType: 'FULL_OBJECT' } });
    expect(old.ObjectParts).toBeUndefined();
    expect(old.LastModified).toBeInstanceOf(Date);
    const latest = await s3().send(new GetObjectAttributesCommand({ Bucket: 'attrs', Key: 'one', ObjectAttributes: ['ObjectSize', 'StorageClass'] }));
    expect([latest.ObjectSize, latest.StorageClass, latest.ETag, latest.Checksum]).toEqual([5, 'STANDARD_IA', undefined, undefined]);
  });

  it('pages the parts of a multipart object made with SHA256 checksums, with its COMPOSITE checksum', async () => {
    const parts = [randomBytes(5 * 1024 * 1024), randomBytes(5 * 1024 * 1024), randomBytes(100)];
    const up = await s3().send(new CreateMultipartUploadCommand({ Bucket: 'attrs', Key: 'mp', ChecksumAlgorithm: 'SHA256' }));
    const done = [];
    for (const [i, p] of parts.entries()) {
      const r = await s3().send(new UploadPartCommand({ Bucket: 'attrs', Key: 'mp', UploadId: up.UploadId, PartNumber: i + 1, Body: p, ChecksumAlgorithm: 'SHA256' }));
      done.push({ PartNumber: i + 1, ETag: r.ETag, ChecksumSHA256: r.ChecksumSHA256 });
    }
    const completed = await s3().send(new CompleteMultipartUploadCommand({ Bucket: 'attrs', Key: 'mp', UploadId: up.UploadId, MultipartUpload: { Parts: done } }));
    const composite = `${createHash('sha256').update(Buffer.concat(parts.map((p) => createHash('sha256').update(p).digest()))).digest('base64')}-3`;
    expect(completed.ChecksumSHA256).toBe(composite);

    const page1 = await s3().send(new GetObjectAttributesCommand({ Bucket: 'attrs', Key: 'mp', ObjectAttributes: ALL, MaxParts: 2 }));
    expect(page1.Checksum).toEqual({ ChecksumSHA256: composite, ChecksumType: 'COMPOSITE' });
    expect(page1.ObjectSize).toBe(10 * 1024 * 1024 + 100);
    expect(page1.ETag).toMatch(/^[0-9a-f]{32}-3$/);
    expect(page1.ObjectParts).toEqual({
      TotalPartsCount: 3,
      // The SDK reads the two markers as strings (its model's PartNumberMarker type).
      PartNumberMarker: '0',
      NextPartNumberMarker: '2',
      MaxParts: 2,
      IsTruncated: true,
      Parts: parts.slice(0, 2).map((p, i) => ({ PartNumber: i + 1, Size: p.length, ChecksumSHA256: sha256(p) })),
    });
    const page2 = await s3().send(new GetObjectAttributesCommand({ Bucket: 'attrs', Key: 'mp', ObjectAttributes: ['ObjectParts'], PartNumberMarker: '2' }));
    expect(page2.ObjectParts).toMatchObject({ TotalPartsCount: 3, PartNumberMarker: '2', IsTruncated: false, Parts: [{ PartNumber: 3, Size: 100, ChecksumSHA256: sha256(parts[2]!) }] });
  });

  it('gives only TotalPartsCount for a multipart object without an additional checksum', async () => {
    const up = await s3().send(new CreateMultipartUploadCommand({ Bucket: 'attrs', Key: 'plain-mp' }));
    const p1 = await s3().send(new UploadPartCommand({ Bucket: 'attrs', Key: 'plain-mp', UploadId: up.UploadId, PartNumber: 1, Body: 'x' }));
    await s3().send(new CompleteMultipartUploadCommand({ Bucket: 'attrs', Key: 'plain-mp', UploadId: up.UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: p1.ETag }] } }));
    const a = await s3().send(new GetObjectAttributesCommand({ Bucket: 'attrs', Key: 'plain-mp', ObjectAttributes: ['ObjectParts', 'Checksum'] }));
    expect(a.ObjectParts).toEqual({ TotalPartsCount: 1 });
    expect(a.Checksum).toBeUndefined();
  });

  it('answers S3’s errors: a delete marker, a missing key, and each of the two permissions missing', async () => {
    await s3().send(new PutObjectCommand({ Bucket: 'attrs', Key: 'gone', Body: 'x' }));
    await s3().send(new DeleteObjectCommand({ Bucket: 'attrs', Key: 'gone' }));
    expect(await failure(s3().send(new GetObjectAttributesCommand({ Bucket: 'attrs', Key: 'gone', ObjectAttributes: ['ETag'] })))).toBe('404 NoSuchKey');
    expect(await failure(s3().send(new GetObjectAttributesCommand({ Bucket: 'attrs', Key: 'never', ObjectAttributes: ['ETag'] })))).toBe('404 NoSuchKey');
    const attributesOnly = await user('attributes-only', ['s3:GetObjectAttributes']);
    const getOnly = await user('get-only', ['s3:GetObject']);
    const both = await user('both', ['s3:GetObject', 's3:GetObjectAttributes']);
    const call = (creds: Credentials) => failure(s3(creds).send(new GetObjectAttributesCommand({ Bucket: 'attrs', Key: 'one', ObjectAttributes: ['ObjectSize'] })));
    expect([await call(attributesOnly), await call(getOnly), await call(both)]).toEqual(['403 AccessDenied', '403 AccessDenied', 'ok']);
    // A versionId needs the version-level pair.
    expect(await failure(s3(both).send(new GetObjectAttributesCommand({ Bucket: 'attrs', Key: 'one', VersionId: 'null', ObjectAttributes: ['ObjectSize'] })))).toBe('403 AccessDenied');
  });
});
