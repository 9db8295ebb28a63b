// UploadPartCopy: a part of a multipart upload copied from an existing object (x-amz-copy-source), whole or a byte
// range of it (x-amz-copy-source-range: bytes=first-last), subject to the copy-source conditional headers. The source
// is authorized as CopyObject's is (readableCopySource: s3:GetObject on it under its bucket's policy, AccessDenied
// rather than NoSuchKey for a caller who may not list the source bucket); the destination's s3:PutObject is the
// gateway's check.
import type { Readable } from 'node:stream';
import type { RequestContext } from '../../common/context.js';
import type * as T from '../../models/s3/index.js';
import { s3Errors, type EmbeddedStore, type ObjectEncryption, type ObjectKms, type StoredObject } from '../../storage/index.js';
import { checkConditions } from './conditions.js';
import { kekForRead } from './encryption.js';

/** S3's largest copy source without a range, and largest part. */
const MAX_COPY_BYTES = 5 * 1024 ** 3;

export interface UploadPartCopyDeps {
  store: EmbeddedStore;
  /** KMS for SSE-KMS sources and uploads (absent: such objects answer NotImplemented). */
  kms?: ObjectKms;
  ready(): Promise<void>;
  parseCopySource(source: string): { bucket: string; key: string; versionId?: string };
  readableCopySource(ctx: RequestContext, src: { bucket: string; key: string; versionId?: string }, input: { ExpectedSourceBucketOwner?: string }): Promise<StoredObject>;
}

/** `bytes=first-last`, both zero-based and inclusive, within the source (the only form UploadPartCopy takes). */
export function parseCopySourceRange(header: string, size: number): { start: number; end: number } {
  const m = /^bytes=(\d+)-(\d+)$/.exec(header.trim());
  if (!m) {
    throw s3Errors.invalidArgument(
      'The x-amz-copy-source-range value must be of the form bytes=first-last where first and last are the zero-based offsets of the first and last bytes to copy',
      'x-amz-copy-source-range',
      header,
    );
  }
  const start = Number(m[1]);
  const end = Number(m[2]);
  if (start > end || end >= size) throw s3Errors.invalidArgument(`Range specified is not valid for source object of size: ${size}`, 'x-amz-copy-source-range', header);
  return { start, end };
}

export function uploadPartCopyOperation(deps: UploadPartCopyDeps) {
  return async function uploadPartCopy(ctx: RequestContext, input: T.UploadPartCopyRequest): Promise<T.UploadPartCopyOutput> {
    await deps.ready();
    const src = deps.parseCopySource(input.CopySource);
    const source = await deps.readableCopySource(ctx, src, input);
    checkConditions(source, { IfMatch: input.CopySourceIfMatch, IfNoneMatch: input.CopySourceIfNoneMatch, IfModifiedSince: input.CopySourceIfModifiedSince, IfUnmodifiedSince: input.CopySourceIfUnmodifiedSince }, true);
    const range = input.CopySourceRange !== undefined ? parseCopySourceRange(input.CopySourceRange, source.size) : undefined;
    const length = range ? range.end - range.start + 1 : source.size;
    if (length > MAX_COPY_BYTES) throw s3Errors.invalidRequest(`The specified copy source is larger than the maximum allowable size for a copy source: ${MAX_COPY_BYTES}`);
    // The source opens with its own key (SSE-C copy-source headers, or kms:Decrypt); the part is sealed under the
    // upload's key, as UploadPart does.
    const sourceKek = await kekForRead(ctx, deps.kms, source, { SSECustomerAlgorithm: input.CopySourceSSECustomerAlgorithm, SSECustomerKey: input.CopySourceSSECustomerKey, SSECustomerKeyMD5: input.CopySourceSSECustomerKeyMD5 }, 'x-amz-copy-source-server-side-encryption-customer');
    const up = await deps.store.upload(input.Bucket, input.Key, input.UploadId);
    const encryption = up.encryption ? (JSON.parse(up.encryption) as ObjectEncryption) : undefined;
    const kek = await kekForRead(ctx, deps.kms, { bucket: input.Bucket, key: input.Key, encryption }, input);
    const body: Readable = await deps.store.readBytes(source, range, sourceKek);
    const part = await deps.store.uploadPart(input.Bucket, input.Key, input.UploadId, input.PartNumber, body, undefined, kek);
    return { CopyPartResult: { ETag: part.etag, LastModified: part.lastModified } };
  };
}
