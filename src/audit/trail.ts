// The audit trail the gateway records every call into. Recording is off the request path: a record is built
// (cheap, in memory), queued, and written in batches — when the queue reaches `maxBatch` events or `flushIntervalMs`
// after the first queued event, in one transaction. `flush()` resolves once every event recorded before it was
// called is stored (an acknowledged event is kept); `close()` flushes and stops. A failed write puts its batch
// back at the head of the queue for the next attempt; the queue is bounded, dropping the oldest events (logged)
// rather than growing without limit while the database is unreachable.
import type { Clock, IdSource, Logger } from '../common/index.js';
import type { Store } from '../store/index.js';
import { deleteEventsBefore, insertEvents, queryHistory, type HistoryPage, type HistoryQuery } from './event-history.js';
import { timeOrderedEventId } from './event-id.js';
import { buildAuditEvent, buildServiceEvent, type AuditCall, type AuditEvent, type ServiceEventInput } from './record.js';

export interface AuditTrail {
  /** Queues the call's CloudTrail record; resolves at once (never rejects: auditing does not fail a request). */
  record(call: AuditCall): Promise<void>;
  /**
   * Queues the call's record and resolves once it is committed (group commit: every record queued in the same
   * turn of the event loop or the next, or while the previous batch was being written, goes in one transaction). The gateway
   * holds each response until then, so an acknowledged call's record survives kill -9. Resolves `false` (never
   * rejects) when the store refused the batch: the record then stays queued for the retry.
   */
  recordDurably(call: AuditCall): Promise<boolean>;
  /** Records built but not yet committed (the audit backlog metric). */
  backlog(): number;
  /** Queues an AwsServiceEvent (something a service did on its own, not an API call). */
  recordServiceEvent(event: ServiceEventInput): Promise<void>;
  /** Resolves when every event recorded before this call is stored; rejects if the store refuses them. */
  flush(): Promise<void>;
  /** Event history (management events only), after flushing what is queued. */
  lookup(query: HistoryQuery): Promise<HistoryPage>;
  /** Deletes events (management and data) older than `beforeMs`; returns how many. */
  prune(beforeMs: number): Promise<number>;
  /** Flushes and stops accepting events (server shutdown). */
  close(): Promise<void>;
}

export interface AuditTrailDeps {
  store: Store;
  ids: IdSource;
  clock: Clock;
  logger: Logger;
}

export interface AuditTrailOptions {
  /** Longest time an event waits in memory before its batch is written. */
  flushIntervalMs?: number;
  /** A batch is written as soon as this many events are queued. */
  maxBatch?: number;
  /** Most events held in memory while writes fail; the oldest are dropped beyond it. */
  maxQueued?: number;
  /** Wait before retrying a failed write on its own (flush() retries at once). */
  retryDelayMs?: number;
}

interface Queued {
  n: number;
  event: AuditEvent;
}

export function createAuditTrail(deps: AuditTrailDeps, options: AuditTrailOptions = {}): AuditTrail {
  const flushIntervalMs = options.flushIntervalMs ?? 5;
  const maxBatch = options.maxBatch ?? 200;
  const maxQueued = options.maxQueued ?? 100_000;
  const retryDelayMs = options.retryDelayMs ?? 1000;
  const { store, ids, logger } = deps;

  let counter = 0;
  let pending: Queued[] = [];
  // Ids of events not yet stored, in recording order: the first one is the oldest unstored event.
  const unstored = new Set<number>();
  let tail: Promise<void> = Promise.resolve();
  let lastError: unknown;
  let timer: NodeJS.Timeout | undefined;
  let immediate: NodeJS.Immediate | undefined;
  let closed = false;
  // Group commit: batches being written, and whether records arrived for the next one meanwhile.
  let writing = 0;
  let writeAfter = false;
  // Callers of recordDurably, by event number, told when their event's batch commits (or fails).
  const waiters = new Map<number, (stored: boolean) => void>();

  // Time-ordered (version 7) ids: the event_id index then grows at its right edge (event-id.ts).
  const eventId = () => timeOrderedEventId(deps.clock.nowMs(), ids.uuid());

  function build(call: AuditCall): AuditEvent | undefined {
    try {
      return buildAuditEvent(call, eventId());
    } catch (err) {
      // A value the model walker cannot render must not lose the event: keep it without parameters.
      logger.error('audit: could not render parameters; recording the call without them', { operation: call.operation, error: String(err) });
      try {
        return buildAuditEvent({ ...call, input: undefined, output: undefined }, eventId());
      } catch (again) {
        logger.error('audit: could not build the record', { operation: call.operation, error: String(again) });
        return undefined;
      }
    }
  }

  function enforceBound(): void {
    if (pending.length <= maxQueued) return;
    const dropped = pending.splice(0, pending.length - maxQueued);
    for (const q of dropped) unstored.delete(q.n);
    settle(dropped, false);
    logger.error('audit: queue full (the store is failing or too slow); oldest events dropped', { dropped: dropped.length });
  }

  function settle(batch: Queued[], stored: boolean): void {
    if (waiters.size === 0) return;
    for (const q of batch) {
      const done = waiters.get(q.n);
      if (done) {
        waiters.delete(q.n);
        done(stored);
      }
    }
  }

  function drain(): void {
    if (timer) {
      clearTimeout(timer);
      timer = undefined;
    }
    if (immediate) {
      clearImmediate(immediate);
      immediate = undefined;
    }
    while (pending.length > 0) {
      const batch = pending.splice(0, maxBatch);
      writing++;
      tail = tail.then(async () => {
        try {
          await insertEvents(store.db, batch.map((q) => q.event), store.dialect);
          for (const q of batch) unstored.delete(q.n);
          settle(batch, true);
          // What queued while this batch was written goes in the next transaction, together.
          if (--writing === 0 && writeAfter) {
            writeAfter = false;
            drain();
          }
        } catch (err) {
          writing--;
          settle(batch, false);
          lastError = err;
          // Back in recording order, so stored sequence numbers keep following event order.
          pending = batch.concat(pending).sort((x, y) => x.n - y.n);
          enforceBound();
          logger.error('audit: writing events failed; they stay queued', { events: batch.length, error: String(err) });
          if (!timer && !closed) {
            timer = setTimeout(drain, retryDelayMs);
            timer.unref?.();
          }
        }
      });
    }
  }

  function schedule(): void {
    if (pending.length >= maxBatch) drain();
    else if (!timer) {
      timer = setTimeout(drain, flushIntervalMs);
      timer.unref?.();
    }
  }

  async function flush(): Promise<void> {
    const upTo = counter;
    for (let attempt = 0; ; attempt++) {
      drain();
      await tail;
      const oldest = unstored.values().next();
      if (oldest.done || oldest.value > upTo) return;
      // One retry covers a transient failure; beyond that the caller learns the store is refusing writes.
      if (attempt >= 1) throw lastError instanceof Error ? lastError : new Error(`audit events could not be stored: ${String(lastError)}`);
    }
  }

  function enqueue(event: AuditEvent): number {
    const n = ++counter;
    unstored.add(n);
    pending.push({ n, event });
    enforceBound();
    schedule();
    return n;
  }

  // Group commit: the batch is written one turn of the event loop after the turn that queued its first record. The
  // turn between polls the sockets without blocking (an immediate is pending), so calls that have already arrived on
  // other connections reach their records and join the same commit: at 32 calls in flight ~32 records a commit
  // instead of two alternating halves of ~16, i.e. half the COMMITs (and their fixed WAL pages) per call.
  const writeNow = () => {
    immediate = undefined;
    drain();
  };
  const writeNextTurn = () => {
    immediate = setImmediate(writeNow);
  };
  function drainSoon(): void {
    if (writing > 0) {
      writeAfter = true;
      return;
    }
    if (immediate) return;
    immediate = setImmediate(writeNextTurn);
  }

  return {
    async record(call) {
      if (closed) {
        logger.warn('audit: event recorded after close was ignored', { operation: call.operation });
        return;
      }
      const event = build(call);
      if (event) enqueue(event);
    },
    recordDurably(call) {
      if (closed) {
        logger.warn('audit: event recorded after close was ignored', { operation: call.operation });
        return Promise.resolve(false);
      }
      const event = build(call);
      if (!event) return Promise.resolve(false);
      const n = enqueue(event);
      if (!unstored.has(n)) return Promise.resolve(false); // dropped at once: the queue is full
      drainSoon();
      return new Promise<boolean>((resolve) => waiters.set(n, resolve));
    },
    backlog: () => unstored.size,
    async recordServiceEvent(input) {
      if (closed) {
        logger.warn('audit: event recorded after close was ignored', { eventName: input.eventName });
        return;
      }
      enqueue(buildServiceEvent(input, eventId(), deps.clock.now()));
    },
    async prune(beforeMs) {
      await flush();
      return deleteEventsBefore(store.db, beforeMs);
    },
    flush,
    async lookup(query) {
      await flush();
      return queryHistory(store.db, query);
    },
    async close() {
      closed = true;
      await flush();
    },
  };
}
