// Benchmark of the audit trail: what recording costs the request path, how fast batches reach the store, and
// LookupEvents latency over a large history. Prints figures; asserts nothing.
//   npx tsx src/audit/audit.bench.ts [events=50000]
import { sql } from 'kysely';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ManualClock, randomIds, silentLogger, type Principal, type RequestContext } from '../src/common/index.js';
import { schemas } from '../src/models/index.js';
import { openStore } from '../src/store/index.js';
import { buildAuditEvent, createAuditTrail, type AuditCall } from '../src/audit/index.js';
import { createCloudTrailProvider } from '../src/services/cloudtrail/index.js';

const N = Number(process.argv[2] ?? 50_000);
const principal: Principal = { type: 'IAMUser', accountId: '123456789012', arn: 'arn:aws:iam::123456789012:user/alice', principalId: 'AIDAALICE', accessKeyId: 'AKIAALICE', userName: 'alice' };
const clock = new ManualClock(Date.parse('2026-01-01T00:00:00Z'));
const ctx: RequestContext = { accountId: '123456789012', region: 'us-east-1', principal, requestId: 'r', clock, sourceIp: '127.0.0.1', userAgent: 'aws-sdk-js/3' };
const listFindings = (i: number): AuditCall => ({
  ctx: { ...ctx, requestId: `req-${i}` },
  service: 'macie2',
  eventSource: 'macie2.amazonaws.com',
  operation: i % 10 === 0 ? 'CreateClassificationJob' : 'ListFindings',
  schema: schemas.macie2!,
  input: { findingCriteria: { criterion: { 'severity.description': { eq: ['High'] } } }, maxResults: 25, sortCriteria: { attributeName: 'updatedAt', orderBy: 'DESC' } },
  output: { findingIds: ['a', 'b'] },
  resources: i % 10 === 0 ? [{ type: 'AWS::Macie::ClassificationJob', arn: `arn:aws:macie2:us-east-1:123456789012:classification-job/j${i}`, accountId: '123456789012' }] : undefined,
  dataEvent: false,
});

const fmt = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 1 });

async function main() {
  let t = performance.now();
  for (let i = 0; i < N; i++) buildAuditEvent(listFindings(i), randomIds.uuid());
  const buildUs = ((performance.now() - t) * 1000) / N;
  console.log(`build record: ${fmt(buildUs)} µs/event (${fmt(1e6 / buildUs)} events/s)`);

  const dir = mkdtempSync(join(tmpdir(), 'sift-audit-bench-'));
  const store = await openStore(join(dir, 'sift.db'));
  try {
    if (process.env.BENCH_RESOURCE_INDEX) await sql`CREATE INDEX bench_res_name ON audit_event_resources (resource_name)`.execute(store.db);
    const trail = createAuditTrail({ store, ids: randomIds, clock, logger: silentLogger });
    t = performance.now();
    for (let i = 0; i < N; i++) {
      await trail.record(listFindings(i));
      if (i % 100 === 0) clock.advance(1000);
    }
    const recordUs = ((performance.now() - t) * 1000) / N;
    await trail.flush();
    const totalMs = performance.now() - t;
    console.log(`record() incl. its share of the batched (synchronous SQLite) writes: ${fmt(recordUs)} µs/event`);
    console.log(`recorded and stored (SQLite file, WAL): ${fmt(N)} events in ${fmt(totalMs)} ms = ${fmt(N / (totalMs / 1000))} events/s`);

    const provider = createCloudTrailProvider({ store, ids: randomIds, audit: trail });
    const time = async (label: string, input: Parameters<typeof provider.lookupEvents>[1], reps = 50) => {
      await provider.lookupEvents(ctx, input);
      const s = performance.now();
      let out;
      for (let r = 0; r < reps; r++) out = await provider.lookupEvents(ctx, input);
      console.log(`LookupEvents ${label}: ${fmt((performance.now() - s) / reps)} ms/call (${out!.Events!.length} events)`);
      return out!;
    };
    const first = await time('first page (50)', {});
    let token = first.NextToken;
    for (let p = 0; p < 20 && token; p++) token = (await provider.lookupEvents(ctx, { NextToken: token })).NextToken;
    await time('21st page', { NextToken: token });
    await time('EventName=CreateClassificationJob', { LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'CreateClassificationJob' }] });
    await time('ResourceType', { LookupAttributes: [{ AttributeKey: 'ResourceType', AttributeValue: 'AWS::Macie::ClassificationJob' }] });
    await time('ResourceName (one match)', { LookupAttributes: [{ AttributeKey: 'ResourceName', AttributeValue: 'arn:aws:macie2:us-east-1:123456789012:classification-job/j10' }] }, 5);
    await trail.close();
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
