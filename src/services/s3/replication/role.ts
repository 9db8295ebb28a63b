// What S3, acting through the replication configuration's role, may do: it assumes the role (the trust policy must
// let s3.amazonaws.com), then each replication is authorized as that role's session: s3:GetObjectVersionForReplication
// (and s3:GetObjectVersionTagging with tags) on the source version under the source bucket's policy;
// s3:ReplicateObject (s3:ReplicateTags with tags, s3:ObjectOwnerOverrideToBucketOwner with an owner override) or
// s3:ReplicateDelete for a delete marker on the destination, under the destination bucket's policy, which must allow
// the role itself when the destination belongs to another account
// (https://docs.aws.amazon.com/AmazonS3/latest/userguide/setting-repl-config-perm-overview.html).
import type { Clock, Principal, RequestContext } from '../../../common/index.js';
import { authorizeRequest, evaluateTrust, type IamRole, type ResolvedCredential } from '../../../iam/index.js';
import { resourcePolicyFor, type BucketAccessFields } from '../access.js';

export const S3_SERVICE_PRINCIPAL = 's3.amazonaws.com';

/** The role's identity policies (inline and attached), from the IAM part; undefined when the role does not exist. */
export interface ReplicationRoles {
  policiesOf(accountId: string, roleName: string): Promise<{ role: IamRole; policies: string[] } | undefined>;
}

export interface RoleSession {
  may(action: string, resource: string, bucket: BucketAccessFields): boolean;
}

const ROLE = /^arn:aws:iam::(\d{12}):role\/(?:.*\/)?([\w+=,.@-]+)$/;

/** The role's session as S3 holds it, or why it cannot be had ('NoSuchRole', 'NotAssumable'). */
export async function replicationSession(roles: ReplicationRoles, clock: Clock, roleArn: string, region: string): Promise<RoleSession | 'NoSuchRole' | 'NotAssumable'> {
  const m = ROLE.exec(roleArn);
  if (!m) return 'NoSuchRole';
  const found = await roles.policiesOf(m[1]!, m[2]!);
  if (!found) return 'NoSuchRole';
  const { role, policies } = found;
  const service: Principal = { type: 'AWSService', accountId: '', arn: S3_SERVICE_PRINCIPAL, principalId: S3_SERVICE_PRINCIPAL, invokedBy: S3_SERVICE_PRINCIPAL };
  const base = { accountId: role.accountId, region, requestId: 's3-replication', clock, sourceIp: S3_SERVICE_PRINCIPAL, userAgent: S3_SERVICE_PRINCIPAL };
  if (!evaluateTrust(role.arn, role.assumeRolePolicy, { ...base, principal: service }, []).allowed) return 'NotAssumable';
  const sessionName = 's3-replication';
  const principal: Principal = {
    type: 'AssumedRole',
    accountId: role.accountId,
    arn: `arn:aws:sts::${role.accountId}:assumed-role/${role.roleName}/${sessionName}`,
    principalId: `${role.roleId}:${sessionName}`,
    session: { roleName: role.roleName, roleArn: role.arn, roleId: role.roleId, sessionName, creationDate: clock.now() },
  };
  const credential: ResolvedCredential = { secretAccessKey: '', principal, policies };
  const ctx: RequestContext = { ...base, principal };
  return {
    may: (action, resource, bucket) => authorizeRequest({ ctx, credential, action, resource, resourcePolicy: resourcePolicyFor(ctx, bucket) }).allowed,
  };
}
