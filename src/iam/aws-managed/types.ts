// One AWS managed policy as generated into policies.ts (its current default version only).
export interface AwsManagedPolicyData {
  policyName: string;
  arn: string;
  path: string;
  /** Derived from the ARN (the dataset has no ids). */
  policyId: string;
  defaultVersionId: string;
  createDate: string;
  updateDate: string;
  versionCreateDate: string;
  document: string;
}
