// A bucket's sensitivity profile (GetResourceProfile, ListResourceProfileDetections, ListResourceProfileArtifacts)
// from the results of the objects automated discovery analysed in it, and the score kept in the bucket's row so
// DescribeBuckets reads it without aggregating. Every change to an object result, the override or the suppressed
// types goes through `recalculate`.
import type { Kysely } from 'kysely';
import type { Database } from '../../store/index.js';
import { sensitivityScore, type ScoreInputs } from './score.js';

type Db = Kysely<Database>;

/** One type found in an object: `MANAGED:<id>` or `CUSTOM:<id>` → occurrences. */
export interface StoredDetection {
  count: number;
  name: string;
  category: string;
}

export type StoredDetections = Record<string, StoredDetection>;

export interface BucketKey {
  accountId: string;
  region: string;
  bucket: string;
}

export interface ProfileStatistics {
  totalBytesClassified: number;
  totalDetections: number;
  totalDetectionsSuppressed: number;
  totalItemsClassified: number;
  totalItemsSensitive: number;
  totalItemsSkipped: number;
  totalItemsSkippedInvalidEncryption: number;
  totalItemsSkippedInvalidKms: number;
  totalItemsSkippedPermissionDenied: number;
}

export interface ProfileDetection {
  key: string;
  type: 'MANAGED' | 'CUSTOM';
  id: string;
  name: string;
  count: number;
  suppressed: boolean;
}

export interface BucketProfile {
  score: number;
  overridden: boolean;
  updatedAt: Date;
  lastRunAt?: Date;
  errorCode?: string;
  statistics: ProfileStatistics;
  detections: ProfileDetection[];
}

function categoryOf(c: string): ScoreInputs['types'][number]['category'] {
  if (c === 'CREDENTIALS') return 'CREDENTIALS';
  if (c === 'FINANCIAL_INFORMATION') return 'FINANCIAL';
  if (c === 'PERSONAL_INFORMATION') return 'PERSONAL';
  return 'CUSTOM';
}

export async function profileRow(db: Db, k: BucketKey) {
  return db.selectFrom('macie_ad_buckets').selectAll().where('account_id', '=', k.accountId).where('region', '=', k.region).where('bucket', '=', k.bucket).executeTakeFirst();
}

/** Statistics, detections and score from the bucket's object results and its row. */
export async function computeProfile(db: Db, k: BucketKey): Promise<BucketProfile | undefined> {
  const row = await profileRow(db, k);
  if (!row) return undefined;
  const suppressed = new Set(JSON.parse(row.suppressed) as string[]);
  const objects = await db
    .selectFrom('macie_ad_objects')
    .select(['status', 'reason', 'bytes_classified', 'detections'])
    .where('account_id', '=', k.accountId)
    .where('region', '=', k.region)
    .where('bucket', '=', k.bucket)
    .execute();
  const stats: ProfileStatistics = {
    totalBytesClassified: 0, totalDetections: 0, totalDetectionsSuppressed: 0, totalItemsClassified: 0, totalItemsSensitive: 0,
    totalItemsSkipped: 0, totalItemsSkippedInvalidEncryption: 0, totalItemsSkippedInvalidKms: 0, totalItemsSkippedPermissionDenied: 0,
  };
  const types = new Map<string, ProfileDetection & { category: string }>();
  for (const o of objects) {
    if (o.status === 'SKIPPED') {
      stats.totalItemsSkipped++;
      if (o.reason === 'INVALID_ENCRYPTION') stats.totalItemsSkippedInvalidEncryption++;
      else if (o.reason === 'INVALID_KMS_KEY') stats.totalItemsSkippedInvalidKms++;
      else if (o.reason === 'PERMISSION_DENIED') stats.totalItemsSkippedPermissionDenied++;
      continue;
    }
    stats.totalItemsClassified++;
    stats.totalBytesClassified += Number(o.bytes_classified);
    let sensitive = false;
    for (const [key, d] of Object.entries(JSON.parse(o.detections) as StoredDetections)) {
      const isSuppressed = suppressed.has(key);
      if (isSuppressed) stats.totalDetectionsSuppressed += d.count;
      else {
        stats.totalDetections += d.count;
        sensitive = true;
      }
      const t = types.get(key);
      if (t) t.count += d.count;
      else {
        const [type, ...rest] = key.split(':');
        types.set(key, { key, type: type === 'CUSTOM' ? 'CUSTOM' : 'MANAGED', id: rest.join(':'), name: d.name, count: d.count, suppressed: isSuppressed, category: d.category });
      }
    }
    if (sensitive) stats.totalItemsSensitive++;
  }
  const detections = [...types.values()].sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : 1));
  const score = sensitivityScore({
    override: row.score_override,
    accessDenied: row.error_code === 'ACCESS_DENIED',
    nonEmptyObjects: Number(row.non_empty_objects),
    classifiableBytes: Number(row.classifiable_bytes),
    analysed: stats.totalItemsClassified,
    skipped: stats.totalItemsSkipped,
    bytesClassified: stats.totalBytesClassified,
    sensitiveObjects: stats.totalItemsSensitive,
    types: detections.filter((d) => !d.suppressed).map((d) => ({ count: d.count, category: categoryOf(d.category) })),
  });
  return {
    score,
    overridden: row.score_override === 100,
    updatedAt: new Date(Number(row.profile_updated_at)),
    ...(row.last_run_at !== null ? { lastRunAt: new Date(Number(row.last_run_at)) } : {}),
    ...(row.error_code ? { errorCode: row.error_code } : {}),
    statistics: stats,
    detections: detections.map(({ category: _c, ...d }) => d),
  };
}

/** Recomputes the bucket's score and stores it (with the time the profile changed). */
export async function recalculate(db: Db, k: BucketKey, nowMs: number): Promise<number | undefined> {
  const p = await computeProfile(db, k);
  if (!p) return undefined;
  await db
    .updateTable('macie_ad_buckets')
    .set({ score: p.score, profile_updated_at: nowMs })
    .where('account_id', '=', k.accountId)
    .where('region', '=', k.region)
    .where('bucket', '=', k.bucket)
    .execute();
  return p.score;
}

/** The row a bucket gets the first time discovery looks at it: not analysed yet (50). */
export async function ensureProfile(db: Db, k: BucketKey, nowMs: number): Promise<void> {
  const found = await profileRow(db, k);
  if (found) return;
  await db
    .insertInto('macie_ad_buckets')
    .values({
      account_id: k.accountId, region: k.region, bucket: k.bucket, classifiable_objects: 0, classifiable_bytes: 0, non_empty_objects: -1,
      error_code: null, last_run_at: null, score: 50, score_override: null, suppressed: '[]', profile_updated_at: nowMs,
    })
    .onConflict((oc) => oc.columns(['account_id', 'region', 'bucket']).doNothing())
    .execute();
}
