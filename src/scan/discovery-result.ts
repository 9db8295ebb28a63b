/**
 * Renders Macie's sensitive data discovery result records (the JSON Lines Macie writes to the results bucket, F.5):
 * the Finding shape with classificationDetails.result holding status, sizeClassified, mimeType and up to 1,000
 * locations per type. An archive gives one record for the object (counts only, as Macie's archive findings) and one
 * per member with detections or problems, each with resourcesAffected.s3Object.embeddedFileDetails.
 * The result never contains the sensitive data itself.
 */
import { isoString } from '../common/iso-time.js';
import type { DetectionCategory } from '../detect/index.js';
import type { FileScanResult, FileStatus, ObjectScanResult, OccurrenceLists, TypeResult } from './types.js';

export type OriginType = 'SENSITIVE_DATA_DISCOVERY_JOB' | 'AUTOMATED_SENSITIVE_DATA_DISCOVERY';
export type SeverityDescription = 'Low' | 'Medium' | 'High';

/** What the caller knows about the object and the run; everything the scan itself cannot know. */
export interface DiscoveryResultMetadata {
  accountId: string;
  region: string;
  partition?: string;
  /** The record's id (jobs/ derives it from job + object + version so re-runs are idempotent). */
  id: string;
  createdAt: Date | string;
  jobId?: string;
  jobArn?: string;
  originType?: OriginType;
  detailedResultsLocation?: string;
  /** Macie's `S3Bucket` members (arn, name, createdAt, owner, publicAccess, …), passed through as given. */
  s3Bucket: { name: string; arn?: string } & Record<string, unknown>;
  /** Macie's `S3Object` members known to the caller (eTag, versionId, lastModified, storageClass, tags, …). */
  s3Object?: Record<string, unknown>;
  /** Severity, title and description are decided by the findings logic (jobs/); passed through when given. */
  severity?: { description: SeverityDescription; score: number };
  title?: string;
  description?: string;
  /** The ARN reported for a custom identifier (default: arn:aws:macie2:<region>:<account>:custom-data-identifier/<id>). */
  customIdentifierArn?: (id: string) => string;
}

/** Macie's `Occurrences` as serialized: every member present, null when empty (observed in real exports). */
export interface RenderedOccurrences {
  cells: OccurrenceLists['cells'] | null;
  lineRanges: OccurrenceLists['lineRanges'] | null;
  offsetRanges: null;
  pages: OccurrenceLists['pages'] | null;
  records: OccurrenceLists['records'] | null;
}

export type DiscoveryResultRecord = Record<string, unknown>;

const FINDING_TYPE_BY_CATEGORY: Readonly<Record<DetectionCategory, string>> = Object.freeze({
  CREDENTIALS: 'SensitiveData:S3Object/Credentials',
  FINANCIAL_INFORMATION: 'SensitiveData:S3Object/Financial',
  PERSONAL_INFORMATION: 'SensitiveData:S3Object/Personal',
  CUSTOM_IDENTIFIER: 'SensitiveData:S3Object/CustomIdentifier',
});

/** Macie's finding type for a set of detections (E.1); undefined when nothing was found. */
export function findingTypeFor(detections: readonly TypeResult[]): string | undefined {
  const categories = new Set(detections.filter((d) => d.count > 0).map((d) => d.category));
  if (categories.size === 0) return undefined;
  if (categories.size > 1) return 'SensitiveData:S3Object/Multiple';
  return FINDING_TYPE_BY_CATEGORY[[...categories][0]];
}

export function renderOccurrences(o: OccurrenceLists | undefined): RenderedOccurrences {
  return {
    cells: o?.cells.length ? o.cells : null,
    lineRanges: o?.lineRanges.length ? o.lineRanges : null,
    offsetRanges: null,
    pages: o?.pages?.length ? o.pages : null,
    records: o?.records.length ? o.records : null,
  };
}

/** Macie's `ClassificationResult` for a set of per-type results. */
export function renderClassificationResult(
  detections: readonly TypeResult[],
  status: FileStatus,
  mimeType: string,
  sizeClassified: number,
  meta: Pick<DiscoveryResultMetadata, 'region' | 'accountId' | 'partition' | 'customIdentifierArn'>,
  withLocations: boolean,
): Record<string, unknown> {
  const arnFor =
    meta.customIdentifierArn ??
    ((id: string) => `arn:${meta.partition ?? 'aws'}:macie2:${meta.region}:${meta.accountId}:custom-data-identifier/${id}`);
  const byCategory = new Map<DetectionCategory, TypeResult[]>();
  const custom: TypeResult[] = [];
  for (const d of detections) {
    if (d.count === 0) continue;
    if (d.category === 'CUSTOM_IDENTIFIER') custom.push(d);
    else byCategory.set(d.category, [...(byCategory.get(d.category) ?? []), d]);
  }
  const occurrencesOf = (d: TypeResult): RenderedOccurrences => renderOccurrences(withLocations ? d.occurrences : undefined);
  return {
    additionalOccurrences: detections.some((d) => d.additionalOccurrences),
    customDataIdentifiers: {
      detections: custom.map((d) => ({ arn: arnFor(d.custom?.id ?? d.type), count: d.count, name: d.custom?.name ?? d.type, occurrences: occurrencesOf(d) })),
      totalCount: custom.reduce((n, d) => n + d.count, 0),
    },
    mimeType,
    sensitiveData: [...byCategory.entries()].map(([category, list]) => ({
      category,
      detections: list.map((d) => ({ count: d.count, occurrences: occurrencesOf(d), type: d.type })),
      totalCount: list.reduce((n, d) => n + d.count, 0),
    })),
    sizeClassified,
    status: { code: status.code, reason: status.reason ?? null },
  };
}

/** toISOString's text without its cost (~7k instructions a call in Node 20): one or two per scanned file. */
function iso(value: Date | string): string {
  return typeof value === 'string' ? value : isoString(value);
}

function baseRecord(
  result: ObjectScanResult,
  meta: DiscoveryResultMetadata,
  classificationResult: Record<string, unknown>,
  detections: readonly TypeResult[],
  s3ObjectExtra: Record<string, unknown>,
): DiscoveryResultRecord {
  const createdAt = iso(meta.createdAt);
  const type = findingTypeFor(detections);
  const key = result.key;
  const extension = (() => {
    const base = key.split('/').pop() ?? key;
    const dot = base.lastIndexOf('.');
    return dot <= 0 ? '' : base.slice(dot + 1);
  })();
  return {
    accountId: meta.accountId,
    category: 'CLASSIFICATION',
    classificationDetails: {
      detailedResultsLocation: meta.detailedResultsLocation ?? null,
      jobArn: meta.jobArn ?? null,
      jobId: meta.jobId ?? null,
      originType: meta.originType ?? 'SENSITIVE_DATA_DISCOVERY_JOB',
      result: classificationResult,
    },
    count: 1,
    createdAt,
    description: meta.description ?? null,
    id: meta.id,
    partition: meta.partition ?? 'aws',
    region: meta.region,
    resourcesAffected: {
      s3Bucket: meta.s3Bucket,
      s3Object: {
        bucketArn: meta.s3Bucket.arn ?? `arn:${meta.partition ?? 'aws'}:s3:::${meta.s3Bucket.name}`,
        extension,
        key,
        path: `${meta.s3Bucket.name}/${key}`,
        size: result.size,
        ...meta.s3Object,
        ...s3ObjectExtra,
      },
    },
    schemaVersion: '1.0',
    severity: meta.severity ?? null,
    title: meta.title ?? null,
    type: type ?? null,
    updatedAt: createdAt,
  };
}

/**
 * The record for the object itself. Archives: per-type counts without locations (see renderDiscoveryResults): their
 * totals hold no locations, only an email's own text (beside its attachments) does, and it is shown.
 */
export function renderDiscoveryResult(result: ObjectScanResult, meta: DiscoveryResultMetadata): DiscoveryResultRecord {
  const classification = renderClassificationResult(result.detections, result.status, result.mimeType, result.sizeClassified, meta, true);
  return baseRecord(result, meta, classification, result.detections, {});
}

/** The record for one archive member, with its locations and embeddedFileDetails. */
export function renderMemberResult(result: ObjectScanResult, member: FileScanResult, meta: DiscoveryResultMetadata): DiscoveryResultRecord {
  const sizeClassified = member.status.code === 'SKIPPED' ? 0 : member.bytesRead;
  const classification = renderClassificationResult(member.detections, member.status, member.mimeType, sizeClassified, meta, true);
  return baseRecord(result, meta, classification, member.detections, {
    embeddedFileDetails: {
      filePath: member.path,
      fileExtension: member.extension,
      fileSize: member.size ?? member.bytesRead,
      fileLastModified: member.lastModified ? isoString(member.lastModified) : null,
    },
  });
}

/** All records for an object: the object's own, then one per reported archive member. */
export function renderDiscoveryResults(result: ObjectScanResult, meta: DiscoveryResultMetadata): DiscoveryResultRecord[] {
  const records = [renderDiscoveryResult(result, meta)];
  for (const member of result.members) records.push(renderMemberResult(result, member, meta));
  return records;
}

/** JSON Lines text of records (one JSON document per line, newline-terminated). */
export function toJsonLines(records: readonly DiscoveryResultRecord[]): string {
  return records.map((r) => JSON.stringify(r)).join('\n') + (records.length ? '\n' : '');
}
