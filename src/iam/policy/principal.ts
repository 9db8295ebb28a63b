// Which principals a resource or trust policy statement names, and how closely it names the caller:
//   direct  — the caller's own ARN (user, session), "*", its service, its federated provider: the grant stands alone;
//   role    — the role behind an assumed-role session: stands alone, but session policies and boundaries still apply;
//   account — the caller's account (12-digit id or arn:…:root): the account delegates to its IAM, so an identity
//             policy must allow too (only the root user is the account itself).
// Partial wildcards are not allowed in principals (the parser rejects them), so matching is exact.
import type { PrincipalSpec } from './types.js';
import { principalType, type EvaluationPrincipal } from './request-context.js';

export type PrincipalMatch = 'direct' | 'role' | 'account';

const RANK: Record<PrincipalMatch, number> = { direct: 3, role: 2, account: 1 };

function better(a: PrincipalMatch | undefined, b: PrincipalMatch | undefined): PrincipalMatch | undefined {
  if (!a) return b;
  if (!b) return a;
  return RANK[a] >= RANK[b] ? a : b;
}

function accountOf(value: string): string | undefined {
  if (/^\d{12}$/.test(value)) return value;
  const m = /^arn:aws[a-z-]*:iam::(\d{12}):root$/.exec(value);
  return m?.[1];
}

export function matchPrincipal(spec: PrincipalSpec, p: EvaluationPrincipal): PrincipalMatch | undefined {
  if (spec === '*') return 'direct';
  const type = principalType(p);
  let best: PrincipalMatch | undefined;
  for (const v of spec.AWS ?? []) {
    if (v === '*') return 'direct';
    if (type === 'Anonymous' || type === 'AWSService' || type === 'WebIdentityUser' || type === 'SAMLUser') continue;
    const account = accountOf(v);
    if (account !== undefined) {
      if (account === p.accountId) best = better(best, type === 'Root' ? 'direct' : 'account');
    } else if (v === p.arn) {
      return 'direct';
    } else if (type === 'AssumedRole' && p.roleArn && v === p.roleArn) {
      best = better(best, 'role');
    }
  }
  if (p.service && (spec.Service ?? []).some((s) => s === '*' || s === p.service)) return 'direct';
  if (p.federatedProvider && (spec.Federated ?? []).includes(p.federatedProvider)) return 'direct';
  if (p.canonicalUserId && (spec.CanonicalUser ?? []).includes(p.canonicalUserId)) return 'direct';
  return best;
}

/** Every identity a caller is known by, each as a resource policy could name it. */
function identitiesOf(p: EvaluationPrincipal): { type: keyof Exclude<PrincipalSpec, '*'>; value: string }[] {
  const type = principalType(p);
  if (type === 'AWSService') return p.service ? [{ type: 'Service', value: p.service }] : [];
  if (type === 'Anonymous' || type === 'WebIdentityUser' || type === 'SAMLUser') return p.federatedProvider ? [{ type: 'Federated', value: p.federatedProvider }] : [];
  const out: { type: keyof Exclude<PrincipalSpec, '*'>; value: string }[] = [{ type: 'AWS', value: p.accountId }];
  if (type !== 'Root') out.push({ type: 'AWS', value: p.arn });
  if (type === 'AssumedRole' && p.roleArn) out.push({ type: 'AWS', value: p.roleArn });
  return out;
}

function listed(spec: Exclude<PrincipalSpec, '*'>, id: { type: keyof Exclude<PrincipalSpec, '*'>; value: string }): boolean {
  return (spec[id.type] ?? []).some((v) => v === id.value || v === '*' || (id.type === 'AWS' && accountOf(v) === id.value));
}

/**
 * Whether NotPrincipal leaves the caller out of a statement. With Deny, AWS exempts only a caller every identity of
 * which is listed: an IAM user needs its user ARN and its account, a role session its session ARN, its role ARN and its
 * account ("you must also include the account ARN of the not-denied principal"); listing the account alone exempts only
 * the root user, never the account's users. With Allow, the statement grants to everyone but those listed: one listed
 * identity is enough to leave the caller out.
 */
export function excludedByNotPrincipal(spec: PrincipalSpec, p: EvaluationPrincipal, effect: 'Allow' | 'Deny'): boolean {
  if (spec === '*') return true;
  const ids = identitiesOf(p);
  if (ids.length === 0) return (spec.AWS ?? []).includes('*');
  return effect === 'Deny' ? ids.every((id) => listed(spec, id)) : ids.some((id) => listed(spec, id));
}
