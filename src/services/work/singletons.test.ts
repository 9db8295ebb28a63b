// Singleton background tasks across processes sharing a database: one runs a task at a time, a holder that stops
// renewing (killed with -9) is replaced once its lease expires, a clean stop hands the task over at once. On SQLite,
// and on PostgreSQL when one answers.
import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type Store } from '../../store/index.js';
import { openPostgresTestStore, postgresReachable } from '../../store/test-databases.js';
import { silentLogger } from '../../common/index.js';
import { leasedBackground } from './singletons.js';

const pg = await postgresReachable();
const databases: Array<{ name: string; open: () => Promise<Store> }> = [
  { name: 'SQLite', open: () => openStore(join(mkdtempSync(join(tmpdir(), 'sift-singletons-')), 'sift.db')) },
  ...(pg ? [{ name: 'PostgreSQL', open: () => openPostgresTestStore('sift_singletons') }] : []),
];

function task() {
  const t = { starts: 0, stops: 0, running: false };
  return { t, bg: { start: () => void (t.starts++, (t.running = true)), stop: async () => void (t.stops++, (t.running = false)) } };
}

for (const database of databases) {
  describe(`singleton tasks on ${database.name}`, () => {
    it('runs in one process at a time, moves on when the holder dies, and at once on a clean stop', async () => {
      const store = await database.open();
      try {
        let now = 1_000_000;
        const procs = Array.from({ length: 5 }, (_, i) => {
          const { t, bg } = task();
          return { t, s: leasedBackground('test', bg, { db: store.db, logger: silentLogger, ttlMs: 3000, nowMs: () => now, holder: `p${i}` }) };
        });
        await Promise.all(procs.map((p) => p.s.beat()));
        expect(procs.filter((p) => p.t.running)).toHaveLength(1);
        const first = procs.findIndex((p) => p.t.running);
        // Renewals keep it with its holder.
        now += 2000;
        await Promise.all(procs.map((p) => p.s.beat()));
        expect(procs.findIndex((p) => p.t.running)).toBe(first);
        // The holder is killed (-9): no more beats from it. Before the lease expires nobody else runs the task …
        const alive = procs.filter((_, i) => i !== first);
        now += 2999;
        await Promise.all(alive.map((p) => p.s.beat()));
        expect(alive.filter((p) => p.t.running)).toHaveLength(0);
        // … after, exactly one does.
        now += 1;
        await Promise.all(alive.map((p) => p.s.beat()));
        expect(alive.filter((p) => p.t.running)).toHaveLength(1);
        const second = alive.find((p) => p.t.running)!;
        // A clean stop releases the lease: the next beat elsewhere takes it over without waiting.
        await second.s.stop();
        expect(second.t.stops).toBe(1);
        const rest = alive.filter((p) => p !== second);
        await Promise.all(rest.map((p) => p.s.beat()));
        expect(rest.filter((p) => p.t.running)).toHaveLength(1);
        for (const p of rest) await p.s.stop();
        expect(procs.reduce((n, p) => n + p.t.starts, 0)).toBe(3);
      } finally {
        await store.close();
      }
    });
  });
}
