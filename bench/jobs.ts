// `npm run bench:jobs`: end-to-end classification job throughput on generated objects in the embedded store against
// the detection engine alone on the same objects in the same run (the ratio is the job machinery's overhead).
// Size: MB (default 100; the figure is MB=1024). The same objects are also written to a folder and scanned by
// `sift scan --json` (the built CLI, dist/: run `npx tsc -p tsconfig.build.json` first), a process of its own timed
// with /usr/bin/time, and the job's figure is given as a share of that (issue 12: jobs at >= 80% of `sift scan`).
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileScanner } from '../src/detect/index.js';
import { scanObject } from '../src/scan/index.js';
import { allObjects } from '../src/storage/index.js';
import { jobsFixture, SCOPE, ACCOUNT } from '../src/jobs/test-support.js';

const MB = Number(process.env.MB ?? 100);
const f = await jobsFixture({ jobs: { unitMaxObjects: 64, concurrency: 4 } });
await f.bucket('bench');
const CARDS = ['4556737586899855', '4539148803436467', '4916338506082832'];
const size = 256 * 1024;
let total = 0, n = 0;
const folder = join(tmpdir(), `sift-bench-jobs-${process.pid}`);
rmSync(folder, { recursive: true, force: true });
mkdirSync(folder, { recursive: true });
while (total < MB * 1024 * 1024) {
  // Objects grow to `size` with a running length: re-joining (or re-serialising) the whole object on every row made
  // generation quadratic, about 26 s per 256 KB JSON object, which is why MB=12 looked like a hang.
  let body: string;
  if (n % 3 === 0) {
    const rows = ['id,name,credit card number,notes'];
    let length = rows[0].length;
    while (length < size) {
      const row = `${rows.length},Person ${n}-${rows.length},${rows.length % 100 === 0 ? CARDS[n % 3] : 'n/a'},some free text about the order`;
      rows.push(row);
      length += row.length + 1;
    }
    body = rows.join('\n') + '\n';
  } else if (n % 3 === 1) {
    const lines: string[] = [];
    let length = 0;
    while (length < size) {
      const line = `2026-03-10T12:00:00Z INFO request ${lines.length} served user=u${lines.length} latency=${lines.length % 97}ms`;
      lines.push(line);
      length += line.length + 1;
    }
    body = lines.join('\n') + '\n';
  } else {
    const items: unknown[] = [];
    let length = 2;
    while (length < size) {
      const item = { id: items.length, name: `C${items.length}`, address: { city: 'Springfield', zip: '12345' } };
      items.push(item);
      length += JSON.stringify(item).length + 1;
    }
    body = JSON.stringify({ items });
  }
  await f.put('bench', `obj-${n}.${['csv', 'log', 'json'][n % 3]}`, body);
  writeFileSync(join(folder, `obj-${n}.${['csv', 'log', 'json'][n % 3]}`), body);
  total += Buffer.byteLength(body); n++;
}
console.log(`objects ${n}, bytes ${(total / 1048576).toFixed(1)} MB`);

// Bare engine: the same objects read from the same store and scanned one after another (twice: the first pass warms
// the JIT up, as the job's own scans are warm by then; the second is timed).
/** CPU seconds of this process, every thread (user + system): comparable on a loaded machine. */
const cpuNow = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
const scanner = compileScanner({});
const storage = await f.storage.forAccount(ACCOUNT);
let t0 = 0;
let c0 = 0;
for (let pass = 0; pass < 2; pass++) {
  t0 = performance.now();
  c0 = cpuNow();
  for await (const o of allObjects(storage, 'bench')) {
    const s = await storage.readObject('bench', o.key);
    await scanObject({ key: o.key, size: o.size, stream: s.body }, scanner); if (process.env.DEBUG) console.log(o.key);
  }
}
const engineS = (performance.now() - t0) / 1000;
const engineCpu = cpuNow() - c0;

f.jobs.start();
t0 = performance.now();
c0 = cpuNow();
const { jobId } = await f.jobs.create(SCOPE, { clientToken: 'b', jobType: 'ONE_TIME', name: 'bench', s3JobDefinition: { bucketDefinitions: [{ accountId: ACCOUNT, buckets: ['bench'] }] } });
await f.jobs.settle();
const jobS = (performance.now() - t0) / 1000;
const jobCpu = cpuNow() - c0;
const d = await f.jobs.describe(SCOPE, jobId);
const mbs = total / 1048576;
console.log(`engine alone: ${engineS.toFixed(2)} s wall, ${(mbs / engineS).toFixed(1)} MB/s; ${engineCpu.toFixed(2)} CPU-s, ${(mbs / engineCpu).toFixed(1)} MB per CPU-second; ${(n / engineS).toFixed(0)} objects/s`);
console.log(`job (${d.jobStatus}): ${jobS.toFixed(2)} s wall, ${(mbs / jobS).toFixed(1)} MB/s; ${jobCpu.toFixed(2)} CPU-s, ${(mbs / jobCpu).toFixed(1)} MB per CPU-second; ${(n / jobS).toFixed(0)} objects/s`);
console.log(`job / engine throughput: ${((engineS / jobS) * 100).toFixed(0)}% wall, ${((engineCpu / jobCpu) * 100).toFixed(0)}% per CPU-second`);
await f.close();

// `sift scan` on the same bytes (the recommended identifiers, as the job's definition): a whole process, start-up
// included, CPU of every thread.
const sift = join(import.meta.dirname, '..', 'bin', 'sift.js');
const runs: Array<{ wall: number; cpu: number }> = [];
for (let i = 0; i < 3; i++) {
  const res = spawnSync('/usr/bin/time', ['-f', 'SIFT_TIME %e %U %S', process.execPath, sift, 'scan', '--json', folder], { encoding: 'utf8', maxBuffer: 1 << 30 });
  const m = /SIFT_TIME ([0-9.]+) ([0-9.]+) ([0-9.]+)/.exec(res.stderr);
  if (!m) throw new Error(`sift scan: no timing (${res.stderr.slice(0, 300)})`);
  const lines = res.stdout.split('\n').filter(Boolean).length;
  if (lines !== n) throw new Error(`sift scan printed ${lines} results for ${n} objects`);
  runs.push({ wall: Number(m[1]), cpu: Number(m[2]) + Number(m[3]) });
}
rmSync(folder, { recursive: true, force: true });
const med = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const scanS = med(runs.map((r) => r.wall));
const scanCpu = med(runs.map((r) => r.cpu));
console.log(`sift scan --json (median of 3): ${scanS.toFixed(2)} s wall, ${(mbs / scanS).toFixed(1)} MB/s; ${scanCpu.toFixed(2)} CPU-s, ${(mbs / scanCpu).toFixed(1)} MB per CPU-second`);
console.log(`job / sift scan throughput: ${((scanS / jobS) * 100).toFixed(0)}% wall, ${((scanCpu / jobCpu) * 100).toFixed(0)}% per CPU-second`);
