// The account's S3 inventory as Macie reports it (DescribeBuckets, GetBucketStatistics, SearchResources): one
// BucketMetadata per bucket in the Region, computed from the storage layer and the jobs part's tables.
//
// Freshness: Macie refreshes its inventory from S3 daily, and on demand at most every five minutes (User Guide,
// "Refreshing your S3 inventory data"), so its figures may lag by hours. Sift lists every object of every bucket to
// compute them, so it keeps each account's result for `ttlMs` (default 60 s): fresher than Macie, and bounded.
import type { Kysely } from 'kysely';
import type { Clock } from '../../../common/index.js';
import type { BucketMetadata } from '../../../models/macie2/index.js';
import { allObjects, type Storage } from '../../../storage/index.js';
import type { Database } from '../../../store/index.js';
import { bucketAccessOf } from './bucket-access.js';
import { jobDetailsByBucket } from './job-details.js';
import { addObject, emptySummary } from './object-summary.js';
import { replicationDetailsOf } from './replication.js';

export const DEFAULT_INVENTORY_TTL_MS = 60_000;

/** Buckets Macie monitors per account (G); beyond it BucketMetadata carries BUCKET_COUNT_EXCEEDS_QUOTA. */
export const MONITORED_BUCKETS_QUOTA = 10_000;

export interface InventoryDeps {
  storage: Pick<Storage, 'forAccount'>;
  db: Kysely<Database>;
  clock: Clock;
  ttlMs?: number;
  /** The account's Macie organization (replicationDetails.replicatedExternally); default the account alone. */
  organizationOf?: (accountId: string, region: string) => Promise<Set<string>>;
}

export class BucketInventory {
  private readonly cache = new Map<string, { at: number; buckets: Promise<BucketMetadata[]> }>();

  constructor(private readonly deps: InventoryDeps) {}

  /** Every bucket the account owns in the Region, by name. */
  async buckets(accountId: string, region: string): Promise<BucketMetadata[]> {
    const key = `${accountId}/${region}`;
    const now = this.deps.clock.nowMs();
    const hit = this.cache.get(key);
    if (hit && now - hit.at < (this.deps.ttlMs ?? DEFAULT_INVENTORY_TTL_MS)) return hit.buckets;
    const buckets = this.compute(accountId, region, now);
    this.cache.set(key, { at: now, buckets });
    buckets.catch(() => this.cache.delete(key));
    return buckets;
  }

  private async compute(accountId: string, region: string, nowMs: number): Promise<BucketMetadata[]> {
    const storage = await this.deps.storage.forAccount(accountId);
    const infos = (await storage.listBuckets()).filter((b) => b.region === region).sort((a, b) => (a.name < b.name ? -1 : 1));
    const jobs = await jobDetailsByBucket(this.deps.db, accountId, region, infos.map((b) => b.name));
    const lastUpdated = new Date(nowMs);
    const organization = (await this.deps.organizationOf?.(accountId, region)) ?? new Set([accountId]);
    const out: BucketMetadata[] = [];
    for (const [i, info] of infos.entries()) {
      const base: BucketMetadata = {
        accountId, bucketName: info.name, bucketArn: `arn:aws:s3:::${info.name}`, region: info.region, bucketCreatedAt: info.createdAt, lastUpdated,
        automatedDiscoveryMonitoringStatus: 'NOT_MONITORED', jobDetails: jobs.get(info.name),
      };
      if (i >= MONITORED_BUCKETS_QUOTA) {
        out.push({ ...base, errorCode: 'BUCKET_COUNT_EXCEEDS_QUOTA', errorMessage: 'The bucket exceeds the quota for the number of buckets that Macie monitors.' });
        continue;
      }
      try {
        const config = await storage.getBucketConfiguration(info.name);
        const summary = emptySummary();
        for await (const o of allObjects(storage, info.name)) addObject(summary, o);
        out.push({
          ...base, ...summary, ...bucketAccessOf(config),
          versioning: config.versioning === 'Enabled',
          tags: config.tags.map((t) => ({ key: t.Key, value: t.Value })),
          replicationDetails: replicationDetailsOf(config, organization),
        });
      } catch {
        // Macie reports a bucket it cannot read with ACCESS_DENIED and no object statistics.
        out.push({ ...base, errorCode: 'ACCESS_DENIED', errorMessage: "Macie doesn't have permission to retrieve information about the bucket." });
      }
    }
    return out;
  }
}
