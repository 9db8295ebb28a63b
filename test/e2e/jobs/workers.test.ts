// Issue 18, "Done when": PostgreSQL and Redis, `sift serve --no-workers` and two `sift worker` processes. A job over
// 2,000 objects is shared by both workers (each unit's worker is in its log and in the unit's row); one worker is
// killed with -9 mid-job, and (second test) the API process is killed with -9 mid-job and started again. The job
// completes with exactly the findings an undisturbed run gives (one per object holding card numbers, with its
// count) and each job event once. Needs PostgreSQL (SIFT_TEST_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres)
// and Redis (SIFT_TEST_REDIS_URL, default redis://127.0.0.1:6379); skipped, saying so, when either does not answer.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { CreateClassificationJobCommand, DescribeClassificationJobCommand, EnableMacieCommand, GetFindingsCommand, Macie2Client, paginateListFindings } from '@aws-sdk/client-macie2';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { CloudWatchLogsClient, paginateFilterLogEvents } from '@aws-sdk/client-cloudwatch-logs';
import { postgresReachable } from '../../../src/store/test-databases.js';
import { redisReachable, TEST_REDIS_URL } from '../../../src/queue/test-redis.js';
import { startApiProcess as startApi, startWorkerProcess as startWorker, type SiftProcess } from '../sift-process.js';
import { sharedDeployment } from '../shared-deployment.js';
import { sift } from '../sift-cli.js';

const redisUrl = TEST_REDIS_URL;


const ready = (await postgresReachable()) && (await redisReachable());
const ACCOUNT = '111122223333';
const creds = { accessKeyId: 'AKIAWORKERSTEST00001', secretAccessKey: 'workerstestworkerstestworkerstest0000000' };
const OBJECTS = 2000;
const CARDS = ['4556737586899855', '4539148803436467', '4916338506082832', '4024007198964305'];
/** Object i holds (i % 3) card numbers when i is even, none when odd: what an undisturbed run finds is known. */
const cardsIn = (i: number) => (i % 2 === 0 ? (i % 3) + 1 : 0);
const body = (i: number) =>
  ['id,name,credit card number', ...Array.from({ length: 6 }, (_, r) => `${r},Person ${i}-${r},${r < cardsIn(i) ? CARDS[(i + r) % 4] : 'n/a'}`)].join('\n') + '\n';
const keyOf = (i: number) => `part-${String(i).padStart(4, '0')}.csv`;

interface Deployment {
  env: Record<string, string>;
  api: SiftProcess & { endpoint: string };
  workers: SiftProcess[];
  db: pg.Client;
  drop(): Promise<void>;
}

let deployment: Deployment | undefined;
async function teardown() {
  if (!deployment) return;
  const d = deployment;
  deployment = undefined;
  for (const p of [d.api, ...d.workers]) await p.kill();
  await d.db.end();
  await d.drop();
}

async function deploy(): Promise<Deployment> {
  const shared = await sharedDeployment('workers-e2e', { accountId: ACCOUNT, ...creds }, {
    // Quick hand-overs for a test: a dead worker's items come back after 2 s, leases after 3 ticks of 0.5 s.
    SIFT_WORK_LEASE_MS: '2000',
    SIFT_JOBS_TICK_MS: '500',
  });
  const env = shared.env;
  const api = await startApi(env);
  const workers = await Promise.all([startWorker(env), startWorker(env)]);
  const db = new pg.Client({ connectionString: shared.databaseUrl });
  await db.connect();
  deployment = { env, api, workers, db, drop: shared.drop };
  return deployment;
}

const config = (endpoint: string) => ({ endpoint, region: 'us-east-1', credentials: creds, forcePathStyle: true, maxAttempts: 1 });

async function loadObjects(endpoint: string) {
  const s3 = new S3Client(config(endpoint));
  await s3.send(new CreateBucketCommand({ Bucket: 'shared-data' }));
  for (let i = 0; i < OBJECTS; i += 50) {
    await Promise.all(Array.from({ length: 50 }, (_, j) => s3.send(new PutObjectCommand({ Bucket: 'shared-data', Key: keyOf(i + j), Body: body(i + j) }))));
  }
}

async function createJob(endpoint: string): Promise<string> {
  const macie = new Macie2Client(config(endpoint));
  const { jobId } = await macie.send(new CreateClassificationJobCommand({
    clientToken: randomUUID(), jobType: 'ONE_TIME', name: 'shared by two workers', s3JobDefinition: { bucketDefinitions: [{ accountId: ACCOUNT, buckets: ['shared-data'] }] },
  }));
  return jobId!;
}

async function unitsDone(db: pg.Client, jobId: string): Promise<{ done: number; total: number; workers: number }> {
  const r = await db.query(`select count(*) filter (where status = 'DONE') as done, count(*) as total, count(distinct done_by) as workers from macie_job_units where job_id = $1`, [jobId]);
  return { done: Number(r.rows[0].done), total: Number(r.rows[0].total), workers: Number(r.rows[0].workers) };
}

/**
 * Polls until `done` units are DONE and some are not (the middle of the job), and each of `workers` has logged a unit
 * of this job as done. The logs, not the units' `done_by`, decide "both workers took part": a unit's row is marked DONE
 * a moment before its worker logs it, and a worker killed in that moment would otherwise count in the database and be
 * missing from the logs the test reads afterwards.
 */
async function midJob(db: pg.Client, jobId: string, done: number, workers: SiftProcess[]) {
  for (let i = 0; ; i++) {
    const u = await unitsDone(db, jobId);
    if (u.total > 0 && u.done >= done && unitsByWorker(workers, jobId).size >= workers.length) {
      expect(u.done).toBeLessThan(u.total);
      return;
    }
    expect(i).toBeLessThan(6000);
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function completes(endpoint: string, jobId: string) {
  const macie = new Macie2Client(config(endpoint));
  for (let i = 0; ; i++) {
    const d = await macie.send(new DescribeClassificationJobCommand({ jobId }));
    if (d.jobStatus === 'COMPLETE') return;
    expect(d.jobStatus).toBe('RUNNING');
    expect(i).toBeLessThan(1200);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The job's findings as key → number of card numbers, each finding once; and what an undisturbed run gives. */
async function findingsOf(endpoint: string, jobId: string) {
  const macie = new Macie2Client(config(endpoint));
  const ids: string[] = [];
  for await (const page of paginateListFindings({ client: macie }, { findingCriteria: { criterion: { 'classificationDetails.jobId': { eq: [jobId] } } } })) ids.push(...page.findingIds!);
  const found = new Map<string, number>();
  for (let i = 0; i < ids.length; i += 50) {
    const { findings } = await macie.send(new GetFindingsCommand({ findingIds: ids.slice(i, i + 50) }));
    for (const f of findings!) {
      const key = f.resourcesAffected!.s3Object!.key!;
      expect(found.has(key)).toBe(false);
      found.set(key, f.classificationDetails!.result!.sensitiveData!.reduce((n, s) => n + s.totalCount!, 0));
    }
  }
  const expected = new Map<string, number>();
  for (let i = 0; i < OBJECTS; i++) if (cardsIn(i) > 0) expected.set(keyOf(i), cardsIn(i));
  return { found, expected };
}

/** Every event of the job's stream, once: the run's start and end exactly once, no message twice. */
async function eventsOnce(endpoint: string, jobId: string) {
  const logs = new CloudWatchLogsClient(config(endpoint));
  for (let i = 0; ; i++) {
    const messages: string[] = [];
    for await (const page of paginateFilterLogEvents({ client: logs }, { logGroupName: '/aws/macie/classificationjobs', logStreamNames: [jobId] })) messages.push(...page.events!.map((e) => e.message!));
    const types = messages.map((m) => (JSON.parse(m) as { eventType: string }).eventType);
    if (types.includes('JOB_COMPLETED')) {
      expect(new Set(messages).size).toBe(messages.length);
      expect(types.sort()).toEqual(['JOB_COMPLETED', 'JOB_CREATED', 'ONE_TIME_JOB_STARTED']);
      return;
    }
    expect(i).toBeLessThan(200);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Each worker's log names the units it finished; together they finished every unit, each once. */
function unitsByWorker(workers: SiftProcess[], jobId: string): Map<string, string[]> {
  const by = new Map<string, string[]>();
  for (const w of workers) {
    for (const line of w.stderr().split('\n')) {
      if (!line.includes('"work item done"')) continue;
      const rec = JSON.parse(line) as { worker: string; name: string; id: string };
      if (rec.name !== 'jobs.scan-unit' || !rec.id.startsWith(`scan-unit:${jobId}-`)) continue;
      by.set(rec.worker, [...(by.get(rec.worker) ?? []), rec.id]);
    }
  }
  return by;
}

describe('without a shared queue', () => {
  it('sift worker and sift serve --no-workers refuse to start, saying what they need', { timeout: 120_000 }, async () => {
    const env = { SIFT_REDIS_URL: '', SIFT_DATA_DIR: mkdtempSync(join(tmpdir(), 'sift-no-queue-')) };
    const [worker, api] = await Promise.all([sift(['worker'], env), sift(['serve', '--no-workers', '--port', '0'], env)]);
    expect(worker.code).not.toBe(0);
    expect(worker.stderr).toContain('sift worker needs SIFT_REDIS_URL');
    expect(api.code).not.toBe(0);
    expect(api.stderr).toContain('sift serve --no-workers needs SIFT_REDIS_URL');
    rmSync(env.SIFT_DATA_DIR, { recursive: true, force: true });
  });
});

if (!ready) {
  describe('serve --no-workers and sift worker on PostgreSQL and Redis', () => {
    it.skip(`needs PostgreSQL (SIFT_TEST_DATABASE_URL) and Redis at ${redisUrl} (SIFT_TEST_REDIS_URL): none answers`, () => undefined);
  });
} else {
  describe('serve --no-workers and sift worker on PostgreSQL and Redis', () => {
    // One deployment and one bucket of 2,000 objects for both tests (each runs a job of its own over it).
    let d: Deployment;
    beforeAll(async () => {
      d = await deploy();
      await loadObjects(d.api.endpoint);
      await new Macie2Client(config(d.api.endpoint)).send(new EnableMacieCommand({}));
    }, 300_000);
    afterAll(teardown);

    it('two workers share a job; one killed with -9 mid-job; the job completes with exactly the findings, each event once', { timeout: 300_000 }, async () => {
      const jobId = await createJob(d.api.endpoint);
      await midJob(d.db, jobId, 6, d.workers);
      const [killed, survivor] = d.workers as [SiftProcess, SiftProcess];
      await killed.kill('SIGKILL');
      // A replacement joins for the next test once this one is over, whatever its outcome.
      onTestFinished(async () => {
        d.workers = [survivor, await startWorker(d.env)];
      });
      await completes(d.api.endpoint, jobId);
      const { found, expected } = await findingsOf(d.api.endpoint, jobId);
      expect(found).toEqual(expected);
      await eventsOnce(d.api.endpoint, jobId);
      // Both workers did units (their logs and the units' rows say which), and every unit is done by exactly one.
      const byWorker = unitsByWorker([killed, survivor], jobId);
      expect(byWorker.size).toBe(2);
      const rows = await d.db.query(`select done_by, count(*) as n from macie_job_units where job_id = $1 and status = 'DONE' group by done_by`, [jobId]);
      expect(rows.rows.length).toBe(2);
      const { total } = await unitsDone(d.db, jobId);
      expect(rows.rows.reduce((n, r) => n + Number(r.n), 0)).toBe(total);
      // Between them the logs name every unit: the survivor finished those the killed worker had in hand.
      expect(new Set([...byWorker.values()].flat()).size).toBe(total);
    });

    it('the API process killed with -9 mid-job and started again: the job completes with exactly the findings, each event once', { timeout: 300_000 }, async () => {
      const jobId = await createJob(d.api.endpoint);
      await midJob(d.db, jobId, 4, d.workers);
      await d.api.kill('SIGKILL');
      d.api = await startApi(d.env);
      await completes(d.api.endpoint, jobId);
      const { found, expected } = await findingsOf(d.api.endpoint, jobId);
      expect(found).toEqual(expected);
      await eventsOnce(d.api.endpoint, jobId);
      expect(unitsByWorker(d.workers, jobId).size).toBe(2);
    });
  });
}
