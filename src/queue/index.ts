// Public API of work distribution: the WorkQueue contract and its in-process implementation.
export type { EnqueueRequest, ProcessOptions, QueueCounts, QueueRetryOptions, WorkHandler, WorkItem, WorkQueue } from './types.js';
export { InProcessQueue } from './in-process.js';
