// Macie reads buckets with its service-linked role (AWSServiceRoleForAmazonMacie): what that role may do is its
// managed policy, bounded by each bucket's policy. Job bucket checks and allow-list reads both ask this.
import { evaluate, parsePolicy, type PolicyDocument } from '../../../iam/policy/index.js';
import { macieServiceRoleArn, type BucketAccessCheck } from '../../../jobs/index.js';

/** What Macie's service-linked role may do by its managed policy (AmazonMacieServiceRolePolicy, S3 reads). */
const MACIE_ROLE_POLICY: PolicyDocument = parsePolicy(
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: ['s3:GetObject', 's3:GetObjectTagging', 's3:ListBucket', 's3:GetBucket*', 's3:ListAllMyBuckets'], Resource: '*' }],
  }),
  'identity',
);

/** Evaluates a bucket policy for Macie's service-linked role: an explicit Deny (or a cross-account bucket without an Allow) refuses it. */
export function macieBucketAccessCheck(): BucketAccessCheck {
  const cache = new Map<string, PolicyDocument | null>();
  const parsed = (text: string | undefined): PolicyDocument | undefined => {
    if (!text) return undefined;
    if (!cache.has(text)) {
      let doc: PolicyDocument | null = null;
      try {
        doc = parsePolicy(text, 'resource');
      } catch {
        doc = null; // A policy S3 accepted but we can't read: no resource policy.
      }
      if (cache.size > 1000) cache.clear();
      cache.set(text, doc);
    }
    return cache.get(text) ?? undefined;
  };
  return (req) => {
    const roleArn = macieServiceRoleArn(req.scannerAccountId);
    const decision = evaluate(
      {
        principal: {
          arn: `arn:aws:sts::${req.scannerAccountId}:assumed-role/AWSServiceRoleForAmazonMacie/macie`,
          accountId: req.scannerAccountId,
          type: 'AssumedRole',
          userId: `AROAMACIE:macie`,
          roleArn,
        },
        action: req.action,
        resource: req.resource,
        resourceAccountId: req.ownerAccountId,
      },
      [MACIE_ROLE_POLICY],
      parsed(req.policy),
    );
    return decision === 'Allow';
  };
}
