// Benchmark (prints figures, asserts nothing): ListFindings latency with criteria and sorting over N findings in a
// SQLite file store, plus the rate at which findings are recorded. Run:
//   npx tsx src/services/macie2/findings/bench-list-findings.ts [count=1000000]
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock, randomIds } from '../common/index.js';
import type { FindingCriteria, SortCriteria } from '../models/macie2/index.js';
import { openStore } from '../store/index.js';
import { generateFindings } from './fixtures.js';
import { FindingsStore } from './store.js';

const total = Number(process.argv[2] ?? 1_000_000);
const dir = mkdtempSync(join(tmpdir(), 'sift-bench-findings-'));
const store = await openStore(join(dir, 'sift.db'));
const findings = new FindingsStore(store.db, store.dialect, randomIds);
const scope = { accountId: '111122223333', region: 'us-east-1', clock: new ManualClock(Date.UTC(2026, 2, 1)) };

const batch = 5000;
const started = performance.now();
for (let done = 0; done < total; done += batch) {
  const n = Math.min(batch, total - done);
  const chunk = generateFindings(n, { seed: done + 1, buckets: 200, jobs: 50 }).map((f, i) => ({ ...f, id: (done + i + 1).toString(16).padStart(32, '0') }));
  await findings.recordMany(scope, chunk, { returnFindings: false });
  if ((done / batch) % 20 === 0) process.stderr.write(`\r${done + n} findings recorded`);
}
const insertSec = (performance.now() - started) / 1000;
process.stderr.write('\n');
await store.db.executeQuery({ sql: 'ANALYZE', parameters: [], query: { kind: 'RawNode' } } as never).catch(() => undefined);

const queries: Array<[string, FindingCriteria | undefined, SortCriteria | undefined]> = [
  ['all, newest first (default)', undefined, undefined],
  ['console default: archived=false, updatedAt DESC', { criterion: { archived: { eq: ['false'] } } }, { attributeName: 'updatedAt', orderBy: 'DESC' }],
  ['severity High, by severity.score DESC', { criterion: { 'severity.description': { eq: ['High'] } } }, { attributeName: 'severity.score', orderBy: 'DESC' }],
  ['one bucket, createdAt ASC', { criterion: { 'resourcesAffected.s3Bucket.name': { eq: ['bucket-042'] } } }, { attributeName: 'createdAt', orderBy: 'ASC' }],
  ['one job + type', { criterion: { 'classificationDetails.jobId': { eq: [(7).toString(16).padStart(32, '0')] }, type: { eq: ['SensitiveData:S3Object/Personal'] } } }, undefined],
  ['detection type eq (term index)', { criterion: { 'sensitiveData.detections.type': { eq: ['USA_SOCIAL_SECURITY_NUMBER'] } } }, undefined],
  ['custom identifier name (term index, ~5%)', { criterion: { 'customDataIdentifiers.detections.name': { eq: ['custom-2'] } } }, { attributeName: 'createdAt', orderBy: 'DESC' }],
  ['detection type that no finding has', { criterion: { 'sensitiveData.detections.type': { eq: ['UK_NHS_NUMBER'] } } }, undefined],
  ['date range + severity neq', { criterion: { createdAt: { gte: Date.UTC(2026, 0, 10), lt: Date.UTC(2026, 0, 12) }, 'severity.description': { neq: ['Low'] } } }, { attributeName: 'createdAt', orderBy: 'DESC' }],
  ['rare JSON field (extension=csv)', { criterion: { 'resourcesAffected.s3Object.extension': { eq: ['csv'] } } }, undefined],
  ['resourcesAffected sort, page 3', undefined, { attributeName: 'resourcesAffected', orderBy: 'ASC' }],
];

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
console.log(`findings: ${total}  record rate: ${Math.round(total / insertSec)} findings/s  db size: ${(statSync(join(dir, 'sift.db')).size / 1e6).toFixed(0)} MB`);
console.log('query'.padEnd(52), 'p50 ms'.padStart(8), 'p95 ms'.padStart(8), 'ids'.padStart(5));
const all: number[] = [];
for (const [name, criteria, sort] of queries) {
  const times: number[] = [];
  let ids = 0;
  for (let i = 0; i < 25; i++) {
    const t = performance.now();
    let out = await findings.list(scope, { findingCriteria: criteria, sortCriteria: sort, maxResults: 50 });
    if (name.includes('page 3')) {
      out = await findings.list(scope, { findingCriteria: criteria, sortCriteria: sort, maxResults: 50, nextToken: out.nextToken });
      out = await findings.list(scope, { findingCriteria: criteria, sortCriteria: sort, maxResults: 50, nextToken: out.nextToken });
    }
    times.push(performance.now() - t);
    ids = out.findingIds.length;
  }
  all.push(...times.slice(5));
  console.log(name.padEnd(52), pct(times.slice(5), 50).toFixed(1).padStart(8), pct(times.slice(5), 95).toFixed(1).padStart(8), String(ids).padStart(5));
}
console.log(`all queries: p50 ${pct(all, 50).toFixed(1)} ms, p95 ${pct(all, 95).toFixed(1)} ms`);
await store.close();
rmSync(dir, { recursive: true, force: true });
