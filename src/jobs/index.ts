// Public API of classification jobs: the ClassificationJobs service (operations, scheduler, workers), the event
// sink contract for the logs service, and the pure pieces others may reuse (state machine, schedules, scoping).
export { ClassificationJobs, DEFAULT_JOBS_OPTIONS, type JobsDeps, type JobsOptions, type JobRoles } from './service.js';
export { JobRunner, WORK, unitIdOf, monthOf, DEFAULT_MONTHLY_QUOTA_BYTES, type DetectionResolver, type StorageForAccount, type RunnerOptions, type QuotaBytesFor } from './runner.js';
export { JobError, type JobErrorKind } from './errors.js';
export {
  JOB_LOG_GROUP, JOB_EVENT_DESCRIPTIONS, MemoryJobEventSink, logsJobEventSink, buildJobEvent, isoMicros,
  type JobEventSink, type JobLogsApi, type JobEventType, type JobLogEvent,
} from './events.js';
export { macieServiceRoleArn, bucketAttributes, type BucketAccessCheck, type BucketAccessRequest } from './bucket-check.js';
export { userChange, initialStatus, statusAfterRun, pauseExpiry, USER_PAUSE_EXPIRY_MS, JOB_STATUSES } from './state-machine.js';
export { nextRunAt, DAYS_OF_WEEK } from './schedule.js';
export { validateCreateJob, JOB_LIMITS } from './validate.js';
export { LIST_JOBS_PAGE } from './list.js';
export { FINDING_OCCURRENCES_PER_TYPE, findingIdFor } from './finding.js';
export type * from './types.js';
export { createJobsQueue, JOBS_QUEUE_NAME, type JobsQueueConfig } from './in-process-queue.js';
export { resultsKey, type DiscoveryResultsSink, type ResultsDestination } from './results.js';
export { CLASSIFIABLE_STORAGE_CLASSES } from './scope.js';
export { gateAccounts, type JobAccounts, type AccountEventType } from './accounts.js';
export * from './automated/index.js';
export { jobsWork } from './work-roles.js';
