// Typed storage errors. Their causes become Macie's bucket-level error events later: a scan that cannot read a
// bucket records why (access denied by which S3 operation, bucket gone, wrong region, endpoint unreachable).
import { SiftError, ServiceError } from '../common/errors.js';

export type StorageErrorCause = 'AccessDenied' | 'NoSuchBucket' | 'NoSuchKey' | 'WrongRegion' | 'Unavailable' | 'InvalidRange' | 'Invalid';

export class StorageError extends SiftError {
  constructor(
    /** Why the read failed (the error's own `cause` is the underlying error). */
    readonly reason: StorageErrorCause,
    message: string,
    readonly details: {
      /** The S3 operation that failed (GetObject, ListObjectsV2, GetBucketPolicy …). */
      operation: string;
      bucket?: string;
      key?: string;
      /** For WrongRegion: the bucket's region, when the endpoint said. */
      region?: string;
      /** The S3 error code as received. */
      s3Code?: string;
      httpStatus?: number;
    },
    options?: { cause?: unknown },
  ) {
    super(`STORAGE_${reason.replace(/[A-Z]/g, (c, i) => (i ? '_' : '') + c).toUpperCase()}`, message, options);
    this.name = 'StorageError';
  }
}

export function isStorageError(err: unknown): err is StorageError {
  return err instanceof StorageError;
}

const CAUSE_BY_CODE: Record<string, StorageErrorCause> = {
  AccessDenied: 'AccessDenied',
  AllAccessDisabled: 'AccessDenied',
  InvalidAccessKeyId: 'AccessDenied',
  SignatureDoesNotMatch: 'AccessDenied',
  ExpiredToken: 'AccessDenied',
  NoSuchBucket: 'NoSuchBucket',
  NoSuchKey: 'NoSuchKey',
  NotFound: 'NoSuchKey',
  PermanentRedirect: 'WrongRegion',
  AuthorizationHeaderMalformed: 'WrongRegion',
  IllegalLocationConstraintException: 'WrongRegion',
  InvalidRange: 'InvalidRange',
  SlowDown: 'Unavailable',
  ServiceUnavailable: 'Unavailable',
  InternalError: 'Unavailable',
};

/** Maps an S3 error (code and HTTP status) to a storage error cause. */
export function causeOf(code: string | undefined, status: number | undefined): StorageErrorCause {
  if (code && CAUSE_BY_CODE[code]) return CAUSE_BY_CODE[code]!;
  if (status === 403) return 'AccessDenied';
  if (status === 301 || status === 307) return 'WrongRegion';
  if (status === 404) return 'NoSuchKey';
  if (status === 416) return 'InvalidRange';
  if (status === undefined || status >= 500) return 'Unavailable';
  return 'Invalid';
}

/** Wraps a ServiceError from the embedded engine as a StorageError. */
export function fromServiceError(err: unknown, operation: string, bucket?: string, key?: string): unknown {
  if (!(err instanceof ServiceError)) return err;
  const cause = causeOf(err.code, err.httpStatus);
  return new StorageError(cause, err.message, { operation, bucket, key, s3Code: err.code, httpStatus: err.httpStatus }, { cause: err });
}
