// Where a GetMacieSession call's allocations come from: Sift from `<tree>/dist` and a 32-in-flight client in one
// process (as bench/gateway-inprocess-ab.ts), V8's sampling heap profiler on for SIFT_BENCH_CALLS calls after as
// many warm-up calls, counting objects a scavenge or a mark-compact has collected as well (the garbage is the point).
// Bytes per call by allocating function, and by the innermost frame in Sift's own code (dist/).
//   npx tsx bench/gateway-alloc.ts [tree]
import { Session } from 'node:inspector/promises';
import { join, resolve } from 'node:path';
import { siftInProcess } from './gateway-server.js';

const tree = resolve(process.argv[2] ?? join(import.meta.dirname, '..'));
const CALLS = Number(process.env.SIFT_BENCH_CALLS ?? 5000);
const sift = await siftInProcess(tree);
await sift.getSessions(CALLS);
const session = new Session();
session.connect();
await session.post('HeapProfiler.startSampling', { samplingInterval: 256, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
await sift.getSessions(CALLS);
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
await sift.close();
