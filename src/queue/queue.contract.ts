// The behaviour every WorkQueue implementation promises, run against each (in-process here; BullMQ when a Redis
// server answers). At-least-once delivery, retries with the attempt number, deduplication by id while an item is
// waiting or running, bounded concurrency, idle() and close().
import { describe, expect, it } from 'vitest';
import type { QueueRetryOptions, WorkItem, WorkQueue } from './types.js';

export type MakeQueue = (options: QueueRetryOptions) => Promise<WorkQueue>;

const tick = (ms = 5) => new Promise((r) => setTimeout(r, ms));

export function describeQueueContract(name: string, makeQueue: MakeQueue): void {
  describe(`WorkQueue contract: ${name}`, () => {
    it('delivers every item once to the handler of its name, with its payload', async () => {
      const q = await makeQueue({ backoffMs: 1 });
      const seen: Array<[string, unknown]> = [];
      q.process({
        a: async (item) => void seen.push(['a', item.payload]),
        b: async (item) => void seen.push(['b', item.payload]),
      });
      await q.enqueue([
        { name: 'a', payload: { n: 1 } },
        { name: 'b', payload: { n: 2 } },
        { name: 'a', payload: { n: 3 } },
      ]);
      await q.idle();
      expect(seen.sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y)))).toEqual([
        ['a', { n: 1 }],
        ['a', { n: 3 }],
        ['b', { n: 2 }],
      ]);
      await q.close();
    });

    it('holds items enqueued before process() until handlers exist', async () => {
      const q = await makeQueue({ backoffMs: 1 });
      await q.enqueue([{ name: 'a', payload: 1 }]);
      expect((await q.counts()).waiting).toBe(1);
      const seen: unknown[] = [];
      q.process({ a: async (item) => void seen.push(item.payload) });
      await q.idle();
      expect(seen).toEqual([1]);
      await q.close();
    });

    it('skips an item whose id is already waiting or running, and accepts it again once done', async () => {
      const q = await makeQueue({ backoffMs: 1 });
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      const seen: string[] = [];
      q.process({ a: async (item) => { seen.push(`${item.id}:${String(item.payload)}`); await gate; } }, { concurrency: 1 });
      await q.enqueue([{ name: 'a', id: 'x', payload: 1 }, { name: 'a', id: 'y', payload: 2 }]);
      await tick();
      await q.enqueue([{ name: 'a', id: 'x', payload: 3 }, { name: 'a', id: 'y', payload: 4 }]);
      release();
      await q.idle();
      expect(seen).toEqual(['x:1', 'y:2']);
      await q.enqueue([{ name: 'a', id: 'x', payload: 5 }]);
      await q.idle();
      expect(seen).toEqual(['x:1', 'y:2', 'x:5']);
      await q.close();
    });

    it('retries a failing item with growing attempt numbers, then gives it up and reports it', async () => {
      const failures: Array<[string, string]> = [];
      const q = await makeQueue({ maxAttempts: 3, backoffMs: 1, onFailed: (item, err) => failures.push([item.id, (err as Error).message]) });
      const attempts: number[] = [];
      let okAttempts = 0;
      q.process({
        bad: async (item) => {
          attempts.push(item.attempt);
          throw new Error('boom');
        },
        flaky: async (item) => {
          okAttempts = item.attempt;
          if (item.attempt < 2) throw new Error('once');
        },
      });
      await q.enqueue([{ name: 'bad', id: 'b1', payload: null }, { name: 'flaky', id: 'f1', payload: null }]);
      await q.idle();
      expect(attempts).toEqual([1, 2, 3]);
      expect(okAttempts).toBe(2);
      expect(failures).toEqual([['b1', 'boom']]);
      expect((await q.counts()).failed).toBe(1);
      await q.close();
    });

    it('fails items that have no handler without blocking the others', async () => {
      const failures: string[] = [];
      const q = await makeQueue({ maxAttempts: 2, backoffMs: 1, onFailed: (item) => failures.push(item.name) });
      const seen: unknown[] = [];
      q.process({ a: async (item) => void seen.push(item.payload) });
      await q.enqueue([{ name: 'nobody', payload: 0 }, { name: 'a', payload: 1 }]);
      await q.idle();
      expect(seen).toEqual([1]);
      expect(failures).toEqual(['nobody']);
      await q.close();
    });

    it('never runs more items at once than its concurrency', async () => {
      const q = await makeQueue({ backoffMs: 1 });
      let running = 0;
      let peak = 0;
      q.process({
        a: async () => {
          running++;
          peak = Math.max(peak, running);
          await tick(3);
          running--;
        },
      }, { concurrency: 3 });
      await q.enqueue(Array.from({ length: 12 }, (_, i) => ({ name: 'a', payload: i })));
      await q.idle();
      expect(peak).toBe(3);
      await q.close();
    });

    it('close() waits for running items and refuses new ones', async () => {
      const q = await makeQueue({ backoffMs: 1 });
      const done: number[] = [];
      let started = 0;
      q.process({ a: async (item: WorkItem<number>) => { started++; await tick(10); done.push(item.payload); } }, { concurrency: 2 });
      await q.enqueue([{ name: 'a', payload: 1 }, { name: 'a', payload: 2 }]);
      // Close only once both items are running: an item still waiting in the queue is not "running" (on a loaded
      // machine BullMQ may not have fetched the second one yet).
      for (let i = 0; i < 2_000 && started < 2; i++) await tick();
      expect(started).toBe(2);
      await q.close();
      expect(done.sort()).toEqual([1, 2]);
      await expect(q.enqueue([{ name: 'a', payload: 3 }])).rejects.toThrow();
    });
  });
}
