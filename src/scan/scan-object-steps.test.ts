// A small text file goes from its bytes to its result through few async steps: each async generator a chunk passes
// through costs promises and microtask turns (issue 12: a 1,000-file text scan's per-file layers). Counted, not timed:
// a chain of microtasks that re-queues itself counts the turns the scan takes.
import { describe, expect, it } from 'vitest';
import { compileScanner } from '../detect/index.js';
import { scanObject } from './scan-object.js';

async function turnsOf(work: () => Promise<unknown>): Promise<number> {
  let turns = 0;
  let stop = false;
  const tick = (): void => {
    turns++;
    if (!stop) void Promise.resolve().then(tick);
  };
  void Promise.resolve().then(tick);
  await work();
  stop = true;
  return turns;
}

describe('scanObject of a one-chunk text file', () => {
  it('takes at most 35 microtask turns (53 with a generator per layer)', async () => {
    const scanner = compileScanner({ managedSelector: 'ALL' });
    const text = 'hello world\nline two 555-0100\n'.repeat(50);
    const source = async function* () {
      yield Buffer.from(text);
    };
    await scanObject({ key: 'warm.log', stream: source() }, scanner); // modules loaded
    const turns = await turnsOf(() => scanObject({ key: 'a.log', stream: source() }, scanner));
    expect(turns).toBeLessThanOrEqual(35);
    const result = await scanObject({ key: 'a.log', stream: source() }, scanner);
    expect(result.status.code).toBe('COMPLETE');
    expect(result.sizeClassified).toBe(Buffer.byteLength(text));
  });
});
