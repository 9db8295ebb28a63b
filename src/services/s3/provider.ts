// The S3 API on Sift's endpoint, over the embedded store: buckets and their configuration (policy, encryption,
// public access block, canned ACLs, versioning status, tags, ownership), objects (ranges, conditional reads,
// copies, listings), multipart uploads. Authorization is the gateway's: actionOf names S3's IAM action for each
// operation and resourcePolicyOf hands it the bucket policy and owner.
import type { Readable } from 'node:stream';
import type { RequestContext } from '../../common/context.js';
import { defaultHttpLimits } from '../../common/index.js';
import type { S3Api } from '../../models/s3/index.js';
import type * as T from '../../models/s3/index.js';
import {
  EmbeddedStore,
  OBJECT_CANNED_ACLS,
  BUCKET_CANNED_ACLS,
  cannedGrants,
  s3Errors,
  type AclGrant,
  type ObjectKms,
  parseCustomerKey,
  sseCKekForRead,
  type ObjectHeaders,
  type StoredObject,
  type Tag,
} from '../../storage/index.js';
import type { PlatformDeps, ServiceRegistration } from '../types.js';
import { accessDenied, bucketArn, callerMay, missingKeyError, objectArn, resourcePolicyFor } from './access.js';
import { actionOf, isDataEvent, resourceOf } from './actions.js';
import { validateBucketPolicy } from './bucket-policy.js';
import { withExpectedOwnerChecks } from './expected-owner.js';
import { isPublicPolicy } from './public-access.js';
import {
  checkExpectedOwner,
  checkBucketAclAllowed,
  checkNewBucketAcl,
  checkObjectAclAllowed,
  checkPolicyAllowed,
} from './protections.js';
import { checkConditions, parseRange } from './conditions.js';
import { encryptionForWrite, encryptionHeaders as objectEncryptionHeaders, kekForRead } from './encryption.js';
import { parseTaggingHeader, validateTags } from './tags.js';
import { uploadPartCopyOperation } from './upload-part-copy.js';
import { createVersionOperations, versionIdOf } from './versions.js';
import { createObjectLockOperations, hideLockHeaders, lockFieldsOf } from './object-lock.js';
import { partRange } from './parts.js';
import { bucketRegion } from './location.js';
import { checkReadable, createRestoreOperations, restoreHeader } from './restore.js';
import { checkWriteConditionHeaders, checkWriteConditions, commitCheck } from './preconditions.js';
import { corsHooks, createCorsOperations } from './cors.js';
import { compositeDigest, createObjectAttributesOperation } from './object-attributes.js';
import { selectObjectContentOperation } from './select/operation.js';
import { createLifecycleOperations, createLifecycleSweeper, objectExpiration } from './lifecycle/index.js';
import { createAccessLogDelivery, createAccessLogRecorder, createLoggingOperations, lifecycleOperation } from './access-log/index.js';
import { createReplicationOperations, createReplicator, type ReplicationRoles, type Replicator } from './replication/index.js';
import { createWebsiteOperations, createWebsiteServer } from './website/index.js';

export interface S3ProviderDeps {
  store: EmbeddedStore;
  /** KMS for SSE-KMS (absent: SSE-KMS answers NotImplemented). */
  kms?: ObjectKms;
  /** Largest single PUT (S3: 5 GiB), checked from Content-Length before the body is read. */
  maxPutBytes: number;
  /** Carries out replication configurations (absent: PutBucketReplication answers NotImplemented). */
  replicator?: Replicator;
}

const CHECKSUM_MEMBERS = ['ChecksumCRC32', 'ChecksumCRC32C', 'ChecksumCRC64NVME', 'ChecksumSHA1', 'ChecksumSHA256'] as const;

function headersOf(input: { ContentType?: string; ContentEncoding?: string; ContentDisposition?: string; ContentLanguage?: string; CacheControl?: string; Expires?: string; WebsiteRedirectLocation?: string; Metadata?: Record<string, string> }): ObjectHeaders {
  const h: ObjectHeaders = {};
  if (input.ContentType) h.ContentType = input.ContentType;
  if (input.ContentEncoding) h.ContentEncoding = input.ContentEncoding;
  if (input.ContentDisposition) h.ContentDisposition = input.ContentDisposition;
  if (input.ContentLanguage) h.ContentLanguage = input.ContentLanguage;
  if (input.CacheControl) h.CacheControl = input.CacheControl;
  if (input.Expires) h.Expires = input.Expires;
  if (input.WebsiteRedirectLocation) h.WebsiteRedirectLocation = input.WebsiteRedirectLocation;
  if (input.Metadata && Object.keys(input.Metadata).length) h.Metadata = Object.fromEntries(Object.entries(input.Metadata).map(([k, v]) => [k.toLowerCase(), v]));
  return h;
}

function checkObjectAcl(acl: string | undefined): string | undefined {
  if (acl !== undefined && !(OBJECT_CANNED_ACLS as readonly string[]).includes(acl)) throw s3Errors.invalidArgument('', 'x-amz-acl', acl);
  return acl;
}

function encryptionHeaders(obj: StoredObject) {
  return objectEncryptionHeaders(obj.encryption);
}

/** The headers GET and HEAD share. */
function objectHeaders(obj: StoredObject, checksumMode?: string) {
  const h = obj.headers;
  return {
    ETag: obj.etag,
    LastModified: obj.lastModified,
    ContentType: h.ContentType ?? 'binary/octet-stream',
    ContentEncoding: h.ContentEncoding,
    ContentDisposition: h.ContentDisposition,
    ContentLanguage: h.ContentLanguage,
    CacheControl: h.CacheControl,
    ExpiresString: h.Expires,
    WebsiteRedirectLocation: h.WebsiteRedirectLocation,
    Metadata: h.Metadata,
    AcceptRanges: 'bytes',
    StorageClass: obj.storageClass === 'STANDARD' ? undefined : (obj.storageClass as T.StorageClass),
    TagCount: obj.tags.length || undefined,
    ObjectLockMode: obj.lockMode as T.ObjectLockMode | undefined,
    ObjectLockRetainUntilDate: obj.lockMode ? obj.lockUntil : undefined,
    ObjectLockLegalHoldStatus: obj.legalHold ? ('ON' as const) : undefined,
    ReplicationStatus: obj.replicationStatus as T.ReplicationStatus | undefined,
    ...encryptionHeaders(obj),
    ...(checksumMode === 'ENABLED' ? Object.fromEntries(Object.entries(obj.checksums).map(([alg, v]) => [`Checksum${alg.toUpperCase().replace('CRC64NVME', 'CRC64NVME')}`, v])) : {}),
  };
}

function toGrantXml(grants: AclGrant[]): T.Grant[] {
  return grants.map((g) => ({
    Grantee: g.grantee.type === 'CanonicalUser' ? { Type: 'CanonicalUser', ID: g.grantee.id } : { Type: 'Group', URI: g.grantee.uri },
    Permission: g.permission,
  }));
}

function parseCopySource(source: string): { bucket: string; key: string; versionId?: string } {
  const [path, query] = source.split('?', 2) as [string, string | undefined];
  let decoded: string;
  try {
    decoded = decodeURIComponent(path.replace(/^\//, ''));
  } catch {
    throw s3Errors.invalidArgument('Invalid copy source encoding', 'x-amz-copy-source', source);
  }
  const slash = decoded.indexOf('/');
  if (slash <= 0 || slash === decoded.length - 1) throw s3Errors.invalidArgument('Invalid copy source object key', 'x-amz-copy-source', source);
  const versionId = query ? (new URLSearchParams(query).get('versionId') ?? undefined) : undefined;
  return { bucket: decoded.slice(0, slash), key: decoded.slice(slash + 1), versionId };
}

function checksumsOf(input: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of CHECKSUM_MEMBERS) if (typeof input[m] === 'string') out[m.slice('Checksum'.length).toLowerCase()] = input[m] as string;
  return out;
}

function checksumOutput(checksums: Record<string, string>) {
  return Object.fromEntries(Object.entries(checksums).map(([alg, v]) => [`Checksum${alg.toUpperCase()}`, v]));
}

function checkContentLength(length: number | undefined, max: number): void {
  if (length !== undefined && length > max) throw s3Errors.entityTooLarge(length, max);
}

/** A PUT body we will not read (the request failed first) is discarded, so the connection stays usable. */
function discard(body: unknown): void {
  const s = body as Readable | undefined;
  if (s && typeof s.resume === 'function') s.resume();
}

function listing(obj: StoredObject): T.ObjectShape {
  return { Key: obj.key, LastModified: obj.lastModified, ETag: obj.etag, Size: obj.size, StorageClass: obj.storageClass as T.ObjectStorageClass };
}

export function createS3Provider(deps: S3ProviderDeps) {
  const { store } = deps;
  let opened: Promise<void> | undefined;
  const ready = () => (opened ??= store.open());
  const owner = (accountId: string) => ({ ID: accountId, DisplayName: accountId });

  /** An object the caller reads; a missing key is AccessDenied unless the caller may list the bucket. */
  async function readableObject(ctx: RequestContext, bucket: string, key: string, versionId?: string): Promise<StoredObject> {
    try {
      return await store.object(bucket, key, versionId);
    } catch (err) {
      const b = await store.findBucket(bucket);
      throw b ? await missingKeyError(ctx, b, err) : err;
    }
  }

  /** CopyObject's source, read with the caller's rights on it under the source bucket's policy. */
  async function readableCopySource(ctx: RequestContext, src: { bucket: string; key: string; versionId?: string }, input: { ExpectedSourceBucketOwner?: string; TaggingDirective?: string }): Promise<StoredObject> {
    const sb = await store.bucket(src.bucket);
    checkExpectedOwner(input.ExpectedSourceBucketOwner, sb.account_id);
    const arn = objectArn(src.bucket, src.key);
    const read = src.versionId !== undefined ? 's3:GetObjectVersion' : 's3:GetObject';
    if (!(await callerMay(ctx, read, arn, sb))) throw accessDenied();
    let source: StoredObject;
    try {
      source = await store.object(src.bucket, src.key, src.versionId);
    } catch (err) {
      throw await missingKeyError(ctx, sb, err);
    }
    // Tags travel with a COPY directive, which needs s3:GetObjectTagging on the source.
    checkReadable(source, store.nowMs());
    if (input.TaggingDirective !== 'REPLACE' && source.tags.length && !(await callerMay(ctx, 's3:GetObjectTagging', arn, sb))) throw accessDenied();
    return source;
  }

  const versionOps = createVersionOperations({ store, ready, owner });
  const provider = {
    ...versionOps.operations,
    ...createObjectLockOperations({ store, ready, now: () => store.nowMs() }),
    ...createRestoreOperations({ store, ready }),
    ...createCorsOperations({ store, ready }),
    ...createLifecycleOperations({ store, ready }),
    ...createLoggingOperations({ store, ready }),
    ...createReplicationOperations({ store, ready, carriedOut: deps.replicator !== undefined }),
    ...createWebsiteOperations({ store, ready }),
    getObjectAttributes: createObjectAttributesOperation({ store, ready, readableObject }),
    // ---- buckets ----
    async createBucket(ctx: RequestContext, input: T.CreateBucketRequest): Promise<T.CreateBucketOutput> {
      await ready();
      const acl = input.ACL ?? 'private';
      if (!(BUCKET_CANNED_ACLS as readonly string[]).includes(acl)) throw s3Errors.invalidArgument('', 'x-amz-acl', acl);
      // BucketOwnerEnforced is S3's default for new buckets (and the embedded store's).
      checkNewBucketAcl(input.ObjectOwnership ?? 'BucketOwnerEnforced', acl);
      const region = bucketRegion(input.CreateBucketConfiguration?.LocationConstraint, ctx.region);
      try {
        await store.createBucket({ bucket: input.Bucket, accountId: ctx.accountId, region, acl, objectOwnership: input.ObjectOwnership, objectLock: input.ObjectLockEnabledForBucket === true });
      } catch (err) {
        // us-east-1 (S3's legacy region) answers 200 to creating a bucket you already own there; other regions 409.
        if ((err as { code?: string }).code === 'BucketAlreadyOwnedByYou' && region === 'us-east-1' && (await store.bucket(input.Bucket)).region === 'us-east-1') return { Location: `/${input.Bucket}` };
        throw err;
      }
      return { Location: `/${input.Bucket}` };
    },
    async deleteBucket(_ctx: RequestContext, input: T.DeleteBucketRequest): Promise<void> {
      await ready();
      await store.deleteBucket(input.Bucket);
    },
    async listBuckets(ctx: RequestContext, input: T.ListBucketsRequest): Promise<T.ListBucketsOutput> {
      await ready();
      let buckets = await store.listBuckets(ctx.accountId);
      if (input.Prefix) buckets = buckets.filter((b) => b.name.startsWith(input.Prefix!));
      if (input.BucketRegion) buckets = buckets.filter((b) => b.region === input.BucketRegion);
      if (input.ContinuationToken) buckets = buckets.filter((b) => b.name > input.ContinuationToken!);
      const max = input.MaxBuckets ?? 10_000;
      const page = buckets.slice(0, max);
      return {
        Buckets: page.map((b) => ({ Name: b.name, CreationDate: b.createdAt, BucketRegion: b.region })),
        Owner: owner(ctx.accountId),
        Prefix: input.Prefix,
        ContinuationToken: buckets.length > max ? page[page.length - 1]!.name : undefined,
      };
    },
    async headBucket(_ctx: RequestContext, input: T.HeadBucketRequest): Promise<T.HeadBucketOutput> {
      await ready();
      const b = await store.bucket(input.Bucket);
      return { BucketRegion: b.region, BucketLocationType: undefined, AccessPointAlias: false };
    },
    async getBucketLocation(_ctx: RequestContext, input: T.GetBucketLocationRequest): Promise<T.GetBucketLocationOutput> {
      await ready();
      const b = await store.bucket(input.Bucket);
      return { LocationConstraint: b.region === 'us-east-1' ? undefined : (b.region as T.BucketLocationConstraint) };
    },

    // ---- bucket configuration ----
    async putBucketPolicy(ctx: RequestContext, input: T.PutBucketPolicyRequest): Promise<void> {
      await ready();
      const b = await store.bucket(input.Bucket);
      validateBucketPolicy(input.Policy, input.Bucket);
      checkPolicyAllowed(b, input.Policy, ctx.principal.arn);
      await store.setBucketField(input.Bucket, 'policy', input.Policy);
    },
    async getBucketPolicy(_ctx: RequestContext, input: T.GetBucketPolicyRequest): Promise<T.GetBucketPolicyOutput> {
      await ready();
      const b = await store.bucket(input.Bucket);
      if (!b.policy) throw s3Errors.noSuchBucketPolicy(input.Bucket);
      return { Policy: b.policy };
    },
    async deleteBucketPolicy(_ctx: RequestContext, input: T.DeleteBucketPolicyRequest): Promise<void> {
      await ready();
      await store.setBucketField(input.Bucket, 'policy', null);
    },
    async getBucketPolicyStatus(_ctx: RequestContext, input: T.GetBucketPolicyStatusRequest): Promise<T.GetBucketPolicyStatusOutput> {
      await ready();
      const b = await store.bucket(input.Bucket);
      if (!b.policy) throw s3Errors.noSuchBucketPolicy(input.Bucket);
      return { PolicyStatus: { IsPublic: isPublicPolicy(b.policy) } };
    },
    async putBucketEncryption(_ctx: RequestContext, input: T.PutBucketEncryptionRequest): Promise<void> {
      await ready();
      const rules = input.ServerSideEncryptionConfiguration?.Rules ?? [];
      if (rules.length !== 1) throw s3Errors.malformedXml();
      const alg = rules[0]!.ApplyServerSideEncryptionByDefault?.SSEAlgorithm;
      if (!alg || !['AES256', 'aws:kms', 'aws:kms:dsse'].includes(alg)) throw s3Errors.malformedXml();
      if (alg === 'aws:kms:dsse' || (alg === 'aws:kms' && !deps.kms)) throw s3Errors.encryptionNotImplemented(`${alg} as a bucket default`);
      await store.setBucketField(input.Bucket, 'encryption', JSON.stringify(input.ServerSideEncryptionConfiguration));
    },
    async getBucketEncryption(_ctx: RequestContext, input: T.GetBucketEncryptionRequest): Promise<T.GetBucketEncryptionOutput> {
      await ready();
      const b = await store.bucket(input.Bucket);
      // Since January 2023 every bucket has SSE-S3 by default.
      const config: T.ServerSideEncryptionConfiguration = b.encryption ? JSON.parse(b.encryption) : { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' }, BucketKeyEnabled: false }] };
      return { ServerSideEncryptionConfiguration: config };
    },
    async deleteBucketEncryption(_ctx: RequestContext, input: T.DeleteBucketEncryptionRequest): Promise<void> {
      await ready();
      await store.setBucketField(input.Bucket, 'encryption', null);
    },
    async putPublicAccessBlock(_ctx: RequestContext, input: T.PutPublicAccessBlockRequest): Promise<void> {
      await ready();
      const c = input.PublicAccessBlockConfiguration;
      const value = { BlockPublicAcls: !!c.BlockPublicAcls, IgnorePublicAcls: !!c.IgnorePublicAcls, BlockPublicPolicy: !!c.BlockPublicPolicy, RestrictPublicBuckets: !!c.RestrictPublicBuckets };
      await store.setBucketField(input.Bucket, 'public_access_block', JSON.stringify(value));
    },
    async getPublicAccessBlock(_ctx: RequestContext, input: T.GetPublicAccessBlockRequest): Promise<T.GetPublicAccessBlockOutput> {
      await ready();
      const b = await store.bucket(input.Bucket);
      if (!b.public_access_block) throw s3Errors.noPublicAccessBlock(input.Bucket);
      return { PublicAccessBlockConfiguration: JSON.parse(b.public_access_block) };
    },
    async deletePublicAccessBlock(_ctx: RequestContext, input: T.DeletePublicAccessBlockRequest): Promise<void> {
      await ready();
      await store.setBucketField(input.Bucket, 'public_access_block', null);
    },
    async putBucketAcl(_ctx: RequestContext, input: T.PutBucketAclRequest): Promise<void> {
      await ready();
      const b = await store.bucket(input.Bucket);
      if (!input.ACL) throw s3Errors.invalidRequest('Sift supports canned ACLs only: send x-amz-acl.');
      if (!(BUCKET_CANNED_ACLS as readonly string[]).includes(input.ACL)) throw s3Errors.invalidArgument('', 'x-amz-acl', input.ACL);
      checkBucketAclAllowed(b, input.ACL);
      await store.setBucketField(input.Bucket, 'acl', input.ACL);
    },
    async getBucketAcl(_ctx: RequestContext, input: T.GetBucketAclRequest): Promise<T.GetBucketAclOutput> {
      await ready();
      const b = await store.bucket(input.Bucket);
      return { Owner: owner(b.account_id), Grants: toGrantXml(cannedGrants(b.acl, b.account_id)) };
    },
    async getObjectAcl(_ctx: RequestContext, input: T.GetObjectAclRequest): Promise<T.GetObjectAclOutput> {
      await ready();
      const b = await store.bucket(input.Bucket);
      const obj = await store.object(input.Bucket, input.Key);
      return { Owner: owner(b.account_id), Grants: toGrantXml(cannedGrants(obj.acl, b.account_id)) };
    },
    async putBucketVersioning(_ctx: RequestContext, input: T.PutBucketVersioningRequest): Promise<void> {
      await ready();
      const status = input.VersioningConfiguration?.Status;
      if (status !== 'Enabled' && status !== 'Suspended') throw s3Errors.malformedXml();
      // MFA Delete needs an MFA device to check x-amz-mfa against: not built, so refused rather than stored.
      if (input.VersioningConfiguration?.MFADelete === 'Enabled' || input.MFA !== undefined) throw s3Errors.notImplemented('MFA Delete', 'x-amz-mfa');
      const b = await store.bucket(input.Bucket);
      if (b.object_lock && status === 'Suspended') throw s3Errors.invalidBucketState('An Object Lock configuration is present on this bucket, so the versioning state cannot be changed.');
      if (b.replication && status === 'Suspended') throw s3Errors.invalidBucketState('A replication configuration is present on this bucket, so the versioning state cannot be changed.');
      await store.setBucketField(input.Bucket, 'versioning', status);
    },
    async getBucketVersioning(_ctx: RequestContext, input: T.GetBucketVersioningRequest): Promise<T.GetBucketVersioningOutput> {
      await ready();
      const b = await store.bucket(input.Bucket);
      return b.versioning ? { Status: b.versioning as T.BucketVersioningStatus } : {};
    },
    async putBucketTagging(_ctx: RequestContext, input: T.PutBucketTaggingRequest): Promise<void> {
      await ready();
      const tags = validateTags(input.Tagging.TagSet as Tag[], 50);
      await store.setBucketField(input.Bucket, 'tags', JSON.stringify(tags));
    },
    async getBucketTagging(_ctx: RequestContext, input: T.GetBucketTaggingRequest): Promise<T.GetBucketTaggingOutput> {
      await ready();
      const b = await store.bucket(input.Bucket);
      const tags: Tag[] = b.tags ? JSON.parse(b.tags) : [];
      if (!tags.length) throw s3Errors.noSuchTagSet(input.Bucket);
      return { TagSet: tags };
    },
    async deleteBucketTagging(_ctx: RequestContext, input: T.DeleteBucketTaggingRequest): Promise<void> {
      await ready();
      await store.setBucketField(input.Bucket, 'tags', null);
    },
    async putBucketOwnershipControls(_ctx: RequestContext, input: T.PutBucketOwnershipControlsRequest): Promise<void> {
      await ready();
      const rule = input.OwnershipControls?.Rules?.[0]?.ObjectOwnership;
      if (!rule || input.OwnershipControls.Rules.length !== 1) throw s3Errors.malformedXml();
      if (rule === 'BucketOwnerEnforced') checkNewBucketAcl(rule, (await store.bucket(input.Bucket)).acl);
      await store.setBucketField(input.Bucket, 'object_ownership', rule);
    },
    async getBucketOwnershipControls(_ctx: RequestContext, input: T.GetBucketOwnershipControlsRequest): Promise<T.GetBucketOwnershipControlsOutput> {
      await ready();
      const b = await store.bucket(input.Bucket);
      if (!b.object_ownership) throw s3Errors.noOwnershipControls(input.Bucket);
      return { OwnershipControls: { Rules: [{ ObjectOwnership: b.object_ownership as T.ObjectOwnership }] } };
    },
    async deleteBucketOwnershipControls(_ctx: RequestContext, input: T.DeleteBucketOwnershipControlsRequest): Promise<void> {
      await ready();
      await store.setBucketField(input.Bucket, 'object_ownership', null);
    },

    // ---- objects ----
    async putObject(ctx: RequestContext, input: T.PutObjectRequest): Promise<T.PutObjectOutput> {
      await ready();
      try {
        checkContentLength(input.ContentLength, deps.maxPutBytes);
        const bucket = await store.bucket(input.Bucket);
        // A checksum sent in the aws-chunked trailer (the SDKs' default) joins the input only once the body has ended
        // (the protocol sets it then): the store asks for the checksums after the last byte, and the answer reads
        // them again (as UploadPart does).
        const sumsNow = () => checksumsOf(input as unknown as Record<string, unknown>);
        const lock = lockFieldsOf(bucket, input, store.nowMs(), { needsDigest: true, hasChecksum: Object.keys(sumsNow()).length > 0 });
        checkWriteConditionHeaders(input);
        if (input.IfMatch !== undefined || input.IfNoneMatch !== undefined) checkWriteConditions(input, input.Key, await store.findObject(input.Bucket, input.Key));
        checkObjectAclAllowed(bucket, checkObjectAcl(input.ACL));
        const tags = input.Tagging !== undefined ? validateTags(parseTaggingHeader(input.Tagging), 10) : undefined;
        const sse = await encryptionForWrite(ctx, deps.kms, { bucket: input.Bucket, key: input.Key, bucketEncryption: bucket.encryption }, input);
        const obj = await store.putObject(input.Bucket, input.Key, input.Body as unknown as Readable, {
          headers: headersOf(input),
          tags,
          ...sse,
          acl: checkObjectAcl(input.ACL),
          storageClass: input.StorageClass,
          checksums: sumsNow,
          maxBytes: deps.maxPutBytes,
          sizeHint: input.ContentLength,
          lock,
          precondition: commitCheck(input, input.Key),
        });
        return { ETag: obj.etag, VersionId: obj.versionId, Expiration: objectExpiration(bucket.lifecycle, obj), ...encryptionHeaders(obj), ...checksumOutput(sumsNow()) };
      } catch (err) {
        discard(input.Body);
        throw err;
      }
    },
    async getObject(ctx: RequestContext, input: T.GetObjectRequest): Promise<T.GetObjectOutput> {
      await ready();
      const obj = await readableObject(ctx, input.Bucket, input.Key, input.VersionId);
      const kek = await kekForRead(ctx, deps.kms, obj, input);
      checkConditions(obj, input);
      checkReadable(obj, store.nowMs());
      const range = input.PartNumber !== undefined ? partRange(obj, input.PartNumber, input.Range) : input.Range ? parseRange(input.Range, obj.size) : undefined;
      const body = await store.readBytes(obj, range, kek);
      const bucket = await store.bucket(input.Bucket);
      const versionId = versionIdOf(bucket, obj);
      const length = range ? range.end - range.start + 1 : obj.size;
      return hideLockHeaders(ctx, bucket, input.Key, {
        // A whole-object checksum cannot validate a range, so S3 sends none with one.
        ...objectHeaders(obj, range ? undefined : input.ChecksumMode),
        Body: body as unknown as T.GetObjectOutput['Body'],
        VersionId: versionId,
        Restore: restoreHeader(obj, store.nowMs()),
        Expiration: input.VersionId === undefined ? objectExpiration(bucket.lifecycle, obj) : undefined,
        PartsCount: input.PartNumber !== undefined ? (obj.partsCount ?? undefined) : undefined,
        ContentLength: length,
        ContentRange: range ? `bytes ${range.start}-${range.end}/${obj.size}` : undefined,
        ...(input.ResponseContentType ? { ContentType: input.ResponseContentType } : {}),
        ...(input.ResponseContentDisposition ? { ContentDisposition: input.ResponseContentDisposition } : {}),
        ...(input.ResponseContentEncoding ? { ContentEncoding: input.ResponseContentEncoding } : {}),
        ...(input.ResponseContentLanguage ? { ContentLanguage: input.ResponseContentLanguage } : {}),
        ...(input.ResponseCacheControl ? { CacheControl: input.ResponseCacheControl } : {}),
      } as T.GetObjectOutput);
    },
    async headObject(ctx: RequestContext, input: T.HeadObjectRequest): Promise<T.HeadObjectOutput> {
      await ready();
      const obj = await readableObject(ctx, input.Bucket, input.Key, input.VersionId);
      // HEAD of an SSE-C object needs its key (S3); SSE-KMS metadata needs no kms:Decrypt.
      sseCKekForRead(obj.encryption, parseCustomerKey(input, undefined, false));
      checkConditions(obj, input);
      const range = input.PartNumber !== undefined ? partRange(obj, input.PartNumber, input.Range) : input.Range ? parseRange(input.Range, obj.size) : undefined;
      const bucket = await store.bucket(input.Bucket);
      return hideLockHeaders(ctx, bucket, input.Key, {
        VersionId: versionIdOf(bucket, obj),
        Restore: restoreHeader(obj, store.nowMs()),
        Expiration: input.VersionId === undefined ? objectExpiration(bucket.lifecycle, obj) : undefined,
        ...objectHeaders(obj, input.ChecksumMode),
        ContentLength: range ? range.end - range.start + 1 : obj.size,
        ContentRange: range ? `bytes ${range.start}-${range.end}/${obj.size}` : undefined,
        PartsCount: input.PartNumber !== undefined ? obj.partsCount : undefined,
      } as T.HeadObjectOutput);
    },
    async deleteObject(ctx: RequestContext, input: T.DeleteObjectRequest): Promise<T.DeleteObjectOutput> {
      await ready();
      const b = await store.bucket(input.Bucket);
      const bypassGovernance = await versionOps.mayBypassGovernance(ctx, b, input.Key, input.BypassGovernanceRetention);
      // The directory-bucket conditions are not carried out here: refused rather than ignored.
      if (input.IfMatchLastModifiedTime !== undefined || input.IfMatchSize !== undefined) throw s3Errors.notImplemented('x-amz-if-match-last-modified-time / x-amz-if-match-size', 'x-amz-if-match-size');
      const ifMatch = input.IfMatch;
      const check = ifMatch !== undefined ? (current: StoredObject | undefined) => checkWriteConditions({ IfMatch: ifMatch }, input.Key, current) : undefined;
      const out = await store.deleteObject(input.Bucket, input.Key, { versionId: input.VersionId, bypassGovernance, check });
      return { VersionId: out.versionId, DeleteMarker: out.deleteMarker };
    },
    async deleteObjects(ctx: RequestContext, input: T.DeleteObjectsRequest): Promise<T.DeleteObjectsOutput> {
      await ready();
      const objects = input.Delete.Objects ?? [];
      if (objects.length > 1000) throw s3Errors.malformedXml();
      const b = await store.bucket(input.Bucket);
      const deleted: T.DeletedObject[] = [];
      const errors: T.ErrorShape[] = [];
      for (const o of objects) {
        // Each key is authorized on its own, as S3 does: a Deny on some keys fails those keys, not the request.
        const action = o.VersionId !== undefined ? 's3:DeleteObjectVersion' : 's3:DeleteObject';
        if (!(await callerMay(ctx, action, objectArn(input.Bucket, o.Key), b))) {
          errors.push({ Key: o.Key, ...(o.VersionId !== undefined ? { VersionId: o.VersionId } : {}), Code: 'AccessDenied', Message: 'Access Denied' });
          continue;
        }
        try {
          const bypassGovernance = await versionOps.mayBypassGovernance(ctx, b, o.Key, input.BypassGovernanceRetention);
          const out = await store.deleteObject(input.Bucket, o.Key, { versionId: o.VersionId, bypassGovernance });
          deleted.push(
            o.VersionId !== undefined
              ? { Key: o.Key, VersionId: o.VersionId, ...(out.deleteMarker ? { DeleteMarker: true, DeleteMarkerVersionId: o.VersionId } : {}) }
              : out.deleteMarker
                ? { Key: o.Key, DeleteMarker: true, DeleteMarkerVersionId: out.versionId }
                : { Key: o.Key },
          );
        } catch (err) {
          const e = err as { code?: string; message?: string };
          errors.push({ Key: o.Key, ...(o.VersionId !== undefined ? { VersionId: o.VersionId } : {}), Code: e.code ?? 'InternalError', Message: e.message ?? 'We encountered an internal error. Please try again.' });
        }
      }
      return { Deleted: input.Delete.Quiet ? undefined : deleted, Errors: errors.length ? errors : undefined };
    },
    async copyObject(ctx: RequestContext, input: T.CopyObjectRequest): Promise<T.CopyObjectOutput> {
      await ready();
      const destination = await store.bucket(input.Bucket);
      const lock = lockFieldsOf(destination, input, store.nowMs());
      checkObjectAclAllowed(destination, checkObjectAcl(input.ACL));
      const src = parseCopySource(input.CopySource);
      const source = await readableCopySource(ctx, src, input);
      checkConditions(source, { IfMatch: input.CopySourceIfMatch, IfNoneMatch: input.CopySourceIfNoneMatch, IfModifiedSince: input.CopySourceIfModifiedSince, IfUnmodifiedSince: input.CopySourceIfUnmodifiedSince }, true);
      const replaceMeta = input.MetadataDirective === 'REPLACE';
      const replaceTags = input.TaggingDirective === 'REPLACE';
      const sameObject = src.bucket === input.Bucket && src.key === input.Key;
      if (sameObject && !replaceMeta && !input.ServerSideEncryption && !input.SSECustomerAlgorithm && !input.StorageClass) {
        throw s3Errors.invalidRequest("This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.");
      }
      const sourceKek = await kekForRead(ctx, deps.kms, source, { SSECustomerAlgorithm: input.CopySourceSSECustomerAlgorithm, SSECustomerKey: input.CopySourceSSECustomerKey, SSECustomerKeyMD5: input.CopySourceSSECustomerKeyMD5 }, 'x-amz-copy-source-server-side-encryption-customer');
      const sse = await encryptionForWrite(ctx, deps.kms, { bucket: input.Bucket, key: input.Key, bucketEncryption: destination.encryption }, input);
      const obj = await store.copyObject(src, { bucket: input.Bucket, key: input.Key }, {
        headers: replaceMeta ? headersOf(input) : undefined,
        tags: replaceTags ? validateTags(parseTaggingHeader(input.Tagging ?? ''), 10) : undefined,
        ...sse,
        ...(sourceKek ? { sourceKek } : {}),
        acl: checkObjectAcl(input.ACL),
        storageClass: input.StorageClass,
        lock,
      });
      return { CopyObjectResult: { ETag: obj.etag, LastModified: obj.lastModified }, VersionId: obj.versionId, CopySourceVersionId: src.versionId ?? source.versionId, ...encryptionHeaders(obj) };
    },
    async putObjectTagging(_ctx: RequestContext, input: T.PutObjectTaggingRequest): Promise<T.PutObjectTaggingOutput> {
      await ready();
      const obj = await store.setObjectTags(input.Bucket, input.Key, validateTags(input.Tagging.TagSet as Tag[], 10), input.VersionId);
      return { VersionId: obj.versionId };
    },
    async getObjectTagging(_ctx: RequestContext, input: T.GetObjectTaggingRequest): Promise<T.GetObjectTaggingOutput> {
      await ready();
      const found = await store.version(input.Bucket, input.Key, input.VersionId);
      if (found.isDeleteMarker) throw s3Errors.deleteMarkerNotAllowed(input.VersionId ?? found.row.version_id ?? 'null');
      const obj = await store.object(input.Bucket, input.Key, found.row.version_id ?? 'null');
      return { TagSet: obj.tags, VersionId: obj.versionId };
    },
    async deleteObjectTagging(_ctx: RequestContext, input: T.DeleteObjectTaggingRequest): Promise<T.DeleteObjectTaggingOutput> {
      await ready();
      const obj = await store.setObjectTags(input.Bucket, input.Key, null, input.VersionId);
      return { VersionId: obj.versionId };
    },
    async listObjectsV2(_ctx: RequestContext, input: T.ListObjectsV2Request): Promise<T.ListObjectsV2Output> {
      await ready();
      const maxKeys = input.MaxKeys ?? 1000;
      if (maxKeys < 0) throw s3Errors.invalidArgument('Argument maxKeys must be an integer between 0 and 2147483647', 'max-keys', String(maxKeys));
      const page = await store.listObjects(input.Bucket, { prefix: input.Prefix, delimiter: input.Delimiter, startAfter: input.StartAfter, continuationToken: input.ContinuationToken, maxKeys });
      return {
        Name: input.Bucket,
        Prefix: input.Prefix ?? '',
        Delimiter: input.Delimiter,
        StartAfter: input.StartAfter,
        MaxKeys: maxKeys,
        EncodingType: input.EncodingType,
        KeyCount: page.objects.length + page.commonPrefixes.length,
        IsTruncated: page.nextContinuationToken !== undefined,
        ContinuationToken: input.ContinuationToken,
        NextContinuationToken: page.nextContinuationToken,
        Contents: page.objects.length ? (page.objects as StoredObject[]).map(listing) : undefined,
        CommonPrefixes: page.commonPrefixes.length ? page.commonPrefixes.map((p) => ({ Prefix: p })) : undefined,
      };
    },
    async listObjects(ctx: RequestContext, input: T.ListObjectsRequest): Promise<T.ListObjectsOutput> {
      await ready();
      const maxKeys = input.MaxKeys ?? 1000;
      const page = await store.listObjects(input.Bucket, { prefix: input.Prefix, delimiter: input.Delimiter, startAfter: input.Marker, maxKeys });
      const b = await store.bucket(input.Bucket);
      const truncated = page.nextContinuationToken !== undefined;
      const lastKey = [...page.objects.map((o) => o.key), ...page.commonPrefixes].sort().pop();
      void ctx;
      return {
        Name: input.Bucket,
        Prefix: input.Prefix ?? '',
        Delimiter: input.Delimiter,
        Marker: input.Marker ?? '',
        MaxKeys: maxKeys,
        EncodingType: input.EncodingType,
        IsTruncated: truncated,
        // S3 returns NextMarker only with a delimiter; clients use the last key otherwise.
        NextMarker: truncated && input.Delimiter ? lastKey : undefined,
        Contents: page.objects.length ? (page.objects as StoredObject[]).map((o) => ({ ...listing(o), Owner: owner(b.account_id) })) : undefined,
        CommonPrefixes: page.commonPrefixes.length ? page.commonPrefixes.map((p) => ({ Prefix: p })) : undefined,
      };
    },

    // ---- multipart uploads ----
    async createMultipartUpload(ctx: RequestContext, input: T.CreateMultipartUploadRequest): Promise<T.CreateMultipartUploadOutput> {
      await ready();
      const bucket = await store.bucket(input.Bucket);
      const lock = lockFieldsOf(bucket, input, store.nowMs());
      checkObjectAclAllowed(bucket, checkObjectAcl(input.ACL));
      const tags = input.Tagging !== undefined ? validateTags(parseTaggingHeader(input.Tagging), 10) : undefined;
      // The upload keeps the encryption (with SSE-KMS, the wrapped key); each part re-derives its key-encryption key.
      const { encryption } = await encryptionForWrite(ctx, deps.kms, { bucket: input.Bucket, key: input.Key, bucketEncryption: bucket.encryption }, input);
      const up = await store.createMultipartUpload(input.Bucket, input.Key, ctx.accountId, {
        headers: headersOf(input),
        tags,
        encryption,
        acl: checkObjectAcl(input.ACL),
        storageClass: input.StorageClass,
        checksumAlgorithm: input.ChecksumAlgorithm,
        lock,
      });
      return { Bucket: input.Bucket, Key: input.Key, UploadId: up.uploadId, ChecksumAlgorithm: input.ChecksumAlgorithm, ...objectEncryptionHeaders(encryption) };
    },
    async uploadPart(ctx: RequestContext, input: T.UploadPartRequest): Promise<T.UploadPartOutput> {
      await ready();
      try {
        checkContentLength(input.ContentLength, 5 * 1024 ** 3);
        // A checksum sent in the aws-chunked trailer (the SDKs' default) joins the input only once the body has ended
        // (the protocol sets it then): the store asks for it after the last byte, and the answer reads it again.
        const sumsNow = () => checksumsOf(input as unknown as Record<string, unknown>);
        // A part is sealed under the upload's key: the same customer key (SSE-C), or KMS's data key (kms:Decrypt).
        const up = await store.upload(input.Bucket, input.Key, input.UploadId);
        const encryption = up.encryption ? (JSON.parse(up.encryption) as import('../../storage/index.js').ObjectEncryption) : undefined;
        const kek = await kekForRead(ctx, deps.kms, { bucket: input.Bucket, key: input.Key, encryption }, input);
        const part = await store.uploadPart(input.Bucket, input.Key, input.UploadId, input.PartNumber, input.Body as unknown as Readable, () => Object.values(sumsNow())[0], kek, input.ContentLength);
        return { ETag: part.etag, ...checksumOutput(sumsNow()), ...objectEncryptionHeaders(encryption) };
      } catch (err) {
        discard(input.Body);
        throw err;
      }
    },
    selectObjectContent: selectObjectContentOperation({
      ready,
      async open(ctx, input) {
        const obj = await readableObject(ctx, input.Bucket, input.Key);
        const kek = await kekForRead(ctx, deps.kms, obj, input);
        checkReadable(obj, store.nowMs());
        return { obj, read: (from) => store.readBytes(obj, from > 0 ? { start: from, end: obj.size - 1 } : undefined, kek) };
      },
    }),
    uploadPartCopy: uploadPartCopyOperation({ store, kms: deps.kms, ready, parseCopySource, readableCopySource }),
    async completeMultipartUpload(_ctx: RequestContext, input: T.CompleteMultipartUploadRequest): Promise<T.CompleteMultipartUploadOutput> {
      await ready();
      checkWriteConditionHeaders(input);
      // A repeated completion of an upload that completed answers 200 with the same ETag, as S3 does.
      const done = await store.completedUpload(input.Bucket, input.Key, input.UploadId);
      if (done) return { Location: `/${input.Bucket}/${encodeURIComponent(input.Key)}`, Bucket: input.Bucket, Key: input.Key, ETag: done.etag, VersionId: done.versionId };
      if (input.IfMatch !== undefined || input.IfNoneMatch !== undefined) checkWriteConditions(input, input.Key, await store.findObject(input.Bucket, input.Key));
      const obj = await store.completeMultipartUpload(input.Bucket, input.Key, input.UploadId, input.MultipartUpload?.Parts ?? [], commitCheck(input, input.Key), compositeDigest);
      return { Location: `/${input.Bucket}/${encodeURIComponent(input.Key)}`, Bucket: input.Bucket, Key: input.Key, ETag: obj.etag, VersionId: obj.versionId, ...encryptionHeaders(obj), ...checksumOutput(obj.checksums) };
    },
    async abortMultipartUpload(_ctx: RequestContext, input: T.AbortMultipartUploadRequest): Promise<T.AbortMultipartUploadOutput> {
      await ready();
      await store.abortMultipartUpload(input.Bucket, input.UploadId, input.Key);
      return {};
    },
    async listParts(_ctx: RequestContext, input: T.ListPartsRequest): Promise<T.ListPartsOutput> {
      await ready();
      const marker = input.PartNumberMarker !== undefined ? Number(input.PartNumberMarker) : undefined;
      const { upload, parts, truncated } = await store.listParts(input.Bucket, input.Key, input.UploadId, { partNumberMarker: marker, maxParts: input.MaxParts });
      return {
        Bucket: input.Bucket,
        Key: input.Key,
        UploadId: input.UploadId,
        PartNumberMarker: marker,
        NextPartNumberMarker: parts.length ? parts[parts.length - 1]!.partNumber : undefined,
        MaxParts: input.MaxParts ?? 1000,
        IsTruncated: truncated,
        Parts: parts.map((p) => ({ PartNumber: p.partNumber, LastModified: p.lastModified, ETag: p.etag, Size: p.size })),
        Initiator: { ID: upload.accountId, DisplayName: upload.accountId },
        Owner: owner(upload.accountId),
        StorageClass: upload.storageClass as T.StorageClass,
      };
    },
    async listMultipartUploads(_ctx: RequestContext, input: T.ListMultipartUploadsRequest): Promise<T.ListMultipartUploadsOutput> {
      await ready();
      const { uploads, truncated } = await store.listUploads(input.Bucket, { prefix: input.Prefix, keyMarker: input.KeyMarker, uploadIdMarker: input.UploadIdMarker, maxUploads: input.MaxUploads });
      const last = uploads[uploads.length - 1];
      return {
        Bucket: input.Bucket,
        Prefix: input.Prefix,
        KeyMarker: input.KeyMarker ?? '',
        UploadIdMarker: input.UploadIdMarker ?? '',
        NextKeyMarker: truncated ? last?.key : undefined,
        NextUploadIdMarker: truncated ? last?.uploadId : undefined,
        MaxUploads: input.MaxUploads ?? 1000,
        IsTruncated: truncated,
        EncodingType: input.EncodingType,
        Uploads: uploads.map((u) => ({ UploadId: u.uploadId, Key: u.key, Initiated: u.initiated, StorageClass: u.storageClass as T.StorageClass, Owner: owner(u.accountId), Initiator: { ID: u.accountId, DisplayName: u.accountId } })),
      };
    },
  } satisfies Partial<S3Api>;
  return withExpectedOwnerChecks(provider, store);
}

export type S3Provider = ReturnType<typeof createS3Provider>;

/** The S3 service as the gateway serves it. Pass the embedded store when other parts share it. */
export function createS3Registration(deps: PlatformDeps, embedded?: EmbeddedStore, kms?: ObjectKms, roles?: ReplicationRoles): ServiceRegistration {
  const store = embedded ?? deps.storage.embedded;
  // Replication acts with IAM roles: without them (a registration for tests) configurations are refused.
  const replicator = roles ? createReplicator({ store: deps.store, embedded: store, roles, clock: deps.clock, ids: deps.ids, logger: deps.logger }) : undefined;
  store.setVersionHook(replicator?.onVersionWritten);
  const provider = createS3Provider({ store, maxPutBytes: defaultHttpLimits.maxS3PutBytes, ...(kms ? { kms } : {}), ...(replicator ? { replicator } : {}) });
  // Lifecycle rules and access log delivery run in the background (once per deployment, under the task's lease);
  // access log records are taken off every process's request path.
  const accessLog = createAccessLogRecorder({ db: deps.store.db, ids: deps.ids, logger: deps.logger });
  const lifecycle = createLifecycleSweeper({ db: deps.store.db, store, clock: deps.clock, logger: deps.logger, acted: (a) => accessLog.lifecycle({ ...a, operation: lifecycleOperation(a), timeMs: deps.clock.nowMs() }) });
  const delivery = createAccessLogDelivery({ db: deps.store.db, store, clock: deps.clock, ids: deps.ids, logger: deps.logger });
  return {
    service: 's3',
    provider: provider as unknown as ServiceRegistration['provider'],
    actionOf,
    resourceOf: (operation, input) => resourceOf(operation, input),
    async resourcePolicyOf(_operation, input, ctx) {
      const bucket = (input as { Bucket?: string })?.Bucket;
      if (!bucket) return undefined;
      const b = await store.findBucket(bucket);
      return b ? resourcePolicyFor(ctx, b) : undefined;
    },
    authorizesItems: (operation) => operation === 'DeleteObjects',
    isDataEvent,
    ...corsHooks(store),
    background: {
      start() {
        lifecycle.start();
        delivery.start();
        replicator?.background.start();
      },
      async stop() {
        await replicator?.background.stop();
        await lifecycle.stop();
        await accessLog.flush();
        await delivery.stop();
      },
    },
    served: (call) => accessLog.served(call),
    flushServed: () => accessLog.flush(),
    website: createWebsiteServer({ store }).serve,
  };
}
