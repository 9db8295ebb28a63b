// Where a large PUT's server CPU goes, thread by thread: the real server (bench/s3.ts startServer, encryption at rest
// on) takes MB MiB PUTs through the SDK (no declared checksum, as bench/s3.ts), and each of its threads' user and system
// CPU (/proc/<pid>/task/<tid>/stat) is reported per GiB, with the client's. On Linux the main thread is the task whose
// id is the pid; the others are libuv's pool (MD5 on the native addon, file writes, fdatasync) and V8's helpers (GC,
// compiler), all named `node`. PERF=<file> also records `perf record -g` of the server meanwhile (with
// SIFT_BENCH_NODE_FLAGS=--perf-basic-prof for JavaScript frames; PERF_F: sampling rate, default 499).
//   SIFT_BENCH_S3_MB (default 256), SIFT_BENCH_ROUNDS (default 3), SIFT_BENCH_ROOT (another checkout's built server),
//   SIFT_BENCH_DATABASE_URL (a PostgreSQL server for the server's metadata instead of SQLite)
//   npm run build && npx tsx bench/s3-put-threads.ts
import { spawn } from 'node:child_process';
import { createReadStream, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { sourceFile, startServer, stop } from './s3.js';

const MB = Number(process.env.SIFT_BENCH_S3_MB ?? 256);
const ROUNDS = Number(process.env.SIFT_BENCH_ROUNDS ?? 3);

/** CPU milliseconds (user, system) of each of `pid`'s threads, by thread id. */
function threads(pid: number): Map<string, { user: number; sys: number }> {
  const out = new Map<string, { user: number; sys: number }>();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(tid, { user: Number(f[11]) * 10, sys: Number(f[12]) * 10 });
    } catch {
      // (a thread that ended meanwhile)
    }
  }
  return out;
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'sift-bench-s3threads-'));
  try {
    const src = await sourceFile(dir, MB);
    const server = await startServer(join(dir, 'server'), false, process.env.SIFT_BENCH_DATABASE_URL, process.env.SIFT_BENCH_ROOT ? { SIFT_BENCH_ROOT: process.env.SIFT_BENCH_ROOT } : {});
    const pid = server.sift.proc.pid!;
    const perf = process.env.PERF ? spawn('perf', ['record', '-F', process.env.PERF_F ?? '499', '-g', '-p', String(pid), '-o', process.env.PERF], { stdio: 'inherit' }) : undefined;
    if (perf) await new Promise((r) => setTimeout(r, 1000));
    const gib = MB / 1024;
    try {
      for (let r = 0; r < ROUNDS; r++) {
        const before = threads(pid);
        const client = process.cpuUsage();
        const t = performance.now();
        await server.s3.send(new PutObjectCommand({ Bucket: 'bench', Key: 'large.bin', Body: createReadStream(src, { highWaterMark: 1 << 20 }), ContentLength: MB << 20 }));
        const wall = (performance.now() - t) / 1000;
        const c = process.cpuUsage(client);
        const after = threads(pid);
        const rows = [...after]
          .map(([tid, a]) => ({ tid, user: a.user - (before.get(tid)?.user ?? 0), sys: a.sys - (before.get(tid)?.sys ?? 0) }))
          .filter((x) => x.user + x.sys > 0)
          .sort((x, y) => (x.tid === String(pid) ? -1 : y.tid === String(pid) ? 1 : y.user + y.sys - (x.user + x.sys)));
        const total = rows.reduce((n, x) => n + x.user + x.sys, 0);
        const perGib = (ms: number) => (ms / 1000 / gib).toFixed(2);
        console.log(
          `round ${r + 1}: PUT ${wall.toFixed(2)} s (${(MB / wall).toFixed(0)} MiB/s); CPU s/GiB server ${perGib(total)}, client ${perGib((c.user + c.system) / 1000)}; ` +
            rows.map((x) => `${x.tid === String(pid) ? 'main' : x.tid} ${perGib(x.user)}u+${perGib(x.sys)}s`).join(', '),
        );
      }
    } finally {
      if (perf) {
        perf.kill('SIGINT');
        await new Promise((r) => perf.once('exit', r));
      }
      await stop(server);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
