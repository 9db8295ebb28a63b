/**
 * CloudWatch Logs engine benchmark: PutLogEvents-style ingestion (batches of 1,000 events, fsync'd) into one log
 * group, then FilterLogEvents over 1 million JSON events with a JSON, a text and a space-delimited pattern, paging
 * through the whole group. Prints events/s, scanned events/s and peak RSS. Also prints the matcher alone (in memory)
 * for comparison. Run: npx tsx bench/logs-filter.ts [events] [--no-fsync]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileFilterPattern } from '../src/services/logs/filter-pattern/index.js';
import { LogEventStore } from '../src/services/logs/engine/index.js';

const TOTAL = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 1_000_000);
const DURABLE = !process.argv.includes('--no-fsync');
const BATCH = 1_000;
const STREAMS = 10;
const T0 = Date.UTC(2026, 0, 1);
const levels = ['INFO', 'INFO', 'INFO', 'WARN', 'ERROR'];

function event(i: number): string {
  return JSON.stringify({
    time: new Date(T0 + i).toISOString(),
    level: levels[i % 5],
    service: `svc-${i % 17}`,
    request: `GET /api/v1/items/${i % 5000} HTTP/1.1`,
    status: i % 97 === 0 ? 500 : 200,
    bytes: (i * 7919) % 20000,
    latency: (i * 31) % 1000,
    user: { id: i % 977, name: `user${i % 977}` },
  });
}

let peakRss = 0;
const sampleRss = () => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
};
const mb = (n: number) => (n / 1024 / 1024).toFixed(0) + ' MiB';
const rate = (n: number, ms: number) => Math.round((n / ms) * 1000).toLocaleString('en-US');

const patterns: [string, string][] = [
  ['JSON', '{ $.level = "ERROR" && $.latency > 900 }'],
  ['JSON (key in every event)', '{ $.status = 500 }'],
  ['text', 'ERROR "items/1999 "'],
  ['space-delimited', '[head, path = */items/1999, ...]'],
];

async function main(): Promise<void> {
  const root = await mkdtemp(join(tmpdir(), 'sift-bench-logs-'));
  const store = await LogEventStore.open(root, { durable: DURABLE });
  try {
    await store.createGroup('/bench/app', T0);
    for (let s = 0; s < STREAMS; s++) await store.createStream('/bench/app', `stream-${s}`, T0);

    console.log(`ingest: ${TOTAL.toLocaleString('en-US')} events in batches of ${BATCH}, ${STREAMS} streams, fsync ${DURABLE ? 'on' : 'off'}`);
    let bytes = 0;
    const t0 = performance.now();
    for (let i = 0, b = 0; i < TOTAL; i += BATCH, b++) {
      const batch = [];
      for (let k = i; k < Math.min(TOTAL, i + BATCH); k++) {
        const message = event(k);
        bytes += message.length;
        batch.push({ timestamp: T0 + k, message });
      }
      await store.putEvents('/bench/app', `stream-${b % STREAMS}`, batch, T0 + i);
      if (b % 50 === 0) sampleRss();
    }
    const ingestMs = performance.now() - t0;
    sampleRss();
    console.log(
      `  ${rate(TOTAL, ingestMs)} events/s, ${((bytes / 1024 / 1024 / ingestMs) * 1000).toFixed(1)} MiB/s of messages, ` +
        `${(ingestMs / 1000).toFixed(1)} s, peak RSS ${mb(peakRss)}, storedBytes ${mb((await store.describeGroup('/bench/app')).storedBytes)}`,
    );

    console.log(`filter (FilterLogEvents pages of up to 10,000 events over the whole group):`);
    for (const [kind, source] of patterns) {
      const pattern = compileFilterPattern(source);
      peakRss = 0;
      let scanned = 0;
      let matched = 0;
      let pages = 0;
      let nextToken: string | undefined;
      const start = performance.now();
      do {
        const page = await store.filterEvents('/bench/app', { pattern, nextToken });
        scanned += page.scannedEvents;
        matched += page.events.length;
        nextToken = page.nextToken;
        pages++;
        sampleRss();
      } while (nextToken);
      const ms = performance.now() - start;
      console.log(
        `  ${kind.padEnd(26)} ${source.padEnd(42)} ${rate(scanned, ms).padStart(11)} scanned/s  ` +
          `${matched.toLocaleString('en-US').padStart(8)} matches  ${pages} page(s)  ${(ms / 1000).toFixed(2)} s  peak RSS ${mb(peakRss)}`,
      );
    }

    console.log('matcher alone (200,000 events in memory, 5 passes):');
    const sample = Array.from({ length: 200_000 }, (_, i) => event(i));
    for (const [kind, source] of patterns) {
      const pattern = compileFilterPattern(source);
      let n = 0;
      const start = performance.now();
      for (let r = 0; r < 5; r++) for (const m of sample) if (pattern.matches(m)) n++;
      const ms = performance.now() - start;
      console.log(`  ${kind.padEnd(26)} ${rate(sample.length * 5, ms).padStart(11)} events/s  (${n / 5} matches per pass)`);
    }
  } finally {
    await store.close();
    await rm(root, { recursive: true, force: true });
  }
}

await main();
