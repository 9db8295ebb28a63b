// S3's IAM vocabulary: the action each operation needs (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html),
// the resource it acts on, and which calls CloudTrail counts as data events (object-level).

const ACTIONS: Record<string, string> = {
  ListBuckets: 's3:ListAllMyBuckets',
  HeadBucket: 's3:ListBucket',
  ListObjects: 's3:ListBucket',
  ListObjectsV2: 's3:ListBucket',
  ListObjectVersions: 's3:ListBucketVersions',
  GetBucketLocation: 's3:GetBucketLocation',
  HeadObject: 's3:GetObject',
  GetObject: 's3:GetObject',
  GetObjectAttributes: 's3:GetObjectAttributes',
  PutObject: 's3:PutObject',
  CopyObject: 's3:PutObject',
  CreateMultipartUpload: 's3:PutObject',
  UploadPart: 's3:PutObject',
  UploadPartCopy: 's3:PutObject',
  CompleteMultipartUpload: 's3:PutObject',
  AbortMultipartUpload: 's3:AbortMultipartUpload',
  ListParts: 's3:ListMultipartUploadParts',
  ListMultipartUploads: 's3:ListBucketMultipartUploads',
  DeleteObject: 's3:DeleteObject',
  DeleteObjects: 's3:DeleteObject',
  GetObjectTagging: 's3:GetObjectTagging',
  PutObjectTagging: 's3:PutObjectTagging',
  DeleteObjectTagging: 's3:DeleteObjectTagging',
  GetObjectAcl: 's3:GetObjectAcl',
  PutObjectAcl: 's3:PutObjectAcl',
  GetBucketPolicy: 's3:GetBucketPolicy',
  PutBucketPolicy: 's3:PutBucketPolicy',
  DeleteBucketPolicy: 's3:DeleteBucketPolicy',
  GetBucketPolicyStatus: 's3:GetBucketPolicyStatus',
  GetBucketEncryption: 's3:GetEncryptionConfiguration',
  PutBucketEncryption: 's3:PutEncryptionConfiguration',
  DeleteBucketEncryption: 's3:PutEncryptionConfiguration',
  GetPublicAccessBlock: 's3:GetBucketPublicAccessBlock',
  PutPublicAccessBlock: 's3:PutBucketPublicAccessBlock',
  DeletePublicAccessBlock: 's3:PutBucketPublicAccessBlock',
  GetBucketAcl: 's3:GetBucketAcl',
  PutBucketAcl: 's3:PutBucketAcl',
  GetBucketVersioning: 's3:GetBucketVersioning',
  PutBucketVersioning: 's3:PutBucketVersioning',
  GetBucketTagging: 's3:GetBucketTagging',
  PutBucketTagging: 's3:PutBucketTagging',
  DeleteBucketTagging: 's3:PutBucketTagging',
  GetBucketOwnershipControls: 's3:GetBucketOwnershipControls',
  PutBucketOwnershipControls: 's3:PutBucketOwnershipControls',
  DeleteBucketOwnershipControls: 's3:PutBucketOwnershipControls',
  CreateBucket: 's3:CreateBucket',
  DeleteBucket: 's3:DeleteBucket',
};

export function actionOf(operation: string): string {
  return ACTIONS[operation] ?? `s3:${operation}`;
}

/** Operations on objects (and listings of them): CloudTrail data events, resource arn:aws:s3:::bucket/key. */
const OBJECT_LEVEL = new Set([
  'GetObject', 'HeadObject', 'GetObjectAttributes', 'PutObject', 'CopyObject', 'DeleteObject', 'DeleteObjects',
  'CreateMultipartUpload', 'UploadPart', 'UploadPartCopy', 'CompleteMultipartUpload', 'AbortMultipartUpload', 'ListParts',
  'GetObjectTagging', 'PutObjectTagging', 'DeleteObjectTagging', 'GetObjectAcl', 'PutObjectAcl',
]);
const LISTINGS = new Set(['ListObjects', 'ListObjectsV2', 'ListObjectVersions', 'ListMultipartUploads']);

export function isDataEvent(operation: string): boolean {
  return OBJECT_LEVEL.has(operation) || LISTINGS.has(operation);
}

export function resourceOf(operation: string, input: { Bucket?: string; Key?: string } | undefined): string {
  if (!input?.Bucket) return operation === 'ListBuckets' ? '*' : '*';
  if (OBJECT_LEVEL.has(operation) && input.Key !== undefined) return `arn:aws:s3:::${input.Bucket}/${input.Key}`;
  if (operation === 'DeleteObjects') return `arn:aws:s3:::${input.Bucket}/*`;
  return `arn:aws:s3:::${input.Bucket}`;
}
