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
    if (type === 'Anonymous' || type === 'AWSService') continue;
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
