// The default queue: items live in this process's memory and are handled by async workers in the same process.
// Nothing here is durable; the jobs part keeps its work units in the store and enqueues again what is pending
// after a restart, which is what makes a killed server carry on where it stopped.
import { randomUUID } from 'node:crypto';
import type { EnqueueRequest, ProcessOptions, QueueCounts, QueueRetryOptions, WorkHandler, WorkItem, WorkQueue } from './types.js';

export class InProcessQueue implements WorkQueue {
  readonly kind = 'in-process' as const;
  private readonly waiting: Array<WorkItem & { priority: number }> = [];
  /** Ids waiting, running or delayed for a retry: the deduplication set. */
  private readonly known = new Set<string>();
  private readonly running = new Set<Promise<void>>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private handlers: Readonly<Record<string, WorkHandler<any>>> | undefined;
  private concurrency = 4;
  private failed = 0;
  private closed = false;
  private idleWaiters: Array<() => void> = [];
  private readonly maxAttempts: number;
  private readonly backoffMs: number;

  constructor(private readonly options: QueueRetryOptions = {}) {
    this.maxAttempts = Math.max(1, options.maxAttempts ?? 3);
    this.backoffMs = Math.max(0, options.backoffMs ?? 100);
  }

  async enqueue(items: readonly EnqueueRequest[]): Promise<void> {
    if (this.closed) throw new Error('the queue is closed');
    for (const req of items) {
      const id = req.id ?? randomUUID();
      if (this.known.has(id)) continue;
      this.known.add(id);
      this.insert({ id, name: req.name, payload: req.payload, attempt: 1, priority: Math.max(0, req.priority ?? 0) });
    }
    this.pump();
  }

  process(handlers: Readonly<Record<string, WorkHandler<any>>>, options: ProcessOptions = {}): void {
    if (this.handlers) throw new Error('process() was already called on this queue');
    this.handlers = handlers;
    this.concurrency = Math.max(1, options.concurrency ?? 4);
    this.pump();
  }

  async idle(): Promise<void> {
    if (this.isIdle()) return;
    await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
  }

  async counts(): Promise<QueueCounts> {
    return { waiting: this.waiting.length + this.timers.size, active: this.running.size, failed: this.failed };
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.waiting.length = 0;
    await Promise.allSettled([...this.running]);
    this.known.clear();
    this.notifyIdle();
  }

  private isIdle(): boolean {
    return this.waiting.length === 0 && this.running.size === 0 && this.timers.size === 0;
  }

  private notifyIdle(): void {
    if (!this.isIdle()) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }

  private pump(): void {
    if (!this.handlers || this.closed) return;
    while (this.running.size < this.concurrency && this.waiting.length > 0) {
      const item = this.waiting.shift()!;
      const run = this.handle(item).finally(() => {
        this.running.delete(run);
        this.pump();
        this.notifyIdle();
      });
      this.running.add(run);
    }
  }

  /** Keeps `waiting` ordered by priority, first come first served among equals. */
  private insert(item: WorkItem & { priority: number }): void {
    let lo = 0;
    let hi = this.waiting.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.waiting[mid]!.priority <= item.priority) lo = mid + 1;
      else hi = mid;
    }
    this.waiting.splice(lo, 0, item);
  }

  private async handle(item: WorkItem & { priority: number }): Promise<void> {
    const handler = this.handlers![item.name];
    try {
      if (!handler) throw new Error(`no handler for work item '${item.name}'`);
      await handler(item);
      this.known.delete(item.id);
    } catch (err) {
      if (this.closed) return;
      if (item.attempt >= this.maxAttempts || !handler) {
        this.known.delete(item.id);
        this.failed++;
        this.options.onFailed?.(item, err);
        return;
      }
      const retry = { ...item, attempt: item.attempt + 1 };
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        if (this.closed) return;
        this.insert(retry);
        this.pump();
        this.notifyIdle();
      }, this.backoffMs * 2 ** (item.attempt - 1));
      this.timers.add(timer);
    }
  }
}
