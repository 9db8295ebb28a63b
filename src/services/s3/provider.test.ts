import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { ManualClock, sequentialIds, type RequestContext, MasterKey } from '../../common/index.js';
import { openStore, type Store } from '../../store/index.js';
import { EmbeddedStore } from '../../storage/index.js';
import { createS3Provider, type S3Provider } from './provider.js';
import { actionOf, isDataEvent, resourceOf } from './actions.js';

const md5 = (b: Buffer | string) => createHash('md5').update(b).digest('hex');
const body = (b: Buffer | string) => Readable.from([Buffer.from(b)]) as never;
async function text(stream: unknown): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of stream as AsyncIterable<Buffer>) parts.push(c);
  return Buffer.concat(parts);
}
const code = (p: Promise<unknown>) => p.then(() => 'ok', (e) => e.code ?? e.message);

describe('S3 provider over the embedded store', () => {
  let store: Store;
  let dir: string;
  let embedded: EmbeddedStore;
  let s3: S3Provider;
  const clock = new ManualClock(Date.UTC(2026, 0, 1));
  const ctx: RequestContext = {
    accountId: '111122223333',
    region: 'us-east-1',
    principal: { type: 'Root', accountId: '111122223333', arn: 'arn:aws:iam::111122223333:root', principalId: '111122223333' },
    requestId: 'r1',
    clock,
    sourceIp: '127.0.0.1',
    userAgent: 'test',
  };
  const other: RequestContext = { ...ctx, accountId: '444455556666', principal: { ...ctx.principal, accountId: '444455556666' } };

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sift-s3-'));
    store = await openStore(':memory:');
    embedded = new EmbeddedStore({ db: store.db, clock, ids: sequentialIds(), dataDir: dir, masterKey: MasterKey.generate(), minPartSize: 5 });
    s3 = createS3Provider({ store: embedded, maxPutBytes: 1024 * 1024 });
    await s3.createBucket(ctx, { Bucket: 'data' });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates, lists, locates and deletes buckets with S3 errors for the bad cases', async () => {
    await s3.createBucket(ctx, { Bucket: 'eu-bucket', CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } });
    expect((await s3.listBuckets(ctx, {})).Buckets!.map((b) => [b.Name, b.BucketRegion])).toEqual([['data', 'us-east-1'], ['eu-bucket', 'eu-west-1']]);
    expect((await s3.listBuckets(other, {})).Buckets).toEqual([]);
    expect((await s3.getBucketLocation(ctx, { Bucket: 'data' })).LocationConstraint).toBeUndefined();
    expect((await s3.getBucketLocation(ctx, { Bucket: 'eu-bucket' })).LocationConstraint).toBe('eu-west-1');
    // us-east-1 answers 200 to re-creating your own bucket; a regional endpoint answers BucketAlreadyOwnedByYou.
    expect(await code(s3.createBucket(ctx, { Bucket: 'data' }))).toBe('ok');
    const eu = { ...ctx, region: 'eu-west-1' };
    expect(await code(s3.createBucket(eu, { Bucket: 'eu-bucket', CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } }))).toBe('BucketAlreadyOwnedByYou');
    // The constraint must name the endpoint's region (none at all only in us-east-1), and never us-east-1 itself.
    expect(await code(s3.createBucket(eu, { Bucket: 'eu-none' }))).toBe('IllegalLocationConstraintException');
    expect(await code(s3.createBucket(eu, { Bucket: 'eu-other', CreateBucketConfiguration: { LocationConstraint: 'eu-central-1' } }))).toBe('IllegalLocationConstraintException');
    expect(await code(s3.createBucket(ctx, { Bucket: 'use1', CreateBucketConfiguration: { LocationConstraint: 'us-east-1' as never } }))).toBe('InvalidLocationConstraint');
    expect(await code(s3.createBucket(ctx, { Bucket: 'mars', CreateBucketConfiguration: { LocationConstraint: 'mars' as never } }))).toBe('InvalidLocationConstraint');
    expect(await code(s3.createBucket(other, { Bucket: 'data' }))).toBe('BucketAlreadyExists');
    for (const bad of ['ab', 'UPPER', 'has_underscore', '192.168.1.1', 'a..b', '-start', 'x'.repeat(64)]) expect(await code(s3.createBucket(ctx, { Bucket: bad })), bad).toBe('InvalidBucketName');
    await s3.putObject(ctx, { Bucket: 'data', Key: 'k', Body: body('x') });
    expect(await code(s3.deleteBucket(ctx, { Bucket: 'data' }))).toBe('BucketNotEmpty');
    await s3.deleteObject(ctx, { Bucket: 'data', Key: 'k' });
    await s3.deleteBucket(ctx, { Bucket: 'data' });
    expect(await code(s3.headBucket(ctx, { Bucket: 'data' }))).toBe('NoSuchBucket');
  });

  it('gives a new bucket Block Public Access and BucketOwnerEnforced, as S3 does since April 2023', async () => {
    await s3.createBucket(ctx, { Bucket: 'fresh' });
    expect((await s3.getPublicAccessBlock(ctx, { Bucket: 'fresh' })).PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true });
    expect((await s3.getBucketOwnershipControls(ctx, { Bucket: 'fresh' })).OwnershipControls).toEqual({ Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] });
    expect(await code(s3.createBucket(ctx, { Bucket: 'pub-1', ACL: 'public-read' }))).toBe('InvalidBucketAclWithObjectOwnership');
    expect(await code(s3.createBucket(ctx, { Bucket: 'pub-2', ACL: 'public-read', ObjectOwnership: 'ObjectWriter' }))).toBe('InvalidBucketAclWithBlockPublicAccessError');
    // The documented way: create, lift the block, then set the ACL.
    await s3.createBucket(ctx, { Bucket: 'pub-3', ObjectOwnership: 'ObjectWriter' });
    expect(await code(s3.putBucketAcl(ctx, { Bucket: 'pub-3', ACL: 'public-read' }))).toBe('AccessDenied');
    await s3.deletePublicAccessBlock(ctx, { Bucket: 'pub-3' });
    expect(await code(s3.putBucketAcl(ctx, { Bucket: 'pub-3', ACL: 'public-read' }))).toBe('ok');
  });

  it('stores objects with MD5 ETags, metadata and tags, and reads them back whole and in ranges', async () => {
    const data = Buffer.from('0123456789abcdef');
    const put = await s3.putObject(ctx, { Bucket: 'data', Key: 'dir/file.txt', Body: body(data), ContentType: 'text/plain', Metadata: { Owner: 'alice' }, Tagging: 'team=red&env=dev' });
    expect(put.ETag).toBe(`"${md5(data)}"`);
    const got = await s3.getObject(ctx, { Bucket: 'data', Key: 'dir/file.txt' });
    expect((await text(got.Body)).equals(data)).toBe(true);
    expect(got).toMatchObject({ ContentLength: 16, ContentType: 'text/plain', Metadata: { owner: 'alice' }, ETag: `"${md5(data)}"`, TagCount: 2, ServerSideEncryption: 'AES256' });
    const part = await s3.getObject(ctx, { Bucket: 'data', Key: 'dir/file.txt', Range: 'bytes=2-5' });
    expect((await text(part.Body)).toString()).toBe('2345');
    expect(part.ContentRange).toBe('bytes 2-5/16');
    expect((await text((await s3.getObject(ctx, { Bucket: 'data', Key: 'dir/file.txt', Range: 'bytes=-3' })).Body)).toString()).toBe('def');
    expect(await code(s3.getObject(ctx, { Bucket: 'data', Key: 'dir/file.txt', Range: 'bytes=99-' }))).toBe('InvalidRange');
    expect((await s3.getObjectTagging(ctx, { Bucket: 'data', Key: 'dir/file.txt' })).TagSet).toEqual([{ Key: 'team', Value: 'red' }, { Key: 'env', Value: 'dev' }]);
    expect(await code(s3.getObject(ctx, { Bucket: 'data', Key: 'missing' }))).toBe('NoSuchKey');
    expect(await code(s3.getObject(ctx, { Bucket: 'nope', Key: 'k' }))).toBe('NoSuchBucket');
  });

  it('answers conditional reads with 304 and 412', async () => {
    const put = await s3.putObject(ctx, { Bucket: 'data', Key: 'k', Body: body('v1') });
    expect(await code(s3.getObject(ctx, { Bucket: 'data', Key: 'k', IfNoneMatch: put.ETag }))).toBe('NotModified');
    expect(await code(s3.getObject(ctx, { Bucket: 'data', Key: 'k', IfMatch: '"other"' }))).toBe('PreconditionFailed');
    expect(await code(s3.headObject(ctx, { Bucket: 'data', Key: 'k', IfModifiedSince: new Date(clock.nowMs() + 1000) }))).toBe('NotModified');
    expect(await code(s3.headObject(ctx, { Bucket: 'data', Key: 'k', IfUnmodifiedSince: new Date(clock.nowMs() - 1000) }))).toBe('PreconditionFailed');
    expect(await code(s3.getObject(ctx, { Bucket: 'data', Key: 'k', IfMatch: put.ETag! }))).toBe('ok');
  });

  it('rejects keys over 1024 bytes, oversized PUTs before reading, and leaves nothing behind on a failed body', async () => {
    expect(await code(s3.putObject(ctx, { Bucket: 'data', Key: 'é'.repeat(513), Body: body('x') }))).toBe('KeyTooLongError');
    let read = false;
    const untouched = new Readable({ read() { read = true; this.push(null); } });
    expect(await code(s3.putObject(ctx, { Bucket: 'data', Key: 'big', Body: untouched as never, ContentLength: 2 * 1024 * 1024 }))).toBe('EntityTooLarge');
    expect(read).toBe(false);
    // A client that disconnects mid-upload: the stream errors after some bytes.
    const broken = new Readable({
      read() {
        this.push(Buffer.alloc(1000, 1));
        this.destroy(Object.assign(new Error('aborted'), { code: 'ECONNRESET' }));
      },
    });
    expect(await code(s3.putObject(ctx, { Bucket: 'data', Key: 'half', Body: broken as never }))).toBe('ECONNRESET');
    expect(await code(s3.headObject(ctx, { Bucket: 'data', Key: 'half' }))).toBe('NoSuchKey');
    expect(readdirSync(join(dir, 'objects', '.tmp'))).toEqual([]);
  });

  it('lists with prefix, delimiter, start-after and continuation tokens (V2 and V1)', async () => {
    for (const k of ['a.txt', 'photos/2024/x.jpg', 'photos/2024/y.jpg', 'photos/2025/z.jpg', 'photos/index.html', 'z/last']) await s3.putObject(ctx, { Bucket: 'data', Key: k, Body: body(k) });
    const top = await s3.listObjectsV2(ctx, { Bucket: 'data', Delimiter: '/' });
    expect(top.Contents!.map((o) => o.Key)).toEqual(['a.txt']);
    expect(top.CommonPrefixes!.map((p) => p.Prefix)).toEqual(['photos/', 'z/']);
    const photos = await s3.listObjectsV2(ctx, { Bucket: 'data', Prefix: 'photos/', Delimiter: '/' });
    expect(photos.Contents!.map((o) => o.Key)).toEqual(['photos/index.html']);
    expect(photos.CommonPrefixes!.map((p) => p.Prefix)).toEqual(['photos/2024/', 'photos/2025/']);
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const page = await s3.listObjectsV2(ctx, { Bucket: 'data', MaxKeys: 2, ContinuationToken: token });
      keys.push(...(page.Contents ?? []).map((o) => o.Key!));
      expect(page.KeyCount).toBeLessThanOrEqual(2);
      token = page.NextContinuationToken;
    } while (token);
    expect(keys).toEqual(['a.txt', 'photos/2024/x.jpg', 'photos/2024/y.jpg', 'photos/2025/z.jpg', 'photos/index.html', 'z/last']);
    // Paging through common prefixes never repeats one.
    const prefixes: string[] = [];
    token = undefined;
    do {
      const page = await s3.listObjectsV2(ctx, { Bucket: 'data', Prefix: 'photos/', Delimiter: '/', MaxKeys: 1, ContinuationToken: token });
      prefixes.push(...(page.CommonPrefixes ?? []).map((p) => p.Prefix!), ...(page.Contents ?? []).map((o) => o.Key!));
      token = page.NextContinuationToken;
    } while (token);
    expect(prefixes).toEqual(['photos/2024/', 'photos/2025/', 'photos/index.html']);
    expect((await s3.listObjectsV2(ctx, { Bucket: 'data', StartAfter: 'photos/2025/z.jpg' })).Contents!.map((o) => o.Key)).toEqual(['photos/index.html', 'z/last']);
    const v1 = await s3.listObjects(ctx, { Bucket: 'data', Marker: 'a.txt', MaxKeys: 2 });
    expect(v1.Contents!.map((o) => o.Key)).toEqual(['photos/2024/x.jpg', 'photos/2024/y.jpg']);
    expect(v1.IsTruncated).toBe(true);
  });

  it('runs multipart uploads with the -N ETag, S3 part errors and cleanup on abort', async () => {
    const up = await s3.createMultipartUpload(ctx, { Bucket: 'data', Key: 'big.bin', ContentType: 'application/x-test' });
    const p1 = Buffer.alloc(10, 'a');
    const p2 = Buffer.alloc(3, 'b');
    const e1 = await s3.uploadPart(ctx, { Bucket: 'data', Key: 'big.bin', UploadId: up.UploadId!, PartNumber: 1, Body: body(p1) });
    const e2 = await s3.uploadPart(ctx, { Bucket: 'data', Key: 'big.bin', UploadId: up.UploadId!, PartNumber: 2, Body: body(p2) });
    expect((await s3.listParts(ctx, { Bucket: 'data', Key: 'big.bin', UploadId: up.UploadId! })).Parts!.map((p) => [p.PartNumber, p.Size])).toEqual([[1, 10], [2, 3]]);
    expect((await s3.listMultipartUploads(ctx, { Bucket: 'data' })).Uploads!.map((u) => u.Key)).toEqual(['big.bin']);
    expect(await code(s3.completeMultipartUpload(ctx, { Bucket: 'data', Key: 'big.bin', UploadId: up.UploadId!, MultipartUpload: { Parts: [{ PartNumber: 2, ETag: e2.ETag }, { PartNumber: 1, ETag: e1.ETag }] } }))).toBe('InvalidPartOrder');
    expect(await code(s3.completeMultipartUpload(ctx, { Bucket: 'data', Key: 'big.bin', UploadId: up.UploadId!, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: '"bad"' }] } }))).toBe('InvalidPart');
    expect(await code(s3.completeMultipartUpload(ctx, { Bucket: 'data', Key: 'big.bin', UploadId: up.UploadId!, MultipartUpload: { Parts: [{ PartNumber: 2, ETag: e2.ETag }, { PartNumber: 3, ETag: e2.ETag }] } }))).toBe('InvalidPart');
    const done = await s3.completeMultipartUpload(ctx, { Bucket: 'data', Key: 'big.bin', UploadId: up.UploadId!, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: e1.ETag }, { PartNumber: 2, ETag: e2.ETag }] } });
    const expected = createHash('md5').update(Buffer.concat([Buffer.from(md5(p1), 'hex'), Buffer.from(md5(p2), 'hex')])).digest('hex') + '-2';
    expect(done.ETag).toBe(`"${expected}"`);
    const got = await s3.getObject(ctx, { Bucket: 'data', Key: 'big.bin', Range: 'bytes=8-11' });
    expect((await text(got.Body)).toString()).toBe('aabb');
    expect(got.ContentType).toBe('application/x-test');
    expect(await code(s3.uploadPart(ctx, { Bucket: 'data', Key: 'big.bin', UploadId: up.UploadId!, PartNumber: 1, Body: body('x') }))).toBe('NoSuchUpload');
    expect(await code(s3.uploadPart(ctx, { Bucket: 'data', Key: 'k', UploadId: 'unknown', PartNumber: 1, Body: body('x') }))).toBe('NoSuchUpload');
    const aborted = await s3.createMultipartUpload(ctx, { Bucket: 'data', Key: 'gone' });
    await s3.uploadPart(ctx, { Bucket: 'data', Key: 'gone', UploadId: aborted.UploadId!, PartNumber: 1, Body: body('zzz') });
    await s3.abortMultipartUpload(ctx, { Bucket: 'data', Key: 'gone', UploadId: aborted.UploadId! });
    expect(await code(s3.abortMultipartUpload(ctx, { Bucket: 'data', Key: 'gone', UploadId: aborted.UploadId! }))).toBe('NoSuchUpload');
    expect(await embedded.sweepOrphans()).toBe(0);
  });

  it('copies objects (metadata copied or replaced) and deletes in batches', async () => {
    await s3.putObject(ctx, { Bucket: 'data', Key: 'src', Body: body('payload'), ContentType: 'text/plain', Metadata: { a: '1' } });
    const copy = await s3.copyObject(ctx, { Bucket: 'data', Key: 'dst', CopySource: 'data/src' });
    expect(copy.CopyObjectResult!.ETag).toBe(`"${md5('payload')}"`);
    const replaced = await s3.copyObject(ctx, { Bucket: 'data', Key: 'dst2', CopySource: '/data/src', MetadataDirective: 'REPLACE', ContentType: 'text/csv', Metadata: { b: '2' } });
    expect(replaced.CopyObjectResult!.ETag).toBe(`"${md5('payload')}"`);
    expect((await s3.headObject(ctx, { Bucket: 'data', Key: 'dst' })).Metadata).toEqual({ a: '1' });
    expect((await s3.headObject(ctx, { Bucket: 'data', Key: 'dst2' }))).toMatchObject({ Metadata: { b: '2' }, ContentType: 'text/csv' });
    await s3.deleteObject(ctx, { Bucket: 'data', Key: 'src' });
    expect((await text((await s3.getObject(ctx, { Bucket: 'data', Key: 'dst' })).Body)).toString()).toBe('payload');
    expect(await code(s3.copyObject(ctx, { Bucket: 'data', Key: 'dst', CopySource: 'data/dst' }))).toBe('InvalidRequest');
    const del = await s3.deleteObjects(ctx, { Bucket: 'data', Delete: { Objects: [{ Key: 'dst' }, { Key: 'dst2' }, { Key: 'never-was' }] } });
    expect(del.Deleted!.map((d) => d.Key)).toEqual(['dst', 'dst2', 'never-was']);
    expect((await s3.listObjectsV2(ctx, { Bucket: 'data' })).KeyCount).toBe(0);
  });

  it('keeps bucket configuration: policy, encryption, public access block, ACL, versioning, tags, ownership', async () => {
    expect(await code(s3.getBucketPolicy(ctx, { Bucket: 'data' }))).toBe('NoSuchBucketPolicy');
    expect(await code(s3.putBucketPolicy(ctx, { Bucket: 'data', Policy: 'not json' }))).toBe('MalformedPolicy');
    const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: { AWS: 'arn:aws:iam::111122223333:user/bob' }, Action: 's3:ListBucket', Resource: 'arn:aws:s3:::data' }] });
    await s3.putBucketPolicy(ctx, { Bucket: 'data', Policy: policy });
    expect((await s3.getBucketPolicy(ctx, { Bucket: 'data' })).Policy).toBe(policy);
    expect((await s3.getBucketEncryption(ctx, { Bucket: 'data' })).ServerSideEncryptionConfiguration!.Rules[0]!.ApplyServerSideEncryptionByDefault!.SSEAlgorithm).toBe('AES256');
    // Without a KMS service SSE-KMS is refused, never stored and reported as applied; SSE-C keys are validated.
    expect(await code(s3.putBucketEncryption(ctx, { Bucket: 'data', ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: 'k1' } }] } }))).toBe('NotImplemented');
    expect(await code(s3.putObject(ctx, { Bucket: 'data', Key: 'kms', Body: body('x'), ServerSideEncryption: 'aws:kms', SSEKMSKeyId: 'k1' }))).toBe('NotImplemented');
    expect(await code(s3.putObject(ctx, { Bucket: 'data', Key: 'ssec', Body: body('x'), SSECustomerAlgorithm: 'AES256', SSECustomerKey: 'a'.repeat(44), SSECustomerKeyMD5: 'x' }))).toBe('InvalidArgument');
    await s3.putBucketEncryption(ctx, { Bucket: 'data', ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] } });
    const put = await s3.putObject(ctx, { Bucket: 'data', Key: 'enc', Body: body('x') });
    expect(put).toMatchObject({ ServerSideEncryption: 'AES256' });
    expect(await code(s3.getObject(ctx, { Bucket: 'data', Key: 'enc', SSECustomerAlgorithm: 'AES256', SSECustomerKey: Buffer.alloc(32, 7).toString('base64') }))).toBe('InvalidRequest');
    // A new bucket has all four Block Public Access settings on (S3 since April 2023).
    expect((await s3.getPublicAccessBlock(ctx, { Bucket: 'data' })).PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true });
    await s3.deletePublicAccessBlock(ctx, { Bucket: 'data' });
    expect(await code(s3.getPublicAccessBlock(ctx, { Bucket: 'data' }))).toBe('NoSuchPublicAccessBlockConfiguration');
    await s3.putPublicAccessBlock(ctx, { Bucket: 'data', PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true } });
    expect((await s3.getPublicAccessBlock(ctx, { Bucket: 'data' })).PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, IgnorePublicAcls: false, BlockPublicPolicy: true, RestrictPublicBuckets: false });
    expect((await s3.getBucketAcl(ctx, { Bucket: 'data' })).Grants).toEqual([{ Grantee: { Type: 'CanonicalUser', ID: '111122223333' }, Permission: 'FULL_CONTROL' }]);
    await s3.putBucketOwnershipControls(ctx, { Bucket: 'data', OwnershipControls: { Rules: [{ ObjectOwnership: 'ObjectWriter' }] } });
    // BlockPublicAcls refuses a public ACL until the block is lifted.
    expect(await code(s3.putBucketAcl(ctx, { Bucket: 'data', ACL: 'public-read' }))).toBe('AccessDenied');
    await s3.deletePublicAccessBlock(ctx, { Bucket: 'data' });
    await s3.putBucketAcl(ctx, { Bucket: 'data', ACL: 'public-read' });
    expect((await s3.getBucketAcl(ctx, { Bucket: 'data' })).Grants!.map((g) => g.Permission)).toEqual(['FULL_CONTROL', 'READ']);
    expect((await s3.getBucketVersioning(ctx, { Bucket: 'data' })).Status).toBeUndefined();
    await s3.putBucketVersioning(ctx, { Bucket: 'data', VersioningConfiguration: { Status: 'Suspended' } });
    expect((await s3.getBucketVersioning(ctx, { Bucket: 'data' })).Status).toBe('Suspended');
    expect(await code(s3.getBucketTagging(ctx, { Bucket: 'data' }))).toBe('NoSuchTagSet');
    await s3.putBucketTagging(ctx, { Bucket: 'data', Tagging: { TagSet: [{ Key: 'k', Value: 'v' }] } });
    expect((await s3.getBucketTagging(ctx, { Bucket: 'data' })).TagSet).toEqual([{ Key: 'k', Value: 'v' }]);
    expect(await code(s3.putObjectTagging(ctx, { Bucket: 'data', Key: 'enc', Tagging: { TagSet: [{ Key: 'aws:x', Value: '' }] } }))).toBe('InvalidTag');
    const config = await embedded.getBucketConfiguration('data');
    expect(config).toMatchObject({ ownerAccountId: '111122223333', policy, versioning: 'Suspended', cannedAcl: 'public-read', objectOwnership: 'ObjectWriter', tags: [{ Key: 'k', Value: 'v' }] });
    expect(config.encryption).toEqual([{ SSEAlgorithm: 'AES256', KMSMasterKeyID: undefined, BucketKeyEnabled: undefined }]);
  });

  it('maps operations to S3 IAM actions, resources and data events', () => {
    expect(actionOf('ListObjectsV2')).toBe('s3:ListBucket');
    expect(actionOf('HeadObject')).toBe('s3:GetObject');
    expect(actionOf('CompleteMultipartUpload')).toBe('s3:PutObject');
    expect(actionOf('GetBucketEncryption')).toBe('s3:GetEncryptionConfiguration');
    expect(actionOf('ListBuckets')).toBe('s3:ListAllMyBuckets');
    expect(resourceOf('GetObject', { Bucket: 'b', Key: 'a/b' })).toBe('arn:aws:s3:::b/a/b');
    expect(resourceOf('ListObjectsV2', { Bucket: 'b' })).toBe('arn:aws:s3:::b');
    expect(isDataEvent('PutObject')).toBe(true);
    expect(isDataEvent('PutBucketPolicy')).toBe(false);
  });
});
