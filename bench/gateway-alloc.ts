// Where a GetMacieSession call's allocations come from: Sift from `<tree>/dist` and a 32-in-flight client in one
// process (as bench/gateway-inprocess-ab.ts), V8's sampling heap profiler on for SIFT_BENCH_CALLS calls after as
// many warm-up calls, counting objects a scavenge or a mark-compact has collected as well (the garbage is the point).
// Bytes per call by allocating function, and by the innermost frame in Sift's own code (dist/).
//   npx tsx bench/gateway-alloc.ts [tree]
import { Agent, request } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';

const tree = resolve(process.argv[2] ?? join(import.meta.dirname, '..'));
const CALLS = Number(process.env.SIFT_BENCH_CALLS ?? 5000);
const creds = { accessKeyId: 'AKIABENCHMARKKEY0001', secretAccessKey: 'benchmarkbenchmarkbenchmarkbenchmark0000' };
const { loadConfig, silentLogger } = await import(`${tree}/dist/common/index.js`);
const { createSift } = await import(`${tree}/dist/gateway/index.js`);
const dataDir = mkdtempSync(join(tmpdir(), 'sift-bench-alloc-'));
const config = loadConfig(
  { host: '127.0.0.1', port: 0, dataDir, logLevel: 'silent' },
  { SIFT_ROOT_ACCESS_KEY_ID: creds.accessKeyId, SIFT_ROOT_SECRET_ACCESS_KEY: creds.secretAccessKey, SIFT_ACCOUNT_ID: '123456789012' },
);
const sift = await createSift({ config, logger: silentLogger });
const url = new URL(await sift.listen());
const agent = new Agent({ keepAlive: true, maxSockets: 32 });
const sign = async (method: string, body?: string) =>
  (await new SignatureV4({ service: 'macie2', region: 'us-east-1', credentials: creds, sha256: Sha256 }).sign({ method, protocol: 'http:', hostname: url.hostname, port: Number(url.port), path: '/macie', headers: { host: url.host, 'content-type': 'application/json' }, body })).headers as Record<string, string>;
const call = (method: string, headers: Record<string, string>, body?: string) =>
  new Promise<void>((ok, fail) => {
    const r = request({ host: url.hostname, port: url.port, method, path: '/macie', headers, agent }, (res) => {
      res.resume();
      res.on('end', () => (res.statusCode === 200 ? ok() : fail(new Error(`status ${res.statusCode}`))));
    });
    r.on('error', fail);
    r.end(body);
  });
await call('POST', await sign('POST', '{}'), '{}');
const headers = await sign('GET');
const run = async (n: number) => {
  let left = n;
  await Promise.all(Array.from({ length: 32 }, async () => {
    while (left-- > 0) await call('GET', headers);
  }));
};
await run(CALLS);
const session = new Session();
session.connect();
await session.post('HeapProfiler.startSampling', { samplingInterval: 256, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
await run(CALLS);
const { profile } = (await session.post('HeapProfiler.stopSampling')) as { profile: { head: Node } };
interface Node { callFrame: { functionName: string; url: string; lineNumber: number }; selfSize: number; children: Node[] }
const bySelf = new Map<string, number>();
const bySift = new Map<string, number>();
let total = 0;
const short = (u: string) => u.replace(/.*\/(dist|node_modules)\//, '$1/');
const walk = (n: Node, stack: Node[]) => {
  const here = [...stack, n];
  if (n.selfSize) {
    total += n.selfSize;
    const f = n.callFrame;
    const k = `${f.functionName || '(anon)'} ${short(f.url)}:${f.lineNumber + 1}`;
    bySelf.set(k, (bySelf.get(k) ?? 0) + n.selfSize);
    const own = [...here].reverse().find((x) => x.callFrame.url.includes('/dist/'));
    const path = [...here].reverse().filter((x) => x.callFrame.url.includes('/dist/')).slice(0, 2).map((x) => `${x.callFrame.functionName || '(anon)'} ${short(x.callFrame.url)}:${x.callFrame.lineNumber + 1}`).join(' < ');
    const k2 = own ? path : `(outside dist) ${here.slice(-3).map((x) => x.callFrame.functionName || '(anon)').join(' < ')}`;
    bySift.set(k2, (bySift.get(k2) ?? 0) + n.selfSize);
  }
  for (const c of n.children) walk(c, here);
};
walk(profile.head, []);
const top = (m: Map<string, number>, k: number) => [...m].sort((a, b) => b[1] - a[1]).slice(0, k).map(([n, b]) => `${(b / CALLS).toFixed(0).padStart(7)} B/call  ${n}`).join('\n');
console.log(`${tree}: sampled allocations ${(total / CALLS).toFixed(0)} B/call over ${CALLS} calls (server and client)`);
console.log('--- by allocating function\n' + top(bySelf, Number(process.env.SIFT_BENCH_TOP ?? 40)));
console.log('--- by innermost Sift frames\n' + top(bySift, Number(process.env.SIFT_BENCH_TOP ?? 40)));
agent.destroy();
await sift.close();
rmSync(dataDir, { recursive: true, force: true });
