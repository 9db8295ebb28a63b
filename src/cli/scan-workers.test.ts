// `sift scan` sizes its thread pool to the input: no worker for one file or a little data, then one per 8 MB up to
// one per core.
import { describe, expect, it } from 'vitest';
import { workerCount } from './scan-command.js';

const file = (size: number) => ({ path: 'f', size });

describe('workerCount', () => {
  it('uses no worker thread for one file, however large', () => {
    expect(workerCount([file(0)], 8)).toBe(0);
    expect(workerCount([file(5e9)], 8)).toBe(0);
  });
  it('uses no worker thread for many small files', () => {
    expect(workerCount(Array.from({ length: 100 }, () => file(10_000)), 8)).toBe(0);
  });
  it('grows with the bytes, up to the cores and the files', () => {
    expect(workerCount(Array.from({ length: 10 }, () => file(2 << 20)), 8)).toBe(3);
    expect(workerCount(Array.from({ length: 100 }, () => file(8 << 20)), 8)).toBe(8);
    expect(workerCount([file(1e9), file(1e9)], 8)).toBe(2);
  });
});
