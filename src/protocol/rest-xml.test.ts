import { describe, it, expect } from 'vitest';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import {
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateBucketCommand,
  DeleteObjectsCommand,
  GetBucketAclCommand,
  GetBucketEncryptionCommand,
  GetBucketLocationCommand,
  GetBucketPolicyCommand,
  GetObjectCommand,
  GetObjectTaggingCommand,
  HeadObjectCommand,
  ListBucketsCommand,
  ListObjectsCommand,
  ListObjectsV2Command,
  ListPartsCommand,
  PutBucketEncryptionCommand,
  PutBucketPolicyCommand,
  PutObjectCommand,
  PutObjectTaggingCommand,
  PutPublicAccessBlockCommand,
  UploadPartCommand,
  AbortMultipartUploadCommand,
  DeleteObjectCommand,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { ServiceError } from '../common/errors.js';
import { schema } from '../models/s3/index.js';
import { MalformedXml, parseXml, restXml } from './rest-xml.js';
import { oracleClient, readAll, type Captured } from './sdk-oracle.test-helper.js';

// Plausible minimal outputs: the SDK rejects a 200 without a document for some operations.
const none = (op: string) => (op === 'CompleteMultipartUpload' ? { Bucket: 'b1', Key: 'big', ETag: '"x-2"' } : op === 'CopyObject' ? { CopyObjectResult: { ETag: '"e"' } } : {});

describe('restXml request parsing (the SDK serializes, we parse)', () => {
  it('routes object operations told apart by query members and headers', async () => {
    const seen: Captured[] = [];
    const s3 = oracleClient(none, seen);
    await s3.send(new DeleteObjectCommand({ Bucket: 'b1', Key: 'k' }));
    await s3.send(new AbortMultipartUploadCommand({ Bucket: 'b1', Key: 'k', UploadId: 'u1' }));
    await s3.send(new CopyObjectCommand({ Bucket: 'b1', Key: 'dst', CopySource: 'src-bucket/a%20b' }));
    await s3.send(new ListPartsCommand({ Bucket: 'b1', Key: 'k', UploadId: 'u1' }));
    await s3.send(new GetObjectTaggingCommand({ Bucket: 'b1', Key: 'k' }));
    await s3.send(new ListObjectsCommand({ Bucket: 'b1' }));
    await s3.send(new ListObjectsV2Command({ Bucket: 'b1', Prefix: 'p/', StartAfter: 'p/a', Delimiter: '/', MaxKeys: 5 }));
    await s3.send(new ListBucketsCommand({}));
    expect(seen.map((c) => c.operation)).toEqual(['DeleteObject', 'AbortMultipartUpload', 'CopyObject', 'ListParts', 'GetObjectTagging', 'ListObjects', 'ListObjectsV2', 'ListBuckets']);
    expect(seen[1]!.input).toMatchObject({ Bucket: 'b1', Key: 'k', UploadId: 'u1' });
    expect(seen[2]!.input.CopySource).toBe('src-bucket/a%20b');
    expect(seen[6]!.input).toMatchObject({ Bucket: 'b1', Prefix: 'p/', StartAfter: 'p/a', Delimiter: '/', MaxKeys: 5 });
  });

  it('decodes greedy keys with slashes, spaces and unicode', async () => {
    const seen: Captured[] = [];
    const s3 = oracleClient(() => ({ Body: Readable.from([Buffer.from('x')]), ContentLength: 1 }), seen);
    const key = 'dir/sub dir/naïve+file?.txt';
    await s3.send(new GetObjectCommand({ Bucket: 'b1', Key: key, Range: 'bytes=0-0', IfNoneMatch: '"abc"' }));
    expect(seen[0]!.input).toMatchObject({ Bucket: 'b1', Key: key, Range: 'bytes=0-0', IfNoneMatch: '"abc"' });
  });

  it('rewrites virtual-host-style requests to path style', async () => {
    const seen: Captured[] = [];
    const s3 = oracleClient(none, seen, { forcePathStyle: false, endpoint: 'http://localhost:4566' });
    await s3.send(new DeleteObjectCommand({ Bucket: 'vhost-bucket', Key: 'a/b.txt' }));
    expect(seen[0]!.wire.headers.host).toBe('vhost-bucket.localhost:4566');
    expect(seen[0]!.input).toMatchObject({ Bucket: 'vhost-bucket', Key: 'a/b.txt' });
  });

  it('parses PutObject headers, metadata and a checked body', async () => {
    const seen: Captured[] = [];
    const s3 = oracleClient(async (_op, input) => {
      const bytes = await readAll(input.Body);
      return { ETag: `"${createHash('md5').update(bytes).digest('hex')}"` };
    }, seen);
    const body = Buffer.from('hello, world');
    const md5 = createHash('md5').update(body).digest('base64');
    const out = await s3.send(
      new PutObjectCommand({ Bucket: 'b1', Key: 'k.txt', Body: body, ContentType: 'text/plain', ContentMD5: md5, Metadata: { Owner: 'Alice', 'x-y': 'z' }, Tagging: 'a=1&b=2', ServerSideEncryption: 'AES256' }),
    );
    expect(out.ETag).toBe(`"${createHash('md5').update(body).digest('hex')}"`);
    const input = seen[0]!.input;
    expect(input).toMatchObject({ Bucket: 'b1', Key: 'k.txt', ContentType: 'text/plain', ContentMD5: md5, Tagging: 'a=1&b=2', ServerSideEncryption: 'AES256', ContentLength: body.length });
    expect(input.Metadata).toEqual({ owner: 'Alice', 'x-y': 'z' });
  });

  it('decodes an aws-chunked streaming upload with a trailing checksum', async () => {
    const seen: Captured[] = [];
    let received: Buffer = Buffer.alloc(0);
    const s3 = oracleClient(async (_op, input) => {
      received = await readAll(input.Body);
      return {};
    }, seen);
    const data = Buffer.alloc(300_000, 'abc');
    await s3.send(new PutObjectCommand({ Bucket: 'b1', Key: 'stream', Body: Readable.from([data.subarray(0, 100_000), data.subarray(100_000)]), ContentLength: data.length, ChecksumAlgorithm: 'CRC32' }));
    const wire = seen[0]!.wire;
    expect(String(wire.headers['x-amz-content-sha256'])).toMatch(/^STREAMING-/);
    expect(received.equals(data)).toBe(true);
    expect(seen[0]!.input.ContentLength).toBe(data.length);
    expect(seen[0]!.input.ChecksumCRC32).toBeDefined();
  });

  it('answers BadDigest when Content-MD5 does not match the body', async () => {
    const s3 = oracleClient(async (_op, input) => {
      await readAll(input.Body);
      return {};
    });
    const wrong = createHash('md5').update('other').digest('base64');
    const err = await s3.send(new PutObjectCommand({ Bucket: 'b1', Key: 'k', Body: Buffer.from('data'), ContentMD5: wrong })).catch((e) => e);
    expect(err).toBeInstanceOf(S3ServiceException);
    expect(err.name).toBe('BadDigest');
    expect(err.$metadata.httpStatusCode).toBe(400);
  });

  it('parses XML payloads: multipart completion, batch delete, tagging, encryption, public access block', async () => {
    const seen: Captured[] = [];
    const s3 = oracleClient(none, seen);
    await s3.send(new CompleteMultipartUploadCommand({ Bucket: 'b1', Key: 'big', UploadId: 'u1', MultipartUpload: { Parts: [{ PartNumber: 1, ETag: '"e1"' }, { PartNumber: 2, ETag: '"e2"' }] } }));
    await s3.send(new DeleteObjectsCommand({ Bucket: 'b1', Delete: { Objects: [{ Key: 'a&b' }, { Key: 'c<d' }], Quiet: true } }));
    await s3.send(new PutObjectTaggingCommand({ Bucket: 'b1', Key: 'k', Tagging: { TagSet: [{ Key: 'env', Value: 'prod' }] } }));
    await s3.send(new PutBucketEncryptionCommand({ Bucket: 'b1', ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: 'key-1' }, BucketKeyEnabled: true }] } }));
    await s3.send(new PutPublicAccessBlockCommand({ Bucket: 'b1', PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: false, BlockPublicPolicy: true, RestrictPublicBuckets: true } }));
    await s3.send(new PutBucketPolicyCommand({ Bucket: 'b1', Policy: '{"Version":"2012-10-17","Statement":[]}' }));
    await s3.send(new CreateBucketCommand({ Bucket: 'b2' }));
    await s3.send(new CreateBucketCommand({ Bucket: 'b3', CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } }));
    expect(seen.map((c) => c.operation)).toEqual(['CompleteMultipartUpload', 'DeleteObjects', 'PutObjectTagging', 'PutBucketEncryption', 'PutPublicAccessBlock', 'PutBucketPolicy', 'CreateBucket', 'CreateBucket']);
    expect(seen[0]!.input.MultipartUpload).toEqual({ Parts: [{ PartNumber: 1, ETag: '"e1"' }, { PartNumber: 2, ETag: '"e2"' }] });
    expect(seen[1]!.input.Delete).toEqual({ Objects: [{ Key: 'a&b' }, { Key: 'c<d' }], Quiet: true });
    expect(seen[2]!.input.Tagging).toEqual({ TagSet: [{ Key: 'env', Value: 'prod' }] });
    expect(seen[3]!.input.ServerSideEncryptionConfiguration).toEqual({ Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: 'key-1' }, BucketKeyEnabled: true }] });
    expect(seen[4]!.input.PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, IgnorePublicAcls: false, BlockPublicPolicy: true, RestrictPublicBuckets: true });
    expect(seen[5]!.input.Policy).toBe('{"Version":"2012-10-17","Statement":[]}');
    expect(seen[6]!.input.CreateBucketConfiguration).toBeUndefined();
    expect(seen[7]!.input.CreateBucketConfiguration).toEqual({ LocationConstraint: 'eu-west-1' });
  });

  it('treats UploadPart as streaming and carries part number and upload id', async () => {
    const seen: Captured[] = [];
    const s3 = oracleClient(async (_op, input) => {
      await readAll(input.Body);
      return { ETag: '"p"' };
    }, seen);
    await s3.send(new UploadPartCommand({ Bucket: 'b1', Key: 'k', UploadId: 'u1', PartNumber: 3, Body: Buffer.from('part') }));
    expect(seen[0]!.operation).toBe('UploadPart');
    expect(seen[0]!.input).toMatchObject({ UploadId: 'u1', PartNumber: 3 });
    expect(restXml.streamsInput!(schema, 'UploadPart')).toBe(true);
    expect(restXml.streamsInput!(schema, 'PutBucketPolicy')).toBe(false);
  });
});

describe('restXml responses (we serialize, the SDK deserializes)', () => {
  const when = new Date('2026-01-02T03:04:05.000Z');

  it('lists objects with flattened contents and common prefixes, url-encoded on request', async () => {
    const s3 = oracleClient((op) =>
      op === 'ListObjectsV2'
        ? { Name: 'b1', Prefix: 'a b/', KeyCount: 1, MaxKeys: 1000, IsTruncated: true, NextContinuationToken: 'tok', EncodingType: 'url', Contents: [{ Key: 'a b/x\u0001y.txt', Size: 12, ETag: '"e"', LastModified: when, StorageClass: 'STANDARD' }], CommonPrefixes: [{ Prefix: 'a b/sub/' }] }
        : {},
    );
    const out = await s3.send(new ListObjectsV2Command({ Bucket: 'b1', Prefix: 'a b/' }));
    // As S3 does, keys and prefixes travel percent-encoded (the JS SDK leaves them so; botocore decodes them).
    expect(out.Contents).toEqual([{ Key: 'a%20b/x%01y.txt', Size: 12, ETag: '"e"', LastModified: when, StorageClass: 'STANDARD' }]);
    expect(out.CommonPrefixes).toEqual([{ Prefix: 'a%20b/sub/' }]);
    expect(out.Prefix).toBe('a%20b/');
    expect(out.IsTruncated).toBe(true);
    expect(out.NextContinuationToken).toBe('tok');
  });

  it('serializes buckets, ACLs with xsi:type grantees, encryption and policy documents', async () => {
    const s3 = oracleClient((op) => {
      switch (op) {
        case 'ListBuckets':
          return { Buckets: [{ Name: 'b1', CreationDate: when, BucketRegion: 'eu-west-1' }], Owner: { ID: 'abc', DisplayName: 'owner' } };
        case 'GetBucketAcl':
          return { Owner: { ID: 'abc' }, Grants: [{ Grantee: { Type: 'CanonicalUser', ID: 'abc' }, Permission: 'FULL_CONTROL' }, { Grantee: { Type: 'Group', URI: 'http://acs.amazonaws.com/groups/global/AllUsers' }, Permission: 'READ' }] };
        case 'GetBucketEncryption':
          return { ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' }, BucketKeyEnabled: false }] } };
        case 'GetBucketPolicy':
          return { Policy: '{"Version":"2012-10-17"}' };
        case 'GetBucketLocation':
          return { LocationConstraint: 'eu-west-1' };
        default:
          return {};
      }
    });
    const buckets = await s3.send(new ListBucketsCommand({}));
    expect(buckets.Buckets).toEqual([{ Name: 'b1', CreationDate: when, BucketRegion: 'eu-west-1' }]);
    expect(buckets.Owner).toEqual({ ID: 'abc', DisplayName: 'owner' });
    const acl = await s3.send(new GetBucketAclCommand({ Bucket: 'b1' }));
    expect(acl.Grants).toEqual([
      { Grantee: { Type: 'CanonicalUser', ID: 'abc' }, Permission: 'FULL_CONTROL' },
      { Grantee: { Type: 'Group', URI: 'http://acs.amazonaws.com/groups/global/AllUsers' }, Permission: 'READ' },
    ]);
    const enc = await s3.send(new GetBucketEncryptionCommand({ Bucket: 'b1' }));
    expect(enc.ServerSideEncryptionConfiguration).toEqual({ Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' }, BucketKeyEnabled: false }] });
    expect((await s3.send(new GetBucketPolicyCommand({ Bucket: 'b1' }))).Policy).toBe('{"Version":"2012-10-17"}');
    expect((await s3.send(new GetBucketLocationCommand({ Bucket: 'b1' }))).LocationConstraint).toBe('eu-west-1');
  });

  it('streams object bodies with headers, metadata and 206 for ranges', async () => {
    const seen: Captured[] = [];
    const s3 = oracleClient(
      () => ({ Body: Readable.from([Buffer.from('ell')]), ContentLength: 3, ContentRange: 'bytes 1-3/5', ContentType: 'text/plain', ETag: '"e"', LastModified: when, Metadata: { owner: 'alice' }, AcceptRanges: 'bytes' }),
      seen,
    );
    const out = await s3.send(new GetObjectCommand({ Bucket: 'b1', Key: 'k', Range: 'bytes=1-3' }));
    expect(seen[0]!.response!.status).toBe(206);
    expect(await out.Body!.transformToString()).toBe('ell');
    expect(out).toMatchObject({ ContentLength: 3, ContentRange: 'bytes 1-3/5', ContentType: 'text/plain', ETag: '"e"', LastModified: when, Metadata: { owner: 'alice' } });
  });

  it('answers HEAD with headers only', async () => {
    const s3 = oracleClient(() => ({ ContentLength: 42, ETag: '"e"', LastModified: when, StorageClass: 'STANDARD' }));
    const out = await s3.send(new HeadObjectCommand({ Bucket: 'b1', Key: 'k' }));
    expect(out).toMatchObject({ ContentLength: 42, ETag: '"e"', LastModified: when });
  });

  it('serializes S3 errors with code, message, extra fields and status', async () => {
    const s3 = oracleClient(() => {
      throw new ServiceError('NoSuchKey', 'The specified key does not exist.', 404, 'client', { Key: 'missing' });
    });
    const err = await s3.send(new GetObjectCommand({ Bucket: 'b1', Key: 'missing' })).catch((e) => e);
    expect(err.name).toBe('NoSuchKey');
    expect(err.message).toBe('The specified key does not exist.');
    expect(err.$metadata.httpStatusCode).toBe(404);
    expect(err.$metadata.requestId).toBe('REQ123');
    const res = restXml.serializeError(schema, new ServiceError('NoSuchBucket', 'The specified bucket does not exist', 404, 'client', { BucketName: 'x&y' }), 'R1');
    expect(String(res.body)).toContain('<Error><Code>NoSuchBucket</Code><Message>The specified bucket does not exist</Message><BucketName>x&amp;y</BucketName><RequestId>R1</RequestId></Error>');
  });

  it('writes an empty 204 with no body for deletes', () => {
    const res = restXml.serializeOutput(schema, 'DeleteObject', {}, 'R');
    expect(res.status).toBe(204);
    expect(res.body).toBeUndefined();
  });
});

describe('parseXml', () => {
  it('reads elements, attributes, entities and CDATA', () => {
    const root = parseXml('<?xml version="1.0"?><a x="1&amp;2"><b>t&lt;<![CDATA[<raw>]]></b><!-- c --><b/></a>');
    expect(root.attrs.x).toBe('1&2');
    expect(root.children.map((c) => c.text)).toEqual(['t<<raw>', '']);
  });

  it('rejects malformed documents and DTDs with MalformedXML', () => {
    for (const bad of ['', '<a>', '<a></b>', '<a x=1/>', '<!DOCTYPE a [<!ENTITY e "x">]><a>&e;</a>', '<a>&bogus;</a>', '<a/><b/>']) {
      expect(() => parseXml(bad), bad).toThrow(MalformedXml);
    }
    expect(() => parseXml('<a>'.repeat(100) + '</a>'.repeat(100))).toThrow(MalformedXml);
  });
});
