// Where a process's Logs Insights queries run (issue 18): with Redis and the Logs events in the database, every query
// is a unit on the shared BullMQ queue "insights", run by `sift worker` processes (and by `sift serve` when it works
// too); an API tier (`serve --no-workers`) only enqueues and answers. With the events in this process's segment files
// (SQLite, or SIFT_LOGS_EVENT_STORE=files) no other process can read them, so queries stay on the in-process queue of
// the API process (a worker takes none); with no Redis everything is in one process.
import type { Logger, SiftConfig } from '../../common/index.js';
import { BullMqQueue, InProcessQueue } from '../../queue/index.js';
import type { QueriesWork } from '../logs/index.js';

/** The Insights queue's name on Redis (beside the jobs' "work"). */
export const INSIGHTS_QUEUE_NAME = 'insights';

export function insightsWork(
  config: Pick<SiftConfig, 'redisUrl' | 'redisPrefix' | 'workLeaseMs'>,
  role: 'all' | 'api' | 'worker',
  sharedEvents: boolean,
  logger?: Logger,
): QueriesWork {
  const leaseMs = config.workLeaseMs;
  if (config.redisUrl && sharedEvents) {
    const url = config.redisUrl;
    return {
      queue: (retry) => new BullMqQueue({ ...retry, url, name: INSIGHTS_QUEUE_NAME, prefix: config.redisPrefix ?? 'sift', leaseMs }),
      runsHere: role !== 'api',
      leaseMs,
    };
  }
  if (role === 'worker') logger?.info('logs insights queries stay with the API process: its Logs events are in its own files');
  return { queue: (retry) => new InProcessQueue(retry), runsHere: role !== 'worker', leaseMs };
}
