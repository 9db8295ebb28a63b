// Canned ACLs as the grants S3 expands them to (https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html#canned-acl).
import type { AclGrant } from './types.js';

export const ALL_USERS = 'http://acs.amazonaws.com/groups/global/AllUsers';
export const AUTHENTICATED_USERS = 'http://acs.amazonaws.com/groups/global/AuthenticatedUsers';
export const LOG_DELIVERY = 'http://acs.amazonaws.com/groups/s3/LogDelivery';

export const BUCKET_CANNED_ACLS = ['private', 'public-read', 'public-read-write', 'authenticated-read', 'log-delivery-write'] as const;
export const OBJECT_CANNED_ACLS = ['private', 'public-read', 'public-read-write', 'authenticated-read', 'aws-exec-read', 'bucket-owner-read', 'bucket-owner-full-control'] as const;

/** The grants a canned ACL stands for; the owner is identified by its account id (Sift's canonical user id). */
export function cannedGrants(acl: string, ownerId: string): AclGrant[] {
  const owner: AclGrant = { grantee: { type: 'CanonicalUser', id: ownerId }, permission: 'FULL_CONTROL' };
  const group = (uri: string, permission: AclGrant['permission']): AclGrant => ({ grantee: { type: 'Group', uri }, permission });
  switch (acl) {
    case 'public-read':
      return [owner, group(ALL_USERS, 'READ')];
    case 'public-read-write':
      return [owner, group(ALL_USERS, 'READ'), group(ALL_USERS, 'WRITE')];
    case 'authenticated-read':
      return [owner, group(AUTHENTICATED_USERS, 'READ')];
    case 'log-delivery-write':
      return [owner, group(LOG_DELIVERY, 'WRITE'), group(LOG_DELIVERY, 'READ_ACP')];
    default:
      return [owner];
  }
}
