// Public API of work distribution: the WorkQueue contract, its in-process implementation and the BullMQ one.
export type { EnqueueRequest, ProcessOptions, QueueCounts, QueueRetryOptions, WorkHandler, WorkItem, WorkQueue } from './types.js';
export { InProcessQueue } from './in-process.js';
export { BullMqQueue, type BullMqQueueOptions } from './bullmq.js';
export { WORKER_ID, workStats, trackQueue, instrumentHandlers, type WorkStats } from './stats.js';
