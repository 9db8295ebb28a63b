// `npm run bench`'s log ingestion figure: PutLogEvents through `sift serve` (a process of its own: SigV4, IAM,
// validation, audit, fsync'd appends) in batches as agents send them (the CloudWatch agent and Fluent Bit fill a call
// up to 10,000 events or 1 MiB), several clients at once, one stream each; against the same signed calls answered by
// a bare Node server that reads the body and replies (the baseline, same run, same client).
//
// The figure that counts is the SERVER's: events per server-CPU-second (from /proc, as bench/gateway.ts measures CPU
// per call). The calls are serialised and signed before the clock starts (a signature is valid for 15 minutes), so the
// client on the same 2 cores only writes bytes; the wall figure (events/s) is reported beside it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Agent, request } from 'node:http';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { CloudWatchLogsClient, CreateLogGroupCommand, CreateLogStreamCommand } from '@aws-sdk/client-cloudwatch-logs';
import { createTestDatabase } from '../src/store/test-databases.js';
import { cpuMs } from './cpu.js';
import { backendsCpu, backendsCpuSince } from './pg-cpu.js';
import { start } from './gateway.js';

const root = process.env.SIFT_BENCH_ROOT ?? resolve(import.meta.dirname, '..');
const CREDS = { accessKeyId: 'AKIABENCHMARKKEY0003', secretAccessKey: 'benchmarkbenchmarkbenchmarkbenchmark0003' };
const MAX_EVENTS = 10_000;
const MAX_BYTES = 1_048_576;

export interface IngestRun {
  events: number;
  calls: number;
  seconds: number;
  eventsPerSecond: number;
  /** Server CPU microseconds per event. */
  cpuUsPerEvent: number;
  /** Events per second of server CPU (user + system). */
  eventsPerCpuSecond: number;
  /** On PostgreSQL: CPU microseconds per event of the backends serving the run's database. */
  postgresUsPerEvent?: number;
}

export interface IngestOptions {
  /** Concurrent clients, one stream and one connection each. */
  clients?: number;
  /** Events per call (default: as many as 10,000 events / 1 MiB allow). */
  batch?: number;
  databaseUrl?: string;
  /** Extra node flags for the server (e.g. --cpu-prof). */
  serverFlags?: string[];
}

/** A structured log line of ~110 bytes, like an application's JSON logs. */
const line = (i: number, now: number): string =>
  JSON.stringify({ time: new Date(now).toISOString(), level: i % 50 === 0 ? 'ERROR' : 'INFO', job: `job-${i % 13}`, key: `data/part-${i}.csv`, latency: (i * 31) % 1000 });

/** Events cut into agent-sized batches: up to `batch` events and at most 1 MiB (UTF-8 bytes + 26 per event). */
function batchesOf(total: number, batch: number, now: number): Array<Array<{ timestamp: number; message: string }>> {
  const out: Array<Array<{ timestamp: number; message: string }>> = [];
  let current: Array<{ timestamp: number; message: string }> = [];
  let bytes = 0;
  for (let i = 0; i < total; i++) {
    const message = line(i, now);
    const size = Buffer.byteLength(message) + 26;
    if (current.length === batch || bytes + size > MAX_BYTES) {
      out.push(current);
      current = [];
      bytes = 0;
    }
    current.push({ timestamp: now, message });
    bytes += size;
  }
  if (current.length) out.push(current);
  return out;
}

interface SignedCall {
  headers: Record<string, string>;
  body: Buffer;
  events: number;
}

async function signCalls(endpoint: string, group: string, stream: string, batches: Array<Array<{ timestamp: number; message: string }>>): Promise<SignedCall[]> {
  const u = new URL(endpoint);
  const signer = new SignatureV4({ service: 'logs', region: 'us-east-1', credentials: CREDS, sha256: Sha256 });
  const calls: SignedCall[] = [];
  for (const logEvents of batches) {
    const body = Buffer.from(JSON.stringify({ logGroupName: group, logStreamName: stream, logEvents }));
    const signed = await signer.sign({
      method: 'POST',
      protocol: 'http:',
      hostname: u.hostname,
      port: Number(u.port),
      path: '/',
      headers: { host: u.host, 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'Logs_20140328.PutLogEvents', 'content-length': String(body.length) },
      body,
    });
    calls.push({ headers: signed.headers as Record<string, string>, body, events: logEvents.length });
  }
  return calls;
}

function send(agent: Agent, endpoint: string, call: SignedCall): Promise<void> {
  const u = new URL(endpoint);
  return new Promise((resolveSend, reject) => {
    const req = request({ agent, host: u.hostname, port: u.port, path: '/', method: 'POST', headers: call.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (d: Buffer) => chunks.push(d));
      res.on('end', () => {
        // Every event must be kept: a rejected event would flatter the figure.
        if (res.statusCode === 200 && !Buffer.concat(chunks).includes('rejectedLogEventsInfo')) resolveSend();
        else reject(new Error(`PutLogEvents answered ${res.statusCode}: ${Buffer.concat(chunks).toString().slice(0, 300)}`));
      });
    });
    req.on('error', reject);
    req.end(call.body);
  });
}

async function ingest(endpoint: string, pid: number, total: number, opts: Required<Pick<IngestOptions, 'clients' | 'batch'>>, setup: boolean, databaseUrl?: string): Promise<IngestRun> {
  const group = `/bench/ingest-${Date.now()}`;
  if (setup) {
    const client = new CloudWatchLogsClient({ endpoint, region: 'us-east-1', credentials: CREDS, maxAttempts: 1 });
    await client.send(new CreateLogGroupCommand({ logGroupName: group }));
    for (let s = 0; s < opts.clients; s++) await client.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: `s-${s}` }));
    client.destroy();
  }
  const now = Date.now();
  const perClient = Math.ceil(total / opts.clients);
  const work = await Promise.all(Array.from({ length: opts.clients }, (_, s) => signCalls(endpoint, group, `s-${s}`, batchesOf(perClient, opts.batch, now))));
  const events = work.flat().reduce((n, c) => n + c.events, 0);
  const calls = work.flat().length;
  const agent = new Agent({ keepAlive: true, maxSockets: opts.clients });
  const pg0 = databaseUrl ? await backendsCpu(databaseUrl) : undefined;
  const cpu0 = cpuMs(pid);
  const t = performance.now();
  await Promise.all(work.map(async (mine) => {
    for (const call of mine) await send(agent, endpoint, call);
  }));
  const seconds = (performance.now() - t) / 1000;
  const cpu = cpuMs(pid) - cpu0;
  const pgCpu = databaseUrl && pg0 ? backendsCpuSince(pg0, await backendsCpu(databaseUrl)) : undefined;
  agent.destroy();
  const run: IngestRun = { events, calls, seconds, eventsPerSecond: events / seconds, cpuUsPerEvent: (cpu * 1000) / events, eventsPerCpuSecond: events / Math.max(cpu, 1) * 1000 };
  if (pgCpu !== undefined) run.postgresUsPerEvent = (pgCpu * 1000) / events;
  return run;
}

export async function benchIngest(total = 400_000, options: IngestOptions = {}): Promise<{ bare: IngestRun; sift: IngestRun }> {
  const opts = { clients: options.clients ?? 4, batch: options.batch ?? MAX_EVENTS };
  const dataDir = mkdtempSync(join(tmpdir(), 'sift-bench-ingest-'));
  const sift = await start(
    process.execPath,
    [...(options.serverFlags ?? []), join(root, 'bin', 'sift.js'), 'serve', '--port', '0', '--data-dir', dataDir],
    { SIFT_ROOT_ACCESS_KEY_ID: CREDS.accessKeyId, SIFT_ROOT_SECRET_ACCESS_KEY: CREDS.secretAccessKey, SIFT_ACCOUNT_ID: '123456789012', SIFT_LOG_LEVEL: 'error', ...(options.databaseUrl ? { SIFT_DATABASE_URL: options.databaseUrl } : {}) },
    /AWS_ENDPOINT_URL=(\S+)/,
  );
  const bare = await start(process.execPath, [join(import.meta.dirname, 'bare-server.mjs')], {}, /READY (\S+)/);
  try {
    await ingest(bare.match[1]!, bare.proc.pid!, 40_000, opts, false); // warm-up
    await ingest(sift.match[1]!, sift.proc.pid!, 40_000, opts, true);
    const bareRun = await ingest(bare.match[1]!, bare.proc.pid!, total, opts, false);
    const siftRun = await ingest(sift.match[1]!, sift.proc.pid!, total, opts, true, options.databaseUrl);
    return { bare: bareRun, sift: siftRun };
  } finally {
    sift.proc.kill('SIGTERM');
    bare.proc.kill('SIGTERM');
    await new Promise((r) => sift.proc.once('exit', r));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export function printIngest(r: { bare: IngestRun; sift: IngestRun }): void {
  const fmt = (n: number) => Math.round(n).toLocaleString('en-US').padStart(10);
  for (const [name, x] of Object.entries(r)) {
    const pgCpu = x.postgresUsPerEvent === undefined ? '' : `; PostgreSQL ${x.postgresUsPerEvent.toFixed(2)} µs/event`;
    console.log(`${name.padEnd(5)} ${fmt(x.eventsPerSecond)} events/s wall  ${fmt(x.eventsPerCpuSecond)} events per server-CPU-second  (${x.cpuUsPerEvent.toFixed(2)} µs/event${pgCpu}; ${x.events} events in ${x.calls} calls)`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  // SIFT_BENCH_PROFILE=<dir>: a V8 CPU profile of the server, written there when it stops.
  // SIFT_BENCH_POSTGRES=1: the server on a fresh PostgreSQL database (SIFT_TEST_DATABASE_URL's server).
  const profile = process.env.SIFT_BENCH_PROFILE;
  const db = process.env.SIFT_BENCH_POSTGRES ? await createTestDatabase('sift_bench') : undefined;
  try {
    printIngest(
      await benchIngest(Number(process.env.SIFT_BENCH_INGEST ?? 400_000), {
        clients: Number(process.env.SIFT_BENCH_CLIENTS ?? 4),
        batch: Number(process.env.SIFT_BENCH_BATCH ?? MAX_EVENTS),
        databaseUrl: db?.url,
        serverFlags: profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : [],
      }),
    );
  } finally {
    await db?.drop();
  }
}
