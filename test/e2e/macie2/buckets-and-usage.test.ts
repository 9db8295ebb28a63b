// Issue 6 parts 5 and 6 (read side), end to end with the real Macie2 and S3 SDK clients: the S3 inventory
// (DescribeBuckets with criteria, sort and pages; GetBucketStatistics; SearchResources) computed from buckets made
// through S3, one of them public-read, and usage (GetUsageTotals, GetUsageStatistics) before and after a job.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CreateClassificationJobCommand, DescribeBucketsCommand, DescribeClassificationJobCommand, EnableMacieCommand, GetBucketStatisticsCommand,
  GetUsageStatisticsCommand, GetUsageTotalsCommand, Macie2Client, SearchResourcesCommand, type JobStatus,
} from '@aws-sdk/client-macie2';
import { CreateBucketCommand, DeletePublicAccessBlockCommand, PutBucketAclCommand, PutBucketTaggingCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { startServer, type TestServer } from '../harness.js';

let server: TestServer;
let macie: Macie2Client;
let s3: S3Client;

beforeAll(async () => {
  server = await startServer();
  macie = new Macie2Client(server.clientConfig());
  s3 = new S3Client(server.clientConfig());
  await macie.send(new EnableMacieCommand({}));
});
afterAll(async () => {
  await server?.close();
});

const CARDS = ['4556737586899855', '4539148803436467', '4916338506082832'];
const csv = (n: number) => ['name,credit card number', ...Array.from({ length: n }, (_, i) => `Person ${i},${CARDS[i % CARDS.length]}`)].join('\n') + '\n';

async function waitFor(jobId: string, statuses: JobStatus[], timeoutMs = 60_000) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const d = await macie.send(new DescribeClassificationJobCommand({ jobId }));
    if (statuses.includes(d.jobStatus!)) return d;
    if (Date.now() > end) throw new Error(`job ${jobId} still ${d.jobStatus}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('Macie S3 inventory and usage through the SDK', () => {
  it('describes buckets made through S3, totals them, searches them, and reports usage after a job', async () => {
    const files: Record<string, Record<string, string>> = {
      'inv-exports': { 'users.csv': csv(10), 'orders.json': JSON.stringify({ card: CARDS[0] }), 'logo.png': 'PNG' },
      'inv-public': { 'index.html': '<html>hello</html>' },
      'inv-empty': {},
    };
    await s3.send(new CreateBucketCommand({ Bucket: 'inv-exports' }));
    // New buckets block public access and disable ACLs (S3 since April 2023): a public-read bucket is made in S3's
    // documented steps (ACLs enabled at creation, the block lifted, then the ACL).
    await s3.send(new CreateBucketCommand({ Bucket: 'inv-public', ObjectOwnership: 'ObjectWriter' }));
    await s3.send(new DeletePublicAccessBlockCommand({ Bucket: 'inv-public' }));
    await s3.send(new PutBucketAclCommand({ Bucket: 'inv-public', ACL: 'public-read' }));
    await s3.send(new CreateBucketCommand({ Bucket: 'inv-empty' }));
    await s3.send(new PutBucketTaggingCommand({ Bucket: 'inv-empty', Tagging: { TagSet: [{ Key: 'team', Value: 'data' }] } }));
    for (const [bucket, objects] of Object.entries(files)) {
      for (const [key, body] of Object.entries(objects)) await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
    }

    const all = await macie.send(new DescribeBucketsCommand({}));
    expect(all.buckets?.map((b) => b.bucketName)).toEqual(['inv-empty', 'inv-exports', 'inv-public']);
    const exportsBucket = all.buckets!.find((b) => b.bucketName === 'inv-exports')!;
    const sizeOf = (o: Record<string, string>) => Object.values(o).reduce((s, v) => s + Buffer.byteLength(v), 0);
    expect(exportsBucket).toMatchObject({
      accountId: server.accountId, region: server.region, bucketArn: 'arn:aws:s3:::inv-exports',
      objectCount: 3, sizeInBytes: sizeOf(files['inv-exports']!), classifiableObjectCount: 2,
      unclassifiableObjectCount: { fileType: 1, storageClass: 0, total: 1 },
      publicAccess: { effectivePermission: 'NOT_PUBLIC' }, serverSideEncryption: { type: 'AES256' },
      jobDetails: { isDefinedInJob: 'FALSE' },
    });
    expect(exportsBucket.bucketCreatedAt).toBeInstanceOf(Date);

    const pub = await macie.send(new DescribeBucketsCommand({ criteria: { 'publicAccess.effectivePermission': { eq: ['PUBLIC'] } } }));
    expect(pub.buckets?.map((b) => b.bucketName)).toEqual(['inv-public']);
    expect(pub.buckets?.[0]?.publicAccess?.permissionConfiguration?.bucketLevelPermissions?.accessControlList?.allowsPublicReadAccess).toBe(true);
    const sorted = await macie.send(new DescribeBucketsCommand({ criteria: { bucketName: { prefix: 'inv-' } }, sortCriteria: { attributeName: 'objectCount', orderBy: 'DESC' }, maxResults: 2 }));
    expect(sorted.buckets?.map((b) => b.bucketName)).toEqual(['inv-exports', 'inv-public']);
    const rest = await macie.send(new DescribeBucketsCommand({ criteria: { bucketName: { prefix: 'inv-' } }, sortCriteria: { attributeName: 'objectCount', orderBy: 'DESC' }, maxResults: 2, nextToken: sorted.nextToken }));
    expect(rest.buckets?.map((b) => b.bucketName)).toEqual(['inv-empty']);
    await expect(macie.send(new DescribeBucketsCommand({ criteria: { colour: { eq: ['red'] } } }))).rejects.toMatchObject({ name: 'ValidationException' });

    const stats = await macie.send(new GetBucketStatisticsCommand({}));
    expect(stats).toMatchObject({
      bucketCount: 3, objectCount: 4, classifiableObjectCount: 3,
      bucketCountByEffectivePermission: { publiclyAccessible: 1, publiclyReadable: 1, publiclyWritable: 0 },
      bucketCountByEncryptionType: { s3Managed: 3 },
    });

    const tagged = await macie.send(new SearchResourcesCommand({ bucketCriteria: { includes: { and: [{ tagCriterion: { comparator: 'EQ', tagValues: [{ key: 'team', value: 'data' }] } }] } } }));
    expect(tagged.matchingResources?.map((r) => r.matchingBucket?.bucketName)).toEqual(['inv-empty']);

    const totalsBefore = await macie.send(new GetUsageTotalsCommand({ timeRange: 'MONTH_TO_DATE' }));
    expect(totalsBefore.usageTotals?.map((t) => [t.type, t.currency, t.estimatedCost])).toEqual([
      ['DATA_INVENTORY_EVALUATION', 'USD', '0'], ['SENSITIVE_DATA_DISCOVERY', 'USD', '0'], ['AUTOMATED_SENSITIVE_DATA_DISCOVERY', 'USD', '0'], ['AUTOMATED_OBJECT_MONITORING', 'USD', '0'],
    ]);

    const { jobId } = await macie.send(new CreateClassificationJobCommand({
      clientToken: 'inventory-e2e', jobType: 'ONE_TIME', name: 'inventory e2e', s3JobDefinition: { bucketDefinitions: [{ accountId: server.accountId, buckets: ['inv-exports'] }] },
    }));
    await waitFor(jobId!, ['COMPLETE']);

    const usage = await macie.send(new GetUsageStatisticsCommand({ timeRange: 'MONTH_TO_DATE' }));
    expect(usage.timeRange).toBe('MONTH_TO_DATE');
    expect(usage.records?.map((r) => r.accountId)).toEqual([server.accountId]);
    expect(usage.records?.[0]?.usage?.find((u) => u.type === 'SENSITIVE_DATA_DISCOVERY')?.serviceLimit).toEqual({ isServiceLimited: false, unit: 'TERABYTES', value: 5 });
    const totalsAfter = await macie.send(new GetUsageTotalsCommand({ timeRange: 'PAST_30_DAYS' }));
    expect(totalsAfter.timeRange).toBe('PAST_30_DAYS');
    expect(totalsAfter.usageTotals).toHaveLength(4);
  });
});
