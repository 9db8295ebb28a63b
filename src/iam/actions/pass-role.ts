// iam:PassRole: the actions of the services Sift serves that hand a role to the service, which AWS authorizes as
// iam:PassRole on that role too (with iam:PassedToService naming the service that receives it), as each service's
// documentation says: CloudTrail CreateTrail/UpdateTrail (CloudWatchLogsRoleArn), CloudWatch Logs PutDestination and
// PutSubscriptionFilter (roleArn), CloudWatch PutMetricStream (RoleArn), S3 PutBucketReplication (the rule's Role).
import { valuesAt } from './derive.js';

const PASSES_ROLE: Record<string, { paths: string[]; service: string }> = {
  'cloudtrail:CreateTrail': { paths: ['CloudWatchLogsRoleArn'], service: 'cloudtrail.amazonaws.com' },
  'cloudtrail:UpdateTrail': { paths: ['CloudWatchLogsRoleArn'], service: 'cloudtrail.amazonaws.com' },
  'logs:PutDestination': { paths: ['roleArn'], service: 'logs.amazonaws.com' },
  'logs:PutSubscriptionFilter': { paths: ['roleArn'], service: 'logs.amazonaws.com' },
  'cloudwatch:PutMetricStream': { paths: ['RoleArn'], service: 'streams.metrics.cloudwatch.amazonaws.com' },
  's3:PutReplicationConfiguration': { paths: ['ReplicationConfiguration.Role'], service: 's3.amazonaws.com' },
};

/** The roles a request passes to the service, and which service receives them. */
export function passedRoles(action: string, input: unknown): { roles: string[]; service: string } | undefined {
  const spec = PASSES_ROLE[action];
  if (!spec) return undefined;
  const roles = spec.paths.flatMap((p) => valuesAt(input, p)).filter((v): v is string => typeof v === 'string' && v.startsWith('arn:'));
  return roles.length ? { roles, service: spec.service } : undefined;
}
