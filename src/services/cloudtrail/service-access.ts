// What CloudTrail, acting as the service principal `cloudtrail.amazonaws.com`, may do in the account:
//   - write log files and digests into the trail's bucket: the bucket policy must allow s3:PutObject on
//     `<bucket>/[<prefix>/]AWSLogs/<account>/*` (with the request's s3:x-amz-acl `bucket-owner-full-control`,
//     aws:SourceArn the trail, aws:SourceAccount the account) and s3:GetBucketAcl on the bucket;
//   - deliver to a CloudWatch Logs group: assume CloudWatchLogsRoleArn (its trust policy must name the service), whose
//     policies must allow logs:CreateLogStream and logs:PutLogEvents on the trail's stream.
// Bucket writes go through the IAM part's shared authorizeServicePrincipal, as Macie's and CloudWatch Logs' do.
import { authorizeRequest, authorizeServicePrincipal, evaluateTrust, type IamDirectory, type ResolvedCredential } from '../../iam/index.js';
import type { Principal, RequestContext } from '../../common/index.js';
import type { Clock } from '../../common/index.js';

export const CLOUDTRAIL_PRINCIPAL = 'cloudtrail.amazonaws.com';

function serviceCtx(clock: Clock, accountId: string, region: string): RequestContext {
  const principal: Principal = { type: 'AWSService', accountId: '', arn: CLOUDTRAIL_PRINCIPAL, principalId: CLOUDTRAIL_PRINCIPAL, invokedBy: CLOUDTRAIL_PRINCIPAL };
  return { accountId, region, principal, requestId: 'cloudtrail-delivery', clock, sourceIp: CLOUDTRAIL_PRINCIPAL, userAgent: CLOUDTRAIL_PRINCIPAL };
}

const noCredential = (principal: Principal): ResolvedCredential => ({ secretAccessKey: '', principal, policies: [] });

export interface BucketWriteCheck {
  clock: Clock;
  bucket: string;
  /** The bucket's owner and policy text (undefined: no policy). */
  ownerAccountId: string;
  policy?: string;
  /** The object key written (PutObject), or the key prefix CreateTrail checks (`…/AWSLogs/<account>/`). */
  key: string;
  trailArn: string;
  accountId: string;
  region: string;
}

/** Whether the bucket policy lets CloudTrail write `key` (and read the bucket ACL, as CloudTrail does first). */
export function bucketAllowsCloudTrail(c: BucketWriteCheck): boolean {
  const base = { service: CLOUDTRAIL_PRINCIPAL, sourceAccount: c.accountId, sourceArn: c.trailArn, bucket: { ownerAccountId: c.ownerAccountId, policy: c.policy }, now: c.clock.now() };
  if (!authorizeServicePrincipal({ ...base, action: 's3:GetBucketAcl', resource: `arn:aws:s3:::${c.bucket}` }).allowed) return false;
  return authorizeServicePrincipal({ ...base, action: 's3:PutObject', resource: `arn:aws:s3:::${c.bucket}/${c.key}`, context: { 's3:x-amz-acl': 'bucket-owner-full-control' } }).allowed;
}

export type LogRoleProblem = 'NoSuchRole' | 'NotAssumable' | 'NotAllowed';

/** Why CloudTrail cannot deliver to the group through the role, or undefined when it can. */
export async function logRoleProblem(
  directory: IamDirectory,
  clock: Clock,
  o: { roleArn: string; groupArn: string; accountId: string; region: string; stream: string },
): Promise<LogRoleProblem | undefined> {
  const m = /^arn:aws:iam::(\d{12}):role\/(?:.*\/)?([\w+=,.@-]+)$/.exec(o.roleArn);
  if (!m || m[1] !== o.accountId) return 'NoSuchRole';
  const role = await directory.getRole(o.accountId, m[2]!);
  if (!role) return 'NoSuchRole';
  const ctx = serviceCtx(clock, o.accountId, o.region);
  if (!evaluateTrust(role.arn, role.assumeRolePolicy, ctx, []).allowed) return 'NotAssumable';
  const session: Principal = {
    type: 'AssumedRole',
    accountId: o.accountId,
    arn: `arn:aws:sts::${o.accountId}:assumed-role/${role.roleName}/CloudTrailDelivery`,
    principalId: `${role.roleId}:CloudTrailDelivery`,
    session: { roleName: role.roleName, roleArn: role.arn, roleId: role.roleId, sessionName: 'CloudTrailDelivery', creationDate: clock.now() },
  };
  const credential: ResolvedCredential = { secretAccessKey: '', principal: session, policies: (await directory.listPolicies(o.accountId, 'role', role.roleName)).map((p) => p.document) };
  const roleCtx = { ...ctx, principal: session };
  const group = o.groupArn.replace(/:\*$/, '');
  const streamArn = `${group}:log-stream:${o.stream}`;
  for (const action of ['logs:CreateLogStream', 'logs:PutLogEvents']) {
    if (!authorizeRequest({ ctx: roleCtx, credential, action, resource: streamArn }).allowed) return 'NotAllowed';
  }
  return undefined;
}
