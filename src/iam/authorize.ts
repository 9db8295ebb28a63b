// Deciding whether a call is allowed, with AWS's evaluation logic (./policy): the principal's identity policies, an
// assumed role's session policy and the resource's own policy (S3 bucket policies), root allowed in its own account
// unless explicitly denied. Parsed policy documents are cached by their text.
import type { RequestContext } from '../common/index.js';
import type { ResolvedCredential } from './identity.js';
import {
  accessDeniedMessage,
  evaluateAssumeRole,
  evaluateDetailed,
  evaluationPrincipalOf,
  parsePolicy,
  type EvaluationRequest,
  type PolicyDocument,
  type PolicyKind,
} from './policy/index.js';

export interface AuthzDecision {
  allowed: boolean;
  /** AWS's AccessDenied message for a denial. */
  message?: string;
  explicit?: boolean;
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

const cache = new Map<string, PolicyDocument>();
function policyOf(text: string, kind: PolicyKind): PolicyDocument {
  const key = `${kind}\u0000${text}`;
  let doc = cache.get(key);
  if (!doc) {
    doc = parsePolicy(text, kind);
    if (cache.size > 10_000) cache.clear();
    cache.set(key, doc);
  }
  return doc;
}

function baseContext(ctx: RequestContext): Record<string, string> {
  return { 'aws:SourceIp': ctx.sourceIp, 'aws:SecureTransport': 'false' };
}

export function authorizeRequest(req: AuthzRequest): AuthzDecision {
  const evaluation: EvaluationRequest = {
    principal: evaluationPrincipalOf(req.ctx.principal),
    action: req.action,
    resource: req.resource,
    ...(req.resourcePolicy ? { resourceAccountId: req.resourcePolicy.ownerAccountId } : {}),
    context: { ...baseContext(req.ctx), ...req.context },
  };
  const result = evaluateDetailed(
    evaluation,
    req.credential.policies.map((p) => policyOf(p, 'identity')),
    req.resourcePolicy?.policy ? policyOf(req.resourcePolicy.policy, 'resource') : undefined,
    { now: req.ctx.clock.now(), ...(req.credential.sessionPolicy ? { sessionPolicies: [policyOf(req.credential.sessionPolicy, 'session')] } : {}) },
  );
  if (result.decision === 'Allow') return { allowed: true };
  return { allowed: false, explicit: result.decision === 'ExplicitDeny', message: accessDeniedMessage(evaluation, result) };
}

/** Whether the caller may assume a role: its trust policy, and for same-account trust of the account, the caller's own policies. */
export function evaluateTrust(roleArn: string, trustPolicy: string, ctx: RequestContext, callerPolicies: string[], externalId?: string): AuthzDecision {
  const caller = evaluationPrincipalOf(ctx.principal);
  const result = evaluateAssumeRole({
    caller,
    roleArn,
    trustPolicy: policyOf(trustPolicy, 'trust'),
    callerPolicies: callerPolicies.map((p) => policyOf(p, 'identity')),
    context: {
      ...baseContext(ctx),
      ...(externalId !== undefined ? { 'sts:ExternalId': externalId } : {}),
      // A service acting for an account says which (the confused-deputy guard trust policies test).
      ...(ctx.principal.type === 'AWSService' ? { 'aws:SourceAccount': ctx.accountId } : {}),
    },
    now: ctx.clock.now(),
  });
  if (result.decision === 'Allow') return { allowed: true };
  return { allowed: false, message: accessDeniedMessage({ principal: caller, action: 'sts:AssumeRole', resource: roleArn }, result) };
}

/** Validates a policy document for IAM's Put*Policy / CreateRole; throws IAM's MalformedPolicyDocument. */
export function checkPolicyDocument(text: string, kind: PolicyKind): void {
  parsePolicy(text, kind);
}
