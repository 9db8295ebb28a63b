// Issue 11's benchmarks.
// 1. Gateway throughput (authenticated GetMacieSession) with a multi-region trail taking every management and S3 data
//    event and delivering every second, against the same server without a trail, in the same run (alternating).
// 2. Delivery keeping up: `--hours` of calls at `--rate` calls/s recorded on a test clock, delivered every 300 s with
//    hourly digests; prints the delivery lag p99 (event time → its file's delivery) and the time the real
//    `aws cloudtrail validate-logs` takes over them. Run: npx tsx bench/trails.ts [--hours 1] [--rate 200] [--seconds 5]
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { CloudTrailClient, CreateTrailCommand, PutEventSelectorsCommand, StartLoggingCommand } from '@aws-sdk/client-cloudtrail';
import { EnableMacieCommand, Macie2Client } from '@aws-sdk/client-macie2';
import { CreateBucketCommand, PutBucketPolicyCommand, S3Client } from '@aws-sdk/client-s3';
import { ManualClock, loadConfig, silentLogger, type Principal, type RequestContext } from '../src/common/index.js';
import { createSift } from '../src/gateway/index.js';
import { schemas } from '../src/models/index.js';
import { start } from './gateway.js';
import { runLoad, type LoadResult } from './load.js';

const arg = (name: string, def: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : def;
};
const root = resolve(import.meta.dirname, '..');
const creds = { accessKeyId: 'AKIABENCHTRAILS00001', secretAccessKey: 'benchtrailsbenchtrailsbenchtrailsbench00' };
const ACCOUNT = '123456789012';

function policy(bucket: string, trail: string): string {
  const arn = `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/${trail}`;
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 's3:GetBucketAcl', Resource: `arn:aws:s3:::${bucket}`, Condition: { StringEquals: { 'aws:SourceArn': arn } } },
      { Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 's3:PutObject', Resource: `arn:aws:s3:::${bucket}/AWSLogs/${ACCOUNT}/*`, Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceArn': arn } } },
    ],
  });
}

async function setupTrail(endpoint: string, clockOffsetMs = 0): Promise<void> {
  const config = { endpoint, region: 'us-east-1', credentials: creds, forcePathStyle: true, systemClockOffset: clockOffsetMs };
  const s3 = new S3Client(config);
  await s3.send(new CreateBucketCommand({ Bucket: 'bench-trail' }));
  await s3.send(new PutBucketPolicyCommand({ Bucket: 'bench-trail', Policy: policy('bench-trail', 'everything') }));
  const ct = new CloudTrailClient(config);
  await ct.send(new CreateTrailCommand({ Name: 'everything', S3BucketName: 'bench-trail', IsMultiRegionTrail: true, EnableLogFileValidation: true }));
  await ct.send(new PutEventSelectorsCommand({ TrailName: 'everything', EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true, DataResources: [{ Type: 'AWS::S3::Object', Values: ['arn:aws:s3'] }] }] }));
  await ct.send(new StartLoggingCommand({ Name: 'everything' }));
}

async function throughput(seconds: number): Promise<void> {
  const child = (trail: boolean) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sift-bench-trails-'));
    return start(
      process.execPath,
      ['--import', 'tsx', join(root, 'test', 'e2e', 'serve-child.ts')],
      { SIFT_DATA_DIR: dataDir, SIFT_ROOT_ACCESS_KEY_ID: creds.accessKeyId, SIFT_ROOT_SECRET_ACCESS_KEY: creds.secretAccessKey, SIFT_ACCOUNT_ID: ACCOUNT, SIFT_TRAIL_DELIVERY_SECONDS: trail ? '1' : '300' },
      /READY (\S+)/,
    ).then(async (s) => {
      const url = s.match[1]!;
      await new Macie2Client({ endpoint: url, region: 'us-east-1', credentials: creds }).send(new EnableMacieCommand({}));
      if (trail) await setupTrail(url);
      return { ...s, url, dataDir };
    });
  };
  const [plain, traced] = await Promise.all([child(false), child(true)]);
  try {
    const headersFor = async (url: string) => {
      const u = new URL(url);
      const signed = await new SignatureV4({ service: 'macie2', region: 'us-east-1', credentials: creds, sha256: Sha256 }).sign({
        method: 'GET', protocol: 'http:', hostname: u.hostname, port: Number(u.port), path: '/macie', headers: { host: u.host, 'content-type': 'application/json' },
      });
      return signed.headers as Record<string, string>;
    };
    const run = async (url: string, ms: number) => runLoad({ url: `${url}/macie`, method: 'GET', headers: await headersFor(url), concurrency: 32, durationMs: ms });
    await run(plain.url, 1000);
    await run(traced.url, 1000);
    const results: { plain: LoadResult[]; traced: LoadResult[] } = { plain: [], traced: [] };
    for (let i = 0; i < 2; i++) {
      results.plain.push(await run(plain.url, (seconds * 1000) / 2));
      results.traced.push(await run(traced.url, (seconds * 1000) / 2));
    }
    const rps = (rs: LoadResult[]) => rs.reduce((a, r) => a + r.rps, 0) / rs.length;
    const p = rps(results.plain);
    const t = rps(results.traced);
    console.log(`gateway GetMacieSession, no trail:            ${p.toFixed(0)} req/s`);
    console.log(`gateway GetMacieSession, trail logging all:   ${t.toFixed(0)} req/s (delivery every 1 s)`);
    console.log(`ratio trail / no trail: ${(t / p).toFixed(3)} (${((1 - t / p) * 100).toFixed(1)}% slower)`);
  } finally {
    for (const c of [plain, traced]) {
      c.proc.kill('SIGKILL');
      rmSync(c.dataDir, { recursive: true, force: true });
    }
  }
}

async function keepsUp(hours: number, rate: number): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'sift-bench-trails-'));
  const durationMs = hours * 3600_000;
  // The simulated period starts now; before the real CLI runs, the clock is set back to now so that its signatures
  // (made with its own clock) are within the skew.
  const t0 = Math.floor(Date.now() / 1000) * 1000;
  const clock = new ManualClock(t0);
  const config = loadConfig({ host: '127.0.0.1', port: 0, dataDir, logLevel: 'silent', accountId: ACCOUNT, rootAccessKeyId: creds.accessKeyId, rootSecretAccessKey: creds.secretAccessKey }, {});
  const sift = await createSift({ config, clock, logger: silentLogger });
  const endpoint = await sift.listen();
  try {
    await setupTrail(endpoint);
    const principal: Principal = { type: 'Root', accountId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:root`, principalId: ACCOUNT, accessKeyId: creds.accessKeyId };
    const regions = ['us-east-1', 'eu-west-1'];
    const total = Math.floor((durationMs / 1000) * rate);
    const step = 1000 / rate;
    const lags: number[] = [];
    let lastSeq = 0;
    const deliveryMs = 300_000;
    let nextDelivery = t0 + deliveryMs;
    const wall = performance.now();
    const measure = async () => {
      const row = await sift.store.db.selectFrom('ct_trails').select('delivered_seq').executeTakeFirstOrThrow();
      const upTo = Number(row.delivered_seq);
      const events = await sift.store.db.selectFrom('audit_events').select('event_time').where('seq', '>', lastSeq).where('seq', '<=', upTo).where('event_name', '=', 'GetMacieSession').execute();
      for (const e of events) lags.push(clock.nowMs() - Number(e.event_time));
      lastSeq = upTo;
    };
    for (let i = 0; i < total; i++) {
      const at = t0 + Math.floor(i * step);
      if (at >= nextDelivery) {
        clock.set(nextDelivery);
        await sift.trails.deliverNow();
        await measure();
        nextDelivery += deliveryMs;
      }
      clock.set(at);
      const ctx: RequestContext = { accountId: ACCOUNT, region: regions[i % 2]!, principal, requestId: `r${i}`, clock, sourceIp: '10.0.0.1', userAgent: 'bench' };
      void sift.audit.record({ ctx, service: 'macie2', eventSource: 'macie2.amazonaws.com', operation: 'GetMacieSession', schema: schemas.macie2!, dataEvent: false, output: { status: 'ENABLED' } });
      if (i % 5000 === 0) await sift.audit.flush();
    }
    clock.set(nextDelivery);
    await sift.trails.deliverNow({ final: true });
    await measure();
    const simulatedWallS = (performance.now() - wall) / 1000;
    lags.sort((a, b) => a - b);
    const p99 = lags[Math.floor(lags.length * 0.99)] ?? NaN;
    console.log(`recorded ${total} calls over ${hours} h of test clock at ${rate}/s in ${simulatedWallS.toFixed(1)} s; delivered ${lags.length}`);
    console.log(`delivery lag p99: ${(p99 / 1000).toFixed(0)} s (interval 300 s), max ${((lags.at(-1) ?? 0) / 1000).toFixed(0)} s`);
    const endOfPeriod = clock.nowMs();
    clock.set(Date.now());
    const env = { ...process.env, AWS_ENDPOINT_URL: endpoint, AWS_ACCESS_KEY_ID: creds.accessKeyId, AWS_SECRET_ACCESS_KEY: creds.secretAccessKey, AWS_DEFAULT_REGION: 'us-east-1', AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null' };
    const v = performance.now();
    const out = await new Promise<{ code: number; stdout: string }>((done) =>
      execFile('aws', ['cloudtrail', 'validate-logs', '--trail-arn', `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/everything`, '--start-time', new Date(t0).toISOString(), '--end-time', new Date(endOfPeriod + 60_000).toISOString()], { env, maxBuffer: 1 << 26 }, (err, stdout) =>
        done({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout }),
      ),
    );
    console.log(`validate-logs (us-east-1): exit ${out.code} in ${((performance.now() - v) / 1000).toFixed(1)} s — ${out.stdout.trim().split('\n').slice(-3).join(' | ')}`);
  } finally {
    await sift.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const seconds = arg('seconds', 6);
const hours = arg('hours', 1);
const rate = arg('rate', 200);
if (!process.argv.includes('--skip-throughput')) await throughput(seconds);
if (!process.argv.includes('--skip-keepup')) await keepsUp(hours, rate);
