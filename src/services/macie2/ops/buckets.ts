// S3 inventory: DescribeBuckets, GetBucketStatistics and SearchResources. Mapping only; the logic lives in
// ../inventory (BucketMetadata computed from the storage layer, criteria, statistics).
import type { Kysely } from 'kysely';
import type { Clock } from '../../../common/index.js';
import { errors, type Macie2Api, type MatchingBucket, type BucketMetadata } from '../../../models/macie2/index.js';
import type { Storage } from '../../../storage/index.js';
import type { Database } from '../../../store/index.js';
import { BucketInventory, withSensitivity, bucketStatistics, compileBucketCriteria, compileSearchCriteria, CriteriaError, page, sortBuckets, sortSearchResults } from '../inventory/index.js';

export interface BucketOpsDeps {
  storage: Pick<Storage, 'forAccount'>;
  db: Kysely<Database>;
  clock: Clock;
  /** How long an account's computed inventory is reused (default 60 s). */
  inventoryTtlMs?: number;
  /** A Macie administrator's current members: their buckets join the administrator's inventory (Macie's rule). */
  memberAccounts?: (accountId: string, region: string) => Promise<string[]>;
  /** The account's Macie organization (replicatedExternally). */
  organizationOf?: (accountId: string, region: string) => Promise<Set<string>>;
  /** A member's current Macie administrator (whose automated discovery monitors the member's buckets). */
  adminOf?: (accountId: string, region: string) => Promise<string | undefined>;
}

function validated<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    throw err instanceof CriteriaError ? new errors.ValidationException(err.message) : err;
  }
}

const MATCHING_BUCKET_FIELDS = [
  'accountId', 'automatedDiscoveryMonitoringStatus', 'bucketName', 'classifiableObjectCount', 'classifiableSizeInBytes', 'errorCode', 'errorMessage',
  'jobDetails', 'lastAutomatedDiscoveryTime', 'objectCount', 'objectCountByEncryptionType', 'sensitivityScore', 'sizeInBytes', 'sizeInBytesCompressed',
  'unclassifiableObjectCount', 'unclassifiableObjectSizeInBytes',
] as const satisfies ReadonlyArray<keyof MatchingBucket & keyof BucketMetadata>;

/** SearchResources returns MatchingBucket, a subset of BucketMetadata (B.5). */
function toMatchingBucket(b: BucketMetadata): MatchingBucket {
  const out: Record<string, unknown> = {};
  for (const k of MATCHING_BUCKET_FIELDS) if (b[k] !== undefined) out[k] = b[k];
  return out as MatchingBucket;
}

export const bucketOps = (deps: BucketOpsDeps) => {
  const inventory = new BucketInventory({ storage: deps.storage, db: deps.db, clock: deps.clock, ttlMs: deps.inventoryTtlMs, ...(deps.organizationOf ? { organizationOf: deps.organizationOf } : {}) });
  const visibleBuckets = async (ctx: { accountId: string; region: string }) => {
    const accounts = [ctx.accountId, ...((await deps.memberAccounts?.(ctx.accountId, ctx.region)) ?? [])];
    const buckets = (await Promise.all(accounts.map((a) => inventory.buckets(a, ctx.region)))).flat();
    return withSensitivity({ db: deps.db, ...(deps.adminOf ? { adminOf: deps.adminOf } : {}) }, ctx.region, deps.clock.nowMs(), buckets);
  };
  return {
    async describeBuckets(ctx, { criteria, sortCriteria, maxResults, nextToken }) {
      const matches = validated(() => compileBucketCriteria(criteria));
      const all = await visibleBuckets(ctx);
      const selected = validated(() => sortBuckets(all.filter(matches), sortCriteria));
      const p = validated(() => page(selected, maxResults, nextToken));
      return { buckets: p.items, ...(p.nextToken ? { nextToken: p.nextToken } : {}) };
    },

    async getBucketStatistics(ctx, { accountId }) {
      const all = await visibleBuckets(ctx);
      const lastUpdated = all.reduce((d, b) => (b.lastUpdated && b.lastUpdated > d ? b.lastUpdated : d), new Date(0));
      return bucketStatistics(accountId ? all.filter((b) => b.accountId === accountId) : all, all.length ? lastUpdated : new Date(deps.clock.nowMs()));
    },

    async searchResources(ctx, { bucketCriteria, sortCriteria, maxResults, nextToken }) {
      const matches = compileSearchCriteria(bucketCriteria);
      const all = await visibleBuckets(ctx);
      const selected = validated(() => sortSearchResults(all.filter(matches), sortCriteria));
      const p = validated(() => page(selected, maxResults, nextToken));
      return { matchingResources: p.items.map((b) => ({ matchingBucket: toMatchingBucket(b) })), ...(p.nextToken ? { nextToken: p.nextToken } : {}) };
    },
  } satisfies Partial<Macie2Api>;
};
