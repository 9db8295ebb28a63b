/**
 * S3's legacy signature (Signature Version 2, "Authenticating Requests (AWS Signature Version 2)" in the S3 guide),
 * which `aws s3 presign` of the AWS CLI v1 still uses unless told otherwise. Two forms:
 * - header: `Authorization: AWS <AccessKeyId>:<Signature>`, dated by `Date` or `x-amz-date` (15 minutes of skew);
 * - query: `?AWSAccessKeyId=…&Expires=<epoch seconds>&Signature=…`, valid until Expires.
 * Signature = Base64(HMAC-SHA1(secret, StringToSign)), where StringToSign is
 *   Verb \n Content-MD5 \n Content-Type \n (Date | Expires | '' when x-amz-date is sent) \n
 *   CanonicalizedAmzHeaders (lower-case x-amz-* headers, sorted, `name:value\n`) + CanonicalizedResource
 * and CanonicalizedResource is `/bucket` (virtual-hosted requests) + the path as sent + the sub-resources S3 lists
 * (acl, uploadId, versionId, response-* overrides, …), sorted, with their decoded values. The body is not signed.
 * Only S3 accepts it, as in AWS.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { ServiceError } from '../../common/errors.js';
import { authErrors } from './errors.js';
import type { SigV4Request } from './verify.js';

/** The sub-resources that are part of the signed resource (S3's list, as botocore's HmacV1Auth signs them). */
const SUBRESOURCES = new Set([
  'accelerate', 'acl', 'analytics', 'cors', 'delete', 'encryption', 'intelligent-tiering', 'inventory', 'legal-hold',
  'lifecycle', 'location', 'logging', 'metrics', 'notification', 'object-lock', 'ownershipControls', 'partNumber',
  'policy', 'policyStatus', 'publicAccessBlock', 'replication', 'requestPayment', 'restore', 'retention', 'select',
  'select-type', 'tagging', 'torrent', 'uploadId', 'uploads', 'versionId', 'versioning', 'versions', 'website',
  'response-cache-control', 'response-content-disposition', 'response-content-encoding', 'response-content-language',
  'response-content-type', 'response-expires',
]);

export interface ParsedSigV2 {
  accessKeyId: string;
  signature: string;
  presigned: boolean;
  /** Header form: the request's date; query form: when the URL expires. */
  date: Date;
  /** The value in StringToSign's date line. */
  dateLine: string;
  sessionToken?: string;
}

const header = (req: SigV4Request, name: string): string | undefined => {
  const v = req.headers[name];
  return v === undefined ? undefined : Array.isArray(v) ? v.join(',') : v;
};

/** Whether the request is signed with SigV2 (header or query form). */
export function isSigV2(req: SigV4Request, query: URLSearchParams): boolean {
  const auth = header(req, 'authorization');
  if (auth !== undefined) return /^AWS [^:\s]+:\S+$/.test(auth.trim());
  return query.has('AWSAccessKeyId') && query.has('Signature') && !query.has('X-Amz-Credential');
}

/** The signature's parts, its date checked against the clock (AWS's S3 errors). */
export function parseSigV2(req: SigV4Request, query: URLSearchParams, now: Date, maxClockSkewMs: number): ParsedSigV2 {
  const errors = authErrors('s3');
  const auth = header(req, 'authorization');
  if (auth !== undefined) {
    const m = /^AWS ([^:\s]+):(\S+)$/.exec(auth.trim());
    if (!m) throw errors.missingAuthentication();
    const amzDate = header(req, 'x-amz-date');
    const raw = amzDate ?? header(req, 'date');
    const date = raw ? new Date(raw) : new Date(NaN);
    if (Number.isNaN(date.getTime())) throw errors.missingAuthentication();
    if (Math.abs(date.getTime() - now.getTime()) > maxClockSkewMs) throw errors.requestTimeTooSkewed(date, now, maxClockSkewMs);
    const token = header(req, 'x-amz-security-token');
    return { accessKeyId: m[1]!, signature: m[2]!, presigned: false, date, dateLine: amzDate !== undefined ? '' : (raw ?? ''), ...(token ? { sessionToken: token } : {}) };
  }
  const expires = query.get('Expires') ?? '';
  if (!/^\d{1,12}$/.test(expires)) throw errors.missingAuthentication();
  const date = new Date(Number(expires) * 1000);
  if (date.getTime() < now.getTime()) {
    throw new ServiceError('AccessDenied', 'Request has expired', 403, 'client', {
      Expires: date.toISOString().replace(/\.\d{3}Z$/, 'Z'),
      ServerTime: now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    });
  }
  const token = query.get('x-amz-security-token') ?? header(req, 'x-amz-security-token');
  return { accessKeyId: query.get('AWSAccessKeyId')!, signature: query.get('Signature')!, presigned: true, date, dateLine: expires, ...(token ? { sessionToken: token } : {}) };
}

/** S3's StringToSign for the request. `bucket` is the bucket a virtual-hosted request names in its Host. */
export function sigV2StringToSign(req: SigV4Request, parsed: Pick<ParsedSigV2, 'dateLine' | 'presigned'>, bucket?: string): string {
  const amz = new Map<string, string[]>();
  for (const [name, value] of Object.entries(req.headers)) {
    const lower = name.toLowerCase();
    if (!lower.startsWith('x-amz-') || value === undefined) continue;
    const values = (Array.isArray(value) ? value : [value]).map((v) => v.replace(/\s*\r?\n\s*/g, ' ').trim());
    amz.set(lower, [...(amz.get(lower) ?? []), ...values]);
  }
  const amzLines = [...amz.keys()].sort().map((k) => `${k}:${amz.get(k)!.join(',')}\n`).join('');
  return [req.method.toUpperCase(), header(req, 'content-md5') ?? '', header(req, 'content-type') ?? '', parsed.dateLine].join('\n') + '\n' + amzLines + canonicalResource(req, bucket);
}

function canonicalResource(req: SigV4Request, bucket?: string): string {
  let resource = (bucket ? `/${bucket}` : '') + req.path;
  const subs: Array<[string, string | undefined]> = [];
  for (const part of req.rawQuery ? req.rawQuery.split('&') : []) {
    const eq = part.indexOf('=');
    const name = decodeURIComponent(eq < 0 ? part : part.slice(0, eq));
    if (!SUBRESOURCES.has(name)) continue;
    subs.push([name, eq < 0 ? undefined : decodeURIComponent(part.slice(eq + 1).replace(/\+/g, ' '))]);
  }
  if (subs.length) {
    subs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    resource += '?' + subs.map(([k, v]) => (v === undefined ? k : `${k}=${v}`)).join('&');
  }
  return resource;
}

/** Checks the signature with the caller's secret; throws S3's SignatureDoesNotMatch (with its StringToSign). */
export function verifySigV2(req: SigV4Request, parsed: ParsedSigV2, secretAccessKey: string, bucket?: string): void {
  const stringToSign = sigV2StringToSign(req, parsed, bucket);
  const expected = createHmac('sha1', secretAccessKey).update(stringToSign, 'utf8').digest();
  const provided = Buffer.from(parsed.signature, 'base64');
  if (provided.length !== expected.length || !timingSafeEqual(provided, expected)) {
    throw authErrors('s3').signatureDoesNotMatch({ accessKeyId: parsed.accessKeyId, stringToSign, signatureProvided: parsed.signature, canonicalRequest: '' });
  }
}
