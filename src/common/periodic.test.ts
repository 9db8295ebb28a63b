import { describe, expect, it } from 'vitest';
import { periodicTask } from './periodic.js';

const tick = () => new Promise((r) => setTimeout(r, 5));

describe('periodicTask', () => {
  it('never runs twice at once, skips ticks that are not due, and stop() waits for the run in flight', async () => {
    let runs = 0;
    let inFlight = 0;
    let maxInFlight = 0;
    let release!: () => void;
    let due = true;
    const task = periodicTask({
      everyMs: 1,
      due: () => due,
      run: async () => {
        runs++;
        maxInFlight = Math.max(maxInFlight, ++inFlight);
        await new Promise<void>((r) => (release = r));
        inFlight--;
      },
      onError: () => undefined,
    });
    task.start();
    while (runs === 0) await tick();
    await tick();
    await tick();
    expect(runs).toBe(1);
    due = false;
    release();
    await tick();
    await tick();
    expect(runs).toBe(1);
    due = true;
    while (runs === 1) await tick();
    let stopped = false;
    const stopping = task.stop().then(() => (stopped = true));
    await tick();
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect(maxInFlight).toBe(1);
    const after = runs;
    await tick();
    await tick();
    expect(runs).toBe(after);
  });

  it('reports a failed run and tries again at a later tick', async () => {
    const errors: unknown[] = [];
    let runs = 0;
    const task = periodicTask({
      everyMs: 1,
      run: async () => {
        runs++;
        if (runs === 1) throw new Error('disk full');
      },
      onError: (err) => errors.push(err),
    });
    task.start();
    while (runs < 2) await tick();
    await task.stop();
    expect(errors.map((e) => (e as Error).message)).toEqual(['disk full']);
  });
});
