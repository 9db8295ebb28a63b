// `npx tsx bench/workers.ts`: one classification job over the same data with 1, 2 and 4 `sift worker` processes
// (PostgreSQL + Redis on this machine; the bench process is the API tier, `serve --no-workers`). Prints wall time
// and MB/s per worker count, and what each job cost the database (transactions, rows written) and Redis (commands),
// the figures docs/scaling.md projects to 100 machines from. Asserts nothing.
//   MB=500 WORKERS=1,2,4 npx tsx bench/workers.ts
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { Readable } from 'node:stream';
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import pg from 'pg';
import { CreateClassificationJobCommand, EnableMacieCommand, Macie2Client } from '@aws-sdk/client-macie2';
import { loadConfig, silentLogger } from '../src/common/index.js';
import { createSift } from '../src/gateway/index.js';
import { createTestDatabase } from '../src/store/test-databases.js';
import { dropRedisKeys } from '../src/queue/test-redis.js';

const MB = Number(process.env.MB ?? 100);
const COUNTS = (process.env.WORKERS ?? '1,2,4').split(',').map(Number);
const redisUrl = process.env.SIFT_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const ACCOUNT = '111122223333';
const creds = { accessKeyId: 'AKIABENCHWORKERS0001', secretAccessKey: 'benchworkersbenchworkersbenchworkers0000' };

const database = await createTestDatabase('sift_bench_workers');
const dataDir = mkdtempSync(join(tmpdir(), 'sift-bench-workers-'));
const prefix = `sift-bench-${randomUUID().slice(0, 8)}`;
const env = {
  SIFT_DATA_DIR: dataDir, SIFT_DATABASE_URL: database.url, SIFT_REDIS_URL: redisUrl, SIFT_REDIS_PREFIX: prefix,
  SIFT_ROOT_ACCESS_KEY_ID: creds.accessKeyId, SIFT_ROOT_SECRET_ACCESS_KEY: creds.secretAccessKey, SIFT_ACCOUNT_ID: ACCOUNT,
  SIFT_LOG_LEVEL: 'warn', SIFT_JOBS_TICK_MS: '1000',
};
const api = await createSift({ config: loadConfig({ host: '127.0.0.1', port: 0 }, env), logger: silentLogger, role: 'api' });
const endpoint = await api.listen();

// The data: CSV, log and JSON objects of 256 KiB (a third with card numbers), written straight into the store.
const size = 256 * 1024;
let total = 0;
let n = 0;
await api.deps.storage.embedded.createBucket({ bucket: 'bench', accountId: ACCOUNT, region: 'us-east-1' });
while (total < MB * 1024 * 1024) {
  // Built line by line with a running length (joining at every line would be quadratic).
  const lines: string[] = [];
  let len = 0;
  const push = (line: string) => {
    lines.push(line);
    len += line.length + 1;
  };
  if (n % 3 === 0) {
    push('id,name,credit card number,notes');
    while (len < size) push(`${lines.length},Person ${n}-${lines.length},${lines.length % 100 === 0 ? '4556737586899855' : 'n/a'},some free text about the order`);
  } else if (n % 3 === 1) {
    while (len < size) push(`2026-03-10T12:00:00Z INFO request ${lines.length} served user=u${lines.length} latency=${lines.length % 97}ms`);
  } else {
    while (len < size) push(JSON.stringify({ id: lines.length, name: `C${lines.length}`, address: { city: 'Springfield', zip: '12345' } }));
  }
  const body = n % 3 === 2 ? `{"items":[${lines.join(',')}]}` : lines.join('\n') + '\n';
  await api.deps.storage.embedded.putObject('bench', `obj-${n}.${['csv', 'log', 'json'][n % 3]}`, Readable.from([Buffer.from(body)]), { headers: { ContentType: 'text/plain' } });
  total += Buffer.byteLength(body);
  n++;
}
const mbs = total / 1048576;
console.log(`data: ${n} objects, ${mbs.toFixed(1)} MB; load average ${(await import('node:os')).loadavg().map((x) => x.toFixed(1)).join(' ')} on ${(await import('node:os')).cpus().length} cores`);

const macie = new Macie2Client({ endpoint, region: 'us-east-1', credentials: creds, maxAttempts: 1 });
await macie.send(new EnableMacieCommand({}));
const db = new pg.Client({ connectionString: database.url });
await db.connect();
const redis = new Redis(redisUrl);
const entry = resolve(import.meta.dirname, '../test/e2e/sift-main.ts');

function startWorker(): Promise<ChildProcess> {
  return new Promise((done, fail) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', entry, 'worker'], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    proc.stdout!.on('data', (d) => {
      out += d;
      if (out.includes('is taking work')) done(proc);
    });
    proc.once('exit', (code) => fail(new Error(`worker exited with ${code}: ${out}`)));
  });
}

const dbCounters = async () => {
  const r = await db.query('select xact_commit, tup_inserted, tup_updated, tup_deleted from pg_stat_database where datname = current_database()');
  const row = r.rows[0];
  return { commits: Number(row.xact_commit), rows: Number(row.tup_inserted) + Number(row.tup_updated) + Number(row.tup_deleted) };
};
const redisCommands = async () => Number(/total_commands_processed:(\d+)/.exec(await redis.info('stats'))![1]);

const results: string[] = [];
let single = 0;
for (const count of COUNTS) {
  const workers = await Promise.all(Array.from({ length: count }, startWorker));
  await new Promise((r) => setTimeout(r, 200));
  const before = { ...(await dbCounters()), redis: await redisCommands() };
  const t0 = performance.now();
  const { jobId } = await macie.send(new CreateClassificationJobCommand({ clientToken: randomUUID(), jobType: 'ONE_TIME', name: `bench ${count}`, s3JobDefinition: { bucketDefinitions: [{ accountId: ACCOUNT, buckets: ['bench'] }] } }));
  for (;;) {
    const r = await db.query('select status from macie_jobs where job_id = $1', [jobId]);
    if (r.rows[0]?.status === 'COMPLETE') break;
    await new Promise((res) => setTimeout(res, 50));
  }
  const s = (performance.now() - t0) / 1000;
  await new Promise((r) => setTimeout(r, 1500)); // pg_stat counters are reported with a delay
  const after = { ...(await dbCounters()), redis: await redisCommands() };
  const units = Number((await db.query('select count(*) as n from macie_job_units where job_id = $1', [jobId])).rows[0].n);
  const findings = Number((await db.query('select count(*) as n from macie_findings where job_id = $1', [jobId])).rows[0].n);
  const byWorker = (await db.query('select done_by, count(*) as n from macie_job_units where job_id = $1 group by done_by order by done_by', [jobId])).rows.map((r) => Number(r.n));
  if (count === COUNTS[0]) single = s;
  const line =
    `${count} worker(s): ${s.toFixed(1)} s, ${(mbs / s).toFixed(1)} MB/s, ${(n / s).toFixed(0)} objects/s, speed-up ${(single / s).toFixed(2)}x; ` +
    `${units} units (per worker ${byWorker.join('/')}), ${findings} findings; PostgreSQL ${after.commits - before.commits} commits, ${after.rows - before.rows} rows written; Redis ${after.redis - before.redis} commands`;
  console.log(line);
  results.push(line);
  for (const w of workers) {
    const exited = new Promise((r) => w.once('exit', r));
    w.kill('SIGTERM');
    await exited;
  }
}

// Leave nothing behind in the shared Redis.
await dropRedisKeys(`${prefix}:*`, redisUrl);
await redis.quit();
await db.end();
await api.close();
await database.drop();
rmSync(dataDir, { recursive: true, force: true });
