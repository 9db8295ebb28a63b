/**
 * The retention sweep: deletes, group by group, the events older than the group's retention period, so that the
 * files shrink and `storedBytes` reports only what is kept. It runs when the injected clock says it is due (every
 * `intervalMs` of clock time, and soon after a policy is set); a real-time timer only looks at the clock every
 * `tickMs`, so a test's ManualClock moved forward days is acted on within one tick.
 */
import { periodicTask, type Clock, type Logger } from '../../common/index.js';
import type { Background } from '../types.js';
import { LogEngineError } from './engine/index.js';
import type { EventStores } from './event-stores.js';
import type { GroupsRepo } from './groups.js';
import { DAY_MS } from './ingest-rules.js';

export interface RetentionSweeperDeps {
  groups: GroupsRepo;
  events: EventStores;
  clock: Clock;
  logger: Logger;
  /** Clock time between sweeps (default 10 minutes). */
  intervalMs?: number;
  /** Real time between looks at the clock (default 1 s). */
  tickMs?: number;
}

export interface SweepResult {
  groups: number;
  deletedEvents: number;
  deletedBytes: number;
}

export interface RetentionSweeper extends Background {
  /** One sweep now over every group with a retention policy. */
  sweep(): Promise<SweepResult>;
  /** Makes the next tick sweep (after a retention policy changes). */
  request(): void;
}

export function createRetentionSweeper(deps: RetentionSweeperDeps): RetentionSweeper {
  const intervalMs = deps.intervalMs ?? 10 * 60_000;
  const tickMs = deps.tickMs ?? 1000;
  let nextDue = 0;

  async function sweep(): Promise<SweepResult> {
    const now = deps.clock.nowMs();
    nextDue = now + intervalMs;
    const result: SweepResult = { groups: 0, deletedEvents: 0, deletedBytes: 0 };
    for (const g of await deps.groups.withRetention()) {
      if (g.retentionInDays === undefined) continue;
      try {
        const store = await deps.events.get(g.accountId, g.region);
        const removed = await store.deleteEventsBefore(g.name, now - g.retentionInDays * DAY_MS);
        result.groups++;
        result.deletedEvents += removed.deletedEvents;
        result.deletedBytes += removed.deletedBytes;
      } catch (err) {
        // A group deleted while the sweep ran is simply gone; anything else is logged and tried again next sweep.
        if (err instanceof LogEngineError && err.code === 'LogGroupNotFound') continue;
        deps.logger.warn('retention sweep failed for a log group', { group: g.name, error: err instanceof Error ? err.message : String(err) });
      }
    }
    return result;
  }

  const task = periodicTask({
    everyMs: tickMs,
    due: () => deps.clock.nowMs() >= nextDue,
    run: sweep,
    onError: (err) => deps.logger.warn('retention sweep failed', { error: err instanceof Error ? err.message : String(err) }),
  });

  return {
    sweep,
    request() {
      nextDue = 0;
    },
    start: task.start,
    stop: task.stop,
  };
}
