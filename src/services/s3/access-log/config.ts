// PutBucketLogging's checks (https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html,
// API_PutBucketLogging): the target bucket exists, is in the source bucket's Region and owned by the same account,
// and lets the logging service write: its bucket policy allows `logging.s3.amazonaws.com` s3:PutObject on the
// target prefix (with aws:SourceArn / aws:SourceAccount as S3 sends them), or, for a bucket that still uses ACLs,
// the log-delivery-write canned ACL. TargetGrants are an ACL feature S3 refuses on BucketOwnerEnforced targets.
// TargetObjectKeyFormat is SimplePrefix or PartitionedPrefix (EventTime or DeliveryTime), never both.
import { ServiceError } from '../../../common/index.js';
import { evaluateDetailed, parsePolicy, type EvaluationPrincipal } from '../../../iam/index.js';
import type * as T from '../../../models/s3/index.js';
import { s3Errors, type EmbeddedStore } from '../../../storage/index.js';

export const LOGGING_SERVICE = 'logging.s3.amazonaws.com';
/** How a delivery names its objects: SimplePrefix, or PartitionedPrefix by event or delivery time. */
export type KeyFormat = 'simple' | 'EventTime' | 'DeliveryTime';

const invalidTarget = (message: string, target: string) => new ServiceError('InvalidTargetBucketForLogging', message, 400, 'client', { TargetBucket: target });

export function keyFormatOf(l: T.LoggingEnabled): KeyFormat {
  const f = l.TargetObjectKeyFormat;
  if (!f?.PartitionedPrefix) return 'simple';
  return f.PartitionedPrefix.PartitionDateSource === 'DeliveryTime' ? 'DeliveryTime' : 'EventTime';
}

/** Whether the target's bucket policy lets the logging service put log objects under `prefix` for `source`. */
export function policyAllowsLogging(policy: string | null, target: { name: string; account_id: string }, prefix: string, source: { name: string; account_id: string }): boolean {
  if (!policy) return false;
  const principal: EvaluationPrincipal = { arn: LOGGING_SERVICE, accountId: source.account_id, type: 'AWSService', service: LOGGING_SERVICE };
  const result = evaluateDetailed(
    {
      principal,
      action: 's3:PutObject',
      resource: `arn:aws:s3:::${target.name}/${prefix}`,
      resourceAccountId: target.account_id,
      context: { 'aws:SourceArn': `arn:aws:s3:::${source.name}`, 'aws:SourceAccount': source.account_id },
    },
    [],
    parsePolicy(policy, 'resource', { requireCurrentVersion: false }),
    { resourcePolicyRequired: true },
  );
  return result.decision === 'Allow';
}

/** Whether the logging service may write into `target` for `source`: its bucket policy, or (ACLs in use) log-delivery-write. */
export function targetAcceptsLogs(target: { name: string; account_id: string; policy: string | null; acl: string; object_ownership: string | null }, prefix: string, source: { name: string; account_id: string }): boolean {
  const enforced = (target.object_ownership ?? 'BucketOwnerEnforced') === 'BucketOwnerEnforced';
  if (!enforced && target.acl === 'log-delivery-write') return true;
  try {
    return policyAllowsLogging(target.policy, target, prefix, source);
  } catch {
    return false;
  }
}

/** The LoggingEnabled S3 would accept for `source`, or S3's error. */
export async function validateLogging(store: EmbeddedStore, source: { name: string; account_id: string; region: string }, status: T.BucketLoggingStatus): Promise<T.LoggingEnabled | undefined> {
  const l = status.LoggingEnabled;
  if (!l) return undefined;
  if (l.TargetBucket === undefined || l.TargetPrefix === undefined) throw s3Errors.malformedXml();
  const f = l.TargetObjectKeyFormat;
  if (f && f.SimplePrefix !== undefined && f.PartitionedPrefix !== undefined) throw s3Errors.malformedXml();
  if (Buffer.byteLength(l.TargetPrefix) > 1024 - 80) throw s3Errors.invalidArgument('The target prefix is too long', 'TargetPrefix', l.TargetPrefix);
  const target = await store.findBucket(l.TargetBucket);
  if (!target) throw invalidTarget('The target bucket for logging does not exist', l.TargetBucket);
  if (target.account_id !== source.account_id) throw invalidTarget('The owner for the bucket to be logged and the target bucket must be the same.', l.TargetBucket);
  if (target.region !== source.region) {
    throw new ServiceError('CrossLocationLoggingProhibitted', 'Cross S3 location logging not allowed. ', 403, 'client', { TargetBucketLocation: target.region, SourceBucketLocation: source.region });
  }
  const enforced = (target.object_ownership ?? 'BucketOwnerEnforced') === 'BucketOwnerEnforced';
  if (l.TargetGrants?.length) {
    if (enforced) throw invalidTarget('Target grants are not supported for target buckets with the bucket owner enforced setting for Object Ownership.', l.TargetBucket);
    throw s3Errors.notImplemented('TargetGrants on server access log objects', 'TargetGrants');
  }
  if (!targetAcceptsLogs(target, l.TargetPrefix, source)) {
    throw invalidTarget(`The bucket policy of the target bucket must allow ${LOGGING_SERVICE} to put objects (s3:PutObject) under the target prefix.`, l.TargetBucket);
  }
  if (target.object_lock && (JSON.parse(target.object_lock) as { Rule?: unknown }).Rule) {
    throw invalidTarget('The target bucket for logging must not have a default Object Lock retention period.', l.TargetBucket);
  }
  return { TargetBucket: l.TargetBucket, TargetPrefix: l.TargetPrefix, ...(f ? { TargetObjectKeyFormat: f } : {}) };
}
