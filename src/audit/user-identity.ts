// CloudTrail's `userIdentity` element for each kind of caller Sift knows (Root, IAMUser, AssumedRole with its
// sessionContext, AWSService for calls Sift makes on its own behalf), field order as in AWS's records, and the
// short user name event history indexes (LookupAttributes `Username`).
import type { Principal } from '../common/index.js';
import { isoSeconds } from './format.js';

export interface SessionIssuer {
  type: 'Role';
  principalId: string;
  arn: string;
  accountId: string;
  userName: string;
}

export interface UserIdentity {
  type: Principal['type'];
  principalId?: string;
  arn?: string;
  accountId?: string;
  accessKeyId?: string;
  userName?: string;
  /** WebIdentityUser / SAMLUser: the issuer without https://, or the SAML name qualifier. */
  identityProvider?: string;
  sessionContext?: {
    sessionIssuer?: SessionIssuer;
    webIdFederationData?: { federatedProvider?: string; attributes?: Record<string, never> };
    attributes: { creationDate: string; mfaAuthenticated: 'true' | 'false' };
  };
  invokedBy?: string;
}

/**
 * `console`: the call came from a console session. AWS's records of console calls by root and IAM users carry
 * `sessionContext.attributes` (when the session began, whether it was MFA-authenticated) and no session issuer.
 */
export function userIdentityOf(p: Principal, console?: { creationDate: Date; mfaAuthenticated: boolean }): UserIdentity {
  const id = identityOf(p);
  if (console && (p.type === 'Root' || p.type === 'IAMUser')) {
    id.sessionContext = { attributes: { creationDate: isoSeconds(console.creationDate), mfaAuthenticated: console.mfaAuthenticated ? 'true' : 'false' } };
  }
  return id;
}

function identityOf(p: Principal): UserIdentity {
  switch (p.type) {
    case 'Root':
      return withKey({ type: 'Root', principalId: p.principalId || p.accountId, arn: p.arn || `arn:aws:iam::${p.accountId}:root`, accountId: p.accountId }, p);
    case 'IAMUser':
      return { ...withKey({ type: 'IAMUser', principalId: p.principalId, arn: p.arn, accountId: p.accountId }, p), ...(p.userName !== undefined && { userName: p.userName }) };
    case 'AssumedRole': {
      const id: UserIdentity = withKey({ type: 'AssumedRole', principalId: p.principalId, arn: p.arn, accountId: p.accountId }, p);
      if (p.session) {
        id.sessionContext = {
          sessionIssuer: { type: 'Role', principalId: p.session.roleId, arn: p.session.roleArn, accountId: p.accountId, userName: p.session.roleName },
          webIdFederationData: p.session.federatedProvider ? { federatedProvider: p.session.federatedProvider, attributes: {} } : {},
          attributes: { creationDate: isoSeconds(p.session.creationDate), mfaAuthenticated: 'false' },
        };
      }
      return id;
    }
    case 'AWSService':
      return { type: 'AWSService', invokedBy: p.invokedBy ?? serviceNameFromArn(p.arn) };
    case 'WebIdentityUser':
    case 'SAMLUser':
      // AWS: principalId is issuer:audience:subject (web identity) or name qualifier:subject (SAML); userName the subject.
      return {
        type: p.type,
        ...(p.principalId ? { principalId: p.principalId } : {}),
        ...(p.userName !== undefined ? { userName: p.userName } : {}),
        ...(p.federation ? { identityProvider: p.federation.identityProvider } : {}),
      };
  }
}

/** The value event history matches `Username` against and returns as `Event.Username`. */
export function lookupUserName(p: Principal): string | null {
  switch (p.type) {
    case 'Root':
      return 'root';
    case 'IAMUser':
      return p.userName ?? lastSegment(p.arn);
    case 'AssumedRole':
      return p.session?.sessionName ?? lastSegment(p.arn);
    case 'AWSService':
      return p.invokedBy ?? serviceNameFromArn(p.arn);
    case 'WebIdentityUser':
    case 'SAMLUser':
      return p.userName ?? null;
  }
}

/** For AWSService callers: the service's DNS name doubles as sourceIPAddress and userAgent (as in AWS). */
export function serviceCallerName(p: Principal): string | undefined {
  return p.type === 'AWSService' ? (p.invokedBy ?? serviceNameFromArn(p.arn)) : undefined;
}

function withKey(id: UserIdentity, p: Principal): UserIdentity {
  if (p.accessKeyId) id.accessKeyId = p.accessKeyId;
  return id;
}

function lastSegment(arn: string): string | null {
  const i = arn.lastIndexOf('/');
  return i >= 0 && i < arn.length - 1 ? arn.slice(i + 1) : null;
}

// A principal built without invokedBy still needs a caller name; its ARN is the best we have.
function serviceNameFromArn(arn: string): string {
  return arn || 'AWS Internal';
}
