// Issue 15 (4, 8): answers that used to differ from AWS, end to end with @aws-sdk/client-s3: partNumber reads
// (206 with x-amz-mp-parts-count), CreateBucket of your own bucket in us-east-1 (200), a repeated
// CompleteMultipartUpload (200, same ETag), LocationConstraint errors, PutBucketTagging (204), too many object tags
// (BadRequest), and archived objects (InvalidObjectState until RestoreObject completes on the server's clock).
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CompleteMultipartUploadCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutBucketTaggingCommand,
  PutObjectCommand,
  PutObjectTaggingCommand,
  RestoreObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { ManualClock } from '../../../src/common/index.js';
import { startServer, type TestServer } from '../harness.js';
import { signedRequest } from '../signed-fetch.js';

const clock = new ManualClock(Date.now());
let server: TestServer;
const s3 = (region?: string) => new S3Client({ ...server.clientConfig(undefined, region), systemClockOffset: clock.nowMs() - Date.now() });
const outcome = (p: Promise<unknown>) => p.then((o) => (o as { $metadata: { httpStatusCode?: number } }).$metadata.httpStatusCode, (e: { name: string; $metadata: { httpStatusCode?: number } }) => `${e.$metadata.httpStatusCode} ${e.name}`);

beforeAll(async () => {
  server = await startServer({ clock });
  await s3().send(new CreateBucketCommand({ Bucket: 'answers' }));
});
afterAll(async () => {
  await server?.close();
});

describe('S3 answers as AWS gives them', () => {
  it('reads one part with partNumber (206, x-amz-mp-parts-count) and answers a repeated completion with the same ETag', async () => {
    const first = randomBytes(5 * 1024 * 1024);
    const up = await s3().send(new CreateMultipartUploadCommand({ Bucket: 'answers', Key: 'mp' }));
    const p1 = await s3().send(new UploadPartCommand({ Bucket: 'answers', Key: 'mp', UploadId: up.UploadId, PartNumber: 1, Body: first }));
    const p2 = await s3().send(new UploadPartCommand({ Bucket: 'answers', Key: 'mp', UploadId: up.UploadId, PartNumber: 2, Body: 'tail' }));
    const complete = () => s3().send(new CompleteMultipartUploadCommand({ Bucket: 'answers', Key: 'mp', UploadId: up.UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: p1.ETag }, { PartNumber: 2, ETag: p2.ETag }] } }));
    const done = await complete();
    const again = await complete();
    expect(again.ETag).toBe(done.ETag);

    const part2 = await s3().send(new GetObjectCommand({ Bucket: 'answers', Key: 'mp', PartNumber: 2 }));
    expect(part2.$metadata.httpStatusCode).toBe(206);
    expect(part2.PartsCount).toBe(2);
    expect(part2.ContentRange).toBe(`bytes ${first.length}-${first.length + 3}/${first.length + 4}`);
    expect(await part2.Body!.transformToString()).toBe('tail');
    const head = await s3().send(new HeadObjectCommand({ Bucket: 'answers', Key: 'mp', PartNumber: 1 }));
    expect([head.$metadata.httpStatusCode, head.PartsCount, head.ContentLength]).toEqual([206, 2, first.length]);
    expect(await outcome(s3().send(new GetObjectCommand({ Bucket: 'answers', Key: 'mp', PartNumber: 3 })))).toBe('416 InvalidPartNumber');
  });

  it('creates buckets as S3 does: 200 for your own in us-east-1, S3’s errors for a wrong or missing LocationConstraint', async () => {
    expect(await outcome(s3().send(new CreateBucketCommand({ Bucket: 'answers' })))).toBe(200);
    // The SDK adds its region as the constraint by itself; boto3 and raw clients send none.
    const none = await signedRequest(server.endpoint, { service: 's3', region: 'eu-west-1', credentials: server.root, method: 'PUT', path: '/eu-none', headers: { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' }, signingDate: clock.now() });
    expect(none.status).toBe(400);
    expect(none.body).toContain('<Code>IllegalLocationConstraintException</Code>');
    expect(none.body).toContain('The unspecified location constraint is incompatible for the region specific endpoint this request was sent to.');
    expect(await outcome(s3('eu-west-1').send(new CreateBucketCommand({ Bucket: 'eu-wrong', CreateBucketConfiguration: { LocationConstraint: 'eu-central-1' } })))).toBe('400 IllegalLocationConstraintException');
    expect(await outcome(s3().send(new CreateBucketCommand({ Bucket: 'use1', CreateBucketConfiguration: { LocationConstraint: 'us-east-1' as never } })))).toBe('400 InvalidLocationConstraint');
    expect(await outcome(s3('eu-west-1').send(new CreateBucketCommand({ Bucket: 'eu-right', CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } })))).toBe(200);
    expect(await outcome(s3('eu-west-1').send(new CreateBucketCommand({ Bucket: 'eu-right', CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } })))).toBe('409 BucketAlreadyOwnedByYou');
  });

  it('answers PutBucketTagging with 204 and too many object tags with BadRequest', async () => {
    expect(await outcome(s3().send(new PutBucketTaggingCommand({ Bucket: 'answers', Tagging: { TagSet: [{ Key: 'team', Value: 'data' }] } })))).toBe(204);
    await s3().send(new PutObjectCommand({ Bucket: 'answers', Key: 't', Body: 'x' }));
    const eleven = Array.from({ length: 11 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
    expect(await outcome(s3().send(new PutObjectTaggingCommand({ Bucket: 'answers', Key: 't', Tagging: { TagSet: eleven } })))).toBe('400 BadRequest');
    expect(await outcome(s3().send(new PutObjectCommand({ Bucket: 'answers', Key: 't', Body: 'x', Tagging: eleven.map((t) => `${t.Key}=${t.Value}`).join('&') })))).toBe('400 BadRequest');
  });

  it('refuses to read GLACIER and DEEP_ARCHIVE objects until RestoreObject has completed on the server’s clock', async () => {
    await s3().send(new PutObjectCommand({ Bucket: 'answers', Key: 'cold.csv', Body: 'name,ssn\n', StorageClass: 'GLACIER' }));
    await s3().send(new PutObjectCommand({ Bucket: 'answers', Key: 'warm.csv', Body: 'x' }));
    expect(await outcome(s3().send(new GetObjectCommand({ Bucket: 'answers', Key: 'cold.csv' })))).toBe('403 InvalidObjectState');
    expect(await outcome(s3().send(new RestoreObjectCommand({ Bucket: 'answers', Key: 'warm.csv', RestoreRequest: { Days: 1 } })))).toBe('403 InvalidObjectState');
    expect(await outcome(s3().send(new RestoreObjectCommand({ Bucket: 'answers', Key: 'cold.csv', RestoreRequest: { Days: 2, GlacierJobParameters: { Tier: 'Standard' } } })))).toBe(202);
    expect((await s3().send(new HeadObjectCommand({ Bucket: 'answers', Key: 'cold.csv' }))).Restore).toBe('ongoing-request="true"');
    expect(await outcome(s3().send(new RestoreObjectCommand({ Bucket: 'answers', Key: 'cold.csv', RestoreRequest: { Days: 2 } })))).toBe('409 RestoreAlreadyInProgress');
    expect(await outcome(s3().send(new GetObjectCommand({ Bucket: 'answers', Key: 'cold.csv' })))).toBe('403 InvalidObjectState');
    clock.advance(5 * 3600_000);
    expect((await s3().send(new HeadObjectCommand({ Bucket: 'answers', Key: 'cold.csv' }))).Restore).toMatch(/^ongoing-request="false", expiry-date=".+ GMT"$/);
    expect(await (await s3().send(new GetObjectCommand({ Bucket: 'answers', Key: 'cold.csv' }))).Body!.transformToString()).toBe('name,ssn\n');
    expect(await outcome(s3().send(new RestoreObjectCommand({ Bucket: 'answers', Key: 'cold.csv', RestoreRequest: { Days: 1 } })))).toBe(200);
    clock.advance(2 * 86_400_000);
    expect(await outcome(s3().send(new GetObjectCommand({ Bucket: 'answers', Key: 'cold.csv' })))).toBe('403 InvalidObjectState');
  });
});
