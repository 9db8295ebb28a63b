// UploadPartCopy with the real S3 client: parts copied from whole objects and byte ranges compose the object S3
// would; the copy-source conditions and range checks answer S3's errors; the source is authorized like CopyObject's
// (s3:GetObject on it; AccessDenied, never NoSuchKey, for a caller who may not list the source bucket).
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CompleteMultipartUploadCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCopyCommand,
} from '@aws-sdk/client-s3';
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { startServer, type Credentials, type TestServer } from '../harness.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
  await s3().send(new CreateBucketCommand({ Bucket: 'src-bucket' }));
  await s3().send(new CreateBucketCommand({ Bucket: 'dst-bucket' }));
});
afterAll(async () => {
  await server?.close();
});

const s3 = (c?: Credentials) => new S3Client({ ...server.clientConfig(c), forcePathStyle: true });
const iam = () => new IAMClient(server.clientConfig());
const md5 = (b: Buffer) => createHash('md5').update(b).digest('hex');
const failure = (p: Promise<unknown>) => p.then(() => ({ name: 'none', status: 200 }), (e: { name: string; $metadata?: { httpStatusCode?: number } }) => ({ name: e.name, status: e.$metadata?.httpStatusCode }));

describe('UploadPartCopy', () => {
  it('copies a range and a whole object into parts that complete into the concatenation', async () => {
    const big = Buffer.alloc(5 * 1024 * 1024 + 10, 7);
    big.write('HEAD', 0);
    const small = Buffer.from('tail-object');
    await s3().send(new PutObjectCommand({ Bucket: 'src-bucket', Key: 'big.bin', Body: big }));
    await s3().send(new PutObjectCommand({ Bucket: 'src-bucket', Key: 'small.txt', Body: small }));
    const { UploadId } = await s3().send(new CreateMultipartUploadCommand({ Bucket: 'dst-bucket', Key: 'joined.bin' }));
    const first = await s3().send(new UploadPartCopyCommand({ Bucket: 'dst-bucket', Key: 'joined.bin', UploadId, PartNumber: 1, CopySource: 'src-bucket/big.bin', CopySourceRange: `bytes=0-${5 * 1024 * 1024 - 1}` }));
    expect(first.CopyPartResult!.ETag).toBe(`"${md5(big.subarray(0, 5 * 1024 * 1024))}"`);
    expect(first.CopyPartResult!.LastModified).toBeInstanceOf(Date);
    const second = await s3().send(new UploadPartCopyCommand({ Bucket: 'dst-bucket', Key: 'joined.bin', UploadId, PartNumber: 2, CopySource: 'src-bucket/small.txt' }));
    await s3().send(
      new CompleteMultipartUploadCommand({ Bucket: 'dst-bucket', Key: 'joined.bin', UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: first.CopyPartResult!.ETag }, { PartNumber: 2, ETag: second.CopyPartResult!.ETag }] } }),
    );
    const got = Buffer.from(await (await s3().send(new GetObjectCommand({ Bucket: 'dst-bucket', Key: 'joined.bin' }))).Body!.transformToByteArray());
    expect(got.equals(Buffer.concat([big.subarray(0, 5 * 1024 * 1024), small]))).toBe(true);
  });

  it('answers S3\'s errors for a bad range, a failed condition and a missing upload', async () => {
    await s3().send(new PutObjectCommand({ Bucket: 'src-bucket', Key: 'ten.txt', Body: '0123456789' }));
    const { UploadId } = await s3().send(new CreateMultipartUploadCommand({ Bucket: 'dst-bucket', Key: 'x' }));
    const part = (extra: object) => s3().send(new UploadPartCopyCommand({ Bucket: 'dst-bucket', Key: 'x', UploadId, PartNumber: 1, CopySource: 'src-bucket/ten.txt', ...extra }));
    expect(await failure(part({ CopySourceRange: 'bytes=5-10' }))).toEqual({ name: 'InvalidArgument', status: 400 });
    expect(await failure(part({ CopySourceRange: 'bytes=-3' }))).toEqual({ name: 'InvalidArgument', status: 400 });
    expect(await failure(part({ CopySourceIfMatch: '"not-the-etag"' }))).toEqual({ name: 'PreconditionFailed', status: 412 });
    expect(await failure(part({ CopySourceIfUnmodifiedSince: new Date('2000-01-01') }))).toEqual({ name: 'PreconditionFailed', status: 412 });
    expect((await failure(part({ CopySourceRange: 'bytes=2-4' }))).status).toBe(200);
    expect(await failure(s3().send(new UploadPartCopyCommand({ Bucket: 'dst-bucket', Key: 'x', UploadId: 'nope', PartNumber: 1, CopySource: 'src-bucket/ten.txt' })))).toMatchObject({ name: 'NoSuchUpload', status: 404 });
  });

  it('authorizes the source like CopyObject: AccessDenied without s3:GetObject, and for a missing key without s3:ListBucket', async () => {
    const user = async (name: string, Statement: object[]): Promise<Credentials> => {
      await iam().send(new CreateUserCommand({ UserName: name }));
      await iam().send(new PutUserPolicyCommand({ UserName: name, PolicyName: 'p', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement }) }));
      const k = (await iam().send(new CreateAccessKeyCommand({ UserName: name }))).AccessKey!;
      return { accessKeyId: k.AccessKeyId!, secretAccessKey: k.SecretAccessKey! };
    };
    const writeOnly = await user('part-writer', [{ Effect: 'Allow', Action: 's3:PutObject', Resource: 'arn:aws:s3:::dst-bucket/*' }]);
    const reader = await user('part-reader', [{ Effect: 'Allow', Action: ['s3:PutObject', 's3:GetObject'], Resource: ['arn:aws:s3:::dst-bucket/*', 'arn:aws:s3:::src-bucket/*'] }]);
    const lister = await user('part-lister', [{ Effect: 'Allow', Action: ['s3:PutObject', 's3:GetObject', 's3:ListBucket'], Resource: ['arn:aws:s3:::dst-bucket/*', 'arn:aws:s3:::src-bucket/*', 'arn:aws:s3:::src-bucket'] }]);
    const { UploadId } = await s3().send(new CreateMultipartUploadCommand({ Bucket: 'dst-bucket', Key: 'authz' }));
    const copy = (c: Credentials, key: string) => s3(c).send(new UploadPartCopyCommand({ Bucket: 'dst-bucket', Key: 'authz', UploadId, PartNumber: 1, CopySource: `src-bucket/${key}` }));
    expect(await failure(copy(writeOnly, 'ten.txt'))).toEqual({ name: 'AccessDenied', status: 403 });
    expect((await failure(copy(reader, 'ten.txt'))).status).toBe(200);
    expect(await failure(copy(reader, 'missing.txt'))).toEqual({ name: 'AccessDenied', status: 403 });
    expect(await failure(copy(lister, 'missing.txt'))).toEqual({ name: 'NoSuchKey', status: 404 });
  });
});
