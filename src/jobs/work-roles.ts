// Which queue and which parts of jobs a process takes on, from its role and the configuration: the one hook the
// composition root needs for `sift serve`, `sift serve --no-workers` and `sift worker`.
import type { Logger, SiftConfig } from '../common/index.js';
import type { WorkQueue } from '../queue/index.js';
import { createJobsQueue } from './in-process-queue.js';
import type { JobRoles, JobsOptions } from './service.js';

export function jobsWork(
  config: Pick<SiftConfig, 'redisUrl' | 'redisPrefix' | 'workLeaseMs' | 'jobsTickMs'>,
  role: 'all' | 'api' | 'worker',
  logger?: Logger,
): { queue: WorkQueue; roles: JobRoles; options: Partial<JobsOptions> } {
  if (role !== 'all' && !config.redisUrl) {
    throw new Error(`${role === 'api' ? 'sift serve --no-workers' : 'sift worker'} needs a shared queue: set SIFT_REDIS_URL (and SIFT_DATABASE_URL)`);
  }
  const queue = createJobsQueue(logger, { redisUrl: config.redisUrl, redisPrefix: config.redisPrefix, leaseMs: config.workLeaseMs });
  return { queue, roles: { work: role !== 'api', publish: role !== 'worker', shared: config.redisUrl !== undefined }, options: { tickMs: config.jobsTickMs } };
}
