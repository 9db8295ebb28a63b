// Key policies as KMS writes them: the default policy of a customer managed key (the account's root, which lets IAM
// policies of the account grant use of the key) and the policy of an AWS managed key (aws/s3: use through S3 by any
// principal of the account, metadata to the account).
export const DEFAULT_POLICY_NAME = 'default';

export function defaultKeyPolicy(accountId: string): string {
  return JSON.stringify(
    {
      Version: '2012-10-17',
      Id: 'key-default-1',
      Statement: [{ Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${accountId}:root` }, Action: 'kms:*', Resource: '*' }],
    },
    null,
    2,
  );
}

/** The services whose AWS managed key (alias/aws/<service>) Sift creates on first use, and how KMS names them. */
export const AWS_MANAGED_SERVICES: Record<string, { viaService: (region: string) => string; description: string; policyId: string }> = {
  s3: { viaService: (r) => `s3.${r}.amazonaws.com`, description: 'Default key that protects my S3 objects when no other key is defined', policyId: 'auto-s3-2' },
};

export function awsManagedKeyPolicy(service: string, accountId: string, region: string): string {
  const s = AWS_MANAGED_SERVICES[service]!;
  return JSON.stringify(
    {
      Version: '2012-10-17',
      Id: s.policyId,
      Statement: [
        {
          Sid: `Allow access through ${service.toUpperCase()} for all principals in the account that are authorized to use ${service.toUpperCase()}`,
          Effect: 'Allow',
          Principal: { AWS: '*' },
          Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
          Resource: '*',
          Condition: { StringEquals: { 'kms:CallerAccount': accountId, 'kms:ViaService': s.viaService(region) } },
        },
        { Sid: 'Allow direct access to key metadata to the account', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${accountId}:root` }, Action: ['kms:Describe*', 'kms:Get*', 'kms:List*'], Resource: '*' },
      ],
    },
    null,
    2,
  );
}
