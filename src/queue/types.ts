// The work distribution contract shared by the in-process queue and the BullMQ one. Delivery is at-least-once:
// a handler may see an item again (after a failure, a crash, a restart), so handlers are idempotent and
// payloads are ids and object keys, never object contents.

export interface WorkItem<P = unknown> {
  /** Stable id: an item whose id is waiting or running is not added again. */
  id: string;
  /** The handler table key (one name, one handler). */
  name: string;
  payload: P;
  /** 1 on the first delivery, 2 on the first retry, … */
  attempt: number;
}

export type WorkHandler<P = unknown> = (item: WorkItem<P>) => Promise<void>;

export interface EnqueueRequest<P = unknown> {
  name: string;
  payload: P;
  /** Defaults to a fresh id (no deduplication). */
  id?: string;
  /**
   * Lower goes first (default 0: before every prioritized item); equal priorities keep their order. Jobs give a
   * unit its rank among its job's units, so that concurrent jobs and accounts take turns (fair sharing).
   */
  priority?: number;
}

export interface ProcessOptions {
  /** Items handled at the same time (default 4). */
  concurrency?: number;
}

export interface QueueCounts {
  waiting: number;
  active: number;
  /** Items given up after their last attempt. */
  failed: number;
}

export interface WorkQueue {
  readonly kind: 'in-process' | 'bullmq';
  /** Adds items; those whose id is already waiting or running are skipped. Resolves once they are accepted. */
  enqueue(items: readonly EnqueueRequest[]): Promise<void>;
  /** Starts handling items with one handler per name. Items with no handler fail. Call once. */
  process(handlers: Readonly<Record<string, WorkHandler<any>>>, options?: ProcessOptions): void;
  /** Resolves when nothing is waiting, delayed for a retry, or running. */
  idle(): Promise<void>;
  counts(): Promise<QueueCounts>;
  /** Stops taking items and waits for the running ones to finish. */
  close(): Promise<void>;
}

export interface QueueRetryOptions {
  /** Deliveries per item before it is given up (default 3). */
  maxAttempts?: number;
  /** Delay before retry n is `backoffMs * 2^(n-1)` (default 100). */
  backoffMs?: number;
  /** Told about every item given up, with the last error (for the server log). */
  onFailed?: (item: WorkItem, error: unknown) => void;
}
