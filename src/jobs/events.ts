// Job events as Macie publishes them to CloudWatch Logs (seed 002): the event types, their descriptions verbatim,
// and the JSON each log event carries. Events are written to an outbox in the store together with the state change
// that causes them, then published by `EventPublisher` to a JobEventSink (the logs service in production).

export const JOB_LOG_GROUP = '/aws/macie/classificationjobs';

export const JOB_EVENT_DESCRIPTIONS = Object.freeze({
  // Job status events
  JOB_CREATED: 'The job was created.',
  ONE_TIME_JOB_STARTED: 'The job started running.',
  SCHEDULED_RUN_STARTED: 'The scheduled job run started running.',
  BUCKET_MATCHED_THE_CRITERIA: 'The affected bucket matched the bucket criteria specified for the job.',
  NO_BUCKETS_MATCHED_THE_CRITERIA: "The job started running but no buckets currently match the bucket criteria specified for the job. The job didn't analyze any data.",
  SCHEDULED_RUN_COMPLETED: 'The scheduled job run finished running.',
  JOB_PAUSED_BY_USER: 'The job was paused by a user.',
  JOB_RESUMED_BY_USER: 'The job was resumed by a user.',
  JOB_PAUSED_BY_MACIE_SERVICE_QUOTA_MET: 'The job was paused by Macie. Completion of the job would exceed a monthly quota for the affected account.',
  JOB_RESUMED_BY_MACIE_SERVICE_QUOTA_LIFTED: 'The job was resumed by Macie. The monthly service quota was lifted for the affected account.',
  JOB_CANCELLED: 'The job was cancelled.',
  JOB_COMPLETED: 'The job finished running.',
  // Account-level error events
  ACCOUNT_ACCESS_DENIED: 'Macie doesn’t have permission to access S3 bucket data for the affected account.',
  ACCOUNT_DISABLED: 'The job skipped resources that are owned by the affected account. Macie was disabled for the account.',
  ACCOUNT_DISASSOCIATED: "The job skipped resources that are owned by the affected account. The account isn't associated with your Macie administrator account as a member account anymore.",
  ACCOUNT_ISOLATED: 'The job skipped resources that are owned by the affected account. The AWS account was isolated.',
  ACCOUNT_REGION_DISABLED: "The job skipped resources that are owned by the affected account. The AWS account isn't active in the current AWS Region.",
  ACCOUNT_SUSPENDED: 'The job was cancelled or skipped resources that are owned by the affected account. Macie was suspended for the account.',
  ACCOUNT_TERMINATED: 'The job skipped resources that are owned by the affected account. The AWS account was terminated.',
  // Bucket-level error events
  BUCKET_ACCESS_DENIED: 'Macie doesn’t have permission to access the affected S3 bucket.',
  BUCKET_DETAILS_UNAVAILABLE: 'A temporary issue prevented Macie from retrieving details about the bucket and the bucket’s objects.',
  BUCKET_DOES_NOT_EXIST: 'The affected S3 bucket doesn’t exist anymore.',
  BUCKET_IN_DIFFERENT_REGION: 'The affected S3 bucket was moved to a different AWS Region.',
  BUCKET_OWNER_CHANGED: 'The owner of the affected S3 bucket changed. Macie doesn’t have permission to access the bucket anymore.',
});

export type JobEventType = keyof typeof JOB_EVENT_DESCRIPTIONS;

/** Account- and bucket-level errors: a run that meets one reports lastRunErrorStatus ERROR. */
export const isErrorEvent = (type: JobEventType): boolean => type.startsWith('ACCOUNT_') || type.startsWith('BUCKET_') && type !== 'BUCKET_MATCHED_THE_CRITERIA';

export interface JobEventDetails {
  operation?: string;
  /** When the job or run started (epoch ms). */
  runDateMs?: number;
  affectedAccount?: string;
  /** The affected bucket's name. */
  affectedBucket?: string;
}

/** One log event as published: field order as in Macie's examples. */
export interface JobLogEvent {
  adminAccountId: string;
  jobId: string;
  eventType: JobEventType;
  occurredAt: string;
  description: string;
  jobName: string;
  operation?: string;
  runDate?: string;
  affectedAccount?: string;
  affectedResource?: { type: 'S3_BUCKET_NAME'; value: string };
}

/**
 * UTC, extended ISO 8601 with microseconds (`2021-04-14T17:11:30.574809Z`). The clock gives milliseconds; the
 * sub-millisecond digits order events recorded within the same millisecond.
 */
export function isoMicros(ms: number, micros = 0): string {
  const base = new Date(ms).toISOString(); // …SS.mmmZ
  return `${base.slice(0, -1)}${String(Math.max(0, Math.min(999, micros))).padStart(3, '0')}Z`;
}

/** Hands out strictly increasing (ms, µs) stamps so events of one process keep their order. */
export class EventStamps {
  private lastMs = -1;
  private micros = 0;
  next(ms: number): { ms: number; micros: number } {
    if (ms <= this.lastMs) {
      this.micros++;
      if (this.micros > 999) {
        this.lastMs++;
        this.micros = 0;
      }
      return { ms: this.lastMs, micros: this.micros };
    }
    this.lastMs = ms;
    this.micros = 0;
    return { ms, micros: 0 };
  }
}

export function buildJobEvent(
  job: { accountId: string; jobId: string; name: string },
  type: JobEventType,
  stamp: { ms: number; micros: number },
  details: JobEventDetails = {},
): JobLogEvent {
  return {
    adminAccountId: job.accountId,
    jobId: job.jobId,
    eventType: type,
    occurredAt: isoMicros(stamp.ms, stamp.micros),
    description: JOB_EVENT_DESCRIPTIONS[type],
    jobName: job.name,
    ...(details.operation ? { operation: details.operation } : {}),
    ...(details.runDateMs !== undefined ? { runDate: isoMicros(details.runDateMs) } : {}),
    ...(details.affectedAccount ? { affectedAccount: details.affectedAccount } : {}),
    ...(details.affectedBucket ? { affectedResource: { type: 'S3_BUCKET_NAME' as const, value: details.affectedBucket } } : {}),
  };
}

/** Where job events go: one stream per job (named by the job id) in JOB_LOG_GROUP of the job's account and Region. */
export interface JobEventSink {
  publish(target: { accountId: string; region: string; jobId: string }, events: ReadonlyArray<{ timestamp: number; message: string }>): Promise<void>;
}

/**
 * The part of the logs service's internal API the sink needs. `ensureGroup` creates the group with CloudWatch
 * Logs' defaults when it is missing and leaves an existing group as it is (a user's retention stays);
 * `ensureStream` creates the stream when missing (a deleted stream of a periodic job comes back on its next run).
 */
export interface JobLogsApi {
  ensureGroup(accountId: string, region: string, logGroupName: string): Promise<void>;
  ensureStream(accountId: string, region: string, logGroupName: string, logStreamName: string): Promise<void>;
  putEvents(accountId: string, region: string, logGroupName: string, logStreamName: string, events: ReadonlyArray<{ timestamp: number; message: string }>): Promise<unknown>;
  /** The messages of the stream's latest events (publishing again after a crash skips what is already there). */
  latestMessages?(accountId: string, region: string, logGroupName: string, logStreamName: string, limit: number): Promise<string[]>;
}

/** A JobEventSink over the logs service. */
export function logsJobEventSink(logs: JobLogsApi): JobEventSink {
  return {
    async publish(target, events) {
      if (events.length === 0) return;
      await logs.ensureGroup(target.accountId, target.region, JOB_LOG_GROUP);
      await logs.ensureStream(target.accountId, target.region, JOB_LOG_GROUP, target.jobId);
      // A publisher killed after putting a batch and before marking it published puts it again on restart: the
      // events it put are the stream's latest ones, and every job event's message is unique (its microsecond stamp).
      let fresh = events;
      if (logs.latestMessages) {
        const there = new Set(await logs.latestMessages(target.accountId, target.region, JOB_LOG_GROUP, target.jobId, events.length));
        if (there.size) fresh = events.filter((e) => !there.has(e.message));
      }
      if (fresh.length) await logs.putEvents(target.accountId, target.region, JOB_LOG_GROUP, target.jobId, fresh);
    },
  };
}

/** A sink that keeps events in memory (tests, and `sift scan`-style tools that print them). */
export class MemoryJobEventSink implements JobEventSink {
  readonly streams = new Map<string, Array<{ timestamp: number; message: string }>>();
  async publish(target: { accountId: string; region: string; jobId: string }, events: ReadonlyArray<{ timestamp: number; message: string }>): Promise<void> {
    const key = `${target.accountId}/${target.region}/${JOB_LOG_GROUP}/${target.jobId}`;
    const list = this.streams.get(key) ?? [];
    list.push(...events);
    this.streams.set(key, list);
  }
  /** The parsed events of one job's stream. */
  events(accountId: string, region: string, jobId: string): JobLogEvent[] {
    return (this.streams.get(`${accountId}/${region}/${JOB_LOG_GROUP}/${jobId}`) ?? []).map((e) => JSON.parse(e.message) as JobLogEvent);
  }
}
