/**
 * Logs Insights queries as work units (issue 18): the CPU a query costs run directly (runQuery, as bench/insights.ts),
 * through the in-process queue (StartQuery's path in one process: record, enqueue, claim, heartbeats, store the
 * results) and through BullMQ on Redis (as on `sift worker`: the unit goes through Redis and this process, as the
 * worker, takes it). Same store, same events, the three alternated; this process's CPU (user + system) per query,
 * minimum of the rounds, and the ratio to the direct run.
 * Run: npx tsx bench/insights-work.ts [events] (default 1,000,000; SIFT_BENCH_ROUNDS, default 3; Redis at
 * SIFT_TEST_REDIS_URL or redis://127.0.0.1:6379, skipped when it does not answer).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { sequentialIds, silentLogger, systemClock, type RequestContext } from '../src/common/index.js';
import { BullMqQueue } from '../src/queue/index.js';
import { redisReachable, TEST_REDIS_URL } from '../src/queue/test-redis.js';
import { openStore } from '../src/store/index.js';
import { CLEAR } from '../src/services/logs/event-cipher.js';
import { compileQuery } from '../src/services/logs/insights/compile.js';
import { Queries, type QueriesWork } from '../src/services/logs/insights/queries.js';
import { QueryResultsKeys } from '../src/services/logs/insights/results-keys.js';
import { runQuery } from '../src/services/logs/insights/run.js';
import { createLogsProvider } from '../src/services/logs/provider.js';

const TOTAL = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 1_000_000);
const ROUNDS = Number(process.env.SIFT_BENCH_ROUNDS ?? 3);
const ACCOUNT = '111122223333';
const REGION = 'us-east-1';
const T0 = Date.now() - TOTAL - 60_000; // recent: PutLogEvents refuses events older than 14 days
const QUERIES = ['stats count(*) by eventType', 'filter eventType = "E1" | stats count(*) by bucket | sort `count(*)` desc | limit 5'];

const cpuMs = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1000;

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'sift-bench-insights-work-'));
  const store = await openStore(join(dir, 'sift.db'));
  // Real time: heartbeats go out as on a worker (every third of the 30-second lease).
  const clock = systemClock;
  const ctx: RequestContext = { accountId: ACCOUNT, region: REGION, principal: { type: 'Root', accountId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:root`, principalId: ACCOUNT }, requestId: 'r', clock, sourceIp: '127.0.0.1', userAgent: 'bench' };
  const logs = createLogsProvider({ store, clock, ids: sequentialIds(), logger: silentLogger, dataDir: dir, providers: {} });
  const queriesWith = (work: QueriesWork | undefined, seed: number) =>
    new Queries({ db: store.db, events: logs.core.events, groups: logs.core.groups, groupKeys: logs.core.groupKeys, resultsKeys: new QueryResultsKeys(store.db, undefined), clock, ids: sequentialIds(seed), logger: silentLogger, ...(work ? { work } : {}) });
  const redis = await redisReachable();
  const prefix = `sift-bench-${randomUUID().slice(0, 8)}`;
  let bull: BullMqQueue | undefined;
  const modes: Array<{ name: string; queries?: Queries }> = [{ name: 'direct (runQuery)' }, { name: 'in-process queue', queries: queriesWith(undefined, 1e6) }];
  if (redis) {
    modes.push({ name: 'BullMQ on Redis (worker)', queries: queriesWith({ queue: (retry) => (bull = new BullMqQueue({ ...retry, url: TEST_REDIS_URL, name: 'insights', prefix })), runsHere: true }, 2e6) });
  } else console.log(`BullMQ mode skipped: no Redis at ${TEST_REDIS_URL}`);
  try {
    await logs.provider.createLogGroup(ctx, { logGroupName: 'g' });
    await logs.provider.createLogStream(ctx, { logGroupName: 'g', logStreamName: 's' });
    for (let i = 0; i < TOTAL; i += 10_000) {
      const logEvents = Array.from({ length: Math.min(10_000, TOTAL - i) }, (_, k) => ({ timestamp: T0 + i + k, message: JSON.stringify({ eventType: `E${(i + k) % 7}`, bucket: `bucket-${(i + k) % 997}`, n: i + k }) }));
      await logs.provider.putLogEvents(ctx, { logGroupName: 'g', logStreamName: 's', logEvents });
    }
    console.log(`${TOTAL.toLocaleString('en-US')} events; ${ROUNDS} rounds, modes alternated; this process's CPU per query (min of rounds):`);
    const eventStore = await logs.core.events.get(ACCOUNT, REGION);
    for (const q of QUERIES) {
      const best = new Map<string, number>();
      for (let round = 0; round < ROUNDS; round++) {
        for (const mode of modes) {
          const before = process.cpuUsage();
          if (!mode.queries) {
            const out = await runQuery(compileQuery(q), [{ groupName: 'g', accountId: ACCOUNT, store: eventStore, cipher: CLEAR }], { startMs: 0, endMs: T0 + TOTAL }, undefined, { check: () => undefined });
            if (out.statistics.recordsScanned !== TOTAL) throw new Error('direct run did not scan every event');
          } else {
            const id = await mode.queries.start({ accountId: ACCOUNT, region: REGION, queryString: q, groupNames: ['g'], startMs: 0, endMs: T0 + TOTAL, userIdentity: 'bench' });
            mode.queries.startWork();
            await mode.queries.settled(id);
            const row = await mode.queries.get(ACCOUNT, REGION, id);
            if (row?.status !== 'Complete' || (JSON.parse(row.statistics!) as { recordsScanned: number }).recordsScanned !== TOTAL) throw new Error(`${mode.name}: ${row?.status}`);
          }
          const ms = cpuMs(process.cpuUsage(before));
          best.set(mode.name, Math.min(best.get(mode.name) ?? Infinity, ms));
        }
      }
      const direct = best.get(modes[0]!.name)!;
      console.log(`  ${q}`);
      for (const mode of modes) console.log(`    ${mode.name.padEnd(26)} ${best.get(mode.name)!.toFixed(0).padStart(6)} ms CPU  ×${(best.get(mode.name)! / direct).toFixed(3)}`);
    }
  } finally {
    await bull?.obliterate().catch(() => undefined);
    for (const m of modes) await m.queries?.close();
    await logs.background.stop();
    await store.close();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
