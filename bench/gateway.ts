// Issue 2's benchmark: authenticated GetMacieSession round trips per second and p99 latency through Sift (SigV4,
// validation, IAM authorization, Macie precondition, audit) against a bare Node server answering a fixed JSON body,
// both measured in the same run by the same client. Each server runs in a process of its own.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { EnableMacieCommand, Macie2Client } from '@aws-sdk/client-macie2';
import { runLoad, type LoadResult } from './load.js';
import { readFileSync, readdirSync } from 'node:fs';
import pg from 'pg';
import { backendsCpu, backendsCpuSince } from './pg-cpu.js';

/** CPU a server spent during a run: user and system time, and the main thread's share of it. */
export interface CpuSplit {
  cpuMs: number;
  /** Kernel time (system calls: socket I/O, SQLite's WAL writes and locks): instruction counts leave it out. */
  sysMs: number;
  /** The main thread (the event loop running JavaScript). */
  mainMs: number;
  /** V8's helper threads (TurboFan compiling, GC marking and sweeping) and libuv's thread pool. */
  otherThreadsMs: number;
}

export type GatewayRun = LoadResult & CpuSplit & { postgres?: PostgresSide };

/**
 * The PostgreSQL side of a run: CPU of the backends serving Sift's database (which Sift's own figure leaves out; the
 * shared WAL writer is not counted) and the database's committed transactions (each of Sift's statements is one).
 */
export interface PostgresSide {
  backendsMs: number;
  backends: number;
  transactions: number;
}

const TICK_MS = 10; // USER_HZ is 100 on Linux

/** User and system milliseconds of each of `pid`'s threads, from /proc. */
function threadTimes(pid: number): Map<string, { user: number; sys: number }> {
  const out = new Map<string, { user: number; sys: number }>();
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/task/${task}/stat`, 'utf8');
    } catch {
      continue; // the thread ended meanwhile
    }
    // Fields after the command name (which may contain spaces, hence the last ')'): utime is 14th, stime 15th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    out.set(task, { user: Number(fields[11]) * TICK_MS, sys: Number(fields[12]) * TICK_MS });
  }
  return out;
}

/**
 * Runs `work` against a Sift on `databaseUrl` and returns the PostgreSQL side of it: the CPU of the database's backends
 * (bench/pg-cpu.ts) and its committed transactions. pg_stat_database lags each busy backend by up to a second, the
 * same at both ends, so the transaction count is a rate over the run.
 */
async function withPostgresSide<T>(databaseUrl: string, work: () => Promise<T>): Promise<T & { postgres: PostgresSide }> {
  const c = new pg.Client({ connectionString: databaseUrl });
  await c.connect();
  try {
    const xacts = async () => Number((await c.query<{ n: string }>('SELECT xact_commit AS n FROM pg_stat_database WHERE datname = current_database()')).rows[0]!.n);
    const [cpu0, x0] = [await backendsCpu(databaseUrl), await xacts()];
    const result = await work();
    const [cpu1, x1] = [await backendsCpu(databaseUrl), await xacts()];
    return { ...result, postgres: { backendsMs: backendsCpuSince(cpu0, cpu1), backends: cpu1.size, transactions: x1 - x0 } };
  } finally {
    await c.end();
  }
}

/**
 * Runs `work` and returns its result with the CPU `pid` spent meanwhile, split by kind and thread. Threads that
 * ended during the run are not counted (V8 and libuv keep theirs for the process's life).
 */
async function withCpuSplit<T>(pid: number, work: () => Promise<T>): Promise<T & CpuSplit> {
  const before = threadTimes(pid);
  const result = await work();
  const after = threadTimes(pid);
  let user = 0;
  let sys = 0;
  let main = 0;
  for (const [task, t] of after) {
    const b = before.get(task) ?? { user: 0, sys: 0 };
    user += t.user - b.user;
    sys += t.sys - b.sys;
    if (task === String(pid)) main = t.user - b.user + t.sys - b.sys;
  }
  return { ...result, cpuMs: user + sys, sysMs: sys, mainMs: main, otherThreadsMs: user + sys - main };
}

// SIFT_BENCH_WARMUP_MS: how long each server is driven before the measured run. V8 is still compiling Sift's call
// path (on its helper threads) for several thousand calls; the bare server's few functions settle at once.
const WARMUP_MS = Number(process.env.SIFT_BENCH_WARMUP_MS ?? 1000);

// SIFT_BENCH_ROOT: another checkout's compiled server (before/after comparisons with the same client code).
const root = process.env.SIFT_BENCH_ROOT ?? resolve(import.meta.dirname, '..');

export function start(cmd: string, args: string[], env: NodeJS.ProcessEnv, ready: RegExp): Promise<{ proc: ChildProcess; match: RegExpMatchArray }> {
  return new Promise((resolveStart, reject) => {
    const proc = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    proc.stdout!.on('data', (d) => {
      out += d;
      const m = out.match(ready);
      if (m) resolveStart({ proc, match: m });
    });
    proc.on('exit', (code) => reject(new Error(`${cmd} exited with ${code}: ${out}`)));
  });
}

export async function benchGateway(durationMs = 5000, concurrency = 32, databaseUrl?: string, tree = root): Promise<{ bare: GatewayRun; sift: GatewayRun }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'sift-bench-'));
  const creds = { accessKeyId: 'AKIABENCHMARKKEY0001', secretAccessKey: 'benchmarkbenchmarkbenchmarkbenchmark0000' };
  const sift = await start(
    process.execPath,
    // SIFT_BENCH_PROFILE=<dir>: a V8 CPU profile of the server, written there when it stops.
    [...(process.env.SIFT_BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.SIFT_BENCH_PROFILE}`] : []), join(tree, 'bin', 'sift.js'), 'serve', '--port', '0', '--data-dir', dataDir],
    { SIFT_ROOT_ACCESS_KEY_ID: creds.accessKeyId, SIFT_ROOT_SECRET_ACCESS_KEY: creds.secretAccessKey, SIFT_ACCOUNT_ID: '123456789012', SIFT_LOG_LEVEL: 'error', ...(databaseUrl ? { SIFT_DATABASE_URL: databaseUrl } : {}) },
    /AWS_ENDPOINT_URL=(\S+)/,
  );
  const bare = await start(process.execPath, [join(import.meta.dirname, 'bare-server.mjs')], {}, /READY (\S+)/);
  try {
    const siftUrl = sift.match[1]!;
    const bareUrl = bare.match[1]!;
    await new Macie2Client({ endpoint: siftUrl, region: 'us-east-1', credentials: creds }).send(new EnableMacieCommand({}));
    const u = new URL(siftUrl);
    // One signature, reused: valid for 15 minutes, so the client does no crypto per request.
    const signed = await new SignatureV4({ service: 'macie2', region: 'us-east-1', credentials: creds, sha256: Sha256 }).sign({
      method: 'GET',
      protocol: 'http:',
      hostname: u.hostname,
      port: Number(u.port),
      path: '/macie',
      headers: { host: u.host, 'content-type': 'application/json' },
    });
    const headers = signed.headers as Record<string, string>;
    // warm up both
    await runLoad({ url: `${bareUrl}/macie`, method: 'GET', headers, concurrency, durationMs: Math.min(500, WARMUP_MS) });
    await runLoad({ url: `${siftUrl}/macie`, method: 'GET', headers, concurrency, durationMs: WARMUP_MS });
    const bareResult = await withCpuSplit(bare.proc.pid!, () => runLoad({ url: `${bareUrl}/macie`, method: 'GET', headers, concurrency, durationMs }));
    const siftLoad = () => withCpuSplit(sift.proc.pid!, () => runLoad({ url: `${siftUrl}/macie`, method: 'GET', headers, concurrency, durationMs }));
    const siftResult = databaseUrl ? await withPostgresSide(databaseUrl, siftLoad) : await siftLoad();
    return { bare: bareResult, sift: siftResult };
  } finally {
    sift.proc.kill('SIGTERM');
    bare.proc.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 300));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Server CPU microseconds per call: the steady figure on a shared machine. */
export const cpuPerCall = (x: GatewayRun) => (x.cpuMs * 1000) / Math.max(1, x.requests);

export function printGateway(r: { bare: GatewayRun; sift: GatewayRun }): void {
  const row = (name: string, x: GatewayRun) =>
    `${name.padEnd(28)} ${x.rps.toFixed(0).padStart(8)} req/s   p50 ${x.p50Ms.toFixed(2).padStart(6)} ms   p99 ${x.p99Ms.toFixed(2).padStart(6)} ms   server CPU ${cpuPerCall(x).toFixed(0).padStart(5)} µs/call   errors ${x.errors}`;
  console.log('Authenticated GetMacieSession round trips (32 in flight, keep-alive, same client):');
  const split = (x: GatewayRun) => {
    const per = (ms: number) => ((ms * 1000) / Math.max(1, x.requests)).toFixed(0);
    return `${''.padEnd(28)} of which: main thread ${per(x.mainMs)} µs, other threads (JIT, GC) ${per(x.otherThreadsMs)} µs; system time ${per(x.sysMs)} µs`;
  };
  console.log(row('bare Node HTTP server', r.bare));
  console.log(split(r.bare));
  console.log(row('Sift (SigV4+IAM+audit)', r.sift));
  console.log(split(r.sift));
  const pgs = r.sift.postgres;
  if (pgs) {
    const per = (v: number) => ((v * 1000) / Math.max(1, r.sift.requests)).toFixed(0);
    console.log(
      `${''.padEnd(28)} PostgreSQL: ${pgs.backends} backends ${per(pgs.backendsMs)} µs/call; ${(pgs.transactions / Math.max(1, r.sift.requests)).toFixed(3)} transactions per call; Sift + backends ${per(r.sift.cpuMs + pgs.backendsMs)} µs/call`,
    );
  }
  console.log(
    `ratio: Sift costs ${(cpuPerCall(r.sift) / cpuPerCall(r.bare)).toFixed(2)}x the bare server's CPU per call (goal: within 2x); ${(r.bare.rps / r.sift.rps).toFixed(2)}x its time per call; p99 ratio ${(r.sift.p99Ms / r.bare.p99Ms).toFixed(2)}x`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  // SIFT_BENCH_POSTGRES=1: Sift keeps its state (and writes its audit records) in a fresh PostgreSQL database on
  // SIFT_TEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres), dropped afterwards.
  const { createTestDatabase } = await import('../src/store/test-databases.js');
  const database = process.env.SIFT_BENCH_POSTGRES ? await createTestDatabase('sift_bench_gateway') : undefined;
  try {
    printGateway(await benchGateway(Number(process.env.SIFT_BENCH_DURATION_MS ?? 5000), 32, database?.url));
  } finally {
    await database?.drop();
  }
}
