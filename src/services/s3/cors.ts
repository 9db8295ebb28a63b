// S3 bucket CORS (https://docs.aws.amazon.com/AmazonS3/latest/userguide/cors.html): the configuration's checks at
// PutBucketCors, and its evaluation. S3 uses the first rule whose AllowedOrigin matches the Origin, whose
// AllowedMethod holds the method (for a preflight, Access-Control-Request-Method) and, for a preflight, whose
// AllowedHeader entries cover every header named in Access-Control-Request-Headers. A preflight with no match is
// refused (403); an actual request with no match is served without Access-Control-* headers.
import type { IncomingHttpHeaders } from 'node:http';
import type { RequestContext } from '../../common/context.js';
import { ServiceError } from '../../common/index.js';
import type * as T from '../../models/s3/index.js';
import { s3Errors, type EmbeddedStore } from '../../storage/index.js';

/** S3: "You can add up to 100 rules to the configuration"; the document may be up to 64 KB. */
export const MAX_CORS_RULES = 100;
export const MAX_CORS_CONFIG_BYTES = 64 * 1024;
const METHODS = new Set(['GET', 'PUT', 'HEAD', 'POST', 'DELETE']);

const wildcards = (s: string) => s.split('*').length - 1;

/** The configuration as S3 accepts it, or S3's error. */
export function validateCorsConfiguration(config: T.CORSConfiguration | undefined): T.CORSConfiguration {
  const rules = config?.CORSRules ?? [];
  if (rules.length === 0 || rules.length > MAX_CORS_RULES) throw s3Errors.malformedXml();
  if (Buffer.byteLength(JSON.stringify(config)) > MAX_CORS_CONFIG_BYTES) throw s3Errors.invalidRequest(`The CORS configuration must not exceed ${MAX_CORS_CONFIG_BYTES} bytes.`);
  for (const rule of rules) {
    if (!rule.AllowedOrigins?.length || !rule.AllowedMethods?.length) throw s3Errors.malformedXml();
    if (rule.ID !== undefined && rule.ID.length > 255) throw s3Errors.invalidArgument('The ID of a CORS rule cannot be longer than 255 characters.', 'ID', rule.ID);
    for (const m of rule.AllowedMethods) if (!METHODS.has(m)) throw s3Errors.invalidRequest(`Found unsupported HTTP method in CORS config. Unsupported method is ${m}`);
    for (const o of rule.AllowedOrigins) if (wildcards(o) > 1) throw s3Errors.invalidRequest(`AllowedOrigin "${o}" can not have more than one wildcard.`);
    for (const h of rule.AllowedHeaders ?? []) if (wildcards(h) > 1) throw s3Errors.invalidRequest(`AllowedHeader "${h}" can not have more than one wildcard.`);
    for (const h of rule.ExposeHeaders ?? []) if (h.includes('*')) throw s3Errors.invalidRequest(`ExposeHeader "${h}" contains wildcard. We currently do not support wildcard for ExposeHeader.`);
    if (rule.MaxAgeSeconds !== undefined && (!Number.isInteger(rule.MaxAgeSeconds) || rule.MaxAgeSeconds < 0)) throw s3Errors.malformedXml();
  }
  return { CORSRules: rules };
}

/** `pattern` with at most one `*` (any run of characters), against `value`. */
export function wildcardMatch(pattern: string, value: string): boolean {
  const star = pattern.indexOf('*');
  if (star < 0) return pattern === value;
  const head = pattern.slice(0, star);
  const tail = pattern.slice(star + 1);
  return value.length >= head.length + tail.length && value.startsWith(head) && value.endsWith(tail);
}

function headerAllowed(rule: T.CORSRule, header: string): boolean {
  // Header names are case-insensitive.
  return (rule.AllowedHeaders ?? []).some((h) => wildcardMatch(h.toLowerCase(), header));
}

/** The first rule that allows `origin` to call `method` with `requestHeaders` (lower-case names). */
export function matchCorsRule(rules: readonly T.CORSRule[], origin: string, method: string, requestHeaders: readonly string[] = []): T.CORSRule | undefined {
  return rules.find(
    (r) => r.AllowedOrigins.some((o) => wildcardMatch(o, origin)) && r.AllowedMethods.includes(method) && requestHeaders.every((h) => headerAllowed(r, h)),
  );
}

/** The Access-Control-* headers a matching rule gives (an actual request, or with `requestHeaders` a preflight). */
function allowHeaders(rule: T.CORSRule, origin: string, requestHeaders?: string): Record<string, string> {
  // A rule open to every origin answers `*`; otherwise S3 echoes the origin and allows credentials.
  const any = rule.AllowedOrigins.includes('*');
  const h: Record<string, string> = {
    'access-control-allow-origin': any ? '*' : origin,
    'access-control-allow-methods': rule.AllowedMethods.join(', '),
  };
  if (!any) h['access-control-allow-credentials'] = 'true';
  if (requestHeaders) h['access-control-allow-headers'] = requestHeaders;
  if (rule.ExposeHeaders?.length) h['access-control-expose-headers'] = rule.ExposeHeaders.join(', ');
  if (rule.MaxAgeSeconds !== undefined) h['access-control-max-age'] = String(rule.MaxAgeSeconds);
  return h;
}

const VARY = 'Origin, Access-Control-Request-Headers, Access-Control-Request-Method';

const corsForbidden = (message: string, method: string, resourceType: string) =>
  new ServiceError('AccessForbidden', `CORSResponse: ${message}`, 403, 'client', { Method: method, ResourceType: resourceType });

export interface PreflightRequest {
  origin?: string;
  method?: string;
  /** Access-Control-Request-Headers as sent. */
  headers?: string;
  /** The object key the preflight names, if any (S3's ResourceType OBJECT vs BUCKET). */
  key?: string;
}

/** S3's answer to a preflight OPTIONS on a bucket (`config` undefined: the bucket has no CORS configuration). */
export function preflight(bucketExists: boolean, config: T.CORSConfiguration | undefined, req: PreflightRequest): Record<string, string> {
  if (!req.origin) throw s3Errors.badRequest('Insufficient information. Origin request header needed.');
  if (!req.method || !METHODS.has(req.method)) throw s3Errors.badRequest(`Invalid Access-Control-Request-Method: ${req.method ?? 'null'}`);
  const resourceType = req.key ? 'OBJECT' : 'BUCKET';
  if (!bucketExists) throw corsForbidden('Bucket not found', req.method, resourceType);
  if (!config) throw corsForbidden('CORS is not enabled for this bucket.', req.method, resourceType);
  const requested = (req.headers ?? '')
    .split(',')
    .map((h) => h.trim().toLowerCase())
    .filter(Boolean);
  const rule = matchCorsRule(config.CORSRules, req.origin, req.method, requested);
  if (!rule) {
    throw corsForbidden(
      "This CORS request is not allowed. This is usually because the evalution of Origin, request method / Access-Control-Request-Method or Access-Control-Request-Headers are not whitelisted by the resource's CORS spec.",
      req.method,
      resourceType,
    );
  }
  return { ...allowHeaders(rule, req.origin, requested.length ? requested.join(', ') : undefined), vary: VARY };
}

/** The headers an actual request from `origin` gets: Vary whenever the bucket has CORS, Access-Control-* on a match. */
export function actualRequestHeaders(config: T.CORSConfiguration | undefined, origin: string | undefined, method: string): Record<string, string> {
  if (!config || !origin) return {};
  const rule = matchCorsRule(config.CORSRules, origin, method);
  return rule ? { ...allowHeaders(rule, origin), vary: VARY } : { vary: VARY };
}

export function parseCorsColumn(json: string | null): T.CORSConfiguration | undefined {
  return json ? (JSON.parse(json) as T.CORSConfiguration) : undefined;
}

const noSuchCorsConfiguration = (bucket: string) => new ServiceError('NoSuchCORSConfiguration', 'The CORS configuration does not exist', 404, 'client', { BucketName: bucket });

export function createCorsOperations(deps: { store: EmbeddedStore; ready: () => Promise<void> }) {
  const { store, ready } = deps;
  return {
    async putBucketCors(_ctx: RequestContext, input: T.PutBucketCorsRequest): Promise<void> {
      await ready();
      await store.bucket(input.Bucket);
      await store.setBucketField(input.Bucket, 'cors', JSON.stringify(validateCorsConfiguration(input.CORSConfiguration)));
    },
    async getBucketCors(_ctx: RequestContext, input: T.GetBucketCorsRequest): Promise<T.GetBucketCorsOutput> {
      await ready();
      const config = parseCorsColumn((await store.bucket(input.Bucket)).cors);
      if (!config) throw noSuchCorsConfiguration(input.Bucket);
      return { CORSRules: config.CORSRules };
    },
    async deleteBucketCors(_ctx: RequestContext, input: T.DeleteBucketCorsRequest): Promise<void> {
      await ready();
      await store.setBucketField(input.Bucket, 'cors', null);
    },
  };
}

/** The gateway's two CORS hooks for S3: the unauthenticated preflight, and the headers of actual requests. */
export function corsHooks(store: EmbeddedStore) {
  return {
    async preflight(req: { bucket?: string; key?: string; headers: IncomingHttpHeaders }): Promise<Record<string, string>> {
      const b = req.bucket ? await store.findBucket(req.bucket) : undefined;
      const one = (name: string) => {
        const v = req.headers[name];
        return Array.isArray(v) ? v.join(', ') : v;
      };
      return preflight(b !== undefined, parseCorsColumn(b?.cors ?? null), { origin: one('origin'), method: one('access-control-request-method'), headers: one('access-control-request-headers'), key: req.key });
    },
    async responseHeaders(req: { bucket?: string; method: string; headers: IncomingHttpHeaders }): Promise<Record<string, string>> {
      const origin = req.headers.origin;
      if (!req.bucket || typeof origin !== 'string') return {};
      const b = await store.findBucket(req.bucket);
      return actualRequestHeaders(parseCorsColumn(b?.cors ?? null), origin, req.method);
    },
  };
}
