// Authorization: the action an operation needs, every resource ARN it acts on and its request condition keys (as
// AWS's Service Authorization Reference lists them, iam/actions), each ARN evaluated with IAM's policy evaluation
// logic against the principal's identity policies, permissions boundary, session policies and the resource's own
// policy (S3 bucket policies). Denials are AWS's AccessDenied error in the service's dialect.
import { ServiceError, type RequestContext } from '../../common/index.js';
import type { ResolvedCredential } from '../../iam/index.js';
import { authorizeRequest, deriveAuthorization, passedRoles, testsResourceTags, type AuthzDecision, type DeriveContext } from '../../iam/index.js';
import { resourceTagKeys } from './resource-tags.js';
import type { ServiceRegistration } from '../../services/types.js';

/** The AccessDenied code each service uses. */
const DENIED_CODE: Record<string, string> = {
  sts: 'AccessDenied',
  iam: 'AccessDenied',
  s3: 'AccessDenied',
};

export function accessDenied(service: string, decision: AuthzDecision): ServiceError {
  const message = service === 's3' ? 'Access Denied' : (decision.message ?? 'Access denied');
  return new ServiceError(DENIED_CODE[service] ?? 'AccessDeniedException', message, 403);
}

export interface AuthorizeDeps {
  /** An IAM user's or role's path, for ARNs that carry it (iam:GetUser on a user under /dev/). */
  pathOf?(accountId: string, kind: string, name: string): Promise<string | undefined>;
}

export async function authorize(
  reg: ServiceRegistration,
  signingName: string,
  operation: string,
  input: unknown,
  ctx: RequestContext,
  credential: ResolvedCredential,
  deps: AuthorizeDeps = {},
): Promise<{ action: string; resource: string; resources: string[] }> {
  const action = reg.actionOf?.(operation, input) ?? `${signingName}:${operation}`;
  // sts:GetCallerIdentity needs no permission: it answers even when every action is denied.
  if (action === 'sts:GetCallerIdentity') return { action, resource: '*', resources: ['*'] };
  // Built field by field: a spread of an optional part cost an object and a copy on every call.
  const deriveCtx: DeriveContext = { accountId: ctx.accountId, region: ctx.region, callerArn: ctx.principal.arn, callerType: ctx.principal.type };
  if (deps.pathOf) deriveCtx.pathOf = (kind: string, name: string) => deps.pathOf!(ctx.accountId, kind, name);
  const derived = await deriveAuthorization(action, input, deriveCtx);
  // Batch operations AWS authorizes item by item (S3 DeleteObjects: each key as s3:DeleteObject) decide in the provider.
  if (reg.authorizesItems?.(operation) || reg.authorizesItself?.(operation)) return { action, resource: reg.resourceOf?.(operation, input, ctx) ?? derived.resources[0]!, resources: derived.resources };
  const resourcePolicy = await reg.resourcePolicyOf?.(operation, input, ctx);
  // A resource's own tags are read only when a policy in play tests them.
  const withTags = derived.tagged && testsResourceTags(credential, resourcePolicy?.policy) ? derived.tagged : undefined;
  for (const resource of derived.resources) {
    const tagged = withTags?.find((t) => t.arn === resource);
    const context = tagged ? { ...(await resourceTagKeys(reg.service, reg.provider, ctx, resource, tagged.prefixes)), ...derived.context } : derived.context;
    const decision = authorizeRequest({ ctx, credential, action, resource, resourcePolicy, context });
    if (!decision.allowed) throw accessDenied(reg.service, decision);
  }
  // A role handed to the service needs iam:PassRole on it as well.
  const passed = passedRoles(action, input, ctx.accountId);
  for (const given of passed?.roles ?? []) {
    // A role named without its ARN (AddRoleToInstanceProfile) is found under its path.
    const role = passed!.byName ? `arn:aws:iam::${ctx.accountId}:role${(await deps.pathOf?.(ctx.accountId, 'role', given)) ?? '/'}${given}` : given;
    const associated = passed!.associatedResource ?? derived.resources[0] ?? '*';
    const decision = authorizeRequest({ ctx, credential, action: 'iam:PassRole', resource: role, context: { 'iam:PassedToService': passed!.service, 'iam:AssociatedResourceArn': associated } });
    if (!decision.allowed) throw accessDenied(reg.service, decision);
  }
  const resource = reg.resourceOf?.(operation, input, ctx) ?? derived.resources[0]!;
  return { action, resource, resources: derived.resources };
}
