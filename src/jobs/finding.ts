// One sensitive data finding from one object's scan result (E, B.3): Macie's type from the categories found,
// severity from the types and counts (custom identifiers by their severity levels; below the lowest threshold
// they earn nothing), classificationDetails with at most 15 locations per detection, and resourcesAffected filled
// from the bucket and the object as the storage layer reports them. The id is derived from the run and the object
// version, so recording the same object twice in a run is recognisably the same finding.
import { createHash } from 'node:crypto';
import type { CustomIdentifierSpec } from '../detect/index.js';
import { findingTypeFor, renderClassificationResult, type ObjectScanResult, type OccurrenceLists, type TypeResult } from '../scan/index.js';
import { sensitiveDataSeverity, type recordFinding } from '../findings/index.js';
import type { BucketConfiguration, ObjectInfo } from '../storage/index.js';
import { extensionOfKey } from './scope.js';

export type Finding = Parameters<typeof recordFinding>[2];

/** Macie keeps at most this many occurrence locations per detection in a finding (G). */
export const FINDING_OCCURRENCES_PER_TYPE = 15;

export function findingIdFor(runId: string, bucket: string, key: string, etag: string): string {
  return createHash('sha256').update(`${runId}\0${bucket}\0${key}\0${etag}`).digest('hex').slice(0, 32);
}

function truncate(o: OccurrenceLists, max: number): { occurrences: OccurrenceLists; kept: number } {
  let left = max;
  const take = <T>(list: T[]) => {
    const out = list.slice(0, Math.max(0, left));
    left -= out.length;
    return out;
  };
  const lineRanges = take(o.lineRanges);
  const cells = take(o.cells);
  const records = take(o.records);
  const pages = take(o.pages ?? []);
  return { occurrences: { lineRanges, cells, records, pages }, kept: max - left };
}

export interface FindingContext {
  findingId: string;
  accountId: string;
  region: string;
  /** Absent for automated sensitive data discovery, which has no job. */
  jobId?: string;
  jobArn?: string;
  /** Default SENSITIVE_DATA_DISCOVERY_JOB. */
  originType?: 'SENSITIVE_DATA_DISCOVERY_JOB' | 'AUTOMATED_SENSITIVE_DATA_DISCOVERY';
  createdAt: Date;
  bucket: BucketConfiguration & { effectivePermission: string };
  object: ObjectInfo;
  /** The job's custom identifiers by id (for their severity levels). */
  custom: ReadonlyMap<string, CustomIdentifierSpec>;
  detailedResultsLocation: string;
}

/** The finding for one scanned object, or undefined when the object earns none. */
export function buildFinding(result: ObjectScanResult, ctx: FindingContext): Finding | undefined {
  if (result.status.code === 'SKIPPED') return undefined;
  const detections: TypeResult[] = result.detections.filter((d) => d.count > 0);
  const severity = sensitiveDataSeverity({
    managed: detections.filter((d) => d.category !== 'CUSTOM_IDENTIFIER').map((d) => ({ type: d.type, count: d.count })),
    custom: detections.filter((d) => d.category === 'CUSTOM_IDENTIFIER').map((d) => ({ count: d.count, severityLevels: ctx.custom.get(d.custom?.id ?? d.type)?.severityLevels })),
  });
  if (!severity) return undefined;
  // Custom identifiers below their lowest threshold are not reported.
  const reported = detections.filter((d) => d.category !== 'CUSTOM_IDENTIFIER' || sensitiveDataSeverity({ custom: [{ count: d.count, severityLevels: ctx.custom.get(d.custom?.id ?? d.type)?.severityLevels }] }));
  const type = findingTypeFor(reported);
  if (!type) return undefined;
  const limited = reported.map((d) => {
    const { occurrences, kept } = truncate(d.occurrences, FINDING_OCCURRENCES_PER_TYPE);
    return { ...d, occurrences, additionalOccurrences: d.additionalOccurrences || d.count > kept };
  });
  const classification = renderClassificationResult(limited, result.status, result.mimeType, result.sizeClassified, { accountId: ctx.accountId, region: ctx.region }, true);
  const { bucket, object } = ctx;
  const bucketArn = `arn:aws:s3:::${bucket.name}`;
  const sse = bucket.encryption[0]?.SSEAlgorithm ?? 'NONE';
  const tagList = (tags: ReadonlyArray<{ Key: string; Value: string }> | undefined) => (tags ?? []).map((t) => ({ key: t.Key, value: t.Value }));
  const finding = {
    id: ctx.findingId,
    accountId: ctx.accountId,
    type,
    severity,
    createdAt: ctx.createdAt,
    updatedAt: ctx.createdAt,
    count: 1,
    classificationDetails: {
      detailedResultsLocation: ctx.detailedResultsLocation,
      ...(ctx.jobArn ? { jobArn: ctx.jobArn } : {}),
      ...(ctx.jobId ? { jobId: ctx.jobId } : {}),
      originType: ctx.originType ?? 'SENSITIVE_DATA_DISCOVERY_JOB',
      result: classification,
    },
    resourcesAffected: {
      s3Bucket: {
        arn: bucketArn,
        name: bucket.name,
        createdAt: bucket.createdAt,
        owner: { id: bucket.ownerAccountId },
        defaultServerSideEncryption: { encryptionType: sse, ...(bucket.encryption[0]?.KMSMasterKeyID ? { kmsMasterKeyId: bucket.encryption[0].KMSMasterKeyID } : {}) },
        publicAccess: { effectivePermission: ctx.bucket.effectivePermission },
        tags: tagList(bucket.tags),
        allowsUnencryptedObjectUploads: 'FALSE',
      },
      s3Object: {
        bucketArn,
        key: object.key,
        path: `${bucket.name}/${object.key}`,
        extension: extensionOfKey(object.key),
        size: object.size,
        eTag: object.etag.replace(/"/g, ''),
        // Macie analyses the latest version and names it.
        ...(object.versionId ? { versionId: object.versionId } : {}),
        lastModified: object.lastModified,
        storageClass: object.storageClass,
        publicAccess: ctx.bucket.effectivePermission === 'PUBLIC',
        serverSideEncryption: { encryptionType: object.encryption?.ServerSideEncryption ?? sse, ...(object.encryption?.SSEKMSKeyId ? { kmsMasterKeyId: object.encryption.SSEKMSKeyId } : {}) },
        tags: tagList(object.tags),
      },
    },
  };
  return finding as unknown as Finding;
}
