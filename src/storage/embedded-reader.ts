// The reading interface over the embedded store, for one account: its buckets, and any bucket it names (access
// control is the gateway's business; the scanner reads what its job was allowed to name).
import type { EmbeddedStore } from './embedded.js';
import { fromServiceError } from './errors.js';
import type { ByteRange, ObjectInfo, ObjectStorage } from './types.js';
import { s3Errors } from './s3-errors.js';
import { kmsErrorForS3, sseKmsKek, type ObjectKms } from './sse-kms.js';
import { isSseC, sseCErrors } from './sse-c.js';
import { ServiceError } from '../common/index.js';

/** What a reader reports: the encryption an object has (SSE-C as such), never its internal key material. */
function plain(o: ObjectInfo): ObjectInfo {
  const { bucket, key, size, lastModified, etag, storageClass, contentType, tags, encryption, metadata, versionId } = o;
  const reported = encryption ? (isSseC(encryption) ? { ServerSideEncryption: 'SSE-C' } : { ServerSideEncryption: encryption.ServerSideEncryption, ...(encryption.SSEKMSKeyId ? { SSEKMSKeyId: encryption.SSEKMSKeyId } : {}), ...(encryption.BucketKeyEnabled ? { BucketKeyEnabled: true } : {}) }) : undefined;
  return { bucket, key, size, lastModified, etag, storageClass, contentType, tags, encryption: reported, metadata, ...(versionId !== undefined ? { versionId } : {}) };
}

/**
 * The reader over the embedded store for one account (Macie's jobs and inventory). SSE-KMS objects are opened with
 * KMS as the account's Macie service-linked role (`kms` absent: they cannot be read); SSE-C objects cannot be read
 * at all, since only their owner holds the key (Macie skips them).
 */
export function embeddedStorage(store: EmbeddedStore, accountId: string, kms?: () => ObjectKms | undefined): ObjectStorage {
  const wrap = async <T>(operation: string, bucket: string | undefined, key: string | undefined, fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (err) {
      throw fromServiceError(err, operation, bucket, key);
    }
  };
  async function readerKek(obj: ObjectInfo): Promise<Buffer | undefined> {
    if (isSseC(obj.encryption)) throw sseCErrors.keyRequired();
    if (!obj.encryption?.KmsDataKey) return undefined;
    const objectKms = kms?.();
    if (!objectKms) throw kmsErrorForS3(new ServiceError('AccessDeniedException', 'KMS is not available to this reader', 400));
    const region = /^arn:aws:kms:([^:]+):/.exec(obj.encryption.SSEKMSKeyId ?? '')?.[1] ?? 'us-east-1';
    try {
      return await sseKmsKek(objectKms, { macieFor: { accountId, region } }, obj);
    } catch (err) {
      throw kmsErrorForS3(err);
    }
  }
  return {
    kind: 'embedded',
    listBuckets: () => wrap('ListBuckets', undefined, undefined, () => store.listBuckets(accountId)),
    getBucketConfiguration: (bucket) => wrap('GetBucketPolicy', bucket, undefined, () => store.getBucketConfiguration(bucket)),
    listObjects: (bucket, options) =>
      wrap('ListObjectsV2', bucket, undefined, async () => {
        const page = await store.listObjects(bucket, options);
        return { ...page, objects: page.objects.map(plain) };
      }),
    headObject: (bucket, key) => wrap('HeadObject', bucket, key, async () => plain(await store.object(bucket, key))),
    readObject: (bucket, key, range?: ByteRange) =>
      wrap('GetObject', bucket, key, async () => {
        const obj = await store.object(bucket, key);
        if (range && (range.start > range.end || range.start >= obj.size)) throw s3Errors.invalidRange(obj.size);
        const served = range ? { start: range.start, end: Math.min(range.end, obj.size - 1) } : undefined;
        return { info: plain(obj), body: await store.readBytes(obj, served, await readerKek(obj)), range: served };
      }),
  };
}
