// When an AWS service itself writes into a customer's bucket (Macie's discovery results, CloudWatch Logs exports,
// CloudTrail delivery), the request comes from the service principal (`macie.amazonaws.com`,
// `logs.<region>.amazonaws.com`, `cloudtrail.amazonaws.com`), not from the customer. A service principal has no
// identity policies, so only the destination bucket's policy can allow it — in the owner's account as in any other —
// and the conditions AWS documents for these grants (`aws:SourceAccount`, `aws:SourceArn`) are evaluated against the
// account and resource on whose behalf the service writes.
import { evaluateDetailed, parsePolicy, type PolicyDocument } from './policy/index.js';
import type { AuthzDecision } from './authorize.js';

export interface ServicePrincipalRequest {
  /** The service principal, as a bucket policy names it: `macie.amazonaws.com`. */
  service: string;
  /** `s3:PutObject`, `s3:GetBucketAcl`, `s3:GetBucketLocation` … */
  action: string;
  /** `arn:aws:s3:::bucket` or `arn:aws:s3:::bucket/key`. */
  resource: string;
  /** The account the service acts for (aws:SourceAccount). */
  sourceAccount: string;
  /** The resource the service acts for (aws:SourceArn): a job, an export configuration, a log group, a trail. */
  sourceArn: string;
  /** Further request keys the service's write carries (CloudWatch Logs writes with `s3:x-amz-acl` bucket-owner-full-control). */
  context?: Record<string, string>;
  /** The destination bucket's owner and policy (JSON text). */
  bucket: { ownerAccountId: string; policy?: string };
  now?: Date;
}

const parsed = new Map<string, PolicyDocument | null>();
function policyOf(text: string): PolicyDocument | undefined {
  let doc = parsed.get(text);
  if (doc === undefined) {
    try {
      doc = parsePolicy(text, 'resource');
    } catch {
      doc = null; // A stored policy we cannot read grants nothing.
    }
    if (parsed.size > 1000) parsed.clear();
    parsed.set(text, doc);
  }
  return doc ?? undefined;
}

/** Whether the bucket policy lets the service principal do `action` on `resource` for the source account and ARN. */
export function authorizeServicePrincipal(req: ServicePrincipalRequest): AuthzDecision {
  const policy = req.bucket.policy ? policyOf(req.bucket.policy) : undefined;
  const result = evaluateDetailed(
    {
      principal: { arn: req.service, accountId: '', type: 'AWSService', service: req.service },
      action: req.action,
      resource: req.resource,
      resourceAccountId: req.bucket.ownerAccountId,
      context: { ...req.context, 'aws:SourceAccount': req.sourceAccount, 'aws:SourceArn': req.sourceArn },
    },
    [],
    policy,
    req.now ? { now: req.now } : {},
  );
  if (result.decision === 'Allow') return { allowed: true };
  return {
    allowed: false,
    explicit: result.decision === 'ExplicitDeny',
    message: `${req.service} is not authorized to perform: ${req.action} on resource: ${req.resource}`,
  };
}
