// Event history keeps 90 days: a periodic sweep deletes older events so the audit tables do not grow forever.
// LookupEvents already hides them; the sweep only reclaims space.
import type { AuditTrail } from '../../audit/index.js';
import type { Clock, Logger } from '../../common/index.js';
import type { Background } from '../types.js';
import { EVENT_HISTORY_DAYS } from './lookup-events.js';

const DAY_MS = 24 * 60 * 60 * 1000;

export function createHistoryRetention(deps: { audit: AuditTrail; clock: Clock; logger: Logger }, everyMs = 60 * 60 * 1000): Background & { sweep(): Promise<number> } {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();

  async function sweep(): Promise<number> {
    const removed = await deps.audit.prune(deps.clock.nowMs() - EVENT_HISTORY_DAYS * DAY_MS);
    if (removed > 0) deps.logger.info('cloudtrail: events older than 90 days removed', { removed });
    return removed;
  }

  return {
    sweep,
    start() {
      if (timer) return;
      timer = setInterval(() => {
        running = sweep().catch((err) => deps.logger.error('cloudtrail: event history sweep failed', { error: String(err) }));
      }, everyMs);
      timer.unref?.();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await running;
    },
  };
}
