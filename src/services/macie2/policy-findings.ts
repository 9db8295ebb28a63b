// Policy findings: Macie watches the security and access control of the buckets of every account where it is enabled
// and raises Policy:IAMUser/* findings when a bucket becomes public, shared with another account, unencrypted by
// default, or loses its block public access settings. A condition that clears and comes back updates the same finding
// (count + 1, updatedAt), as Macie does; one that persists is not counted again. The last state seen per bucket is
// kept in the store, so restarts do not re-raise anything.
import type { Kysely } from 'kysely';
import type { Clock, IdSource, Logger } from '../../common/index.js';
import type { Finding, FindingType } from '../../models/macie2/index.js';
import type { Database, Store } from '../../store/index.js';
import type { BucketConfiguration, Storage } from '../../storage/index.js';
import { bucketAttributes } from '../../jobs/index.js';
import { FindingsStore, policySeverity } from '../../findings/index.js';
import type { Background } from '../types.js';
import { replicationDetailsOf } from './inventory/index.js';

type PolicyType = Extract<FindingType, `Policy:${string}`>;

/** The S3 API call that typically causes each condition (what the finding's apiCallDetails names). */
const CAUSE: Partial<Record<PolicyType, string>> = {
  'Policy:IAMUser/S3BucketPublic': 'PutBucketPolicy',
  'Policy:IAMUser/S3BucketSharedExternally': 'PutBucketPolicy',
  'Policy:IAMUser/S3BucketEncryptionDisabled': 'DeleteBucketEncryption',
  'Policy:IAMUser/S3BlockPublicAccessDisabled': 'DeletePublicAccessBlock',
  'Policy:IAMUser/S3BucketReplicatedExternally': 'PutBucketReplication',
};

/** Which policy conditions hold for a bucket's configuration right now (`organization`: the Macie organization's accounts). */
export function policyConditions(config: BucketConfiguration, organization: ReadonlySet<string> = new Set([config.ownerAccountId])): PolicyType[] {
  const attributes = bucketAttributes(config);
  const out: PolicyType[] = [];
  if (attributes.effectivePermission === 'PUBLIC') out.push('Policy:IAMUser/S3BucketPublic');
  if (attributes.sharedAccess === 'EXTERNAL') out.push('Policy:IAMUser/S3BucketSharedExternally');
  if (config.encryption.length === 0) out.push('Policy:IAMUser/S3BucketEncryptionDisabled');
  const block = config.publicAccessBlock;
  if (!block || !(block.BlockPublicAcls || block.IgnorePublicAcls || block.BlockPublicPolicy || block.RestrictPublicBuckets)) {
    out.push('Policy:IAMUser/S3BlockPublicAccessDisabled');
  }
  if (replicationDetailsOf(config, organization).replicatedExternally) out.push('Policy:IAMUser/S3BucketReplicatedExternally');
  return out;
}

function policyFinding(type: PolicyType, config: BucketConfiguration, now: Date): Finding {
  const block = config.publicAccessBlock;
  return {
    type,
    category: 'POLICY',
    severity: policySeverity(type),
    count: 1,
    createdAt: now,
    updatedAt: now,
    sample: false,
    archived: false,
    accountId: config.ownerAccountId,
    region: config.region,
    resourcesAffected: {
      s3Bucket: {
        name: config.name,
        arn: `arn:aws:s3:::${config.name}`,
        createdAt: config.createdAt,
        owner: { id: config.ownerAccountId },
        publicAccess: {
          effectivePermission: bucketAttributes(config).effectivePermission,
          permissionConfiguration: {
            bucketLevelPermissions: {
              blockPublicAccess: {
                blockPublicAcls: !!block?.BlockPublicAcls,
                blockPublicPolicy: !!block?.BlockPublicPolicy,
                ignorePublicAcls: !!block?.IgnorePublicAcls,
                restrictPublicBuckets: !!block?.RestrictPublicBuckets,
              },
            },
          },
        },
        defaultServerSideEncryption: config.encryption[0] ? { encryptionType: config.encryption[0].SSEAlgorithm, kmsMasterKeyId: config.encryption[0].KMSMasterKeyID } : { encryptionType: 'NONE' },
        tags: config.tags.map((t) => ({ key: t.Key, value: t.Value })),
      },
    },
    policyDetails: {
      action: { actionType: 'AWS_API_CALL', apiCallDetails: { api: CAUSE[type], apiServiceName: 's3.amazonaws.com', firstSeen: now, lastSeen: now } },
    },
  } as Finding;
}

export interface PolicyMonitorDeps {
  store: Store;
  storage: Storage;
  ids: IdSource;
  clock: Clock;
  logger?: Logger;
  /** The account's Macie organization (S3BucketReplicatedExternally); default the account alone. */
  organizationOf?: (accountId: string, region: string) => Promise<Set<string>>;
  /** Asked before each periodic pass: false when another process runs them (a lease, with several processes). */
  mayRun?: () => Promise<boolean>;
}

const STATE = 'macie-policy-state';

export class PolicyMonitor implements Background {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly deps: PolicyMonitorDeps,
    private readonly intervalMs = 60_000,
  ) {}

  start(): void {
    const pass = async () => {
      if (this.deps.mayRun && !(await this.deps.mayRun())) return;
      await this.evaluateAll();
    };
    this.timer ??= setInterval(() => void pass().catch((err) => this.deps.logger?.warn('policy findings pass failed', { error: String(err) })), this.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** One pass over every account and region where Macie is enabled. */
  evaluateAll(): Promise<void> {
    this.running ??= (async () => {
      try {
        const sessions = await this.deps.store.db.selectFrom('macie_sessions').select(['account_id', 'region']).where('status', '=', 'ENABLED').execute();
        for (const s of sessions) await this.evaluateAccount(s.account_id, s.region);
      } finally {
        this.running = undefined;
      }
    })();
    return this.running;
  }

  async evaluateAccount(accountId: string, region: string): Promise<void> {
    const db: Kysely<Database> = this.deps.store.db;
    const storage = await this.deps.storage.forAccount(accountId);
    const findings = new FindingsStore(db, this.deps.store.dialect, this.deps.ids);
    const organization = (await this.deps.organizationOf?.(accountId, region)) ?? new Set([accountId]);
    for (const bucket of await storage.listBuckets()) {
      if (bucket.region !== region) continue;
      let config: BucketConfiguration;
      try {
        config = await storage.getBucketConfiguration(bucket.name);
      } catch {
        continue; // deleted or unreadable since it was listed; the next pass sees it again
      }
      const key = `${accountId}/${region}/${bucket.name}`;
      const row = await db.selectFrom('kv').select('value').where('namespace', '=', STATE).where('key', '=', key).executeTakeFirst();
      const before = new Set<string>(row ? (JSON.parse(row.value) as string[]) : []);
      const now = policyConditions(config, organization);
      const now_ = this.deps.clock.now();
      for (const type of now) {
        if (!before.has(type)) await findings.record({ accountId, region, clock: this.deps.clock }, policyFinding(type, config, now_));
      }
      if (row && JSON.stringify([...before].sort()) === JSON.stringify([...now].sort())) continue;
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('kv').where('namespace', '=', STATE).where('key', '=', key).execute();
        await trx.insertInto('kv').values({ namespace: STATE, key, value: JSON.stringify(now) }).execute();
      });
    }
  }
}
