/**
 * `npm run bench:logs`: CloudWatch Logs figures.
 *  1. PutLogEvents ingestion through the real server (SigV4, validation, IAM, audit, fsync'd appends) with the real
 *     @aws-sdk/client-cloudwatch-logs: events/s and batch latency, for several batch sizes and concurrent streams,
 *     with and without a metric filter on the group.
 *  2. The event engine's own figures (ingest, FilterLogEvents over 1 million JSON events with JSON, text and
 *     space-delimited patterns, peak memory), from bench/logs-filter.ts run as a child process.
 *     With --kms: only PutLogEvents into a group without a key and one keyed with a KMS key (events sealed at rest),
 *     alternating, for the keyed/unkeyed ratio.
 * Run: npx tsx bench/logs.ts [--ingest N] [--filter-events N] [--no-engine] [--kms]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  PutLogEventsCommand,
  PutMetricFilterCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { loadConfig, silentLogger } from '../src/common/index.js';
import { createSift } from '../src/gateway/index.js';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const INGEST = arg('--ingest', 200_000);
const FILTER_EVENTS = arg('--filter-events', 1_000_000);
const rate = (n: number, ms: number) => Math.round((n / ms) * 1000).toLocaleString('en-US');
const mb = (n: number) => (n / 1024 / 1024).toFixed(0) + ' MiB';

function message(i: number, now: number): string {
  return JSON.stringify({
    time: new Date(now).toISOString(),
    level: i % 50 === 0 ? 'ERROR' : 'INFO',
    job: `job-${i % 13}`,
    bucket: `bucket-${i % 7}`,
    key: `data/part-${i}.csv`,
    latency: (i * 31) % 1000,
    detections: i % 5,
  });
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function ingestion(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'sift-bench-logs-'));
  const config = loadConfig({ host: '127.0.0.1', port: 0, dataDir, logLevel: 'silent' }, {});
  const sift = await createSift({ config, logger: silentLogger });
  try {
    const endpoint = await sift.listen();
    if (!sift.deps.providers.logs) {
      console.log('PutLogEvents through the server: skipped, the logs service is not registered in the gateway');
      return;
    }
    const client = new CloudWatchLogsClient({
      endpoint,
      region: config.region,
      credentials: { accessKeyId: sift.root.accessKeyId, secretAccessKey: sift.root.secretAccessKey },
      maxAttempts: 1,
    });
    console.log(`PutLogEvents through the server (SDK, SigV4, audit, fsync'd), ${INGEST.toLocaleString('en-US')} events per run, ~190-byte JSON messages:`);
    const KMS = process.argv.includes('--kms');
    const runs: Array<{ batch: number; streams: number; metricFilter: boolean; kms?: boolean }> = KMS
      ? [false, true, false, true].map((kms) => ({ batch: 1_000, streams: 4, metricFilter: false, kms }))
      : [
          { batch: 1_000, streams: 1, metricFilter: false },
          { batch: 1_000, streams: 8, metricFilter: false },
          { batch: 4_000, streams: 8, metricFilter: false },
          { batch: 1_000, streams: 8, metricFilter: true },
        ];
    // The key policy statement CloudWatch Logs documents, for the keyed runs.
    const kmsKeyId = KMS
      ? (
          await new KMSClient({ endpoint, region: config.region, credentials: { accessKeyId: sift.root.accessKeyId, secretAccessKey: sift.root.secretAccessKey }, maxAttempts: 1 }).send(
            new CreateKeyCommand({
              Policy: JSON.stringify({
                Version: '2012-10-17',
                Statement: [
                  { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${sift.root.accountId}:root` }, Action: 'kms:*', Resource: '*' },
                  {
                    Effect: 'Allow',
                    Principal: { Service: `logs.${config.region}.amazonaws.com` },
                    Action: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
                    Resource: '*',
                    Condition: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:aws:logs:${config.region}:${sift.root.accountId}:*` } },
                  },
                ],
              }),
            }),
          )
        ).KeyMetadata!.Arn
      : undefined;
    let group = 0;
    for (const run of runs) {
      const name = `/bench/ingest-${group++}`;
      await client.send(new CreateLogGroupCommand({ logGroupName: name, ...(run.kms ? { kmsKeyId } : {}) }));
      for (let s = 0; s < run.streams; s++) await client.send(new CreateLogStreamCommand({ logGroupName: name, logStreamName: `s-${s}` }));
      if (run.metricFilter) {
        await client.send(
          new PutMetricFilterCommand({
            logGroupName: name,
            filterName: 'errors',
            filterPattern: '{ $.level = "ERROR" }',
            metricTransformations: [{ metricNamespace: 'Bench/Logs', metricName: 'Errors', metricValue: '1' }],
          }),
        );
      }
      const perStream = Math.ceil(INGEST / run.batch / run.streams);
      // Messages are made before the clock starts, so the figure is the server's and the SDK's, not the generator's.
      const now = Date.now();
      let bytes = 0;
      let sent = 0;
      const batches = Array.from({ length: run.streams }, () =>
        Array.from({ length: perStream }, () =>
          Array.from({ length: run.batch }, () => {
            const m = message(sent++, now);
            bytes += m.length;
            return { timestamp: now, message: m };
          }),
        ),
      );
      const latencies: number[] = [];
      const start = performance.now();
      await Promise.all(
        batches.map(async (streamBatches, s) => {
          for (const logEvents of streamBatches) {
            const t = performance.now();
            await client.send(new PutLogEventsCommand({ logGroupName: name, logStreamName: `s-${s}`, logEvents }));
            latencies.push(performance.now() - t);
          }
        }),
      );
      const ms = performance.now() - start;
      latencies.sort((a, b) => a - b);
      console.log(
        `  batch ${String(run.batch).padStart(6)}  streams ${run.streams}  metric filter ${run.metricFilter ? 'yes' : 'no '}  ${KMS ? `KMS key ${run.kms ? 'yes' : 'no '}  ` : ''}` +
          `${rate(sent, ms).padStart(9)} events/s  ${((bytes / 1024 / 1024 / ms) * 1000).toFixed(1).padStart(5)} MiB/s  ` +
          `batch p50 ${percentile(latencies, 50).toFixed(1)} ms  p99 ${percentile(latencies, 99).toFixed(1)} ms  RSS ${mb(process.memoryUsage().rss)}`,
      );
    }
  } finally {
    await sift.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function engine(): Promise<void> {
  console.log(`\nEvent engine (bench/logs-filter.ts, ${FILTER_EVENTS.toLocaleString('en-US')} events):`);
  const script = resolve(import.meta.dirname, 'logs-filter.ts');
  await new Promise<void>((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, String(FILTER_EVENTS)], { stdio: 'inherit' });
    child.on('exit', (code) => (code === 0 ? done() : fail(new Error(`bench/logs-filter.ts exited with ${code}`))));
  });
}

await ingestion();
if (!process.argv.includes('--no-engine')) await engine();
