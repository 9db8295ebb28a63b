// Automated discovery's view of each bucket in the inventory (issue 16): automatedDiscoveryMonitoringStatus,
// sensitivityScore and lastAutomatedDiscoveryTime, and ACCESS_DENIED when discovery couldn't read the bucket. Laid
// over the (cached) inventory on every call, so an override or a suppression shows at once.
//   - A bucket is MONITORED while discovery is enabled for the account that runs it (the owner's Macie
//     administrator, else the owner), for the owner (an administrator's member statuses), and the bucket isn't
//     excluded by that account's classification scope.
//   - The score is the bucket's profile's; a bucket discovery hasn't looked at yet scores 50 (1 when empty) once
//     discovery was ever enabled. After discovery is disabled scores are kept 30 days, then reset to 50 (1 when empty).
//   - No score at all while discovery was never enabled.
import type { Kysely } from 'kysely';
import { excludedBuckets, findConfig, memberStatuses, type AutomatedConfig } from '../../../jobs/index.js';
import type { BucketMetadata } from '../../../models/macie2/index.js';
import type { Database } from '../../../store/index.js';

/** How long scores are kept after discovery is disabled (F.8). */
export const SCORES_KEPT_AFTER_DISABLE_MS = 30 * 86_400_000;

export interface SensitivityDeps {
  db: Kysely<Database>;
  /** The owner's current Macie administrator, if it is a member. */
  adminOf?: (accountId: string, region: string) => Promise<string | undefined>;
}

interface Runner {
  config?: AutomatedConfig;
  excluded: Set<string>;
  enabledForOwner: boolean;
}

export async function withSensitivity(deps: SensitivityDeps, region: string, nowMs: number, buckets: BucketMetadata[]): Promise<BucketMetadata[]> {
  const owners = [...new Set(buckets.map((b) => b.accountId!))];
  const runners = new Map<string, Runner>();
  for (const owner of owners) {
    const admin = (await deps.adminOf?.(owner, region)) ?? owner;
    const config = await findConfig(deps.db, admin, region);
    const excluded = new Set(config ? await excludedBuckets(deps.db, config.scopeId) : []);
    const enabledForOwner = admin === owner || (config ? (await memberStatuses(deps.db, admin, region, config.autoEnable, [owner])).get(owner) === 'ENABLED' : false);
    runners.set(owner, { ...(config ? { config } : {}), excluded, enabledForOwner });
  }
  const rows = owners.length
    ? await deps.db.selectFrom('macie_ad_buckets').selectAll().where('region', '=', region).where('account_id', 'in', owners).execute()
    : [];
  const profiles = new Map(rows.map((r) => [`${r.account_id}/${r.bucket}`, r]));
  return buckets.map((b) => {
    const r = runners.get(b.accountId!)!;
    const cfg = r.config;
    const profile = profiles.get(`${b.accountId}/${b.bucketName}`);
    const monitored = cfg?.status === 'ENABLED' && r.enabledForOwner && !r.excluded.has(b.bucketName!) && b.errorCode !== 'BUCKET_COUNT_EXCEEDS_QUOTA';
    const out: BucketMetadata = { ...b, automatedDiscoveryMonitoringStatus: monitored ? 'MONITORED' : 'NOT_MONITORED' };
    if (!cfg?.firstEnabledAt) return out;
    const empty = b.objectCount === 0;
    const expired = cfg.status === 'DISABLED' && cfg.disabledAt !== undefined && nowMs - cfg.disabledAt.getTime() > SCORES_KEPT_AFTER_DISABLE_MS;
    if (profile?.last_run_at !== null && profile?.last_run_at !== undefined) out.lastAutomatedDiscoveryTime = new Date(Number(profile.last_run_at));
    out.sensitivityScore = expired || !profile ? (empty ? 1 : 50) : Number(profile.score);
    if (profile?.error_code === 'ACCESS_DENIED' && !out.errorCode) {
      out.errorCode = 'ACCESS_DENIED';
      out.errorMessage = "Macie doesn't have permission to analyse objects in the bucket.";
    }
    return out;
  });
}
