// Trail delivery: every `deliveryMs` (and when the server stops) each logging trail's newly recorded events that its
// selectors take are written to its bucket as CloudTrail log files, one per region; every `digestMs` a signed digest
// per trail and region lists the files delivered since the previous one; CloudWatch Logs groups get the events on
// every tick.
//
// Exactly once across kill -9: a trail's durable cursor (ct_trails.delivered_seq, over audit_events.seq) moves only
// after its files are written. Before writing, the delivery is recorded as an intent (sequence range, time, keys);
// object keys are derived from the trail, region and range, so a delivery redone after a crash rewrites the same
// objects with the same bytes instead of adding copies. The cursor, the intent and the delivered-file rows change in
// one transaction, conditional on the intent, so two processes cannot both commit it. Digests do the same with
// ct_digests.pending_end. CloudWatch Logs delivery is at least once (PutLogEvents has no idempotency key).
import type { Kysely } from 'kysely';
import type { Clock, Logger } from '../common/index.js';
import type { Database, Store } from '../store/index.js';
import { buildDigest, SIGNATURE_ALGORITHM } from './digest-file.js';
import { selectsEvent } from './event-selectors.js';
import { logFileBody, logFileKey, uniqueString } from './log-file.js';
import type { CloudTrailRecord } from './record.js';
import type { SigningKeys } from './signing-keys.js';
import { TrailsRepo, type TrailRecord, type TrailStatus } from './trails-repo.js';

/** Writes into a trail's bucket as `cloudtrail.amazonaws.com`; throws (with an S3 error code) when it may not. */
export interface TrailObjectWriter {
  put(trail: TrailRecord, bucket: string, key: string, body: Buffer, metadata?: Record<string, string>): Promise<void>;
}

/** Sends events to the trail's CloudWatch Logs group (stream `<account>_CloudTrail_<region>`) through its role. */
export interface TrailLogGroupSink {
  put(trail: TrailRecord, region: string, events: { timestamp: number; message: string }[]): Promise<void>;
}

export interface TrailDeliveryDeps {
  store: Store;
  clock: Clock;
  logger: Logger;
  keys: SigningKeys;
  writer: TrailObjectWriter;
  logGroups: TrailLogGroupSink;
  /** Makes every event recorded so far visible in audit_events. */
  flushAudit(): Promise<void>;
}

export interface TrailDeliveryOptions {
  deliveryMs: number;
  digestMs: number;
  /** How often (real time) the loop checks what is due on the injected clock. */
  tickMs?: number;
  /** Most events read per log file round. */
  batch?: number;
}

export interface TrailDelivery {
  start(): void;
  /** Stops the loop after delivering everything recorded (and digesting it). */
  stop(): Promise<void>;
  /** One round now: log files for every trail (due or not), log groups, due digests; `final` digests everything. */
  deliverNow(options?: { final?: boolean }): Promise<void>;
}

interface Intent {
  fromSeq: number;
  toSeq: number;
  at: number;
  bucket: string;
  files: { region: string; key: string }[];
}

interface EventRow {
  seq: number;
  region: string;
  eventTime: number;
  record: string;
}

/** Services whose events are global (delivered with IncludeGlobalServiceEvents). */
const GLOBAL_SOURCES = new Set(['iam.amazonaws.com']);

export function errorText(err: unknown): string {
  const e = err as { code?: string; name?: string; message?: string };
  return e?.code ?? (e?.name && e.name !== 'Error' ? e.name : undefined) ?? e?.message ?? String(err);
}

export function createTrailDelivery(deps: TrailDeliveryDeps, options: TrailDeliveryOptions): TrailDelivery {
  const { store, clock, logger, keys, writer } = deps;
  const db: Kysely<Database> = store.db;
  const repo = new TrailsRepo(db);
  const batch = options.batch ?? 5000;
  let nextLogsAt = 0;
  let timer: NodeJS.Timeout | undefined;
  let chain: Promise<void> = Promise.resolve();
  let stopped = false;

  async function readEvents(t: TrailRecord, after: number, upTo: number, limit?: number): Promise<EventRow[]> {
    let q = db
      .selectFrom('audit_events')
      .select(['seq', 'region', 'event_time', 'record'])
      .where('account_id', '=', t.accountId)
      .where('seq', '>', after)
      .where('seq', '<=', upTo)
      .orderBy('seq');
    if (limit) q = q.limit(limit);
    const rows = await q.execute();
    return rows.map((r) => ({ seq: Number(r.seq), region: r.region, eventTime: Number(r.event_time), record: r.record }));
  }

  /** The events a trail takes, by region. */
  function select(t: TrailRecord, rows: EventRow[]): Map<string, EventRow[]> {
    const out = new Map<string, EventRow[]>();
    for (const row of rows) {
      if (!t.config.isMultiRegionTrail && row.region !== t.homeRegion) continue;
      const record = JSON.parse(row.record) as CloudTrailRecord;
      if (!t.config.includeGlobalServiceEvents && GLOBAL_SOURCES.has(record.eventSource)) continue;
      if (!selectsEvent(t.config, record)) continue;
      const list = out.get(row.region) ?? [];
      list.push(row);
      out.set(row.region, list);
    }
    return out;
  }

  /** The last sequence a trail delivers: unbounded while logging, the stop point once stopped. */
  function capOf(t: TrailRecord): number {
    return t.isLogging ? Number.MAX_SAFE_INTEGER : (t.status.stopSeq ?? 0);
  }

  async function patch(t: TrailRecord, p: Partial<TrailStatus>): Promise<void> {
    await repo.patchStatus(t.arn, p);
  }

  async function deliverLogs(initial: TrailRecord): Promise<void> {
    let t = initial;
    for (;;) {
      let intent: Intent | undefined = t.intent ? (JSON.parse(t.intent) as Intent) : undefined;
      let groups: Map<string, EventRow[]>;
      let intentText = t.intent;
      if (!intent) {
        const cap = capOf(t);
        if (t.deliveredSeq >= cap) return;
        const rows = await readEvents(t, t.deliveredSeq, cap, batch);
        if (rows.length === 0) return;
        const toSeq = rows[rows.length - 1]!.seq;
        groups = select(t, rows);
        const at = clock.nowMs();
        const files = [...groups.keys()].sort().map((region) => ({
          region,
          key: logFileKey({ prefix: t.config.s3KeyPrefix, accountId: t.accountId, region, deliveredAt: new Date(at), unique: uniqueString(t.arn, region, String(toSeq)) }),
        }));
        intent = { fromSeq: t.deliveredSeq, toSeq, at, bucket: t.config.s3BucketName, files };
        intentText = JSON.stringify(intent);
        if (files.length === 0) {
          // Nothing selected in this range: move past it.
          const r = await db.updateTable('ct_trails').set({ delivered_seq: toSeq }).where('trail_arn', '=', t.arn).where('intent', 'is', null).where('delivered_seq', '=', t.deliveredSeq).executeTakeFirst();
          if (Number(r.numUpdatedRows) === 0) return;
          t = { ...t, deliveredSeq: toSeq };
          if (rows.length < batch) return;
          continue;
        }
        const claimed = await db.updateTable('ct_trails').set({ intent: intentText }).where('trail_arn', '=', t.arn).where('intent', 'is', null).where('delivered_seq', '=', t.deliveredSeq).executeTakeFirst();
        if (Number(claimed.numUpdatedRows) === 0) return; // another process is delivering this trail
        if (rows.length < batch) t = { ...t, intent: intentText };
      } else {
        // Redo the recorded delivery as it was planned: same range, same keys.
        groups = select(t, await readEvents(t, intent.fromSeq, intent.toSeq));
      }

      const written: { region: string; key: string; sha256: string; oldest: number; newest: number }[] = [];
      try {
        for (const f of intent.files) {
          const rows = groups.get(f.region) ?? [];
          const body = logFileBody(rows.map((r) => r.record));
          await writer.put(t, intent.bucket, f.key, body.gzipped);
          const times = rows.map((r) => r.eventTime);
          written.push({ region: f.region, key: f.key, sha256: body.sha256, oldest: times.length ? Math.min(...times) : intent.at, newest: times.length ? Math.max(...times) : intent.at });
        }
      } catch (err) {
        // The intent stays: the next round writes the same objects again.
        await patch(t, { latestDeliveryError: errorText(err), latestDeliveryAttemptTime: clock.nowMs() });
        logger.warn('trail: log file delivery failed; retrying next round', { trail: t.arn, error: errorText(err) });
        return;
      }

      const committed = await db.transaction().execute(async (tx) => {
        const r = await tx.updateTable('ct_trails').set({ delivered_seq: intent!.toSeq, intent: null }).where('trail_arn', '=', t.arn).where('intent', '=', intentText!).executeTakeFirst();
        if (Number(r.numUpdatedRows) === 0) return false;
        for (const w of written) {
          await tx
            .insertInto('ct_log_files')
            .values({ trail_arn: t.arn, region: w.region, bucket: intent!.bucket, object_key: w.key, sha256: w.sha256, oldest_event_time: w.oldest, newest_event_time: w.newest, delivered_at: intent!.at })
            .onConflict((oc) => oc.columns(['trail_arn', 'object_key']).doNothing())
            .execute();
          // A region's first file starts its digest chain.
          await tx
            .insertInto('ct_digests')
            .values({ trail_arn: t.arn, region: w.region, end_time: (t.status.startLoggingTime ?? intent!.at) - 1, bucket: null, object_key: null, sha256: null, signature: null, pending_end: null })
            .onConflict((oc) => oc.columns(['trail_arn', 'region']).doNothing())
            .execute();
        }
        return true;
      });
      if (!committed) return;
      await patch(t, { latestDeliveryTime: intent.at, latestDeliveryAttemptTime: clock.nowMs(), latestDeliveryError: undefined });
      const fresh = await repo.get(t.arn);
      if (!fresh || fresh.deliveredSeq >= capOf(fresh) || fresh.intent) return;
      // More may be waiting (a batch was full): go on until caught up.
      const more = await readEvents(fresh, fresh.deliveredSeq, capOf(fresh), 1);
      if (more.length === 0) return;
      t = fresh;
    }
  }

  async function deliverDigests(t: TrailRecord, final: boolean): Promise<void> {
    if (!t.config.logFileValidation) return;
    const states = await db.selectFrom('ct_digests').selectAll().where('trail_arn', '=', t.arn).execute();
    for (const s of states) {
      const startMs = Number(s.end_time);
      let end = s.pending_end === null ? undefined : Number(s.pending_end);
      if (end === undefined) {
        const now = Math.floor(clock.nowMs() / 1000) * 1000;
        const undigested = await db.selectFrom('ct_log_files').select('object_key').where('trail_arn', '=', t.arn).where('region', '=', s.region).where('delivered_at', '>', startMs).limit(1).execute();
        const due = t.isLogging ? now - startMs >= options.digestMs || (final && undigested.length > 0) : undigested.length > 0;
        // Two digests in one second would share a key.
        if (!due || now - startMs < 1000) continue;
        const r = await db.updateTable('ct_digests').set({ pending_end: now }).where('trail_arn', '=', t.arn).where('region', '=', s.region).where('pending_end', 'is', null).where('end_time', '=', startMs).executeTakeFirst();
        if (Number(r.numUpdatedRows) === 0) continue;
        end = now;
      }
      const files = await db
        .selectFrom('ct_log_files')
        .selectAll()
        .where('trail_arn', '=', t.arn)
        .where('region', '=', s.region)
        .where('delivered_at', '>', startMs)
        .where('delivered_at', '<=', end)
        .orderBy('delivered_at')
        .orderBy('object_key')
        .execute();
      const signer = await keys.current(s.region, end);
      const digest = buildDigest(
        {
          accountId: t.accountId,
          trailName: t.name,
          homeRegion: t.homeRegion,
          region: s.region,
          bucket: t.config.s3BucketName,
          prefix: t.config.s3KeyPrefix,
          startMs,
          endMs: end,
          fingerprint: signer.fingerprint,
          previous: s.bucket && s.object_key && s.sha256 && s.signature ? { bucket: s.bucket, key: s.object_key, sha256: s.sha256, signature: s.signature } : undefined,
          logFiles: files.map((f) => ({ bucket: f.bucket, key: f.object_key, sha256: f.sha256, oldestEventTime: Number(f.oldest_event_time), newestEventTime: Number(f.newest_event_time) })),
        },
        signer.sign,
      );
      try {
        await writer.put(t, t.config.s3BucketName, digest.key, digest.gzipped, { signature: digest.signature, 'signature-algorithm': SIGNATURE_ALGORITHM });
      } catch (err) {
        await patch(t, { latestDigestDeliveryError: errorText(err) });
        logger.warn('trail: digest delivery failed; retrying next round', { trail: t.arn, error: errorText(err) });
        continue;
      }
      const endMs = end;
      await db.transaction().execute(async (tx) => {
        const r = await tx
          .updateTable('ct_digests')
          .set({ end_time: endMs, bucket: t.config.s3BucketName, object_key: digest.key, sha256: digest.sha256, signature: digest.signature, pending_end: null })
          .where('trail_arn', '=', t.arn)
          .where('region', '=', s.region)
          .where('pending_end', '=', endMs)
          .executeTakeFirst();
        if (Number(r.numUpdatedRows) === 0) return;
        await tx.deleteFrom('ct_log_files').where('trail_arn', '=', t.arn).where('region', '=', s.region).where('delivered_at', '<=', endMs).execute();
      });
      await patch(t, { latestDigestDeliveryTime: clock.nowMs(), latestDigestDeliveryError: undefined });
    }
  }

  async function deliverToLogGroup(t: TrailRecord): Promise<void> {
    if (!t.config.cloudWatchLogsLogGroupArn) return;
    const cap = capOf(t);
    let from = t.cwlSeq;
    for (;;) {
      if (from >= cap) return;
      const rows = await readEvents(t, from, cap, batch);
      if (rows.length === 0) return;
      const toSeq = rows[rows.length - 1]!.seq;
      try {
        for (const [region, list] of select(t, rows)) {
          await deps.logGroups.put(t, region, list.map((r) => ({ timestamp: r.eventTime, message: r.record })));
        }
      } catch (err) {
        await patch(t, { latestCloudWatchLogsDeliveryError: errorText(err) });
        return;
      }
      const r = await db.updateTable('ct_trails').set({ cwl_seq: toSeq }).where('trail_arn', '=', t.arn).where('cwl_seq', '=', from).executeTakeFirst();
      if (Number(r.numUpdatedRows) === 0) return;
      await patch(t, { latestCloudWatchLogsDeliveryTime: clock.nowMs(), latestCloudWatchLogsDeliveryError: undefined });
      if (rows.length < batch) return;
      from = toSeq;
    }
  }

  async function round(forceLogs: boolean, final: boolean): Promise<void> {
    await deps.flushAudit().catch((err) => logger.warn('trail: audit flush failed before delivery', { error: String(err) }));
    const now = clock.nowMs();
    const logsDue = forceLogs || now >= nextLogsAt;
    if (logsDue) nextLogsAt = now + options.deliveryMs;
    for (const t of await repo.all()) {
      try {
        if (logsDue || t.intent) await deliverLogs(t);
        await deliverToLogGroup(t);
        const fresh = await repo.get(t.arn);
        if (fresh) await deliverDigests(fresh, final);
      } catch (err) {
        logger.error('trail: delivery round failed', { trail: t.arn, error: err instanceof Error ? err.stack : String(err) });
      }
    }
  }

  function enqueue(forceLogs: boolean, final: boolean): Promise<void> {
    const next = chain.then(() => round(forceLogs, final));
    chain = next.catch(() => undefined);
    return next;
  }

  return {
    start() {
      stopped = false;
      // Whatever was left by a previous run (an intent, undelivered events) goes out at once.
      void enqueue(true, false);
      timer = setInterval(() => {
        if (!stopped) void enqueue(false, false);
      }, options.tickMs ?? 1000);
      timer.unref?.();
    },
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      timer = undefined;
      await enqueue(true, true);
    },
    deliverNow(o = {}) {
      return enqueue(true, o.final ?? false);
    },
  };
}
