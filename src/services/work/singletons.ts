// Background tasks that must run in exactly one process of a deployment (trail delivery, alarm evaluation, log
// retention and exports, notification outboxes, CloudTrail history retention): each runs only while its process
// holds the task's lease in `sift_leases`. The lease is renewed every third of its life (the heartbeat); a holder
// killed with -9 stops renewing and another worker takes the task over once it expires. A clean stop gives it up at
// once. The tasks themselves commit their progress in the database (cursors, intents, conditional updates), so a task
// taken over resumes where the last holder's commits left it, without loss or duplicates.
import type { Kysely } from 'kysely';
import { registerLabelledGauge, type Logger } from '../../common/index.js';
import { WORKER_ID } from '../../queue/index.js';
import { acquireLease, releaseLease, type Database } from '../../store/index.js';
import type { Background } from '../types.js';

export interface SingletonOptions {
  db: Kysely<Database>;
  logger: Logger;
  /** Lease life without renewal: how long a task stays stopped after its holder dies. */
  ttlMs: number;
  /** Epoch ms for the lease (real time: leases compare across machines). */
  nowMs?: () => number;
  holder?: string;
}

/** Which singleton tasks this process holds now, for /metrics (`sift_singleton_held{task}`). */
const held = new Map<string, boolean>();
registerLabelledGauge('sift_singleton_held', 'Singleton background tasks (by task) and whether this process runs them now (1) or not (0).', ['task'], () =>
  [...held].map(([task, on]) => ({ labels: { task }, value: on ? 1 : 0 })),
);

/** Wraps `inner` so that it runs only while this process holds the lease `singleton.<name>`. */
export function leasedBackground(name: string, inner: Background, options: SingletonOptions): Background & { holding(): boolean; beat(): Promise<void> } {
  const lease = { name: `singleton.${name}`, holder: options.holder ?? WORKER_ID, ttlMs: options.ttlMs };
  const now = options.nowMs ?? Date.now;
  let timer: ReturnType<typeof setInterval> | undefined;
  let running = false;
  let pass: Promise<void> | undefined;
  held.set(name, false);

  async function beat(): Promise<void> {
    const mine = await acquireLease(options.db, lease, now()).catch((err) => {
      options.logger.warn('singleton lease check failed', { task: name, error: String(err) });
      return false;
    });
    if (mine && !running) {
      running = true;
      held.set(name, true);
      options.logger.info('singleton task taken', { task: name, holder: lease.holder });
      inner.start();
    } else if (!mine && running) {
      running = false;
      held.set(name, false);
      options.logger.warn('singleton task lost its lease; stopped here', { task: name, holder: lease.holder });
      await inner.stop();
    }
  }
  const tick = () => {
    if (pass) return;
    pass = beat().finally(() => (pass = undefined));
  };

  return {
    start() {
      if (timer) return;
      tick();
      timer = setInterval(tick, Math.max(100, Math.floor(options.ttlMs / 3)));
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await pass;
      if (running) {
        running = false;
        held.set(name, false);
        await inner.stop();
      }
      await releaseLease(options.db, lease).catch(() => undefined);
    },
    holding: () => running,
    /** One heartbeat now (tests drive it instead of waiting for the timer). */
    beat,
  };
}
