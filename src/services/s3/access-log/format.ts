// S3 server access log records and log object keys as S3 writes them
// (https://docs.aws.amazon.com/AmazonS3/latest/userguide/LogFormat.html, ServerLogs.html, API_PartitionedPrefix):
// one record per line, space-separated fields, `-` for a field that is unknown or does not apply, quoted fields
// for the Request-URI, Referer and User-Agent. Keys: SimplePrefix `[prefix]YYYY-mm-DD-HH-MM-SS-UniqueString`;
// PartitionedPrefix `[prefix][SourceAccountId]/[SourceRegion]/[SourceBucket]/YYYY/MM/DD/YYYY-MM-DD-hh-mm-ss-UniqueString`,
// where EventTime keys carry the day of the events and 00-00-00.
import type { KeyFormat } from './config.js';

/** What the gateway knows of one served S3 call. */
export interface AccessRecord {
  bucketOwner: string;
  bucket: string;
  timeMs: number;
  /** '-' for S3's own lifecycle actions. */
  remoteIp: string;
  /** The caller's ARN (AmazonS3 for lifecycle actions); undefined for an unauthenticated request. */
  requester?: string;
  requestId: string;
  /** The API operation, or an Operation field as it is (S3.EXPIRE.OBJECT for lifecycle actions). */
  operation: string;
  key?: string;
  method: string;
  /** The request target as sent (path and query); undefined for lifecycle actions. */
  url?: string;
  httpVersion: string;
  status?: number;
  errorCode?: string;
  bytesSent?: number;
  objectSize?: number;
  totalMs: number;
  turnAroundMs: number;
  referer?: string;
  userAgent?: string;
  versionId?: string;
  hostId?: string;
  signatureVersion?: 'SigV2' | 'SigV4';
  /** AuthHeader or QueryString (presigned). */
  authType?: 'AuthHeader' | 'QueryString';
  host?: string;
  tls?: { cipher: string; version: string };
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** `[06/Feb/2019:00:00:38 +0000]` */
export function logTime(ms: number): string {
  const d = new Date(ms);
  return `[${pad(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000]`;
}

/** S3's resource types in the Operation field, by API operation (REST.<METHOD>.<type>). */
const RESOURCE_TYPES: Record<string, string> = {
  GetObject: 'OBJECT', HeadObject: 'OBJECT', PutObject: 'OBJECT', DeleteObject: 'OBJECT', CopyObject: 'OBJECT',
  ListObjects: 'BUCKET', ListObjectsV2: 'BUCKET', HeadBucket: 'BUCKET', CreateBucket: 'BUCKET', DeleteBucket: 'BUCKET',
  ListObjectVersions: 'BUCKETVERSIONS', DeleteObjects: 'MULTI_OBJECT_DELETE',
  CreateMultipartUpload: 'UPLOADS', ListMultipartUploads: 'UPLOADS', UploadPart: 'PART', UploadPartCopy: 'PART',
  CompleteMultipartUpload: 'UPLOAD', AbortMultipartUpload: 'UPLOAD', ListParts: 'UPLOAD',
  GetObjectTagging: 'OBJECT_TAGGING', PutObjectTagging: 'OBJECT_TAGGING', DeleteObjectTagging: 'OBJECT_TAGGING',
  GetObjectAcl: 'ACL', PutObjectAcl: 'ACL', GetBucketAcl: 'ACL', PutBucketAcl: 'ACL',
  GetBucketVersioning: 'VERSIONING', PutBucketVersioning: 'VERSIONING',
  GetBucketLogging: 'LOGGING_STATUS', PutBucketLogging: 'LOGGING_STATUS',
  GetBucketPolicy: 'BUCKETPOLICY', PutBucketPolicy: 'BUCKETPOLICY', DeleteBucketPolicy: 'BUCKETPOLICY', GetBucketPolicyStatus: 'POLICY_STATUS',
  GetBucketLifecycleConfiguration: 'LIFECYCLE', PutBucketLifecycleConfiguration: 'LIFECYCLE', DeleteBucketLifecycle: 'LIFECYCLE',
  GetBucketLocation: 'LOCATION', GetBucketEncryption: 'ENCRYPTION', PutBucketEncryption: 'ENCRYPTION', DeleteBucketEncryption: 'ENCRYPTION',
  GetBucketTagging: 'TAGGING', PutBucketTagging: 'TAGGING', DeleteBucketTagging: 'TAGGING',
  GetBucketCors: 'CORS', PutBucketCors: 'CORS', DeleteBucketCors: 'CORS',
  GetPublicAccessBlock: 'PUBLIC_ACCESS_BLOCK', PutPublicAccessBlock: 'PUBLIC_ACCESS_BLOCK', DeletePublicAccessBlock: 'PUBLIC_ACCESS_BLOCK',
  GetBucketOwnershipControls: 'OWNERSHIP_CONTROLS', PutBucketOwnershipControls: 'OWNERSHIP_CONTROLS', DeleteBucketOwnershipControls: 'OWNERSHIP_CONTROLS',
  GetObjectLockConfiguration: 'OBJECT_LOCK_CONFIGURATION', PutObjectLockConfiguration: 'OBJECT_LOCK_CONFIGURATION',
  GetObjectRetention: 'OBJECT_RETENTION', PutObjectRetention: 'OBJECT_RETENTION', GetObjectLegalHold: 'OBJECT_LEGAL_HOLD', PutObjectLegalHold: 'OBJECT_LEGAL_HOLD',
  RestoreObject: 'OBJECT_RESTORE', SelectObjectContent: 'OBJECT_SELECT', GetObjectAttributes: 'OBJECT_ATTRIBUTES',
};

/** The Operation field: REST.GET.OBJECT, REST.PUT.LOGGING_STATUS, REST.COPY.OBJECT … */
export function operationField(operation: string, method: string): string {
  if (operation.startsWith('S3.')) return operation;
  if (operation === 'CopyObject') return 'REST.COPY.OBJECT';
  if (operation === 'UploadPartCopy') return 'REST.COPY.PART';
  const type = RESOURCE_TYPES[operation] ?? operation.replace(/^(Get|Put|Delete|List|Head)(Bucket)?/, '').replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase();
  return `REST.${method.toUpperCase()}.${type || 'UNKNOWN'}`;
}

/** Milliseconds, or `-` where there was no request to time (lifecycle actions). */
const ms = (v: number) => (Number.isFinite(v) ? String(Math.max(0, Math.round(v))) : '-');
const dash = (v: string | number | undefined) => (v === undefined || v === '' ? '-' : String(v));
/** A quoted field: the quote and backslash escaped, control characters dropped, so a record stays one line. */
const quoted = (v: string | undefined) => (v === undefined || v === '' ? '"-"' : `"${v.replace(/[\\"]/g, (c) => `\\${c}`).replace(/[\x00-\x1f\x7f]/g, '')}"`);
/** The key, URL-encoded as S3 logs it (so it holds no space or newline). */
const encodedKey = (k: string | undefined) => (k === undefined ? '-' : encodeURIComponent(k).replace(/%2F/g, '/'));

/** The Operation field of each lifecycle action (https://docs.aws.amazon.com/AmazonS3/latest/userguide/lifecycle-and-other-bucket-config.html). */
export const LIFECYCLE_OPERATIONS = {
  expire: 'S3.EXPIRE.OBJECT',
  deleteMarker: 'S3.CREATE.DELETEMARKER',
  abortUpload: 'S3.DELETE.UPLOAD',
  transition: { STANDARD_IA: 'S3.TRANSITION_SIA.OBJECT', ONEZONE_IA: 'S3.TRANSITION_ZIA.OBJECT', INTELLIGENT_TIERING: 'S3.TRANSITION_INT.OBJECT', GLACIER_IR: 'S3.TRANSITION_GIR.OBJECT', GLACIER: 'S3.TRANSITION.OBJECT', DEEP_ARCHIVE: 'S3.TRANSITION_GDA.OBJECT' } as Record<string, string>,
};

/** The Operation field for a sweeper action. */
export function lifecycleOperation(a: { kind: 'expire' | 'deleteMarker' | 'abortUpload' | 'transition'; storageClass?: string }): string {
  if (a.kind === 'transition') return LIFECYCLE_OPERATIONS.transition[a.storageClass ?? ''] ?? 'S3.TRANSITION.OBJECT';
  return LIFECYCLE_OPERATIONS[a.kind];
}

export function formatRecord(r: AccessRecord): string {
  return [
    r.bucketOwner,
    r.bucket,
    logTime(r.timeMs),
    r.remoteIp,
    dash(r.requester),
    r.requestId,
    operationField(r.operation, r.method),
    encodedKey(r.key),
    r.url === undefined ? '"-"' : quoted(`${r.method} ${r.url} HTTP/${r.httpVersion}`),
    dash(r.status),
    dash(r.errorCode),
    r.bytesSent ? String(r.bytesSent) : '-',
    dash(r.objectSize),
    ms(r.totalMs),
    ms(r.turnAroundMs),
    quoted(r.referer),
    quoted(r.userAgent),
    dash(r.versionId),
    dash(r.hostId),
    dash(r.signatureVersion),
    dash(r.tls?.cipher),
    dash(r.authType),
    dash(r.host),
    dash(r.tls?.version),
    '-', // access point ARN: Sift has no access points
    '-', // ACL required: Sift authorizes by policy only
  ].join(' ');
}

function stamp(ms: number): { y: string; m: string; d: string; time: string } {
  const t = new Date(ms);
  const y = String(t.getUTCFullYear());
  const m = pad(t.getUTCMonth() + 1);
  const d = pad(t.getUTCDate());
  return { y, m, d, time: `${y}-${m}-${d}-${pad(t.getUTCHours())}-${pad(t.getUTCMinutes())}-${pad(t.getUTCSeconds())}` };
}

/** A log object's key. `unique` is S3's UniqueString (16 upper-case hex characters). */
export function logObjectKey(p: { prefix: string; format: KeyFormat; deliveryMs: number; eventMs: number; sourceAccount: string; sourceRegion: string; sourceBucket: string; unique: string }): string {
  if (p.format === 'simple') return `${p.prefix}${stamp(p.deliveryMs).time}-${p.unique}`;
  const s = stamp(p.format === 'EventTime' ? p.eventMs : p.deliveryMs);
  const time = p.format === 'EventTime' ? `${s.y}-${s.m}-${s.d}-00-00-00` : s.time;
  return `${p.prefix}${p.sourceAccount}/${p.sourceRegion}/${p.sourceBucket}/${s.y}/${s.m}/${s.d}/${time}-${p.unique}`;
}
