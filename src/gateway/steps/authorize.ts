// Authorization: IAM policy evaluation of the principal's identity policies (and an assumed role's session policy)
// plus the resource's own policy (S3 bucket policies). Root is allowed in its own account. Denials are AWS's
// AccessDenied error in the service's dialect, worded as AWS words them.
import { ServiceError, type RequestContext } from '../../common/index.js';
import type { ResolvedCredential } from '../../iam/index.js';
import { authorizeRequest, type AuthzDecision } from '../../iam/index.js';
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

export async function authorize(
  reg: ServiceRegistration,
  signingName: string,
  operation: string,
  input: unknown,
  ctx: RequestContext,
  credential: ResolvedCredential,
): Promise<{ action: string; resource: string }> {
  const action = reg.actionOf?.(operation) ?? `${signingName}:${operation}`;
  const resource = reg.resourceOf?.(operation, input, ctx) ?? '*';
  // sts:GetCallerIdentity needs no permission: it answers even when every action is denied.
  if (action === 'sts:GetCallerIdentity') return { action, resource };
  // Batch operations AWS authorizes item by item (S3 DeleteObjects: each key as s3:DeleteObject) decide in the provider.
  if (reg.authorizesItems?.(operation)) return { action, resource };
  const resourcePolicy = await reg.resourcePolicyOf?.(operation, input, ctx);
  const decision = authorizeRequest({ ctx, credential, action, resource, resourcePolicy });
  if (!decision.allowed) throw accessDenied(reg.service, decision);
  return { action, resource };
}
