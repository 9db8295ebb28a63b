// The delivery outbox SNS and EventBridge write to before they call anything: a delivery is a row first (in the
// same call that decided it), so a process killed mid-delivery, or before it, leaves the row, and the next worker
// (this process after a restart, or another one sharing the database) delivers it. Attempts are leased by moving
// `next_at` ahead before the call; a failed attempt is rescheduled by the handler's backoff, on the code's clock.
import type { Clock, IdSource, Logger } from '../../common/index.js';
import type { Kysely } from 'kysely';
import type { Database, Store } from '../../store/index.js';
import type { Background } from '../types.js';

export interface OutboxItem<P> {
  id: string;
  payload: P;
  /** Attempts made before this one. */
  attempts: number;
  createdAt: number;
}

/** What a handler says about one attempt: done (delivered, or given up), or try again after `retryInMs`. */
export type AttemptResult = { done: true } | { done: false; retryInMs: number };

export interface Outbox<P> {
  /** Adds deliveries, due now (or at `at`). */
  add(payloads: readonly P[], at?: number): Promise<void>;
  /** Adds deliveries inside the caller's transaction, so they commit (or not) with what decided them. */
  addIn(tx: Kysely<Database>, payloads: readonly P[]): Promise<void>;
  /** Runs every due delivery once (tests drive this with a ManualClock); resolves with the number attempted. */
  runDue(): Promise<number>;
  background: Background;
}

/** How long a taken row stays hidden from other workers while its attempt runs. */
const LEASE_MS = 60_000;
const BATCH = 100;

export function createOutbox<P>(
  queue: string,
  deps: { store: Store; clock: Clock; ids: IdSource; logger: Logger },
  handle: (item: OutboxItem<P>) => Promise<AttemptResult>,
  options: { tickMs?: number } = {},
): Outbox<P> {
  const db = deps.store.db;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> | undefined;

  async function take(now: number): Promise<OutboxItem<P>[]> {
    const rows = await db.selectFrom('delivery_outbox').selectAll().where('queue', '=', queue).where('next_at', '<=', now).orderBy('next_at').limit(BATCH).execute();
    const taken: OutboxItem<P>[] = [];
    for (const r of rows) {
      // The lease: only the worker whose update matched the row's current next_at attempts it.
      const res = await db.updateTable('delivery_outbox').set({ next_at: now + LEASE_MS }).where('id', '=', r.id).where('next_at', '=', r.next_at).executeTakeFirst();
      if (Number(res.numUpdatedRows) !== 1) continue;
      taken.push({ id: r.id, payload: JSON.parse(r.payload) as P, attempts: Number(r.attempts), createdAt: Number(r.created_at) });
    }
    return taken;
  }

  async function attempt(item: OutboxItem<P>): Promise<void> {
    let result: AttemptResult;
    try {
      result = await handle(item);
    } catch (err) {
      deps.logger.warn('delivery attempt failed', { queue, id: item.id, error: err instanceof Error ? err.message : String(err) });
      result = { done: false, retryInMs: 20_000 };
    }
    if (result.done) await db.deleteFrom('delivery_outbox').where('id', '=', item.id).execute();
    else await db.updateTable('delivery_outbox').set({ attempts: item.attempts + 1, next_at: deps.clock.nowMs() + result.retryInMs }).where('id', '=', item.id).execute();
  }

  async function runDueOnce(): Promise<number> {
    const items = await take(deps.clock.nowMs());
    await Promise.all(items.map(attempt));
    return items.length;
  }

  const outbox: Outbox<P> = {
    async add(payloads, at) {
      if (payloads.length === 0) return;
      const now = deps.clock.nowMs();
      const rows = payloads.map((p) => ({ id: deps.ids.uuid(), queue, payload: JSON.stringify(p), attempts: 0, next_at: at ?? now, created_at: now }));
      for (let i = 0; i < rows.length; i += 200) await db.insertInto('delivery_outbox').values(rows.slice(i, i + 200)).execute();
      if (timer) setImmediate(() => void outbox.runDue().catch(() => undefined));
    },
    async addIn(tx, payloads) {
      if (payloads.length === 0) return;
      const now = deps.clock.nowMs();
      await tx.insertInto('delivery_outbox').values(payloads.map((p) => ({ id: deps.ids.uuid(), queue, payload: JSON.stringify(p), attempts: 0, next_at: now, created_at: now }))).execute();
    },
    async runDue() {
      // One pass at a time per process; a caller that asks during a pass waits for it and runs another.
      while (running) await running.catch(() => 0);
      running = runDueOnce();
      try {
        return await running;
      } finally {
        running = undefined;
      }
    },
    background: {
      start() {
        if (timer) return;
        timer = setInterval(() => void outbox.runDue().catch((err) => deps.logger.warn('outbox pass failed', { queue, error: String(err) })), options.tickMs ?? 1000);
        timer.unref();
      },
      async stop() {
        if (timer) clearInterval(timer);
        timer = undefined;
        await running?.catch(() => 0);
      },
    },
  };
  return outbox;
}
