// Deciding whether a call is allowed: the principal's identity policies, an assumed role's session policy and the
// resource's own policy (S3 bucket policies), evaluated with AWS's logic by ./policy. Root is allowed in its own
// account unless a resource policy explicitly denies it from another account's resource.
import { ServiceError, type RequestContext } from '../common/index.js';
import type { ResolvedCredential } from './identity.js';
import { evaluate, parsePolicy, type PolicyDocument, type RequestFacts } from './policy/index.js';

export interface AuthzDecision {
  allowed: boolean;
  reason?: 'explicit-deny' | 'explicit-deny-resource' | 'implicit-deny' | 'session-policy';
}

export interface AuthzRequest {
  ctx: RequestContext;
  credential: ResolvedCredential;
  action: string;
  resource: string;
  resourcePolicy?: { ownerAccountId: string; policy?: string };
  /** Extra condition keys (s3:prefix, …). */
  context?: Record<string, string | string[]>;
}

function factsOf(req: AuthzRequest): RequestFacts {
  const p = req.ctx.principal;
  return {
    principal: { arn: p.arn, accountId: p.accountId, isRoot: p.type === 'Root', userId: p.principalId, userName: p.userName, roleArn: p.session?.roleArn },
    action: req.action,
    resource: req.resource,
    context: {
      'aws:SourceIp': req.ctx.sourceIp,
      'aws:PrincipalArn': p.session?.roleArn ?? p.arn,
      'aws:PrincipalAccount': p.accountId,
      'aws:userid': p.principalId,
      ...(p.userName ? { 'aws:username': p.userName } : {}),
      'aws:CurrentTime': req.ctx.clock.now().toISOString(),
      'aws:SecureTransport': 'false',
      ...req.context,
    },
  };
}

const parsed = new Map<string, PolicyDocument>();
function policyOf(text: string): PolicyDocument {
  let doc = parsed.get(text);
  if (!doc) {
    doc = parsePolicy(text);
    if (parsed.size > 10_000) parsed.clear();
    parsed.set(text, doc);
  }
  return doc;
}

export function authorizeRequest(req: AuthzRequest): AuthzDecision {
  const facts = factsOf(req);
  const resourcePolicy = req.resourcePolicy?.policy ? policyOf(req.resourcePolicy.policy) : undefined;
  const sameAccount = !req.resourcePolicy || req.resourcePolicy.ownerAccountId === req.ctx.accountId;
  if (req.ctx.principal.type === 'Root' && sameAccount) {
    // The owner's root user is never locked out of its own resources by a bucket policy … except by an explicit deny
    // naming it, which S3 does honour; identity policies do not apply to root.
    if (resourcePolicy && evaluate(facts, [], resourcePolicy) === 'ExplicitDeny') return { allowed: false, reason: 'explicit-deny-resource' };
    return { allowed: true };
  }
  const identity = req.credential.policies.map(policyOf);
  if (resourcePolicy && evaluate(facts, [], resourcePolicy) === 'ExplicitDeny') return { allowed: false, reason: 'explicit-deny-resource' };
  const decision = evaluate(facts, identity, sameAccount ? resourcePolicy : undefined);
  if (decision === 'ExplicitDeny') return { allowed: false, reason: 'explicit-deny' };
  if (decision !== 'Allow') {
    // Across accounts both sides must allow: the identity policy here and the resource policy of the owner.
    return { allowed: false, reason: 'implicit-deny' };
  }
  if (!sameAccount && (!resourcePolicy || evaluate(facts, [], resourcePolicy) !== 'Allow')) return { allowed: false, reason: 'implicit-deny' };
  if (req.credential.sessionPolicy && evaluate(facts, [policyOf(req.credential.sessionPolicy)]) !== 'Allow') return { allowed: false, reason: 'session-policy' };
  return { allowed: true };
}

/** Whether a role's trust policy lets the caller assume it (with the ExternalId it sent, if any). */
export function evaluateTrust(trustPolicy: string, ctx: RequestContext, externalId?: string): boolean {
  const p = ctx.principal;
  const facts: RequestFacts = {
    principal: { arn: p.arn, accountId: p.accountId, isRoot: p.type === 'Root', userId: p.principalId, userName: p.userName, roleArn: p.session?.roleArn },
    action: 'sts:AssumeRole',
    resource: '*',
    context: {
      'aws:SourceIp': ctx.sourceIp,
      'aws:PrincipalArn': p.session?.roleArn ?? p.arn,
      'aws:PrincipalAccount': p.accountId,
      ...(externalId !== undefined ? { 'sts:ExternalId': externalId } : {}),
    },
  };
  return evaluate(facts, [], policyOf(trustPolicy)) === 'Allow';
}

/** Validates a policy document for IAM's Put*Policy / CreateRole, as IAM's MalformedPolicyDocument. */
export function checkPolicyDocument(text: string, kind: 'identity' | 'trust'): void {
  try {
    const doc = parsePolicy(text);
    if (kind === 'identity' && doc.Statement.some((s) => s.Principal !== undefined || s.NotPrincipal !== undefined)) {
      throw new Error('Policy document should not specify a principal.');
    }
    if (kind === 'trust' && doc.Statement.some((s) => s.Principal === undefined && s.NotPrincipal === undefined)) {
      throw new Error('AssumeRolepolicy contained an invalid principal: Missing Principal');
    }
  } catch (err) {
    throw new ServiceError('MalformedPolicyDocument', (err as Error).message, 400);
  }
}
