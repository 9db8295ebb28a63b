// The permissions an S3 operation needs beyond the one the gateway checks, decided with the caller's own identity
// (ctx.authorizer) against each resource's bucket policy as it applies to that caller (Block Public Access's
// RestrictPublicBuckets included):
//   - CopyObject / UploadPartCopy read their source: s3:GetObject (s3:GetObjectVersion with a versionId) on the source
//     object, s3:GetObjectTagging when its tags are copied, under the source bucket's policy;
//   - DeleteObjects deletes key by key: s3:DeleteObject (s3:DeleteObjectVersion with a versionId) on each;
//   - a missing key is NoSuchKey (404) only for a caller allowed s3:ListBucket on the bucket, else AccessDenied (403),
//     so that existence never leaks.
import { ServiceError, type RequestContext } from '../../common/index.js';
import { parseBlock, policyAsApplied } from './public-access.js';

/** The stored bucket fields authorization reads. */
export interface BucketAccessFields {
  name: string;
  account_id: string;
  policy: string | null;
  public_access_block: string | null;
}

export const accessDenied = () => new ServiceError('AccessDenied', 'Access Denied', 403);

/** The bucket's owner and its policy as it applies to this caller. */
export function resourcePolicyFor(ctx: Pick<RequestContext, 'principal'>, b: BucketAccessFields): { ownerAccountId: string; policy?: string } {
  const policy = policyAsApplied(b.policy ?? undefined, parseBlock(b.public_access_block), { accountId: ctx.principal.accountId, isService: ctx.principal.type === 'AWSService' }, b.account_id);
  return policy ? { ownerAccountId: b.account_id, policy } : { ownerAccountId: b.account_id };
}

/** Whether the caller may do `action` on `resource` of bucket `b`. Sift's own service-to-service calls carry no authorizer. */
export async function callerMay(ctx: RequestContext, action: string, resource: string, b: BucketAccessFields, context?: Record<string, string | string[]>): Promise<boolean> {
  if (!ctx.authorizer) return true;
  return ctx.authorizer.isAllowed({ action, resource, resourcePolicy: resourcePolicyFor(ctx, b), ...(context ? { context } : {}) });
}

export async function requireCaller(ctx: RequestContext, action: string, resource: string, b: BucketAccessFields): Promise<void> {
  if (!(await callerMay(ctx, action, resource, b))) throw accessDenied();
}

export const objectArn = (bucket: string, key: string) => `arn:aws:s3:::${bucket}/${key}`;
export const bucketArn = (bucket: string) => `arn:aws:s3:::${bucket}`;

/** NoSuchKey for a caller who may list the bucket, AccessDenied for one who may not (S3's rule for GetObject, HeadObject and copy sources). */
export async function missingKeyError(ctx: RequestContext, b: BucketAccessFields, err: unknown): Promise<unknown> {
  if ((err as { code?: string })?.code !== 'NoSuchKey') return err;
  return (await callerMay(ctx, 's3:ListBucket', bucketArn(b.name), b)) ? err : accessDenied();
}
