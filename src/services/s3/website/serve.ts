// S3's website endpoint (User Guide: "Website endpoints", "Key differences between a website endpoint and a REST API
// endpoint", "Configuring an index document", "Configuring a custom error document", "Setting up redirects"):
// anonymous GET and HEAD only, answered from the bucket's website configuration:
//   1. RedirectAllRequestsTo: every request is redirected (301) to that host, key kept;
//   2. routing rules without an error condition redirect before anything is read;
//   3. a key that is empty or ends in "/" is a folder: its index document is served; a key with no object whose
//      folder has an index document is redirected there (302, "/key/");
//   4. only what the bucket policy (as Block Public Access applies it) or a public object ACL lets anyone read is
//      served; anything else is 403; a missing key is 404 only when anyone may list the bucket, else 403;
//   5. an error is first offered to the routing rules with HttpErrorCodeReturnedEquals, then answered with the
//      error document (with the error's status) when one is set and readable, else with S3's HTML error page.
// Objects with x-amz-website-redirect-location redirect (301) there. Errors are HTML, never XML.
import { Readable } from 'node:stream';
import type { IncomingHttpHeaders } from 'node:http';
import { evaluateDetailed, parsePolicy } from '../../../iam/index.js';
import type * as T from '../../../models/s3/index.js';
import type { EmbeddedStore, StoredObject } from '../../../storage/index.js';
import type { Database } from '../../../store/index.js';
import { checkConditions, parseRange } from '../conditions.js';
import { isPublicAcl, parseBlock, policyAsApplied } from '../public-access.js';
import { encodePath, matchRoutingRule, redirectOf } from './config.js';

type BucketRow = Database['s3_buckets'];

export interface WebsiteRequest {
  bucket: string;
  region: string;
  method: string;
  /** The raw request path (percent-encoded). */
  path: string;
  host: string;
  headers: IncomingHttpHeaders;
  requestId: string;
  sourceIp: string;
}

export interface WebsiteResponse {
  status: number;
  headers: Record<string, string>;
  body?: Buffer | string | Readable;
}

interface WebsiteError {
  status: number;
  code: string;
  message: string;
  fields?: Record<string, string>;
}

const STATUS_TEXT: Record<number, string> = { 400: 'Bad Request', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed', 412: 'Precondition Failed', 416: 'Requested Range Not Satisfiable', 500: 'Internal Server Error' };
const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** S3's HTML error page; `docError` is the failure to read the custom error document, shown below it as S3 does. */
export function errorPage(e: WebsiteError, requestId: string, docError?: WebsiteError): string {
  const title = `${e.status} ${STATUS_TEXT[e.status] ?? 'Error'}`;
  const items = (x: WebsiteError) => [`<li>Code: ${escape(x.code)}</li>`, `<li>Message: ${escape(x.message)}</li>`, ...Object.entries(x.fields ?? {}).map(([k, v]) => `<li>${escape(k)}: ${escape(v)}</li>`)];
  const lines = ['<html>', `<head><title>${title}</title></head>`, '<body>', `<h1>${title}</h1>`, '<ul>', ...items(e), `<li>RequestId: ${escape(requestId)}</li>`, `<li>HostId: ${escape(requestId)}</li>`, '</ul>'];
  if (docError) lines.push('<h3>An Error Occurred While Attempting to Retrieve a Custom Error Document</h3>', '<ul>', ...items(docError), '</ul>');
  lines.push('<hr/>', '</body>', '</html>', '');
  return lines.join('\n');
}

const ANONYMOUS = { arn: '*', accountId: '', type: 'Anonymous' as const };

/** Whether an anonymous caller may do `action` on `resource`: the bucket policy as applied, then a public object ACL. */
export function anonymousMay(b: BucketRow, action: string, resource: string, ctx: { sourceIp: string; now: Date }, objectAcl?: string): boolean {
  const block = parseBlock(b.public_access_block);
  const policy = policyAsApplied(b.policy ?? undefined, block, { accountId: '', isService: false }, b.account_id);
  if (policy) {
    const result = evaluateDetailed(
      { principal: ANONYMOUS, action, resource, resourceAccountId: b.account_id, context: { 'aws:SourceIp': ctx.sourceIp, 'aws:SecureTransport': 'false' } },
      [],
      parsePolicy(policy, 'resource'),
      { now: ctx.now },
    );
    if (result.decision === 'ExplicitDeny') return false;
    if (result.decision === 'Allow') return true;
  }
  // ACLs count unless the bucket disables them (BucketOwnerEnforced, the default) or Block Public Access ignores them.
  const aclsApply = (b.object_ownership ?? 'BucketOwnerEnforced') !== 'BucketOwnerEnforced' && !block?.IgnorePublicAcls;
  return aclsApply && action === 's3:GetObject' && isPublicAcl(objectAcl);
}

function decodeKey(path: string): string {
  try {
    return decodeURIComponent(path.replace(/^\//, ''));
  } catch {
    return path.replace(/^\//, '');
  }
}

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
const date = (v: string | undefined) => (v ? new Date(v) : undefined);

export function createWebsiteServer(deps: { store: EmbeddedStore }) {
  const { store } = deps;

  async function find(bucket: string, key: string): Promise<StoredObject | undefined> {
    try {
      return await store.object(bucket, key);
    } catch (err) {
      if ((err as { code?: string }).code === 'NoSuchKey') return undefined;
      throw err;
    }
  }

  function objectResponse(req: WebsiteRequest, obj: StoredObject, status: number, body: Readable | undefined, range?: { start: number; end: number }): WebsiteResponse {
    const h = obj.headers;
    const headers: Record<string, string> = {
      'x-amz-request-id': req.requestId,
      'content-type': h.ContentType ?? 'binary/octet-stream',
      etag: obj.etag,
      'last-modified': obj.lastModified.toUTCString(),
      'content-length': String(range ? range.end - range.start + 1 : obj.size),
      'accept-ranges': 'bytes',
    };
    if (range) headers['content-range'] = `bytes ${range.start}-${range.end}/${obj.size}`;
    if (h.CacheControl) headers['cache-control'] = h.CacheControl;
    if (h.ContentEncoding) headers['content-encoding'] = h.ContentEncoding;
    if (h.ContentDisposition) headers['content-disposition'] = h.ContentDisposition;
    if (h.ContentLanguage) headers['content-language'] = h.ContentLanguage;
    if (h.Expires) headers.expires = h.Expires;
    for (const [k, v] of Object.entries(h.Metadata ?? {})) headers[`x-amz-meta-${k}`] = v;
    if (obj.versionId) headers['x-amz-version-id'] = obj.versionId;
    return { status, headers, ...(body ? { body } : {}) };
  }

  const redirect = (req: WebsiteRequest, status: number, location: string): WebsiteResponse => ({
    status,
    headers: { location, 'x-amz-request-id': req.requestId, 'content-length': '0' },
    body: '',
  });

  /** An object anyone may read, or the error S3's website endpoint gives for it. */
  async function readable(b: BucketRow, key: string, req: WebsiteRequest): Promise<StoredObject | WebsiteError> {
    const obj = await find(b.name, key);
    const ctx = { sourceIp: req.sourceIp, now: new Date(store.nowMs()) };
    if (!obj) {
      const mayList = anonymousMay(b, 's3:ListBucket', `arn:aws:s3:::${b.name}`, ctx);
      return mayList ? { status: 404, code: 'NoSuchKey', message: 'The specified key does not exist.', fields: { Key: key } } : { status: 403, code: 'AccessDenied', message: 'Access Denied' };
    }
    if (!anonymousMay(b, 's3:GetObject', `arn:aws:s3:::${b.name}/${key}`, ctx, obj.acl)) return { status: 403, code: 'AccessDenied', message: 'Access Denied' };
    // Objects under a KMS or customer key cannot be read anonymously.
    if (obj.encryption && obj.encryption.ServerSideEncryption !== 'AES256') return { status: 403, code: 'AccessDenied', message: 'Access Denied' };
    return obj;
  }

  async function serveObject(req: WebsiteRequest, obj: StoredObject, status: number): Promise<WebsiteResponse> {
    if (obj.headers.WebsiteRedirectLocation) return redirect(req, 301, obj.headers.WebsiteRedirectLocation);
    const head = req.method === 'HEAD';
    if (status !== 200) return objectResponse(req, obj, status, head ? undefined : await store.readBytes(obj));
    checkConditions(obj, { IfMatch: one(req.headers['if-match']), IfNoneMatch: one(req.headers['if-none-match']), IfModifiedSince: date(one(req.headers['if-modified-since'])), IfUnmodifiedSince: date(one(req.headers['if-unmodified-since'])) });
    const rangeHeader = one(req.headers.range);
    const range = rangeHeader ? parseRange(rangeHeader, obj.size) : undefined;
    return objectResponse(req, obj, range ? 206 : 200, head ? undefined : await store.readBytes(obj, range), range);
  }

  async function answerError(req: WebsiteRequest, b: BucketRow, config: T.WebsiteConfiguration, key: string, e: WebsiteError): Promise<WebsiteResponse> {
    const rule = matchRoutingRule(config.RoutingRules ?? [], key, e.status);
    if (rule) {
      const r = redirectOf(rule, key, { host: req.host, protocol: 'http' });
      return redirect(req, r.status, r.location);
    }
    let docError: WebsiteError | undefined;
    const docKey = config.ErrorDocument?.Key;
    if (docKey && (e.status === 403 || e.status === 404)) {
      const doc = await readable(b, docKey, req);
      if (!('code' in doc)) return serveObject(req, doc, e.status);
      docError = { ...doc, fields: { ...doc.fields, Key: docKey } };
    }
    return htmlError(req, e, docError);
  }

  function htmlError(req: WebsiteRequest, e: WebsiteError, docError?: WebsiteError): WebsiteResponse {
    const html = errorPage(e, req.requestId, docError);
    const headers = { 'content-type': 'text/html; charset=utf-8', 'x-amz-request-id': req.requestId, 'x-amz-error-code': e.code, 'x-amz-error-message': e.message, 'content-length': String(Buffer.byteLength(html)) };
    return { status: e.status, headers, body: req.method === 'HEAD' ? '' : html };
  }

  async function serve(req: WebsiteRequest): Promise<WebsiteResponse> {
    if (req.method !== 'GET' && req.method !== 'HEAD') return htmlError(req, { status: 405, code: 'MethodNotAllowed', message: 'The specified method is not allowed against this resource.', fields: { Method: req.method, ResourceType: 'OBJECT' } });
    const b = await store.findBucket(req.bucket);
    if (!b) return htmlError(req, { status: 404, code: 'NoSuchBucket', message: 'The specified bucket does not exist', fields: { BucketName: req.bucket } });
    if (b.region !== req.region) return htmlError(req, { status: 400, code: 'IncorrectEndpoint', message: 'The specified bucket exists in another region. Please direct requests to the specified endpoint.', fields: { Endpoint: `${b.name}.s3-website-${b.region}` } });
    if (!b.website) return htmlError(req, { status: 404, code: 'NoSuchWebsiteConfiguration', message: 'The specified bucket does not have a website configuration', fields: { BucketName: b.name } });
    const config = JSON.parse(b.website) as T.WebsiteConfiguration;
    const key = decodeKey(req.path);
    if (config.RedirectAllRequestsTo) {
      const to = config.RedirectAllRequestsTo;
      return redirect(req, 301, `${to.Protocol ?? 'http'}://${to.HostName}/${encodePath(key)}`);
    }
    const early = matchRoutingRule(config.RoutingRules ?? [], key);
    if (early) {
      const r = redirectOf(early, key, { host: req.host, protocol: 'http' });
      return redirect(req, r.status, r.location);
    }
    const suffix = config.IndexDocument!.Suffix;
    const folder = key === '' || key.endsWith('/');
    const target = folder ? key + suffix : key;
    try {
      const found = await readable(b, target, req);
      if (!('code' in found)) return await serveObject(req, found, 200);
      // "photos" with no such object but a "photos/index.html": S3 redirects to the folder (302).
      if (!folder && found.status !== 200 && (await find(b.name, `${key}/${suffix}`))) return redirect(req, 302, `/${encodePath(key)}/`);
      return await answerError(req, b, config, key, found);
    } catch (err) {
      const e = err as { code?: string; message?: string; httpStatus?: number };
      if (e.httpStatus === 304) return { status: 304, headers: { 'x-amz-request-id': req.requestId }, body: '' };
      if (e.httpStatus && e.httpStatus < 500) return htmlError(req, { status: e.httpStatus, code: e.code ?? 'Error', message: e.message ?? '' });
      throw err;
    }
  }

  return { serve };
}

export type WebsiteServer = ReturnType<typeof createWebsiteServer>;
