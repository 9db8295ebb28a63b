// The queue jobs use: BullMQ on Redis when one is configured (API and worker processes share it), otherwise
// in-process workers as in the one-process layout. Failures given up are reported to the server log.
import type { Logger } from '../common/index.js';
import { BullMqQueue, InProcessQueue, type QueueRetryOptions, type WorkQueue } from '../queue/index.js';

export interface JobsQueueConfig {
  /** redis://… : the shared queue; absent: in-process. */
  redisUrl?: string;
  /** Redis key prefix (one per deployment; tests use one per test). */
  redisPrefix?: string;
  /** A worker's lease on an item before another may take it over (BullMQ). */
  leaseMs?: number;
}

/** The work queue's name on Redis. */
export const JOBS_QUEUE_NAME = 'work';

export function createJobsQueue(logger?: Logger, config: JobsQueueConfig = {}): WorkQueue {
  const retry: QueueRetryOptions = {
    maxAttempts: 3,
    backoffMs: 500,
    onFailed: (item, error) => logger?.error('job work item failed', { name: item.name, id: item.id, error: error instanceof Error ? error.stack : String(error) }),
  };
  if (config.redisUrl) {
    return new BullMqQueue({ ...retry, url: config.redisUrl, name: JOBS_QUEUE_NAME, prefix: config.redisPrefix ?? 'sift', ...(config.leaseMs ? { leaseMs: config.leaseMs } : {}) });
  }
  return new InProcessQueue(retry);
}
