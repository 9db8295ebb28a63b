// The reading interface over any S3-compatible endpoint (AWS S3, MinIO, Ceph, another Sift) through
// @aws-sdk/client-s3. S3's errors become StorageError causes: 403 → AccessDenied (with the operation),
// 404 NoSuchBucket/NoSuchKey, 301/PermanentRedirect → WrongRegion (with the bucket's region when sent),
// network failures and 5xx → Unavailable.
import type { Readable } from 'node:stream';
import {
  GetBucketAclCommand,
  GetBucketEncryptionCommand,
  GetBucketLocationCommand,
  GetBucketOwnershipControlsCommand,
  GetBucketPolicyCommand,
  GetBucketTaggingCommand,
  GetBucketVersioningCommand,
  GetObjectCommand,
  GetObjectTaggingCommand,
  GetPublicAccessBlockCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListBucketsCommand,
  ListObjectsV2Command,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { assertOperatorEndpoint, operatorAgents } from '../common/index.js';
import { StorageError, causeOf } from './errors.js';
import type { AclGrant, BucketConfiguration, ByteRange, ObjectInfo, ObjectStorage, Tag } from './types.js';

export interface ExternalEndpoint {
  endpoint: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  forcePathStyle: boolean;
}

/** Turns any client failure into a StorageError naming the operation. */
export function toStorageError(err: unknown, operation: string, bucket?: string, key?: string): StorageError {
  if (err instanceof StorageError) return err;
  if (err instanceof S3ServiceException) {
    const status = err.$metadata?.httpStatusCode;
    let code = err.name;
    // HEAD responses have no body: the SDK names them by status.
    if (code === 'NotFound' || code === 'Unknown') code = status === 404 ? (key ? 'NoSuchKey' : 'NoSuchBucket') : status === 403 ? 'AccessDenied' : status === 301 ? 'PermanentRedirect' : code;
    const headers = (err.$response?.headers ?? {}) as Record<string, string>;
    const region = headers['x-amz-bucket-region'] ?? (err as unknown as { Region?: string }).Region;
    return new StorageError(causeOf(code, status), err.message || code, { operation, bucket, key, region, s3Code: code, httpStatus: status }, { cause: err });
  }
  return new StorageError('Unavailable', `The S3 endpoint could not be reached: ${(err as Error)?.message ?? String(err)}`, { operation, bucket, key }, { cause: err });
}

function tagsOf(set: { Key?: string; Value?: string }[] | undefined): Tag[] {
  return (set ?? []).map((t) => ({ Key: t.Key ?? '', Value: t.Value ?? '' }));
}

/**
 * How long Macie's reads wait on an external endpoint: to connect, and for the next byte of an answer. A store that
 * doesn't answer in time fails as Unavailable (a job logs BUCKET_DETAILS_UNAVAILABLE) instead of holding the run.
 */
export const EXTERNAL_STORAGE_TIMEOUTS = Object.freeze({ connectionTimeoutMs: 10_000, idleTimeoutMs: 60_000 });

export function createS3Client(ep: ExternalEndpoint, timeouts: { connectionTimeoutMs: number; idleTimeoutMs: number } = EXTERNAL_STORAGE_TIMEOUTS): S3Client {
  // An endpoint is the operator's configuration, called as configured, but never a link-local/metadata address
  // (common/outbound.ts): the agents check every address they connect to.
  assertOperatorEndpoint(ep.endpoint);
  return new S3Client({
    requestHandler: new NodeHttpHandler({ ...operatorAgents(), connectionTimeout: timeouts.connectionTimeoutMs, socketTimeout: timeouts.idleTimeoutMs }),
    endpoint: ep.endpoint,
    region: ep.region,
    forcePathStyle: ep.forcePathStyle,
    credentials: { accessKeyId: ep.accessKeyId, secretAccessKey: ep.secretAccessKey, ...(ep.sessionToken ? { sessionToken: ep.sessionToken } : {}) },
    maxAttempts: 3,
    // Reads are verified by the scanner's own hashes when needed; skip response checksum validation of ranges.
    responseChecksumValidation: 'WHEN_REQUIRED',
    requestChecksumCalculation: 'WHEN_REQUIRED',
  });
}

export function externalStorage(ep: ExternalEndpoint, client: S3Client = createS3Client(ep)): ObjectStorage {
  const call = async <T>(operation: string, bucket: string | undefined, key: string | undefined, fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (err) {
      throw toStorageError(err, operation, bucket, key);
    }
  };
  /** A configuration document that may simply not exist (404 with its own code) → undefined. */
  const optional = async <T>(operation: string, bucket: string, absent: string[], fn: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await fn();
    } catch (err) {
      if (err instanceof S3ServiceException && absent.includes(err.name)) return undefined;
      throw toStorageError(err, operation, bucket);
    }
  };

  return {
    kind: 'external',
    listBuckets: () =>
      call('ListBuckets', undefined, undefined, async () => {
        const out = await client.send(new ListBucketsCommand({}));
        const owner = out.Owner?.ID ?? '';
        return (out.Buckets ?? []).map((b) => ({ name: b.Name ?? '', ownerAccountId: owner, region: b.BucketRegion ?? ep.region, createdAt: b.CreationDate ?? new Date(0) }));
      }),

    async getBucketConfiguration(bucket) {
      await call('HeadBucket', bucket, undefined, () => client.send(new HeadBucketCommand({ Bucket: bucket })));
      const location = await call('GetBucketLocation', bucket, undefined, () => client.send(new GetBucketLocationCommand({ Bucket: bucket })));
      const acl = await call('GetBucketAcl', bucket, undefined, () => client.send(new GetBucketAclCommand({ Bucket: bucket })));
      const policy = await optional('GetBucketPolicy', bucket, ['NoSuchBucketPolicy'], () => client.send(new GetBucketPolicyCommand({ Bucket: bucket })));
      const enc = await optional('GetBucketEncryption', bucket, ['ServerSideEncryptionConfigurationNotFoundError'], () => client.send(new GetBucketEncryptionCommand({ Bucket: bucket })));
      const pab = await optional('GetPublicAccessBlock', bucket, ['NoSuchPublicAccessBlockConfiguration'], () => client.send(new GetPublicAccessBlockCommand({ Bucket: bucket })));
      const versioning = await call('GetBucketVersioning', bucket, undefined, () => client.send(new GetBucketVersioningCommand({ Bucket: bucket })));
      const tags = await optional('GetBucketTagging', bucket, ['NoSuchTagSet'], () => client.send(new GetBucketTaggingCommand({ Bucket: bucket })));
      const ownership = await optional('GetBucketOwnershipControls', bucket, ['OwnershipControlsNotFoundError', 'NotImplemented'], () =>
        client.send(new GetBucketOwnershipControlsCommand({ Bucket: bucket })),
      );
      const grants: AclGrant[] = (acl.Grants ?? []).flatMap((g): AclGrant[] => {
        const p = g.Permission as AclGrant['permission'] | undefined;
        if (!p || !g.Grantee) return [];
        if (g.Grantee.Type === 'Group' && g.Grantee.URI) return [{ grantee: { type: 'Group', uri: g.Grantee.URI }, permission: p }];
        if (g.Grantee.ID) return [{ grantee: { type: 'CanonicalUser', id: g.Grantee.ID }, permission: p }];
        return [];
      });
      const pabc = pab?.PublicAccessBlockConfiguration;
      const config: BucketConfiguration = {
        name: bucket,
        ownerAccountId: acl.Owner?.ID ?? '',
        region: location.LocationConstraint || 'us-east-1',
        createdAt: new Date(0),
        policy: policy?.Policy,
        encryption: (enc?.ServerSideEncryptionConfiguration?.Rules ?? []).map((r) => ({
          SSEAlgorithm: r.ApplyServerSideEncryptionByDefault?.SSEAlgorithm ?? 'AES256',
          KMSMasterKeyID: r.ApplyServerSideEncryptionByDefault?.KMSMasterKeyID,
          BucketKeyEnabled: r.BucketKeyEnabled,
        })),
        publicAccessBlock: pabc
          ? { BlockPublicAcls: !!pabc.BlockPublicAcls, IgnorePublicAcls: !!pabc.IgnorePublicAcls, BlockPublicPolicy: !!pabc.BlockPublicPolicy, RestrictPublicBuckets: !!pabc.RestrictPublicBuckets }
          : undefined,
        grants,
        versioning: (versioning.Status as 'Enabled' | 'Suspended' | undefined) ?? 'Unversioned',
        tags: tagsOf(tags?.TagSet),
        objectOwnership: ownership?.OwnershipControls?.Rules?.[0]?.ObjectOwnership,
      };
      const created = (await this.listBuckets().catch(() => [])).find((b) => b.name === bucket);
      if (created) config.createdAt = created.createdAt;
      return config;
    },

    listObjects: (bucket, options = {}) =>
      call('ListObjectsV2', bucket, undefined, async () => {
        const out = await client.send(
          new ListObjectsV2Command({
            Bucket: bucket,
            Prefix: options.prefix,
            Delimiter: options.delimiter,
            StartAfter: options.startAfter,
            ContinuationToken: options.continuationToken,
            MaxKeys: options.maxKeys,
          }),
        );
        return {
          objects: (out.Contents ?? []).map(
            (o): ObjectInfo => ({ bucket, key: o.Key ?? '', size: o.Size ?? 0, lastModified: o.LastModified ?? new Date(0), etag: o.ETag ?? '', storageClass: o.StorageClass ?? 'STANDARD' }),
          ),
          commonPrefixes: (out.CommonPrefixes ?? []).map((p) => p.Prefix ?? ''),
          nextContinuationToken: out.IsTruncated ? out.NextContinuationToken : undefined,
        };
      }),

    headObject: (bucket, key) =>
      call('HeadObject', bucket, key, async () => {
        const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
        const tags = await client.send(new GetObjectTaggingCommand({ Bucket: bucket, Key: key })).catch((err) => {
          throw toStorageError(err, 'GetObjectTagging', bucket, key);
        });
        return {
          bucket,
          key,
          size: head.ContentLength ?? 0,
          lastModified: head.LastModified ?? new Date(0),
          etag: head.ETag ?? '',
          storageClass: head.StorageClass ?? 'STANDARD',
          contentType: head.ContentType,
          metadata: head.Metadata ?? {},
          ...(head.VersionId ? { versionId: head.VersionId } : {}),
          tags: tagsOf(tags.TagSet),
          encryption: head.ServerSideEncryption
            ? { ServerSideEncryption: head.ServerSideEncryption, ...(head.SSEKMSKeyId ? { SSEKMSKeyId: head.SSEKMSKeyId } : {}), ...(head.BucketKeyEnabled ? { BucketKeyEnabled: true } : {}) }
            : undefined,
        };
      }),

    readObject: (bucket, key, range?: ByteRange) =>
      call('GetObject', bucket, key, async () => {
        const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key, Range: range ? `bytes=${range.start}-${range.end}` : undefined }));
        const total = out.ContentRange ? Number(/\/(\d+)$/.exec(out.ContentRange)?.[1] ?? out.ContentLength) : (out.ContentLength ?? 0);
        const served = out.ContentRange ? /bytes (\d+)-(\d+)\//.exec(out.ContentRange) : null;
        return {
          info: {
            bucket,
            key,
            size: total,
            lastModified: out.LastModified ?? new Date(0),
            etag: out.ETag ?? '',
            storageClass: out.StorageClass ?? 'STANDARD',
            contentType: out.ContentType,
            metadata: out.Metadata ?? {},
            ...(out.VersionId ? { versionId: out.VersionId } : {}),
            encryption: out.ServerSideEncryption ? { ServerSideEncryption: out.ServerSideEncryption, ...(out.SSEKMSKeyId ? { SSEKMSKeyId: out.SSEKMSKeyId } : {}) } : undefined,
          },
          body: out.Body as Readable,
          range: served ? { start: Number(served[1]), end: Number(served[2]) } : undefined,
        };
      }),
  };
}
