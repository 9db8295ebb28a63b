// The outbox keeps what was queued across a crash: rows are written before any attempt, so an outbox opened over the
// same database after the first one stopped (as after kill -9) attempts them; a failed attempt is due again only
// after its backoff on the code's clock; a taken row is leased so two workers never attempt it at once.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock, randomIds, silentLogger } from '../../common/index.js';
import { openStore, type Store } from '../../store/index.js';
import { createTestDatabase } from '../../store/test-databases.js';
import { createOutbox } from './index.js';

let dir: string;
let url: string;
let drop: (() => Promise<void>) | undefined;
const clock = new ManualClock(1_700_000_000_000);

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sift-outbox-'));
  const pg = process.env.SIFT_TEST_DATABASE_URL ? await createTestDatabase('sift_outbox') : undefined;
  url = pg?.url ?? join(dir, 'sift.db');
  drop = pg ? () => pg.drop() : undefined;
});

afterEach(async () => {
  await drop?.();
  rmSync(dir, { recursive: true, force: true });
});

const deps = (store: Store) => ({ store, clock, ids: randomIds, logger: silentLogger });

describe('delivery outbox', () => {
  it('delivers after a restart what was queued before it, retries on the clock, and deletes what is done', async () => {
    const first = await openStore(url);
    const never = createOutbox<{ n: number }>('test', deps(first), async () => {
      throw new Error('the process dies before any attempt completes');
    });
    await never.add([{ n: 1 }, { n: 2 }]);
    await first.close(); // the process is gone; nothing was attempted

    const second = await openStore(url);
    const seen: number[] = [];
    let fail = true;
    const outbox = createOutbox<{ n: number }>('test', deps(second), async (item) => {
      seen.push(item.payload.n);
      if (fail && item.payload.n === 2) return { done: false, retryInMs: 30_000 };
      return { done: true };
    });
    // Another queue's rows are not this worker's.
    await createOutbox<{ n: number }>('other', deps(second), async () => ({ done: true })).add([{ n: 9 }]);
    expect(await outbox.runDue()).toBe(2);
    expect(seen.sort()).toEqual([1, 2]);
    clock.advance(29_999);
    expect(await outbox.runDue()).toBe(0);
    fail = false;
    clock.advance(1);
    expect(await outbox.runDue()).toBe(1);
    expect(await outbox.runDue()).toBe(0);
    const left = await second.db.selectFrom('delivery_outbox').select(['queue']).execute();
    expect(left.map((r) => r.queue)).toEqual(['other']);
    await second.close();
  });

  it('leases a row to one worker at a time', async () => {
    const store = await openStore(url);
    let calls = 0;
    let release!: () => void;
    let entered!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const inside = new Promise<void>((r) => (entered = r));
    const handler = async () => {
      calls++;
      entered();
      await gate;
      return { done: true } as const;
    };
    const a = createOutbox<{ n: number }>('test', deps(store), handler);
    const b = createOutbox<{ n: number }>('test', deps(store), handler);
    await a.add([{ n: 1 }]);
    const runA = a.runDue();
    await inside; // a holds the lease and is mid-attempt
    expect(await b.runDue()).toBe(0);
    release();
    expect(await runA).toBe(1);
    expect(calls).toBe(1);
    await store.close();
  });
});
