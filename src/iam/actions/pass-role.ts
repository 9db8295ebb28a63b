// iam:PassRole: the actions of the services Sift serves that hand a role to the service, which AWS authorizes as
// iam:PassRole on that role too (with iam:PassedToService naming the service that receives it), as each service's
// documentation says: CloudTrail CreateTrail/UpdateTrail (CloudWatchLogsRoleArn), CloudWatch Logs PutDestination and
// PutSubscriptionFilter (roleArn), CloudWatch PutMetricStream (RoleArn), S3 PutBucketReplication (the rule's Role),
// IAM AddRoleToInstanceProfile (RoleName: the role goes to EC2 with the profile; its API reference requires PassRole
// and says iam:AssociatedResourceArn is then arn:aws:ec2:*:<caller account>:instance/*).
import { valuesAt } from './derive.js';

const PASSES_ROLE: Record<string, { paths: string[]; service: string; byName?: true; associated?: (accountId: string) => string }> = {
  'cloudtrail:CreateTrail': { paths: ['CloudWatchLogsRoleArn'], service: 'cloudtrail.amazonaws.com' },
  'cloudtrail:UpdateTrail': { paths: ['CloudWatchLogsRoleArn'], service: 'cloudtrail.amazonaws.com' },
  'logs:PutDestination': { paths: ['roleArn'], service: 'logs.amazonaws.com' },
  'logs:PutSubscriptionFilter': { paths: ['roleArn'], service: 'logs.amazonaws.com' },
  'cloudwatch:PutMetricStream': { paths: ['RoleArn'], service: 'streams.metrics.cloudwatch.amazonaws.com' },
  's3:PutReplicationConfiguration': { paths: ['ReplicationConfiguration.Role'], service: 's3.amazonaws.com' },
  'iam:AddRoleToInstanceProfile': { paths: ['RoleName'], service: 'ec2.amazonaws.com', byName: true, associated: (accountId) => `arn:aws:ec2:*:${accountId}:instance/*` },
};

/**
 * The roles a request passes to the service (ARNs, or role names when `byName`: the caller finds their paths), which
 * service receives them, and the iam:AssociatedResourceArn AWS sets when it is not the request's own resource.
 */
export function passedRoles(action: string, input: unknown, accountId = ''): { roles: string[]; service: string; byName?: true; associatedResource?: string } | undefined {
  const spec = PASSES_ROLE[action];
  if (!spec) return undefined;
  const roles = spec.paths.flatMap((p) => valuesAt(input, p)).filter((v): v is string => typeof v === 'string' && (spec.byName ? v.length > 0 : v.startsWith('arn:')));
  if (!roles.length) return undefined;
  return { roles, service: spec.service, ...(spec.byName ? { byName: true as const } : {}), ...(spec.associated ? { associatedResource: spec.associated(accountId) } : {}) };
}
