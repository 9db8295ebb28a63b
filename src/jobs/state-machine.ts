// Macie's job status state machine (reference C): the changes a user may ask for through UpdateClassificationJob,
// and the automatic ones (run start/finish, the 30-day expiry of a user pause). Pure: the caller stores the result
// and publishes the event it names.
import { invalid } from './errors.js';
import type { JobStatus, JobType } from './types.js';

export const USER_PAUSE_EXPIRY_MS = 30 * 24 * 60 * 60 * 1000;

export const JOB_STATUSES: readonly JobStatus[] = ['RUNNING', 'PAUSED', 'CANCELLED', 'COMPLETE', 'IDLE', 'USER_PAUSED'];

/** Where UpdateClassificationJob may move a job from, by requested status (model docs). */
const ALLOWED_FROM: Readonly<Partial<Record<JobStatus, readonly JobStatus[]>>> = Object.freeze({
  CANCELLED: ['IDLE', 'PAUSED', 'RUNNING', 'USER_PAUSED'],
  RUNNING: ['USER_PAUSED'],
  USER_PAUSED: ['IDLE', 'PAUSED', 'RUNNING'],
});

export type UserChange =
  | { kind: 'cancel'; to: 'CANCELLED'; event: 'JOB_CANCELLED' }
  | { kind: 'pause'; to: 'USER_PAUSED'; event: 'JOB_PAUSED_BY_USER' }
  /** Resume: RUNNING when a run is still in progress, else IDLE (a scheduled job waiting for its next run). */
  | { kind: 'resume'; to: 'RUNNING' | 'IDLE'; event: 'JOB_RESUMED_BY_USER' };

export interface UserChangeSubject {
  status: JobStatus;
  jobType: JobType;
  /** Whether the job has a run that is neither finished nor expired. */
  hasRunInProgress: boolean;
}

/** Decides a user's status change, or throws a validation error naming why it isn't allowed. */
export function userChange(job: UserChangeSubject, requested: string): UserChange {
  if (!(JOB_STATUSES as readonly string[]).includes(requested)) {
    throw invalid(`jobStatus must be one of CANCELLED, RUNNING or USER_PAUSED; got ${requested}.`);
  }
  const allowed = ALLOWED_FROM[requested as JobStatus];
  if (!allowed) throw invalid(`A job's status can't be changed to ${requested}. Specify CANCELLED, RUNNING or USER_PAUSED.`);
  if (!allowed.includes(job.status)) {
    throw invalid(`A job with status ${job.status} can't be changed to ${requested}.`);
  }
  switch (requested) {
    case 'CANCELLED':
      return { kind: 'cancel', to: 'CANCELLED', event: 'JOB_CANCELLED' };
    case 'USER_PAUSED':
      return { kind: 'pause', to: 'USER_PAUSED', event: 'JOB_PAUSED_BY_USER' };
    default:
      return { kind: 'resume', to: job.hasRunInProgress || job.jobType === 'ONE_TIME' ? 'RUNNING' : 'IDLE', event: 'JOB_RESUMED_BY_USER' };
  }
}

/** The status a new job starts in: one-time and initial-run scheduled jobs run at once; others wait. */
export function initialStatus(jobType: JobType, initialRun: boolean): 'RUNNING' | 'IDLE' {
  return jobType === 'ONE_TIME' || initialRun ? 'RUNNING' : 'IDLE';
}

/** The status after a run finishes: one-time jobs complete, scheduled jobs wait for the next run. */
export function statusAfterRun(jobType: JobType): 'COMPLETE' | 'IDLE' {
  return jobType === 'ONE_TIME' ? 'COMPLETE' : 'IDLE';
}

/**
 * What the 30-day rule does to a job paused by its user at `pausedAtMs`: a one-time job is cancelled; a scheduled
 * job paused during a run loses that run (it is not cancelled); nothing happens before the deadline.
 */
export function pauseExpiry(job: { status: JobStatus; jobType: JobType; pausedAtMs?: number; hasRunInProgress: boolean }, nowMs: number): 'cancel' | 'expire-run' | 'none' {
  if (job.status !== 'USER_PAUSED' || job.pausedAtMs === undefined) return 'none';
  if (nowMs < job.pausedAtMs + USER_PAUSE_EXPIRY_MS) return 'none';
  if (job.jobType === 'ONE_TIME') return 'cancel';
  return job.hasRunInProgress ? 'expire-run' : 'none';
}

/** Whether work of a job in this status may proceed. */
export const isActive = (status: JobStatus): boolean => status === 'RUNNING';
