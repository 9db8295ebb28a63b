// S3 Object Lock on the wire (https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock.html): the bucket's
// configuration (Object Lock turned on at CreateBucket, or later on a versioned bucket, and its default retention),
// each version's retention and legal hold, and the lock fields PutObject, CopyObject and CreateMultipartUpload carry.
// Enforcement on delete lives with the store (storage/object-lock.ts) so that it holds for every path.
import type { RequestContext } from '../../common/context.js';
import { ServiceError } from '../../common/index.js';
import type * as T from '../../models/s3/index.js';
import { isRetained, objectLockDenied, s3Errors, type BucketObjectLock, type EmbeddedStore, type ObjectLockFields } from '../../storage/index.js';
import { callerMay, objectArn, type BucketAccessFields } from './access.js';

const MODES = ['GOVERNANCE', 'COMPLIANCE'];
const lockNotFound = () => new ServiceError('ObjectLockConfigurationNotFoundError', 'Object Lock configuration does not exist for this bucket', 404);
const noObjectLock = () => new ServiceError('NoSuchObjectLockConfiguration', 'The specified object does not have a ObjectLock configuration', 404);
const missingLock = () => s3Errors.invalidRequest('Bucket is missing Object Lock Configuration');
const pastDate = () => s3Errors.invalidArgument('The retain until date must be in the future!');

interface LockFieldsInput {
  ObjectLockMode?: string;
  ObjectLockRetainUntilDate?: Date;
  ObjectLockLegalHoldStatus?: string;
  ContentMD5?: string;
  ChecksumAlgorithm?: string;
}

/**
 * The lock fields of a write, checked as S3 checks them: only on a bucket with Object Lock, mode and date together,
 * the date in the future, and (PutObject) with an integrity header.
 */
export function lockFieldsOf(b: { object_lock: string | null }, input: LockFieldsInput, nowMs: number, options: { needsDigest?: boolean; hasChecksum?: boolean } = {}): ObjectLockFields | undefined {
  const { ObjectLockMode: mode, ObjectLockRetainUntilDate: until, ObjectLockLegalHoldStatus: hold } = input;
  if (mode === undefined && until === undefined && hold === undefined) return undefined;
  if (!b.object_lock) throw s3Errors.invalidRequest('Bucket is missing ObjectLockConfiguration');
  if ((mode === undefined) !== (until === undefined)) throw s3Errors.invalidArgument('x-amz-object-lock-retain-until-date and x-amz-object-lock-mode must both be supplied');
  if (mode !== undefined && !MODES.includes(mode)) throw s3Errors.invalidArgument('Unknown wormMode directive.', 'x-amz-object-lock-mode', mode);
  if (hold !== undefined && hold !== 'ON' && hold !== 'OFF') throw s3Errors.invalidArgument('Legal Hold must be either of \'ON\' or \'OFF\'', 'x-amz-object-lock-legal-hold', hold);
  if (until !== undefined && until.getTime() <= nowMs) throw pastDate();
  if (options.needsDigest && !input.ContentMD5 && !input.ChecksumAlgorithm && !options.hasChecksum) {
    throw s3Errors.invalidRequest('Content-MD5 OR x-amz-checksum- HTTP header is required for Put Object requests with Object Lock parameters');
  }
  return { ...(mode ? { mode, until: until!.getTime() } : {}), ...(hold === 'ON' ? { legalHold: true } : {}) };
}

/**
 * GET and HEAD return an object's retention (mode and date) only to a caller with s3:GetObjectRetention, and its legal
 * hold only to one with s3:GetObjectLegalHold (GetObject/HeadObject API reference); others get the object without them.
 */
export async function hideLockHeaders<T extends { ObjectLockMode?: unknown; ObjectLockRetainUntilDate?: unknown; ObjectLockLegalHoldStatus?: unknown }>(
  ctx: RequestContext,
  b: BucketAccessFields,
  key: string,
  out: T,
): Promise<T> {
  const arn = objectArn(b.name, key);
  if (out.ObjectLockMode !== undefined && !(await callerMay(ctx, 's3:GetObjectRetention', arn, b))) {
    delete out.ObjectLockMode;
    delete out.ObjectLockRetainUntilDate;
  }
  if (out.ObjectLockLegalHoldStatus !== undefined && !(await callerMay(ctx, 's3:GetObjectLegalHold', arn, b))) delete out.ObjectLockLegalHoldStatus;
  return out;
}

function parseConfig(json: string | null): BucketObjectLock | undefined {
  return json ? (JSON.parse(json) as BucketObjectLock) : undefined;
}

function checkDefaultRetention(rule: T.ObjectLockRule | undefined): void {
  if (!rule) return;
  const r = rule.DefaultRetention;
  if (!r || !r.Mode || !MODES.includes(r.Mode)) throw s3Errors.malformedXml();
  if ((r.Days === undefined) === (r.Years === undefined)) throw s3Errors.malformedXml();
  const n = r.Days ?? r.Years!;
  if (!Number.isInteger(n) || n <= 0) throw s3Errors.invalidArgument('Default retention period must be a positive integer value', r.Days !== undefined ? 'Days' : 'Years', String(n));
  if ((r.Days ?? 0) > 36500 || (r.Years ?? 0) > 100) throw s3Errors.invalidArgument('Default retention period is too large.', r.Days !== undefined ? 'Days' : 'Years', String(n));
}

export function createObjectLockOperations(deps: { store: EmbeddedStore; ready: () => Promise<void>; now: () => number }) {
  const { store, ready } = deps;
  const mayBypass = async (ctx: RequestContext, b: BucketAccessFields, key: string, asked: boolean | undefined) =>
    asked === true && (await callerMay(ctx, 's3:BypassGovernanceRetention', objectArn(b.name, key), b));

  return {
    async putObjectLockConfiguration(_ctx: RequestContext, input: T.PutObjectLockConfigurationRequest): Promise<T.PutObjectLockConfigurationOutput> {
      await ready();
      const b = await store.bucket(input.Bucket);
      const config = input.ObjectLockConfiguration;
      if (!config || config.ObjectLockEnabled !== 'Enabled') throw s3Errors.malformedXml();
      checkDefaultRetention(config.Rule);
      // Object Lock can be turned on for an existing bucket only once versioning is Enabled (S3 since 2023).
      if (!b.object_lock && b.versioning !== 'Enabled') throw s3Errors.invalidBucketState('Versioning must be \'Enabled\' on the bucket to apply a Object Lock configuration');
      const stored: BucketObjectLock = { ObjectLockEnabled: 'Enabled', ...(config.Rule ? { Rule: { DefaultRetention: config.Rule.DefaultRetention as NonNullable<BucketObjectLock['Rule']>['DefaultRetention'] } } : {}) };
      await store.setBucketField(input.Bucket, 'object_lock', JSON.stringify(stored));
      return {};
    },
    async getObjectLockConfiguration(_ctx: RequestContext, input: T.GetObjectLockConfigurationRequest): Promise<T.GetObjectLockConfigurationOutput> {
      await ready();
      const config = parseConfig((await store.bucket(input.Bucket)).object_lock);
      if (!config) throw lockNotFound();
      return { ObjectLockConfiguration: config as T.ObjectLockConfiguration };
    },
    async putObjectRetention(ctx: RequestContext, input: T.PutObjectRetentionRequest): Promise<T.PutObjectRetentionOutput> {
      await ready();
      const b = await store.bucket(input.Bucket);
      if (!b.object_lock) throw missingLock();
      const r = input.Retention;
      if (!r) throw s3Errors.malformedXml();
      if ((r.Mode === undefined) !== (r.RetainUntilDate === undefined)) throw s3Errors.malformedXml();
      if (r.Mode !== undefined && !MODES.includes(r.Mode)) throw s3Errors.malformedXml();
      if (r.RetainUntilDate && r.RetainUntilDate.getTime() <= deps.now()) throw pastDate();
      const found = await store.version(input.Bucket, input.Key, input.VersionId);
      if (found.isDeleteMarker) throw s3Errors.deleteMarkerNotAllowed(found.row.version_id ?? 'null');
      const v = found.row;
      if (isRetained(v, deps.now())) {
        // Extending (same mode, later or equal date) is always allowed; anything else weakens the lock.
        const weakens = r.Mode !== v.lock_mode || (r.RetainUntilDate?.getTime() ?? 0) < Number(v.lock_until);
        if (weakens && (v.lock_mode === 'COMPLIANCE' || !(await mayBypass(ctx, b, input.Key, input.BypassGovernanceRetention)))) throw objectLockDenied();
      }
      await store.updateVersion(found, { lock_mode: r.Mode ?? null, lock_until: r.RetainUntilDate?.getTime() ?? null });
      return {};
    },
    async getObjectRetention(_ctx: RequestContext, input: T.GetObjectRetentionRequest): Promise<T.GetObjectRetentionOutput> {
      await ready();
      const b = await store.bucket(input.Bucket);
      if (!b.object_lock) throw missingLock();
      const found = await store.version(input.Bucket, input.Key, input.VersionId);
      if (found.isDeleteMarker) throw s3Errors.deleteMarkerNotAllowed(found.row.version_id ?? 'null');
      if (!found.row.lock_mode) throw noObjectLock();
      return { Retention: { Mode: found.row.lock_mode as T.ObjectLockRetentionMode, RetainUntilDate: new Date(Number(found.row.lock_until)) } };
    },
    async putObjectLegalHold(_ctx: RequestContext, input: T.PutObjectLegalHoldRequest): Promise<T.PutObjectLegalHoldOutput> {
      await ready();
      const b = await store.bucket(input.Bucket);
      if (!b.object_lock) throw missingLock();
      const status = input.LegalHold?.Status;
      if (status !== 'ON' && status !== 'OFF') throw s3Errors.malformedXml();
      const found = await store.version(input.Bucket, input.Key, input.VersionId);
      if (found.isDeleteMarker) throw s3Errors.deleteMarkerNotAllowed(found.row.version_id ?? 'null');
      await store.updateVersion(found, { legal_hold: status === 'ON' ? 1 : 0 });
      return {};
    },
    async getObjectLegalHold(_ctx: RequestContext, input: T.GetObjectLegalHoldRequest): Promise<T.GetObjectLegalHoldOutput> {
      await ready();
      const b = await store.bucket(input.Bucket);
      if (!b.object_lock) throw missingLock();
      const found = await store.version(input.Bucket, input.Key, input.VersionId);
      if (found.isDeleteMarker) throw s3Errors.deleteMarkerNotAllowed(found.row.version_id ?? 'null');
      if (found.row.legal_hold === null) throw noObjectLock();
      return { LegalHold: { Status: found.row.legal_hold === 1 ? 'ON' : 'OFF' } };
    },
  };
}
