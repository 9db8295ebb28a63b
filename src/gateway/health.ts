// The operator's endpoints, answered before the AWS chain: liveness (`/health`, and the older `/_sift/health`),
// readiness (`/ready`: database reachable, migrations applied, queue reachable, not draining) and Prometheus
// metrics (`/metrics`). Only GET/HEAD requests that carry no AWS signature reach them, so a signed S3 request for a
// bucket named `health`, `ready` or `metrics` still goes to S3 (an unsigned one could never be served anyway).
// /metrics is guarded (see docs/security.md): with SIFT_METRICS_TOKEN set it wants `Authorization: Bearer <token>`,
// otherwise it answers loopback clients only. Health and readiness reveal nothing but "ok"/"failing".
import { timingSafeEqual, createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { metricsText, type Logger } from '../common/index.js';

export interface ReadinessCheck {
  name: string;
  /** Resolves when the dependency is usable; rejects (or takes longer than the timeout) when not. */
  check(): Promise<void>;
}

export interface OpsOptions {
  checks: ReadinessCheck[];
  /** True once the server is draining (SIGTERM): /ready fails so load balancers stop sending new calls. */
  draining(): boolean;
  /** Bearer token /metrics requires; without one, /metrics answers loopback clients only. */
  metricsToken?: string;
  logger: Logger;
  /** Longest a readiness check may take before it counts as failing. */
  checkTimeoutMs?: number;
}

const OPS_PATHS = new Set(['/health', '/_sift/health', '/ready', '/metrics']);

/** Returns true when it answered the request (an operator endpoint), false to pass it on to the AWS chain. */
export function createOpsHandler(options: OpsOptions): (req: IncomingMessage, res: ServerResponse) => boolean {
  const timeoutMs = options.checkTimeoutMs ?? 2000;
  const tokenDigest = options.metricsToken ? sha256(options.metricsToken) : undefined;

  async function ready(res: ServerResponse, head: boolean): Promise<void> {
    const checks: Record<string, 'ok' | 'failing'> = {};
    if (options.draining()) checks.draining = 'failing';
    await Promise.all(
      options.checks.map(async (c) => {
        try {
          await withTimeout(c.check(), timeoutMs);
          checks[c.name] = 'ok';
        } catch (err) {
          checks[c.name] = 'failing';
          options.logger.warn('readiness check failed', { check: c.name, error: err instanceof Error ? err.message : String(err) });
        }
      }),
    );
    const ok = Object.values(checks).every((v) => v === 'ok');
    json(res, ok ? 200 : 503, { status: ok ? 'ready' : 'not ready', checks }, head);
  }

  async function metrics(req: IncomingMessage, res: ServerResponse, head: boolean): Promise<void> {
    if (!metricsAllowed(req)) return json(res, tokenDigest ? 401 : 403, { status: 'forbidden' }, head, tokenDigest ? { 'www-authenticate': 'Bearer' } : {});
    const { contentType, body } = await metricsText();
    res.writeHead(200, { 'content-type': contentType, 'content-length': Buffer.byteLength(body), 'cache-control': 'no-store' });
    res.end(head ? undefined : body);
  }

  function metricsAllowed(req: IncomingMessage): boolean {
    if (tokenDigest) {
      const m = /^Bearer (.+)$/.exec(String(req.headers.authorization ?? ''));
      return m !== null && timingSafeEqual(sha256(m[1]!), tokenDigest);
    }
    return isLoopback(req.socket.remoteAddress);
  }

  return function handleOps(req, res) {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q < 0 ? url : url.slice(0, q);
    if (!OPS_PATHS.has(path) || isAwsSigned(req, q < 0 ? '' : url.slice(q + 1))) return false;
    const head = req.method === 'HEAD';
    const fail = (err: unknown) => {
      options.logger.error('operator endpoint failed', { path, error: err instanceof Error ? err.message : String(err) });
      if (!res.headersSent) res.writeHead(500);
      res.end();
    };
    if (path === '/ready') ready(res, head).catch(fail);
    else if (path === '/metrics') metrics(req, res, head).catch(fail);
    else json(res, 200, { status: 'ok' }, head);
    return true;
  };
}

/** An AWS signature (header or presigned query): such a request is an API call, never an operator probe. */
function isAwsSigned(req: IncomingMessage, rawQuery: string): boolean {
  const auth = req.headers.authorization;
  if (auth !== undefined && !auth.startsWith('Bearer ')) return true;
  return /(^|&)(X-Amz-Credential|X-Amz-Signature|AWSAccessKeyId|Signature)=/.test(rawQuery);
}

function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  return address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.');
}

function sha256(s: string): Buffer {
  return createHash('sha256').update(s).digest();
}

function json(res: ServerResponse, status: number, body: unknown, head: boolean, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store', ...headers });
  res.end(head ? undefined : text);
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}
