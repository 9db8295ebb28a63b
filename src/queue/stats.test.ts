import { describe, expect, it } from 'vitest';
import { InProcessQueue } from './in-process.js';
import { instrumentHandlers, trackQueue, workStats, WORKER_ID } from './stats.js';

describe('workStats', () => {
  it('reports the queue depth, the items in flight and the items this worker finished, by name', async () => {
    const queue = new InProcessQueue({ backoffMs: 1, maxAttempts: 1 });
    const untrack = trackQueue(queue);
    try {
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      const before = (await workStats()).done['stats.test'] ?? 0;
      queue.process(instrumentHandlers({ 'stats.test': async () => gate }), { concurrency: 2 });
      await queue.enqueue(Array.from({ length: 5 }, (_, i) => ({ name: 'stats.test', id: `s-${i}`, payload: {} })));
      const busy = await workStats();
      expect(busy.worker).toBe(WORKER_ID);
      expect(busy.inFlight).toBe(2);
      expect(busy.queueDepth).toBe(3);
      expect(busy.queueActive).toBe(2);
      release();
      await queue.idle();
      const after = await workStats();
      expect(after.inFlight).toBe(0);
      expect(after.queueDepth).toBe(0);
      expect(after.done['stats.test']).toBe(before + 5);
    } finally {
      untrack();
      await queue.close();
    }
  });

  it('serves lower priorities first, first come first served among equals', async () => {
    const queue = new InProcessQueue();
    const order: string[] = [];
    await queue.enqueue([
      { name: 'p', id: 'c3', payload: {}, priority: 3 },
      { name: 'p', id: 'a1', payload: {}, priority: 1 },
      { name: 'p', id: 'b3', payload: {}, priority: 3 },
      { name: 'p', id: 'none', payload: {} },
      { name: 'p', id: 'd1', payload: {}, priority: 1 },
    ]);
    queue.process({ p: async (item) => void order.push(item.id) }, { concurrency: 1 });
    await queue.idle();
    expect(order).toEqual(['none', 'a1', 'd1', 'c3', 'b3']);
    await queue.close();
  });
});
