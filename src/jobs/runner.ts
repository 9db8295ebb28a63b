// Runs of classification jobs, as work on the queue (fan-out / fan-in, like BullMQ flows):
//   plan-run    decide the run's buckets (the job's list, or its runtime criteria evaluated now)
//   plan-bucket check the bucket, list its objects, keep those in scope (eligible, changed since the last run,
//               sampled) and write them as work units: the checkpoint
//   scan-unit   read and scan each object of a unit, record one finding per affected object, mark the unit done
//   finalize    when nothing is pending: the run completes and the job moves on (COMPLETE, or IDLE until the next)
// Every step is idempotent and guarded by a conditional update, so delivering an item twice, or again after a
// restart, changes nothing: finding ids come from run + object version, units are marked done once, and the
// events of a state change are written in the same transaction as the change.
import { sql } from 'kysely';
import type { Clock, IdSource, Logger, ScanLimits } from '../common/index.js';
import { compileScanner, type AllowListSpec, type CustomIdentifierSpec, type Scanner } from '../detect/index.js';
import { WORKER_ID, type WorkItem, type WorkQueue } from '../queue/index.js';
import { renderDiscoveryResults, scanObject } from '../scan/index.js';
import { FindingsStore } from '../findings/index.js';
import { allObjects, type ObjectInfo, type ObjectStorage } from '../storage/index.js';
import type { Store } from '../store/index.js';
import { inspectBucket, problemOf, bucketAttributes, type BucketAccessCheck, type BucketProblem } from './bucket-check.js';
import type { JobEventDetails, JobEventType } from './events.js';
import { buildFinding, findingIdFor, type Finding } from './finding.js';
import type { EventPublisher } from './publisher.js';
import { jobById, type Db, type EventOutbox, type RunRow, type UnitRow } from './repo.js';
import { gzipJsonLines, resultsKey, type DiscoveryResultsSink } from './results.js';
import { nextRunAt } from './schedule.js';
import { bucketMatches, changedSince, CLASSIFIABLE_STORAGE_CLASSES, objectInScope, sampled, scopingUsesTags } from './scope.js';
import { statusAfterRun } from './state-machine.js';
import { gateAccounts, type JobAccounts } from './accounts.js';
import type { Job, JobDefinition, JobScope } from './types.js';

export interface StorageForAccount {
  forAccount(accountId: string): Promise<ObjectStorage>;
}

/** The custom identifiers and allow lists a job names, ready for the engine (from the macie2 provider). */
export interface DetectionResolver {
  /** Checks at creation that every id exists (throws JobError 'validation' otherwise). */
  check(scope: JobScope, definition: JobDefinition): Promise<void>;
  /** At run start: the identifiers and the allow lists that can be read now. */
  resolve(scope: JobScope, definition: JobDefinition): Promise<{ custom: CustomIdentifierSpec[]; allowLists: AllowListSpec[] }>;
}

export interface RunnerOptions {
  /** Objects per work unit. */
  unitMaxObjects: number;
  /** Bytes per work unit (a unit holds at least one object). */
  unitMaxBytes: number;
  scanLimits?: Partial<ScanLimits>;
}

export const DEFAULT_RUNNER_OPTIONS: RunnerOptions = Object.freeze({ unitMaxObjects: 64, unitMaxBytes: 64 * 1024 * 1024 });

/** Macie's default monthly sensitive data discovery quota per account (G): 5 TB. */
export const DEFAULT_MONTHLY_QUOTA_BYTES = 5 * 1024 ** 4;

/** The monthly quota of bytes an account's jobs may analyse (configurable per account). */
export type QuotaBytesFor = (accountId: string, region: string) => Promise<number>;

export interface RunnerDeps {
  store: Store;
  clock: Clock;
  ids: IdSource;
  queue: WorkQueue;
  storage: StorageForAccount;
  outbox: EventOutbox;
  publisher: EventPublisher;
  detection?: DetectionResolver;
  bucketAccess?: BucketAccessCheck;
  quotaBytes?: QuotaBytesFor;
  /** Where sensitive data discovery results are written, when the account has an export configuration. */
  results?: DiscoveryResultsSink;
  /** A Macie administrator's members and each account's state (account-level events). */
  accounts?: JobAccounts;
  logger?: Logger;
  options: RunnerOptions;
}

interface PlannedObject {
  k: string;
  s: number;
  e: string;
  m: number;
  c: string;
}

interface RunDetection {
  scanner: Scanner;
  custom: Map<string, CustomIdentifierSpec>;
}

export const WORK = Object.freeze({ planRun: 'jobs.plan-run', planBucket: 'jobs.plan-bucket', scanUnit: 'jobs.scan-unit' });

/** Checking the job's status between objects: how many objects may pass between two looks at the store. */
const STATUS_CHECK_EVERY = 16;

export class JobRunner {
  private readonly db: Db;
  private readonly detections = new Map<string, Promise<RunDetection>>();
  /** Jobs paused or cancelled by a call in this process: their units stop at the next object. */
  private readonly stopped = new Set<string>();

  constructor(private readonly deps: RunnerDeps) {
    this.db = deps.store.db;
  }

  handlers(): Record<string, (item: WorkItem<any>) => Promise<void>> {
    return {
      [WORK.planRun]: (item: WorkItem<{ runId: string }>) => this.planRun(item.payload.runId),
      [WORK.planBucket]: (item: WorkItem<{ runId: string; accountId: string; bucket: string }>) => this.planBucket(item.payload),
      [WORK.scanUnit]: (item: WorkItem<{ unitId: string }>) => this.scanUnit(item.payload.unitId),
    };
  }

  /** Tells running units of a job to stop (a pause or cancel in this process). */
  signalStop(jobId: string): void {
    this.stopped.add(jobId);
  }

  signalResume(jobId: string): void {
    this.stopped.delete(jobId);
  }

  // ─── starting ────────────────────────────────────────────────────────────────────────────────────────────

  /**
   * Starts a run of `job` inside the caller's transaction: the run row, the job RUNNING with its run counted, and
   * the start event. The caller enqueues the run's work after commit (`enqueueRun`).
   */
  async startRunIn(trx: Db, job: Job, nowMs: number): Promise<string> {
    const runNumber = job.numberOfRuns + 1;
    const runId = `${job.jobId}-${runNumber}`;
    let sinceMs: number | null = null;
    if (job.jobType === 'SCHEDULED') {
      const previous = await trx.selectFrom('macie_job_runs').select('run_date').where('job_id', '=', job.jobId).where('status', '=', 'COMPLETE').orderBy('run_number', 'desc').limit(1).executeTakeFirst();
      sinceMs = previous ? Number(previous.run_date) : job.definition.initialRun ? null : job.createdAt.getTime();
    }
    await trx.insertInto('macie_job_runs').values({ run_id: runId, job_id: job.jobId, run_number: runNumber, run_date: nowMs, since_ms: sinceMs, status: 'RUNNING', resolved: 0, error: 0, finished_at: null }).execute();
    const next = job.jobType === 'SCHEDULED' && job.definition.scheduleFrequency ? nextRunAt(job.definition.scheduleFrequency, nowMs) : null;
    await trx
      .updateTable('macie_jobs')
      .set({ status: 'RUNNING', current_run_id: runId, number_of_runs: runNumber, last_run_time: nowMs, last_run_error: 0, next_run_at: next, updated_at: nowMs })
      .where('job_id', '=', job.jobId)
      .execute();
    await this.deps.outbox.add(trx, job, nowMs, [{ type: job.jobType === 'ONE_TIME' ? 'ONE_TIME_JOB_STARTED' : 'SCHEDULED_RUN_STARTED', details: { runDateMs: nowMs } }]);
    return runId;
  }

  /** Enqueues whatever a run still has to do (after start, resume or restart). */
  async enqueueRun(runId: string): Promise<void> {
    const run = await this.run(runId);
    if (!run || run.status !== 'RUNNING') return;
    if (Number(run.resolved) === 0) {
      await this.deps.queue.enqueue([{ name: WORK.planRun, id: `plan-run:${runId}`, payload: { runId } }]);
      return;
    }
    const buckets = await this.db.selectFrom('macie_job_run_buckets').select(['account_id', 'bucket']).where('run_id', '=', runId).where('status', '=', 'PENDING').execute();
    await this.enqueueBuckets(runId, buckets);
    // Units exist only for planned buckets: they are written in the transaction that marks the bucket PLANNED.
    const units = await this.db.selectFrom('macie_job_units').select('unit_id').where('run_id', '=', runId).where('status', '=', 'PENDING').orderBy('seq').execute();
    await this.enqueueUnits(run.job_id, units.map((u) => u.unit_id));
    await this.tryFinalize(runId);
  }

  private enqueueBuckets(runId: string, buckets: ReadonlyArray<{ account_id: string; bucket: string }>) {
    return this.deps.queue.enqueue(buckets.map((b) => ({ name: WORK.planBucket, id: `plan-bucket:${runId}:${b.account_id}:${b.bucket}`, payload: { runId, accountId: b.account_id, bucket: b.bucket } })));
  }

  /**
   * Fair sharing: a unit's priority is its rank among the units enqueued with it, spread by the number of jobs its
   * account is running, so that concurrent jobs take turns and an account running many jobs gets no more than an
   * account running one.
   */
  private async enqueueUnits(jobId: string, unitIds: readonly string[]) {
    if (unitIds.length === 0) return;
    const owner = await this.db.selectFrom('macie_jobs').select('account_id').where('job_id', '=', jobId).executeTakeFirst();
    const running = owner
      ? Number((await this.db.selectFrom('macie_jobs').select((eb) => eb.fn.countAll<number>().as('n')).where('account_id', '=', owner.account_id).where('status', '=', 'RUNNING').executeTakeFirst())?.n ?? 1)
      : 1;
    const spread = Math.max(1, running);
    return this.deps.queue.enqueue(unitIds.map((unitId, rank) => ({ name: WORK.scanUnit, id: `scan-unit:${unitId}`, payload: { unitId }, priority: 1 + rank * spread })));
  }

  private run(runId: string): Promise<RunRow | undefined> {
    return this.db.selectFrom('macie_job_runs').selectAll().where('run_id', '=', runId).executeTakeFirst();
  }

  /** The run and its job when work on it may proceed now. */
  private async active(runId: string): Promise<{ run: RunRow; job: Job } | undefined> {
    const run = await this.run(runId);
    if (!run || run.status !== 'RUNNING') return undefined;
    const job = await jobById(this.db, run.job_id);
    if (!job || job.status !== 'RUNNING' || job.currentRunId !== runId) return undefined;
    return { run, job };
  }

  private async addEvents(trx: Db, job: Job, events: ReadonlyArray<{ type: JobEventType; details?: JobEventDetails }>) {
    await this.deps.outbox.add(trx, job, this.deps.clock.nowMs(), events);
  }

  // ─── plan-run ────────────────────────────────────────────────────────────────────────────────────────────

  async planRun(runId: string): Promise<void> {
    const act = await this.active(runId);
    if (!act) return;
    const { run, job } = act;
    if (Number(run.resolved) === 1) return this.enqueueRun(runId);
    const runDateMs = Number(run.run_date);
    const def = job.definition.s3JobDefinition;
    const buckets: Array<{ account_id: string; bucket: string }> = [];
    const events: Array<{ type: JobEventType; details?: JobEventDetails }> = [];
    let error = false;
    if (def.bucketDefinitions) {
      const seen = new Set<string>();
      for (const d of def.bucketDefinitions) {
        for (const b of d.buckets) {
          if (seen.has(`${d.accountId}/${b}`)) continue;
          seen.add(`${d.accountId}/${b}`);
          buckets.push({ account_id: d.accountId, bucket: b });
        }
      }
    } else if (def.bucketCriteria) {
      // Criteria consider the job's own buckets and, for a Macie administrator, its members' that may be analysed now.
      const owners = [job.accountId, ...((await this.deps.accounts?.members(job.accountId, job.region)) ?? [])];
      const gated = await gateAccounts(this.deps.accounts, job, runDateMs, owners.map((a) => ({ account_id: a, bucket: '' })), (a) => this.deps.storage.forAccount(a), undefined);
      if (gated.cancel) return this.cancelForSuspension(job, runId, gated.events);
      events.push(...gated.events);
      if (gated.events.length) error = true;
      for (const owner of gated.buckets.map((b) => b.account_id)) {
        try {
          const storage = await this.deps.storage.forAccount(owner);
          for (const info of await storage.listBuckets()) {
            if (info.region !== job.region || info.ownerAccountId !== owner) continue;
            let attributes;
            try {
              attributes = bucketAttributes(await storage.getBucketConfiguration(info.name));
            } catch (err) {
              // A bucket whose details can't be read can't be matched; Macie reports it.
              const p = problemOf(err, owner, 'GetBucketLocation');
              events.push({ type: p.type, details: { runDateMs, affectedAccount: owner, affectedBucket: info.name, operation: p.operation } });
              error = true;
              continue;
            }
            if (!bucketMatches(def.bucketCriteria, attributes)) continue;
            buckets.push({ account_id: owner, bucket: info.name });
            events.push({ type: 'BUCKET_MATCHED_THE_CRITERIA', details: { runDateMs, affectedAccount: owner, affectedBucket: info.name } });
          }
        } catch (err) {
          const p = problemOf(err, owner, 'ListBuckets');
          events.push({ type: p.type === 'BUCKET_ACCESS_DENIED' ? 'ACCOUNT_ACCESS_DENIED' : p.type, details: { runDateMs, affectedAccount: owner, operation: p.operation ?? 'ListBuckets' } });
          error = true;
        }
      }
      if (buckets.length === 0) events.push({ type: 'NO_BUCKETS_MATCHED_THE_CRITERIA', details: { runDateMs } });
    }
    if (def.bucketDefinitions || def.bucketCriteria) {
      // Each account the run reaches, checked once: one that can't be analysed is skipped with its event.
      const gated = await gateAccounts(this.deps.accounts, job, runDateMs, buckets.splice(0), (a) => this.deps.storage.forAccount(a), this.deps.bucketAccess);
      if (gated.cancel) return this.cancelForSuspension(job, runId, gated.events);
      buckets.push(...gated.buckets);
      events.push(...gated.events.filter((e) => !events.some((x) => x.type === e.type && x.details?.affectedAccount === e.details.affectedAccount)));
      if (gated.events.length) error = true;
    }
    const resolvedNow = await this.db.transaction().execute(async (trx) => {
      const res = await trx.updateTable('macie_job_runs').set({ resolved: 1, ...(error ? { error: 1 } : {}) }).where('run_id', '=', runId).where('resolved', '=', 0).where('status', '=', 'RUNNING').executeTakeFirst();
      if (Number(res.numUpdatedRows) === 0) return false;
      for (let i = 0; i < buckets.length; i += 200) {
        await trx.insertInto('macie_job_run_buckets').values(buckets.slice(i, i + 200).map((b) => ({ run_id: runId, account_id: b.account_id, bucket: b.bucket, status: 'PENDING', units: 0 }))).execute();
      }
      if (error) await trx.updateTable('macie_jobs').set({ last_run_error: 1 }).where('job_id', '=', job.jobId).execute();
      await this.addEvents(trx, job, events);
      return true;
    });
    this.deps.publisher.kick();
    if (!resolvedNow) return this.enqueueRun(runId);
    await this.enqueueBuckets(runId, buckets);
    await this.tryFinalize(runId);
  }

  /** The job's own account has Macie suspended: the job is cancelled (ACCOUNT_SUSPENDED, then JOB_CANCELLED). */
  private async cancelForSuspension(job: Job, runId: string, events: ReadonlyArray<{ type: JobEventType; details?: JobEventDetails }>): Promise<void> {
    const nowMs = this.deps.clock.nowMs();
    await this.db.transaction().execute(async (trx) => {
      const res = await trx
        .updateTable('macie_jobs')
        .set({ status: 'CANCELLED', current_run_id: null, next_run_at: null, paused_at: null, updated_at: nowMs })
        .where('job_id', '=', job.jobId)
        .where('current_run_id', '=', runId)
        .executeTakeFirst();
      if (Number(res.numUpdatedRows) === 0) return;
      await trx.updateTable('macie_job_runs').set({ status: 'CANCELLED', finished_at: nowMs }).where('run_id', '=', runId).where('status', '=', 'RUNNING').execute();
      await this.addEvents(trx, job, [...events, { type: 'JOB_CANCELLED' }]);
    });
    this.forgetRun(runId);
    this.deps.publisher.kick();
  }

  // ─── plan-bucket ─────────────────────────────────────────────────────────────────────────────────────────

  async planBucket(p: { runId: string; accountId: string; bucket: string }): Promise<void> {
    const act = await this.active(p.runId);
    if (!act) return;
    const { run, job } = act;
    const row = await this.db.selectFrom('macie_job_run_buckets').selectAll().where('run_id', '=', p.runId).where('account_id', '=', p.accountId).where('bucket', '=', p.bucket).executeTakeFirst();
    if (!row) return;
    if (row.status !== 'PENDING') return this.enqueueRun(p.runId);

    const storage = await this.deps.storage.forAccount(p.accountId);
    const inspection = await inspectBucket(storage, { accountId: p.accountId, region: job.region, bucket: p.bucket, scannerAccountId: p.accountId }, this.deps.bucketAccess);
    if (!inspection.ok) return this.failBucket(job, run, p, inspection.problem);

    const scoping = job.definition.s3JobDefinition.scoping;
    const needTags = scopingUsesTags(scoping);
    const sinceMs = run.since_ms === null ? null : Number(run.since_ms);
    const pct = job.definition.samplingPercentage;
    const { unitMaxObjects, unitMaxBytes } = this.deps.options;
    const units: PlannedObject[][] = [];
    let current: PlannedObject[] = [];
    let currentBytes = 0;
    try {
      for await (const listed of allObjects(storage, p.bucket)) {
        let o: ObjectInfo = listed;
        if (!CLASSIFIABLE_STORAGE_CLASSES.has(o.storageClass)) continue;
        if (!changedSince(o, sinceMs)) continue;
        if (needTags && o.tags === undefined) o = await storage.headObject(p.bucket, o.key);
        if (!objectInScope(scoping, o)) continue;
        if (!sampled(pct, p.runId, p.bucket, o.key)) continue;
        if (current.length > 0 && (current.length >= unitMaxObjects || currentBytes + o.size > unitMaxBytes)) {
          units.push(current);
          current = [];
          currentBytes = 0;
        }
        current.push({ k: o.key, s: o.size, e: o.etag, m: o.lastModified.getTime(), c: o.storageClass });
        currentBytes += o.size;
      }
    } catch (err) {
      return this.failBucket(job, run, p, problemOf(err, p.accountId, 'ListObjectsV2'));
    }
    if (current.length) units.push(current);

    const unitIds = units.map((_, i) => unitIdOf(p.runId, p.accountId, p.bucket, i));
    const plannedNow = await this.db.transaction().execute(async (trx) => {
      const res = await trx.updateTable('macie_job_run_buckets').set({ status: 'PLANNED', units: units.length }).where('run_id', '=', p.runId).where('account_id', '=', p.accountId).where('bucket', '=', p.bucket).where('status', '=', 'PENDING').executeTakeFirst();
      if (Number(res.numUpdatedRows) === 0) return false;
      for (let i = 0; i < units.length; i += 100) {
        await trx
          .insertInto('macie_job_units')
          .values(
            units.slice(i, i + 100).map((objects, j) => ({
              unit_id: unitIds[i + j]!,
              run_id: p.runId,
              job_id: job.jobId,
              account_id: p.accountId,
              bucket: p.bucket,
              seq: i + j,
              objects: JSON.stringify(objects),
              object_count: objects.length,
              bytes: objects.reduce((n, o) => n + o.s, 0),
              status: 'PENDING',
              scanned_objects: 0,
              scanned_bytes: 0,
              findings: 0,
              done_at: null,
              reserved_bytes: null,
              reserved_month: null,
              done_by: null,
            })),
          )
          .execute();
      }
      return true;
    });
    if (!plannedNow) return this.enqueueRun(p.runId);
    await this.enqueueUnits(job.jobId, unitIds);
    await this.tryFinalize(p.runId);
  }

  /** Marks the run's bucket FAILED (from `from`) and logs its event; only the call that makes the change logs it. */
  private async failBucket(job: Job, run: RunRow, p: { runId: string; accountId: string; bucket: string }, problem: BucketProblem, from: 'PENDING' | 'PLANNED' = 'PENDING'): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const res = await trx.updateTable('macie_job_run_buckets').set({ status: 'FAILED' }).where('run_id', '=', p.runId).where('account_id', '=', p.accountId).where('bucket', '=', p.bucket).where('status', '=', from).executeTakeFirst();
      if (Number(res.numUpdatedRows) === 0) return;
      await trx.updateTable('macie_job_runs').set({ error: 1 }).where('run_id', '=', p.runId).execute();
      await trx.updateTable('macie_jobs').set({ last_run_error: 1 }).where('job_id', '=', job.jobId).where('current_run_id', '=', p.runId).execute();
      await this.addEvents(trx, job, [{ type: problem.type, details: { operation: problem.operation, runDateMs: Number(run.run_date), affectedAccount: problem.affectedAccount, affectedBucket: p.bucket } }]);
    });
    this.deps.publisher.kick();
    await this.tryFinalize(p.runId);
  }

  // ─── scan-unit ───────────────────────────────────────────────────────────────────────────────────────────

  private detectionFor(runId: string, job: Job): Promise<RunDetection> {
    let d = this.detections.get(runId);
    if (!d) {
      d = (async () => {
        const def = job.definition;
        const extra = this.deps.detection ? await this.deps.detection.resolve(job, def) : { custom: [], allowLists: [] };
        const scanner = compileScanner(
          { managedSelector: def.managedDataIdentifierSelector, managedIds: def.managedDataIdentifierIds, custom: extra.custom, allowLists: extra.allowLists },
          this.deps.options.scanLimits,
        );
        return { scanner, custom: new Map(extra.custom.map((c) => [c.id, c])) };
      })();
      d.catch(() => this.detections.delete(runId));
      this.detections.set(runId, d);
    }
    return d;
  }

  async scanUnit(unitId: string): Promise<void> {
    const unit = await this.db.selectFrom('macie_job_units').selectAll().where('unit_id', '=', unitId).executeTakeFirst();
    if (!unit || unit.status !== 'PENDING') return;
    const act = await this.active(unit.run_id);
    if (!act) return;
    const { job } = act;
    // The quota belongs to the account that owns the bucket: an administrator's job uses its members' quotas.
    if (!(await this.reserveQuota(job, unit))) return this.pauseForQuota(job, unit.account_id);
    const detection = await this.detectionFor(unit.run_id, job);
    const storage = await this.deps.storage.forAccount(unit.account_id);
    const objects = JSON.parse(unit.objects) as PlannedObject[];
    const findings: Finding[] = [];
    const results = this.deps.results;
    const resultsDest = results ? await results.destination(job.accountId, job.region, job.jobArn) : undefined;
    const resultsAt = resultsDest ? resultsKey(resultsDest, job.accountId, job.region, job.jobId, unitId) : undefined;
    const detailedResultsLocation = resultsDest ? `s3://${resultsDest.bucket}/${resultsAt}` : `s3://[export-config-not-set]/AWSLogs/${job.accountId}/Macie/${job.region}/${job.jobId}/${unitId}.jsonl.gz`;
    const records: unknown[] = [];
    let scannedObjects = 0;
    let scannedBytes = 0;
    // The bucket is looked at again when its objects are analysed: it may have been deleted (and perhaps recreated by
    // another account) since the run planned it, or the store may not answer. Its objects are then not analysed and
    // the run logs the bucket-level event once (the first unit of the bucket that meets it).
    let config;
    try {
      config = await storage.getBucketConfiguration(unit.bucket);
    } catch (err) {
      config = undefined;
      await this.failBucket(job, act.run, { runId: unit.run_id, accountId: unit.account_id, bucket: unit.bucket }, problemOf(err, unit.account_id, 'GetBucketLocation'), 'PLANNED');
    }
    if (config && config.ownerAccountId !== unit.account_id) {
      await this.failBucket(job, act.run, { runId: unit.run_id, accountId: unit.account_id, bucket: unit.bucket }, { type: 'BUCKET_OWNER_CHANGED', affectedAccount: unit.account_id }, 'PLANNED');
      config = undefined; // never read another account's objects under this job
    }
    if (config) {
      const attributes = bucketAttributes(config);
      const bucket = { ...config, effectivePermission: attributes.effectivePermission };
      for (let i = 0; i < objects.length; i++) {
        if (this.stopped.has(job.jobId)) return;
        if (i > 0 && i % STATUS_CHECK_EVERY === 0 && !(await this.active(unit.run_id))) return;
        const planned = objects[i]!;
        const allowed =
          this.deps.bucketAccess?.({
            scannerAccountId: unit.account_id, region: job.region, bucket: unit.bucket, ownerAccountId: config.ownerAccountId,
            action: 's3:GetObject', resource: `arn:aws:s3:::${unit.bucket}/${planned.k}`, policy: config.policy,
          }) ?? true;
        if (!allowed) continue;
        let stream;
        let result;
        try {
          stream = await storage.readObject(unit.bucket, planned.k);
        } catch {
          // An object Macie cannot decrypt (SSE-C: only its owner holds the key; SSE-KMS: a key Macie's role may not
          // use) is reported SKIPPED in the discovery results, as Macie does; anything else deleted or unreadable
          // since planning is skipped silently (SOURCE_OBJECT_NO_LONGER_AVAILABLE / PERMISSION_DENIED).
          const info = await storage.headObject(unit.bucket, planned.k).catch(() => undefined);
          const sse = info?.encryption?.ServerSideEncryption;
          if (!info || (sse !== 'SSE-C' && sse !== 'aws:kms')) continue;
          stream = { info };
          result = undecryptable(info.key, info.size, sse === 'SSE-C' ? 'INVALID_ENCRYPTION' : 'PERMISSION_DENIED');
        }
        result ??= await scanObject({ key: planned.k, size: stream.info.size, stream: (stream as { body: import('node:stream').Readable }).body }, detection.scanner, this.deps.options.scanLimits);
        if (result.status.code !== 'SKIPPED') {
          scannedObjects++;
          scannedBytes += result.sizeClassified;
        }
        const findingId = findingIdFor(unit.run_id, unit.bucket, planned.k, planned.e);
        const finding = buildFinding(result, {
          findingId,
          // The account the finding applies to: the bucket's owner (a member's, for an administrator's job).
          accountId: unit.account_id,
          region: job.region,
          jobId: job.jobId,
          jobArn: job.jobArn,
          createdAt: this.deps.clock.now(),
          bucket,
          object: stream.info,
          custom: detection.custom,
          detailedResultsLocation,
        });
        if (finding) findings.push(finding);
        if (resultsDest) {
          records.push(
            ...renderDiscoveryResults(result, {
              accountId: job.accountId,
              region: job.region,
              id: findingId,
              createdAt: this.deps.clock.now(),
              jobId: job.jobId,
              jobArn: job.jobArn,
              originType: 'SENSITIVE_DATA_DISCOVERY_JOB',
              detailedResultsLocation,
              s3Bucket: { name: unit.bucket, arn: `arn:aws:s3:::${unit.bucket}`, owner: { id: config.ownerAccountId } },
              s3Object: { key: planned.k, ...(stream.info.versionId ? { versionId: stream.info.versionId } : {}), eTag: stream.info.etag, size: stream.info.size, storageClass: stream.info.storageClass, lastModified: stream.info.lastModified },
              ...(finding?.severity ? { severity: finding.severity as never } : {}),
            }),
          );
        }
      }
    }
    // Results first: a finding points at its result file, which must exist once the finding does.
    if (results && resultsDest && resultsAt && records.length) await results.write(job.accountId, resultsDest, resultsAt, gzipJsonLines(records));
    await this.recordFindings(job, findings);
    const nowMs = this.deps.clock.nowMs();
    await this.db.transaction().execute(async (trx) => {
      const res = await trx
        .updateTable('macie_job_units')
        .set({ status: 'DONE', scanned_objects: scannedObjects, scanned_bytes: scannedBytes, findings: findings.length, done_at: nowMs, done_by: WORKER_ID })
        .where('unit_id', '=', unitId)
        .where('status', '=', 'PENDING')
        .executeTakeFirst();
      if (Number(res.numUpdatedRows) === 0) return;
      // The unit's reservation becomes what it analysed, in the transaction that marks it done: never both, never neither.
      const held = await trx.selectFrom('macie_job_units').select(['reserved_bytes', 'reserved_month']).where('unit_id', '=', unitId).executeTakeFirstOrThrow();
      if (held.reserved_month !== null) {
        await trx
          .updateTable('macie_job_usage')
          .set({ reserved: sql`reserved - ${Number(held.reserved_bytes ?? 0)}` })
          .where('account_id', '=', unit.account_id)
          .where('region', '=', job.region)
          .where('month', '=', held.reserved_month)
          .execute();
      }
      if (scannedBytes === 0) return;
      await trx
        .insertInto('macie_job_usage')
        .values({ account_id: unit.account_id, region: job.region, month: monthOf(nowMs), bytes: scannedBytes })
        .onConflict((oc) => oc.columns(['account_id', 'region', 'month']).doUpdateSet({ bytes: sql`macie_job_usage.bytes + ${scannedBytes}` }))
        .execute();
    });
    await this.tryFinalize(unit.run_id);
  }

  /** Records the findings not recorded yet (a unit done again after a crash finds its earlier ones). */
  private async recordFindings(job: Job, findings: Finding[]): Promise<void> {
    if (findings.length === 0) return;
    const existing = new Set(
      (await this.db.selectFrom('macie_findings').select('id').where('id', 'in', findings.map((f) => f.id!)).execute()).map((r) => r.id),
    );
    const fresh = findings.filter((f) => !existing.has(f.id!));
    if (fresh.length === 0) return;
    await new FindingsStore(this.db, this.deps.store.dialect, this.deps.ids).recordMany({ accountId: job.accountId, region: job.region, clock: this.deps.clock }, fresh);
  }

  // ─── the monthly quota ──────────────────────────────────────────────────────────────────────────────────

  async usedThisMonth(accountId: string, region: string): Promise<number> {
    const r = await this.db.selectFrom('macie_job_usage').select('bytes').where('account_id', '=', accountId).where('region', '=', region).where('month', '=', monthOf(this.deps.clock.nowMs())).executeTakeFirst();
    return Number(r?.bytes ?? 0);
  }

  private async quotaOf(accountId: string, region: string): Promise<number> {
    return this.deps.quotaBytes ? this.deps.quotaBytes(accountId, region) : DEFAULT_MONTHLY_QUOTA_BYTES;
  }

  /** Whether analysing `bytes` more of `accountId`'s data would take that account past its monthly quota. */
  async wouldExceedQuota(job: Job, accountId: string, bytes: number): Promise<boolean> {
    const quota = await this.quotaOf(accountId, job.region);
    const r = await this.db.selectFrom('macie_job_usage').select(['bytes', 'reserved']).where('account_id', '=', accountId).where('region', '=', job.region).where('month', '=', monthOf(this.deps.clock.nowMs())).executeTakeFirst();
    return Number(r?.bytes ?? 0) + Number(r?.reserved ?? 0) + bytes > quota;
  }

  /**
   * Reserves the unit's bytes against its account's quota before it is analysed; false when they don't fit. The check
   * and the reservation are one conditional UPDATE, atomic in the database, so units running at the same time in
   * any number of processes never take an account past its quota together. A unit reserves once (a retry after a
   * crash finds its reservation), and gives the reservation back when it is marked done.
   */
  private async reserveQuota(job: Job, unit: UnitRow): Promise<boolean> {
    if (unit.reserved_month !== null) return true;
    const bytes = Number(unit.bytes);
    const month = monthOf(this.deps.clock.nowMs());
    const quota = await this.quotaOf(unit.account_id, job.region);
    const NO_ROOM = Symbol('no room');
    try {
      await this.db.transaction().execute(async (trx) => {
        const mine = await trx.updateTable('macie_job_units').set({ reserved_bytes: bytes, reserved_month: month }).where('unit_id', '=', unit.unit_id).where('status', '=', 'PENDING').where('reserved_month', 'is', null).executeTakeFirst();
        if (Number(mine.numUpdatedRows) === 0) return; // reserved (or done) by another delivery meanwhile
        await trx
          .insertInto('macie_job_usage')
          .values({ account_id: unit.account_id, region: job.region, month, bytes: 0 })
          .onConflict((oc) => oc.columns(['account_id', 'region', 'month']).doNothing())
          .execute();
        const room = await trx
          .updateTable('macie_job_usage')
          .set({ reserved: sql`reserved + ${bytes}` })
          .where('account_id', '=', unit.account_id)
          .where('region', '=', job.region)
          .where('month', '=', month)
          .where(sql<boolean>`bytes + reserved + ${bytes} <= ${quota}`)
          .executeTakeFirst();
        if (Number(room.numUpdatedRows) === 0) throw NO_ROOM;
      });
      return true;
    } catch (err) {
      if (err === NO_ROOM) return false;
      throw err;
    }
  }

  /** Gives back the reservations of units whose run ended without them (cancelled, expired): the scheduler's sweep. */
  async releaseAbandonedReservations(): Promise<number> {
    const rows = await this.db
      .selectFrom('macie_job_units')
      .innerJoin('macie_job_runs', 'macie_job_runs.run_id', 'macie_job_units.run_id')
      .innerJoin('macie_jobs', 'macie_jobs.job_id', 'macie_job_units.job_id')
      .select(['macie_job_units.unit_id', 'macie_job_units.account_id', 'macie_jobs.region', 'macie_job_units.reserved_bytes', 'macie_job_units.reserved_month'])
      .where('macie_job_units.status', '=', 'PENDING')
      .where('macie_job_units.reserved_month', 'is not', null)
      .where('macie_job_runs.status', '!=', 'RUNNING')
      .execute();
    let released = 0;
    for (const r of rows) {
      await this.db.transaction().execute(async (trx) => {
        const res = await trx.updateTable('macie_job_units').set({ reserved_bytes: null, reserved_month: null }).where('unit_id', '=', r.unit_id).where('status', '=', 'PENDING').where('reserved_month', '=', r.reserved_month).executeTakeFirst();
        if (Number(res.numUpdatedRows) === 0) return;
        await trx.updateTable('macie_job_usage').set({ reserved: sql`reserved - ${Number(r.reserved_bytes ?? 0)}` }).where('account_id', '=', r.account_id).where('region', '=', r.region).where('month', '=', r.reserved_month!).execute();
        released++;
      });
    }
    return released;
  }

  /** RUNNING → PAUSED by Macie, with JOB_PAUSED_BY_MACIE_SERVICE_QUOTA_MET. Units stay pending. */
  private async pauseForQuota(job: Job, affectedAccount: string): Promise<void> {
    const nowMs = this.deps.clock.nowMs();
    await this.db.transaction().execute(async (trx) => {
      const res = await trx.updateTable('macie_jobs').set({ status: 'PAUSED', updated_at: nowMs }).where('job_id', '=', job.jobId).where('status', '=', 'RUNNING').executeTakeFirst();
      if (Number(res.numUpdatedRows) === 0) return;
      await this.addEvents(trx, job, [{ type: 'JOB_PAUSED_BY_MACIE_SERVICE_QUOTA_MET', details: { affectedAccount } }]);
    });
    this.deps.publisher.kick();
  }

  /**
   * PAUSED → RUNNING when the quota of every account the run still has data of allows that account's next unit
   * (the quotas were raised or the month turned), with JOB_RESUMED_BY_MACIE_SERVICE_QUOTA_LIFTED.
   */
  async resumeIfQuotaLifted(job: Job): Promise<boolean> {
    if (job.status !== 'PAUSED' || !job.currentRunId) return false;
    const next = await this.db
      .selectFrom('macie_job_units')
      .select((eb) => ['account_id', eb.fn.min<number>('bytes').as('b')])
      .where('run_id', '=', job.currentRunId)
      .where('status', '=', 'PENDING')
      .groupBy('account_id')
      .execute();
    for (const n of next) if (await this.wouldExceedQuota(job, n.account_id, Number(n.b ?? 0))) return false;
    const nowMs = this.deps.clock.nowMs();
    const resumed = await this.db.transaction().execute(async (trx) => {
      const res = await trx.updateTable('macie_jobs').set({ status: 'RUNNING', updated_at: nowMs }).where('job_id', '=', job.jobId).where('status', '=', 'PAUSED').executeTakeFirst();
      if (Number(res.numUpdatedRows) === 0) return false;
      // The affected account is the one whose quota paused the job (a member's, for an administrator's job).
      const paused = await trx
        .selectFrom('macie_job_events')
        .select('message')
        .where('job_id', '=', job.jobId)
        .where('message', 'like', '%"JOB_PAUSED_BY_MACIE_SERVICE_QUOTA_MET"%')
        .orderBy('seq', 'desc')
        .limit(1)
        .executeTakeFirst();
      const affectedAccount = (paused ? (JSON.parse(paused.message) as { affectedAccount?: string }).affectedAccount : undefined) ?? job.accountId;
      await this.addEvents(trx, job, [{ type: 'JOB_RESUMED_BY_MACIE_SERVICE_QUOTA_LIFTED', details: { affectedAccount } }]);
      return true;
    });
    if (resumed) await this.enqueueRun(job.currentRunId);
    return resumed;
  }

  // ─── finalize ────────────────────────────────────────────────────────────────────────────────────────────

  /** Completes the run when nothing of it is pending and its job is running it. */
  async tryFinalize(runId: string): Promise<boolean> {
    const done = await this.db.transaction().execute(async (trx) => {
      const run = await trx.selectFrom('macie_job_runs').selectAll().where('run_id', '=', runId).executeTakeFirst();
      if (!run || run.status !== 'RUNNING' || Number(run.resolved) !== 1) return false;
      const pendingBuckets = await trx.selectFrom('macie_job_run_buckets').select((eb) => eb.fn.countAll<number>().as('n')).where('run_id', '=', runId).where('status', '=', 'PENDING').executeTakeFirstOrThrow();
      if (Number(pendingBuckets.n) > 0) return false;
      const pendingUnits = await trx.selectFrom('macie_job_units').select((eb) => eb.fn.countAll<number>().as('n')).where('run_id', '=', runId).where('status', '=', 'PENDING').executeTakeFirstOrThrow();
      if (Number(pendingUnits.n) > 0) return false;
      const job = await jobById(trx, run.job_id);
      if (!job || job.status !== 'RUNNING' || job.currentRunId !== runId) return false;
      const nowMs = this.deps.clock.nowMs();
      const res = await trx.updateTable('macie_job_runs').set({ status: 'COMPLETE', finished_at: nowMs }).where('run_id', '=', runId).where('status', '=', 'RUNNING').executeTakeFirst();
      if (Number(res.numUpdatedRows) === 0) return false;
      const freq = job.definition.scheduleFrequency;
      let next = job.nextRunAt?.getTime() ?? null;
      if (job.jobType === 'SCHEDULED' && freq && (next === null || next <= nowMs)) next = nextRunAt(freq, nowMs);
      await trx
        .updateTable('macie_jobs')
        .set({ status: statusAfterRun(job.jobType), current_run_id: null, next_run_at: job.jobType === 'SCHEDULED' ? next : null, updated_at: nowMs })
        .where('job_id', '=', job.jobId)
        .execute();
      await this.addEvents(trx, job, [job.jobType === 'ONE_TIME' ? { type: 'JOB_COMPLETED', details: { runDateMs: Number(run.run_date) } } : { type: 'SCHEDULED_RUN_COMPLETED', details: { runDateMs: Number(run.run_date) } }]);
      return true;
    });
    if (done) {
      this.detections.delete(runId);
      this.deps.publisher.kick();
    }
    return done;
  }

  forgetRun(runId: string): void {
    this.detections.delete(runId);
  }
}

export function unitIdOf(runId: string, accountId: string, bucket: string, seq: number): string {
  return `${runId}/${accountId}/${bucket}/${seq}`;
}

export function monthOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 7);
}

/** The result of an object Macie could not decrypt: SKIPPED, nothing analysed. */
function undecryptable(key: string, size: number, reason: 'INVALID_ENCRYPTION' | 'PERMISSION_DENIED'): import('../scan/index.js').ObjectScanResult {
  const message = reason === 'INVALID_ENCRYPTION' ? 'The object is encrypted with a customer-provided key (SSE-C).' : 'Macie is not allowed to use the KMS key the object is encrypted with.';
  return { key, mimeType: 'application/octet-stream', size, sizeClassified: 0, status: { code: 'SKIPPED', reason, message }, detections: [], archive: false, members: [], membersAnalysed: 0, expandedBytes: 0 };
}
