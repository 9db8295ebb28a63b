// Bucket protections S3 enforces on writes, each refused in S3's words rather than accepted and ignored:
//   - Object Ownership BucketOwnerEnforced disables ACLs: only bucket-owner-full-control (objects) or private
//     (buckets) may be sent, anything else is AccessControlListNotSupported (400);
//   - Block Public Access BlockPublicAcls refuses a public ACL on PutBucketAcl, PutObject, CopyObject and
//     CreateMultipartUpload (AccessDenied, 403); BlockPublicPolicy refuses a public bucket policy (AccessDenied);
//   - ExpectedBucketOwner / ExpectedSourceBucketOwner: a bucket owned by another account is AccessDenied (403).
import { ServiceError } from '../../common/index.js';
import { accessDenied } from './access.js';
import { isPublicAcl, isPublicPolicy, parseBlock } from './public-access.js';

interface BucketProtectionFields {
  name: string;
  object_ownership: string | null;
  public_access_block: string | null;
}

const aclNotSupported = () => new ServiceError('AccessControlListNotSupported', 'The bucket does not allow ACLs', 400);

export function checkObjectAclAllowed(b: BucketProtectionFields, acl: string | undefined): void {
  if (acl === undefined) return;
  if (b.object_ownership === 'BucketOwnerEnforced' && acl !== 'bucket-owner-full-control') throw aclNotSupported();
  if (isPublicAcl(acl) && parseBlock(b.public_access_block)?.BlockPublicAcls) throw accessDenied();
}

export function checkBucketAclAllowed(b: BucketProtectionFields, acl: string): void {
  if (b.object_ownership === 'BucketOwnerEnforced' && acl !== 'private') throw aclNotSupported();
  if (isPublicAcl(acl) && parseBlock(b.public_access_block)?.BlockPublicAcls) throw accessDenied();
}

export function checkPolicyAllowed(b: BucketProtectionFields, policy: string, callerArn: string): void {
  if (parseBlock(b.public_access_block)?.BlockPublicPolicy && isPublicPolicy(policy)) {
    throw new ServiceError(
      'AccessDenied',
      `User: ${callerArn} is not authorized to perform: s3:PutBucketPolicy on resource: "arn:aws:s3:::${b.name}" because public policies are blocked by the BlockPublicPolicy block public access setting.`,
      403,
    );
  }
}

/**
 * CreateBucket: BucketOwnerEnforced with an ACL that grants anyone else; and, since a new bucket has Block Public
 * Access on (S3 since April 2023), any public ACL: it can only be set after DeletePublicAccessBlock.
 */
export function checkNewBucketAcl(objectOwnership: string | undefined, acl: string): void {
  if (objectOwnership === 'BucketOwnerEnforced' && acl !== 'private') {
    throw new ServiceError('InvalidBucketAclWithObjectOwnership', "Bucket cannot have ACLs set with ObjectOwnership's BucketOwnerEnforced setting", 400);
  }
  if (isPublicAcl(acl)) throw new ServiceError('InvalidBucketAclWithBlockPublicAccessError', 'Bucket cannot have public ACLs set with BlockPublicAccess enabled', 400);
}


export function checkExpectedOwner(expected: string | undefined, actualOwner: string): void {
  if (expected === undefined) return;
  if (!/^\d{12}$/.test(expected)) {
    throw new ServiceError('InvalidBucketOwnerAWSAccountID', 'The value of the expected bucket owner parameter must be an AWS Account ID.', 400);
  }
  if (expected !== actualOwner) throw accessDenied();
}
