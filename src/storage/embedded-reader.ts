// The reading interface over the embedded store, for one account: its buckets, and any bucket it names (access
// control is the gateway's business; the scanner reads what its job was allowed to name).
import type { EmbeddedStore } from './embedded.js';
import { fromServiceError } from './errors.js';
import type { ByteRange, ObjectInfo, ObjectStorage } from './types.js';
import { s3Errors } from './s3-errors.js';

function plain(o: ObjectInfo): ObjectInfo {
  const { bucket, key, size, lastModified, etag, storageClass, contentType, tags, encryption, metadata, versionId } = o;
  return { bucket, key, size, lastModified, etag, storageClass, contentType, tags, encryption, metadata, ...(versionId !== undefined ? { versionId } : {}) };
}

export function embeddedStorage(store: EmbeddedStore, accountId: string): ObjectStorage {
  const wrap = async <T>(operation: string, bucket: string | undefined, key: string | undefined, fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (err) {
      throw fromServiceError(err, operation, bucket, key);
    }
  };
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
        return { info: plain(obj), body: await store.readBytes(obj, served), range: served };
      }),
  };
}
