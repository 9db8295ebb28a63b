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
  SelectObjectContent: 's3:GetObject',
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
  GetObjectLockConfiguration: 's3:GetBucketObjectLockConfiguration',
  PutObjectLockConfiguration: 's3:PutBucketObjectLockConfiguration',
  GetObjectRetention: 's3:GetObjectRetention',
  PutObjectRetention: 's3:PutObjectRetention',
  GetObjectLegalHold: 's3:GetObjectLegalHold',
  PutObjectLegalHold: 's3:PutObjectLegalHold',
  RestoreObject: 's3:RestoreObject',
  GetBucketCors: 's3:GetBucketCORS',
  PutBucketCors: 's3:PutBucketCORS',
  DeleteBucketCors: 's3:PutBucketCORS',
  PutBucketLifecycleConfiguration: 's3:PutLifecycleConfiguration',
  GetBucketLifecycleConfiguration: 's3:GetLifecycleConfiguration',
  DeleteBucketLifecycle: 's3:PutLifecycleConfiguration',
  PutBucketLogging: 's3:PutBucketLogging',
  GetBucketLogging: 's3:GetBucketLogging',
  PutBucketReplication: 's3:PutReplicationConfiguration',
  GetBucketReplication: 's3:GetReplicationConfiguration',
  DeleteBucketReplication: 's3:PutReplicationConfiguration',
  PutBucketWebsite: 's3:PutBucketWebsite',
  GetBucketWebsite: 's3:GetBucketWebsite',
  DeleteBucketWebsite: 's3:DeleteBucketWebsite',
};

/** Calls that name a version (versionId) need S3's version-level action instead. */
const VERSION_ACTIONS: Record<string, string> = {
  GetObject: 's3:GetObjectVersion',
  HeadObject: 's3:GetObjectVersion',
  GetObjectAttributes: 's3:GetObjectVersionAttributes',
  DeleteObject: 's3:DeleteObjectVersion',
  GetObjectTagging: 's3:GetObjectVersionTagging',
  PutObjectTagging: 's3:PutObjectVersionTagging',
  DeleteObjectTagging: 's3:DeleteObjectVersionTagging',
  GetObjectAcl: 's3:GetObjectVersionAcl',
  PutObjectAcl: 's3:PutObjectVersionAcl',
};

export function actionOf(operation: string, input?: unknown): string {
  if ((input as { VersionId?: string } | undefined)?.VersionId !== undefined && VERSION_ACTIONS[operation]) return VERSION_ACTIONS[operation]!;
  return ACTIONS[operation] ?? `s3:${operation}`;
}

/** Operations on objects (and listings of them): CloudTrail data events, resource arn:aws:s3:::bucket/key. */
const OBJECT_LEVEL = new Set([
  'GetObject', 'HeadObject', 'GetObjectAttributes', 'PutObject', 'CopyObject', 'DeleteObject', 'DeleteObjects',
  'CreateMultipartUpload', 'UploadPart', 'UploadPartCopy', 'CompleteMultipartUpload', 'AbortMultipartUpload', 'ListParts',
  'GetObjectTagging', 'PutObjectTagging', 'DeleteObjectTagging', 'GetObjectAcl', 'PutObjectAcl',
  'GetObjectRetention', 'PutObjectRetention', 'GetObjectLegalHold', 'PutObjectLegalHold', 'RestoreObject', 'SelectObjectContent',
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
