// Trails as stored (ct_trails): configuration, logging state, GetTrailStatus' times and errors, and the delivery
// state the delivery loop owns (cursors over audit_events and the delivery in flight).
import type { Kysely } from 'kysely';
import type { AdvancedEventSelector, EventSelector } from '../models/cloudtrail/index.js';
import type { Database } from '../store/index.js';
import { swapColumn } from '../store/index.js';

export interface TrailConfig {
  s3BucketName: string;
  s3KeyPrefix?: string;
  includeGlobalServiceEvents: boolean;
  isMultiRegionTrail: boolean;
  logFileValidation: boolean;
  cloudWatchLogsLogGroupArn?: string;
  cloudWatchLogsRoleArn?: string;
  eventSelectors?: EventSelector[];
  advancedEventSelectors?: AdvancedEventSelector[];
  tags: { Key: string; Value?: string }[];
}

/** Epoch ms times and AWS-worded errors, as GetTrailStatus reports them. */
export interface TrailStatus {
  startLoggingTime?: number;
  stopLoggingTime?: number;
  /** Last audit sequence to deliver once logging stopped. */
  stopSeq?: number;
  latestDeliveryTime?: number;
  latestDeliveryAttemptTime?: number;
  latestDeliveryError?: string;
  latestDigestDeliveryTime?: number;
  latestDigestDeliveryError?: string;
  latestCloudWatchLogsDeliveryTime?: number;
  latestCloudWatchLogsDeliveryError?: string;
}

export interface TrailRecord {
  arn: string;
  accountId: string;
  homeRegion: string;
  name: string;
  config: TrailConfig;
  isLogging: boolean;
  createdAt: number;
  status: TrailStatus;
  deliveredSeq: number;
  cwlSeq: number;
  intent: string | null;
}

type Row = Database['ct_trails'];

function fromRow(r: Row): TrailRecord {
  return {
    arn: r.trail_arn,
    accountId: r.account_id,
    homeRegion: r.home_region,
    name: r.name,
    config: JSON.parse(r.config) as TrailConfig,
    isLogging: Number(r.is_logging) === 1,
    createdAt: Number(r.created_at),
    status: JSON.parse(r.status) as TrailStatus,
    deliveredSeq: Number(r.delivered_seq),
    cwlSeq: Number(r.cwl_seq),
    intent: r.intent,
  };
}

export const trailArn = (region: string, accountId: string, name: string) => `arn:aws:cloudtrail:${region}:${accountId}:trail/${name}`;

export class TrailsRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(t: { accountId: string; homeRegion: string; name: string; config: TrailConfig; createdAt: number }): Promise<TrailRecord> {
    const row: Row = {
      trail_arn: trailArn(t.homeRegion, t.accountId, t.name),
      account_id: t.accountId,
      home_region: t.homeRegion,
      name: t.name,
      config: JSON.stringify(t.config),
      is_logging: 0,
      created_at: t.createdAt,
      status: '{}',
      delivered_seq: 0,
      cwl_seq: 0,
      intent: null,
    };
    await this.db.insertInto('ct_trails').values(row).execute();
    return fromRow(row);
  }

  async get(arn: string): Promise<TrailRecord | undefined> {
    const r = await this.db.selectFrom('ct_trails').selectAll().where('trail_arn', '=', arn).executeTakeFirst();
    return r ? fromRow(r) : undefined;
  }

  /** The account's trails: those homed in `region`, plus multi-region trails homed elsewhere when `withShadows`. */
  async list(accountId: string, region?: string, withShadows = true): Promise<TrailRecord[]> {
    const rows = await this.db.selectFrom('ct_trails').selectAll().where('account_id', '=', accountId).orderBy('name').execute();
    return rows.map(fromRow).filter((t) => !region || t.homeRegion === region || (withShadows && t.config.isMultiRegionTrail));
  }

  async countInRegion(accountId: string, region: string): Promise<number> {
    return (await this.list(accountId, region, false)).length;
  }

  /** Every trail that may have something to deliver. */
  async all(): Promise<TrailRecord[]> {
    return (await this.db.selectFrom('ct_trails').selectAll().execute()).map(fromRow);
  }

  /**
   * Applies `change` to the stored configuration without undoing a concurrent change (UpdateTrail, PutEventSelectors
   * and AddTags each change their own part; see swapColumn). False: the trail was deleted meanwhile.
   */
  async changeConfig(arn: string, change: (config: TrailConfig) => TrailConfig): Promise<boolean> {
    return swapColumn(this.db, 'ct_trails', 'config', { trail_arn: arn }, (text) => JSON.stringify(change(JSON.parse(text!) as TrailConfig)));
  }

  async patchStatus(arn: string, patch: Partial<TrailStatus>): Promise<void> {
    // A compare-and-swap, not a transaction: under PostgreSQL's read committed two transactions could both read the
    // old status and the second write would undo the first's patch.
    await swapColumn(this.db, 'ct_trails', 'status', { trail_arn: arn }, (text) => {
      const next = { ...(JSON.parse(text!) as TrailStatus), ...patch };
      for (const [k, v] of Object.entries(patch)) if (v === undefined) delete (next as Record<string, unknown>)[k];
      return JSON.stringify(next);
    });
  }

  /** StartLogging: delivery starts after `fromSeq`; a new digest chain starts at `at` in the home region. */
  async startLogging(arn: string, at: number, fromSeq: number, homeRegion: string): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      const r = await tx.selectFrom('ct_trails').select(['status', 'is_logging', 'delivered_seq']).where('trail_arn', '=', arn).executeTakeFirst();
      if (!r || Number(r.is_logging) === 1) return;
      const status = JSON.parse(r.status) as TrailStatus;
      delete status.stopSeq;
      status.startLoggingTime = at;
      // Events before StartLogging are not delivered; those of a stop not yet delivered still are.
      const from = Math.max(Number(r.delivered_seq), fromSeq);
      await tx.updateTable('ct_trails').set({ is_logging: 1, status: JSON.stringify(status), delivered_seq: from, cwl_seq: from }).where('trail_arn', '=', arn).execute();
      await tx.deleteFrom('ct_digests').where('trail_arn', '=', arn).execute();
      await tx.insertInto('ct_digests').values({ trail_arn: arn, region: homeRegion, end_time: at, bucket: null, object_key: null, sha256: null, signature: null, pending_end: null }).execute();
    });
  }

  async stopLogging(arn: string, at: number, stopSeq: number): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      const r = await tx.selectFrom('ct_trails').select(['status', 'is_logging']).where('trail_arn', '=', arn).executeTakeFirst();
      if (!r || Number(r.is_logging) === 0) return;
      const status = { ...(JSON.parse(r.status) as TrailStatus), stopLoggingTime: at, stopSeq };
      await tx.updateTable('ct_trails').set({ is_logging: 0, status: JSON.stringify(status) }).where('trail_arn', '=', arn).execute();
    });
  }

  async delete(arn: string): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      await tx.deleteFrom('ct_trails').where('trail_arn', '=', arn).execute();
      await tx.deleteFrom('ct_log_files').where('trail_arn', '=', arn).execute();
      await tx.deleteFrom('ct_digests').where('trail_arn', '=', arn).execute();
    });
  }
}

/** The newest audit sequence stored (0 when none). */
export async function lastAuditSeq(db: Kysely<Database>): Promise<number> {
  const r = await db.selectFrom('audit_events').select((eb) => eb.fn.max('seq').as('m')).executeTakeFirst();
  return Number(r?.m ?? 0);
}
