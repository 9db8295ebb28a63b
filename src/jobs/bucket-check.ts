// What a run finds when it turns to a bucket: its configuration and attributes, or the bucket-level error event
// Macie logs for the real situation (deleted → BUCKET_DOES_NOT_EXIST, another Region → BUCKET_IN_DIFFERENT_REGION,
// another owner → BUCKET_OWNER_CHANGED, a policy or endpoint that refuses the scanner → BUCKET_ACCESS_DENIED with
// the S3 operation, anything transient → BUCKET_DETAILS_UNAVAILABLE).
import { isStorageError, type BucketConfiguration, type ObjectStorage } from '../storage/index.js';
import type { JobEventType } from './events.js';
import type { BucketAttributes } from './scope.js';

/** The role Macie scans with (its service-linked role), as bucket policies name it. */
export const macieServiceRoleArn = (accountId: string) => `arn:aws:iam::${accountId}:role/aws-service-role/macie.amazonaws.com/AWSServiceRoleForAmazonMacie`;

export interface BucketAccessRequest {
  /** The account whose Macie scans (the job's account). */
  scannerAccountId: string;
  region: string;
  bucket: string;
  ownerAccountId: string;
  /** s3:ListBucket (ListObjectsV2) or s3:GetObject */
  action: 's3:ListBucket' | 's3:GetObject';
  /** arn:aws:s3:::bucket or arn:aws:s3:::bucket/key */
  resource: string;
  /** The bucket policy as JSON text, when the bucket has one. */
  policy?: string;
}

/**
 * Whether the bucket's policy lets Macie's service-linked role do `action` (the wiring evaluates it with the IAM
 * policy engine). The embedded store doesn't enforce policies on Sift's own reads, so runs ask this; an external
 * endpoint enforces its own and reports AccessDenied, which is handled the same way.
 */
export type BucketAccessCheck = (request: BucketAccessRequest) => boolean;

export type BucketProblem = { type: JobEventType; operation?: string; affectedAccount: string };

/** A storage failure as the bucket-level event it causes. */
export function problemOf(err: unknown, accountId: string, fallbackOperation: string): BucketProblem {
  if (!isStorageError(err)) return { type: 'BUCKET_DETAILS_UNAVAILABLE', affectedAccount: accountId };
  switch (err.reason) {
    case 'NoSuchBucket':
      return { type: 'BUCKET_DOES_NOT_EXIST', affectedAccount: accountId };
    case 'AccessDenied':
      return { type: 'BUCKET_ACCESS_DENIED', operation: err.details.operation || fallbackOperation, affectedAccount: accountId };
    case 'WrongRegion':
      return { type: 'BUCKET_IN_DIFFERENT_REGION', affectedAccount: accountId };
    default:
      return { type: 'BUCKET_DETAILS_UNAVAILABLE', affectedAccount: accountId };
  }
}

const ALL_USERS = 'http://acs.amazonaws.com/groups/global/AllUsers';
const AUTHENTICATED_USERS = 'http://acs.amazonaws.com/groups/global/AuthenticatedUsers';

interface PolicyStatement {
  Effect?: string;
  Principal?: unknown;
  Condition?: unknown;
}

function statementsOf(policy: string | undefined): PolicyStatement[] {
  if (!policy) return [];
  try {
    const doc = JSON.parse(policy) as { Statement?: PolicyStatement | PolicyStatement[] };
    return Array.isArray(doc.Statement) ? doc.Statement : doc.Statement ? [doc.Statement] : [];
  } catch {
    return [];
  }
}

function principalsOf(p: unknown): string[] {
  if (p === '*') return ['*'];
  if (p && typeof p === 'object') {
    const aws = (p as Record<string, unknown>).AWS;
    if (aws === undefined) return [];
    return (Array.isArray(aws) ? aws : [aws]).map(String);
  }
  return [];
}

/** Bucket attributes that runtime criteria test: public exposure and sharing follow the policy, ACL and block. */
export function bucketAttributes(config: BucketConfiguration): BucketAttributes {
  const block = config.publicAccessBlock;
  const allows = statementsOf(config.policy).filter((s) => s.Effect === 'Allow');
  const publicPolicy = !block?.RestrictPublicBuckets && allows.some((s) => !s.Condition && principalsOf(s.Principal).includes('*'));
  const publicAcl = !block?.IgnorePublicAcls && config.grants.some((g) => g.grantee.type === 'Group' && (g.grantee.uri === ALL_USERS || g.grantee.uri === AUTHENTICATED_USERS));
  const accounts = allows.flatMap((s) => principalsOf(s.Principal)).map((p) => /^\d{12}$/.test(p) ? p : /^arn:aws:iam::(\d{12}):/.exec(p)?.[1]).filter((a): a is string => !!a);
  const external = accounts.some((a) => a !== config.ownerAccountId);
  return {
    accountId: config.ownerAccountId,
    name: config.name,
    effectivePermission: publicPolicy || publicAcl ? 'PUBLIC' : 'NOT_PUBLIC',
    sharedAccess: external ? 'EXTERNAL' : 'NOT_SHARED',
    tags: config.tags,
  };
}

export type BucketInspection =
  | { ok: true; config: BucketConfiguration; attributes: BucketAttributes }
  | { ok: false; problem: BucketProblem };

/** Reads a bucket's configuration and checks that the run may analyse it. */
export async function inspectBucket(
  storage: ObjectStorage,
  expected: { accountId: string; region: string; bucket: string; scannerAccountId: string },
  access: BucketAccessCheck | undefined,
): Promise<BucketInspection> {
  let config: BucketConfiguration;
  try {
    config = await storage.getBucketConfiguration(expected.bucket);
  } catch (err) {
    return { ok: false, problem: problemOf(err, expected.accountId, 'GetBucketLocation') };
  }
  if (config.region !== expected.region) return { ok: false, problem: { type: 'BUCKET_IN_DIFFERENT_REGION', affectedAccount: expected.accountId } };
  if (config.ownerAccountId !== expected.accountId) return { ok: false, problem: { type: 'BUCKET_OWNER_CHANGED', affectedAccount: expected.accountId } };
  const allowed =
    access?.({
      scannerAccountId: expected.scannerAccountId,
      region: expected.region,
      bucket: expected.bucket,
      ownerAccountId: config.ownerAccountId,
      action: 's3:ListBucket',
      resource: `arn:aws:s3:::${expected.bucket}`,
      policy: config.policy,
    }) ?? true;
  if (!allowed) return { ok: false, problem: { type: 'BUCKET_ACCESS_DENIED', operation: 'ListObjectsV2', affectedAccount: expected.accountId } };
  return { ok: true, config, attributes: bucketAttributes(config) };
}
