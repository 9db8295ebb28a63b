// AWS managed policies (arn:aws:iam::aws:policy/...): read-only, the same in every account, generated from a
// published dataset (./policies.ts). Only their current default version is carried.
import { awsManagedPolicyData } from './policies.js';
import type { AwsManagedPolicyData } from './types.js';

export type { AwsManagedPolicyData } from './types.js';

export const AWS_POLICY_ARN_PREFIX = 'arn:aws:iam::aws:policy/';

const byArn = new Map(awsManagedPolicyData.map((p) => [p.arn, p]));

export function isAwsManagedArn(arn: string): boolean {
  return arn.startsWith(AWS_POLICY_ARN_PREFIX);
}

export function awsManagedPolicy(arn: string): AwsManagedPolicyData | undefined {
  return byArn.get(arn);
}

export function awsManagedPolicies(): readonly AwsManagedPolicyData[] {
  return awsManagedPolicyData;
}
