// The bucket-level half of BucketMetadata, from the bucket's configuration: public access (ACL, policy and the
// bucket's block public access settings), default encryption and whether the policy requires encrypted uploads.
import type { BucketPublicAccess, BucketServerSideEncryption, AllowsUnencryptedObjectUploads } from '../../../models/macie2/index.js';
import { ALL_USERS, AUTHENTICATED_USERS, type BucketConfiguration } from '../../../storage/index.js';
import { bucketAttributes } from '../../../jobs/index.js';

interface Statement {
  Effect?: string;
  Principal?: unknown;
  Action?: string | string[];
  Condition?: Record<string, Record<string, unknown>>;
}

function statements(policy: string | undefined): Statement[] | undefined {
  if (!policy) return [];
  try {
    const doc = JSON.parse(policy) as { Statement?: Statement | Statement[] };
    return Array.isArray(doc.Statement) ? doc.Statement : doc.Statement ? [doc.Statement] : [];
  } catch {
    return undefined; // unreadable: Macie reports UNKNOWN
  }
}

const everyone = (p: unknown) => p === '*' || (typeof p === 'object' && p !== null && [(p as { AWS?: unknown }).AWS].flat().includes('*'));
const actionsOf = (s: Statement) => [s.Action ?? []].flat().map((a) => a.toLowerCase());
const grantsAny = (s: Statement, wanted: string[]) => actionsOf(s).some((a) => a === '*' || a === 's3:*' || wanted.some((w) => a === w || (a.endsWith('*') && w.startsWith(a.slice(0, -1)))));
const READ_ACTIONS = ['s3:getobject', 's3:listbucket'];
const WRITE_ACTIONS = ['s3:putobject', 's3:deleteobject'];

export interface BucketAccessSummary {
  publicAccess: BucketPublicAccess;
  sharedAccess: 'EXTERNAL' | 'INTERNAL' | 'NOT_SHARED' | 'UNKNOWN';
  serverSideEncryption: BucketServerSideEncryption;
  allowsUnencryptedObjectUploads: AllowsUnencryptedObjectUploads;
}

export function bucketAccessOf(config: BucketConfiguration): BucketAccessSummary {
  const stmts = statements(config.policy);
  const block = config.publicAccessBlock;
  const publicGrant = (perms: string[]) => config.grants.some((g) => g.grantee.type === 'Group' && (g.grantee.uri === ALL_USERS || g.grantee.uri === AUTHENTICATED_USERS) && perms.includes(g.permission));
  const publicAllows = (stmts ?? []).filter((s) => s.Effect === 'Allow' && !s.Condition && everyone(s.Principal));
  const acl = { allowsPublicReadAccess: publicGrant(['READ', 'FULL_CONTROL']), allowsPublicWriteAccess: publicGrant(['WRITE', 'FULL_CONTROL']) };
  const policy = { allowsPublicReadAccess: publicAllows.some((s) => grantsAny(s, READ_ACTIONS)), allowsPublicWriteAccess: publicAllows.some((s) => grantsAny(s, WRITE_ACTIONS)) };
  const attributes = bucketAttributes(config);
  const effectivePermission = stmts === undefined ? 'UNKNOWN' : attributes.effectivePermission;
  const rule = config.encryption[0];
  const type = rule?.SSEAlgorithm === 'AES256' || rule?.SSEAlgorithm === 'aws:kms' || rule?.SSEAlgorithm === 'aws:kms:dsse' ? rule.SSEAlgorithm : 'NONE';
  // A policy that denies PutObject unless the request names server-side encryption requires encrypted uploads.
  const requiresEncryption = (stmts ?? []).some((s) => s.Effect === 'Deny' && grantsAny(s, ['s3:putobject']) && JSON.stringify(s.Condition ?? {}).toLowerCase().includes('s3:x-amz-server-side-encryption'));
  return {
    publicAccess: {
      effectivePermission,
      permissionConfiguration: {
        bucketLevelPermissions: {
          accessControlList: acl,
          bucketPolicy: policy,
          blockPublicAccess: {
            blockPublicAcls: block?.BlockPublicAcls ?? false,
            blockPublicPolicy: block?.BlockPublicPolicy ?? false,
            ignorePublicAcls: block?.IgnorePublicAcls ?? false,
            restrictPublicBuckets: block?.RestrictPublicBuckets ?? false,
          },
        },
        // Sift has no account-level block public access settings: all off, as in a new AWS account before 2023.
        accountLevelPermissions: { blockPublicAccess: { blockPublicAcls: false, blockPublicPolicy: false, ignorePublicAcls: false, restrictPublicBuckets: false } },
      },
    },
    sharedAccess: stmts === undefined ? 'UNKNOWN' : attributes.sharedAccess,
    serverSideEncryption: { type, ...(rule?.KMSMasterKeyID ? { kmsMasterKeyId: rule.KMSMasterKeyID } : {}) },
    allowsUnencryptedObjectUploads: stmts === undefined ? 'UNKNOWN' : requiresEncryption ? 'FALSE' : 'TRUE',
  };
}
