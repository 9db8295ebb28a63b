// Who may use a key, decided as KMS does: the key policy is authoritative. A caller is allowed when the key policy
// names it, or when the key policy allows its account (the root principal) and its own IAM policies allow too;
// an explicit Deny anywhere wins. Three kinds of callers:
//   - an API caller (its request's authorizer, with its identity, session and boundary policies);
//   - an AWS service principal acting for an account (logs.<region>.amazonaws.com, macie.amazonaws.com): only the key
//     policy can allow it;
//   - a service-linked role (Macie's, reading objects for a job): it has no IAM policy granting KMS use, so only a key
//     policy statement naming the role (or one open to the account's callers, as AWS managed keys are) allows it.
import type { RequestContext } from '../../common/index.js';
import { evaluateDetailed, parsePolicy, type ContextValue, type EvaluationPrincipal } from '../../iam/index.js';
import { kmsErrors } from './errors.js';
import type { KeyRow } from './keys-repo.js';

export type KmsCaller =
  /** An API call (direct, or through S3 with `viaService`). */
  | { kind: 'request'; ctx: RequestContext; viaService?: string }
  /** An AWS service principal acting for `accountId` (its key policy statement may test aws:SourceArn). */
  | { kind: 'service'; service: string; accountId: string; region: string; sourceArn?: string; viaService?: string }
  /** An account's service-linked role (no IAM policy of its own grants KMS use). */
  | { kind: 'role'; roleArn: string; sessionName: string; accountId: string; region: string; viaService?: string };

export function callerAccount(caller: KmsCaller): string {
  return caller.kind === 'request' ? caller.ctx.accountId : caller.accountId;
}

export function callerRegion(caller: KmsCaller): string {
  return caller.kind === 'request' ? caller.ctx.region : caller.region;
}

function callerArn(caller: KmsCaller): string {
  if (caller.kind === 'request') return caller.ctx.principal.arn;
  if (caller.kind === 'service') return caller.service;
  return `arn:aws:sts::${caller.accountId}:assumed-role/${caller.roleArn.split('/').pop()}/${caller.sessionName}`;
}

/** KMS's condition keys for a call on `key`: kms:CallerAccount, kms:ViaService, kms:EncryptionContext:… */
function kmsContext(caller: KmsCaller, extra: Record<string, ContextValue>): Record<string, ContextValue> {
  const context: Record<string, ContextValue> = { 'kms:CallerAccount': callerAccount(caller), ...extra };
  if (caller.viaService) context['kms:ViaService'] = caller.viaService;
  if (caller.kind === 'service') {
    context['aws:SourceAccount'] = caller.accountId;
    if (caller.sourceArn) context['aws:SourceArn'] = caller.sourceArn;
  }
  return context;
}

/** The condition keys of an encryption context (kms:EncryptionContext:<key>, kms:EncryptionContextKeys). */
export function encryptionContextKeys(context: Record<string, string> | undefined): Record<string, ContextValue> {
  const out: Record<string, ContextValue> = {};
  const keys = Object.keys(context ?? {});
  if (keys.length) out['kms:EncryptionContextKeys'] = keys;
  for (const k of keys) out[`kms:EncryptionContext:${k}`] = context![k]!;
  return out;
}

/** Throws KMS's AccessDeniedException unless `caller` may perform `action` on `key`. */
export async function requireKeyAccess(caller: KmsCaller, action: string, key: KeyRow, extra: Record<string, ContextValue> = {}): Promise<void> {
  if (!(await mayUseKey(caller, action, key, extra))) throw kmsErrors.accessDenied(callerArn(caller), action, key.arn);
}

export async function mayUseKey(caller: KmsCaller, action: string, key: KeyRow, extra: Record<string, ContextValue> = {}): Promise<boolean> {
  const context = kmsContext(caller, extra);
  if (caller.kind === 'request') {
    // Sift's own internal calls (no authorizer) act for the account as the service that makes them.
    if (!caller.ctx.authorizer) return caller.ctx.principal.type === 'AWSService' ? allowedFor(serviceAsPrincipal(caller.ctx.principal.invokedBy ?? '', caller.ctx.accountId), action, key, context) : false;
    return caller.ctx.authorizer.isAllowed({ action, resource: key.arn, resourcePolicy: { ownerAccountId: key.account_id, policy: key.policy, required: true }, context: context as Record<string, string | string[]> });
  }
  if (caller.kind === 'service') return allowedFor(serviceAsPrincipal(caller.service, caller.accountId), action, key, context);
  const principal: EvaluationPrincipal = { arn: callerArn(caller), accountId: caller.accountId, type: 'AssumedRole', roleArn: caller.roleArn };
  return allowedFor(principal, action, key, context);
}

function serviceAsPrincipal(service: string, accountId: string): EvaluationPrincipal {
  return { arn: service, accountId, type: 'AWSService', service };
}

function allowedFor(principal: EvaluationPrincipal, action: string, key: KeyRow, context: Record<string, ContextValue>): boolean {
  const policy = parsePolicy(key.policy, 'resource', { requireCurrentVersion: false });
  const result = evaluateDetailed({ principal, action, resource: key.arn, resourceAccountId: key.account_id, context }, [], policy, { resourcePolicyRequired: true });
  return result.decision === 'Allow';
}
