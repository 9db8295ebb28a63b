// IAM's policy evaluation logic for one request (single account and cross-account):
//   1. an explicit Deny in any applicable policy (identity, resource, session, permissions boundary) → ExplicitDeny;
//   2. same account: an Allow in the resource policy that names the caller (or its role) is enough; otherwise an
//      Allow in an identity policy is needed, limited by the permissions boundary and session policies if any;
//      the account's root user is allowed everything unless denied;
//   3. cross-account: the resource policy must allow the caller (or its account) AND the caller's identity policies
//      must allow;
//   4. otherwise ImplicitDeny.
// Role trust policies are required: an identity policy alone never lets a caller assume a role
// (`resourcePolicyRequired`).
// A statement applies when its Action/NotAction, Resource/NotResource, Principal/NotPrincipal and every Condition match.
import type { PolicyDocument, Statement } from './types.js';
import { conditionsMatch } from './conditions.js';
import { excludedByNotPrincipal, matchPrincipal, type PrincipalMatch } from './principal.js';
import { buildRequestValues, principalType, type ContextValue, type EvaluationPrincipal, type RequestValues } from './request-context.js';
import { actionMatch, arnParts, wildcardMatch } from './wildcard.js';

export type Decision = 'Allow' | 'ExplicitDeny' | 'ImplicitDeny';
export type PolicySource = 'identity' | 'resource' | 'session' | 'boundary';

export interface EvaluationRequest {
  principal: EvaluationPrincipal;
  /** `service:Action`, e.g. `macie2:ListFindings`. */
  action: string;
  /** The resource ARN (or `*` for actions without a resource). */
  resource: string;
  /** The account owning the resource; by default the ARN's account, else the caller's (S3 bucket ARNs carry none). */
  resourceAccountId?: string;
  context?: Record<string, ContextValue>;
}

export interface EvaluationOptions {
  /** Session policies passed to AssumeRole (inline Policy and PolicyArns). */
  sessionPolicies?: PolicyDocument[];
  permissionsBoundary?: PolicyDocument;
  /** Supplies aws:CurrentTime and aws:EpochTime. */
  now?: Date;
  /** The resource policy must allow even within the account (role trust policies, KMS key policies). */
  resourcePolicyRequired?: boolean;
}

export interface MatchedStatement {
  source: PolicySource;
  /** Index of the policy within its source list. */
  policyIndex: number;
  statementIndex: number;
  sid?: string;
  effect: 'Allow' | 'Deny';
  principalMatch?: PrincipalMatch;
}

export interface EvaluationResult {
  decision: Decision;
  /** Every statement that applied. */
  matched: MatchedStatement[];
  /** Why the request was denied, in the words AWS uses in AccessDenied messages. */
  reason?: 'explicit-deny-identity' | 'explicit-deny-resource' | 'explicit-deny-session' | 'explicit-deny-boundary' | 'no-identity-allow' | 'no-resource-allow' | 'no-session-allow' | 'no-boundary-allow';
}

function anyMatch(patterns: string[], test: (p: string) => boolean): boolean {
  return patterns.some(test);
}

function statementApplies(s: Statement, req: EvaluationRequest, values: RequestValues, variables: RequestValues | undefined): boolean {
  if (s.action && !anyMatch(s.action, (p) => actionMatch(p, req.action))) return false;
  if (s.notAction && anyMatch(s.notAction, (p) => actionMatch(p, req.action))) return false;
  if (s.resource && !anyMatch(s.resource, (p) => wildcardMatch(p, req.resource, variables))) return false;
  if (s.notResource && anyMatch(s.notResource, (p) => wildcardMatch(p, req.resource, variables))) return false;
  return conditionsMatch(s.conditions, values, variables);
}

function collect(source: PolicySource, policies: PolicyDocument[], req: EvaluationRequest, values: RequestValues, out: MatchedStatement[]): void {
  policies.forEach((policy, policyIndex) => {
    const variables = policy.version === '2012-10-17' ? values : undefined;
    policy.statements.forEach((s, statementIndex) => {
      let principalMatch: PrincipalMatch | undefined;
      if (source === 'resource') {
        if (s.principal) {
          principalMatch = matchPrincipal(s.principal, req.principal);
          if (!principalMatch) return;
        } else if (s.notPrincipal) {
          if (excludedByNotPrincipal(s.notPrincipal, req.principal, s.effect)) return;
          principalMatch = 'direct';
        } else return;
      }
      if (!statementApplies(s, req, values, variables)) return;
      out.push({ source, policyIndex, statementIndex, ...(s.sid !== undefined ? { sid: s.sid } : {}), effect: s.effect, ...(principalMatch ? { principalMatch } : {}) });
    });
  });
}

export function resourceAccountOf(req: EvaluationRequest): string {
  if (req.resourceAccountId) return req.resourceAccountId;
  const account = arnParts(req.resource)?.[4];
  return account && /^\d{12}$/.test(account) ? account : req.principal.accountId;
}

// Whether a policy ever looks at the request's values: a Condition, or a policy variable in a Resource. Policies are
// parsed once and shared (iam/authorize.ts), so this is worked out once per document.
const readsValues = new WeakMap<PolicyDocument, boolean>();
function readsRequestValues(policy: PolicyDocument | undefined): boolean {
  if (!policy) return false;
  let reads = readsValues.get(policy);
  if (reads === undefined) {
    const variable = (patterns: string[] | undefined) => patterns?.some((p) => p.includes('${')) ?? false;
    reads = policy.statements.some((s) => s.conditions.length > 0 || variable(s.resource) || variable(s.notResource));
    readsValues.set(policy, reads);
  }
  return reads;
}

export function evaluateDetailed(
  request: EvaluationRequest,
  identityPolicies: PolicyDocument[],
  resourcePolicy?: PolicyDocument,
  options: EvaluationOptions = {},
): EvaluationResult {
  // The request's values (its context keys, the principal's, the time) are built only when a policy reads them.
  const needsValues =
    identityPolicies.some(readsRequestValues) || readsRequestValues(resourcePolicy) || (options.sessionPolicies?.some(readsRequestValues) ?? false) || readsRequestValues(options.permissionsBoundary);
  const values: RequestValues = needsValues ? buildRequestValues(request.principal, request.context, options.now) : new Map();
  const matched: MatchedStatement[] = [];
  const type = principalType(request.principal);
  const hasIdentity = type !== 'Anonymous' && type !== 'AWSService';
  if (hasIdentity) collect('identity', identityPolicies, request, values, matched);
  if (resourcePolicy) collect('resource', [resourcePolicy], request, values, matched);
  if (options.sessionPolicies) collect('session', options.sessionPolicies, request, values, matched);
  if (options.permissionsBoundary) collect('boundary', [options.permissionsBoundary], request, values, matched);

  const deny = matched.find((m) => m.effect === 'Deny');
  if (deny) return { decision: 'ExplicitDeny', matched, reason: `explicit-deny-${deny.source}` };

  const allows = (source: PolicySource) => matched.some((m) => m.source === source && m.effect === 'Allow');
  const resourceAllow = matched
    .filter((m) => m.source === 'resource' && m.effect === 'Allow')
    .reduce<PrincipalMatch | undefined>((best, m) => (best === 'direct' || m.principalMatch === 'direct' ? 'direct' : best === 'role' || m.principalMatch === 'role' ? 'role' : m.principalMatch), undefined);
  const sessionOk = !options.sessionPolicies || allows('session');
  const boundaryOk = !options.permissionsBoundary || allows('boundary');
  const isRoot = type === 'Root';
  const identityAllowed = isRoot || (allows('identity') && sessionOk && boundaryOk);
  const crossAccount = resourceAccountOf(request) !== request.principal.accountId;

  const allow = (): EvaluationResult => ({ decision: 'Allow', matched });
  const implicit = (reason: EvaluationResult['reason']): EvaluationResult => ({ decision: 'ImplicitDeny', matched, ...(reason ? { reason } : {}) });

  if (!hasIdentity) return resourceAllow ? allow() : implicit('no-resource-allow');
  if (crossAccount) {
    if (!resourceAllow) return implicit('no-resource-allow');
    return identityAllowed ? allow() : implicit(!allows('identity') ? 'no-identity-allow' : !sessionOk ? 'no-session-allow' : 'no-boundary-allow');
  }
  if (options.resourcePolicyRequired && !resourceAllow) return implicit('no-resource-allow');
  if (isRoot) return allow();
  if (resourceAllow === 'direct') return allow();
  if (resourceAllow === 'role' && sessionOk && boundaryOk) return allow();
  if (identityAllowed) return allow();
  if (!allows('identity')) return implicit(resourcePolicy ? 'no-resource-allow' : 'no-identity-allow');
  return implicit(!sessionOk ? 'no-session-allow' : 'no-boundary-allow');
}

/** The decision for one request: explicit deny wins, then an allow (per the rules above), else implicit deny. */
export function evaluate(request: EvaluationRequest, identityPolicies: PolicyDocument[], resourcePolicy?: PolicyDocument, options?: EvaluationOptions): Decision {
  return evaluateDetailed(request, identityPolicies, resourcePolicy, options).decision;
}

export interface AssumeRoleRequest {
  caller: EvaluationPrincipal;
  /** sts:AssumeRole by default; sts:TagSession when session tags are passed. */
  action?: string;
  roleArn: string;
  /** The role's AssumeRolePolicyDocument. */
  trustPolicy: PolicyDocument;
  /** The caller's identity policies (they must allow sts:AssumeRole when the trust policy names only the account). */
  callerPolicies: PolicyDocument[];
  /** sts:ExternalId, aws:SourceIp, aws:MultiFactorAuthPresent, sts:RoleSessionName … */
  context?: Record<string, ContextValue>;
  now?: Date;
  /** The caller's own bounds (a session's policies, its permissions boundary) limit what its identity policies allow. */
  sessionPolicies?: PolicyDocument[];
  permissionsBoundary?: PolicyDocument;
}

/** Whether the caller may assume the role: the trust policy is the role's resource policy for sts:AssumeRole. */
export function evaluateAssumeRole(req: AssumeRoleRequest): EvaluationResult {
  return evaluateDetailed(
    { principal: req.caller, action: req.action ?? 'sts:AssumeRole', resource: req.roleArn, ...(req.context ? { context: req.context } : {}) },
    req.callerPolicies,
    req.trustPolicy,
    {
      resourcePolicyRequired: true,
      ...(req.now ? { now: req.now } : {}),
      ...(req.sessionPolicies ? { sessionPolicies: req.sessionPolicies } : {}),
      ...(req.permissionsBoundary ? { permissionsBoundary: req.permissionsBoundary } : {}),
    },
  );
}

const REASON_TEXT: Record<NonNullable<EvaluationResult['reason']>, (action: string) => string> = {
  'explicit-deny-identity': () => 'with an explicit deny in an identity-based policy',
  'explicit-deny-resource': () => 'with an explicit deny in a resource-based policy',
  'explicit-deny-session': () => 'with an explicit deny in a session policy',
  'explicit-deny-boundary': () => 'with an explicit deny in a permissions boundary',
  'no-identity-allow': (a) => `because no identity-based policy allows the ${a} action`,
  'no-resource-allow': (a) => `because no resource-based policy allows the ${a} action`,
  'no-session-allow': (a) => `because no session policy allows the ${a} action`,
  'no-boundary-allow': (a) => `because no permissions boundary allows the ${a} action`,
};

/** AWS's AccessDenied wording: "User: <arn> is not authorized to perform: <action> on resource: <res> because …". */
export function accessDeniedMessage(request: EvaluationRequest, result: EvaluationResult): string {
  const base = `User: ${request.principal.arn} is not authorized to perform: ${request.action} on resource: ${request.resource}`;
  return result.reason ? `${base} ${REASON_TEXT[result.reason](request.action)}` : base;
}
