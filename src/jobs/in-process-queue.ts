// The queue jobs use when no other is configured: in-process workers, failures reported to the server log.
import type { Logger } from '../common/index.js';
import { InProcessQueue, type WorkQueue } from '../queue/index.js';

export function createJobsQueue(logger?: Logger): WorkQueue {
  return new InProcessQueue({
    maxAttempts: 3,
    backoffMs: 500,
    onFailed: (item, error) => logger?.error('job work item failed', { name: item.name, id: item.id, error: error instanceof Error ? error.stack : String(error) }),
  });
}
