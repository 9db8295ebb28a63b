// S3's departures from plain restXml, kept apart so the generic codec stays generic (cf. LocalStack's
// S3RequestParser):
// - virtual-host-style requests (`bucket.<host>/key`) are rewritten to path style before routing;
// - operations sharing a template are told apart by required query members (uploadId, partNumber) and by headers
//   (x-amz-copy-source), and deprecated duplicates (GetBucketLifecycle …) never win;
// - streaming payloads: aws-chunked bodies decoded (chunk signatures verified with the request's signing key) and
//   the declared x-amz-content-sha256, Content-MD5 and x-amz-checksum-* checked as the bytes stream past;
// - responses: S3's root element names and namespace, the bare <LocationConstraint>, `encoding-type=url` listings,
//   206 for ranged reads.
import { createHash, type Hash } from 'node:crypto';
import { Readable, Transform, type TransformCallback } from 'node:stream';
import { crc32 as zlibCrc32 } from 'node:zlib';
import type { ServiceSchema } from '../models/index.js';
import { ServiceError } from '../common/errors.js';
import { RestRouter } from './rest-router.js';
import { validate } from './shapes.js';
import type { RequestAuth, WireRequest, WireResponse } from './types.js';
import { AwsChunkedDecoder, chunkedModeOf, type ChunkSigning } from './sigv4/index.js';

export const S3_NAMESPACE = 'http://s3.amazonaws.com/doc/2006-03-01/';

export function isS3(schema: ServiceSchema): boolean {
  return schema.metadata.serviceId === 'S3';
}

/** S3's protocol-level errors (not in the model). */
export const s3ProtocolErrors = {
  badDigest: (what: string) => new ServiceError('BadDigest', `The ${what} you specified did not match the calculated checksum.`, 400),
  invalidDigest: () => new ServiceError('InvalidDigest', 'The Content-MD5 you specified was invalid.', 400),
  invalidChecksum: (alg: string) => new ServiceError('InvalidRequest', `Value for x-amz-checksum-${alg} header is invalid.`, 400),
  sha256Mismatch: () => new ServiceError('XAmzContentSHA256Mismatch', "The provided 'x-amz-content-sha256' header does not match what was computed.", 400),
  incompleteBody: () => new ServiceError('IncompleteBody', 'You did not provide the number of bytes specified by the Content-Length HTTP header.', 400),
  methodNotAllowed: (method: string) => new ServiceError('MethodNotAllowed', 'The specified method is not allowed against this resource.', 405, 'client', { Method: method, ResourceType: 'OBJECT' }),
  unsignedStream: () => new ServiceError('InvalidRequest', 'A signed aws-chunked body needs a signed request.', 400),
  notImplemented: (detail: string) => new ServiceError('NotImplemented', `A header or query you provided implies functionality that is not implemented (${detail}).`, 501, 'server'),
};

// ---------------------------------------------------------------------------------------------------------------
// Virtual hosts

/** Domains under which `<bucket>.<domain>` names a bucket. `localhost` covers `bucket.localhost:4566`. */
export const DEFAULT_S3_VIRTUAL_HOST_DOMAINS = ['localhost', 's3.amazonaws.com', 's3.localhost.localstack.cloud'];

/** The bucket a Host header names virtual-host style, or undefined for path-style requests. */
export function virtualHostBucket(host: string | undefined, domains: readonly string[] = DEFAULT_S3_VIRTUAL_HOST_DOMAINS): string | undefined {
  if (!host) return undefined;
  const name = host.replace(/:\d+$/, '').toLowerCase();
  if (/^\d+\.\d+\.\d+\.\d+$/.test(name) || name.startsWith('[')) return undefined;
  for (const domain of domains) {
    if (name.endsWith('.' + domain)) return name.slice(0, -domain.length - 1) || undefined;
  }
  // s3.<region>.amazonaws.com and s3-<region>.amazonaws.com
  const aws = /^(.+)\.s3[.-][a-z0-9-]+\.amazonaws\.com$/.exec(name);
  return aws?.[1];
}

/**
 * The bucket and Region a website endpoint host names (`<bucket>.s3-website-<region>.<domain>` or
 * `<bucket>.s3-website.<region>.<domain>`, with `<domain>` amazonaws.com or one of Sift's virtual-host domains), or
 * undefined for any other host. Such requests are answered as S3's website endpoint does, not as API calls.
 */
export function websiteEndpointBucket(host: string | undefined, domains: readonly string[] = DEFAULT_S3_VIRTUAL_HOST_DOMAINS): { bucket: string; region: string } | undefined {
  if (!host) return undefined;
  const name = host.replace(/:\d+$/, '').toLowerCase();
  const m = /^(.+?)\.s3-website[.-]([a-z]{2}(?:-[a-z]+)+-\d+)\.(.+)$/.exec(name);
  if (!m || (m[3] !== 'amazonaws.com' && !domains.includes(m[3]!))) return undefined;
  return { bucket: m[1]!, region: m[2]! };
}

// ---------------------------------------------------------------------------------------------------------------
// Routing

/** Deprecated operations that share a template with their replacement, and S3 Express-only ones. */
const NEVER_ROUTED = new Set(['GetBucketLifecycle', 'PutBucketLifecycle', 'GetBucketNotification', 'PutBucketNotification', 'ListDirectoryBuckets']);
/** PUTs sharing a template: with the copy-source header they are copies, without it uploads. */
const COPY_PAIRS: Record<string, [upload: string, copy: string]> = {
  PutObject: ['PutObject', 'CopyObject'],
  CopyObject: ['PutObject', 'CopyObject'],
  UploadPart: ['UploadPart', 'UploadPartCopy'],
  UploadPartCopy: ['UploadPart', 'UploadPartCopy'],
};

const routers = new WeakMap<ServiceSchema, RestRouter>();

/** A router whose templates also require each operation's required query members (`?uploadId`). */
function s3Router(schema: ServiceSchema): RestRouter {
  let router = routers.get(schema);
  if (router) return router;
  const operations: ServiceSchema['operations'] = {};
  for (const [name, op] of Object.entries(schema.operations)) {
    if (NEVER_ROUTED.has(name)) continue;
    const input = op.input ? schema.shapes[op.input.shape] : undefined;
    const [path, query] = op.http.requestUri.split('?', 2) as [string, string | undefined];
    const keys = new Set((query ?? '').split('&').filter(Boolean));
    for (const [member, ref] of Object.entries(input?.members ?? {})) {
      if (ref.location === 'querystring' && input!.required?.includes(member)) keys.add(ref.locationName ?? member);
    }
    operations[name] = { ...op, http: { ...op.http, requestUri: keys.size ? `${path}?${[...keys].join('&')}` : path } };
  }
  router = new RestRouter({ ...schema, operations });
  routers.set(schema, router);
  return router;
}

/** The bucket and key a request names, virtual-host or path style (for calls answered before routing: CORS). */
export function s3BucketAndKey(path: string, host: string | undefined, domains: readonly string[] = DEFAULT_S3_VIRTUAL_HOST_DOMAINS): { bucket?: string; key?: string } {
  const decode = (s: string) => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  };
  const virtual = virtualHostBucket(host, domains);
  const rest = path.replace(/^\//, '');
  if (virtual) return { bucket: virtual, ...(rest ? { key: decode(rest) } : {}) };
  const slash = rest.indexOf('/');
  if (slash < 0) return rest ? { bucket: decode(rest) } : {};
  const key = rest.slice(slash + 1);
  return { bucket: decode(rest.slice(0, slash)), ...(key ? { key: decode(key) } : {}) };
}

export function s3OperationOf(schema: ServiceSchema, req: WireRequest, domains: readonly string[] = DEFAULT_S3_VIRTUAL_HOST_DOMAINS): string {
  const host = req.headers.host ?? (req.headers[':authority'] as string | undefined);
  const bucket = virtualHostBucket(Array.isArray(host) ? host[0] : host, domains);
  if (bucket) req.path = `/${encodeURIComponent(bucket)}${req.path === '' ? '/' : req.path}`;
  const router = s3Router(schema);
  const m = router.match(req.method, req.path, req.query);
  if (!m) {
    if (router.hasPath(req.path)) throw s3ProtocolErrors.methodNotAllowed(req.method);
    throw s3ProtocolErrors.notImplemented(`${req.method} ${req.path}`);
  }
  req.labels = m.labels;
  const pair = COPY_PAIRS[m.operation];
  return pair ? pair[req.headers['x-amz-copy-source'] !== undefined ? 1 : 0] : m.operation;
}

// ---------------------------------------------------------------------------------------------------------------
// Checksums S3 accepts in x-amz-checksum-* (values are base64 of the big-endian digest).

const CRC32C_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0x82f63b78 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

// CRC-64/NVME, reflected polynomial 0x9A6C9329AC4BC9B5, kept as two 32-bit halves for speed.
const CRC64_TABLES = (() => {
  const lo = new Uint32Array(256);
  const hi = new Uint32Array(256);
  const pLo = 0xac4bc9b5;
  const pHi = 0x9a6c9329;
  for (let n = 0; n < 256; n++) {
    let l = n;
    let h = 0;
    for (let k = 0; k < 8; k++) {
      const bit = l & 1;
      l = ((l >>> 1) | ((h & 1) << 31)) >>> 0;
      h = h >>> 1;
      if (bit) {
        l = (l ^ pLo) >>> 0;
        h = (h ^ pHi) >>> 0;
      }
    }
    lo[n] = l;
    hi[n] = h;
  }
  return { lo, hi };
})();

export interface Checksum {
  update(data: Uint8Array): void;
  /** base64 of the big-endian digest, as S3 sends it. */
  digest(): string;
}

export function createChecksum(algorithm: string): Checksum | undefined {
  switch (algorithm.toLowerCase()) {
    case 'crc32': {
      let c = 0;
      return { update: (d) => void (c = zlibCrc32(d, c)), digest: () => u32(c) };
    }
    case 'crc32c': {
      let c = 0xffffffff;
      return {
        update(d) {
          for (let i = 0; i < d.length; i++) c = CRC32C_TABLE[(c ^ d[i]!) & 0xff]! ^ (c >>> 8);
        },
        digest: () => u32((c ^ 0xffffffff) >>> 0),
      };
    }
    case 'crc64nvme': {
      let l = 0xffffffff;
      let h = 0xffffffff;
      const { lo, hi } = CRC64_TABLES;
      return {
        update(d) {
          for (let i = 0; i < d.length; i++) {
            const idx = (l ^ d[i]!) & 0xff;
            l = (((l >>> 8) | (h << 24)) ^ lo[idx]!) >>> 0;
            h = ((h >>> 8) ^ hi[idx]!) >>> 0;
          }
        },
        digest() {
          const b = Buffer.alloc(8);
          b.writeUInt32BE((h ^ 0xffffffff) >>> 0, 0);
          b.writeUInt32BE((l ^ 0xffffffff) >>> 0, 4);
          return b.toString('base64');
        },
      };
    }
    case 'sha1':
    case 'sha256': {
      const h = createHash(algorithm.toLowerCase());
      return { update: (d) => void h.update(d), digest: () => h.digest('base64') };
    }
    default:
      return undefined;
  }
}

function u32(n: number): string {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0, 0);
  return b.toString('base64');
}

// ---------------------------------------------------------------------------------------------------------------
// Integrity of a streamed payload

export interface DeclaredDigests {
  /** Hex SHA-256 from x-amz-content-sha256 (absent for UNSIGNED-PAYLOAD and streaming modes). */
  sha256Hex?: string;
  /** base64 MD5 from Content-MD5. */
  md5Base64?: string;
  /** x-amz-checksum-<alg> values by algorithm, from headers. */
  checksums: Record<string, string>;
  /** Algorithms whose value arrives in the aws-chunked trailer. */
  trailerChecksums: string[];
  /** Exact decoded length, when declared. */
  length?: number;
}

/**
 * A payload stream of PutObject/UploadPart carries, under this key, a function that a reader calls once, before
 * reading, to take over checks of declared digests it computes anyway (IntegrityCheck.handOver): the object store
 * MD5-hashes every byte for the ETag, so a Content-MD5 is compared with that digest instead of the bytes being hashed
 * twice, and it can compute CRC32C and CRC64NVME natively beside it. A reader that does not call it leaves every
 * check to the stream. (The store's side: storage/declared-digests.ts, the same symbol.)
 */
export const DECLARED_DIGESTS = Symbol.for('sift.bytes.declared-digests');

export interface DeclaredDigest {
  /** 'md5' (Content-MD5) or an x-amz-checksum-* algorithm ('crc32c', 'crc64nvme', ...). */
  algorithm: string;
  /** The declared value (base64) once the body has ended (a trailer's arrives last); undefined: nothing to check. */
  expected(): string | undefined;
  /** S3's error for a body whose digest differs (BadDigest). */
  mismatch(): Error;
}

/**
 * Passes bytes through while hashing them; at the end compares with what was declared and fails the stream with
 * S3's error (BadDigest, XAmzContentSHA256Mismatch, IncompleteBody) so that the writer discards what it wrote.
 */
export class IntegrityCheck extends Transform {
  private md5?: Hash;
  private readonly sha256?: Hash;
  private readonly sums = new Map<string, Checksum>();
  private seen = 0;

  constructor(
    private readonly declared: DeclaredDigests,
    private readonly trailers: () => Record<string, string> = () => ({}),
  ) {
    super();
    if (declared.md5Base64) this.md5 = createHash('md5');
    if (declared.sha256Hex) this.sha256 = createHash('sha256');
    for (const alg of [...Object.keys(declared.checksums), ...declared.trailerChecksums]) {
      const c = createChecksum(alg);
      if (c) this.sums.set(alg, c);
    }
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    this.seen += chunk.length;
    if (this.declared.length !== undefined && this.seen > this.declared.length) return cb(s3ProtocolErrors.incompleteBody());
    this.md5?.update(chunk);
    this.sha256?.update(chunk);
    for (const c of this.sums.values()) c.update(chunk);
    cb(null, chunk);
  }

  /**
   * Hands the checks of the `algorithms` that were declared over to a reader that computes them over every byte of
   * this stream anyway (the store), so that the bytes are hashed once: this stream stops computing them, and the
   * reader compares its own digests and fails with `mismatch()` before anything becomes visible. Refused (nothing
   * handed over) once anything has been read from the stream.
   */
  handOver(algorithms: readonly string[]): DeclaredDigest[] {
    if (this.readableDidRead || this.writableFinished) return [];
    const out: DeclaredDigest[] = [];
    if (this.md5 && algorithms.includes('md5')) {
      this.md5 = undefined;
      const want = this.declared.md5Base64!;
      out.push({ algorithm: 'md5', expected: () => want, mismatch: () => s3ProtocolErrors.badDigest('Content-MD5') });
    }
    for (const alg of [...this.sums.keys()]) {
      if (!algorithms.includes(alg)) continue;
      this.sums.delete(alg);
      out.push({ algorithm: alg, expected: () => this.declared.checksums[alg] ?? this.trailers()[`x-amz-checksum-${alg}`], mismatch: () => s3ProtocolErrors.badDigest(alg.toUpperCase()) });
    }
    return out;
  }

  override _flush(cb: TransformCallback): void {
    const d = this.declared;
    if (d.length !== undefined && this.seen !== d.length) return cb(s3ProtocolErrors.incompleteBody());
    if (this.sha256 && this.sha256.digest('hex') !== d.sha256Hex!.toLowerCase()) return cb(s3ProtocolErrors.sha256Mismatch());
    if (this.md5 && this.md5.digest('base64') !== d.md5Base64) return cb(s3ProtocolErrors.badDigest('Content-MD5'));
    const trailers = this.trailers();
    for (const [alg, sum] of this.sums) {
      const want = d.checksums[alg] ?? trailers[`x-amz-checksum-${alg}`];
      if (want === undefined) continue;
      if (sum.digest() !== want) return cb(s3ProtocolErrors.badDigest(alg.toUpperCase()));
    }
    cb();
  }
}

const CHECKSUM_ALGORITHMS = ['crc32', 'crc32c', 'crc64nvme', 'sha1', 'sha256'];
const CHECKSUM_INPUT_MEMBERS: Record<string, string> = { crc32: 'ChecksumCRC32', crc32c: 'ChecksumCRC32C', crc64nvme: 'ChecksumCRC64NVME', sha1: 'ChecksumSHA1', sha256: 'ChecksumSHA256' };

const amzDate = (d: Date) => d.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');

/** The chain a signed aws-chunked body continues from the request's own signature. */
export function chunkSigning(auth: RequestAuth): ChunkSigning {
  const date = amzDate(auth.signingDate);
  return { signingKey: auth.signingKey, seedSignature: auth.seedSignature, amzDate: date, scope: `${date.slice(0, 8)}/${auth.region}/${auth.service}/aws4_request` };
}

function header(req: WireRequest, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/**
 * The checked, decoded payload stream of PutObject/UploadPart. Sets `ContentLength` to the decoded length and strips
 * `aws-chunked` from `ContentEncoding`, as S3 stores them.
 */
export function s3StreamingBody(req: WireRequest, input: Record<string, unknown>): Readable {
  let source: Readable = req.bodyStream ?? Readable.from(req.body.length ? [req.body] : []);
  const sha = header(req, 'x-amz-content-sha256') ?? '';
  const encoding = header(req, 'content-encoding') ?? '';
  const chunked = sha.startsWith('STREAMING-') || /(^|,)\s*aws-chunked\s*(,|$)/.test(encoding);
  let decoder: AwsChunkedDecoder | undefined;
  let length = input.ContentLength as number | undefined;
  if (chunked) {
    const decoded = header(req, 'x-amz-decoded-content-length');
    length = decoded !== undefined && /^\d+$/.test(decoded) ? Number(decoded) : undefined;
    const mode = chunkedModeOf(sha) ?? 'unsigned-trailer';
    if (mode !== 'unsigned-trailer' && !req.auth) throw s3ProtocolErrors.unsignedStream();
    decoder = new AwsChunkedDecoder({ mode, ...(length !== undefined ? { decodedContentLength: length } : {}), ...(mode !== 'unsigned-trailer' ? { signing: chunkSigning(req.auth!) } : {}) });
    source.on('error', (err) => decoder!.destroy(err));
    source = source.pipe(decoder);
    if (length !== undefined) input.ContentLength = length;
    else delete input.ContentLength;
    const rest = encoding.split(',').map((s) => s.trim()).filter((s) => s && s !== 'aws-chunked');
    if (rest.length) input.ContentEncoding = rest.join(', ');
    else delete input.ContentEncoding;
  }
  const md5 = header(req, 'content-md5');
  if (md5 !== undefined && !/^[A-Za-z0-9+/]{22}==$/.test(md5)) throw s3ProtocolErrors.invalidDigest();
  const checksums: Record<string, string> = {};
  for (const alg of CHECKSUM_ALGORITHMS) {
    const v = header(req, `x-amz-checksum-${alg}`);
    if (v === undefined) continue;
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(v)) throw s3ProtocolErrors.invalidChecksum(alg);
    checksums[alg] = v;
  }
  const trailerChecksums = (header(req, 'x-amz-trailer') ?? '')
    .split(',')
    .map((s) => s.trim().toLowerCase().replace(/^x-amz-checksum-/, ''))
    .filter((alg) => CHECKSUM_ALGORITHMS.includes(alg));
  const check = new IntegrityCheck(
    { sha256Hex: /^[0-9a-fA-F]{64}$/.test(sha) ? sha : undefined, md5Base64: md5, checksums, trailerChecksums, length },
    () => decoder?.trailers ?? {},
  );
  // The trailer's checksum becomes the stored object's checksum, as if it had been sent as a header.
  check.on('end', () => {
    for (const alg of trailerChecksums) {
      const v = decoder?.trailers[`x-amz-checksum-${alg}`];
      if (v !== undefined) input[CHECKSUM_INPUT_MEMBERS[alg]!] = v;
    }
  });
  source.on('error', (err) => check.destroy(err));
  // The provider consumes this stream through a pipeline, which reports its errors (BadDigest, …) as the call's
  // error. When the provider has already failed for another reason, nobody listens any more: an integrity error then
  // must not become an uncaught exception that takes the server down.
  check.on('error', () => undefined);
  Object.defineProperty(check, DECLARED_DIGESTS, { value: (algorithms: readonly string[]) => check.handOver(algorithms) });
  return source.pipe(check);
}

// ---------------------------------------------------------------------------------------------------------------
// Responses

/** Root elements of S3 output documents that have no payload member (the model does not name them). */
const OUTPUT_ROOTS: Record<string, string> = {
  ListBuckets: 'ListAllMyBucketsResult',
  ListDirectoryBuckets: 'ListAllMyDirectoryBucketsResult',
  ListObjects: 'ListBucketResult',
  ListObjectsV2: 'ListBucketResult',
  ListObjectVersions: 'ListVersionsResult',
  ListMultipartUploads: 'ListMultipartUploadsResult',
  ListParts: 'ListPartsResult',
  CreateMultipartUpload: 'InitiateMultipartUploadResult',
  CompleteMultipartUpload: 'CompleteMultipartUploadResult',
  DeleteObjects: 'DeleteResult',
  GetBucketAcl: 'AccessControlPolicy',
  GetObjectAcl: 'AccessControlPolicy',
  GetBucketTagging: 'Tagging',
  GetObjectTagging: 'Tagging',
  GetBucketVersioning: 'VersioningConfiguration',
  GetBucketLocation: 'LocationConstraint',
  GetBucketLifecycleConfiguration: 'LifecycleConfiguration',
  GetBucketCors: 'CORSConfiguration',
  GetBucketLogging: 'BucketLoggingStatus',
  GetBucketNotificationConfiguration: 'NotificationConfiguration',
  GetBucketAccelerateConfiguration: 'AccelerateConfiguration',
  GetBucketRequestPayment: 'RequestPaymentConfiguration',
  GetBucketWebsite: 'WebsiteConfiguration',
  GetObjectAttributes: 'GetObjectAttributesResponse',
  ListBucketAnalyticsConfigurations: 'ListBucketAnalyticsConfigurationResult',
  ListBucketInventoryConfigurations: 'ListInventoryConfigurationsResult',
  ListBucketMetricsConfigurations: 'ListMetricsConfigurationsResult',
  ListBucketIntelligentTieringConfigurations: 'ListBucketIntelligentTieringConfigurationsOutput',
  CreateSession: 'CreateSessionResult',
};

export function s3OutputRootName(operation: string): string | undefined {
  return OUTPUT_ROOTS[operation];
}

/** With `encoding-type=url`, S3 percent-encodes keys and prefixes in listings (so control characters survive XML). */
function urlEncodeListing(operation: string, out: Record<string, unknown>): Record<string, unknown> {
  if (out.EncodingType !== 'url') return out;
  const enc = (v: unknown) => (typeof v === 'string' ? encodeURIComponent(v).replace(/%2F/g, '/') : v);
  const copy: Record<string, unknown> = { ...out };
  const topLevel = operation === 'ListObjectsV2' ? ['Prefix', 'Delimiter', 'StartAfter'] : ['Prefix', 'Delimiter', 'Marker', 'NextMarker', 'KeyMarker', 'NextKeyMarker'];
  for (const k of topLevel) if (copy[k] !== undefined) copy[k] = enc(copy[k]);
  for (const list of ['Contents', 'Uploads', 'Versions', 'DeleteMarkers']) {
    if (Array.isArray(copy[list])) copy[list] = (copy[list] as Record<string, unknown>[]).map((o) => ({ ...o, Key: enc(o.Key) }));
  }
  if (Array.isArray(copy.CommonPrefixes)) copy.CommonPrefixes = (copy.CommonPrefixes as Record<string, unknown>[]).map((p) => ({ Prefix: enc(p.Prefix) }));
  return copy;
}

export function s3PrepareOutput(operation: string, out: Record<string, unknown>): Record<string, unknown> {
  return operation.startsWith('List') ? urlEncodeListing(operation, out) : out;
}

/**
 * S3 checks some members itself, before any generic validation: a LocationConstraint outside the model's list
 * (us-east-1 included, which is never sent as one) is S3's InvalidLocationConstraint, not a ValidationError.
 */
export function checkS3Input(schema: ServiceSchema, operation: string, input: unknown): void {
  if (operation === 'CreateBucket') {
    const constraint = (input as { CreateBucketConfiguration?: { LocationConstraint?: unknown } })?.CreateBucketConfiguration?.LocationConstraint;
    const allowed = schema.shapes['BucketLocationConstraint']?.enum;
    if (typeof constraint === 'string' && allowed && !allowed.includes(constraint)) {
      throw new ServiceError('InvalidLocationConstraint', 'The specified location-constraint is not valid', 400, 'client', { LocationConstraint: constraint });
    }
  }
  checkS3Document(schema, operation, input);
}

/**
 * A configuration document (the XML payload of a Put…) that is absent or breaks the schema (a required element
 * missing) is S3's MalformedXML, not a generic validation error.
 */
function checkS3Document(schema: ServiceSchema, operation: string, input: unknown): void {
  const inputShape = schema.operations[operation]?.input?.shape;
  const shape = inputShape ? schema.shapes[inputShape] : undefined;
  const payload = shape?.payload;
  const ref = payload ? shape.members?.[payload] : undefined;
  if (!payload || !ref || schema.shapes[ref.shape]?.type !== 'structure') return;
  const value = (input as Record<string, unknown> | undefined)?.[payload];
  if (value === undefined ? shape.required?.includes(payload) : validate(schema, ref.shape, value).length > 0) {
    throw new ServiceError('MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema', 400);
  }
}

/** Object Lock settings S3 refuses without an integrity header ("Missing required header for this request"). */
const DIGEST_REQUIRED = new Set(['PutObjectLockConfiguration', 'PutObjectRetention', 'PutObjectLegalHold']);

/**
 * The integrity headers of a request whose body is read whole (configuration XML): a Content-MD5 or x-amz-checksum-*
 * it declares must match the body (BadDigest), and the Object Lock settings must declare one.
 */
export function checkS3Digest(operation: string, req: WireRequest): void {
  const md5 = header(req, 'content-md5');
  const declared = CHECKSUM_ALGORITHMS.filter((alg) => header(req, `x-amz-checksum-${alg}`) !== undefined);
  if (md5 === undefined && !declared.length) {
    if (DIGEST_REQUIRED.has(operation)) throw new ServiceError('InvalidRequest', 'Missing required header for this request: Content-MD5 OR x-amz-checksum-*', 400);
    return;
  }
  if (md5 !== undefined) {
    if (!/^[A-Za-z0-9+/]{22}==$/.test(md5)) throw s3ProtocolErrors.invalidDigest();
    if (createHash('md5').update(req.body ?? new Uint8Array()).digest('base64') !== md5) throw s3ProtocolErrors.badDigest('Content-MD5');
  }
  for (const alg of declared) {
    const want = header(req, `x-amz-checksum-${alg}`)!;
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(want)) throw s3ProtocolErrors.invalidChecksum(alg);
    const sum = createChecksum(alg)!;
    sum.update(req.body ?? new Uint8Array());
    if (sum.digest() !== want) throw s3ProtocolErrors.badDigest(alg.toUpperCase());
  }
}

export function s3FinishOutput(operation: string, out: Record<string, unknown>, res: WireResponse): WireResponse {
  if (operation === 'GetBucketLocation') {
    // us-east-1 answers an empty element; the SDK reads the root's text as the member.
    const region = out.LocationConstraint as string | undefined;
    res.headers['content-type'] = 'application/xml';
    res.body = `<?xml version="1.0" encoding="UTF-8"?>\n<LocationConstraint xmlns="${S3_NAMESPACE}">${region ? region.replace(/[<&]/g, '') : ''}</LocationConstraint>`;
    delete res.headers['content-length'];
  }
  // A ranged read, or a read of one part (partNumber), is 206 Partial Content, on GET and on HEAD.
  if ((operation === 'GetObject' || operation === 'HeadObject') && out.ContentRange !== undefined) res.status = 206;
  // S3 answers PutBucketTagging with 204 No Content (the model names no response code).
  if (operation === 'PutBucketTagging') res.status = 204;
  // RestoreObject: 202 Accepted when a restore starts, 200 when it renews a restored copy.
  if (operation === 'RestoreObject') res.status = out.$accepted ? 202 : 200;
  return res;
}
