// `npm run bench:jobs`: end-to-end classification job throughput on generated objects in the embedded store against
// the detection engine alone on the same objects in the same run (the ratio is the job machinery's overhead).
// Size: MB (default 100; the figure is MB=1024).
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
while (total < MB * 1024 * 1024) {
  let body: string;
  if (n % 3 === 0) {
    const rows = ['id,name,credit card number,notes'];
    while (rows.join('\n').length < size) rows.push(`${rows.length},Person ${n}-${rows.length},${rows.length % 100 === 0 ? CARDS[n % 3] : 'n/a'},some free text about the order`);
    body = rows.join('\n') + '\n';
  } else if (n % 3 === 1) {
    const lines: string[] = [];
    while (lines.join('\n').length < size) lines.push(`2026-03-10T12:00:00Z INFO request ${lines.length} served user=u${lines.length} latency=${lines.length % 97}ms`);
    body = lines.join('\n') + '\n';
  } else {
    const items: unknown[] = [];
    while (JSON.stringify(items).length < size) items.push({ id: items.length, name: `C${items.length}`, address: { city: 'Springfield', zip: '12345' } });
    body = JSON.stringify({ items });
  }
  await f.put('bench', `obj-${n}.${['csv', 'log', 'json'][n % 3]}`, body);
  total += Buffer.byteLength(body); n++;
}
console.log(`objects ${n}, bytes ${(total / 1048576).toFixed(1)} MB`);

// Bare engine: the same objects read from the same store and scanned one after another.
const scanner = compileScanner({});
const storage = await f.storage.forAccount(ACCOUNT);
let t0 = performance.now();
for await (const o of allObjects(storage, 'bench')) {
  const s = await storage.readObject('bench', o.key);
  await scanObject({ key: o.key, size: o.size, stream: s.body }, scanner); if (process.env.DEBUG) console.log(o.key);
}
const engineS = (performance.now() - t0) / 1000;

f.jobs.start();
t0 = performance.now();
const { jobId } = await f.jobs.create(SCOPE, { clientToken: 'b', jobType: 'ONE_TIME', name: 'bench', s3JobDefinition: { bucketDefinitions: [{ accountId: ACCOUNT, buckets: ['bench'] }] } });
await f.jobs.settle();
const jobS = (performance.now() - t0) / 1000;
const d = await f.jobs.describe(SCOPE, jobId);
const mbs = total / 1048576;
console.log(`engine alone: ${engineS.toFixed(2)} s, ${(mbs / engineS).toFixed(1)} MB/s, ${(n / engineS).toFixed(0)} objects/s`);
console.log(`job (${d.jobStatus}): ${jobS.toFixed(2)} s, ${(mbs / jobS).toFixed(1)} MB/s, ${(n / jobS).toFixed(0)} objects/s`);
console.log(`job / engine throughput: ${((engineS / jobS) * 100).toFixed(0)}%`);
await f.close();
