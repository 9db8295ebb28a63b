// The handler chain of one API call, in order: request id → route → authenticate → parse and validate → authorize
// → precondition → dispatch → serialize → audit. Providers never see HTTP; errors are serialized by the protocol
// of the service that was called, and unexpected failures become the internal error with the request id only.
import { dialectOfRequest, unservedServiceResponse } from './unserved-service.js';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ServiceError, requestSeconds, requestsTotal, type Clock, type HttpLimits, type IdSource, type Logger, type RequestContext } from '../common/index.js';
import type { ResolvedCredential } from '../iam/index.js';
import type { ServiceSchema } from '../models/index.js';
import {
  assertValidInput,
  commonErrors,
  routeService,
  signingNameOf,
  type Protocol,
  type ProtocolName,
  type WireRequest,
  type WireResponse,
  virtualHostBucket,
  websiteEndpointBucket,
  s3BucketAndKey,
} from '../protocol/index.js';
import { authDialectOf, authErrors, isSigV2 } from '../protocol/sigv4/index.js';
import type { AuditTrail } from '../audit/index.js';
import type { ServiceRegistration } from '../services/types.js';
import { readBody } from './steps/body.js';
import { authenticateSigV2, identify, sigv4Request, verify } from './steps/authenticate.js';
import { authorize } from './steps/authorize.js';
import { callerAuthorizer } from './steps/caller-authorizer.js';
import { newRequestId } from './steps/request-id.js';
import { consoleSessionOf } from './console-session.js';

export interface ChainDeps {
  schemas: Record<string, ServiceSchema>;
  protocols: Partial<Record<ProtocolName, Protocol>>;
  services: Record<string, ServiceRegistration>;
  resolveCredential(accessKeyId: string): Promise<ResolvedCredential | undefined>;
  /** IAM entity paths for the ARNs authorization builds. */
  pathOf?(accountId: string, kind: string, name: string): Promise<string | undefined>;
  /** Where each authenticated use of a long-term access key is noted (batched; iam:GetAccessKeyLastUsed). */
  keyUsage?: { record(accessKeyId: string, service: string, region: string): void };
  audit: AuditTrail;
  clock: Clock;
  ids: IdSource;
  logger: Logger;
  limits: HttpLimits;
  /** The region of requests whose signature names none (S3's SigV2). */
  region: string;
  /** Domains under which `<bucket>.<domain>` names an S3 bucket (as the rest-xml protocol is given them). */
  s3Domains?: readonly string[];
}

// The provider's method name of each operation, made once: a name built per call is a new string, and looking a
// property up by it makes V8 hash and internalize it every time. Operations are the models' (bounded all the same).
const methodNames = new Map<string, string>();
const lowerFirst = (s: string) => {
  let name = methodNames.get(s);
  if (name === undefined) {
    name = s[0]!.toLowerCase() + s.slice(1);
    if (methodNames.size < 10_000) methodNames.set(s, name);
  }
  return name;
};

export function createChain(deps: ChainDeps) {
  // What identify() reads (the credential resolver, the clock, the skew limit), made once: a spread of `deps` per
  // call copied every field of it on every request.
  const identifyDeps = { resolveCredential: (accessKeyId: string) => deps.resolveCredential(accessKeyId), clock: deps.clock, maxClockSkewMs: deps.limits.maxClockSkewMs };
  // Whether a Host names an S3 website endpoint depends on the host alone (and the fixed domains): the last answer
  // is kept, since a client's calls all carry the same Host.
  const authorizeDeps = deps.pathOf ? { pathOf: deps.pathOf } : {};
  let siteHost: string | undefined;
  let siteOfHost: ReturnType<typeof websiteEndpointBucket>;
  const websiteOf = (host: string) => {
    if (host !== siteHost) {
      siteOfHost = websiteEndpointBucket(host, deps.s3Domains);
      siteHost = host;
    }
    return siteOfHost;
  };
  return async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const receivedMs = deps.clock.nowMs();
    const requestId = newRequestId(deps.ids);
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q < 0 ? url : url.slice(0, q);
    const rawQuery = q < 0 ? '' : url.slice(q + 1);
    const query = new URLSearchParams(rawQuery);
    // S3's website endpoint: anonymous GET/HEAD answered from the bucket's website configuration, not an API call.
    const site = deps.services.s3?.website ? websiteOf(String(req.headers.host ?? '')) : undefined;
    if (site) {
      req.resume();
      const sourceIp = req.socket.remoteAddress?.replace(/^::ffff:/, '') ?? '127.0.0.1';
      const response = await deps.services.s3!.website!({ ...site, method: req.method ?? 'GET', path, host: String(req.headers.host), headers: req.headers, requestId, sourceIp }).catch((err) => {
        deps.logger.error('website request failed', { requestId, error: err instanceof Error ? err.message : String(err) });
        return { status: 500, headers: { 'content-type': 'text/html; charset=utf-8' }, body: '<html><body><h1>500 Internal Server Error</h1></body></html>' };
      });
      await send(res, response);
      return observe(deps.logger, started, { requestId, service: 's3', operation: 'website', status: response.status });
    }
    const route = routeService({ method: req.method ?? 'GET', path, headers: req.headers, query }, deps.schemas);
    if (!route || !deps.protocols[route.protocol]) {
      const answer = unservedServiceResponse(dialectOfRequest({ headers: req.headers, query }), requestId);
      logFailure(deps.logger, { requestId, code: 'UnrecognizedClientException', status: answer.status });
      await send(res, answer);
      return observe(deps.logger, started, { requestId, service: 'unknown', operation: 'unknown', status: answer.status });
    }
    const schema = deps.schemas[route.service]!;
    const protocol = deps.protocols[route.protocol]!;
    const reg = deps.services[route.service];
    const wreq: WireRequest = { method: req.method ?? 'GET', path, rawQuery, query, headers: req.headers, body: Buffer.alloc(0) };
    const host = String(req.headers.host ?? '');
    // A CORS preflight carries no credentials (browsers never sign it): answered from the resource's own rules.
    if (wreq.method === 'OPTIONS' && reg?.preflight && !hasSignature(req.headers, query)) {
      req.resume(); // a preflight has no body; any sent is discarded so the connection stays usable
      const response = await answerPreflight(reg, schema, protocol, requestId, { ...s3BucketAndKey(path, host, deps.s3Domains), headers: req.headers }, deps.logger);
      await send(res, response);
      return observe(deps.logger, started, { requestId, service: route.service, operation: 'unknown', status: response.status });
    }
    const sourceIp = req.socket.remoteAddress?.replace(/^::ffff:/, '') ?? '127.0.0.1';
    const userAgent = String(req.headers['user-agent'] ?? '');

    let operation: string | undefined;
    let ctx: RequestContext | undefined;
    let credential: ResolvedCredential | undefined;
    let input: unknown;
    let output: unknown;
    let failure: ServiceError | undefined;
    let resources: { type: string; arn: string; accountId: string }[] | undefined;
    let response: WireResponse;
    try {
      if (route.protocol !== 'query') operation = protocol.operationOf(schema, wreq);
      const streaming = operation !== undefined && protocol.streamsInput?.(schema, operation) === true;
      const sreq = sigv4Request(req, path, rawQuery);
      let signedHeaders: readonly string[] = [];
      const dialect = authDialectOf(route.service, route.protocol);
      const signed = hasSignature(req.headers, query);
      // STS's federation calls (AssumeRoleWithWebIdentity, AssumeRoleWithSAML) are unsigned in AWS: the token is the proof.
      if (!signed && !reg?.unsigned) throw authErrors(dialect).missingAuthentication();
      if (!signed) {
        wreq.body = await readBody(req, deps.limits.maxApiBodyBytes);
        operation ??= protocol.operationOf(schema, wreq);
        input = protocol.parseInput(schema, operation, wreq);
        const who = reg!.unsigned!(operation, input);
        if (!who) throw authErrors(dialect).missingAuthentication();
        assertValidInput(schema, schema.operations[operation]!.input?.shape, input);
        ctx = { accountId: who.accountId, region: deps.region, principal: who.principal, requestId, clock: deps.clock, sourceIp, userAgent };
      } else if (route.service === 's3' && isSigV2(sreq, query)) {
        const v2 = await authenticateSigV2(sreq, query, {
          ...deps,
          maxClockSkewMs: deps.limits.maxClockSkewMs,
          bucket: virtualHostBucket(String(req.headers.host ?? '')),
        });
        credential = v2.credential;
        if (streaming) wreq.bodyStream = req;
        else wreq.body = await readBody(req, deps.limits.maxApiBodyBytes);
        wreq.auth = v2.auth;
      } else {
        const who = await identify(sreq, dialect, identifyDeps);
        credential = who.credential;
        if (streaming) wreq.bodyStream = req;
        else wreq.body = await readBody(req, deps.limits.maxApiBodyBytes);
        wreq.auth = verify(sreq, who.parsed, credential, deps.clock, streaming ? undefined : wreq.body);
        if (!who.parsed.presigned) signedHeaders = who.parsed.signedHeaders;
      }
      if (signed && credential && wreq.auth) {
        deps.keyUsage?.record(wreq.auth.accessKeyId, signingNameOf(route.service), wreq.auth.region);
        operation ??= protocol.operationOf(schema, wreq);
        ctx = {
          accountId: credential.principal.accountId,
          region: wreq.auth.region,
          principal: credential.principal,
          requestId,
          clock: deps.clock,
          sourceIp,
          userAgent,
        };
        const consoleSession = consoleSessionOf(req.headers, signedHeaders, deps.clock);
        if (consoleSession) ctx.consoleSession = consoleSession;
        ctx.authorizer = callerAuthorizer(ctx, credential);
        input = protocol.parseInput(schema, operation, wreq);
        assertValidInput(schema, schema.operations[operation]!.input?.shape, input);
        if (!reg) throw commonErrors.notImplemented(route.service, operation);
        const authz = await authorize(reg, signingNameOf(route.service), operation, input, ctx, credential, authorizeDeps);
        if (authz.resource !== '*') resources = [{ type: resourceType(authz.resource), arn: authz.resource, accountId: ctx.accountId }];
      }
      if (!ctx || !operation || !reg) throw authErrors(dialect).missingAuthentication();
      await reg.precondition?.(operation, ctx);
      const method = reg.provider[lowerFirst(operation)];
      if (!method) throw commonErrors.notImplemented(route.service, operation);
      output = await method(ctx, input);
      response = protocol.serializeOutput(schema, operation, output ?? {}, requestId);
    } catch (err) {
      failure = toServiceError(err, requestId, deps.logger);
      logFailure(deps.logger, { requestId, service: route.service, operation, code: failure.code, status: failure.httpStatus, principal: wreq.auth ? credential?.principal.arn : undefined }); // a claimed but unverified key names no one
      response = protocol.serializeError(schema, failure, requestId);
      // A request we refused before reading its body: close the connection rather than read the rest.
      if (!req.readableEnded) response.headers.connection = 'close';
    }
    if (reg?.responseHeaders && req.headers.origin !== undefined) {
      const target = s3BucketAndKey(path, host, deps.s3Domains);
      Object.assign(response.headers, await reg.responseHeaders({ bucket: target.bucket, method: wreq.method, headers: req.headers }).catch(() => ({})));
    }
    // The record is committed before the response is released (group commit with concurrent calls): a call the
    // client saw acknowledged is audited even if the process is killed right after.
    if (ctx && operation) {
      const stored = await deps.audit.recordDurably({
        ctx,
        service: route.service,
        eventSource: `${signingNameOf(route.service)}.amazonaws.com`,
        operation,
        schema,
        input,
        output: failure ? undefined : output,
        error: failure ? { code: failure.code, message: failure.message } : undefined,
        resources,
        dataEvent: reg?.isDataEvent?.(operation) ?? false,
      });
      if (!stored) deps.logger.error('audit record not committed before the response', { requestId, service: route.service, operation });
    }
    const turnAroundMs = performance.now() - started;
    await send(res, response);
    if (reg?.served && operation) {
      try {
        reg.served({
          operation, input, target: s3BucketAndKey(path, host, deps.s3Domains), principalArn: ctx?.principal.arn, requestId, receivedMs, turnAroundMs, totalMs: performance.now() - started,
          sourceIp, method: wreq.method, url, httpVersion: req.httpVersion, requestHeaders: req.headers, status: response.status, responseHeaders: response.headers, errorCode: failure?.code,
          bytesSent: wreq.method === 'HEAD' ? 0 : typeof response.body === 'string' || Buffer.isBuffer(response.body) ? Buffer.byteLength(response.body) : Number(response.headers['content-length'] ?? 0),
        });
      } catch (err) {
        deps.logger.warn('served-call hook failed', { requestId, error: String(err) });
      }
    }
    observe(deps.logger, started, {
      requestId,
      service: route.service,
      // Only names from the service model become label values (bounded cardinality).
      operation: operation !== undefined && schema.operations[operation] ? operation : 'unknown',
      status: response.status,
      ...(failure ? { code: failure.code } : {}),
    });
  };
}

async function answerPreflight(
  reg: ServiceRegistration,
  schema: ServiceSchema,
  protocol: Protocol,
  requestId: string,
  req: Parameters<NonNullable<ServiceRegistration['preflight']>>[0],
  logger: Logger,
): Promise<WireResponse> {
  try {
    return { status: 200, headers: { ...(await reg.preflight!(req)), 'x-amz-request-id': requestId, 'content-length': '0' }, body: '' };
  } catch (err) {
    const failure = toServiceError(err, requestId, logger);
    return protocol.serializeError(schema, failure, requestId);
  }
}

/** The request's metrics and its access log line (JSON on stderr: ids, names, status, duration; nothing else). */
function observe(logger: Logger, started: number, r: { requestId: string; service: string; operation: string; status: number; code?: string }): void {
  const seconds = (performance.now() - started) / 1000;
  requestsTotal.inc({ service: r.service, operation: r.operation, status: String(r.status) });
  requestSeconds.observe({ service: r.service, operation: r.operation }, seconds);
  if (logger.enabled?.('info') !== false) logger.info('request', { ...r, durationMs: Math.round(seconds * 1e6) / 1e3 });
}

/** CloudTrail's `resources[].type` for an ARN (AWS::IAM::Role, AWS::S3::Object, …). */
export function resourceType(arn: string): string {
  // S3 ARNs carry no region, account or type: a bucket is `arn:aws:s3:::bucket`, an object `arn:aws:s3:::bucket/key`.
  if (arn.startsWith('arn:aws:s3:::')) return arn.includes('/') ? 'AWS::S3::Object' : 'AWS::S3::Bucket';
  const m = /^arn:aws:([^:]+):[^:]*:[^:]*:([^/:]+)/.exec(arn);
  if (!m) return 'AWS::Unknown';
  const svc = { iam: 'IAM', s3: 'S3', macie2: 'Macie', logs: 'Logs', sts: 'STS', cloudtrail: 'CloudTrail', cloudwatch: 'CloudWatch' }[m[1]!] ?? m[1]!;
  const kind = m[2]!.replace(/(^|-)(\w)/g, (_s, _d, c: string) => c.toUpperCase());
  return `AWS::${svc}::${kind}`;
}

function hasSignature(headers: IncomingMessage['headers'], query: URLSearchParams): boolean {
  return headers.authorization !== undefined || query.has('X-Amz-Credential') || query.has('X-Amz-Signature') || (query.has('AWSAccessKeyId') && query.has('Signature'));
}

/**
 * One line per failed request, for the operator: ids, names, the error code and status, and who called. Never the
 * error message (it may quote input), a body, a header or a key.
 */
function logFailure(
  logger: Logger,
  f: { requestId: string; service?: string; operation?: string; code: string; status: number; principal?: string },
): void {
  const fields = { requestId: f.requestId, service: f.service ?? null, operation: f.operation ?? null, code: f.code, status: f.status, principal: f.principal ?? null };
  if (f.status >= 500) logger.warn('request failed', fields);
  else logger.info('request failed', fields);
}

function toServiceError(err: unknown, requestId: string, logger: Logger): ServiceError {
  if (err instanceof ServiceError) return err;
  logger.error('internal error', { requestId, error: err instanceof Error ? err.stack : String(err) });
  return commonErrors.internal(requestId);
}

async function send(res: ServerResponse, response: WireResponse): Promise<void> {
  if (res.headersSent) return;
  const body = response.body;
  // The response's own headers are not changed (the served hook reads them): a copy only when Content-Length is added.
  let headers = response.headers;
  if ((typeof body === 'string' || Buffer.isBuffer(body)) && headers['content-length'] == null) headers = { ...headers, 'content-length': String(Buffer.byteLength(body)) };
  res.writeHead(response.status, headers);
  if (body instanceof Readable) {
    // Object bytes that can be deciphered into reused buffers (storage's RECYCLE_BYTES): each piece is given back
    // once the socket has it.
    const recycle = (body as unknown as Record<symbol, unknown>)[Symbol.for('sift.bytes.recycle')];
    if (typeof recycle === 'function') return sendRecycling(body, res, (recycle as () => (piece: Buffer) => void)());
    await pipeline(body, res).catch(() => res.destroy());
    return;
  }
  await new Promise<void>((resolve) => res.end(body ?? undefined, () => resolve()));
}

/** `pipeline(body, res)` that gives each piece back (`release`) once it is written (never one that failed to be). */
async function sendRecycling(body: Readable, res: ServerResponse, release: (piece: Buffer) => void): Promise<void> {
  try {
    for await (const piece of body as AsyncIterable<Buffer>) {
      if (res.destroyed) break;
      const room = res.write(piece, (err) => {
        if (!err) release(piece);
      });
      if (!room && !res.destroyed) await drained(res);
    }
    if (res.destroyed) body.destroy();
    else await new Promise<void>((resolve) => res.end(() => resolve()));
  } catch {
    res.destroy();
  }
}

/** Resolves when `res` drains or closes. */
function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}
