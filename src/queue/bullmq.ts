// The scale-out queue: BullMQ on Redis, so API and worker processes share one queue. Same contract as the
// in-process queue (at-least-once, retries with exponential backoff, deduplication by id while an item is waiting
// or running). Finished and given-up items are removed, so an id may be enqueued again later, as in-process.
import { Queue, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import type { EnqueueRequest, ProcessOptions, QueueCounts, QueueRetryOptions, WorkHandler, WorkQueue } from './types.js';

export interface BullMqQueueOptions extends QueueRetryOptions {
  /** redis://host:port/db */
  url: string;
  /** The queue's name (one per Sift deployment and purpose). */
  name: string;
  /** Redis key prefix (default 'sift'). */
  prefix?: string;
  /**
   * A worker's lease on an item (default 30 s): renewed while the handler runs (the heartbeat); an item whose
   * worker died is handed to another once the lease runs out and the stalled check sees it.
   */
  leaseMs?: number;
}

/** BullMQ's highest priority number (lower numbers go first). */
const MAX_PRIORITY = 2 ** 21 - 1;

// BullMQ ids may not contain ':' (its key separator); ours do.
const encodeId = (id: string) => id.replace(/%/g, '%25').replace(/:/g, '%3A');
const decodeId = (id: string) => id.replace(/%3A/g, ':').replace(/%25/g, '%');

export class BullMqQueue implements WorkQueue {
  readonly kind = 'bullmq' as const;
  private readonly connection: Redis;
  private readonly queue: Queue;
  private worker: Worker | undefined;
  private failed = 0;
  /** Items this process's worker has started and BullMQ has not yet reported completed or failed. */
  private inflight = 0;
  private closed = false;
  private readonly maxAttempts: number;
  private readonly backoffMs: number;
  private readonly leaseMs: number;

  constructor(private readonly options: BullMqQueueOptions) {
    this.connection = new Redis(options.url, { maxRetriesPerRequest: null, lazyConnect: false });
    this.queue = new Queue(options.name, { connection: this.connection, prefix: options.prefix ?? 'sift' });
    this.maxAttempts = Math.max(1, options.maxAttempts ?? 3);
    this.backoffMs = Math.max(0, options.backoffMs ?? 100);
    this.leaseMs = Math.max(1000, options.leaseMs ?? 30_000);
  }

  async enqueue(items: readonly EnqueueRequest[]): Promise<void> {
    if (this.closed) throw new Error('the queue is closed');
    if (items.length === 0) return;
    await this.queue.addBulk(
      items.map((req) => ({
        name: req.name,
        data: req.payload,
        opts: {
          ...(req.id !== undefined ? { jobId: encodeId(req.id) } : {}),
          ...(req.priority ? { priority: Math.min(MAX_PRIORITY, Math.max(1, Math.round(req.priority))) } : {}),
          attempts: this.maxAttempts,
          backoff: { type: 'exponential', delay: this.backoffMs },
          removeOnComplete: true,
          removeOnFail: true,
        },
      })),
    );
  }

  process(handlers: Readonly<Record<string, WorkHandler<any>>>, options: ProcessOptions = {}): void {
    if (this.worker) throw new Error('process() was already called on this queue');
    this.worker = new Worker(
      this.options.name,
      async (job: Job) => {
        this.inflight++;
        const handler = handlers[job.name];
        if (!handler) throw new Error(`no handler for work item '${job.name}'`);
        await handler({ id: decodeId(job.id ?? ''), name: job.name, payload: job.data, attempt: job.attemptsMade + 1 });
      },
      {
        connection: this.connection.duplicate(),
        prefix: this.options.prefix ?? 'sift',
        concurrency: Math.max(1, options.concurrency ?? 4),
        lockDuration: this.leaseMs,
        // Look for items of dead workers twice per lease; an item may stall (its worker die) a few times before
        // it is given up: the jobs part keeps the truth in the database and enqueues it again anyway.
        stalledInterval: Math.max(1000, Math.floor(this.leaseMs / 2)),
        maxStalledCount: 5,
      },
    );
    // Every started item ends in exactly one of these events, emitted after Redis already shows it gone: idle()
    // waits for them so that onFailed has run by the time it returns.
    this.worker.on('completed', () => {
      this.inflight = Math.max(0, this.inflight - 1);
    });
    this.worker.on('failed', (job, err) => {
      this.inflight = Math.max(0, this.inflight - 1);
      if (!job || job.attemptsMade < this.maxAttempts) return;
      this.failed++;
      this.options.onFailed?.({ id: decodeId(job.id ?? ''), name: job.name, payload: job.data, attempt: job.attemptsMade }, err);
    });
  }

  async idle(): Promise<void> {
    for (;;) {
      const c = await this.queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'waiting-children');
      if (this.inflight === 0 && Object.values(c).every((n) => n === 0)) return;
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  async counts(): Promise<QueueCounts> {
    const c = await this.queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
    return { waiting: (c.waiting ?? 0) + (c.delayed ?? 0) + (c.prioritized ?? 0), active: c.active ?? 0, failed: this.failed };
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.worker?.close();
    await this.queue.close();
    await this.connection.quit().catch(() => undefined);
  }

  /** Removes every item of this queue from Redis (tests). */
  async obliterate(): Promise<void> {
    await this.queue.obliterate({ force: true });
  }
}
