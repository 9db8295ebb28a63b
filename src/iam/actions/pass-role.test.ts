// Which requests pass a role to a service: by ARN in the input, or (AddRoleToInstanceProfile) by name, for the
// gateway to find under its path, with the iam:AssociatedResourceArn the IAM API reference names.
import { describe, expect, it } from 'vitest';
import { passedRoles } from './pass-role.js';

describe('passedRoles', () => {
  it('reads role ARNs where a service takes them, ignoring what is not an ARN', () => {
    expect(passedRoles('cloudtrail:CreateTrail', { CloudWatchLogsRoleArn: 'arn:aws:iam::111122223333:role/r' })).toEqual({ roles: ['arn:aws:iam::111122223333:role/r'], service: 'cloudtrail.amazonaws.com' });
    expect(passedRoles('cloudtrail:CreateTrail', { CloudWatchLogsRoleArn: 'r' })).toBeUndefined();
    expect(passedRoles('cloudtrail:DescribeTrails', { CloudWatchLogsRoleArn: 'arn:aws:iam::111122223333:role/r' })).toBeUndefined();
  });

  it('AddRoleToInstanceProfile passes the named role to EC2, associated with any instance of the account', () => {
    expect(passedRoles('iam:AddRoleToInstanceProfile', { InstanceProfileName: 'p', RoleName: 'app' }, '111122223333')).toEqual({
      roles: ['app'],
      service: 'ec2.amazonaws.com',
      byName: true,
      associatedResource: 'arn:aws:ec2:*:111122223333:instance/*',
    });
    expect(passedRoles('iam:RemoveRoleFromInstanceProfile', { InstanceProfileName: 'p', RoleName: 'app' }, '111122223333')).toBeUndefined();
  });
});
