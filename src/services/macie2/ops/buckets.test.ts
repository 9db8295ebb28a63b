import { describe, expect, it } from 'vitest';
import type { RequestContext } from '../../../common/index.js';
import { ACCOUNT, csvWithCards, jobsFixture, REGION, SCOPE } from '../../../jobs/test-support.js';
import { errors } from '../../../models/macie2/index.js';
import { bucketOps } from './buckets.js';

const ctx = { accountId: ACCOUNT, region: REGION } as unknown as RequestContext;

describe('bucketOps over a real store, embedded objects and a real job', () => {
  it('describes, filters, sorts, pages, totals and searches the account’s buckets', async () => {
    const f = await jobsFixture();
    try {
      await f.bucket('alpha');
      await f.bucket('beta');
      await f.bucket('gamma');
      for (let i = 0; i < 3; i++) await f.put('alpha', `users-${i}.csv`, csvWithCards(4, i));
      await f.put('beta', 'a.txt', 'hello world\n');
      await f.put('beta', 'image.bmp', 'BM....');
      await f.storage.embedded.setBucketField('beta', 'public_access_block', null); // as DeletePublicAccessBlock: new buckets block public access
      await f.storage.embedded.setBucketField('beta', 'acl', 'public-read');
      await f.storage.embedded.setBucketField('gamma', 'tags', JSON.stringify([{ Key: 'team', Value: 'data' }]));
      f.jobs.start();
      const { jobId } = await f.jobs.create(SCOPE, { clientToken: 't', jobType: 'ONE_TIME', name: 'scan alpha', s3JobDefinition: { bucketDefinitions: [{ accountId: ACCOUNT, buckets: ['alpha'] }] } });
      await f.jobs.settle();
      const ops = bucketOps({ storage: f.storage, db: f.store.db, clock: f.clock, inventoryTtlMs: 0 });

      const all = await ops.describeBuckets(ctx, {});
      expect(all.buckets?.map((b) => b.bucketName)).toEqual(['alpha', 'beta', 'gamma']);
      expect(all.nextToken).toBeUndefined();
      const alpha = all.buckets![0]!;
      expect(alpha).toMatchObject({ objectCount: 3, classifiableObjectCount: 3, jobDetails: { isDefinedInJob: 'TRUE', isMonitoredByJob: 'FALSE', lastJobId: jobId } });
      expect(alpha.jobDetails?.lastJobRunTime).toBeInstanceOf(Date);
      expect(all.buckets![1]).toMatchObject({ publicAccess: { effectivePermission: 'PUBLIC' }, unclassifiableObjectCount: { fileType: 1, total: 1 }, jobDetails: { isDefinedInJob: 'FALSE' } });

      const pub = await ops.describeBuckets(ctx, { criteria: { 'publicAccess.effectivePermission': { eq: ['PUBLIC'] } } });
      expect(pub.buckets?.map((b) => b.bucketName)).toEqual(['beta']);
      const big = await ops.describeBuckets(ctx, { criteria: { classifiableObjectCount: { gte: 1 } }, sortCriteria: { attributeName: 'objectCount', orderBy: 'DESC' } });
      expect(big.buckets?.map((b) => b.bucketName)).toEqual(['alpha', 'beta']);
      const first = await ops.describeBuckets(ctx, { maxResults: 2 });
      expect(first.buckets?.map((b) => b.bucketName)).toEqual(['alpha', 'beta']);
      const second = await ops.describeBuckets(ctx, { maxResults: 2, nextToken: first.nextToken });
      expect(second.buckets?.map((b) => b.bucketName)).toEqual(['gamma']);
      await expect(ops.describeBuckets(ctx, { criteria: { color: { eq: ['red'] } } })).rejects.toBeInstanceOf(errors.ValidationException);
      await expect(ops.describeBuckets(ctx, { sortCriteria: { attributeName: 'color' } })).rejects.toBeInstanceOf(errors.ValidationException);

      const stats = await ops.getBucketStatistics(ctx, {});
      expect(stats).toMatchObject({
        bucketCount: 3, objectCount: 5, classifiableObjectCount: 4,
        bucketCountByEffectivePermission: { publiclyAccessible: 1, publiclyReadable: 1, publiclyWritable: 0, unknown: 0 },
        bucketCountByEncryptionType: { s3Managed: 3 }, bucketCountBySharedAccessType: { notShared: 3 },
        unclassifiableObjectCount: { fileType: 1, storageClass: 0, total: 1 },
      });
      expect(stats.sizeInBytes).toBe(all.buckets!.reduce((s, b) => s + b.sizeInBytes!, 0));

      const found = await ops.searchResources(ctx, {
        bucketCriteria: { includes: { and: [{ tagCriterion: { comparator: 'EQ', tagValues: [{ key: 'team', value: 'data' }] } }] } },
      });
      expect(found.matchingResources?.map((r) => r.matchingBucket?.bucketName)).toEqual(['gamma']);
      expect(found.matchingResources?.[0]?.matchingBucket).not.toHaveProperty('publicAccess');
      const sorted = await ops.searchResources(ctx, { sortCriteria: { attributeName: 'S3_CLASSIFIABLE_OBJECT_COUNT', orderBy: 'DESC' } });
      expect(sorted.matchingResources?.map((r) => r.matchingBucket?.bucketName)).toEqual(['alpha', 'beta', 'gamma']);
    } finally {
      await f.close();
    }
  });
});
