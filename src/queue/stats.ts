// What this process's queue workers are doing, for metrics and logs: the queue's depth (shared across processes on
// BullMQ), the items in flight here and the items each worker finished. `workStats()` is what /metrics reads.
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Logger } from '../common/index.js';
import type { WorkHandler, WorkQueue } from './types.js';

/** This process as a worker: host, pid and a random part (a restarted process is a new worker). */
export const WORKER_ID = `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;

export interface WorkStats {
  worker: string;
  /** Items waiting (or delayed for a retry) in the queues this process uses: the whole queue on BullMQ. */
  queueDepth: number;
  /** Items running anywhere, as the queues report them (BullMQ: every process's). */
  queueActive: number;
  /** Attempts that failed in this process (retried or given up). */
  failed: number;
  /** Items this process is handling now. */
  inFlight: number;
  /** Items this process finished, by work item name. */
  done: Record<string, number>;
}

const queues = new Set<WorkQueue>();
let inFlight = 0;
let failed = 0;
const done = new Map<string, number>();

/** Counts a queue's depth in workStats() (until it is closed and untracked). */
export function trackQueue(queue: WorkQueue): () => void {
  queues.add(queue);
  return () => queues.delete(queue);
}

/** Wraps handlers so that their items are counted and each finished item is logged with the worker that did it. */
export function instrumentHandlers(handlers: Readonly<Record<string, WorkHandler<any>>>, logger?: Logger): Record<string, WorkHandler<any>> {
  const out: Record<string, WorkHandler<any>> = {};
  for (const [name, handler] of Object.entries(handlers)) {
    out[name] = async (item) => {
      inFlight++;
      const started = Date.now();
      try {
        await handler(item);
        done.set(name, (done.get(name) ?? 0) + 1);
        logger?.info('work item done', { worker: WORKER_ID, name, id: item.id, attempt: item.attempt, ms: Date.now() - started });
      } catch (err) {
        failed++;
        logger?.warn('work item failed', { worker: WORKER_ID, name, id: item.id, attempt: item.attempt, error: err instanceof Error ? err.message : String(err) });
        throw err;
      } finally {
        inFlight--;
      }
    };
  }
  return out;
}

export async function workStats(): Promise<WorkStats> {
  let queueDepth = 0;
  let queueActive = 0;
  for (const q of queues) {
    const c = await q.counts().catch(() => undefined);
    if (!c) continue;
    queueDepth += c.waiting;
    queueActive += c.active;
  }
  return { worker: WORKER_ID, queueDepth, queueActive, failed, inFlight, done: Object.fromEntries(done) };
}
