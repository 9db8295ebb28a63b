// `sift scan`'s pool: files scanned on this thread and worker threads, each thread keeping to a format, come out in
// listing order with the same results as one thread alone; a file that fails in a worker is reported at its place.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileScanner, type ScannerSelection } from '../detect/index.js';
import { runPool, type ScanFile } from './scan-command.js';

let dir: string;
let files: ScanFile[];
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sift-scan-pool-'));
  files = [];
  const add = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    files.push({ path: join(dir, name), size: Buffer.byteLength(text) });
  };
  // Formats interleaved in the listing, sizes not in listing order, values planted in some.
  for (let i = 0; i < 6; i++) {
    add(`a${i}.csv`, `id,name,ssn\n${Array.from({ length: 40 * (i + 1) }, (_, r) => `${r},P${r},${r === 3 * i ? '536-90-4399' : 'n/a'}`).join('\n')}\n`);
    add(`b${i}.json`, JSON.stringify({ records: Array.from({ length: 30 * (6 - i) }, (_, r) => ({ r, card: r === i ? '4556 7375 8689 9855' : 'none' })) }));
    add(`c${i}.log`, `${'plain words in a log line\n'.repeat(50 * ((i * 7) % 5 + 1))}${i % 2 ? 'aws_secret_access_key = Zx9f8G7h6J5k4L3m2N1b0VcXzAsDfGhJkLqWeRtY\n' : ''}`);
  }
  // Listed, then gone before they are read: their scans fail. Each is a format of its own, listed as the largest
  // and the second largest input, so with two threads this one scans gone.dat and the worker gone.bin first.
  files.splice(7, 0, { path: join(dir, 'gone.dat'), size: 2e8 });
  files.splice(12, 0, { path: join(dir, 'gone.bin'), size: 1e8 });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Event = { path: string; types?: string[]; status?: string; reason?: string; failed?: string };

async function run(threads: number): Promise<{ events: Event[]; bytes: number }> {
  const selection: ScannerSelection = { managedSelector: 'ALL' };
  const events: Event[] = [];
  let bytes = 0;
  await runPool(files, selection, compileScanner(selection), {
    onBytes: (n) => (bytes += n),
    onResult: (file, result) => events.push({ path: file.path, status: result.status.code, reason: result.status.reason, types: result.detections.map((d) => `${d.type}×${d.count}`).sort() }),
    onFailure: (file, message) => events.push({ path: file.path, failed: message.replace(/\s+/g, ' ').slice(0, 40) }),
  }, threads);
  return { events, bytes };
}

describe('sift scan pool', () => {
  it('gives one thread\'s results, in listing order, with two and three threads', { timeout: 120_000 }, async () => {
    const alone = await run(0);
    expect(alone.events.map((e) => e.path)).toEqual(files.map((f) => f.path));
    expect(alone.events.filter((e) => e.types?.length).length).toBeGreaterThanOrEqual(9);
    for (const threads of [2, 3]) {
      const pooled = await run(threads);
      expect(pooled.events).toEqual(alone.events);
      expect(pooled.bytes).toBe(alone.bytes);
    }
  });

  it('reports a file that cannot be read in a worker, or in this thread, at its place in the listing', { timeout: 120_000 }, async () => {
    const { events } = await run(2);
    expect(events.length).toBe(files.length);
    // A file gone since the listing is Macie's "no longer available", a result like any other.
    expect(events[7]).toEqual({ path: join(dir, 'gone.dat'), status: 'SKIPPED', reason: 'SOURCE_OBJECT_NO_LONGER_AVAILABLE', types: [] });
    expect(events[12]).toEqual({ path: join(dir, 'gone.bin'), status: 'SKIPPED', reason: 'SOURCE_OBJECT_NO_LONGER_AVAILABLE', types: [] });
    expect(events.filter((e) => e.status !== 'COMPLETE').length).toBe(2);
  });
});
