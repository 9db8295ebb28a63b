// Macie's S3 inventory and usage: BucketMetadata from the storage layer, the criteria of DescribeBuckets and
// SearchResources, bucket statistics, and usage against the monthly sensitive data discovery quota.
export { BucketInventory, DEFAULT_INVENTORY_TTL_MS, MONITORED_BUCKETS_QUOTA, type InventoryDeps } from './inventory.js';
export { CLASSIFIABLE_STORAGE_CLASSES, SUPPORTED_EXTENSIONS, COMPRESSED_EXTENSIONS, extensionOf, classifiabilityOf, type Classifiability } from './classifiable.js';
export { summarize, addObject, emptySummary, type ObjectSummary } from './object-summary.js';
export { bucketAccessOf, type BucketAccessSummary } from './bucket-access.js';
export { jobDetailsByBucket } from './job-details.js';
export { BUCKET_CRITERIA_FIELDS, BUCKET_SORT_ATTRIBUTES, CriteriaError, compileBucketCriteria, compileSearchCriteria, sortBuckets, sortSearchResults } from './criteria.js';
export { bucketStatistics } from './statistics.js';
export { INVENTORY_PAGE, page } from './page.js';
export { USAGE_TYPES, analysedBytes, monthsOf, parseTimeRange, selectUsageRecords, usageRecord, usageTotals, type AccountUsage } from './usage.js';
export { withSensitivity, SCORES_KEPT_AFTER_DISABLE_MS, type SensitivityDeps } from './sensitivity.js';
export { replicationDetailsOf } from './replication.js';
