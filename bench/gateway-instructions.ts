// Issue 18's gateway figure counted in instructions instead of CPU time, for a machine too busy for CPU time to mean
// much: the server (Sift, then the bare Node server) runs under valgrind's callgrind with instrumentation off while
// it starts and warms up; it is switched on for exactly N authenticated GetMacieSession calls and the instructions
// counted are divided by N. Repeatable to a percent or so whatever else the machine is doing.
//   npx tsx bench/gateway-instructions.ts            (SIFT_BENCH_ROOT=<tree> for another build, SIFT_BENCH_CALLS=N)
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { EnableMacieCommand, Macie2Client } from '@aws-sdk/client-macie2';
import { start } from './gateway.js';
import { runCount } from './load-count.js';

const root = process.env.SIFT_BENCH_ROOT ?? resolve(import.meta.dirname, '..');
const CALLS = Number(process.env.SIFT_BENCH_CALLS ?? 2000);
const WARMUP = Number(process.env.SIFT_BENCH_WARMUP ?? 300);
// SIFT_BENCH_KEEP=<dir>: the callgrind files are kept there (per server) for callgrind_annotate.
const KEEP = process.env.SIFT_BENCH_KEEP;
// SIFT_BENCH_NODE_ARGS: extra node flags for Sift (--perf-basic-prof names JIT code for a breakdown).
const NODE_ARGS = (process.env.SIFT_BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
const creds = { accessKeyId: 'AKIABENCHMARKKEY0001', secretAccessKey: 'benchmarkbenchmarkbenchmarkbenchmark0000' };

const valgrind = (outDir: string) => ['--tool=callgrind', '--instr-atstart=no', '--smc-check=all-non-file', `--callgrind-out-file=${join(outDir, 'callgrind.out.%p')}`];

/** Instructions the process executed while `work` ran (instrumentation switched on just for it), and how long it ran. */
async function counted(pid: number, outDir: string, work: () => Promise<unknown>): Promise<{ instructions: number; ms: number }> {
  const before = new Set(readdirSync(outDir));
  const started = performance.now();
  execFileSync('callgrind_control', ['--instr=on', String(pid)], { stdio: 'ignore' });
  await work();
  execFileSync('callgrind_control', ['--dump', String(pid)], { stdio: 'ignore' });
  execFileSync('callgrind_control', ['--instr=off', String(pid)], { stdio: 'ignore' });
  const ms = performance.now() - started;
  let instructions = 0;
  for (const f of readdirSync(outDir)) {
    if (before.has(f)) continue;
    // `totals` is the dump's own count (a later dump's `summary` can wrap around).
    const m = /^totals:\s+(\d+)/m.exec(readFileSync(join(outDir, f), 'utf8'));
    if (m) instructions += Number(m[1]);
  }
  return { instructions, ms };
}

async function signedHeaders(url: string): Promise<Record<string, string>> {
  const u = new URL(url);
  const signed = await new SignatureV4({ service: 'macie2', region: 'us-east-1', credentials: creds, sha256: Sha256 }).sign({
    method: 'GET',
    protocol: 'http:',
    hostname: u.hostname,
    port: Number(u.port),
    path: '/macie',
    headers: { host: u.host, 'content-type': 'application/json' },
  });
  return signed.headers as Record<string, string>;
}

async function measure(name: string, args: string[], env: NodeJS.ProcessEnv, ready: RegExp, prepare?: (url: string) => Promise<void>): Promise<{ raw: number; idle: number }> {
  const outDir = mkdtempSync(join(tmpdir(), `sift-callgrind-${name}-`));
  const server = await start('valgrind', [...valgrind(outDir), process.execPath, ...args], env, ready);
  try {
    const url = server.match[1]!;
    await prepare?.(url);
    const headers = await signedHeaders(url);
    await runCount({ url: `${url}/macie`, method: 'GET', headers, concurrency: 8, count: WARMUP }); // warm up (JIT)
    let errors = 0;
    const calls = await counted(server.proc.pid!, outDir, async () => {
      errors = (await runCount({ url: `${url}/macie`, method: 'GET', headers, concurrency: 8, count: CALLS })).errors;
    });
    if (errors) console.log(`${name}: ${errors} of ${CALLS} calls failed (counted in the total)`);
    // The server's timers (outbox, publishers, job scheduling) run by the clock, and under valgrind the clock runs
    // some 50x slower than the calls do natively: what the idle server executes in as long a window is reported
    // beside the raw figure, so that work can be told apart from the calls' own.
    const idle = await counted(server.proc.pid!, outDir, () => new Promise((r) => setTimeout(r, calls.ms)));
    return { raw: calls.instructions / CALLS, idle: idle.instructions / CALLS };
  } finally {
    server.proc.kill('SIGTERM');
    await new Promise((r) => server.proc.once('exit', r));
    if (KEEP) cpSync(outDir, join(KEEP, name), { recursive: true });
    rmSync(outDir, { recursive: true, force: true });
  }
}

const dataDir = mkdtempSync(join(tmpdir(), 'sift-bench-'));
// SIFT_BENCH_POSTGRES=1: Sift's state in a fresh PostgreSQL database on SIFT_TEST_DATABASE_URL (dropped afterwards).
// Only Sift's own process is counted, not the PostgreSQL backends serving it.
const { createTestDatabase } = await import('../src/store/test-databases.js');
const database = process.env.SIFT_BENCH_POSTGRES ? await createTestDatabase('sift_bench_gwinstr') : undefined;
try {
  const sift = await measure(
    'sift',
    [...NODE_ARGS, join(root, 'bin', 'sift.js'), 'serve', '--port', '0', '--data-dir', dataDir],
    { SIFT_ROOT_ACCESS_KEY_ID: creds.accessKeyId, SIFT_ROOT_SECRET_ACCESS_KEY: creds.secretAccessKey, SIFT_ACCOUNT_ID: '123456789012', SIFT_LOG_LEVEL: 'error', ...(database ? { SIFT_DATABASE_URL: database.url } : {}) },
    /AWS_ENDPOINT_URL=(\S+)/,
    async (url) => void (await new Macie2Client({ endpoint: url, region: 'us-east-1', credentials: creds }).send(new EnableMacieCommand({}))),
  );
  const bare = await measure('bare', [join(import.meta.dirname, 'bare-server.mjs')], {}, /READY (\S+)/);
  const k = (n: number) => `${(n / 1000).toFixed(0)}k`;
  console.log(`instructions per GetMacieSession call (${CALLS} calls after ${WARMUP} warm-up calls, 8 in flight): Sift ${k(sift.raw)}, bare Node server ${k(bare.raw)}: ${(sift.raw / bare.raw).toFixed(2)}x (goal ≤ 2x)`);
  const net = (m: { raw: number; idle: number }) => m.raw - m.idle;
  console.log(`  idle server in as long a window, per call: Sift ${k(sift.idle)}, bare ${k(bare.idle)}; net of it: Sift ${k(net(sift))}, bare ${k(net(bare))}: ${(net(sift) / net(bare)).toFixed(2)}x`);
} finally {
  await database?.drop();
  rmSync(dataDir, { recursive: true, force: true });
}
