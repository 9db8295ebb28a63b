/**
 * CloudWatch Logs Insights benchmark: Macie job events (as the job runner writes them) ingested into one log group,
 * then `stats count(*) by eventType` run as a Logs Insights query over all of them (events scanned per second, and
 * per second of CPU time: one core), then the same selection as FilterLogEvents with a JSON filter pattern, paging
 * through the whole group, for comparison. Run: npx tsx bench/insights.ts [events] (default 1,000,000)
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildJobEvent, type JobEventType } from '../src/jobs/events.js';
import { compileFilterPattern } from '../src/services/logs/filter-pattern/index.js';
import { LogEventStore } from '../src/services/logs/engine/index.js';
import { CLEAR } from '../src/services/logs/event-cipher.js';
import { compileQuery } from '../src/services/logs/insights/compile.js';
import { runQuery } from '../src/services/logs/insights/run.js';

const TOTAL = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 1_000_000);
const BATCH = 200_000;
const JOBS = 1_000;
const T0 = Date.UTC(2026, 0, 1);
const GROUP = '/aws/macie/classificationjobs';
// A job's life: created, buckets matched, many per-bucket events, completion.
const TYPES: JobEventType[] = ['JOB_CREATED', 'BUCKET_MATCHED_THE_CRITERIA', 'BUCKET_MATCHED_THE_CRITERIA', 'BUCKET_ACCESS_DENIED', 'BUCKET_DOES_NOT_EXIST', 'BUCKET_MATCHED_THE_CRITERIA', 'JOB_COMPLETED'];

const rate = (n: number, ms: number) => Math.round((n / ms) * 1000).toLocaleString('en-US');
const mb = (n: number) => (n / 1024 / 1024).toFixed(0) + ' MiB';

function message(i: number): string {
  const job = { accountId: '111122223333', jobId: `job${(i % JOBS).toString(16).padStart(29, '0')}`, name: `nightly scan ${i % JOBS}` };
  const type = TYPES[i % TYPES.length];
  return JSON.stringify(buildJobEvent(job, type, { ms: T0 + i, micros: 0 }, type.startsWith('BUCKET_') ? { affectedBucket: `bucket-${i % 997}`, operation: 'ListObjectsV2' } : { runDateMs: T0 }));
}

/** Runs `fn`, returning wall and CPU (user + system) milliseconds. */
async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; wallMs: number; cpuMs: number }> {
  const cpu = process.cpuUsage();
  const t = performance.now();
  const value = await fn();
  const used = process.cpuUsage(cpu);
  return { value, wallMs: performance.now() - t, cpuMs: (used.user + used.system) / 1000 };
}

async function main(): Promise<void> {
  const root = await mkdtemp(join(tmpdir(), 'sift-bench-insights-'));
  const store = await LogEventStore.open(root, { durable: false });
  try {
    await store.createGroup(GROUP, T0);
    for (let j = 0; j < JOBS; j++) await store.createStream(GROUP, `job${j.toString(16).padStart(29, '0')}`, T0);
    let bytes = 0;
    const ingest = await timed(async () => {
      for (let i = 0; i < TOTAL; i += BATCH) {
        // One PutLogEvents-sized batch per job stream at a time, as the job runner writes them.
        const byStream = new Map<string, { timestamp: number; message: string }[]>();
        for (let k = i; k < Math.min(TOTAL, i + BATCH); k++) {
          const m = message(k);
          bytes += Buffer.byteLength(m);
          const s = `job${(k % JOBS).toString(16).padStart(29, '0')}`;
          let list = byStream.get(s);
          if (!list) byStream.set(s, (list = []));
          list.push({ timestamp: T0 + k, message: m });
        }
        for (const [s, events] of byStream) await store.putEvents(GROUP, s, events, T0 + i);
      }
    });
    console.log(`ingested ${TOTAL.toLocaleString('en-US')} Macie job events (${mb(bytes)} of messages, ~${Math.round(bytes / TOTAL)} B each) in ${(ingest.wallMs / 1000).toFixed(1)} s`);

    const queries = ['stats count(*) by eventType', 'filter eventType = "BUCKET_ACCESS_DENIED" | stats count(*) by affectedResource.value | sort `count(*)` desc | limit 5', 'filter @message like "BUCKET_ACCESS_DENIED" | stats count(*)'];
    console.log('Logs Insights (one query at a time, one thread):');
    for (const q of queries) {
      const plan = compileQuery(q);
      const run = await timed(() => runQuery(plan, [{ groupName: GROUP, accountId: '111122223333', store, cipher: CLEAR }], { startMs: 0, endMs: Number.MAX_SAFE_INTEGER }, undefined, { check: () => undefined }));
      const s = run.value.statistics;
      console.log(
        `  ${q}\n    ${rate(s.recordsScanned, run.wallMs)} events scanned/s, ${rate(s.recordsScanned, run.cpuMs)} per CPU-second (one core), ` +
          `${(run.wallMs / 1000).toFixed(2)} s, recordsMatched ${s.recordsMatched.toLocaleString('en-US')}, ${run.value.results.length} rows` +
          (q === queries[0] ? `: ${run.value.results.map((r) => `${r[0].value}=${r[1].value}`).join(' ')}` : ''),
      );
    }

    console.log('FilterLogEvents over the same events (pages of up to 10,000 events, whole group):');
    for (const source of ['{ $.eventType = "BUCKET_ACCESS_DENIED" }', 'BUCKET_ACCESS_DENIED']) {
      const pattern = compileFilterPattern(source);
      const run = await timed(async () => {
        let scanned = 0;
        let matched = 0;
        let nextToken: string | undefined;
        do {
          const page = await store.filterEvents(GROUP, { pattern, nextToken });
          scanned += page.scannedEvents;
          matched += page.events.length;
          nextToken = page.nextToken;
        } while (nextToken);
        return { scanned, matched };
      });
      console.log(`  ${source.padEnd(42)} ${rate(run.value.scanned, run.wallMs)} events scanned/s, ${rate(run.value.scanned, run.cpuMs)} per CPU-second, ${(run.wallMs / 1000).toFixed(2)} s, ${run.value.matched.toLocaleString('en-US')} matches`);
    }
  } finally {
    await store.close();
    await rm(root, { recursive: true, force: true });
  }
}

await main();
