// Issue 18, operations: /health and /ready, Prometheus text at /metrics with the request, scan and audit series, one
// JSON log line per call carrying its x-amz-request-id, and the SIGTERM drain (no new connections, the call in
// flight finishes and is audited, the process exits 0). Against the real `sift serve` in a child process.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { startServer } from '../harness.js';
import { parsePrometheus } from './prometheus-text.js';
import { ROOT, serve, serverState, type ServeProcess } from './serve-process.js';

const dataDir = mkdtempSync(join(tmpdir(), 'sift-ops-'));
let state: Awaited<ReturnType<typeof serverState>>;
let server: ServeProcess;
const config = (endpoint: string) => ({ endpoint, region: 'us-east-1', credentials: ROOT, forcePathStyle: true, maxAttempts: 1 });

beforeAll(async () => {
  state = await serverState(dataDir);
  server = await serve(state.env);
}, 90_000);
afterAll(async () => {
  if (server.proc.exitCode === null) server.proc.kill('SIGKILL');
  await state?.drop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function metrics(endpoint: string) {
  const res = await fetch(`${endpoint}/metrics`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return parsePrometheus(await res.text());
}

const sampleValue = (families: ReturnType<typeof parsePrometheus>, name: string, labels: Record<string, string> = {}) =>
  families.get(name)?.samples.find((m) => Object.entries(labels).every(([k, v]) => m.labels[k] === v));

describe('operations endpoints', () => {
  it('answers /health and /ready (database reachable, migrations applied)', async () => {
    const health = await fetch(`${server.endpoint}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${server.endpoint}/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', checks: { database: 'ok', migrations: 'ok' } });
    // A signed request for a bucket of that name is an S3 call, not the probe.
    const s3 = new S3Client(config(server.endpoint));
    const err = await s3.send(new GetObjectCommand({ Bucket: 'health', Key: 'k' })).catch((e) => e);
    expect(err.name).toBe('NoSuchBucket');
  });

  it('serves valid Prometheus text with request, latency, scan, finding and audit series', async () => {
    const before = await metrics(server.endpoint);
    const count = (f: typeof before, labels: Record<string, string>) => Number(sampleValue(f, 'sift_requests_total', labels)?.value ?? 0);
    const sts = new STSClient(config(server.endpoint));
    const who = await sts.send(new GetCallerIdentityCommand({}));
    await sts.send(new GetCallerIdentityCommand({}));
    const s3 = new S3Client(config(server.endpoint));
    const missing = await s3.send(new GetObjectCommand({ Bucket: 'no-such-bucket', Key: 'k' })).catch((e) => e);
    expect(missing.name).toBe('NoSuchBucket');

    const families = await metrics(server.endpoint);
    expect(families.get('sift_requests_total')?.type).toBe('counter');
    const sts200 = { service: 'sts', operation: 'GetCallerIdentity', status: '200' };
    const s3404 = { service: 's3', operation: 'GetObject', status: '404' };
    expect(count(families, sts200) - count(before, sts200)).toBe(2);
    expect(count(families, s3404) - count(before, s3404)).toBe(1);
    const latency = sampleValue(families, 'sift_request_duration_seconds', { service: 'sts', operation: 'GetCallerIdentity' });
    expect(families.get('sift_request_duration_seconds')?.type).toBe('histogram');
    expect(Number(latency?.count) - Number(sampleValue(before, 'sift_request_duration_seconds', { service: 'sts', operation: 'GetCallerIdentity' })?.count ?? 0)).toBe(2);
    expect(Number(latency?.sum)).toBeGreaterThan(0);
    for (const name of ['sift_scan_bytes_total', 'sift_scan_objects_total', 'sift_findings_written_total']) expect(families.get(name)?.type).toBe('counter');
    for (const name of ['sift_audit_backlog', 'sift_requests_in_flight', 'sift_queue_depth', 'sift_queue_active', 'sift_work_in_flight', 'sift_work_done']) expect(families.get(name)?.type).toBe('gauge');
    // Every acknowledged call's record is committed: nothing waits.
    expect(Number(sampleValue(families, 'sift_audit_backlog')?.value)).toBe(0);
    expect(families.has('sift_process_cpu_seconds_total')).toBe(true);
    expect(who.$metadata.requestId).toBeTruthy();
  });

  it('writes one JSON log line per call to stderr with its x-amz-request-id', async () => {
    const sts = new STSClient(config(server.endpoint));
    const ok = await sts.send(new GetCallerIdentityCommand({}));
    const s3 = new S3Client(config(server.endpoint));
    const failed = await s3.send(new GetObjectCommand({ Bucket: 'no-such-bucket', Key: 'k' })).catch((e) => e);
    const okLine = await server.waitForLine((l) => l.msg === 'request' && l.requestId === ok.$metadata.requestId);
    expect(okLine).toMatchObject({ level: 'info', service: 'sts', operation: 'GetCallerIdentity', status: 200 });
    expect(typeof okLine.durationMs).toBe('number');
    expect(Date.parse(String(okLine.time))).not.toBeNaN();
    const failLine = await server.waitForLine((l) => l.msg === 'request' && l.requestId === failed.$metadata.requestId);
    expect(failLine).toMatchObject({ service: 's3', operation: 'GetObject', status: 404, code: 'NoSuchBucket' });
    expect(server.lines.filter((l) => l.requestId === ok.$metadata.requestId && l.msg === 'request')).toHaveLength(1);
    expect(server.lines.filter((l) => 'unstructured' in l)).toEqual([]);
    expect(JSON.stringify(server.lines)).not.toContain(ROOT.secretAccessKey);
  });

  it('on SIGTERM stops accepting, finishes the call in flight, audits it and exits 0', { timeout: 120_000 }, async () => {
    const s3 = new S3Client({ ...config(server.endpoint), requestChecksumCalculation: 'WHEN_REQUIRED' });
    await s3.send(new CreateBucketCommand({ Bucket: 'drain' }));
    const half = Buffer.alloc(256 * 1024, 'a');
    const body = new PassThrough();
    body.write(half);
    const put = s3.send(new PutObjectCommand({ Bucket: 'drain', Key: 'in-flight', Body: body, ContentLength: half.length * 2 }));
    // The PUT is in the server once the in-flight gauge says so.
    for (;;) {
      const v = sampleValue(await metrics(server.endpoint), 'sift_requests_in_flight');
      if (Number(v?.value) === 1) break;
    }
    server.proc.kill('SIGTERM');
    await server.waitForLine((l) => l.msg === 'draining');
    // No new connection is accepted while the call in flight finishes.
    await expect(fetch(`${server.endpoint}/health`)).rejects.toThrow();
    body.end(half);
    const done = await put;
    expect(done.$metadata.httpStatusCode).toBe(200);
    expect(await server.exited).toBe(0);
    const order = server.lines.map((l) => (l.msg === 'request' && l.requestId === done.$metadata.requestId ? 'put' : l.msg));
    expect(order.indexOf('put')).toBeGreaterThan(order.indexOf('draining'));
    expect(order.indexOf('drained: no call in flight')).toBeGreaterThan(order.indexOf('put'));

    // The object and the call's audit record are there after a restart.
    const store = await state.store();
    try {
      const rows = await store.db.selectFrom('audit_events').select('record').where('event_name', '=', 'PutObject').execute();
      expect(rows.map((r) => JSON.parse(r.record).requestID)).toContain(done.$metadata.requestId);
    } finally {
      await store.close();
    }
    server = await serve(state.env);
    const got = await new S3Client(config(server.endpoint)).send(new GetObjectCommand({ Bucket: 'drain', Key: 'in-flight' }));
    expect((await got.Body!.transformToByteArray()).length).toBe(half.length * 2);
  });
});

describe('/metrics protection', () => {
  it('wants the bearer token when SIFT_METRICS_TOKEN is set', async () => {
    const token = 'metrics-token-0123456789abcdef';
    const t = await startServer({ env: { SIFT_METRICS_TOKEN: token } });
    try {
      expect((await fetch(`${t.endpoint}/metrics`)).status).toBe(401);
      expect((await fetch(`${t.endpoint}/metrics`, { headers: { authorization: 'Bearer wrong-token-0123456789abcdef' } })).status).toBe(401);
      const ok = await fetch(`${t.endpoint}/metrics`, { headers: { authorization: `Bearer ${token}` } });
      expect(ok.status).toBe(200);
      parsePrometheus(await ok.text());
      // Probes stay open: a load balancer sends no credentials.
      expect((await fetch(`${t.endpoint}/health`)).status).toBe(200);
    } finally {
      await t.close();
    }
  });
});

describe('/ready with a Redis queue', () => {
  it('checks the queue when SIFT_REDIS_URL is set: ok when Redis answers, 503 naming the queue when it does not', async () => {
    const up = await startServer({ env: { SIFT_REDIS_URL: process.env.SIFT_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379' } });
    try {
      const ready = await fetch(`${up.endpoint}/ready`);
      expect(await ready.json()).toEqual({ status: 'ready', checks: { database: 'ok', migrations: 'ok', queue: 'ok' } });
    } finally {
      await up.close();
    }
    // Port 1: nothing listens there.
    const down = await startServer({ env: { SIFT_REDIS_URL: 'redis://127.0.0.1:1' } });
    try {
      const ready = await fetch(`${down.endpoint}/ready`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toEqual({ status: 'not ready', checks: { database: 'ok', migrations: 'ok', queue: 'failing' } });
    } finally {
      await down.close();
    }
  });
});
