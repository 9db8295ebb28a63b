// Automated sensitive data discovery runs (issue 16), on the queue and the scan path classification jobs use, as
// the same kind of fan-out / fan-in of idempotent work items:
//   plan-run     the accounts (the administrator's, or a standalone account's, and members it enabled) and their
//                buckets in the Region outside the classification scope's exclusions; the run's byte budget split
//                into one share per bucket
//   plan-bucket  check the bucket (Macie may not read it: its profile shows ACCESS_DENIED and scores 50), list it,
//                forget results of objects deleted or changed since, sample (sampling.ts) and write work units
//   scan-unit    read and scan each object with the template's identifiers, record the object's result, a finding
//                (originType AUTOMATED_SENSITIVE_DATA_DISCOVERY), its discovery result and usage; rescore the bucket
//   finalize     when nothing of the run is pending
// Every step is guarded by a conditional update, so a restart (kill -9) re-enqueues what is pending and changes
// nothing twice: units are marked done once and finding ids come from the run and the object version.
import { sql } from 'kysely';
import type { Clock, IdSource, Logger, ScanLimits } from '../../common/index.js';
import { compileScanner, type CustomIdentifierSpec, type Scanner } from '../../detect/index.js';
import type { WorkItem, WorkQueue } from '../../queue/index.js';
import { renderDiscoveryResults, scanObject, type ObjectScanResult } from '../../scan/index.js';
import { FindingsStore } from '../../findings/index.js';
import { allObjects, type ObjectInfo } from '../../storage/index.js';
import type { Store } from '../../store/index.js';
import type { JobAccounts } from '../accounts.js';
import { bucketAttributes, inspectBucket, type BucketAccessCheck } from '../bucket-check.js';
import { buildFinding, findingIdFor, type Finding } from '../finding.js';
import type { Db } from '../repo.js';
import { gzipJsonLines, resultsKey, type DiscoveryResultsSink } from '../results.js';
import type { DetectionResolver, StorageForAccount } from '../runner.js';
import { CLASSIFIABLE_STORAGE_CLASSES } from '../scope.js';
import type { JobDefinition } from '../types.js';
import { ensureProfile, recalculate, type StoredDetections } from './profile.js';
import { BucketSampler, type PreviousAnalysis, type SampledObject } from './sampling.js';
import { ensureConfig, excludedBuckets, findConfig, memberStatuses, templateById, templateSelection, type TemplateSelection } from './settings.js';

export interface AutomatedDiscoveryOptions {
  /** Time between two runs of an account (SIFT_AUTOMATED_DISCOVERY_SECONDS; default one day). */
  intervalMs: number;
  /** Bytes one run of an account may analyse, shared evenly by the buckets in scope. */
  runBudgetBytes: number;
  /** A bucket's share is never below this, so small estates still get objects analysed. */
  minBucketShareBytes: number;
  /** Objects one run selects in one bucket at most. */
  maxObjectsPerBucket: number;
  unitMaxObjects: number;
  unitMaxBytes: number;
  scanLimits?: Partial<ScanLimits>;
}

export const DEFAULT_AUTOMATED_DISCOVERY_OPTIONS: AutomatedDiscoveryOptions = Object.freeze({
  intervalMs: 86_400_000,
  runBudgetBytes: 1024 ** 3,
  minBucketShareBytes: 1024 ** 2,
  maxObjectsPerBucket: 10_000,
  unitMaxObjects: 64,
  unitMaxBytes: 64 * 1024 * 1024,
});

export interface AutomatedDiscoveryDeps {
  store: Store;
  clock: Clock;
  ids: IdSource;
  queue: WorkQueue;
  storage: StorageForAccount;
  detection?: DetectionResolver;
  bucketAccess?: BucketAccessCheck;
  results?: DiscoveryResultsSink;
  accounts?: JobAccounts;
  /** Whether an object's file type is one Macie analyses (the inventory's rule). */
  classifiable: (key: string, storageClass: string) => boolean;
  logger?: Logger;
  options?: Partial<AutomatedDiscoveryOptions>;
}

export const AUTOMATED_WORK = Object.freeze({
  planRun: 'automated-discovery.plan-run',
  planBucket: 'automated-discovery.plan-bucket',
  scanUnit: 'automated-discovery.scan-unit',
});

/** The "job id" segment of automated discovery's result files and placeholders. */
export const AUTOMATED_RESULTS_SEGMENT = 'automated-sensitive-data-discovery';

const STATUS_CHECK_EVERY = 16;

interface RunDetection {
  scanner: Scanner;
  custom: Map<string, CustomIdentifierSpec>;
  selection: TemplateSelection;
}

type RunRow = Awaited<ReturnType<AutomatedDiscovery['runRow']>>;

export class AutomatedDiscovery {
  readonly options: AutomatedDiscoveryOptions;
  private readonly db: Db;
  private readonly detections = new Map<string, Promise<RunDetection>>();

  constructor(private readonly deps: AutomatedDiscoveryDeps) {
    this.db = deps.store.db;
    this.options = { ...DEFAULT_AUTOMATED_DISCOVERY_OPTIONS, ...deps.options };
  }

  handlers(): Record<string, (item: WorkItem<any>) => Promise<void>> {
    return {
      [AUTOMATED_WORK.planRun]: (item: WorkItem<{ runId: string }>) => this.planRun(item.payload.runId),
      [AUTOMATED_WORK.planBucket]: (item: WorkItem<{ runId: string; accountId: string; bucket: string }>) => this.planBucket(item.payload),
      [AUTOMATED_WORK.scanUnit]: (item: WorkItem<{ unitId: string }>) => this.scanUnit(item.payload.unitId),
    };
  }

  // ─── scheduling ──────────────────────────────────────────────────────────────────────────────────────────

  /** Starts the runs that are due (the scheduler's tick, and right after discovery is enabled). */
  async tick(): Promise<void> {
    const nowMs = this.deps.clock.nowMs();
    const due = await this.db.selectFrom('macie_ad_config').selectAll().where('status', '=', 'ENABLED').where('current_run_id', 'is', null).where('next_run_at', '<=', nowMs).execute();
    for (const cfg of due) {
      // A suspended account (session PAUSED) runs nothing until it is enabled again.
      if (await this.deps.accounts?.condition(cfg.account_id, cfg.region, cfg.account_id)) continue;
      const runId = `${cfg.account_id}-${cfg.region}-${Number(cfg.run_count) + 1}`;
      const started = await this.db.transaction().execute(async (trx) => {
        const res = await trx
          .updateTable('macie_ad_config')
          .set({ current_run_id: runId, run_count: Number(cfg.run_count) + 1, next_run_at: nowMs + this.options.intervalMs })
          .where('account_id', '=', cfg.account_id)
          .where('region', '=', cfg.region)
          .where('status', '=', 'ENABLED')
          .where('current_run_id', 'is', null)
          .where('run_count', '=', cfg.run_count)
          .executeTakeFirst();
        if (Number(res.numUpdatedRows) === 0) return false;
        await trx.insertInto('macie_ad_runs').values({ run_id: runId, account_id: cfg.account_id, region: cfg.region, run_date: nowMs, status: 'RUNNING', resolved: 0, budget_bytes: this.options.runBudgetBytes, bucket_share: 0, finished_at: null }).execute();
        return true;
      });
      if (started) await this.enqueueRun(runId);
    }
  }

  /** Enqueues the pending work of every running run: what a restarted server does first. */
  async recover(): Promise<void> {
    const rows = await this.db.selectFrom('macie_ad_runs').select('run_id').where('status', '=', 'RUNNING').execute();
    for (const r of rows) await this.enqueueRun(r.run_id);
  }

  /** Disabling: the run in progress stops (its pending units are dropped at their next look). */
  async cancelRun(accountId: string, region: string): Promise<void> {
    const nowMs = this.deps.clock.nowMs();
    await this.db.transaction().execute(async (trx) => {
      const cfg = await trx.selectFrom('macie_ad_config').select('current_run_id').where('account_id', '=', accountId).where('region', '=', region).executeTakeFirst();
      if (!cfg?.current_run_id) return;
      await trx.updateTable('macie_ad_runs').set({ status: 'CANCELLED', finished_at: nowMs }).where('run_id', '=', cfg.current_run_id).where('status', '=', 'RUNNING').execute();
      await trx.updateTable('macie_ad_config').set({ current_run_id: null }).where('account_id', '=', accountId).where('region', '=', region).execute();
      this.detections.delete(cfg.current_run_id);
    });
  }

  async enqueueRun(runId: string): Promise<void> {
    const run = await this.runRow(runId);
    if (!run || run.status !== 'RUNNING') return;
    if (Number(run.resolved) === 0) {
      await this.deps.queue.enqueue([{ name: AUTOMATED_WORK.planRun, id: `ad-plan-run:${runId}`, payload: { runId } }]);
      return;
    }
    const buckets = await this.db.selectFrom('macie_ad_run_buckets').select(['account_id', 'bucket']).where('run_id', '=', runId).where('status', '=', 'PENDING').execute();
    await this.enqueueBuckets(runId, buckets);
    const units = await this.db.selectFrom('macie_ad_units').select('unit_id').where('run_id', '=', runId).where('status', '=', 'PENDING').execute();
    await this.enqueueUnits(units.map((u) => u.unit_id));
    await this.tryFinalize(runId);
  }

  private enqueueBuckets(runId: string, buckets: ReadonlyArray<{ account_id: string; bucket: string }>) {
    return this.deps.queue.enqueue(buckets.map((b) => ({ name: AUTOMATED_WORK.planBucket, id: `ad-plan-bucket:${runId}:${b.account_id}:${b.bucket}`, payload: { runId, accountId: b.account_id, bucket: b.bucket } })));
  }

  private enqueueUnits(unitIds: readonly string[]) {
    return this.deps.queue.enqueue(unitIds.map((unitId) => ({ name: AUTOMATED_WORK.scanUnit, id: `ad-scan-unit:${unitId}`, payload: { unitId } })));
  }

  runRow(runId: string) {
    return this.db.selectFrom('macie_ad_runs').selectAll().where('run_id', '=', runId).executeTakeFirst();
  }

  /** The run when its work may proceed: running, and still the account's current run. */
  private async active(runId: string): Promise<NonNullable<RunRow> | undefined> {
    const run = await this.runRow(runId);
    if (!run || run.status !== 'RUNNING') return undefined;
    const cfg = await findConfig(this.db, run.account_id, run.region);
    if (!cfg || cfg.status !== 'ENABLED' || cfg.currentRunId !== runId) return undefined;
    return run;
  }

  // ─── plan-run ────────────────────────────────────────────────────────────────────────────────────────────

  /** The accounts a run covers: the account itself, and the members its administrator has discovery enabled for. */
  private async accountsOf(accountId: string, region: string): Promise<string[]> {
    const cfg = await ensureConfig(this.db, this.deps.ids, accountId, region, this.deps.clock.nowMs());
    const members = (await this.deps.accounts?.members(accountId, region)) ?? [];
    const statuses = await memberStatuses(this.db, accountId, region, cfg.autoEnable, members);
    const out = [accountId];
    for (const m of members) {
      if (statuses.get(m) !== 'ENABLED') continue;
      // A member Macie can't analyse now (suspended, closed, Region off) is left out of this run.
      if (this.deps.accounts && (await this.deps.accounts.condition(accountId, region, m))) continue;
      out.push(m);
    }
    return out;
  }

  async planRun(runId: string): Promise<void> {
    const run = await this.active(runId);
    if (!run) return;
    if (Number(run.resolved) === 1) return this.enqueueRun(runId);
    const cfg = (await findConfig(this.db, run.account_id, run.region))!;
    const excluded = new Set(await excludedBuckets(this.db, cfg.scopeId));
    const buckets: Array<{ account_id: string; bucket: string }> = [];
    for (const owner of await this.accountsOf(run.account_id, run.region)) {
      try {
        const storage = await this.deps.storage.forAccount(owner);
        for (const info of await storage.listBuckets()) {
          if (info.region !== run.region || info.ownerAccountId !== owner || excluded.has(info.name)) continue;
          buckets.push({ account_id: owner, bucket: info.name });
        }
      } catch (err) {
        this.deps.logger?.warn('automated discovery: the account’s buckets could not be listed', { accountId: owner, error: err instanceof Error ? err.message : String(err) });
      }
    }
    const share = Math.max(this.options.minBucketShareBytes, Math.floor(Number(run.budget_bytes) / Math.max(1, buckets.length)));
    const resolvedNow = await this.db.transaction().execute(async (trx) => {
      const res = await trx.updateTable('macie_ad_runs').set({ resolved: 1, bucket_share: share }).where('run_id', '=', runId).where('resolved', '=', 0).where('status', '=', 'RUNNING').executeTakeFirst();
      if (Number(res.numUpdatedRows) === 0) return false;
      for (let i = 0; i < buckets.length; i += 200) {
        await trx.insertInto('macie_ad_run_buckets').values(buckets.slice(i, i + 200).map((b) => ({ run_id: runId, account_id: b.account_id, bucket: b.bucket, status: 'PENDING', selected: 0 }))).execute();
      }
      return true;
    });
    if (!resolvedNow) return this.enqueueRun(runId);
    await this.enqueueBuckets(runId, buckets);
    await this.tryFinalize(runId);
  }

  // ─── plan-bucket ─────────────────────────────────────────────────────────────────────────────────────────

  private async selectionOf(accountId: string, region: string): Promise<TemplateSelection> {
    const cfg = await findConfig(this.db, accountId, region);
    const template = cfg ? await templateById(this.db, cfg.templateId) : undefined;
    return templateSelection(template ?? { includes: {}, excludes: {} });
  }

  async planBucket(p: { runId: string; accountId: string; bucket: string }): Promise<void> {
    const run = await this.active(p.runId);
    if (!run) return;
    const row = await this.db.selectFrom('macie_ad_run_buckets').selectAll().where('run_id', '=', p.runId).where('account_id', '=', p.accountId).where('bucket', '=', p.bucket).executeTakeFirst();
    if (!row) return;
    if (row.status !== 'PENDING') return this.enqueueRun(p.runId);
    const key = { accountId: p.accountId, region: run.region, bucket: p.bucket };
    const nowMs = this.deps.clock.nowMs();
    await ensureProfile(this.db, key, nowMs);
    const storage = await this.deps.storage.forAccount(p.accountId);
    const inspection = await inspectBucket(storage, { accountId: p.accountId, region: run.region, bucket: p.bucket, scannerAccountId: p.accountId }, this.deps.bucketAccess);
    if (!inspection.ok) return this.failBucket(p, run.region, inspection.problem.type === 'BUCKET_ACCESS_DENIED' ? 'ACCESS_DENIED' : undefined);

    const selection = await this.selectionOf(run.account_id, run.region);
    const previousRows = await this.db.selectFrom('macie_ad_objects').select(['object_key', 'etag', 'template']).where('account_id', '=', p.accountId).where('region', '=', run.region).where('bucket', '=', p.bucket).execute();
    const previous = new Map<string, PreviousAnalysis>(previousRows.map((r) => [r.object_key, { etag: r.etag, template: r.template }]));
    const sampler = new BucketSampler(
      {
        runId: p.runId, shareBytes: Number(run.bucket_share), maxObjects: this.options.maxObjectsPerBucket, template: selection.fingerprint,
        readable: (c) => CLASSIFIABLE_STORAGE_CLASSES.has(c), classifiable: this.deps.classifiable,
      },
      previous,
    );
    // Results of objects deleted or changed since they were analysed leave the profile (Macie's rule).
    const stale: string[] = [];
    const seen = new Set<string>();
    try {
      for await (const o of allObjects(storage, p.bucket)) {
        sampler.add(o);
        const before = previous.get(o.key);
        if (before) {
          seen.add(o.key);
          if (before.etag !== o.etag) stale.push(o.key);
        }
      }
    } catch (err) {
      this.deps.logger?.warn('automated discovery: bucket not listed', { accountId: p.accountId, bucket: p.bucket, error: err instanceof Error ? err.message : String(err) });
      return this.failBucket(p, run.region, 'ACCESS_DENIED');
    }
    for (const k of previous.keys()) if (!seen.has(k)) stale.push(k);
    const selected = sampler.select();
    const units = chunk(selected, this.options.unitMaxObjects, this.options.unitMaxBytes);
    const unitIds = units.map((_, i) => `${p.runId}/${p.accountId}/${p.bucket}/${i}`);
    const counts = sampler.counts;
    const plannedNow = await this.db.transaction().execute(async (trx) => {
      const res = await trx.updateTable('macie_ad_run_buckets').set({ status: 'PLANNED', selected: selected.length }).where('run_id', '=', p.runId).where('account_id', '=', p.accountId).where('bucket', '=', p.bucket).where('status', '=', 'PENDING').executeTakeFirst();
      if (Number(res.numUpdatedRows) === 0) return false;
      for (let i = 0; i < units.length; i += 100) {
        await trx
          .insertInto('macie_ad_units')
          .values(units.slice(i, i + 100).map((objects, j) => ({
            unit_id: unitIds[i + j]!, run_id: p.runId, account_id: p.accountId, bucket: p.bucket, objects: JSON.stringify(objects),
            object_count: objects.length, bytes: objects.reduce((n, o) => n + o.s, 0), status: 'PENDING', scanned_bytes: 0, done_at: null,
          })))
          .execute();
      }
      for (let i = 0; i < stale.length; i += 200) {
        await trx.deleteFrom('macie_ad_objects').where('account_id', '=', p.accountId).where('region', '=', run.region).where('bucket', '=', p.bucket).where('object_key', 'in', stale.slice(i, i + 200)).execute();
      }
      await trx
        .updateTable('macie_ad_buckets')
        .set({ classifiable_objects: counts.classifiableObjects, classifiable_bytes: counts.classifiableBytes, non_empty_objects: counts.nonEmpty, error_code: null, last_run_at: nowMs })
        .where('account_id', '=', p.accountId).where('region', '=', run.region).where('bucket', '=', p.bucket)
        .execute();
      return true;
    });
    if (!plannedNow) return this.enqueueRun(p.runId);
    await recalculate(this.db, key, nowMs);
    await this.enqueueUnits(unitIds);
    await this.tryFinalize(p.runId);
  }

  /** The bucket can't be analysed in this run; ACCESS_DENIED shows on its profile and keeps it at 50. */
  private async failBucket(p: { runId: string; accountId: string; bucket: string }, region: string, errorCode: 'ACCESS_DENIED' | undefined): Promise<void> {
    const nowMs = this.deps.clock.nowMs();
    const key = { accountId: p.accountId, region, bucket: p.bucket };
    const failedNow = await this.db.transaction().execute(async (trx) => {
      const res = await trx.updateTable('macie_ad_run_buckets').set({ status: 'FAILED' }).where('run_id', '=', p.runId).where('account_id', '=', p.accountId).where('bucket', '=', p.bucket).where('status', '=', 'PENDING').executeTakeFirst();
      if (Number(res.numUpdatedRows) === 0) return false;
      if (errorCode) await trx.updateTable('macie_ad_buckets').set({ error_code: errorCode, last_run_at: nowMs }).where('account_id', '=', p.accountId).where('region', '=', region).where('bucket', '=', p.bucket).execute();
      else await trx.deleteFrom('macie_ad_buckets').where('account_id', '=', p.accountId).where('region', '=', region).where('bucket', '=', p.bucket).execute();
      return true;
    });
    if (failedNow && errorCode) await recalculate(this.db, key, nowMs);
    await this.tryFinalize(p.runId);
  }

  // ─── scan-unit ───────────────────────────────────────────────────────────────────────────────────────────

  private detectionFor(run: NonNullable<RunRow>): Promise<RunDetection> {
    let d = this.detections.get(run.run_id);
    if (!d) {
      d = (async () => {
        const selection = await this.selectionOf(run.account_id, run.region);
        const definition = {
          managedDataIdentifierSelector: 'INCLUDE', managedDataIdentifierIds: selection.managedIds,
          customDataIdentifierIds: selection.customDataIdentifierIds, allowListIds: selection.allowListIds,
        } as unknown as JobDefinition;
        const extra = this.deps.detection ? await this.deps.detection.resolve({ accountId: run.account_id, region: run.region }, definition) : { custom: [], allowLists: [] };
        const scanner = compileScanner(
          { managedSelector: selection.managedIds.length ? 'INCLUDE' : 'NONE', managedIds: selection.managedIds, custom: extra.custom, allowLists: extra.allowLists },
          this.options.scanLimits,
        );
        return { scanner, custom: new Map(extra.custom.map((c) => [c.id, c])), selection };
      })();
      d.catch(() => this.detections.delete(run.run_id));
      this.detections.set(run.run_id, d);
    }
    return d;
  }

  async scanUnit(unitId: string): Promise<void> {
    const unit = await this.db.selectFrom('macie_ad_units').selectAll().where('unit_id', '=', unitId).executeTakeFirst();
    if (!unit || unit.status !== 'PENDING') return;
    const run = await this.active(unit.run_id);
    if (!run) return;
    const admin = run.account_id;
    const region = run.region;
    const detection = await this.detectionFor(run);
    const storage = await this.deps.storage.forAccount(unit.account_id);
    const objects = JSON.parse(unit.objects) as SampledObject[];
    const sourceArn = `arn:aws:macie2:${region}:${admin}:export-configuration:${admin}`;
    const resultsDest = this.deps.results ? await this.deps.results.destination(admin, region, sourceArn) : undefined;
    const resultsAt = resultsDest ? resultsKey(resultsDest, admin, region, AUTOMATED_RESULTS_SEGMENT, unitId) : undefined;
    const detailedResultsLocation = resultsDest ? `s3://${resultsDest.bucket}/${resultsAt}` : `s3://[export-config-not-set]/AWSLogs/${admin}/Macie/${region}/${AUTOMATED_RESULTS_SEGMENT}/${unitId}.jsonl.gz`;
    const findings: Finding[] = [];
    const records: unknown[] = [];
    const analysed: Array<{ key: string; etag: string; size: number; result: ObjectScanResult }> = [];
    let scannedBytes = 0;
    let config;
    try {
      config = await storage.getBucketConfiguration(unit.bucket);
    } catch {
      config = undefined; // deleted since planning: nothing of it is analysed
    }
    if (config && config.ownerAccountId === unit.account_id) {
      const bucket = { ...config, effectivePermission: bucketAttributes(config).effectivePermission };
      for (let i = 0; i < objects.length; i++) {
        if (i > 0 && i % STATUS_CHECK_EVERY === 0 && !(await this.active(unit.run_id))) return;
        const planned = objects[i]!;
        const allowed =
          this.deps.bucketAccess?.({
            scannerAccountId: unit.account_id, region, bucket: unit.bucket, ownerAccountId: config.ownerAccountId,
            action: 's3:GetObject', resource: `arn:aws:s3:::${unit.bucket}/${planned.k}`, policy: config.policy,
          }) ?? true;
        let info: ObjectInfo | undefined;
        let result: ObjectScanResult | undefined;
        if (!allowed) {
          info = await storage.headObject(unit.bucket, planned.k).catch(() => undefined);
          if (!info) continue;
          result = skipped(info.key, info.size, 'PERMISSION_DENIED');
        } else {
          try {
            const stream = await storage.readObject(unit.bucket, planned.k);
            info = stream.info;
            result = await scanObject({ key: planned.k, size: stream.info.size, stream: stream.body }, detection.scanner, this.options.scanLimits);
          } catch {
            // SSE-C: only the owner holds the key (INVALID_ENCRYPTION); anything else unreadable (a KMS key Macie may not
            // use, as for jobs) is PERMISSION_DENIED. Deleted since planning: no result.
            info = await storage.headObject(unit.bucket, planned.k).catch(() => undefined);
            if (!info) continue;
            const sse = info.encryption?.ServerSideEncryption;
            result = skipped(info.key, info.size, sse === 'SSE-C' ? 'INVALID_ENCRYPTION' : 'PERMISSION_DENIED');
          }
        }
        if (result.status.code !== 'SKIPPED') scannedBytes += result.sizeClassified;
        analysed.push({ key: planned.k, etag: info.etag, size: info.size, result });
        const findingId = findingIdFor(unit.run_id, unit.bucket, planned.k, info.etag);
        const finding = buildFinding(result, {
          findingId, accountId: unit.account_id, region, originType: 'AUTOMATED_SENSITIVE_DATA_DISCOVERY', createdAt: this.deps.clock.now(),
          bucket, object: info, custom: detection.custom, detailedResultsLocation,
        });
        if (finding) findings.push(finding);
        if (resultsDest) {
          records.push(
            ...renderDiscoveryResults(result, {
              accountId: admin, region, id: findingId, createdAt: this.deps.clock.now(), originType: 'AUTOMATED_SENSITIVE_DATA_DISCOVERY', detailedResultsLocation,
              s3Bucket: { name: unit.bucket, arn: `arn:aws:s3:::${unit.bucket}`, owner: { id: config.ownerAccountId } },
              s3Object: { key: planned.k, ...(info.versionId ? { versionId: info.versionId } : {}), eTag: info.etag, size: info.size, storageClass: info.storageClass, lastModified: info.lastModified },
              ...(finding?.severity ? { severity: finding.severity as never } : {}),
            }),
          );
        }
      }
    }
    if (this.deps.results && resultsDest && resultsAt && records.length) await this.deps.results.write(admin, resultsDest, resultsAt, gzipJsonLines(records));
    await this.recordFindings(admin, region, findings);
    const nowMs = this.deps.clock.nowMs();
    await this.db.transaction().execute(async (trx) => {
      const res = await trx.updateTable('macie_ad_units').set({ status: 'DONE', scanned_bytes: scannedBytes, done_at: nowMs }).where('unit_id', '=', unitId).where('status', '=', 'PENDING').executeTakeFirst();
      if (Number(res.numUpdatedRows) === 0) return false;
      const keys = analysed.map((a) => a.key);
      for (let i = 0; i < keys.length; i += 200) {
        await trx.deleteFrom('macie_ad_objects').where('account_id', '=', unit.account_id).where('region', '=', region).where('bucket', '=', unit.bucket).where('object_key', 'in', keys.slice(i, i + 200)).execute();
      }
      if (analysed.length) {
        await trx
          .insertInto('macie_ad_objects')
          .values(analysed.map((a) => ({
            account_id: unit.account_id, region, bucket: unit.bucket, object_key: a.key, etag: a.etag, template: detection.selection.fingerprint, size: a.size,
            analysed_at: nowMs, status: a.result.status.code, reason: a.result.status.reason ?? null, bytes_classified: a.result.status.code === 'SKIPPED' ? 0 : a.result.sizeClassified,
            detections: JSON.stringify(storedDetections(a.result)),
          })))
          .execute();
      }
      // Usage is the bucket owner's, as for jobs: bytes analysed and objects analysed this month.
      await trx
        .insertInto('macie_ad_usage')
        .values({ account_id: unit.account_id, region, month: new Date(nowMs).toISOString().slice(0, 7), bytes: scannedBytes, objects: analysed.length, monitored_objects: 0 })
        .onConflict((oc) => oc.columns(['account_id', 'region', 'month']).doUpdateSet({ bytes: sql`macie_ad_usage.bytes + ${scannedBytes}`, objects: sql`macie_ad_usage.objects + ${analysed.length}` }))
        .execute();
      await trx.updateTable('macie_ad_buckets').set({ last_run_at: nowMs }).where('account_id', '=', unit.account_id).where('region', '=', region).where('bucket', '=', unit.bucket).execute();
      // The score moves with the results, in the same commit (one fsync fewer per unit).
      await recalculate(trx, { accountId: unit.account_id, region, bucket: unit.bucket }, nowMs);
      return true;
    });
    await this.tryFinalize(unit.run_id);
  }

  private async recordFindings(accountId: string, region: string, findings: Finding[]): Promise<void> {
    if (findings.length === 0) return;
    const existing = new Set((await this.db.selectFrom('macie_findings').select('id').where('id', 'in', findings.map((f) => f.id!)).execute()).map((r) => r.id));
    const fresh = findings.filter((f) => !existing.has(f.id!));
    if (fresh.length === 0) return;
    await new FindingsStore(this.db, this.deps.store.dialect, this.deps.ids).recordMany({ accountId, region, clock: this.deps.clock }, fresh);
  }

  // ─── finalize ────────────────────────────────────────────────────────────────────────────────────────────

  async tryFinalize(runId: string): Promise<boolean> {
    const done = await this.db.transaction().execute(async (trx) => {
      const run = await trx.selectFrom('macie_ad_runs').selectAll().where('run_id', '=', runId).executeTakeFirst();
      if (!run || run.status !== 'RUNNING' || Number(run.resolved) !== 1) return false;
      const pendingBuckets = await trx.selectFrom('macie_ad_run_buckets').select((eb) => eb.fn.countAll<number>().as('n')).where('run_id', '=', runId).where('status', '=', 'PENDING').executeTakeFirstOrThrow();
      if (Number(pendingBuckets.n) > 0) return false;
      const pendingUnits = await trx.selectFrom('macie_ad_units').select((eb) => eb.fn.countAll<number>().as('n')).where('run_id', '=', runId).where('status', '=', 'PENDING').executeTakeFirstOrThrow();
      if (Number(pendingUnits.n) > 0) return false;
      const nowMs = this.deps.clock.nowMs();
      const res = await trx.updateTable('macie_ad_runs').set({ status: 'COMPLETE', finished_at: nowMs }).where('run_id', '=', runId).where('status', '=', 'RUNNING').executeTakeFirst();
      if (Number(res.numUpdatedRows) === 0) return false;
      await trx.updateTable('macie_ad_config').set({ current_run_id: null }).where('account_id', '=', run.account_id).where('region', '=', run.region).where('current_run_id', '=', runId).execute();
      // Objects monitored this month (AUTOMATED_OBJECT_MONITORING): the classifiable objects of the run's buckets.
      const monitored = await trx
        .selectFrom('macie_ad_run_buckets')
        .innerJoin('macie_ad_buckets', (j) => j.onRef('macie_ad_buckets.account_id', '=', 'macie_ad_run_buckets.account_id').onRef('macie_ad_buckets.bucket', '=', 'macie_ad_run_buckets.bucket'))
        .select(['macie_ad_buckets.account_id as account_id', (eb) => eb.fn.sum<number>('macie_ad_buckets.classifiable_objects').as('n')])
        .where('macie_ad_run_buckets.run_id', '=', runId)
        .where('macie_ad_buckets.region', '=', run.region)
        .groupBy('macie_ad_buckets.account_id')
        .execute();
      const month = new Date(nowMs).toISOString().slice(0, 7);
      for (const m of monitored) {
        const n = Number(m.n ?? 0);
        await trx
          .insertInto('macie_ad_usage')
          .values({ account_id: m.account_id, region: run.region, month, bytes: 0, objects: 0, monitored_objects: n })
          .onConflict((oc) => oc.columns(['account_id', 'region', 'month']).doUpdateSet({ monitored_objects: n }))
          .execute();
      }
      return true;
    });
    if (done) this.detections.delete(runId);
    return done;
  }
}

/** Groups a bucket's selection into work units. */
function chunk(objects: SampledObject[], maxObjects: number, maxBytes: number): SampledObject[][] {
  const units: SampledObject[][] = [];
  let current: SampledObject[] = [];
  let bytes = 0;
  for (const o of objects) {
    if (current.length > 0 && (current.length >= maxObjects || bytes + o.s > maxBytes)) {
      units.push(current);
      current = [];
      bytes = 0;
    }
    current.push(o);
    bytes += o.s;
  }
  if (current.length) units.push(current);
  return units;
}

function storedDetections(result: ObjectScanResult): StoredDetections {
  const out: StoredDetections = {};
  if (result.status.code === 'SKIPPED') return out;
  for (const d of result.detections) {
    if (d.count <= 0) continue;
    const key = d.category === 'CUSTOM_IDENTIFIER' ? `CUSTOM:${d.custom?.id ?? d.type}` : `MANAGED:${d.type}`;
    out[key] = { count: (out[key]?.count ?? 0) + d.count, name: d.custom?.name ?? d.type, category: d.category };
  }
  return out;
}

function skipped(key: string, size: number, reason: 'INVALID_ENCRYPTION' | 'PERMISSION_DENIED'): ObjectScanResult {
  const message =
    reason === 'INVALID_ENCRYPTION' ? 'The object is encrypted with a customer-provided key (SSE-C).'
    : "Macie isn't allowed to read the object, or to use the KMS key it is encrypted with.";
  return { key, mimeType: 'application/octet-stream', size, sizeClassified: 0, status: { code: 'SKIPPED', reason, message }, detections: [], archive: false, members: [], membersAnalysed: 0, expandedBytes: 0 };
}
