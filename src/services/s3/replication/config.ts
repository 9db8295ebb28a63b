// PutBucketReplication's checks, in S3's words (https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-add-config.html,
// API_ReplicationRule), and the configuration as Sift stores and carries it out:
//   - the source bucket's versioning must be Enabled, and a destination Sift holds must have it Enabled too;
//   - Role is an IAM role ARN; 1 to 1000 rules with unique IDs (S3 assigns one when absent);
//   - a V1 rule (Prefix at rule level) takes no Priority, Filter or DeleteMarkerReplication and replicates delete
//     markers; a V2 rule (Filter) needs Priority (unique) and DeleteMarkerReplication, which may not be Enabled with a
//     tag filter; V1 and V2 rules do not mix;
//   - Destination.Bucket is a bucket ARN other than the source; AccessControlTranslation needs Destination.Account.
// Features Sift does not carry out (SourceSelectionCriteria, encryption of replicas with KMS, Replication Time
// Control, metrics, ExistingObjectReplication) are refused with NotImplemented rather than stored.
import type * as T from '../../../models/s3/index.js';
import { s3Errors } from '../../../storage/index.js';

/** S3: a replication configuration holds up to 1,000 rules. */
export const MAX_REPLICATION_RULES = 1000;
const ROLE_ARN = /^arn:aws:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;
const BUCKET_ARN = /^arn:aws:s3:::([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])$/;

/** One rule as Sift carries it out. */
export interface StoredRule {
  id: string;
  priority: number;
  enabled: boolean;
  prefix: string;
  tags: T.Tag[];
  deleteMarkers: boolean;
  destination: { bucket: string; account?: string; storageClass?: string; ownerOverride: boolean };
}

export const bucketOfArn = (arn: string): string | undefined => BUCKET_ARN.exec(arn)?.[1];

export interface ReplicationChecks {
  sourceBucket: string;
  sourceVersioning: string | null;
  /** The versioning state of a destination Sift holds; undefined when Sift holds no such bucket. */
  destinationVersioning(bucket: string): Promise<string | null | undefined>;
  newId(): string;
}

function notImplemented(what: string): never {
  throw s3Errors.notImplemented(`${what} in a replication configuration`, 'ReplicationConfiguration');
}

/** The configuration with S3's defaults filled in (IDs), or S3's error. */
export async function validateReplicationConfiguration(config: T.ReplicationConfiguration | undefined, checks: ReplicationChecks): Promise<T.ReplicationConfiguration> {
  if (checks.sourceVersioning !== 'Enabled') throw s3Errors.invalidRequest("Versioning must be 'Enabled' on the bucket to apply a replication configuration");
  if (!config?.Role || !config.Rules?.length) throw s3Errors.malformedXml();
  if (!ROLE_ARN.test(config.Role)) throw s3Errors.invalidArgument('Invalid ReplicationConfiguration Role', 'ReplicationConfiguration', config.Role);
  if (config.Rules.length > MAX_REPLICATION_RULES) throw s3Errors.invalidRequest(`Number of rules in the replication configuration exceeds the maximum allowed limit of ${MAX_REPLICATION_RULES}.`);
  const v2 = config.Rules.map((r) => r.Filter !== undefined);
  if (v2.some((x) => x) && v2.some((x) => !x)) throw s3Errors.malformedXml();
  const ids = new Set<string>();
  const priorities = new Set<number>();
  const rules: T.ReplicationRule[] = [];
  for (const rule of config.Rules) {
    const id = rule.ID ?? checks.newId();
    if (id.length > 255) throw s3Errors.invalidArgument('The ID of a replication rule cannot be longer than 255 characters.', 'ID', id);
    if (ids.has(id)) throw s3Errors.invalidArgument('Rule Id must be unique', 'ID', id);
    ids.add(id);
    if (rule.Status !== 'Enabled' && rule.Status !== 'Disabled') throw s3Errors.malformedXml();
    if (rule.SourceSelectionCriteria) notImplemented('SourceSelectionCriteria');
    if (rule.Destination?.EncryptionConfiguration) notImplemented('Destination.EncryptionConfiguration');
    if (rule.Destination?.ReplicationTime || rule.Destination?.Metrics) notImplemented('Replication Time Control and metrics');
    if (rule.ExistingObjectReplication?.Status === 'Enabled') notImplemented('ExistingObjectReplication (use S3 Batch Replication)');
    if (rule.Filter !== undefined) {
      if (rule.Prefix !== undefined) throw s3Errors.malformedXml();
      if (rule.Priority === undefined) throw s3Errors.invalidRequest('Priority must be specified for this version of Cross Region Replication configuration schema. Please refer to S3 Developer Guide for more information.');
      if (!rule.DeleteMarkerReplication) throw s3Errors.invalidRequest('DeleteMarkerReplication must be specified for this version of Cross Region Replication configuration schema. Please refer to S3 Developer Guide for more information.');
      if (priorities.has(rule.Priority)) throw s3Errors.invalidRequest('Found overlapping priority in replication rules');
      priorities.add(rule.Priority);
      const parts = [rule.Filter.Prefix !== undefined, rule.Filter.Tag !== undefined, rule.Filter.And !== undefined].filter(Boolean).length;
      if (parts > 1) throw s3Errors.malformedXml();
      const tagged = rule.Filter.Tag !== undefined || (rule.Filter.And?.Tags?.length ?? 0) > 0;
      if (tagged && rule.DeleteMarkerReplication.Status === 'Enabled') throw s3Errors.invalidRequest('Delete marker replication is not supported if any Tag filter is specified. Please refer to S3 Developer Guide for more information.');
    } else {
      if (rule.Prefix === undefined) throw s3Errors.malformedXml();
      if (rule.Priority !== undefined) throw s3Errors.invalidRequest('Priority cannot be used for this version of Cross Region Replication configuration schema. Please refer to S3 Developer Guide for more information.');
      if (rule.DeleteMarkerReplication) throw s3Errors.invalidRequest('DeleteMarkerReplication cannot be used for this version of Cross Region Replication configuration schema. Please refer to S3 Developer Guide for more information.');
    }
    const dest = rule.Destination;
    if (!dest?.Bucket) throw s3Errors.malformedXml();
    const bucket = bucketOfArn(dest.Bucket);
    if (!bucket) throw s3Errors.invalidArgument('Invalid bucket ARN', 'Bucket', dest.Bucket);
    if (bucket === checks.sourceBucket) throw s3Errors.invalidRequest('Destination bucket cannot be the same as the source bucket.');
    if (dest.Account !== undefined && !/^\d{12}$/.test(dest.Account)) throw s3Errors.invalidArgument('Invalid Account', 'Account', dest.Account);
    if (dest.AccessControlTranslation) {
      if (dest.AccessControlTranslation.Owner !== 'Destination') throw s3Errors.malformedXml();
      if (dest.Account === undefined) throw s3Errors.invalidRequest('Destination Account must be specified when AccessControlTranslation is specified.');
    }
    const versioning = await checks.destinationVersioning(bucket);
    if (versioning !== undefined && versioning !== 'Enabled') throw s3Errors.invalidRequest('Destination bucket must have versioning enabled.');
    rules.push({ ...rule, ID: id });
  }
  return { Role: config.Role, Rules: rules };
}

/** The stored configuration in the form the version hook and the worker use. */
export function storedRules(config: T.ReplicationConfiguration): StoredRule[] {
  return config.Rules.map((r) => {
    const f = r.Filter;
    return {
      id: r.ID!,
      // V1 rules have no priority: S3 treats them as one level; Sift keeps their order.
      priority: r.Priority ?? 0,
      enabled: r.Status === 'Enabled',
      prefix: f ? (f.Prefix ?? f.And?.Prefix ?? '') : (r.Prefix ?? ''),
      tags: f ? (f.Tag ? [f.Tag] : (f.And?.Tags ?? [])) : [],
      deleteMarkers: f ? r.DeleteMarkerReplication?.Status === 'Enabled' : true,
      destination: {
        bucket: bucketOfArn(r.Destination.Bucket)!,
        ...(r.Destination.Account !== undefined ? { account: r.Destination.Account } : {}),
        ...(r.Destination.StorageClass !== undefined ? { storageClass: r.Destination.StorageClass } : {}),
        ownerOverride: r.Destination.AccessControlTranslation?.Owner === 'Destination',
      },
    };
  });
}

export interface ReplicationTarget {
  ruleId: string;
  bucket: string;
  account?: string;
  storageClass?: string;
  ownerOverride: boolean;
}

/**
 * The destinations a new version goes to: per destination bucket, the enabled rule of highest priority whose filter
 * matches the key (and all of its tags). A delete marker goes only where that rule replicates delete markers.
 */
export function targetsFor(rules: readonly StoredRule[], key: string, tags: readonly T.Tag[], deleteMarker: boolean): ReplicationTarget[] {
  const best = new Map<string, StoredRule>();
  for (const r of rules) {
    if (!r.enabled || !key.startsWith(r.prefix)) continue;
    if (!r.tags.every((t) => tags.some((x) => x.Key === t.Key && x.Value === t.Value))) continue;
    const seen = best.get(r.destination.bucket);
    if (!seen || r.priority > seen.priority) best.set(r.destination.bucket, r);
  }
  return [...best.values()]
    .filter((r) => !deleteMarker || r.deleteMarkers)
    .map((r) => ({ ruleId: r.id, bucket: r.destination.bucket, ...(r.destination.account ? { account: r.destination.account } : {}), ...(r.destination.storageClass ? { storageClass: r.destination.storageClass } : {}), ownerOverride: r.destination.ownerOverride }));
}
