// What S3 calls "public" (https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html#access-control-block-public-access-policy-status)
// and the Block Public Access settings that act on it:
//   - a bucket policy is public when an Allow statement names every principal ("*", {"AWS": "*"}, or NotPrincipal)
//     without a condition that pins the request to fixed values of the keys S3 lists (aws:SourceIp with a CIDR no
//     wider than /8 for IPv4 or /32 for IPv6, aws:SourceArn, aws:SourceVpc, aws:SourceVpce, aws:SourceOwner,
//     aws:SourceAccount, aws:userid, aws:PrincipalOrgID, aws:PrincipalAccount, aws:PrincipalArn,
//     s3:DataAccessPointArn, s3:DataAccessPointAccount): a wildcard in the value, a negated operator or `…IfExists`
//     leaves it public;
//   - an ACL is public when it grants anything to the AllUsers or AuthenticatedUsers groups (the canned ACLs
//     public-read, public-read-write and authenticated-read).
// Sift serves no account-level block (S3 Control), so a bucket's own configuration is its effective one.
import type { PublicAccessBlock } from '../../storage/index.js';

const FIXED_KEYS = new Set([
  'aws:sourceip', 'aws:sourcearn', 'aws:sourcevpc', 'aws:sourcevpce', 'aws:sourceowner', 'aws:sourceaccount', 'aws:userid',
  'aws:principalorgid', 'aws:principalaccount', 'aws:principalarn', 's3:dataaccesspointarn', 's3:dataaccesspointaccount',
]);
const FIXED_OPERATORS = new Set(['stringequals', 'stringequalsignorecase', 'stringlike', 'arnequals', 'arnlike', 'ipaddress']);

export const PUBLIC_CANNED_ACLS: readonly string[] = ['public-read', 'public-read-write', 'authenticated-read'];

export function isPublicAcl(acl: string | undefined): boolean {
  return acl !== undefined && PUBLIC_CANNED_ACLS.includes(acl);
}

const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);

function namesEveryone(s: Record<string, unknown>): boolean {
  if (s.NotPrincipal !== undefined) return true;
  const p = s.Principal;
  if (p === '*') return true;
  if (p && typeof p === 'object') return list((p as Record<string, unknown>).AWS).includes('*');
  return false;
}

function fixedCidr(v: string): boolean {
  const m = /\/(\d+)$/.exec(v);
  const bits = m ? Number(m[1]) : v.includes(':') ? 128 : 32;
  return v.includes(':') ? bits >= 32 : bits >= 8;
}

function pinsToFixedValues(condition: unknown): boolean {
  if (!condition || typeof condition !== 'object') return false;
  for (const [rawOp, block] of Object.entries(condition as Record<string, unknown>)) {
    const op = rawOp.toLowerCase().replace(/^for(any|all)value:/, '');
    if (!FIXED_OPERATORS.has(op) || !block || typeof block !== 'object') continue;
    for (const [rawKey, values] of Object.entries(block as Record<string, unknown>)) {
      const key = rawKey.toLowerCase();
      if (!FIXED_KEYS.has(key)) continue;
      const vs = list(values).map(String);
      if (!vs.length) continue;
      if (key === 'aws:sourceip' ? vs.every(fixedCidr) : vs.every((v) => !/[*?]/.test(v))) return true;
    }
  }
  return false;
}

/** Whether a bucket policy (JSON text) is public in S3's sense. */
export function isPublicPolicy(policy: string | undefined): boolean {
  if (!policy) return false;
  let doc: unknown;
  try {
    doc = JSON.parse(policy);
  } catch {
    return false;
  }
  const statements = list((doc as { Statement?: unknown })?.Statement) as Record<string, unknown>[];
  return statements.some((s) => s && s.Effect === 'Allow' && namesEveryone(s) && !pinsToFixedValues(s.Condition));
}

export function parseBlock(stored: string | null | undefined): PublicAccessBlock | undefined {
  return stored ? (JSON.parse(stored) as PublicAccessBlock) : undefined;
}

/** A bucket policy as it applies to a caller: with RestrictPublicBuckets, a public policy grants nothing outside the owner's account. */
export function policyAsApplied(policy: string | undefined, block: PublicAccessBlock | undefined, caller: { accountId: string; isService: boolean }, ownerAccountId: string): string | undefined {
  if (!policy || !block?.RestrictPublicBuckets || caller.isService || caller.accountId === ownerAccountId || !isPublicPolicy(policy)) return policy;
  return withoutAllows(policy);
}

const stripped = new Map<string, string | null>();
function withoutAllows(policy: string): string | undefined {
  let out = stripped.get(policy);
  if (out === undefined) {
    const doc = JSON.parse(policy) as { Statement?: unknown };
    // "public and cross-account access within any public bucket policy, including non-public delegation to specific accounts, is blocked": only Denies remain.
    const denies = list(doc.Statement).filter((s) => (s as { Effect?: string })?.Effect === 'Deny');
    out = denies.length ? JSON.stringify({ ...doc, Statement: denies }) : null;
    if (stripped.size > 1000) stripped.clear();
    stripped.set(policy, out);
  }
  return out ?? undefined;
}
