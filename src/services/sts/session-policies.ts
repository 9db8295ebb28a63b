// The session policies every AssumeRole* call may pass: an inline Policy and managed PolicyArns (which "must exist
// in the same account as the role"), 2,048 plaintext characters at most together, and the PackedPolicySize STS reports.
import { ServiceError } from '../../common/index.js';
import type { ManagedPolicies } from '../../iam/index.js';
import { checkPolicyDocument } from '../../iam/index.js';

export interface SessionPolicies {
  policyArns: string[];
  /** The percentage STS reports, when anything was packed. */
  packedPolicySize?: number;
}

export async function checkSessionPolicies(
  managed: ManagedPolicies,
  roleAccountId: string,
  input: { Policy?: string; PolicyArns?: { arn?: string }[] },
  tagCount = 0,
): Promise<SessionPolicies> {
  if (input.Policy !== undefined) checkPolicyDocument(input.Policy, 'session');
  const policyArns = (input.PolicyArns ?? []).map((p) => p.arn ?? '');
  for (const arn of policyArns) {
    const policy = arn ? await managed.get(arn) : undefined;
    if (!policy || policy.accountId !== roleAccountId) throw new ServiceError('ValidationError', `Policy ${arn} does not exist or is not attachable.`, 400);
  }
  const plaintext = (input.Policy?.length ?? 0) + policyArns.reduce((n, a) => n + a.length, 0);
  if (plaintext > 2048) throw new ServiceError('PackedPolicyTooLarge', 'Packed policy consumes more than 100% of the allotted space.', 400);
  const packed = input.Policy || policyArns.length || tagCount ? Math.min(100, Math.ceil((plaintext / 2048) * 100)) : undefined;
  return { policyArns, ...(packed !== undefined ? { packedPolicySize: packed } : {}) };
}
