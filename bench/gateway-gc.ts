// What a GetMacieSession call costs V8's garbage collector: the server runs with --trace-gc-nvp, is driven for
// SIFT_BENCH_WARMUP calls, then for SIFT_BENCH_CALLS more; the GC lines printed in the second window give the
// young-generation bytes allocated per call, scavenges and mark-compacts per call, and the pause time per call.
//   SIFT_BENCH_ROOT=<tree> npx tsx bench/gateway-gc.ts
import { resolve } from 'node:path';
import { siftProcess } from './gateway-server.js';
import { runCount } from './load-count.js';

const root = process.env.SIFT_BENCH_ROOT ?? resolve(import.meta.dirname, '..');
const CALLS = Number(process.env.SIFT_BENCH_CALLS ?? 20000);
const WARMUP = Number(process.env.SIFT_BENCH_WARMUP ?? 20000);

const { createTestDatabase } = await import('../src/store/test-databases.js');
const database = process.env.SIFT_BENCH_POSTGRES ? await createTestDatabase('sift_bench_gwgc') : undefined;
const sift = await siftProcess(root, ['--trace-gc-nvp'], database?.url);
let out = '';
sift.proc.stdout!.on('data', (d) => (out += d));
try {
  const { url, headers } = sift;
  await runCount({ url: `${url}/macie`, method: 'GET', headers, concurrency: 32, count: WARMUP });
  out = '';
  await runCount({ url: `${url}/macie`, method: 'GET', headers, concurrency: 32, count: CALLS });
  await new Promise((r) => setTimeout(r, 200));
  const lines = out.split('\n').filter((l) => l.includes('gc='));
  // SIFT_BENCH_GC_LINES=n: the window's first n GC lines as V8 printed them (phases, sizes, survival).
  if (process.env.SIFT_BENCH_GC_LINES) console.log(lines.slice(0, Number(process.env.SIFT_BENCH_GC_LINES)).join('\n'));
  const field = (l: string, k: string) => Number(new RegExp(`\\b${k}=([\\d.]+)`).exec(l)?.[1] ?? 0);
  const scav = lines.filter((l) => /gc=s\b/.test(l));
  const major = lines.filter((l) => !/gc=s\b/.test(l));
  const allocated = lines.reduce((a, l) => a + field(l, 'allocated'), 0);
  const promoted = lines.reduce((a, l) => a + field(l, 'promoted'), 0);
  const pause = lines.reduce((a, l) => a + field(l, 'pause'), 0);
  console.log(`${root}: ${CALLS} calls after ${WARMUP}: ${scav.length} scavenges, ${major.length} other GCs; allocated ${(allocated / CALLS).toFixed(0)} B/call, promoted ${(promoted / CALLS).toFixed(0)} B/call, main-thread pause ${((pause * 1000) / CALLS).toFixed(2)} µs/call`);
} finally {
  await sift.stop();
  await database?.drop();
}
