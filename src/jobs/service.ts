// Classification jobs as the macie2 provider uses them: create, describe, list and update, plus the scheduler's
// tick (due scheduled runs, the 30-day expiry of user pauses, runs that have nothing left, event publication) and
// the Background that drives it and the queue's workers.
import type { Clock, IdSource, Logger } from '../common/index.js';
import type { JobAccounts } from './accounts.js';
import { DetectError, selectManagedIdentifiers } from '../detect/index.js';
import { instrumentHandlers, trackQueue, WORKER_ID, type WorkQueue } from '../queue/index.js';
import { acquireLease, releaseLease } from '../store/index.js';
import type { Store } from '../store/index.js';
import type { BucketAccessCheck } from './bucket-check.js';
import { invalid, jobNotFound, JobError } from './errors.js';
import type { JobEventSink } from './events.js';
import { listJobs } from './list.js';
import { EventPublisher } from './publisher.js';
import { EventOutbox, findJob, jobArn, jobById, toJob, type Db } from './repo.js';
import type { DiscoveryResultsSink } from './results.js';
import { DEFAULT_RUNNER_OPTIONS, JobRunner, type DetectionResolver, type QuotaBytesFor, type RunnerOptions, type StorageForAccount } from './runner.js';
import { nextRunAt } from './schedule.js';
import { initialStatus, pauseExpiry, userChange, USER_PAUSE_EXPIRY_MS } from './state-machine.js';
import type { CreateJobInput, Job, JobDescription, JobScope, JobSummary, ListJobsInput } from './types.js';
import { checkTags, validateCreateJob } from './validate.js';
import { cancelAccountJobs, deleteAccountJobs, type CancelCause } from './account-jobs.js';
import type { AutomatedDiscovery } from './automated/index.js';

export interface JobsOptions extends RunnerOptions {
  /** How often the scheduler looks for due runs, expired pauses and events to publish. */
  tickMs: number;
  /** Work items handled at the same time by this process's workers. */
  concurrency: number;
}

export const DEFAULT_JOBS_OPTIONS: JobsOptions = Object.freeze({ ...DEFAULT_RUNNER_OPTIONS, tickMs: 5_000, concurrency: 4 });

export interface JobsDeps {
  store: Store;
  clock: Clock;
  ids: IdSource;
  queue: WorkQueue;
  storage: StorageForAccount;
  events: JobEventSink;
  detection?: DetectionResolver;
  bucketAccess?: BucketAccessCheck;
  /** The monthly sensitive data discovery quota per account (default 5 TB). */
  quotaBytes?: QuotaBytesFor;
  /** Where sensitive data discovery results are written (the account's export configuration). */
  results?: DiscoveryResultsSink;
  /** A Macie administrator's members and each account's state (account-level events). */
  accounts?: JobAccounts;
  /** Automated sensitive data discovery: its work items share the queue and workers, its runs the scheduler. */
  automated?: AutomatedDiscovery;
  logger?: Logger;
  options?: Partial<JobsOptions>;
  /** What this process does with jobs (default: everything, the one-process layout). */
  roles?: Partial<JobRoles>;
  /** This process's name in leases (default WORKER_ID; tests give two schedulers in one process two names). */
  holder?: string;
}

/**
 * The parts of jobs a process takes on. Every process schedules (due runs, recovery) under a database lease, so that
 * scheduled work fires once however many run; `work` handles queue items (workers, and the one-process layout);
 * `publish` writes job events to CloudWatch Logs, whose store belongs to the API process.
 */
export interface JobRoles {
  work: boolean;
  publish: boolean;
  /**
   * False when this process is the only one on its database (no shared queue): the singleton tasks need no lease,
   * and a process restarted after kill -9 must not wait for its former self's lease to lapse.
   */
  shared?: boolean;
}

const SCHEDULER_LEASE = 'jobs.scheduler';
const PUBLISHER_LEASE = 'jobs.events';

export class ClassificationJobs {
  readonly runner: JobRunner;
  readonly publisher: EventPublisher;
  private readonly db: Db;
  private readonly outbox = new EventOutbox();
  private readonly options: JobsOptions;
  private timer: NodeJS.Timeout | undefined;
  private ticking: Promise<void> | undefined;
  private started = false;
  private startup: Promise<void> = Promise.resolve();
  private readonly roles: JobRoles;
  private untrack: (() => void) | undefined;

  constructor(private readonly deps: JobsDeps) {
    this.db = deps.store.db;
    this.options = { ...DEFAULT_JOBS_OPTIONS, ...deps.options };
    this.roles = { work: true, publish: true, ...deps.roles };
    this.publisher = new EventPublisher(this.db, deps.events, deps.logger, this.roles.publish ? () => this.holdLease(PUBLISHER_LEASE) : async () => false);
    this.runner = new JobRunner({
      store: deps.store,
      clock: deps.clock,
      ids: deps.ids,
      queue: deps.queue,
      storage: deps.storage,
      outbox: this.outbox,
      publisher: this.publisher,
      detection: deps.detection,
      bucketAccess: deps.bucketAccess,
      quotaBytes: deps.quotaBytes,
      results: deps.results,
      accounts: deps.accounts,
      logger: deps.logger,
      options: this.options,
    });
  }

  // ─── operations ──────────────────────────────────────────────────────────────────────────────────────────

  async create(scope: JobScope, input: CreateJobInput): Promise<{ jobId: string; jobArn: string }> {
    const definition = validateCreateJob(input);
    const tags = checkTags(input.tags);
    const same = await this.db.selectFrom('macie_jobs').select('job_id').where('account_id', '=', scope.accountId).where('region', '=', scope.region).where('client_token', '=', input.clientToken).executeTakeFirst();
    if (same) return { jobId: same.job_id, jobArn: jobArn({ ...scope, jobId: same.job_id }) };
    try {
      selectManagedIdentifiers({ managedSelector: definition.managedDataIdentifierSelector, managedIds: definition.managedDataIdentifierIds });
    } catch (err) {
      if (err instanceof DetectError) throw invalid(err.message);
      throw err;
    }
    await this.deps.detection?.check(scope, definition);

    const jobId = this.deps.ids.hex(16);
    const nowMs = this.deps.clock.nowMs();
    const status = initialStatus(input.jobType, definition.initialRun);
    const freq = definition.scheduleFrequency;
    const row = {
      job_id: jobId,
      account_id: scope.accountId,
      region: scope.region,
      name: input.name,
      client_token: input.clientToken,
      job_type: input.jobType,
      status: status === 'RUNNING' ? 'IDLE' : status, // startRunIn makes it RUNNING with its run
      definition: JSON.stringify(definition),
      tags: JSON.stringify(tags),
      created_at: nowMs,
      updated_at: nowMs,
      last_run_time: null,
      last_run_error: 0,
      paused_at: null,
      next_run_at: input.jobType === 'SCHEDULED' && freq ? nextRunAt(freq, nowMs) : null,
      number_of_runs: 0,
      current_run_id: null,
    };
    const runId = await this.db.transaction().execute(async (trx) => {
      await trx.insertInto('macie_jobs').values(row).execute();
      const job = toJob(row);
      await this.outbox.add(trx, job, nowMs, [{ type: 'JOB_CREATED' }]);
      return status === 'RUNNING' ? this.runner.startRunIn(trx, job, nowMs) : undefined;
    });
    this.publisher.kick();
    if (runId) await this.runner.enqueueRun(runId);
    return { jobId, jobArn: jobArn({ ...scope, jobId }) };
  }

  async get(scope: JobScope, jobId: string): Promise<Job> {
    if (typeof jobId !== 'string' || jobId === '') throw invalid('jobId is required.');
    const job = await findJob(this.db, scope, jobId);
    if (!job) throw jobNotFound(jobId);
    return job;
  }

  async describe(scope: JobScope, jobId: string): Promise<JobDescription> {
    const job = await this.get(scope, jobId);
    const d = job.definition;
    let toProcess = 0;
    if (job.currentRunId) {
      const r = await this.db.selectFrom('macie_job_units').select((eb) => eb.fn.sum<number>('object_count').as('n')).where('run_id', '=', job.currentRunId).where('status', '=', 'PENDING').executeTakeFirst();
      toProcess = Number(r?.n ?? 0);
    }
    return {
      ...(d.allowListIds ? { allowListIds: d.allowListIds } : {}),
      clientToken: job.clientToken,
      createdAt: job.createdAt,
      ...(d.customDataIdentifierIds ? { customDataIdentifierIds: d.customDataIdentifierIds } : {}),
      ...(d.description !== undefined ? { description: d.description } : {}),
      initialRun: d.initialRun,
      jobArn: job.jobArn,
      jobId: job.jobId,
      jobStatus: job.status,
      jobType: job.jobType,
      lastRunErrorStatus: { code: job.lastRunError ? 'ERROR' : 'NONE' },
      // A scheduled job that never ran reports its creation time (model docs).
      lastRunTime: job.lastRunTime ?? job.createdAt,
      ...(d.managedDataIdentifierIds ? { managedDataIdentifierIds: d.managedDataIdentifierIds } : {}),
      ...(d.managedDataIdentifierSelector ? { managedDataIdentifierSelector: d.managedDataIdentifierSelector } : {}),
      name: job.name,
      s3JobDefinition: d.s3JobDefinition,
      samplingPercentage: d.samplingPercentage,
      ...(d.scheduleFrequency ? { scheduleFrequency: d.scheduleFrequency } : {}),
      statistics: { approximateNumberOfObjectsToProcess: toProcess, numberOfRuns: job.numberOfRuns },
      tags: job.tags,
      ...(pausedDetails(job) ? { userPausedDetails: pausedDetails(job) } : {}),
    };
  }

  async list(scope: JobScope, input: ListJobsInput): Promise<{ items: JobSummary[]; nextToken?: string }> {
    const rows = await this.db.selectFrom('macie_jobs').selectAll().where('account_id', '=', scope.accountId).where('region', '=', scope.region).execute();
    const { jobs, nextToken } = listJobs(rows.map(toJob), input);
    return {
      items: jobs.map((j) => ({
        ...(j.definition.s3JobDefinition.bucketCriteria ? { bucketCriteria: j.definition.s3JobDefinition.bucketCriteria } : {}),
        ...(j.definition.s3JobDefinition.bucketDefinitions ? { bucketDefinitions: j.definition.s3JobDefinition.bucketDefinitions } : {}),
        createdAt: j.createdAt,
        jobId: j.jobId,
        jobStatus: j.status,
        jobType: j.jobType,
        lastRunErrorStatus: { code: j.lastRunError ? 'ERROR' : 'NONE' },
        name: j.name,
        ...(pausedDetails(j) ? { userPausedDetails: pausedDetails(j) } : {}),
      })),
      ...(nextToken ? { nextToken } : {}),
    };
  }

  /** UpdateClassificationJob: cancel, pause or resume, as Macie allows. */
  async update(scope: JobScope, jobId: string, requested: string): Promise<void> {
    const job = await this.get(scope, jobId);
    const change = userChange({ status: job.status, jobType: job.jobType, hasRunInProgress: job.currentRunId !== undefined }, requested);
    const nowMs = this.deps.clock.nowMs();
    if (change.kind !== 'resume') this.runner.signalStop(job.jobId);
    const changed = await this.db.transaction().execute(async (trx) => {
      const set =
        change.kind === 'cancel'
          ? { status: 'CANCELLED', current_run_id: null, next_run_at: null, paused_at: null, updated_at: nowMs }
          : change.kind === 'pause'
            ? { status: 'USER_PAUSED', paused_at: nowMs, updated_at: nowMs }
            : {
                status: change.to,
                paused_at: null,
                updated_at: nowMs,
                // Runs missed while paused are not made up: the schedule carries on from now.
                ...(change.to === 'IDLE' && job.definition.scheduleFrequency && (job.nextRunAt?.getTime() ?? 0) <= nowMs ? { next_run_at: nextRunAt(job.definition.scheduleFrequency, nowMs) } : {}),
              };
      const res = await trx.updateTable('macie_jobs').set(set).where('job_id', '=', job.jobId).where('status', '=', job.status).executeTakeFirst();
      if (Number(res.numUpdatedRows) === 0) return false;
      if (change.kind === 'cancel' && job.currentRunId) {
        await trx.updateTable('macie_job_runs').set({ status: 'CANCELLED', finished_at: nowMs }).where('run_id', '=', job.currentRunId).where('status', '=', 'RUNNING').execute();
      }
      await this.outbox.add(trx, job, nowMs, [{ type: change.event }]);
      return true;
    });
    if (!changed) throw new JobError('conflict', `The job ${jobId} changed while it was being updated. Try again.`);
    if (change.kind === 'cancel' && job.currentRunId) this.runner.forgetRun(job.currentRunId);
    this.publisher.kick();
    if (change.kind === 'resume') {
      this.runner.signalResume(job.jobId);
      if (change.to === 'RUNNING' && job.currentRunId) await this.runner.enqueueRun(job.currentRunId);
    }
  }

  /** Suspending (or disabling) Macie: every open job of the account in the Region is cancelled (account-jobs.ts). */
  async cancelAccountJobs(scope: JobScope, cause: CancelCause): Promise<string[]> {
    const { jobIds, runIds } = await cancelAccountJobs(this.db, this.outbox, scope, cause, this.deps.clock.nowMs());
    for (const id of jobIds) this.runner.signalStop(id);
    for (const id of runIds) this.runner.forgetRun(id);
    this.publisher.kick();
    return jobIds;
  }

  /** Disabling Macie: jobs cancelled (their events still published), then deleted with their runs. */
  async deleteAccountJobs(scope: JobScope): Promise<void> {
    await this.cancelAccountJobs(scope, 'disabled');
    await deleteAccountJobs(this.db, scope);
  }

  /** Ids of the account's jobs that use an allow list and aren't COMPLETE or CANCELLED (DeleteAllowList's check). */
  async jobsUsingAllowList(accountId: string, region: string, allowListId: string): Promise<string[]> {
    const rows = await this.db.selectFrom('macie_jobs').select(['job_id', 'definition']).where('account_id', '=', accountId).where('region', '=', region).where('status', 'not in', ['COMPLETE', 'CANCELLED']).execute();
    return rows.filter((r) => ((JSON.parse(r.definition) as { allowListIds?: string[] }).allowListIds ?? []).includes(allowListId)).map((r) => r.job_id);
  }

  /** Bytes analysed by jobs for an account in a month ('YYYY-MM', UTC): GetUsageStatistics / GetUsageTotals. */
  async usageBytes(accountId: string, region: string, month: string): Promise<number> {
    const r = await this.db.selectFrom('macie_job_usage').select('bytes').where('account_id', '=', accountId).where('region', '=', region).where('month', '=', month).executeTakeFirst();
    return Number(r?.bytes ?? 0);
  }

  // ─── scheduling ──────────────────────────────────────────────────────────────────────────────────────────

  /** One pass of the scheduler. Safe to call at any time; concurrent calls share a pass. */
  tick(): Promise<void> {
    this.ticking ??= this.tickOnce().finally(() => (this.ticking = undefined));
    return this.ticking;
  }

  /** Takes or renews a lease of this process; it lasts three ticks, so a killed holder is replaced within them. */
  private holdLease(name: string): Promise<boolean> {
    if (this.roles.shared === false) return Promise.resolve(true);
    return acquireLease(this.db, { name, holder: this.deps.holder ?? WORKER_ID, ttlMs: Math.max(3_000, 3 * this.options.tickMs) }, this.deps.clock.nowMs());
  }

  private async tickOnce(): Promise<void> {
    if (await this.holdLease(SCHEDULER_LEASE)) await this.schedule();
    await this.publisher.flush().catch((err) => this.deps.logger?.warn('job events not published yet', { error: err instanceof Error ? err.message : String(err) }));
  }

  /** The scheduler's pass, run by one process at a time (the lease's holder). */
  private async schedule(): Promise<void> {
    const nowMs = this.deps.clock.nowMs();
    // The 30-day rule for jobs paused by their user.
    const paused = await this.db.selectFrom('macie_jobs').selectAll().where('status', '=', 'USER_PAUSED').where('paused_at', '<=', nowMs - USER_PAUSE_EXPIRY_MS).execute();
    for (const row of paused) {
      const job = toJob(row);
      const action = pauseExpiry({ status: job.status, jobType: job.jobType, pausedAtMs: job.pausedAt?.getTime(), hasRunInProgress: job.currentRunId !== undefined }, nowMs);
      if (action === 'none') continue;
      await this.db.transaction().execute(async (trx) => {
        const set = action === 'cancel' ? { status: 'CANCELLED', current_run_id: null, next_run_at: null, paused_at: null, updated_at: nowMs } : { current_run_id: null, updated_at: nowMs };
        const res = await trx.updateTable('macie_jobs').set(set).where('job_id', '=', job.jobId).where('status', '=', 'USER_PAUSED').where('paused_at', '=', row.paused_at).executeTakeFirst();
        if (Number(res.numUpdatedRows) === 0) return;
        if (job.currentRunId) await trx.updateTable('macie_job_runs').set({ status: action === 'cancel' ? 'CANCELLED' : 'EXPIRED', finished_at: nowMs }).where('run_id', '=', job.currentRunId).where('status', '=', 'RUNNING').execute();
        if (action === 'cancel') await this.outbox.add(trx, job, nowMs, [{ type: 'JOB_CANCELLED' }]);
      });
    }
    // Scheduled runs that are due.
    const due = await this.db.selectFrom('macie_jobs').selectAll().where('status', '=', 'IDLE').where('job_type', '=', 'SCHEDULED').where('next_run_at', '<=', nowMs).execute();
    for (const row of due) {
      const runId = await this.db.transaction().execute(async (trx) => {
        const fresh = await jobById(trx, row.job_id);
        if (!fresh || fresh.status !== 'IDLE' || (fresh.nextRunAt?.getTime() ?? Infinity) > nowMs) return undefined;
        return this.runner.startRunIn(trx, fresh, nowMs);
      });
      if (runId) await this.runner.enqueueRun(runId);
    }
    // Jobs Macie paused for the quota, when it was raised or the month turned.
    const quotaPaused = await this.db.selectFrom('macie_jobs').selectAll().where('status', '=', 'PAUSED').execute();
    for (const row of quotaPaused) await this.runner.resumeIfQuotaLifted(toJob(row));
    // Running runs: pending work enqueued again if it was lost (ids deduplicate), and runs with nothing left
    // finalized (their last unit finished while the job was paused, or a wake-up was lost).
    await this.recover();
    await this.deps.automated?.tick();
    await this.runner.releaseAbandonedReservations();
  }

  /** Enqueues the pending work of every running run: what a restarted server does first. */
  async recover(): Promise<void> {
    const rows = await this.db
      .selectFrom('macie_job_runs')
      .innerJoin('macie_jobs', 'macie_jobs.current_run_id', 'macie_job_runs.run_id')
      .select('macie_job_runs.run_id')
      .where('macie_job_runs.status', '=', 'RUNNING')
      .where('macie_jobs.status', '=', 'RUNNING')
      .execute();
    for (const r of rows) await this.runner.enqueueRun(r.run_id);
    await this.deps.automated?.recover();
  }

  /** Starts the workers and the scheduler (Background.start). */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.untrack = trackQueue(this.deps.queue);
    if (this.roles.work) this.deps.queue.process(instrumentHandlers({ ...this.runner.handlers(), ...this.deps.automated?.handlers() }, this.deps.logger), { concurrency: this.options.concurrency });
    this.startup = (this.roles.work ? this.recover() : Promise.resolve())
      .then(() => this.tick())
      .catch((err) => this.deps.logger?.error('recovering classification jobs failed', { error: err instanceof Error ? err.stack : String(err) }));
    this.timer = setInterval(() => {
      this.tick().catch((err) => this.deps.logger?.error('job scheduler tick failed', { error: err instanceof Error ? err.stack : String(err) }));
    }, this.options.tickMs);
    this.timer.unref();
  }

  /** Stops the scheduler, lets running work items finish and publishes what is pending (Background.stop). */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.startup;
    await this.ticking?.catch(() => undefined);
    await this.deps.queue.close();
    await this.publisher.flush().catch(() => undefined);
    this.untrack?.();
    // A clean stop hands the singleton tasks over at once instead of after the lease runs out.
    for (const name of [SCHEDULER_LEASE, PUBLISHER_LEASE]) await releaseLease(this.db, { name, holder: this.deps.holder ?? WORKER_ID }).catch(() => undefined);
  }

  /** Waits until the queue has nothing left and every event is published (tests, `sift demo`). */
  async settle(): Promise<void> {
    await this.startup;
    for (;;) {
      await this.deps.queue.idle();
      await this.publisher.flush();
      const c = await this.deps.queue.counts();
      if (c.waiting === 0 && c.active === 0) return;
    }
  }
}

function pausedDetails(job: Job): JobDescription['userPausedDetails'] | undefined {
  if (job.status !== 'USER_PAUSED' || !job.pausedAt) return undefined;
  return { jobPausedAt: job.pausedAt, jobExpiresAt: new Date(job.pausedAt.getTime() + USER_PAUSE_EXPIRY_MS) };
}
