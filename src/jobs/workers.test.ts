// Issue 18 in one process: what keeps several processes correct when they share a database — scheduled work fired
// by one scheduler however many run (a lease), the monthly quota exact when units run at the same time (one atomic
// reservation per unit), and units of concurrent jobs taking turns on the queue. On SQLite, and on PostgreSQL when
// one answers (SIFT_TEST_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres).
import { describe, expect, it } from 'vitest';
import { openStore, type Store } from '../store/index.js';
import { openPostgresTestStore, postgresReachable } from '../store/test-databases.js';
import { acquireLease, leaseHolder, releaseLease } from '../store/index.js';
import { ACCOUNT, REGION, SCOPE, csvWithCards, findingsOf, jobsFixture } from './test-support.js';
import type { CreateJobInput } from './types.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const pg = await postgresReachable();
const databases: Array<{ name: string; open: () => Promise<Store> }> = [
  { name: 'SQLite', open: () => openStore(join(mkdtempSync(join(tmpdir(), 'sift-workers-')), 'sift.db')) },
  ...(pg ? [{ name: 'PostgreSQL', open: () => openPostgresTestStore('sift_workers') }] : []),
];
if (!pg) describe('PostgreSQL', () => it.skip('no PostgreSQL server answers (set SIFT_TEST_DATABASE_URL): the PostgreSQL half is skipped', () => undefined));

const oneTime = (buckets: string[]): CreateJobInput => ({
  clientToken: `t-${Math.random()}`,
  jobType: 'ONE_TIME',
  name: 'shared',
  s3JobDefinition: { bucketDefinitions: [{ accountId: ACCOUNT, buckets }] },
});

for (const database of databases) {
  describe(`leases on ${database.name}`, () => {
    it('one holder at a time: renewed by its holder, taken over once expired, handed over on release', async () => {
      const store = await database.open();
      try {
        const lease = (holder: string) => ({ name: 'test.singleton', holder, ttlMs: 1000 });
        // Twenty processes racing for a free lease: one wins.
        const wins = await Promise.all(Array.from({ length: 20 }, (_, i) => acquireLease(store.db, lease(`p${i}`), 10_000)));
        expect(wins.filter(Boolean)).toHaveLength(1);
        const winner = `p${wins.indexOf(true)}`;
        const other = winner === 'p0' ? 'p1' : 'p0';
        expect(await leaseHolder(store.db, 'test.singleton', 10_000)).toBe(winner);
        expect(await acquireLease(store.db, lease(other), 10_500)).toBe(false);
        expect(await acquireLease(store.db, lease(winner), 10_900)).toBe(true); // the heartbeat: valid to 11 900
        expect(await acquireLease(store.db, lease(other), 11_800)).toBe(false);
        // The holder stops renewing (killed): after the lease runs out, the racers again have one winner.
        const takeovers = await Promise.all(Array.from({ length: 20 }, (_, i) => acquireLease(store.db, lease(`q${i}`), 12_000)));
        expect(takeovers.filter(Boolean)).toHaveLength(1);
        expect(await acquireLease(store.db, lease(winner), 12_001)).toBe(false);
        const next = `q${takeovers.indexOf(true)}`;
        await releaseLease(store.db, { name: 'test.singleton', holder: next });
        expect(await acquireLease(store.db, lease(winner), 12_002)).toBe(true);
      } finally {
        await store.close();
      }
    });
  });

  describe(`two schedulers on ${database.name}`, () => {
    it('a due daily run starts once, and one scheduler does the passes', async () => {
      const f = await jobsFixture({ store: await database.open() });
      try {
        await f.bucket('daily');
        await f.put('daily', 'a.csv', csvWithCards(3));
        const a = f.another('scheduler-a');
        const b = f.another('scheduler-b');
        const { jobId } = await a.create(SCOPE, { ...oneTime(['daily']), jobType: 'SCHEDULED', scheduleFrequency: { dailySchedule: {} }, initialRun: false });
        f.clock.advance(25 * 3600 * 1000);
        // Both tick at once, again and again: the run is started by one of them, once.
        for (let i = 0; i < 5; i++) await Promise.all([a.tick(), b.tick(), a.tick(), b.tick()]);
        const runs = await f.store.db.selectFrom('macie_job_runs').select('run_id').where('job_id', '=', jobId).execute();
        expect(runs).toHaveLength(1);
        const started = await f.store.db.selectFrom('macie_job_events').select('message').where('job_id', '=', jobId).execute();
        expect(started.filter((e) => e.message.includes('SCHEDULED_RUN_STARTED'))).toHaveLength(1);
        const holder = await leaseHolder(f.store.db, 'jobs.scheduler', f.clock.nowMs());
        expect(['scheduler-a', 'scheduler-b']).toContain(holder);
        // While the holder renews it, the other's ticks do no scheduling.
        const [other, otherName] = holder === 'scheduler-a' ? [b, 'scheduler-b'] : [a, 'scheduler-a'];
        await other.tick();
        expect(await leaseHolder(f.store.db, 'jobs.scheduler', f.clock.nowMs())).toBe(holder);
        // The holder stops (killed: it never ticks again); once its lease runs out (three ticks) the other takes over.
        f.clock.advance(4 * 3_600_000);
        await other.tick();
        expect(await leaseHolder(f.store.db, 'jobs.scheduler', f.clock.nowMs())).toBe(otherName);
      } finally {
        await f.close();
      }
    });
  });

  describe(`the monthly quota under concurrency on ${database.name}`, () => {
    it('units running at the same time never take the account past its quota together', async () => {
      let quota = 0;
      const f = await jobsFixture({ store: await database.open(), jobs: { unitMaxObjects: 1, concurrency: 8 }, quotaBytes: async () => quota });
      try {
        await f.bucket('quota-race');
        const body = csvWithCards(6);
        for (let i = 0; i < 12; i++) await f.put('quota-race', `q-${String(i).padStart(2, '0')}.csv`, body);
        const size = Buffer.byteLength(body);
        quota = Math.floor(size * 3.5);
        f.jobs.start();
        const { jobId } = await f.jobs.create(SCOPE, oneTime(['quota-race']));
        await f.jobs.settle();
        expect((await f.jobs.describe(SCOPE, jobId)).jobStatus).toBe('PAUSED');
        const usage = await f.store.db.selectFrom('macie_job_usage').selectAll().where('account_id', '=', ACCOUNT).where('region', '=', REGION).executeTakeFirstOrThrow();
        expect(Number(usage.bytes)).toBe(3 * size);
        expect(Number(usage.reserved)).toBe(0);
        expect(await findingsOf(f.store, jobId)).toHaveLength(3);
        // Cancelled with units pending: nothing stays reserved.
        await f.jobs.update(SCOPE, jobId, 'CANCELLED');
        await f.jobs.tick();
        const after = await f.store.db.selectFrom('macie_job_usage').select('reserved').where('account_id', '=', ACCOUNT).executeTakeFirstOrThrow();
        expect(Number(after.reserved)).toBe(0);
      } finally {
        await f.close();
      }
    });
  });
}

describe('fair sharing', () => {
  it('units of two jobs take turns on the queue instead of one job waiting for the other', async () => {
    const f = await jobsFixture({ jobs: { unitMaxObjects: 1, concurrency: 1 } });
    try {
      for (const b of ['first', 'second']) {
        await f.bucket(b);
        for (let i = 0; i < 6; i++) await f.put(b, `${b}-${i}.csv`, csvWithCards(2, i));
      }
      const { jobId: one } = await f.jobs.create(SCOPE, oneTime(['first']));
      const { jobId: two } = await f.jobs.create(SCOPE, oneTime(['second']));
      // Plan both runs before any unit runs, then let one worker take the units.
      const runner = f.jobs.runner;
      for (const id of [one, two]) {
        await runner.planRun(`${id}-1`);
        await runner.planBucket({ runId: `${id}-1`, accountId: ACCOUNT, bucket: id === one ? 'first' : 'second' });
      }
      // One worker takes the units in the queue's order (recorded here instead of scanned).
      const order: string[] = [];
      f.queue.process({ 'jobs.scan-unit': async (item: { payload: { unitId: string } }) => void order.push(item.payload.unitId) }, { concurrency: 1 });
      await f.queue.idle();
      expect(order).toHaveLength(12);
      // The units alternate between the jobs: among the first six, three of each.
      const firstSix = order.slice(0, 6).map((u) => u.split('-')[0]);
      expect(firstSix.filter((j) => j === one)).toHaveLength(3);
      expect(firstSix.filter((j) => j === two)).toHaveLength(3);
    } finally {
      await f.close();
    }
  });
});
