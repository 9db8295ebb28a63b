// Issue 15 (1): S3 versioning end to end with @aws-sdk/client-s3: version ids on writes, reads and copies by version,
// delete markers (404 / 405 with x-amz-delete-marker), deletes of versions, ListObjectVersions with markers and
// delimiters, null versions while suspended, tags per version, MFA Delete refused; and a classification job over a
// versioned bucket that reports the latest version's id and not an older version's data.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CopyObjectCommand,
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetBucketVersioningCommand,
  GetObjectCommand,
  GetObjectTaggingCommand,
  HeadObjectCommand,
  ListObjectVersionsCommand,
  ListObjectsV2Command,
  PutBucketVersioningCommand,
  PutObjectCommand,
  PutObjectTaggingCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { CreateClassificationJobCommand, DescribeBucketsCommand, DescribeClassificationJobCommand, EnableMacieCommand, GetFindingsCommand, ListFindingsCommand, Macie2Client } from '@aws-sdk/client-macie2';
import { startServer, type TestServer } from '../harness.js';
import { signedRequest } from '../signed-fetch.js';
import { aws, awsCliAvailable } from '../aws-cli.js';

let server: TestServer;
let s3: S3Client;
const raw = (method: string, path: string, query?: Record<string, string>, headers?: Record<string, string>) =>
  signedRequest(server.endpoint, { service: 's3', region: server.region, credentials: server.root, method, path, query, headers: { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD', ...headers } });
const text = async (out: { Body?: { transformToString(): Promise<string> } }) => out.Body!.transformToString();

beforeAll(async () => {
  server = await startServer();
  s3 = new S3Client(server.clientConfig());
});
afterAll(async () => {
  await server?.close();
});

describe('S3 versioning', () => {
  it('gives every write a version id and keeps older versions readable by id', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'ver' }));
    expect((await s3.send(new GetBucketVersioningCommand({ Bucket: 'ver' }))).Status).toBeUndefined();
    const before = await s3.send(new PutObjectCommand({ Bucket: 'ver', Key: 'a.txt', Body: 'unversioned' }));
    expect(before.VersionId).toBeUndefined();
    await s3.send(new PutBucketVersioningCommand({ Bucket: 'ver', VersioningConfiguration: { Status: 'Enabled' } }));
    expect((await s3.send(new GetBucketVersioningCommand({ Bucket: 'ver' }))).Status).toBe('Enabled');
    const v1 = await s3.send(new PutObjectCommand({ Bucket: 'ver', Key: 'a.txt', Body: 'one' }));
    const v2 = await s3.send(new PutObjectCommand({ Bucket: 'ver', Key: 'a.txt', Body: 'two' }));
    expect(v1.VersionId).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(v2.VersionId).not.toBe(v1.VersionId);
    const latest = await s3.send(new GetObjectCommand({ Bucket: 'ver', Key: 'a.txt' }));
    expect(await text(latest)).toBe('two');
    expect(latest.VersionId).toBe(v2.VersionId);
    expect(await text(await s3.send(new GetObjectCommand({ Bucket: 'ver', Key: 'a.txt', VersionId: v1.VersionId })))).toBe('one');
    expect(await text(await s3.send(new GetObjectCommand({ Bucket: 'ver', Key: 'a.txt', VersionId: 'null' })))).toBe('unversioned');
    expect((await s3.send(new HeadObjectCommand({ Bucket: 'ver', Key: 'a.txt', VersionId: v1.VersionId }))).ContentLength).toBe(3);
    await expect(s3.send(new GetObjectCommand({ Bucket: 'ver', Key: 'a.txt', VersionId: 'A'.repeat(32) }))).rejects.toMatchObject({ name: 'NoSuchVersion', $metadata: { httpStatusCode: 404 } });
    await expect(s3.send(new GetObjectCommand({ Bucket: 'ver', Key: 'a.txt', VersionId: 'bad id' }))).rejects.toMatchObject({ name: 'InvalidArgument' });

    // Copy from an older version: the copy is a new version of its own key.
    const copy = await s3.send(new CopyObjectCommand({ Bucket: 'ver', Key: 'b.txt', CopySource: `ver/a.txt?versionId=${v1.VersionId}` }));
    expect(copy.CopySourceVersionId).toBe(v1.VersionId);
    expect(copy.VersionId).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(await text(await s3.send(new GetObjectCommand({ Bucket: 'ver', Key: 'b.txt' })))).toBe('one');

    // Tags belong to one version.
    await s3.send(new PutObjectTaggingCommand({ Bucket: 'ver', Key: 'a.txt', VersionId: v1.VersionId, Tagging: { TagSet: [{ Key: 'era', Value: 'old' }] } }));
    expect((await s3.send(new GetObjectTaggingCommand({ Bucket: 'ver', Key: 'a.txt', VersionId: v1.VersionId }))).TagSet).toEqual([{ Key: 'era', Value: 'old' }]);
    expect((await s3.send(new GetObjectTaggingCommand({ Bucket: 'ver', Key: 'a.txt' }))).TagSet).toEqual([]);
  });

  it('answers a delete with a delete marker, 404 on the key and 405 on the marker, and deletes versions for good', async () => {
    const del = await s3.send(new DeleteObjectCommand({ Bucket: 'ver', Key: 'a.txt' }));
    expect(del.DeleteMarker).toBe(true);
    expect(del.VersionId).toMatch(/^[A-Za-z0-9_-]{32}$/);
    const missing = await raw('GET', '/ver/a.txt');
    expect(missing.status).toBe(404);
    expect(missing.headers['x-amz-delete-marker']).toBe('true');
    expect(missing.headers['x-amz-version-id']).toBe(del.VersionId);
    const onMarker = await raw('GET', '/ver/a.txt', { versionId: del.VersionId! });
    expect(onMarker.status).toBe(405);
    expect(onMarker.headers['x-amz-delete-marker']).toBe('true');
    expect((await s3.send(new ListObjectsV2Command({ Bucket: 'ver' }))).Contents?.map((o) => o.Key)).toEqual(['b.txt']);

    const versions = await s3.send(new ListObjectVersionsCommand({ Bucket: 'ver', Prefix: 'a' }));
    expect(versions.DeleteMarkers).toEqual([expect.objectContaining({ Key: 'a.txt', VersionId: del.VersionId, IsLatest: true })]);
    expect(versions.Versions?.map((v) => [v.Size, v.IsLatest])).toEqual([[3, false], [3, false], [11, false]]);
    const [two, one, nul] = versions.Versions!;
    expect(nul!.VersionId).toBe('null');

    // Removing the marker brings the newest object back as the latest.
    const undelete = await s3.send(new DeleteObjectCommand({ Bucket: 'ver', Key: 'a.txt', VersionId: del.VersionId }));
    expect(undelete).toMatchObject({ DeleteMarker: true, VersionId: del.VersionId });
    expect(await text(await s3.send(new GetObjectCommand({ Bucket: 'ver', Key: 'a.txt' })))).toBe('two');
    // Deleting the latest version by id makes the one before it latest.
    await s3.send(new DeleteObjectCommand({ Bucket: 'ver', Key: 'a.txt', VersionId: two!.VersionId }));
    const now = await s3.send(new GetObjectCommand({ Bucket: 'ver', Key: 'a.txt' }));
    expect(now.VersionId).toBe(one!.VersionId);
    expect(await text(now)).toBe('one');

    const batch = await s3.send(new DeleteObjectsCommand({ Bucket: 'ver', Delete: { Objects: [{ Key: 'a.txt', VersionId: one!.VersionId }, { Key: 'b.txt' }] } }));
    expect(batch.Deleted).toEqual(expect.arrayContaining([{ Key: 'a.txt', VersionId: one!.VersionId }, expect.objectContaining({ Key: 'b.txt', DeleteMarker: true, DeleteMarkerVersionId: expect.any(String) })]));
    expect(await text(await s3.send(new GetObjectCommand({ Bucket: 'ver', Key: 'a.txt' })))).toBe('unversioned');
    await expect(s3.send(new DeleteBucketCommand({ Bucket: 'ver' }))).rejects.toMatchObject({ name: 'BucketNotEmpty' });
  });

  it('lists versions page by page with key and version-id markers, newest first, rolling up common prefixes', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'pages' }));
    await s3.send(new PutBucketVersioningCommand({ Bucket: 'pages', VersioningConfiguration: { Status: 'Enabled' } }));
    const written: { key: string; id: string }[] = [];
    for (const key of ['k1', 'k2', 'dir/x', 'dir/y']) {
      for (let i = 0; i < 3; i++) written.push({ key, id: (await s3.send(new PutObjectCommand({ Bucket: 'pages', Key: key, Body: `${key}-${i}` }))).VersionId! });
    }
    await s3.send(new DeleteObjectCommand({ Bucket: 'pages', Key: 'k2' }));
    const seen: string[] = [];
    let keyMarker: string | undefined;
    let versionIdMarker: string | undefined;
    for (let pages = 0; pages < 20; pages++) {
      const page = await s3.send(new ListObjectVersionsCommand({ Bucket: 'pages', MaxKeys: 2, KeyMarker: keyMarker, VersionIdMarker: versionIdMarker }));
      const entries = [...(page.Versions ?? []), ...(page.DeleteMarkers ?? [])].map((v) => `${v.Key}:${v.VersionId}`);
      expect(entries.length).toBeLessThanOrEqual(2);
      seen.push(...entries);
      if (!page.IsTruncated) break;
      keyMarker = page.NextKeyMarker;
      versionIdMarker = page.NextVersionIdMarker;
    }
    const newestFirst = (key: string) => written.filter((w) => w.key === key).map((w) => `${key}:${w.id}`).reverse();
    expect(seen.filter((s) => !s.startsWith('k2:'))).toEqual([...newestFirst('dir/x'), ...newestFirst('dir/y'), ...newestFirst('k1')]);
    expect(seen.filter((s) => s.startsWith('k2:'))).toHaveLength(4);

    const rolled = await s3.send(new ListObjectVersionsCommand({ Bucket: 'pages', Delimiter: '/' }));
    expect(rolled.CommonPrefixes).toEqual([{ Prefix: 'dir/' }]);
    expect(rolled.Versions?.every((v) => !v.Key!.includes('/'))).toBe(true);
    await expect(s3.send(new ListObjectVersionsCommand({ Bucket: 'pages', VersionIdMarker: written[0]!.id }))).rejects.toMatchObject({ name: 'InvalidArgument' });
  });

  it('writes null versions while suspended, replacing the previous null version', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'susp' }));
    await s3.send(new PutBucketVersioningCommand({ Bucket: 'susp', VersioningConfiguration: { Status: 'Enabled' } }));
    const kept = await s3.send(new PutObjectCommand({ Bucket: 'susp', Key: 'k', Body: 'kept' }));
    await s3.send(new PutBucketVersioningCommand({ Bucket: 'susp', VersioningConfiguration: { Status: 'Suspended' } }));
    await s3.send(new PutObjectCommand({ Bucket: 'susp', Key: 'k', Body: 'null-1' }));
    await s3.send(new PutObjectCommand({ Bucket: 'susp', Key: 'k', Body: 'null-2' }));
    const head = await s3.send(new HeadObjectCommand({ Bucket: 'susp', Key: 'k' }));
    expect(head.VersionId).toBe('null');
    const listed = await s3.send(new ListObjectVersionsCommand({ Bucket: 'susp' }));
    expect(listed.Versions?.map((v) => v.VersionId)).toEqual(['null', kept.VersionId]);
    const marker = await s3.send(new DeleteObjectCommand({ Bucket: 'susp', Key: 'k' }));
    expect(marker).toMatchObject({ DeleteMarker: true, VersionId: 'null' });
    const after = await s3.send(new ListObjectVersionsCommand({ Bucket: 'susp' }));
    expect(after.Versions?.map((v) => v.VersionId)).toEqual([kept.VersionId]);
    expect(after.DeleteMarkers?.map((v) => v.VersionId)).toEqual(['null']);
  });

  it('refuses MFA Delete rather than storing it', async () => {
    await expect(s3.send(new PutBucketVersioningCommand({ Bucket: 'susp', VersioningConfiguration: { Status: 'Enabled', MFADelete: 'Enabled' } }))).rejects.toMatchObject({ name: 'NotImplemented' });
  });
});

describe.skipIf(!awsCliAvailable)('versioning from the aws CLI', () => {
  it('put-bucket-versioning, put-object twice, list-object-versions newest first', { timeout: 120_000 }, async () => {
    const env = server.cliEnv();
    const run = async (...args: string[]) => {
      const r = await aws(env, args);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
      return r;
    };
    await run('s3api', 'create-bucket', '--bucket', 'cli-ver');
    await run('s3api', 'put-bucket-versioning', '--bucket', 'cli-ver', '--versioning-configuration', 'Status=Enabled');
    const first = await run('s3api', 'put-object', '--bucket', 'cli-ver', '--key', 'k', '--body', '/etc/hostname');
    const second = await run('s3api', 'put-object', '--bucket', 'cli-ver', '--key', 'k', '--body', '/etc/hostname');
    const listed = await run('s3api', 'list-object-versions', '--bucket', 'cli-ver');
    expect(listed.json.Versions.map((v: { VersionId: string }) => v.VersionId)).toEqual([second.json.VersionId, first.json.VersionId]);
    expect(listed.json.Versions.map((v: { IsLatest: boolean }) => v.IsLatest)).toEqual([true, false]);
  });
});

describe('a classification job over a versioned bucket', () => {
  it('reports the latest version id and none of an older version’s data', async () => {
    const macie = new Macie2Client(server.clientConfig());
    await macie.send(new EnableMacieCommand({}));
    await s3.send(new CreateBucketCommand({ Bucket: 'ver-scan' }));
    await s3.send(new PutBucketVersioningCommand({ Bucket: 'ver-scan', VersioningConfiguration: { Status: 'Enabled' } }));
    // The older version holds four card numbers, the latest one: the finding counts the latest's only.
    await s3.send(new PutObjectCommand({ Bucket: 'ver-scan', Key: 'people.csv', Body: 'name,credit card number\nA,4556737586899855\nB,4539148803436467\nC,4916338506082832\nD,4024007198964305\n' }));
    const latest = await s3.send(new PutObjectCommand({ Bucket: 'ver-scan', Key: 'people.csv', Body: 'name,credit card number\nA,4556737586899855\n' }));
    const { jobId } = await macie.send(
      new CreateClassificationJobCommand({ name: 'versions', jobType: 'ONE_TIME', clientToken: 'versions', s3JobDefinition: { bucketDefinitions: [{ accountId: server.accountId, buckets: ['ver-scan'] }] } }),
    );
    const end = Date.now() + 60_000;
    while ((await macie.send(new DescribeClassificationJobCommand({ jobId }))).jobStatus !== 'COMPLETE') {
      if (Date.now() > end) throw new Error('job did not complete');
      await new Promise((r) => setTimeout(r, 50));
    }
    const ids = (await macie.send(new ListFindingsCommand({ findingCriteria: { criterion: { 'classificationDetails.jobId': { eq: [jobId!] } } } }))).findingIds ?? [];
    expect(ids.length).toBe(1);
    const [finding] = (await macie.send(new GetFindingsCommand({ findingIds: ids }))).findings!;
    expect(finding!.resourcesAffected?.s3Object?.versionId).toBe(latest.VersionId);
    expect(finding!.classificationDetails?.result?.sensitiveData?.flatMap((s) => s.detections ?? []).find((d) => d.type === 'CREDIT_CARD_NUMBER')?.count).toBe(1);
    // The inventory counts and sizes the latest version of each object, as Macie does.
    const [meta] = (await macie.send(new DescribeBucketsCommand({ criteria: { bucketName: { eq: ['ver-scan'] } } }))).buckets!;
    expect(meta).toMatchObject({ versioning: true, objectCount: 1, sizeInBytes: 'name,credit card number\nA,4556737586899855\n'.length });
  });
});
