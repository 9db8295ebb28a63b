// `npm run bench`'s log ingestion figure: PutLogEvents through `sift serve` (a process of its own: SigV4, IAM,
// validation, audit, fsync'd appends) with the real SDK client, 1,000-event batches on 8 streams, against the same
// signed calls answered by a bare Node server that reads the body and replies (the baseline, same run, same client).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CloudWatchLogsClient, CreateLogGroupCommand, CreateLogStreamCommand, PutLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { Agent } from 'node:http';
import { cpuMs } from './cpu.js';
import { start } from './gateway.js';

const root = process.env.SIFT_BENCH_ROOT ?? resolve(import.meta.dirname, '..');
const CREDS = { accessKeyId: 'AKIABENCHMARKKEY0003', secretAccessKey: 'benchmarkbenchmarkbenchmarkbenchmark0003' };

export interface IngestRun {
  events: number;
  seconds: number;
  eventsPerSecond: number;
  /** Server CPU microseconds per event. */
  cpuUsPerEvent: number;
}

function batches(total: number, batch: number, streams: number): Array<Array<Array<{ timestamp: number; message: string }>>> {
  const now = Date.now();
  let n = 0;
  return Array.from({ length: streams }, () =>
    Array.from({ length: Math.ceil(total / batch / streams) }, () =>
      Array.from({ length: batch }, () => {
        const i = n++;
        return { timestamp: now, message: JSON.stringify({ time: new Date(now).toISOString(), level: i % 50 === 0 ? 'ERROR' : 'INFO', job: `job-${i % 13}`, key: `data/part-${i}.csv`, latency: (i * 31) % 1000 }) };
      }),
    ),
  );
}

async function ingest(endpoint: string, pid: number, total: number, setup: boolean): Promise<IngestRun> {
  const streams = 8;
  const client = new CloudWatchLogsClient({
    endpoint,
    region: 'us-east-1',
    credentials: CREDS,
    maxAttempts: 1,
    requestHandler: new NodeHttpHandler({ httpAgent: new Agent({ keepAlive: true, maxSockets: streams }) }),
  });
  const group = `/bench/ingest-${Date.now()}`;
  if (setup) {
    await client.send(new CreateLogGroupCommand({ logGroupName: group }));
    for (let s = 0; s < streams; s++) await client.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: `s-${s}` }));
  }
  const work = batches(total, 1000, streams);
  const events = work.flat().reduce((n, b) => n + b.length, 0);
  const cpu0 = cpuMs(pid);
  const t = performance.now();
  await Promise.all(work.map(async (mine, s) => {
    for (const logEvents of mine) await client.send(new PutLogEventsCommand({ logGroupName: group, logStreamName: `s-${s}`, logEvents }));
  }));
  const seconds = (performance.now() - t) / 1000;
  const cpu = cpuMs(pid) - cpu0;
  client.destroy();
  return { events, seconds, eventsPerSecond: events / seconds, cpuUsPerEvent: (cpu * 1000) / events };
}

export async function benchIngest(total = 200_000, databaseUrl?: string): Promise<{ bare: IngestRun; sift: IngestRun }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'sift-bench-ingest-'));
  const sift = await start(
    process.execPath,
    [join(root, 'bin', 'sift.js'), 'serve', '--port', '0', '--data-dir', dataDir],
    { SIFT_ROOT_ACCESS_KEY_ID: CREDS.accessKeyId, SIFT_ROOT_SECRET_ACCESS_KEY: CREDS.secretAccessKey, SIFT_ACCOUNT_ID: '123456789012', SIFT_LOG_LEVEL: 'error', ...(databaseUrl ? { SIFT_DATABASE_URL: databaseUrl } : {}) },
    /AWS_ENDPOINT_URL=(\S+)/,
  );
  const bare = await start(process.execPath, [join(import.meta.dirname, 'bare-server.mjs')], {}, /READY (\S+)/);
  try {
    await ingest(bare.match[1]!, bare.proc.pid!, 16_000, false); // warm-up
    await ingest(sift.match[1]!, sift.proc.pid!, 16_000, true);
    const bareRun = await ingest(bare.match[1]!, bare.proc.pid!, total, false);
    const siftRun = await ingest(sift.match[1]!, sift.proc.pid!, total, true);
    return { bare: bareRun, sift: siftRun };
  } finally {
    sift.proc.kill('SIGTERM');
    bare.proc.kill('SIGTERM');
    await new Promise((r) => sift.proc.once('exit', r));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await benchIngest(Number(process.env.SIFT_BENCH_INGEST ?? 200_000));
  for (const [name, x] of Object.entries(r)) console.log(`${name.padEnd(5)} ${Math.round(x.eventsPerSecond).toLocaleString('en-US').padStart(10)} events/s  server CPU ${x.cpuUsPerEvent.toFixed(2)} µs/event`);
}
