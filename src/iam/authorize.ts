// Deciding whether a call is allowed, with AWS's evaluation logic (./policy): the principal's identity policies, its
// permissions boundary, an assumed role's session policies and the resource's own policy (S3 bucket policies), root
// allowed in its own account unless explicitly denied. The request context carries the global condition keys AWS
// supplies (aws:SourceIp, aws:RequestedRegion, aws:CurrentTime, aws:MultiFactorAuthPresent, aws:PrincipalTag/… …)
// and the request's own keys (derived from the Service Authorization Reference, ./actions). Parsed policies are
// compiled once per resolved credential (the credential cache drops it when IAM changes).
import type { RequestContext } from '../common/index.js';
import type { ResolvedCredential } from './identity.js';
import {
  accessDeniedMessage,
  evaluateAssumeRole,
  evaluateDetailed,
  evaluationPrincipalOf,
  parsePolicy,
  type ContextValue,
  type EvaluationOptions,
  type EvaluationPrincipal,
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
  /** `required`: the resource policy must allow even within the account (KMS key policies). */
  resourcePolicy?: { ownerAccountId: string; policy?: string; required?: boolean };
  /** Request condition keys (s3:prefix, aws:TagKeys, …). */
  context?: Record<string, ContextValue>;
}

const cache = new Map<string, PolicyDocument>();
function policyOf(text: string, kind: PolicyKind): PolicyDocument {
  const key = `${kind}\u0000${text}`;
  let doc = cache.get(key);
  if (!doc) {
    // Stored policies were validated when written; a 2008-10-17 one stays valid (its variables are literal text).
    doc = parsePolicy(text, kind, { requireCurrentVersion: false });
    if (cache.size > 10_000) cache.clear();
    cache.set(key, doc);
  }
  return doc;
}

/** What a credential brings to every evaluation, compiled once per resolved credential. */
interface CompiledCredential {
  principal: EvaluationPrincipal;
  identity: PolicyDocument[];
  options: Omit<EvaluationOptions, 'now'>;
  keys: Record<string, ContextValue>;
  /** Whether any of its policies tests a resource's tags (so they are looked up only then). */
  testsResourceTags: boolean;
}

const RESOURCE_TAG_KEY = /(resourcetag|existingobjecttag)\//i;
const testsTags = (docs: (PolicyDocument | undefined)[]) => docs.some((d) => d?.statements.some((s) => s.conditions.some((c) => RESOURCE_TAG_KEY.test(c.key))));

/** Whether the caller's policies or the resource policy test the resource's tags (aws:ResourceTag/…). */
export function testsResourceTags(credential: ResolvedCredential, resourcePolicy?: string): boolean {
  return compile(credential).testsResourceTags || (resourcePolicy !== undefined && RESOURCE_TAG_KEY.test(resourcePolicy));
}
const compiled = new WeakMap<ResolvedCredential, CompiledCredential>();

/** A boundary whose policy no longer exists allows nothing. */
const NOTHING: PolicyDocument = { version: '2012-10-17', statements: [] };

function compile(credential: ResolvedCredential): CompiledCredential {
  let c = compiled.get(credential);
  if (c) return c;
  const p = credential.principal;
  const keys: Record<string, ContextValue> = { 'aws:PrincipalIsAWSService': 'false', 'aws:ViaAWSService': 'false' };
  if (p.type === 'AssumedRole') {
    // Temporary credentials say whether MFA was used to get them; long-term ones carry no such key (AWS).
    keys['aws:MultiFactorAuthPresent'] = credential.mfaAt ? 'true' : 'false';
    if (credential.issuedAt) keys['aws:TokenIssueTime'] = credential.issuedAt.toISOString().replace(/\.\d{3}Z$/, 'Z');
  }
  const options: Omit<EvaluationOptions, 'now'> = {};
  if (credential.sessionPolicies) options.sessionPolicies = credential.sessionPolicies.map((t) => policyOf(t, 'session'));
  else if (credential.sessionPolicy) options.sessionPolicies = [policyOf(credential.sessionPolicy, 'session')];
  if (credential.permissionsBoundary) options.permissionsBoundary = credential.permissionsBoundary.document !== undefined ? policyOf(credential.permissionsBoundary.document, 'identity') : NOTHING;
  c = {
    principal: evaluationPrincipalOf(p, credential.tags),
    identity: credential.policies.map((t) => policyOf(t, 'identity')),
    options,
    keys,
    testsResourceTags: false,
  };
  c.testsResourceTags = testsTags([...c.identity, options.permissionsBoundary, ...(options.sessionPolicies ?? [])]);
  compiled.set(credential, c);
  return c;
}

/** Global condition keys of this request. */
export function requestKeys(ctx: RequestContext, credential?: ResolvedCredential): Record<string, ContextValue> {
  const keys: Record<string, ContextValue> = {
    'aws:SourceIp': ctx.sourceIp,
    'aws:SecureTransport': 'false',
    'aws:RequestedRegion': ctx.region,
    ...(ctx.userAgent ? { 'aws:UserAgent': ctx.userAgent } : {}),
  };
  if (credential?.mfaAt) keys['aws:MultiFactorAuthAge'] = String(Math.max(0, Math.floor((ctx.clock.nowMs() - credential.mfaAt.getTime()) / 1000)));
  return keys;
}

export function authorizeRequest(req: AuthzRequest): AuthzDecision {
  // An isolated account (an operator's `sift accounts isolate`, the stand-in for AWS isolating an account) may do
  // nothing at all, its root user included, whatever its policies say.
  if (req.credential.accountIsolated) {
    const who = req.credential.principal;
    return { allowed: false, explicit: true, message: `User: ${who.arn} is not authorized to perform: ${req.action} on resource: ${req.resource} because the account ${who.accountId} is isolated` };
  }
  const c = compile(req.credential);
  // The context (three objects merged) is built only if a policy reads it: the evaluation asks for it then, and most
  // calls' policies have no condition (the root user's none at all). Its merge cost more than the evaluation itself.
  let context: Record<string, ContextValue> | undefined;
  const evaluation: EvaluationRequest = {
    principal: c.principal,
    action: req.action,
    resource: req.resource,
    get context() {
      return (context ??= { ...c.keys, ...requestKeys(req.ctx, req.credential), ...req.context });
    },
  };
  if (req.resourcePolicy) evaluation.resourceAccountId = req.resourcePolicy.ownerAccountId;
  const options: EvaluationOptions = { now: req.ctx.clock.now() };
  if (c.options.sessionPolicies) options.sessionPolicies = c.options.sessionPolicies;
  if (c.options.permissionsBoundary) options.permissionsBoundary = c.options.permissionsBoundary;
  if (req.resourcePolicy?.required) options.resourcePolicyRequired = true;
  const result = evaluateDetailed(evaluation, c.identity, req.resourcePolicy?.policy ? policyOf(req.resourcePolicy.policy, 'resource') : undefined, options);
  if (result.decision === 'Allow') return { allowed: true };
  return { allowed: false, explicit: result.decision === 'ExplicitDeny', message: accessDeniedMessage(evaluation, result) };
}

/**
 * Whether the caller may assume a role. The trust policy is the role's resource-based policy for sts:AssumeRole:
 * naming the caller's own ARN (same account) is enough on its own; naming only the account needs the caller's
 * identity policies to allow too; another account always needs both.
 */
export function evaluateTrust(
  roleArn: string,
  trustPolicy: string,
  ctx: RequestContext,
  caller: ResolvedCredential | string[],
  requestContext: Record<string, ContextValue> = {},
  action = 'sts:AssumeRole',
): AuthzDecision {
  const credential: ResolvedCredential = Array.isArray(caller) ? { secretAccessKey: '', policies: caller, principal: ctx.principal } : caller;
  const c = compile(credential);
  const result = evaluateAssumeRole({
    caller: c.principal,
    action,
    roleArn,
    trustPolicy: policyOf(trustPolicy, 'trust'),
    callerPolicies: c.identity,
    context: {
      ...c.keys,
      ...requestKeys(ctx, credential),
      // A service acting for an account says which (the confused-deputy guard trust policies test).
      ...(ctx.principal.type === 'AWSService' ? { 'aws:SourceAccount': ctx.accountId } : {}),
      ...requestContext,
    },
    now: ctx.clock.now(),
    ...c.options,
  });
  if (result.decision === 'Allow') return { allowed: true };
  return { allowed: false, message: accessDeniedMessage({ principal: c.principal, action, resource: roleArn }, result) };
}

/** Validates a policy document for IAM's Put*Policy / CreateRole; throws IAM's MalformedPolicyDocument. */
export function checkPolicyDocument(text: string, kind: PolicyKind): void {
  parsePolicy(text, kind);
}
