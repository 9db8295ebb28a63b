// The generated AWS managed policies: every document is a valid identity policy, and the wildcards they use match
// the actions Sift serves as AWS documents them (macie2:List* covers ListFindings, not CreateClassificationJob).
import { describe, expect, it } from 'vitest';
import { evaluate, evaluationPrincipalOf, parsePolicy } from '../policy/index.js';
import { awsManagedPolicies, awsManagedPolicy } from './index.js';

const principal = evaluationPrincipalOf({ type: 'IAMUser', accountId: '111122223333', arn: 'arn:aws:iam::111122223333:user/u', principalId: 'AIDAX', userName: 'u' });
const allows = (name: string, action: string, resource = '*') =>
  evaluate({ principal, action, resource }, [parsePolicy(awsManagedPolicy(`arn:aws:iam::aws:policy/${name}`)!.document, 'identity', { requireCurrentVersion: false })]) === 'Allow';

describe('AWS managed policies', () => {
  it('every document parses as an identity policy', () => {
    expect(awsManagedPolicies().length).toBeGreaterThanOrEqual(7);
    for (const p of awsManagedPolicies()) expect(() => parsePolicy(p.document, 'identity', { requireCurrentVersion: false }), p.policyName).not.toThrow();
  });

  it.each([
    ['AmazonMacieReadOnlyAccess', 'macie2:ListFindings', true],
    ['AmazonMacieReadOnlyAccess', 'macie2:GetFindings', true],
    ['AmazonMacieReadOnlyAccess', 'macie2:CreateClassificationJob', false],
    ['AmazonMacieFullAccess', 'macie2:CreateClassificationJob', true],
    ['AWSCloudTrail_ReadOnlyAccess', 'cloudtrail:DescribeTrails', true],
    ['AWSCloudTrail_ReadOnlyAccess', 'cloudtrail:DeleteTrail', false],
    ['CloudWatchLogsReadOnlyAccess', 'logs:FilterLogEvents', true],
    ['CloudWatchLogsReadOnlyAccess', 'logs:DeleteLogGroup', false],
    ['AmazonS3ReadOnlyAccess', 's3:GetObject', true],
    ['AmazonS3ReadOnlyAccess', 's3:PutObject', false],
    ['ReadOnlyAccess', 'macie2:ListClassificationJobs', true],
    ['ReadOnlyAccess', 'iam:CreateUser', false],
    ['AdministratorAccess', 'iam:CreateUser', true],
  ])('%s: %s allowed=%s', (name, action, expected) => {
    expect(allows(name, action)).toBe(expected);
  });
});
