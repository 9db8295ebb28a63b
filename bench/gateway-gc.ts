// What a GetMacieSession call costs V8's garbage collector: the server runs with --trace-gc-nvp, is driven for
// SIFT_BENCH_WARMUP calls, then for SIFT_BENCH_CALLS more; the GC lines printed in the second window give the
// young-generation bytes allocated per call, scavenges and mark-compacts per call, and the pause time per call.
//   SIFT_BENCH_ROOT=<tree> npx tsx bench/gateway-gc.ts
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { EnableMacieCommand, Macie2Client } from '@aws-sdk/client-macie2';
import { start } from './gateway.js';
import { runCount } from './load-count.js';

const root = process.env.SIFT_BENCH_ROOT ?? resolve(import.meta.dirname, '..');
const CALLS = Number(process.env.SIFT_BENCH_CALLS ?? 20000);
const WARMUP = Number(process.env.SIFT_BENCH_WARMUP ?? 20000);
const creds = { accessKeyId: 'AKIABENCHMARKKEY0001', secretAccessKey: 'benchmarkbenchmarkbenchmarkbenchmark0000' };

const dataDir = mkdtempSync(join(tmpdir(), 'sift-bench-gc-'));
const { createTestDatabase } = await import('../src/store/test-databases.js');
const database = process.env.SIFT_BENCH_POSTGRES ? await createTestDatabase('sift_bench_gwgc') : undefined;
const sift = await start(
  process.execPath,
  ['--trace-gc-nvp', join(root, 'bin', 'sift.js'), 'serve', '--port', '0', '--data-dir', dataDir],
  { SIFT_ROOT_ACCESS_KEY_ID: creds.accessKeyId, SIFT_ROOT_SECRET_ACCESS_KEY: creds.secretAccessKey, SIFT_ACCOUNT_ID: '123456789012', SIFT_LOG_LEVEL: 'error', ...(database ? { SIFT_DATABASE_URL: database.url } : {}) },
  /AWS_ENDPOINT_URL=(\S+)/,
);
let out = '';
sift.proc.stdout!.on('data', (d) => (out += d));
try {
  const url = sift.match[1]!;
  await new Macie2Client({ endpoint: url, region: 'us-east-1', credentials: creds }).send(new EnableMacieCommand({}));
  const u = new URL(url);
  const signed = await new SignatureV4({ service: 'macie2', region: 'us-east-1', credentials: creds, sha256: Sha256 }).sign({
    method: 'GET', protocol: 'http:', hostname: u.hostname, port: Number(u.port), path: '/macie', headers: { host: u.host, 'content-type': 'application/json' },
  });
  const headers = signed.headers as Record<string, string>;
  await runCount({ url: `${url}/macie`, method: 'GET', headers, concurrency: 32, count: WARMUP });
  out = '';
  await runCount({ url: `${url}/macie`, method: 'GET', headers, concurrency: 32, count: CALLS });
  await new Promise((r) => setTimeout(r, 200));
  if (process.env.SIFT_BENCH_GC_LINES) console.log(out.split("\n").filter((l) => l.includes("gc=")).slice(0, Number(process.env.SIFT_BENCH_GC_LINES)).join("\n"));
  const lines = out.split('\n').filter((l) => l.includes('gc='));
  const field = (l: string, k: string) => Number(new RegExp(`\\b${k}=([\\d.]+)`).exec(l)?.[1] ?? 0);
  const scav = lines.filter((l) => /gc=s\b/.test(l));
  const major = lines.filter((l) => !/gc=s\b/.test(l));
  const allocated = lines.reduce((a, l) => a + field(l, 'allocated'), 0);
  const promoted = lines.reduce((a, l) => a + field(l, 'promoted'), 0);
  const pause = lines.reduce((a, l) => a + field(l, 'pause'), 0);
  console.log(`${root}: ${CALLS} calls after ${WARMUP}: ${scav.length} scavenges, ${major.length} other GCs; allocated ${(allocated / CALLS).toFixed(0)} B/call, promoted ${(promoted / CALLS).toFixed(0)} B/call, main-thread pause ${((pause * 1000) / CALLS).toFixed(2)} µs/call`);
} finally {
  sift.proc.kill('SIGTERM');
  await new Promise((r) => sift.proc.once('exit', r));
  await database?.drop();
  rmSync(dataDir, { recursive: true, force: true });
}
