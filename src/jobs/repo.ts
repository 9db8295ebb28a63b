// Store access for jobs: rows ↔ Job, and the outbox write that goes with every state change. Every function takes
// the Kysely handle it should use, so callers put a state change and its events in one transaction.
import type { Kysely } from 'kysely';
import type { Database } from '../store/index.js';
import { buildJobEvent, EventStamps, type JobEventDetails, type JobEventType } from './events.js';
import type { Job, JobDefinition, JobStatus, JobType, TagMap } from './types.js';

export type Db = Kysely<Database>;
export type JobRow = Database['macie_jobs'];
export type RunRow = Database['macie_job_runs'];
export type UnitRow = Database['macie_job_units'];

export const jobArn = (j: { region: string; accountId: string; jobId: string }) => `arn:aws:macie2:${j.region}:${j.accountId}:classification-job/${j.jobId}`;

const optDate = (ms: number | null) => (ms === null || ms === undefined ? undefined : new Date(Number(ms)));

export function toJob(r: JobRow): Job {
  return {
    jobId: r.job_id,
    jobArn: jobArn({ region: r.region, accountId: r.account_id, jobId: r.job_id }),
    accountId: r.account_id,
    region: r.region,
    name: r.name,
    clientToken: r.client_token,
    jobType: r.job_type as JobType,
    status: r.status as JobStatus,
    definition: JSON.parse(r.definition) as JobDefinition,
    tags: JSON.parse(r.tags) as TagMap,
    createdAt: new Date(Number(r.created_at)),
    lastRunTime: optDate(r.last_run_time),
    lastRunError: Number(r.last_run_error) === 1,
    pausedAt: optDate(r.paused_at),
    nextRunAt: optDate(r.next_run_at),
    numberOfRuns: Number(r.number_of_runs),
    currentRunId: r.current_run_id ?? undefined,
  };
}

export async function findJob(db: Db, scope: { accountId: string; region: string }, jobId: string): Promise<Job | undefined> {
  const row = await db.selectFrom('macie_jobs').selectAll().where('job_id', '=', jobId).where('account_id', '=', scope.accountId).where('region', '=', scope.region).executeTakeFirst();
  return row ? toJob(row) : undefined;
}

export async function jobById(db: Db, jobId: string): Promise<Job | undefined> {
  const row = await db.selectFrom('macie_jobs').selectAll().where('job_id', '=', jobId).executeTakeFirst();
  return row ? toJob(row) : undefined;
}

/** Writes job events to the outbox (in the caller's transaction). */
export class EventOutbox {
  private readonly stamps = new EventStamps();
  async add(db: Db, job: { accountId: string; region: string; jobId: string; name: string }, nowMs: number, events: ReadonlyArray<{ type: JobEventType; details?: JobEventDetails }>): Promise<void> {
    if (events.length === 0) return;
    const rows = events.map((e) => {
      const stamp = this.stamps.next(nowMs);
      return {
        job_id: job.jobId,
        account_id: job.accountId,
        region: job.region,
        occurred_at: stamp.ms,
        message: JSON.stringify(buildJobEvent(job, e.type, stamp, e.details)),
        published: 0,
      };
    });
    await db.insertInto('macie_job_events').values(rows).execute();
  }
}
