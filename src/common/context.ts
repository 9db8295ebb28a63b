// What every provider method receives about the call: who, where, which request. Account and region never come
// from the operation's input.
import type { Clock } from './clock.js';

/** WebIdentityUser and SAMLUser: the unsigned caller of AssumeRoleWithWebIdentity / AssumeRoleWithSAML, known by its token. */
export type PrincipalType = 'Root' | 'IAMUser' | 'AssumedRole' | 'AWSService' | 'WebIdentityUser' | 'SAMLUser';

export interface Principal {
  type: PrincipalType;
  accountId: string;
  /** arn:aws:iam::<acct>:root | …:user/<name> | arn:aws:sts::<acct>:assumed-role/<role>/<session> */
  arn: string;
  /** AIDA… for users, AROA…:<session> for assumed roles, the account id for root. */
  principalId: string;
  accessKeyId?: string;
  userName?: string;
  /** For assumed roles: the role that issued the session and when. */
  session?: {
    roleName: string;
    roleArn: string;
    roleId: string;
    sessionName: string;
    creationDate: Date;
    /** A web-identity or SAML session: the identity provider's ARN (CloudTrail's webIdFederationData). */
    federatedProvider?: string;
  };
  /** WebIdentityUser / SAMLUser: the provider (issuer without https://, or the SAML name qualifier) and its ARN. */
  federation?: { identityProvider: string; providerArn: string };
  /** For AWSService principals: the service name shown as invokedBy. */
  invokedBy?: string;
}

/** One more permission the same caller needs (a copy source, each key of a batch delete), with its resource's policy. */
export interface AccessQuery {
  action: string;
  resource: string;
  /**
   * The policy of the resource (an S3 bucket policy, a KMS key policy) and the account that owns it; `required` when
   * the resource policy must allow even within the account (a KMS key policy is authoritative).
   */
  resourcePolicy?: { ownerAccountId: string; policy?: string; required?: boolean };
  /** Request condition keys (s3:prefix, s3:VersionId …). */
  context?: Record<string, string | string[]>;
}

/** Decides further permissions of the caller of a request, with the same identity, session and policies. */
export interface CallerAuthorizer {
  isAllowed(query: AccessQuery): Promise<boolean>;
}

export interface RequestContext {
  accountId: string;
  region: string;
  principal: Principal;
  requestId: string;
  clock: Clock;
  sourceIp: string;
  userAgent: string;
  /**
   * Set by the gateway for API calls: lets a provider authorize the secondary resources an operation touches. Absent
   * on Sift's own service-to-service calls, which carry no further caller to check.
   */
  authorizer?: CallerAuthorizer;
  /**
   * Set when the call came from the web console (a signed `x-sift-console-session` header): when the console session
   * began, which CloudTrail records as `sessionContext.attributes` for root and IAM users signed in to the console.
   */
  consoleSession?: { creationDate: Date; mfaAuthenticated: boolean };
}
