// The title and description Macie gives each finding type (wording as observed in real findings where known).
import type { FindingType } from '../models/macie2/index.js';

export const FINDING_TEXT: Readonly<Record<FindingType, { title: string; description: string }>> = Object.freeze({
  'SensitiveData:S3Object/Multiple': {
    title: 'The S3 object contains multiple categories of sensitive information.',
    description: 'The object contains more than one category of sensitive information.',
  },
  'SensitiveData:S3Object/Financial': {
    title: 'The S3 object contains financial information.',
    description: 'The object contains sensitive financial information such as bank account numbers or credit card numbers.',
  },
  'SensitiveData:S3Object/Personal': {
    title: 'The S3 object contains personal information.',
    description: 'The object contains personal information such as first or last names, addresses, or identification numbers.',
  },
  'SensitiveData:S3Object/Credentials': {
    title: 'The S3 object contains credentials data.',
    description: 'The object contains sensitive credentials data such as AWS secret access keys or private keys.',
  },
  'SensitiveData:S3Object/CustomIdentifier': {
    title: 'The S3 object contains text that matches custom data identifier criteria',
    description: 'The object contains text that matches the detection criteria of one or more custom data identifiers.',
  },
  'Policy:IAMUser/S3BucketPublic': {
    title: 'The S3 bucket is publicly accessible.',
    description: 'The bucket policy or access control list for the bucket was changed to allow access by anonymous users or all authenticated AWS Identity and Access Management (IAM) identities.',
  },
  'Policy:IAMUser/S3BucketSharedExternally': {
    title: 'The S3 bucket is shared with an external AWS account.',
    description: 'The bucket policy or access control list for the bucket was changed to allow the bucket to be shared with an AWS account that is external to (not part of) your organization.',
  },
  'Policy:IAMUser/S3BucketReplicatedExternally': {
    title: 'The S3 bucket is replicated to an external AWS account.',
    description: 'Replication was enabled and configured to replicate objects from the bucket to a bucket for an AWS account that is external to (not part of) your organization.',
  },
  'Policy:IAMUser/S3BucketEncryptionDisabled': {
    title: 'Default encryption is disabled for the S3 bucket.',
    description: 'Default encryption settings for the bucket were reset to default Amazon S3 encryption behavior.',
  },
  'Policy:IAMUser/S3BlockPublicAccessDisabled': {
    title: 'Block public access settings are disabled for the S3 bucket.',
    description: 'All bucket-level block public access settings were disabled for the bucket.',
  },
  'Policy:IAMUser/S3BucketSharedWithCloudFront': {
    title: 'The S3 bucket is shared with a CloudFront distribution.',
    description: 'The bucket policy for the bucket was changed to allow the bucket to be shared with an Amazon CloudFront origin access identity (OAI) or origin access control (OAC).',
  },
});

export const FINDING_TYPES = Object.freeze(Object.keys(FINDING_TEXT) as FindingType[]);
export const isFindingType = (t: unknown): t is FindingType => typeof t === 'string' && t in FINDING_TEXT;
