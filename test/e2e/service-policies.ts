// The bucket policies AWS documents for services that write into a bucket themselves, as the e2e tests (and the
// README) set them: Macie's sensitive data discovery results repository and CloudWatch Logs export destinations.
import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { Credentials, TestServer } from './harness.js';

/** Lets Macie (macie.amazonaws.com) store discovery results for `accountId` in `bucket`. */
export function macieResultsBucketPolicy(bucket: string, accountId: string, region: string): string {
  const condition = {
    StringEquals: { 'aws:SourceAccount': accountId },
    ArnLike: { 'aws:SourceArn': [`arn:aws:macie2:${region}:${accountId}:export-configuration:*`, `arn:aws:macie2:${region}:${accountId}:classification-job/*`] },
  };
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      { Sid: 'Allow Macie to use the GetBucketLocation operation', Effect: 'Allow', Principal: { Service: 'macie.amazonaws.com' }, Action: 's3:GetBucketLocation', Resource: `arn:aws:s3:::${bucket}`, Condition: condition },
      { Sid: 'Allow Macie to add objects to the bucket', Effect: 'Allow', Principal: { Service: 'macie.amazonaws.com' }, Action: 's3:PutObject', Resource: `arn:aws:s3:::${bucket}/*`, Condition: condition },
    ],
  });
}

/** Lets CloudWatch Logs (logs.<region>.amazonaws.com) export `accountId`'s log groups into `bucket`. */
export function logsExportBucketPolicy(bucket: string, accountId: string, region: string): string {
  const source = { StringEquals: { 'aws:SourceAccount': [accountId] }, ArnLike: { 'aws:SourceArn': [`arn:aws:logs:${region}:${accountId}:log-group:*`] } };
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Principal: { Service: `logs.${region}.amazonaws.com` }, Action: 's3:GetBucketAcl', Resource: `arn:aws:s3:::${bucket}`, Condition: source },
      {
        Effect: 'Allow',
        Principal: { Service: `logs.${region}.amazonaws.com` },
        Action: 's3:PutObject',
        Resource: `arn:aws:s3:::${bucket}/*`,
        Condition: { ...source, StringEquals: { ...source.StringEquals, 's3:x-amz-acl': 'bucket-owner-full-control' } },
      },
    ],
  });
}

/**
 * A KMS key Macie may encrypt discovery results with: the default key policy plus the statement Macie documents
 * (macie.amazonaws.com may kms:GenerateDataKey and kms:Encrypt for `accountId`'s export configuration and jobs), and
 * the account's Macie service-linked role may decrypt them (Sift reads results back as that role to reveal samples).
 */
export async function macieResultsKey(server: TestServer, creds?: Credentials): Promise<string> {
  const kms = new KMSClient(server.clientConfig(creds));
  const accountId = (await new STSClient(server.clientConfig(creds)).send(new GetCallerIdentityCommand({}))).Account!;
  const region = server.region;
  const policy = {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${accountId}:root` }, Action: 'kms:*', Resource: '*' },
      {
        Sid: 'Allow Macie to use the key',
        Effect: 'Allow',
        Principal: { Service: 'macie.amazonaws.com' },
        Action: ['kms:GenerateDataKey', 'kms:Encrypt'],
        Resource: '*',
        Condition: { StringEquals: { 'aws:SourceAccount': accountId }, ArnLike: { 'aws:SourceArn': [`arn:aws:macie2:${region}:${accountId}:export-configuration:*`, `arn:aws:macie2:${region}:${accountId}:classification-job/*`] } },
      },
      // Sift reads results back (to reveal samples) as the account's Macie service-linked role.
      {
        Sid: 'Allow Macie to read results back',
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${accountId}:role/aws-service-role/macie.amazonaws.com/AWSServiceRoleForAmazonMacie` },
        Action: 'kms:Decrypt',
        Resource: '*',
      },
    ],
  };
  return (await kms.send(new CreateKeyCommand({ Description: 'Macie discovery results', Policy: JSON.stringify(policy) }))).KeyMetadata!.Arn!;
}
