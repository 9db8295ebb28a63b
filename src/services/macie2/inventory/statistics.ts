// GetBucketStatistics: totals over the account's buckets in the Region. Pure.
import type { BucketMetadata, GetBucketStatisticsResponse, SensitivityAggregations } from '../../../models/macie2/index.js';

const zeroAggregations = (): Required<SensitivityAggregations> => ({ classifiableSizeInBytes: 0, publiclyAccessibleCount: 0, totalCount: 0, totalSizeInBytes: 0 });

/**
 * Sensitivity bands by score (F.8): -1 error, 1–49 not sensitive, 50 not yet analysed, 51–100 sensitive. A bucket
 * with no score (automated discovery never enabled) is in no band: the aggregations stay 0, as Macie's do.
 */
function band(score: number | undefined): 'classificationError' | 'notClassified' | 'notSensitive' | 'sensitive' | undefined {
  if (score === undefined) return undefined;
  if (score === 50) return 'notClassified';
  if (score < 0) return 'classificationError';
  return score < 50 ? 'notSensitive' : 'sensitive';
}

export function bucketStatistics(buckets: BucketMetadata[], lastUpdated: Date): GetBucketStatisticsResponse {
  const n = (v: number | undefined) => v ?? 0;
  const out = {
    bucketCount: buckets.length,
    bucketCountByEffectivePermission: { publiclyAccessible: 0, publiclyReadable: 0, publiclyWritable: 0, unknown: 0 },
    bucketCountByEncryptionType: { kmsManaged: 0, s3Managed: 0, unencrypted: 0, unknown: 0 },
    bucketCountByObjectEncryptionRequirement: { allowsUnencryptedObjectUploads: 0, deniesUnencryptedObjectUploads: 0, unknown: 0 },
    bucketCountBySharedAccessType: { external: 0, internal: 0, notShared: 0, unknown: 0 },
    bucketStatisticsBySensitivity: { classificationError: zeroAggregations(), notClassified: zeroAggregations(), notSensitive: zeroAggregations(), sensitive: zeroAggregations() },
    classifiableObjectCount: 0, classifiableSizeInBytes: 0, lastUpdated, objectCount: 0, sizeInBytes: 0, sizeInBytesCompressed: 0,
    unclassifiableObjectCount: { fileType: 0, storageClass: 0, total: 0 },
    unclassifiableObjectSizeInBytes: { fileType: 0, storageClass: 0, total: 0 },
  } satisfies GetBucketStatisticsResponse;
  for (const b of buckets) {
    const access = b.publicAccess;
    const perms = access?.permissionConfiguration?.bucketLevelPermissions;
    if (access?.effectivePermission === 'PUBLIC') {
      out.bucketCountByEffectivePermission.publiclyAccessible++;
      if (perms?.accessControlList?.allowsPublicReadAccess || perms?.bucketPolicy?.allowsPublicReadAccess) out.bucketCountByEffectivePermission.publiclyReadable++;
      if (perms?.accessControlList?.allowsPublicWriteAccess || perms?.bucketPolicy?.allowsPublicWriteAccess) out.bucketCountByEffectivePermission.publiclyWritable++;
    } else if (access?.effectivePermission !== 'NOT_PUBLIC') out.bucketCountByEffectivePermission.unknown++;
    const sse = b.serverSideEncryption?.type;
    if (sse === 'AES256') out.bucketCountByEncryptionType.s3Managed++;
    else if (sse === 'aws:kms' || sse === 'aws:kms:dsse') out.bucketCountByEncryptionType.kmsManaged++;
    else if (sse === 'NONE') out.bucketCountByEncryptionType.unencrypted++;
    else out.bucketCountByEncryptionType.unknown++;
    const req = b.allowsUnencryptedObjectUploads;
    out.bucketCountByObjectEncryptionRequirement[req === 'TRUE' ? 'allowsUnencryptedObjectUploads' : req === 'FALSE' ? 'deniesUnencryptedObjectUploads' : 'unknown']++;
    const shared = b.sharedAccess;
    out.bucketCountBySharedAccessType[shared === 'EXTERNAL' ? 'external' : shared === 'INTERNAL' ? 'internal' : shared === 'NOT_SHARED' ? 'notShared' : 'unknown']++;
    const which = band(b.sensitivityScore);
    if (which) {
      const agg = out.bucketStatisticsBySensitivity[which];
      agg.totalCount++;
      agg.totalSizeInBytes += n(b.sizeInBytes);
      agg.classifiableSizeInBytes += n(b.classifiableSizeInBytes);
      if (access?.effectivePermission === 'PUBLIC') agg.publiclyAccessibleCount++;
    }
    out.classifiableObjectCount += n(b.classifiableObjectCount);
    out.classifiableSizeInBytes += n(b.classifiableSizeInBytes);
    out.objectCount += n(b.objectCount);
    out.sizeInBytes += n(b.sizeInBytes);
    out.sizeInBytesCompressed += n(b.sizeInBytesCompressed);
    for (const k of ['fileType', 'storageClass', 'total'] as const) {
      out.unclassifiableObjectCount[k] += n(b.unclassifiableObjectCount?.[k]);
      out.unclassifiableObjectSizeInBytes[k] += n(b.unclassifiableObjectSizeInBytes?.[k]);
    }
  }
  return out;
}
