// System calls per authenticated GetMacieSession call, counted with `strace -c -f` attached to the server for
// exactly N calls (after a warm-up): kernel work that instruction counts leave out (SQLite's WAL writes and locks,
// socket I/O, PostgreSQL round trips) and that a loaded machine's CPU time cannot resolve.
//   npx tsx bench/gateway-syscalls.ts        (SIFT_BENCH_ROOT=<tree>, SIFT_BENCH_CALLS=N, SIFT_BENCH_POSTGRES=1)
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { siftProcess } from './gateway-server.js';
import { runCount } from './load-count.js';

const root = process.env.SIFT_BENCH_ROOT ?? resolve(import.meta.dirname, '..');
const CALLS = Number(process.env.SIFT_BENCH_CALLS ?? 3000);
const WARMUP = Number(process.env.SIFT_BENCH_WARMUP ?? 3000);

const { createTestDatabase } = await import('../src/store/test-databases.js');
const database = process.env.SIFT_BENCH_POSTGRES ? await createTestDatabase('sift_bench_gwsys') : undefined;
const sift = await siftProcess(root, [], database?.url);
const dataDir = mkdtempSync(join(tmpdir(), 'sift-bench-strace-'));
try {
  const { url, headers } = sift;
  await runCount({ url: `${url}/macie`, method: 'GET', headers, concurrency: 32, count: WARMUP });
  const out = join(dataDir, 'strace.txt');
  const tracer = spawn('strace', ['-c', '-f', '-o', out, '-p', String(sift.proc.pid)], { stdio: 'ignore' });
  await new Promise((r) => setTimeout(r, 1000)); // attached to every thread
  await runCount({ url: `${url}/macie`, method: 'GET', headers, concurrency: 32, count: CALLS });
  tracer.kill('SIGINT');
  await new Promise((r) => tracer.once('exit', r));
  console.log(`system calls per GetMacieSession call (${CALLS} calls after ${WARMUP}, 32 in flight, ${database ? 'PostgreSQL' : 'SQLite'}; ${root}):`);
  for (const line of readFileSync(out, 'utf8').split('\n')) {
    const m = /^\s*[\d.]+\s+[\d.]+\s+\d+\s+(\d+)\s+(?:\d+\s+)?(\w+)$/.exec(line);
    if (m && m[2] !== 'total' && Number(m[1]) / CALLS >= 0.05) console.log(`  ${m[2]!.padEnd(16)} ${(Number(m[1]) / CALLS).toFixed(2)}`);
    const total = /^\s*[\d.]+\s+[\d.]+\s+\d+\s+(\d+)\s+(?:\d+\s+)?total$/.exec(line);
    if (total) console.log(`  ${'total'.padEnd(16)} ${(Number(total[1]) / CALLS).toFixed(2)}`);
  }
} finally {
  await sift.stop();
  await database?.drop();
  rmSync(dataDir, { recursive: true, force: true });
}
