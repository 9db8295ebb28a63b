// Benchmark (prints figures, asserts nothing): ListFindings for a Macie administrator whose job findings cover many
// member accounts, against one account holding the same number of findings, in the same SQLite store and run.
//   npx tsx bench/accounts.ts [members=50] [perMember=2000]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock, randomIds } from '../src/common/index.js';
import type { FindingCriteria, SortCriteria } from '../src/models/macie2/index.js';
import { openStore } from '../src/store/index.js';
import { FindingsStore } from '../src/findings/store.js';
import { generateFindings } from '../src/findings/fixtures.js';

const members = Number(process.argv[2] ?? 50);
const perMember = Number(process.argv[3] ?? 2000);
const total = members * perMember;
const dir = mkdtempSync(join(tmpdir(), 'sift-bench-accounts-'));
const store = await openStore(join(dir, 'sift.db'));
const findings = new FindingsStore(store.db, store.dialect, randomIds);
const clock = new ManualClock(Date.UTC(2026, 2, 1));
const admin = { accountId: '111122223333', region: 'us-east-1', clock };
const single = { accountId: '999988887777', region: 'us-east-1', clock };
const memberId = (i: number) => String(200000000000 + i);

let n = 0;
const hex = () => (++n).toString(16).padStart(32, '0');
for (let m = 0; m < members; m++) {
  // The administrator's job findings about member m's buckets: accountId is the member, the findings are the admin's.
  const chunk = generateFindings(perMember, { seed: m + 1, buckets: 4, jobs: 5 }).map((f) => ({ ...f, id: hex(), accountId: memberId(m) }));
  await findings.recordMany(admin, chunk, { returnFindings: false });
}
for (let done = 0; done < total; done += 5000) {
  const chunk = generateFindings(Math.min(5000, total - done), { seed: 10_000 + done, buckets: 200, jobs: 50 }).map((f) => ({ ...f, id: hex() }));
  await findings.recordMany(single, chunk, { returnFindings: false });
}
await store.db.executeQuery({ sql: 'ANALYZE', parameters: [], query: { kind: 'RawNode' } } as never).catch(() => undefined);

const queries: Array<[string, FindingCriteria | undefined, SortCriteria | undefined]> = [
  ['all, newest first (default)', undefined, undefined],
  ['archived=false, updatedAt DESC', { criterion: { archived: { eq: ['false'] } } }, { attributeName: 'updatedAt', orderBy: 'DESC' }],
  ['severity High, severity.score DESC', { criterion: { 'severity.description': { eq: ['High'] } } }, { attributeName: 'severity.score', orderBy: 'DESC' }],
  ['one member (accountId eq)', { criterion: { accountId: { eq: [memberId(7)] } } }, { attributeName: 'updatedAt', orderBy: 'DESC' }],
];
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

async function measure(scope: typeof admin, criteria: FindingCriteria | undefined, sort: SortCriteria | undefined) {
  const times: number[] = [];
  let ids = 0;
  for (let i = 0; i < 30; i++) {
    const t = performance.now();
    const out = await findings.list(scope, { findingCriteria: criteria, sortCriteria: sort, maxResults: 50 });
    times.push(performance.now() - t);
    ids = out.findingIds.length;
  }
  return { times: times.slice(5), ids };
}

console.log(`members: ${members} x ${perMember} findings = ${total} for the administrator; ${total} for the single account`);
console.log('query'.padEnd(40), 'admin p50'.padStart(10), 'admin p95'.padStart(10), 'single p50'.padStart(11), 'single p95'.padStart(11), 'ids'.padStart(5));
const adminAll: number[] = [];
const singleAll: number[] = [];
for (const [name, criteria, sort] of queries) {
  const a = await measure(admin, criteria, sort);
  // The single account has no members: its accountId query names itself.
  const singleCriteria = name.startsWith('one member') ? { criterion: { accountId: { eq: [single.accountId] } } } : criteria;
  const s = await measure(single, singleCriteria, sort);
  adminAll.push(...a.times);
  singleAll.push(...s.times);
  console.log(name.padEnd(40), pct(a.times, 50).toFixed(1).padStart(10), pct(a.times, 95).toFixed(1).padStart(10), pct(s.times, 50).toFixed(1).padStart(11), pct(s.times, 95).toFixed(1).padStart(11), String(a.ids).padStart(5));
}
const ap95 = pct(adminAll, 95);
const sp95 = pct(singleAll, 95);
console.log(`all queries: administrator p95 ${ap95.toFixed(1)} ms, single account p95 ${sp95.toFixed(1)} ms, ratio ${(ap95 / sp95).toFixed(2)}`);
await store.close();
rmSync(dir, { recursive: true, force: true });
