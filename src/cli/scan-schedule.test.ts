// `sift scan`'s threads each keep to one format while it has files (every isolate warms up its own JIT for what it
// reads), move to a format no other thread is on, and share one only at the end; within a format the largest go first.
import { describe, expect, it } from 'vitest';
import { FormatSchedule, scheduleFormat } from './scan-schedule.js';

const f = (path: string, size: number) => ({ path, size });

/** Takes every file for `threads` threads in turn (round robin, as threads finishing in turn would), by thread. */
function drain(schedule: FormatSchedule<{ path: string; size: number }>, threads: number, sequence: string[] = []): string[][] {
  const taken: string[][] = Array.from({ length: threads }, () => []);
  for (let progress = true; progress; ) {
    progress = false;
    for (let t = 0; t < threads; t++) {
      const next = schedule.take(t);
      if (next) {
        taken[t].push(next.file.path);
        sequence.push(next.file.path);
        progress = true;
      }
    }
  }
  return taken;
}

describe('scheduleFormat', () => {
  it('is the lowercased extension, JSON Lines with JSON and TSV with CSV', () => {
    expect(scheduleFormat('/d/a.CSV')).toBe('csv');
    expect(scheduleFormat('/d/a.tsv')).toBe('csv');
    expect(scheduleFormat('/d/x.jsonl')).toBe('json');
    expect(scheduleFormat('/d/x.ndjson')).toBe('json');
    expect(scheduleFormat('/d/x.json')).toBe('json');
    expect(scheduleFormat('/d/app.log.gz')).toBe('gz');
    expect(scheduleFormat('/d.x/README')).toBe('');
    expect(scheduleFormat('/d/.profile')).toBe('');
  });
});

describe('FormatSchedule', () => {
  it('keeps each thread on one format while it has files, the largest first', () => {
    // A queue by size alone would hand both threads both formats: a.json, b.csv, f.csv, e.json to thread 0.
    const files = [f('a.json', 900), f('b.csv', 700), f('c.json', 800), f('d.csv', 600), f('e.json', 300), f('f.csv', 500), f('g.json', 200), f('h.csv', 400)];
    const [t0, t1] = drain(new FormatSchedule(files), 2);
    expect(t0).toEqual(['a.json', 'c.json', 'e.json', 'g.json']);
    expect(t1).toEqual(['b.csv', 'd.csv', 'f.csv', 'h.csv']);
  });

  it('moves a thread to a format no other thread is on, the one with the most bytes left', () => {
    const files = [f('big.json', 1000), f('x.csv', 100), f('y.log', 300), f('z.eml', 200), f('w.log', 250)];
    const s = new FormatSchedule(files);
    expect(s.take(0)?.file.path).toBe('big.json');
    expect(s.take(1)?.file.path).toBe('y.log'); // log: 550 bytes, the most after JSON
    expect(s.take(1)?.file.path).toBe('w.log');
    expect(s.take(1)?.file.path).toBe('z.eml'); // log done; eml (200) before csv (100), nobody on either
    expect(s.take(0)?.file.path).toBe('x.csv'); // JSON done; csv is free
    expect(s.take(0)).toBeUndefined();
    expect(s.take(1)).toBeUndefined();
  });

  it('lets threads share a format only when every format left is taken, and hands out each file once', () => {
    const files = [
      ...Array.from({ length: 20 }, (_, i) => f(`j${i}.json`, 1000 + i)),
      ...Array.from({ length: 3 }, (_, i) => f(`c${i}.csv`, 10 + i)),
      f('empty.txt', 0),
    ];
    const s = new FormatSchedule(files);
    const sequence: string[] = [];
    const taken = drain(s, 3, sequence);
    expect(s.remaining).toBe(0);
    expect(taken.flat().sort()).toEqual(files.map((x) => x.path).sort());
    // Thread 0 starts on JSON, thread 1 on CSV, thread 2 on the empty text file; 1 and 2 then join JSON.
    expect(taken[0][0]).toBe('j19.json');
    expect(taken[1].slice(0, 3)).toEqual(['c2.csv', 'c1.csv', 'c0.csv']);
    expect(taken[2][0]).toBe('empty.txt');
    expect(taken[1].slice(3).every((p) => p.endsWith('.json'))).toBe(true);
    expect(taken[2].slice(1).every((p) => p.endsWith('.json'))).toBe(true);
    // Shared, the JSON files still go largest first across the threads.
    expect(sequence.filter((p) => p.endsWith('.json'))).toEqual(files.filter((x) => x.path.endsWith('.json')).map((x) => x.path).reverse());
  });

  it('gives the listing position with each file, equal sizes in listing order', () => {
    const s = new FormatSchedule([f('a.log', 5), f('b.log', 5), f('c.log', 7)]);
    expect([s.take(0), s.take(0), s.take(0)].map((x) => [x?.file.path, x?.id])).toEqual([['c.log', 2], ['a.log', 0], ['b.log', 1]]);
  });
});
