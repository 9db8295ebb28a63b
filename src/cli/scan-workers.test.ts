// `sift scan` sizes its thread pool to the input: this thread alone for one file or a little data, then one thread per
// 64 MiB up to one per core (this thread and n - 1 workers).
import { describe, expect, it } from 'vitest';
import { scanThreads } from './scan-command.js';

const file = (size: number) => ({ path: 'f', size });

describe('scanThreads', () => {
  it('uses no worker thread for one file, however large', () => {
    expect(scanThreads([file(0)], 8)).toBe(0);
    expect(scanThreads([file(5e9)], 8)).toBe(0);
  });
  it('uses no worker thread for many small files', () => {
    expect(scanThreads(Array.from({ length: 100 }, () => file(10_000)), 8)).toBe(0);
  });
  it('uses no worker thread for a few seconds of work (a worker costs more CPU than it saves below 64 MiB)', () => {
    expect(scanThreads(Array.from({ length: 30 }, () => file(2 << 20)), 8)).toBe(0);
  });
  it('grows with the bytes, up to the cores and the files', () => {
    expect(scanThreads(Array.from({ length: 10 }, () => file(16 << 20)), 8)).toBe(3);
    expect(scanThreads(Array.from({ length: 100 }, () => file(8 << 20)), 8)).toBe(8);
    expect(scanThreads([file(1e9), file(1e9)], 8)).toBe(2);
  });
});
