// Organizations' records as its wire shapes, its ARNs, and its errors with AWS's wording and reasons.
import { ServiceError, type RequestContext } from '../../common/index.js';
import { errors, type Account, type CreateAccountStatus, type Handshake as WireHandshake, type Organization as WireOrganization } from '../../models/organizations/index.js';
import type { AccountProfile, CreateAccountRequest, Handshake, OrgAccount, Organization } from '../../iam/index.js';

export const orgArn = (o: Organization) => `arn:aws:organizations::${o.managementAccountId}:organization/${o.orgId}`;
export const accountArn = (o: Organization, accountId: string) => `arn:aws:organizations::${o.managementAccountId}:account/${o.orgId}/${accountId}`;
export const handshakeArn = (o: Organization, handshakeId: string) => `arn:aws:organizations::${o.managementAccountId}:handshake/${o.orgId}/invite/${handshakeId}`;

export function toWireOrganization(o: Organization, management: AccountProfile): WireOrganization {
  return {
    Id: o.orgId,
    Arn: orgArn(o),
    FeatureSet: o.featureSet,
    MasterAccountArn: accountArn(o, o.managementAccountId),
    MasterAccountId: o.managementAccountId,
    MasterAccountEmail: management.email,
    // Sift enforces no organization policies (SCPs, tag policies), so it lists none as available.
    AvailablePolicyTypes: [],
  };
}

export function toWireAccount(o: Organization, member: OrgAccount, profile: AccountProfile): Account {
  return {
    Id: member.accountId,
    Arn: accountArn(o, member.accountId),
    Email: profile.email,
    Name: profile.name,
    Status: profile.state,
    State: profile.state,
    JoinedMethod: member.joinedMethod,
    JoinedTimestamp: member.joinedAt,
  };
}

export function toWireCreateAccountStatus(r: CreateAccountRequest): CreateAccountStatus {
  return {
    Id: r.requestId,
    AccountName: r.accountName,
    State: r.state,
    RequestedTimestamp: r.requestedAt,
    ...(r.completedAt ? { CompletedTimestamp: r.completedAt } : {}),
    ...(r.accountId ? { AccountId: r.accountId } : {}),
    ...(r.failureReason ? { FailureReason: r.failureReason as CreateAccountStatus['FailureReason'] } : {}),
  };
}

export function toWireHandshake(o: Organization, management: AccountProfile, h: Handshake): WireHandshake {
  return {
    Id: h.handshakeId,
    Arn: handshakeArn(o, h.handshakeId),
    Parties: [
      { Id: o.orgId.slice(2), Type: 'ORGANIZATION' },
      { Id: h.targetAccountId, Type: 'ACCOUNT' },
    ],
    State: h.state,
    RequestedTimestamp: h.requestedAt,
    ExpirationTimestamp: h.expiresAt,
    Action: 'INVITE',
    Resources: [
      {
        Type: 'ORGANIZATION',
        Value: o.orgId,
        Resources: [
          { Type: 'MASTER_EMAIL', Value: management.email },
          { Type: 'MASTER_NAME', Value: management.name },
          { Type: 'ORGANIZATION_FEATURE_SET', Value: o.featureSet },
        ],
      },
      { Type: 'ACCOUNT', Value: h.targetAccountId },
      ...(h.notes !== undefined ? [{ Type: 'NOTES' as const, Value: h.notes }] : []),
    ],
  };
}

export const notInUse = () => new errors.AWSOrganizationsNotInUseException('Your account is not a member of an organization.');
export const accessDenied = () => new errors.AccessDeniedException("You don't have permissions to access this resource.");
export const accountNotFound = () => new errors.AccountNotFoundException("You specified an account that doesn't exist.");
export const handshakeNotFound = () => new errors.HandshakeNotFoundException("We can't find a handshake with the HandshakeId that you specified.");
export const constraint = (reason: string, message: string) => new errors.ConstraintViolationException(message, { Reason: reason });
export const handshakeConstraint = (reason: string, message: string) => new errors.HandshakeConstraintViolationException(message, { Reason: reason });
export const invalidInput = (reason: string, message: string) => new errors.InvalidInputException(message, { Reason: reason });
export const notImplemented = (what: string) => new ServiceError('NotImplemented', `Sift does not implement ${what} yet.`, 501, 'server');

/** The caller's organization, or AWSOrganizationsNotInUseException. */
export type OrgOf = (ctx: RequestContext) => Promise<Organization>;
