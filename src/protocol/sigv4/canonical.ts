// The SigV4 canonical request, string to sign and signing key, built from a request as it arrived on the wire.
//
// Canonical URI: S3 signs the path once-encoded and never normalizes it (keys may contain `//`, `.` and `..`); every
// other service removes empty, `.` and `..` segments and encodes the already-encoded path a second time (so `%20`
// becomes `%2520`), which is what @smithy/signature-v4 (`uriEscapePath`) and botocore do.
// For S3 two forms are tried: the path re-encoded in AWS's canonical form (so a client that sent `!` or `(` raw but
// signed `%21`/`%28` is accepted) and the path exactly as received.
// Canonical query: every parameter decoded then encoded with AWS's URI encoding (unreserved `A-Za-z0-9-._~` kept,
// everything else `%XX` upper-case), sorted by name then value, `X-Amz-Signature` left out.
// Canonical headers: lower-case names in SignedHeaders order (sorted), values trimmed with inner runs of spaces
// collapsed; repeated headers joined by commas.
import * as crypto from 'node:crypto';
import { createHash, createHmac } from 'node:crypto';

export const ALGORITHM = 'AWS4-HMAC-SHA256';
export const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';
export const STREAMING_SIGNED_PAYLOAD = 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD';
export const STREAMING_SIGNED_PAYLOAD_TRAILER = 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER';
export const STREAMING_UNSIGNED_PAYLOAD_TRAILER = 'STREAMING-UNSIGNED-PAYLOAD-TRAILER';
export const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

// crypto.hash (Node ≥ 20.12) hashes in one call, a third of what a Hash object costs to build and feed; every
// request hashes its canonical request.
const oneShot = (crypto as { hash?: { (algorithm: string, data: string | Uint8Array, encoding: 'hex'): string; (algorithm: string, data: string | Uint8Array, encoding: 'buffer'): Buffer } }).hash;

export function sha256Hex(data: string | Uint8Array): string {
  return oneShot ? oneShot('sha256', data, 'hex') : createHash('sha256').update(data).digest('hex');
}

export function hmac(key: Uint8Array | string, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

/** AWS's URI encoding (RFC 3986 unreserved characters kept, UTF-8 bytes as upper-case `%XX`). */
export function uriEncode(value: string): string {
  let encoded: string;
  try {
    encoded = encodeURIComponent(value);
  } catch {
    // A lone UTF-16 surrogate cannot be encoded; it cannot have been signed either.
    encoded = encodeURIComponent(value.replace(/[\uD800-\uDFFF]/g, '\uFFFD'));
  }
  return encoded.replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Percent-decodes; a malformed sequence is kept literally (it will then be encoded as `%25…`). */
export function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value.replace(/%([0-9A-Fa-f]{2})/g, (m, hex: string) => {
      const code = parseInt(hex, 16);
      return code < 0x80 ? String.fromCharCode(code) : m;
    });
  }
}

/** S3: each segment decoded and encoded once, no normalization. */
export function s3CanonicalUri(rawPath: string): string {
  const path = rawPath === '' ? '/' : rawPath;
  return path
    .split('/')
    .map((segment) => uriEncode(safeDecode(segment)))
    .join('/');
}

/** Non-S3: normalized (empty, `.` and `..` segments removed) and the raw encoded path encoded again. */
export function doubleEncodedCanonicalUri(rawPath: string): string {
  const segments: string[] = [];
  for (const segment of rawPath.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  const trailing = segments.length > 0 && rawPath.endsWith('/') ? '/' : '';
  return `/${segments.map(uriEncode).join('/')}${trailing}`;
}

// Non-S3 paths repeat (a service's few operations, Macie's `/macie`); their canonical form, a pure function of the
// raw path, is kept for short ones, a bounded few.
const doubleEncodedByPath = new Map<string, readonly string[]>();
const CACHED_PATH_MAX = 256;
const CACHED_PATHS_MAX = 1000;

/** The canonical URIs to try, most likely first. */
export function canonicalUriCandidates(rawPath: string, service: string): readonly string[] {
  if (service !== 's3') {
    let candidates = doubleEncodedByPath.get(rawPath);
    if (!candidates) {
      candidates = Object.freeze([doubleEncodedCanonicalUri(rawPath)]);
      if (rawPath.length <= CACHED_PATH_MAX) {
        if (doubleEncodedByPath.size >= CACHED_PATHS_MAX) doubleEncodedByPath.delete(doubleEncodedByPath.keys().next().value!);
        doubleEncodedByPath.set(rawPath, candidates);
      }
    }
    return candidates;
  }
  const canonical = s3CanonicalUri(rawPath);
  const asReceived = rawPath === '' ? '/' : rawPath;
  return canonical === asReceived ? [canonical] : [canonical, asReceived];
}

export interface QueryParam {
  name: string;
  value: string;
}

/** Splits a raw query string into decoded parameters, in order. `+` is kept literally, as the signers never send it for a space. */
export function parseQuery(rawQuery: string): QueryParam[] {
  const out: QueryParam[] = [];
  const query = rawQuery.startsWith('?') ? rawQuery.slice(1) : rawQuery;
  if (query === '') return out;
  for (const pair of query.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const name = safeDecode(eq < 0 ? pair : pair.slice(0, eq));
    const value = eq < 0 ? '' : safeDecode(pair.slice(eq + 1));
    out.push({ name, value });
  }
  return out;
}

function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function canonicalQuery(params: QueryParam[]): string {
  return params
    .filter((p) => p.name !== 'X-Amz-Signature')
    .map((p) => [uriEncode(p.name), uriEncode(p.value)] as const)
    .sort((a, b) => compareCodeUnits(a[0], b[0]) || compareCodeUnits(a[1], b[1]))
    .map(([n, v]) => `${n}=${v}`)
    .join('&');
}

export type HeaderBag = Record<string, string | string[] | undefined>;

export function headerValue(headers: HeaderBag, name: string): string | undefined {
  const v = headers[name];
  if (v === undefined) return undefined;
  return Array.isArray(v) ? v.join(',') : v;
}

// Values that need no trimming or folding (nearly all) are signed as they are.
const NEEDS_FOLDING = /[\r\n\t]| {2}|^ | $/;

function canonicalHeaderValue(value: string): string {
  if (!NEEDS_FOLDING.test(value)) return value;
  return value
    .replace(/[\r\n]/g, ' ')
    .replace(/[ \t]+/g, ' ')
    .trim();
}

/** `name:value\n` for each signed header; a signed header the request lacks signs as an empty value (and so fails). */
export function canonicalHeaders(headers: HeaderBag, signedHeaders: string[]): string {
  let out = '';
  for (const name of signedHeaders) out += `${name}:${canonicalHeaderValue(headerValue(headers, name) ?? '')}\n`;
  return out;
}

export interface CanonicalRequestParts {
  method: string;
  canonicalUri: string;
  canonicalQuery: string;
  headers: HeaderBag;
  signedHeaders: string[];
  payloadHash: string;
}

export function canonicalRequest(p: CanonicalRequestParts): string {
  // canonicalHeaders ends with its own newline, the blank line between the headers and the signed-header list.
  return `${p.method.toUpperCase()}\n${p.canonicalUri}\n${p.canonicalQuery}\n${canonicalHeaders(p.headers, p.signedHeaders)}\n${p.signedHeaders.join(';')}\n${p.payloadHash}`;
}

export function credentialScope(shortDate: string, region: string, service: string): string {
  return `${shortDate}/${region}/${service}/aws4_request`;
}

export function stringToSign(amzDate: string, scope: string, canonical: string): string {
  return `${ALGORITHM}\n${amzDate}\n${scope}\n${sha256Hex(canonical)}`;
}

// Signing keys change once a day per (secret, region, service): derive them once (4 HMACs) and keep a bounded few.
const signingKeys = new Map<string, Buffer>();

// The last key handed out: consecutive calls mostly share credential and scope, and comparing four strings costs less
// than building and hashing the map's key.
let last: { secretAccessKey: string; shortDate: string; region: string; service: string; key: Buffer } | undefined;

export function deriveSigningKey(secretAccessKey: string, shortDate: string, region: string, service: string): Buffer {
  if (last && last.secretAccessKey === secretAccessKey && last.shortDate === shortDate && last.region === region && last.service === service) return last.key;
  const key = cachedSigningKey(secretAccessKey, shortDate, region, service);
  last = { secretAccessKey, shortDate, region, service, key };
  return key;
}

function cachedSigningKey(secretAccessKey: string, shortDate: string, region: string, service: string): Buffer {
  const cacheKey = `${secretAccessKey}\u0000${shortDate}\u0000${region}\u0000${service}`;
  let key = signingKeys.get(cacheKey);
  if (!key) {
    key = deriveUncached(secretAccessKey, shortDate, region, service);
    if (signingKeys.size >= 1000) signingKeys.delete(signingKeys.keys().next().value!);
    signingKeys.set(cacheKey, key);
  }
  return key;
}

function deriveUncached(secretAccessKey: string, shortDate: string, region: string, service: string): Buffer {
  const kDate = hmac(`AWS4${secretAccessKey}`, shortDate);
  const kRegion = hmac(kDate, region);
  const kService = hmac(kRegion, service);
  return hmac(kService, 'aws4_request');
}

export function signHex(signingKey: Uint8Array, toSign: string): string {
  return sign(signingKey, toSign).toString('hex');
}

// HMAC-SHA256 of every request's string to sign. An Hmac object (construct, key import, update, digest) cost more
// than the hashing itself, so with crypto.hash the HMAC is computed from its definition (RFC 2104):
// H((K ^ opad) || H((K ^ ipad) || m)), the two padded key blocks worked out once per signing key (signing keys are
// themselves cached, so the same key object comes back for every call of a day/region/service).
const BLOCK = 64;
const pads = new WeakMap<Uint8Array, { ipad: Buffer; outer: Buffer }>();

function padsOf(key: Uint8Array): { ipad: Buffer; outer: Buffer } {
  let p = pads.get(key);
  if (!p) {
    const ipad = Buffer.alloc(BLOCK, 0x36);
    // The outer message: the opad block, then the inner digest (written in place on each use).
    const outer = Buffer.alloc(BLOCK + 32, 0x5c);
    for (let i = 0; i < key.length; i++) {
      ipad[i] = key[i]! ^ 0x36;
      outer[i] = key[i]! ^ 0x5c;
    }
    p = { ipad, outer };
    pads.set(key, p);
  }
  return p;
}

/** HMAC-SHA256 of `toSign` (UTF-8) under `signingKey`. */
export function sign(signingKey: Uint8Array, toSign: string): Buffer {
  if (!oneShot || signingKey.length > BLOCK) return createHmac('sha256', signingKey).update(toSign, 'utf8').digest();
  const { ipad, outer } = padsOf(signingKey);
  const inner = Buffer.allocUnsafe(BLOCK + Buffer.byteLength(toSign, 'utf8'));
  ipad.copy(inner, 0);
  inner.write(toSign, BLOCK, 'utf8');
  // Synchronous from here to the return, so the shared outer buffer is never used by two calls at once.
  oneShot('sha256', inner, 'buffer').copy(outer, BLOCK);
  return oneShot('sha256', outer, 'buffer');
}
