// The one reading interface every later part (scans, allow lists, discovery results, trail delivery, log exports)
// uses for buckets and objects, whether they live in Sift's embedded store or behind an external S3 endpoint.
import type { Readable } from 'node:stream';

export interface Tag {
  Key: string;
  Value: string;
}

export interface ObjectEncryption {
  /** AES256 | aws:kms | aws:kms:dsse | NONE */
  ServerSideEncryption: string;
  SSEKMSKeyId?: string;
  BucketKeyEnabled?: boolean;
  /** SSE-KMS: the object's key-encryption key as KMS wrapped it (base64; internal, never sent to clients). */
  KmsDataKey?: string;
  /** SSE-C: the algorithm (AES256) and the customer key's MD5 (base64), which S3 returns. */
  SSECustomerAlgorithm?: string;
  SSECustomerKeyMD5?: string;
  /** SSE-C: a salted HMAC of the customer key, to tell a wrong key from the right one (internal; the key is never kept). */
  SSECustomerKeyVerifier?: string;
}

export interface ObjectInfo {
  bucket: string;
  key: string;
  size: number;
  lastModified: Date;
  /** Quoted, as S3 sends it: "<md5>" or "<md5 of md5s>-<parts>". */
  etag: string;
  storageClass: string;
  contentType?: string;
  /** Present when the implementation has them at hand (embedded always; external on head/readObject). */
  tags?: Tag[];
  encryption?: ObjectEncryption;
  metadata?: Record<string, string>;
  /** The version read, when the bucket keeps versions (latest unless asked otherwise). */
  versionId?: string;
}

export interface ListObjectsOptions {
  prefix?: string;
  delimiter?: string;
  startAfter?: string;
  continuationToken?: string;
  /** Page size (1–1000, default 1000). */
  maxKeys?: number;
}

export interface ObjectPage {
  objects: ObjectInfo[];
  commonPrefixes: string[];
  /** Present when more keys follow. */
  nextContinuationToken?: string;
}

export interface BucketInfo {
  name: string;
  ownerAccountId: string;
  region: string;
  createdAt: Date;
}

export interface EncryptionRule {
  SSEAlgorithm: string;
  KMSMasterKeyID?: string;
  BucketKeyEnabled?: boolean;
}

export interface PublicAccessBlock {
  BlockPublicAcls: boolean;
  IgnorePublicAcls: boolean;
  BlockPublicPolicy: boolean;
  RestrictPublicBuckets: boolean;
}

export interface AclGrant {
  grantee: { type: 'CanonicalUser'; id: string } | { type: 'Group'; uri: string };
  permission: 'FULL_CONTROL' | 'READ' | 'WRITE' | 'READ_ACP' | 'WRITE_ACP';
}

export interface BucketConfiguration extends BucketInfo {
  /** The bucket policy as JSON text. */
  policy?: string;
  /** Default encryption rules (S3 applies SSE-S3 to every bucket since 2023). */
  encryption: EncryptionRule[];
  /** Bucket-level public access block, when one is set. */
  publicAccessBlock?: PublicAccessBlock;
  /** The canned ACL the grants came from, when known. */
  cannedAcl?: string;
  grants: AclGrant[];
  versioning: 'Enabled' | 'Suspended' | 'Unversioned';
  tags: Tag[];
  objectOwnership?: string;
  /**
   * Where the bucket's enabled replication rules send objects: each destination bucket and the account that owns it
   * (Destination.Account, else the owner of a bucket this store holds, else the bucket's own account). Absent: no
   * replication configuration (or none known, for an external endpoint).
   */
  replication?: { destinations: { bucket: string; account: string }[] };
}

export interface ByteRange {
  /** Inclusive first byte. */
  start: number;
  /** Inclusive last byte. */
  end: number;
}

export interface ObjectStream {
  info: ObjectInfo;
  /** The bytes, streamed (never loaded whole). */
  body: Readable;
  /** The range served, when one was asked for. */
  range?: ByteRange;
}

/** Read access to one account's buckets. Every method throws StorageError. */
export interface ObjectStorage {
  readonly kind: 'embedded' | 'external';
  listBuckets(): Promise<BucketInfo[]>;
  getBucketConfiguration(bucket: string): Promise<BucketConfiguration>;
  listObjects(bucket: string, options?: ListObjectsOptions): Promise<ObjectPage>;
  /** Size, dates, ETag, storage class, content type, metadata, tags and encryption of one object. */
  headObject(bucket: string, key: string): Promise<ObjectInfo>;
  readObject(bucket: string, key: string, range?: ByteRange): Promise<ObjectStream>;
}

/** Every object under a prefix, page by page. */
export async function* allObjects(storage: ObjectStorage, bucket: string, options: Omit<ListObjectsOptions, 'continuationToken' | 'delimiter'> = {}): AsyncGenerator<ObjectInfo> {
  let token: string | undefined;
  do {
    const page = await storage.listObjects(bucket, { ...options, continuationToken: token });
    yield* page.objects;
    token = page.nextContinuationToken;
  } while (token);
}
