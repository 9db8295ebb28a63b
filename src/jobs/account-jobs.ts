// What suspending or disabling Macie does to an account's jobs in a Region (Macie User Guide, "Suspending Macie" and
// "Disabling Macie"; seed 002 JOB_CANCELLED / ACCOUNT_SUSPENDED): every job that is not finished (RUNNING, IDLE,
// PAUSED, USER_PAUSED) is cancelled with a JOB_CANCELLED event; a job with a run in progress when Macie is suspended
// first logs ACCOUNT_SUSPENDED for its own account (the seed: "If the specified account is your own account, Macie
// automatically cancelled the job when you suspended Macie"). Disabling then deletes the jobs and their runs; the
// events already written stay in the outbox and are still published (the log group belongs to CloudWatch Logs).
import type { JobEventType } from './events.js';
import type { Db, EventOutbox } from './repo.js';
import { toJob } from './repo.js';
import type { JobScope } from './types.js';

const OPEN_STATUSES = ['RUNNING', 'IDLE', 'PAUSED', 'USER_PAUSED'];

export type CancelCause = 'suspended' | 'disabled';

/** Cancels the account's open jobs; returns the cancelled jobs' ids and the runs that were in progress. */
export async function cancelAccountJobs(db: Db, outbox: EventOutbox, scope: JobScope, cause: CancelCause, nowMs: number): Promise<{ jobIds: string[]; runIds: string[] }> {
  return db.transaction().execute(async (trx) => {
    const rows = await trx.selectFrom('macie_jobs').selectAll().where('account_id', '=', scope.accountId).where('region', '=', scope.region).where('status', 'in', OPEN_STATUSES).execute();
    const jobIds: string[] = [];
    const runIds: string[] = [];
    for (const row of rows) {
      const job = toJob(row);
      const res = await trx
        .updateTable('macie_jobs')
        .set({ status: 'CANCELLED', current_run_id: null, next_run_at: null, paused_at: null, updated_at: nowMs })
        .where('job_id', '=', job.jobId)
        .where('status', '=', row.status)
        .executeTakeFirst();
      if (Number(res.numUpdatedRows) === 0) continue;
      const events: { type: JobEventType; details?: { affectedAccount: string; runDateMs?: number } }[] = [];
      if (job.currentRunId) {
        const run = await trx.selectFrom('macie_job_runs').select(['run_date']).where('run_id', '=', job.currentRunId).executeTakeFirst();
        await trx.updateTable('macie_job_runs').set({ status: 'CANCELLED', finished_at: nowMs }).where('run_id', '=', job.currentRunId).where('status', '=', 'RUNNING').execute();
        runIds.push(job.currentRunId);
        if (cause === 'suspended') events.push({ type: 'ACCOUNT_SUSPENDED', details: { affectedAccount: scope.accountId, ...(run ? { runDateMs: Number(run.run_date) } : {}) } });
      }
      events.push({ type: 'JOB_CANCELLED' });
      await outbox.add(trx, job, nowMs, events);
      jobIds.push(job.jobId);
    }
    return { jobIds, runIds };
  });
}

/** Deletes every job of the account in the Region with its runs, planned buckets and work units (DisableMacie). */
export async function deleteAccountJobs(db: Db, scope: JobScope): Promise<string[]> {
  return db.transaction().execute(async (trx) => {
    const jobs = await trx.selectFrom('macie_jobs').select('job_id').where('account_id', '=', scope.accountId).where('region', '=', scope.region).execute();
    const jobIds = jobs.map((j) => j.job_id);
    for (let i = 0; i < jobIds.length; i += 200) {
      const batch = jobIds.slice(i, i + 200);
      const runs = trx.selectFrom('macie_job_runs').select('run_id').where('job_id', 'in', batch);
      await trx.deleteFrom('macie_job_run_buckets').where('run_id', 'in', runs).execute();
      await trx.deleteFrom('macie_job_units').where('job_id', 'in', batch).execute();
      await trx.deleteFrom('macie_job_runs').where('job_id', 'in', batch).execute();
      await trx.deleteFrom('macie_jobs').where('job_id', 'in', batch).execute();
    }
    return jobIds;
  });
}
