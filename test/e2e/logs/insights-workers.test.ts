// Issue 18: Logs Insights queries are work units run by `sift worker`, not by the API process that received StartQuery.
// PostgreSQL and Redis, `sift serve --no-workers` and two `sift worker` processes: queries started through the API
// process run on the workers (their logs name each query's unit; the API process runs none) and GetQueryResults
// answers them; a Running query answers partial statistics; StopQuery through the API process stops the worker
// running it; a worker killed with -9 mid-query leaves the query to the other worker, which runs it to the right
// results. Needs PostgreSQL (SIFT_TEST_DATABASE_URL) and Redis (SIFT_TEST_REDIS_URL); skipped, saying so, when
// either does not answer.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloudWatchLogsClient, CreateLogGroupCommand, CreateLogStreamCommand, GetQueryResultsCommand, PutLogEventsCommand, StartQueryCommand, StopQueryCommand, type GetQueryResultsCommandOutput } from '@aws-sdk/client-cloudwatch-logs';
import { postgresReachable } from '../../../src/store/test-databases.js';
import { redisReachable, TEST_REDIS_URL } from '../../../src/queue/test-redis.js';
import { startApiProcess as startApi, startWorkerProcess as startWorker, type SiftProcess } from '../sift-process.js';
import { sharedDeployment } from '../shared-deployment.js';

const ready = (await postgresReachable()) && (await redisReachable());
const ACCOUNT = '111122223333';
const creds = { accessKeyId: 'AKIAINSIGHTSWORKERS1', secretAccessKey: 'insightsworkersinsightsworkersinsights00' };
const EVENTS = 210_000;
const GROUP = 'app';
const T0 = Math.floor(Date.now() / 1000) * 1000 - 3_600_000;

interface Deployment {
  env: Record<string, string>;
  api: SiftProcess & { endpoint: string };
  workers: SiftProcess[];
  db: pg.Client;
  drop(): Promise<void>;
}

async function deploy(): Promise<Deployment> {
  // Quick hand-overs for a test: a dead worker's units come back after 5 s.
  const shared = await sharedDeployment('insights-workers', { accountId: ACCOUNT, ...creds }, { SIFT_WORK_LEASE_MS: '5000' });
  const env = shared.env;
  const api = await startApi(env);
  const workers = await Promise.all([startWorker(env), startWorker(env)]);
  const db = new pg.Client({ connectionString: shared.databaseUrl });
  await db.connect();
  return { env, api, workers, db, drop: shared.drop };
}

const client = (endpoint: string) => new CloudWatchLogsClient({ endpoint, region: 'us-east-1', credentials: creds, maxAttempts: 1 });

async function loadEvents(logs: CloudWatchLogsClient) {
  await logs.send(new CreateLogGroupCommand({ logGroupName: GROUP }));
  await logs.send(new CreateLogStreamCommand({ logGroupName: GROUP, logStreamName: 's' }));
  for (let i = 0; i < EVENTS; i += 10_000) {
    const logEvents = Array.from({ length: 10_000 }, (_, k) => ({ timestamp: T0 + i + k, message: `{"eventType":"E${(i + k) % 3}","n":${i + k}}` }));
    await logs.send(new PutLogEventsCommand({ logGroupName: GROUP, logStreamName: 's', logEvents }));
  }
}

const startQuery = async (logs: CloudWatchLogsClient, queryString: string) =>
  (await logs.send(new StartQueryCommand({ logGroupName: GROUP, startTime: T0 / 1000 - 60, endTime: T0 / 1000 + 3600, queryString }))).queryId!;

/** Polls GetQueryResults (through the API process) until `done` says so. */
async function until(logs: CloudWatchLogsClient, queryId: string, done: (r: GetQueryResultsCommandOutput) => boolean, limit = 1200): Promise<GetQueryResultsCommandOutput> {
  for (let i = 0; ; i++) {
    const r = await logs.send(new GetQueryResultsCommand({ queryId }));
    if (done(r)) return r;
    expect(i).toBeLessThan(limit);
    await new Promise((res) => setTimeout(res, 50));
  }
}

const rows = (r: GetQueryResultsCommandOutput) => (r.results ?? []).map((row) => Object.fromEntries(row.filter((f) => f.field !== '@ptr').map((f) => [f.field!, f.value!])));

/** The workers' ids (WORKER_ID) that logged this query's unit as done. */
function doneBy(procs: SiftProcess[], queryId: string): string[] {
  const out: string[] = [];
  for (const p of procs) {
    for (const line of p.stderr().split('\n')) {
      if (!line.includes('"work item done"')) continue;
      const rec = JSON.parse(line) as { worker: string; name: string; id: string };
      if (rec.name === 'logs.insights-query' && rec.id === `insights-query:${queryId}`) out.push(rec.worker);
    }
  }
  return out;
}

const pidOf = (worker: string) => Number(/-(\d+)-[0-9a-f]+$/.exec(worker)?.[1]);

if (!ready) {
  describe('Logs Insights queries on sift worker (PostgreSQL and Redis)', () => {
    it.skip(`needs PostgreSQL (SIFT_TEST_DATABASE_URL) and Redis at ${TEST_REDIS_URL} (SIFT_TEST_REDIS_URL): none answers`, () => undefined);
  });
} else {
  describe('Logs Insights queries on sift worker (PostgreSQL and Redis)', () => {
    let d: Deployment;
    let logs: CloudWatchLogsClient;
    beforeAll(async () => {
      d = await deploy();
      logs = client(d.api.endpoint);
      await loadEvents(logs);
    }, 300_000);
    afterAll(async () => {
      if (!d) return;
      for (const p of [d.api, ...d.workers]) await p.kill();
      await d.db.end();
      await d.drop();
    });

    it('queries started through the API process run on the workers; GetQueryResults answers them', { timeout: 300_000 }, async () => {
      const ids = await Promise.all(Array.from({ length: 3 }, () => startQuery(logs, 'stats count(*) by eventType | sort eventType asc')));
      for (const queryId of ids) {
        const r = await until(logs, queryId, (x) => x.status !== 'Scheduled' && x.status !== 'Running');
        expect(r.status).toBe('Complete');
        expect(rows(r)).toEqual(['E0', 'E1', 'E2'].map((t) => ({ eventType: t, 'count(*)': String(EVENTS / 3) })));
        expect(r.statistics).toMatchObject({ recordsScanned: EVENTS, recordsMatched: EVENTS, logGroupsScanned: 1 });
      }
      // Each query's unit was done by a worker (a unit may be delivered again, and is then a no-op); the API process ran none.
      for (const queryId of ids) expect(doneBy(d.workers, queryId).length).toBeGreaterThan(0);
      for (const queryId of ids) expect(doneBy([d.api], queryId)).toEqual([]);
      expect(d.api.stderr()).not.toContain('logs.insights-query');
    });

    it('StopQuery through the API process stops the query on the worker running it; Running answered partial statistics and rows', { timeout: 300_000 }, async () => {
      const queryId = await startQuery(logs, 'stats count(*) by n');
      const running = await until(logs, queryId, (x) => x.status !== 'Scheduled' && (x.statistics?.recordsScanned ?? 0) > 0);
      expect(running.status).toBe('Running');
      expect(running.statistics!.recordsScanned).toBeLessThan(EVENTS);
      // Partial results, stored by the worker's heartbeat with those statistics: one group per event so far.
      expect(running.results!.length).toBe(Math.min(10_000, running.statistics!.recordsMatched!));
      expect((await logs.send(new StopQueryCommand({ queryId }))).success).toBe(true);
      // The worker stops at its next heartbeat and logs the unit done; what it scanned stays with the query.
      for (let i = 0; doneBy(d.workers, queryId).length === 0; i++) {
        expect(i).toBeLessThan(1200);
        await new Promise((res) => setTimeout(res, 50));
      }
      const out = await logs.send(new GetQueryResultsCommand({ queryId }));
      expect(out.status).toBe('Cancelled');
      // The rows of the worker's last heartbeat stay with the query, like its statistics.
      expect(out.results!.length).toBeGreaterThanOrEqual(running.results!.length);
      expect(out.statistics!.recordsScanned).toBeLessThan(EVENTS);
      const row = await d.db.query('select worker, lease_expires_at from logs_insights_queries where query_id = $1', [queryId]);
      expect(row.rows[0]).toEqual({ worker: null, lease_expires_at: null });
    });

    it('a worker killed with -9 mid-query: the other worker runs the query to its results', { timeout: 300_000 }, async () => {
      const queryId = await startQuery(logs, 'stats count(*) by n | sort n desc | limit 2');
      let holder: string | undefined;
      for (let i = 0; !holder; i++) {
        const r = await d.db.query('select worker, statistics from logs_insights_queries where query_id = $1', [queryId]);
        const row = r.rows[0] as { worker: string | null; statistics: string | null };
        if (row.worker && row.statistics && (JSON.parse(row.statistics) as { recordsScanned: number }).recordsScanned > 0) holder = row.worker;
        expect(i).toBeLessThan(6000);
        if (!holder) await new Promise((res) => setTimeout(res, 10));
      }
      const victim = d.workers.find((w) => w.proc.pid === pidOf(holder!))!;
      const survivor = d.workers.find((w) => w !== victim)!;
      expect(victim).toBeDefined();
      await victim.kill('SIGKILL');
      d.workers = [survivor, await startWorker(d.env)];
      const out = await until(logs, queryId, (x) => x.status !== 'Scheduled' && x.status !== 'Running');
      expect(out.status).toBe('Complete');
      expect(rows(out)).toEqual([
        { n: String(EVENTS - 1), 'count(*)': '1' },
        { n: String(EVENTS - 2), 'count(*)': '1' },
      ]);
      expect(out.statistics).toMatchObject({ recordsScanned: EVENTS, recordsMatched: EVENTS });
      // Taken twice: by the killed worker, then by one that lived (which logged it done); the killed one never did.
      const row = await d.db.query('select attempts, worker from logs_insights_queries where query_id = $1', [queryId]);
      expect(row.rows[0]).toEqual({ attempts: 2, worker: null });
      expect(doneBy([victim], queryId)).toEqual([]);
      expect(doneBy(d.workers, queryId).length).toBeGreaterThan(0);
    });
  });
}
