// The normalized form of an IAM policy document: every string-or-list field is a list, every condition value a string.
export type PolicyVersion = '2012-10-17' | '2008-10-17';
export type Effect = 'Allow' | 'Deny';

/** identity: attached to users/roles/groups (no Principal); resource: bucket or key policies (Principal required);
 *  trust: a role's AssumeRolePolicyDocument (Principal required, no Resource); session: an AssumeRole session policy. */
export type PolicyKind = 'identity' | 'resource' | 'trust' | 'session';

export interface PrincipalMap {
  AWS?: string[];
  Service?: string[];
  Federated?: string[];
  CanonicalUser?: string[];
}
/** `"*"` (anyone, including anonymous callers) or principals by type. */
export type PrincipalSpec = '*' | PrincipalMap;

export type SetQualifier = 'ForAnyValue' | 'ForAllValues';

export interface ConditionClause {
  /** As written, e.g. `ForAnyValue:StringLikeIfExists`. */
  operator: string;
  /** The operator without qualifier and IfExists, e.g. `StringLike`. */
  base: string;
  qualifier?: SetQualifier;
  ifExists: boolean;
  /** As written; looked up case-insensitively. */
  key: string;
  values: string[];
}

export interface Statement {
  sid?: string;
  effect: Effect;
  action?: string[];
  notAction?: string[];
  resource?: string[];
  notResource?: string[];
  principal?: PrincipalSpec;
  notPrincipal?: PrincipalSpec;
  conditions: ConditionClause[];
}

export interface PolicyDocument {
  version: PolicyVersion;
  id?: string;
  statements: Statement[];
}
