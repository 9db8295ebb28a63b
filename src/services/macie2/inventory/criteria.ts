// Filtering and sorting the inventory: DescribeBuckets' `criteria` (field → eq/neq/gt/gte/lt/lte/prefix) and
// `sortCriteria`, and SearchResources' `bucketCriteria` (includes/excludes of simple and tag criteria). Pure.
import type { BucketCriteria, BucketMetadata, BucketSortCriteria, SearchResourcesBucketCriteria, SearchResourcesCriteria, SearchResourcesSortCriteria } from '../../../models/macie2/index.js';

export class CriteriaError extends Error {}

type Value = string | number | boolean | undefined;

/** The fields DescribeBuckets filters on (Macie's documented filterable BucketMetadata fields). */
export const BUCKET_CRITERIA_FIELDS: Readonly<Record<string, (b: BucketMetadata) => Value[]>> = {
  accountId: (b) => [b.accountId],
  bucketName: (b) => [b.bucketName],
  region: (b) => [b.region],
  classifiableObjectCount: (b) => [b.classifiableObjectCount],
  classifiableSizeInBytes: (b) => [b.classifiableSizeInBytes],
  objectCount: (b) => [b.objectCount],
  sizeInBytes: (b) => [b.sizeInBytes],
  sizeInBytesCompressed: (b) => [b.sizeInBytesCompressed],
  sensitivityScore: (b) => [b.sensitivityScore],
  'publicAccess.effectivePermission': (b) => [b.publicAccess?.effectivePermission],
  sharedAccess: (b) => [b.sharedAccess],
  allowsUnencryptedObjectUploads: (b) => [b.allowsUnencryptedObjectUploads],
  'serverSideEncryption.type': (b) => [b.serverSideEncryption?.type],
  versioning: (b) => [b.versioning],
  errorCode: (b) => [b.errorCode],
  'jobDetails.isDefinedInJob': (b) => [b.jobDetails?.isDefinedInJob],
  'jobDetails.isMonitoredByJob': (b) => [b.jobDetails?.isMonitoredByJob],
  'jobDetails.lastJobId': (b) => [b.jobDetails?.lastJobId],
  'tags.key': (b) => (b.tags ?? []).map((t) => t.key),
  'tags.value': (b) => (b.tags ?? []).map((t) => t.value),
  'objectCountByEncryptionType.unencrypted': (b) => [b.objectCountByEncryptionType?.unencrypted],
  'unclassifiableObjectCount.total': (b) => [b.unclassifiableObjectCount?.total],
};

export const BUCKET_SORT_ATTRIBUTES = ['accountId', 'bucketName', 'classifiableObjectCount', 'classifiableSizeInBytes', 'objectCount', 'sensitivityScore', 'sizeInBytes'] as const;

/** A predicate for DescribeBuckets' criteria: every field's conditions hold (AND across fields and operators). */
export function compileBucketCriteria(criteria: BucketCriteria | undefined): (b: BucketMetadata) => boolean {
  const tests: Array<(b: BucketMetadata) => boolean> = [];
  for (const [field, cond] of Object.entries(criteria ?? {})) {
    const read = BUCKET_CRITERIA_FIELDS[field];
    if (!read) throw new CriteriaError(`The criterion field ${field} isn't supported. Supported fields: ${Object.keys(BUCKET_CRITERIA_FIELDS).join(', ')}.`);
    if (!cond || typeof cond !== 'object') throw new CriteriaError(`The criterion for ${field} must be an object of operators.`);
    const str = (b: BucketMetadata) => read(b).filter((v) => v !== undefined).map(String);
    const num = (b: BucketMetadata) => read(b).filter((v): v is number => typeof v === 'number');
    if (cond.eq) { const eq = cond.eq; tests.push((b) => str(b).some((v) => eq.includes(v))); }
    if (cond.neq) { const neq = cond.neq; tests.push((b) => !str(b).some((v) => neq.includes(v))); }
    if (cond.prefix !== undefined) { const p = cond.prefix; tests.push((b) => str(b).some((v) => v.startsWith(p))); }
    if (cond.gt !== undefined) { const x = cond.gt; tests.push((b) => num(b).some((v) => v > x)); }
    if (cond.gte !== undefined) { const x = cond.gte; tests.push((b) => num(b).some((v) => v >= x)); }
    if (cond.lt !== undefined) { const x = cond.lt; tests.push((b) => num(b).some((v) => v < x)); }
    if (cond.lte !== undefined) { const x = cond.lte; tests.push((b) => num(b).some((v) => v <= x)); }
  }
  return (b) => tests.every((t) => t(b));
}

function compare(a: Value, b: Value): number {
  if (a === b) return 0;
  if (a === undefined) return -1;
  if (b === undefined) return 1;
  return a < b ? -1 : 1;
}

/** Sorts in place by DescribeBuckets' sort attribute (default bucketName ASC), bucket name breaking ties. */
export function sortBuckets(buckets: BucketMetadata[], sort: BucketSortCriteria | undefined): BucketMetadata[] {
  const attr = sort?.attributeName ?? 'bucketName';
  if (!(BUCKET_SORT_ATTRIBUTES as readonly string[]).includes(attr)) throw new CriteriaError(`The sort attribute ${attr} isn't supported. Supported attributes: ${BUCKET_SORT_ATTRIBUTES.join(', ')}.`);
  const dir = sort?.orderBy === 'DESC' ? -1 : 1;
  const key = (b: BucketMetadata) => (b as Record<string, unknown>)[attr] as Value;
  return buckets.sort((a, b) => dir * compare(key(a), key(b)) || compare(a.bucketName, b.bucketName));
}

function searchCriterionHolds(c: SearchResourcesCriteria, b: BucketMetadata): boolean {
  if (c.simpleCriterion) {
    const { comparator = 'EQ', key, values = [] } = c.simpleCriterion;
    const actual =
      key === 'ACCOUNT_ID' ? b.accountId
      : key === 'S3_BUCKET_NAME' ? b.bucketName
      : key === 'S3_BUCKET_EFFECTIVE_PERMISSION' ? b.publicAccess?.effectivePermission
      : key === 'S3_BUCKET_SHARED_ACCESS' ? b.sharedAccess
      : key === 'AUTOMATED_DISCOVERY_MONITORING_STATUS' ? b.automatedDiscoveryMonitoringStatus
      : (() => { throw new CriteriaError(`The simple criterion key ${String(key)} isn't supported.`); })();
    const hit = actual !== undefined && values.includes(actual);
    return comparator === 'NE' ? !hit : hit;
  }
  if (c.tagCriterion) {
    const { comparator = 'EQ', tagValues = [] } = c.tagCriterion;
    const hit = tagValues.some((t) => (b.tags ?? []).some((tag) => (t.key === undefined || tag.key === t.key) && (t.value === undefined || tag.value === t.value)));
    return comparator === 'NE' ? !hit : hit;
  }
  throw new CriteriaError('Each criterion needs a simpleCriterion or a tagCriterion.');
}

/** A predicate for SearchResources' bucketCriteria: all includes hold, and not all excludes hold. */
export function compileSearchCriteria(criteria: SearchResourcesBucketCriteria | undefined): (b: BucketMetadata) => boolean {
  const includes = criteria?.includes?.and ?? [];
  const excludes = criteria?.excludes?.and ?? [];
  return (b) => includes.every((c) => searchCriterionHolds(c, b)) && !(excludes.length > 0 && excludes.every((c) => searchCriterionHolds(c, b)));
}

const SEARCH_SORT: Record<string, keyof BucketMetadata> = {
  ACCOUNT_ID: 'accountId', RESOURCE_NAME: 'bucketName', S3_CLASSIFIABLE_OBJECT_COUNT: 'classifiableObjectCount', S3_CLASSIFIABLE_SIZE_IN_BYTES: 'classifiableSizeInBytes',
};

export function sortSearchResults(buckets: BucketMetadata[], sort: SearchResourcesSortCriteria | undefined): BucketMetadata[] {
  const attr = SEARCH_SORT[sort?.attributeName ?? 'RESOURCE_NAME'];
  if (!attr) throw new CriteriaError(`The sort attribute ${String(sort?.attributeName)} isn't supported.`);
  return sortBuckets(buckets, { attributeName: attr, orderBy: sort?.orderBy });
}
