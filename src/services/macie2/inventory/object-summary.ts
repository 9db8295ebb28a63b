// The object-level half of BucketMetadata: one pass over a bucket's listing folded into counts and sizes.
import type { ObjectInfo } from '../../../storage/index.js';
import { classifiabilityOf, COMPRESSED_EXTENSIONS, extensionOf } from './classifiable.js';

export interface ObjectLevelCounts {
  fileType: number;
  storageClass: number;
  total: number;
}

export interface ObjectSummary {
  objectCount: number;
  sizeInBytes: number;
  sizeInBytesCompressed: number;
  classifiableObjectCount: number;
  classifiableSizeInBytes: number;
  unclassifiableObjectCount: ObjectLevelCounts;
  unclassifiableObjectSizeInBytes: ObjectLevelCounts;
  objectCountByEncryptionType: { customerManaged: number; kmsManaged: number; s3Managed: number; unencrypted: number; unknown: number };
}

export function emptySummary(): ObjectSummary {
  return {
    objectCount: 0, sizeInBytes: 0, sizeInBytesCompressed: 0, classifiableObjectCount: 0, classifiableSizeInBytes: 0,
    unclassifiableObjectCount: { fileType: 0, storageClass: 0, total: 0 },
    unclassifiableObjectSizeInBytes: { fileType: 0, storageClass: 0, total: 0 },
    objectCountByEncryptionType: { customerManaged: 0, kmsManaged: 0, s3Managed: 0, unencrypted: 0, unknown: 0 },
  };
}

/** SSE-S3 → s3Managed, SSE-KMS (and DSSE-KMS) → kmsManaged, SSE-C → customerManaged. */
function encryptionBucket(o: ObjectInfo): keyof ObjectSummary['objectCountByEncryptionType'] {
  const sse = o.encryption?.ServerSideEncryption;
  if (sse === undefined) return 'unknown';
  if (sse === 'AES256') return 's3Managed';
  if (sse === 'aws:kms' || sse === 'aws:kms:dsse') return 'kmsManaged';
  if (sse === 'NONE' || sse === '') return 'unencrypted';
  if (sse.toUpperCase().startsWith('SSE-C') || sse === 'customer') return 'customerManaged';
  return 'unknown';
}

/** Adds one object to the summary (mutates, for a single pass over large listings). */
export function addObject(s: ObjectSummary, o: ObjectInfo): void {
  s.objectCount++;
  s.sizeInBytes += o.size;
  if (COMPRESSED_EXTENSIONS.has(extensionOf(o.key))) s.sizeInBytesCompressed += o.size;
  s.objectCountByEncryptionType[encryptionBucket(o)]++;
  const why = classifiabilityOf(o.key, o.storageClass);
  if (why === 'classifiable') {
    s.classifiableObjectCount++;
    s.classifiableSizeInBytes += o.size;
    return;
  }
  s.unclassifiableObjectCount[why]++;
  s.unclassifiableObjectCount.total++;
  s.unclassifiableObjectSizeInBytes[why] += o.size;
  s.unclassifiableObjectSizeInBytes.total += o.size;
}

export function summarize(objects: Iterable<ObjectInfo>): ObjectSummary {
  const s = emptySummary();
  for (const o of objects) addObject(s, o);
  return s;
}
