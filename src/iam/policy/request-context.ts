// The request context a policy is evaluated against: who calls (the principal), and the condition keys, both the
// caller's (`aws:SourceIp`, `s3:prefix`, `sts:ExternalId` …) and those AWS derives from the principal and the clock
// (`aws:PrincipalArn`, `aws:PrincipalAccount`, `aws:userid`, `aws:username`, `aws:PrincipalType`, `aws:CurrentTime`,
// `aws:EpochTime`, `aws:PrincipalTag/<k>`). Keys are case-insensitive, so they are stored lower-cased.
import type { Principal } from '../../common/context.js';

/** WebIdentityUser / SAMLUser: a federated caller before it holds a session, named in trust policies by `Federated`. */
export type EvaluationPrincipalType = 'Root' | 'IAMUser' | 'AssumedRole' | 'FederatedUser' | 'AWSService' | 'Anonymous' | 'WebIdentityUser' | 'SAMLUser';

export interface EvaluationPrincipal {
  /** arn:aws:iam::<acct>:root | …:user/<name> | arn:aws:sts::<acct>:assumed-role/<role>/<session>; the service name for services. */
  arn: string;
  accountId: string;
  isRoot?: boolean;
  type?: EvaluationPrincipalType;
  /** aws:userid: AIDA… for users, AROA…:<session> for sessions, the account id for root. */
  userId?: string;
  /** aws:username (IAM users only). */
  userName?: string;
  /** For assumed-role sessions: the role's ARN (what a resource policy names to trust every session of the role). */
  roleArn?: string;
  /** For AWSService principals: `cloudtrail.amazonaws.com`. */
  service?: string;
  /** For web-identity / SAML sessions: the provider a `Federated` principal names. */
  federatedProvider?: string;
  canonicalUserId?: string;
  tags?: Record<string, string>;
}

export type ContextValue = string | string[] | number | boolean | undefined;
/** Lower-cased key → values (a single-valued key has one). */
export type RequestValues = Map<string, string[]>;

export function principalType(p: EvaluationPrincipal): EvaluationPrincipalType {
  if (p.type) return p.type;
  if (p.isRoot) return 'Root';
  if (p.service) return 'AWSService';
  if (p.arn.includes(':assumed-role/')) return 'AssumedRole';
  if (p.arn.includes(':federated-user/')) return 'FederatedUser';
  if (p.arn.includes(':user/')) return 'IAMUser';
  if (p.arn.endsWith(':root')) return 'Root';
  return 'Anonymous';
}

/** From Sift's request principal (src/common/context.ts). */
export function evaluationPrincipalOf(p: Principal, tags?: Record<string, string>): EvaluationPrincipal {
  return {
    arn: p.arn,
    accountId: p.accountId,
    isRoot: p.type === 'Root',
    type: p.type,
    userId: p.principalId,
    ...(p.userName && p.type === 'IAMUser' ? { userName: p.userName } : {}),
    ...(p.session ? { roleArn: p.session.roleArn } : {}),
    ...(p.invokedBy ? { service: p.invokedBy } : {}),
    ...(p.federation ? { federatedProvider: p.federation.providerArn } : {}),
    ...(tags ? { tags } : {}),
  };
}

const PRINCIPAL_TYPE_VALUE: Record<EvaluationPrincipalType, string | undefined> = {
  Root: 'Account',
  IAMUser: 'User',
  AssumedRole: 'AssumedRole',
  FederatedUser: 'FederatedUser',
  AWSService: undefined,
  Anonymous: 'Anonymous',
  WebIdentityUser: undefined,
  SAMLUser: undefined,
};

function toStrings(v: ContextValue): string[] | undefined {
  if (v === undefined) return undefined;
  if (Array.isArray(v)) return v.map(String);
  return [String(v)];
}

export function buildRequestValues(principal: EvaluationPrincipal, context: Record<string, ContextValue> = {}, now?: Date): RequestValues {
  const values: RequestValues = new Map();
  const set = (k: string, v: ContextValue) => {
    const s = toStrings(v);
    if (s) values.set(k.toLowerCase(), s);
  };
  const type = principalType(principal);
  if (type !== 'Anonymous' && type !== 'AWSService' && type !== 'WebIdentityUser' && type !== 'SAMLUser') {
    set('aws:PrincipalArn', type === 'AssumedRole' && principal.roleArn ? principal.roleArn : principal.arn);
    set('aws:PrincipalAccount', principal.accountId);
    set('aws:userid', principal.userId ?? (type === 'Root' ? principal.accountId : undefined));
    if (type === 'IAMUser') set('aws:username', principal.userName ?? principal.arn.slice(principal.arn.lastIndexOf('/') + 1));
  }
  if (type === 'AWSService' && principal.service) set('aws:PrincipalServiceName', principal.service);
  set('aws:PrincipalType', PRINCIPAL_TYPE_VALUE[type]);
  for (const [k, v] of Object.entries(principal.tags ?? {})) set(`aws:PrincipalTag/${k}`, v);
  if (now) {
    set('aws:CurrentTime', now.toISOString().replace(/\.\d{3}Z$/, 'Z'));
    set('aws:EpochTime', Math.floor(now.getTime() / 1000));
  }
  for (const [k, v] of Object.entries(context)) set(k, v);
  return values;
}
