// The embedded S3-compatible store: buckets, objects and multipart uploads with metadata in the store's tables and
// bytes in immutable files (files.ts). Writes stream to disk and become visible in one metadata transaction; the
// previous version's files are removed only after it commits. Errors are S3's own (s3-errors.ts). Object bytes are
// encrypted at rest (object-cipher.ts): a data key per file, wrapped by a key-encryption key derived from the master
// key. An object is reported with the encryption it has: a legacy plaintext object reports none.
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { Kysely, Transaction } from 'kysely';
import { ServiceError, type Clock, type IdSource, type MasterKey } from '../common/index.js';
import { defaultHttpLimits } from '../common/index.js';
import type { Database } from '../store/index.js';

type S3BucketsTable = Database['s3_buckets'];
type S3ObjectsTable = Database['s3_objects'];
import { ObjectFiles, type Segment } from './files.js';
import { ObjectTamperedError, newDataKey, rewrapDataKey, unwrapDataKey, type DataKey } from './object-cipher.js';
import { MAX_KEY_BYTES, isValidBucketName, s3Errors } from './s3-errors.js';
import { cannedGrants } from './acl.js';
import { checkDeletable, defaultRetention, type BucketObjectLock } from './object-lock.js';
import {
  NULL_VERSION,
  VersionSequence,
  addDeleteMarker,
  checkVersionId,
  commitObject,
  commitReplica,
  deleteVersion,
  findVersion,
  hasAnyVersion,
  latestDeleteMarker,
  listVersions,
  updateVersion,
  versionFiles,
  versionFor,
  type FoundVersion,
  type ListVersionsOptions,
  type VersionPage,
  type VersioningState,
} from './versions.js';
import type {
  BucketConfiguration,
  BucketInfo,
  ByteRange,
  EncryptionRule,
  ListObjectsOptions,
  ObjectEncryption,
  ObjectInfo,
  ObjectPage,
  PublicAccessBlock,
  Tag,
} from './types.js';

/** System headers stored with an object and returned on GET/HEAD. */
export interface ObjectHeaders {
  ContentType?: string;
  ContentEncoding?: string;
  ContentDisposition?: string;
  ContentLanguage?: string;
  CacheControl?: string;
  Expires?: string;
  WebsiteRedirectLocation?: string;
  Metadata?: Record<string, string>;
}

export interface PutObjectOptions {
  headers: ObjectHeaders;
  tags?: Tag[];
  encryption?: ObjectEncryption;
  acl?: string;
  storageClass?: string;
  /**
   * The additional checksums (base64 by algorithm), or a function giving them, called once every byte of the body
   * has been written (a checksum sent in an aws-chunked trailer arrives after the last byte; UploadPart's `checksum`
   * takes the same form).
   */
  checksums?: Record<string, string> | (() => Record<string, string>);
  /** The key-encryption key of an SSE-KMS or SSE-C object (sse-kms.ts, sse-c.ts); default the SSE-S3 key. */
  kek?: Buffer;
  /** Largest body accepted (default 5 GiB). */
  maxBytes?: number;
  /** The body's declared length, if known: a large one is hashed on another core (files.ts). */
  sizeHint?: number;
  /** Object Lock fields sent with the write (the bucket's default retention applies when absent). */
  lock?: ObjectLockFields;
  /** Checked against the key's latest object in the committing transaction (conditional writes). */
  precondition?: (current: StoredObject | undefined) => void;
}

export interface ObjectLockFields {
  mode?: string;
  until?: number;
  legalHold?: boolean;
}

export interface StoredObject extends ObjectInfo {
  headers: ObjectHeaders;
  tags: Tag[];
  acl: string;
  partsCount?: number;
  checksums: Record<string, string>;
  segments: Segment[];
  /** The version id ("null" for the null version of a versioned bucket); undefined in a never-versioned bucket. */
  versionId?: string;
  lockMode?: string;
  lockUntil?: Date;
  legalHold: boolean;
  restoreReadyAt?: Date;
  restoreExpiresAt?: Date;
  /** x-amz-replication-status (PENDING, COMPLETED, FAILED on a source version; REPLICA on a replica). */
  replicationStatus?: string;
}

/** A version just written (an object or a delete marker), seen inside its committing transaction. */
export interface WrittenVersion {
  bucket: string;
  key: string;
  /** undefined: the null version. */
  versionId?: string;
  deleteMarker: boolean;
  tags: Tag[];
  /** The bucket's replication configuration column as the transaction reads it (null: none). */
  bucketReplication: string | null;
  /** Not a new version: new tags on a version replication has already seen (PutObjectTagging, DeleteObjectTagging). */
  tagsOnly?: boolean;
}

/**
 * Called in the transaction that commits each new version written through the S3 API (never for replicas): what it
 * writes commits with the version, and what it returns becomes the version's replication status (replication/).
 */
export type VersionWriteHook = (tx: Transaction<Database>, version: WrittenVersion) => Promise<string | null>;

export interface UploadInfo {
  uploadId: string;
  bucket: string;
  key: string;
  accountId: string;
  initiated: Date;
  storageClass: string;
}

export interface PartInfo {
  partNumber: number;
  size: number;
  etag: string;
  lastModified: Date;
  checksum?: string;
}

export interface EmbeddedStoreDeps {
  db: Kysely<Database>;
  clock: Clock;
  ids: IdSource;
  dataDir: string;
  /** The key object data keys are wrapped under is derived from it. */
  masterKey: MasterKey;
  /** Internal, for the benchmark only: write new objects in clear (they then report no encryption). Default true. */
  encryptAtRest?: boolean;
  /** Smallest part other than the last (S3: 5 MiB). */
  minPartSize?: number;
  maxPutBytes?: number;
}

const MAX_PARTS = 10_000;
/** How long a completed upload is remembered for a repeated CompleteMultipartUpload. */
const COMPLETED_UPLOAD_MEMORY_MS = 24 * 3600_000;
const MAX_PART_BYTES = 5 * 1024 ** 3;
const LAST_CHAR = '\u{10FFFF}';

const json = <T>(s: string | null | undefined, fallback: T): T => (s ? (JSON.parse(s) as T) : fallback);

export function checkKey(key: string): void {
  const bytes = Buffer.byteLength(key, 'utf8');
  if (bytes > MAX_KEY_BYTES) throw s3Errors.keyTooLong(bytes);
  if (bytes === 0) throw s3Errors.invalidArgument('Object key must not be empty', 'key', key);
}

export function quoteEtag(hex: string): string {
  return `"${hex}"`;
}

/** The Block Public Access configuration S3 gives every new bucket (all four settings on). */
export const NEW_BUCKET_PUBLIC_ACCESS_BLOCK = JSON.stringify({ BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true });

export class EmbeddedStore {
  readonly files: ObjectFiles;
  private readonly db: Kysely<Database>;
  private readonly minPartSize: number;
  private readonly maxPutBytes: number;
  /** Key-encryption key of SSE-S3 objects. */
  private readonly kek: Buffer;
  private readonly seq: VersionSequence;
  private versionHook: VersionWriteHook | undefined;

  constructor(private readonly deps: EmbeddedStoreDeps) {
    this.db = deps.db;
    this.kek = deps.masterKey.derive('sift/s3/sse-s3-kek');
    this.files = new ObjectFiles(deps.dataDir, deps.ids);
    this.seq = new VersionSequence(deps.clock);
    this.minPartSize = deps.minPartSize ?? 5 * 1024 * 1024;
    this.maxPutBytes = deps.maxPutBytes ?? defaultHttpLimits.maxS3PutBytes;
  }

  /** The store's clock (retention dates are judged by it). */
  nowMs(): number {
    return this.deps.clock.nowMs();
  }

  /** Prepares the objects directory and drops what a crash left half-written. Call before serving. */
  async open(): Promise<void> {
    await this.files.open();
  }

  /** Removes files no object or part refers to (a crash between rename and commit). Call before serving only. */
  async sweepOrphans(): Promise<number> {
    const referenced = new Set<string>();
    for (const row of await this.db.selectFrom('s3_objects').select('segments').execute()) for (const s of json<Segment[]>(row.segments, [])) referenced.add(s.f);
    for (const row of await this.db.selectFrom('s3_parts').select('file').execute()) referenced.add(row.file);
    for (const f of await versionFiles(this.db)) referenced.add(f);
    return this.files.sweep((f) => referenced.has(f));
  }

  // ---- buckets ----

  async createBucket(input: { bucket: string; accountId: string; region: string; acl?: string; objectOwnership?: string; objectLock?: boolean }): Promise<void> {
    if (!isValidBucketName(input.bucket)) throw s3Errors.invalidBucketName(input.bucket);
    const existing = await this.findBucket(input.bucket);
    if (existing) throw existing.account_id === input.accountId ? s3Errors.bucketAlreadyOwnedByYou(input.bucket) : s3Errors.bucketAlreadyExists(input.bucket);
    try {
      await this.db
        .insertInto('s3_buckets')
        .values({
          name: input.bucket,
          account_id: input.accountId,
          region: input.region,
          created_at: this.deps.clock.nowMs(),
          acl: input.acl ?? 'private',
          policy: null,
          encryption: null,
          // S3 since April 2023: every new bucket has all four Block Public Access settings on.
          public_access_block: NEW_BUCKET_PUBLIC_ACCESS_BLOCK,
          // Object Lock turns versioning on for good.
          versioning: input.objectLock ? 'Enabled' : null,
          tags: null,
          object_ownership: input.objectOwnership ?? 'BucketOwnerEnforced',
          object_lock: input.objectLock ? JSON.stringify({ ObjectLockEnabled: 'Enabled' } satisfies BucketObjectLock) : null,
          cors: null,
        })
        .execute();
    } catch (err) {
      // Two creates raced; the loser gets S3's answer.
      if (await this.findBucket(input.bucket)) throw s3Errors.bucketAlreadyExists(input.bucket);
      throw err;
    }
  }

  async deleteBucket(bucket: string): Promise<void> {
    await this.bucket(bucket);
    const anyObject = await this.db.selectFrom('s3_objects').select('key').where('bucket', '=', bucket).limit(1).executeTakeFirst();
    if (anyObject || (await hasAnyVersion(this.db, bucket))) throw s3Errors.bucketNotEmpty(bucket);
    const uploads = await this.db.selectFrom('s3_uploads').select('upload_id').where('bucket', '=', bucket).execute();
    for (const u of uploads) await this.abortMultipartUpload(bucket, u.upload_id);
    await this.db.deleteFrom('s3_buckets').where('name', '=', bucket).execute();
  }

  async findBucket(bucket: string): Promise<S3BucketsTable | undefined> {
    return this.db.selectFrom('s3_buckets').selectAll().where('name', '=', bucket).executeTakeFirst();
  }

  /** The bucket's row, or NoSuchBucket. */
  async bucket(bucket: string): Promise<S3BucketsTable> {
    const row = await this.findBucket(bucket);
    if (!row) throw s3Errors.noSuchBucket(bucket);
    return row;
  }

  async listBuckets(accountId: string): Promise<BucketInfo[]> {
    const rows = await this.db.selectFrom('s3_buckets').selectAll().where('account_id', '=', accountId).orderBy('name').execute();
    return rows.map(toBucketInfo);
  }

  async getBucketConfiguration(bucket: string): Promise<BucketConfiguration> {
    const row = await this.bucket(bucket);
    return {
      ...toBucketInfo(row),
      policy: row.policy ?? undefined,
      encryption: row.encryption ? json<{ Rules: { ApplyServerSideEncryptionByDefault?: EncryptionRule; BucketKeyEnabled?: boolean }[] }>(row.encryption, { Rules: [] }).Rules.map(flattenRule) : [{ SSEAlgorithm: 'AES256', BucketKeyEnabled: false }],
      publicAccessBlock: json<PublicAccessBlock | undefined>(row.public_access_block, undefined),
      cannedAcl: row.acl,
      grants: cannedGrants(row.acl, row.account_id),
      versioning: (row.versioning as 'Enabled' | 'Suspended' | null) ?? 'Unversioned',
      tags: json<Tag[]>(row.tags, []),
      objectOwnership: row.object_ownership ?? undefined,
      ...(row.replication ? { replication: { destinations: await this.replicationDestinations(row) } } : {}),
    };
  }

  private async replicationDestinations(row: S3BucketsTable): Promise<{ bucket: string; account: string }[]> {
    const config = json<{ Rules?: { Status?: string; Destination?: { Bucket?: string; Account?: string } }[] }>(row.replication, {});
    const out: { bucket: string; account: string }[] = [];
    for (const rule of config.Rules ?? []) {
      const bucket = /^arn:aws:s3:::(.+)$/.exec(rule.Destination?.Bucket ?? '')?.[1];
      if (rule.Status !== 'Enabled' || !bucket || out.some((d) => d.bucket === bucket)) continue;
      out.push({ bucket, account: rule.Destination?.Account ?? (await this.findBucket(bucket))?.account_id ?? row.account_id });
    }
    return out;
  }

  /** Installs the hook every new version written through the S3 API passes in its transaction (replication). */
  setVersionHook(hook: VersionWriteHook | undefined): void {
    this.versionHook = hook;
  }

  /** Sets one configuration column (policy, encryption, public access block, versioning, tags, acl, ownership). */
  async setBucketField(bucket: string, field: 'policy' | 'encryption' | 'public_access_block' | 'versioning' | 'tags' | 'acl' | 'object_ownership' | 'object_lock' | 'cors' | 'lifecycle' | 'logging' | 'replication' | 'website', value: string | null): Promise<void> {
    await this.bucket(bucket);
    await this.db.updateTable('s3_buckets').set({ [field]: value }).where('name', '=', bucket).execute();
  }

  // ---- objects ----

  async putObject(bucket: string, key: string, body: Readable, options: PutObjectOptions): Promise<StoredObject> {
    checkKey(key);
    const b = await this.bucket(bucket);
    const max = Math.min(options.maxBytes ?? this.maxPutBytes, this.maxPutBytes);
    const encryption = options.encryption ?? defaultObjectEncryption(b);
    const dataKey = this.newDataKey(options.kek, encryption);
    const written = await this.files.write(body, max, (size) => s3Errors.entityTooLarge(size, max), dataKey, options.sizeHint);
    const checksums = typeof options.checksums === 'function' ? options.checksums() : options.checksums;
    const row: S3ObjectsTable = {
      bucket,
      key,
      size: written.size,
      etag: quoteEtag(written.md5Hex),
      last_modified: this.deps.clock.nowMs(),
      storage_class: options.storageClass ?? 'STANDARD',
      headers: JSON.stringify(options.headers),
      tags: options.tags?.length ? JSON.stringify(options.tags) : null,
      encryption: JSON.stringify(encryption),
      acl: options.acl ?? 'private',
      segments: JSON.stringify([segmentOf(written.file, written.size, dataKey)]),
      parts_count: null,
      checksums: checksums && Object.keys(checksums).length ? JSON.stringify(checksums) : null,
      ...this.versionFields(b),
      ...this.lockFields(b, options.lock),
      restore_ready_at: null,
      restore_expires_at: null,
      replication_status: null,
    };
    try {
      await this.replaceObject(row, options.precondition ? (tx) => this.checkCurrent(tx, bucket, key, options.precondition!) : undefined);
    } catch (err) {
      await this.files.remove([written.file]);
      throw err;
    }
    return toStored(row);
  }

  /** The version id and order a new write gets under the bucket's versioning state. */
  private versionFields(b: S3BucketsTable): Pick<S3ObjectsTable, 'version_id' | 'seq'> {
    return versionFor(b.versioning as VersioningState, this.seq);
  }

  /** Object Lock columns of a new version: the fields sent, else the bucket's default retention. */
  private lockFields(b: S3BucketsTable, lock: ObjectLockFields | undefined): Pick<S3ObjectsTable, 'lock_mode' | 'lock_until' | 'legal_hold'> {
    const config = json<BucketObjectLock | undefined>(b.object_lock, undefined);
    const retention = lock?.mode ? { mode: lock.mode, until: lock.until! } : defaultRetention(config, this.deps.clock.nowMs());
    return { lock_mode: retention?.mode ?? null, lock_until: retention?.until ?? null, legal_hold: lock?.legalHold ? 1 : null };
  }

  /** Writes a row as the key's latest version (S3's versioning rules) and removes replaced files once committed. */
  private async replaceObject(row: S3ObjectsTable, inTx?: (tx: Transaction<Database>) => Promise<void>): Promise<void> {
    const removed = await this.db.transaction().execute(async (tx) => {
      const b = await tx.selectFrom('s3_buckets').select(['versioning', 'replication']).where('name', '=', row.bucket).executeTakeFirst();
      if (!b) throw s3Errors.noSuchBucket(row.bucket);
      await inTx?.(tx);
      // The state may have changed since the row was built: a write to an unversioned bucket carries no id.
      if (b.versioning === null) row.version_id = null;
      else if (b.versioning === 'Suspended') row.version_id = null;
      else if (row.version_id === null) row.version_id = versionFor('Enabled', this.seq).version_id;
      if (this.versionHook) row.replication_status = await this.versionHook(tx, { bucket: row.bucket, key: row.key, versionId: row.version_id ?? undefined, deleteMarker: false, tags: json<Tag[]>(row.tags, []), bucketReplication: b.replication });
      return commitObject(tx, row, b.versioning as VersioningState);
    });
    if (removed.length) await this.files.remove(removed);
  }

  private async checkCurrent(tx: Transaction<Database>, bucket: string, key: string, check: (current: StoredObject | undefined) => void): Promise<void> {
    const row = await tx.selectFrom('s3_objects').selectAll().where('bucket', '=', bucket).where('key', '=', key).executeTakeFirst();
    check(row ? toStored(row) : undefined);
  }

  /** The latest version of a key when it is an object (a delete marker or no version: undefined). */
  async findObject(bucket: string, key: string): Promise<StoredObject | undefined> {
    const row = await this.db.selectFrom('s3_objects').selectAll().where('bucket', '=', bucket).where('key', '=', key).executeTakeFirst();
    return row ? toStored(row) : undefined;
  }

  /**
   * The object (its latest version, or the version named), or S3's error: NoSuchBucket; NoSuchKey (with
   * x-amz-delete-marker when the latest version is a delete marker); NoSuchVersion; MethodNotAllowed (405) for a
   * delete marker named by its version id.
   */
  async object(bucket: string, key: string, versionId?: string): Promise<StoredObject> {
    if (versionId !== undefined) {
      checkVersionId(versionId);
      const found = await findVersion(this.db, bucket, key, versionId);
      if (!found) {
        await this.bucket(bucket);
        throw s3Errors.noSuchVersion(key, versionId);
      }
      if (found.isDeleteMarker) throw s3Errors.deleteMarkerNotAllowed(versionId);
      return toStored(found.row);
    }
    const found = await this.findObject(bucket, key);
    if (found) return found;
    await this.bucket(bucket);
    const marker = await latestDeleteMarker(this.db, bucket, key);
    throw marker !== undefined ? s3Errors.noSuchKeyDeleteMarker(key, marker) : s3Errors.noSuchKey(key);
  }

  /** One version, delete markers included (for the version-level configuration calls), or S3's error. */
  async version(bucket: string, key: string, versionId?: string): Promise<FoundVersion> {
    if (versionId === undefined) {
      const obj = await this.object(bucket, key);
      return (await findVersion(this.db, bucket, key, obj.versionId ?? NULL_VERSION))!;
    }
    checkVersionId(versionId);
    const found = await findVersion(this.db, bucket, key, versionId);
    if (found) return found;
    await this.bucket(bucket);
    throw s3Errors.noSuchVersion(key, versionId);
  }

  /** Sets retention, legal hold or restore columns of one version. */
  async updateVersion(found: FoundVersion, set: Parameters<typeof updateVersion>[2]): Promise<void> {
    await updateVersion(this.db, found, set);
  }

  async listVersions(bucket: string, options: ListVersionsOptions): Promise<VersionPage> {
    await this.bucket(bucket);
    return listVersions(this.db, bucket, options);
  }

  /** A data key for a new file, wrapped by `kek` (SSE-KMS, SSE-C) or the SSE-S3 key. */
  private newDataKey(kek?: Buffer, encryption?: ObjectEncryption): DataKey | undefined {
    // An object said to be SSE-KMS or SSE-C must be sealed under its own key, never reported with one it lacks.
    if (!kek && encryption && needsOwnKey(encryption)) throw s3Errors.encryptionNotImplemented(`${encryption.ServerSideEncryption} without its key`);
    if (kek) return newDataKey(kek);
    return this.deps.encryptAtRest === false ? undefined : newDataKey(this.kek);
  }

  /**
   * The object's bytes (or `range` of them), decrypted and authenticated. Damage found before the first bytes
   * are returned throws S3's InternalError; damage found later ends the stream with an error (never wrong bytes).
   */
  async readBytes(obj: StoredObject, range?: ByteRange, kek?: Buffer): Promise<Readable> {
    if (!kek && obj.encryption && needsOwnKey(obj.encryption)) throw s3Errors.encryptionNotImplemented(`reading ${obj.encryption.ServerSideEncryption} without its key`);
    try {
      const stream = await this.files.read(obj.segments, range, (wrapped) => unwrapDataKey(kek ?? this.kek, wrapped));
      return stream;
    } catch (err) {
      if (err instanceof ObjectTamperedError) throw internalError(err);
      throw err;
    }
  }

  async copyObject(
    source: { bucket: string; key: string; versionId?: string },
    target: { bucket: string; key: string },
    replace: { headers?: ObjectHeaders; tags?: Tag[]; encryption?: ObjectEncryption; acl?: string; storageClass?: string; kek?: Buffer; sourceKek?: Buffer; lock?: ObjectLockFields },
  ): Promise<StoredObject> {
    checkKey(target.key);
    const src = await this.object(source.bucket, source.key, source.versionId);
    const b = await this.bucket(target.bucket);
    const encryption = replace.encryption ?? defaultObjectEncryption(b);
    if (!replace.kek && needsOwnKey(encryption)) throw s3Errors.encryptionNotImplemented(`${encryption.ServerSideEncryption} without its key`);
    if (!replace.sourceKek && src.encryption && needsOwnKey(src.encryption)) throw s3Errors.encryptionNotImplemented(`copying ${src.encryption.ServerSideEncryption} without its key`);
    const segments: Segment[] = [];
    try {
      // The bytes are shared (a hard link); each file's data key is re-wrapped under the copy's key-encryption key.
      for (const s of src.segments) {
        const k = s.k !== undefined ? rewrapDataKey(replace.sourceKek ?? this.kek, replace.kek ?? this.kek, s.k) : undefined;
        segments.push({ ...s, f: await this.files.duplicate(s.f), ...(k !== undefined ? { k } : {}) });
      }
    } catch (err) {
      await this.files.remove(segments.map((s) => s.f));
      throw err;
    }
    const row: S3ObjectsTable = {
      bucket: target.bucket,
      key: target.key,
      size: src.size,
      etag: src.etag,
      last_modified: this.deps.clock.nowMs(),
      storage_class: replace.storageClass ?? src.storageClass,
      headers: JSON.stringify(replace.headers ?? src.headers),
      tags: JSON.stringify(replace.tags ?? src.tags),
      encryption: JSON.stringify(encryption),
      acl: replace.acl ?? 'private',
      segments: JSON.stringify(segments),
      parts_count: src.partsCount ?? null,
      checksums: Object.keys(src.checksums).length ? JSON.stringify(src.checksums) : null,
      ...this.versionFields(b),
      ...this.lockFields(b, replace.lock),
      restore_ready_at: null,
      restore_expires_at: null,
      replication_status: null,
    };
    try {
      await this.replaceObject(row);
    } catch (err) {
      await this.files.remove(segments.map((s) => s.f));
      throw err;
    }
    return toStored(row);
  }

  /**
   * Deletes as S3 does: without a version id, removes the object (unversioned bucket) or adds a delete marker
   * (versioned); with one, removes that version for good, unless Object Lock protects it. Deleting a missing key
   * or version succeeds. `check` sees the version about to be removed (conditional deletes).
   */
  async deleteObject(bucket: string, key: string, options: { versionId?: string; bypassGovernance?: boolean; check?: (current: StoredObject | undefined) => void } = {}): Promise<{ versionId?: string; deleteMarker?: boolean }> {
    await this.bucket(bucket);
    if (options.versionId !== undefined) checkVersionId(options.versionId);
    const now = this.deps.clock.nowMs();
    const { result, files } = await this.db.transaction().execute(async (tx) => {
      const b = await tx.selectFrom('s3_buckets').select(['versioning', 'replication']).where('name', '=', bucket).executeTakeFirst();
      if (!b) throw s3Errors.noSuchBucket(bucket);
      if (options.versionId !== undefined) {
        const { found, files } = await deleteVersion(tx, bucket, key, options.versionId, (v) => {
          if (!v.isDeleteMarker) checkDeletable(v.row, now, options.bypassGovernance === true);
          options.check?.(v.isDeleteMarker ? undefined : toStored(v.row));
        });
        return { result: { versionId: options.versionId, ...(found?.isDeleteMarker ? { deleteMarker: true } : {}) }, files };
      }
      const current = await tx.selectFrom('s3_objects').selectAll().where('bucket', '=', bucket).where('key', '=', key).executeTakeFirst();
      options.check?.(current ? toStored(current) : undefined);
      if (b.versioning === 'Enabled' || b.versioning === 'Suspended') {
        const marker = await addDeleteMarker(tx, bucket, key, b.versioning, this.seq.next(), now);
        if (this.versionHook) await this.versionHook(tx, { bucket, key, ...(marker.versionId !== NULL_VERSION ? { versionId: marker.versionId } : {}), deleteMarker: true, tags: [], bucketReplication: b.replication });
        return { result: { versionId: marker.versionId, deleteMarker: true }, files: marker.files };
      }
      if (current) await tx.deleteFrom('s3_objects').where('bucket', '=', bucket).where('key', '=', key).execute();
      return { result: {}, files: json<Segment[]>(current?.segments, []).map((s) => s.f) };
    });
    if (files.length) await this.files.remove(files);
    return result;
  }

  // ---- replication ----

  /**
   * Writes `src` into `target.bucket` as a replica with the same key, version id, data, metadata and tags (status
   * REPLICA). Idempotent: a replica already there is left as is. The bytes are shared (hard links) with their wrapped
   * data keys (SSE-S3: this store's key; SSE-C: the customer's); SSE-KMS objects are refused (NotImplemented).
   */
  async writeReplica(src: StoredObject, target: { bucket: string; storageClass?: string }): Promise<'written' | 'exists'> {
    if (src.versionId === undefined) throw s3Errors.invalidRequest('Only versions with a version id are replicated.');
    if (await findVersion(this.db, target.bucket, src.key, src.versionId)) return 'exists';
    // SSE-C data keys are wrapped under the customer's key alone: the replica is read with the same key, as in S3.
    // SSE-KMS replicas need a replica KMS key (EncryptionConfiguration), which Sift does not carry out.
    const kms = src.encryption && (src.encryption.KmsDataKey !== undefined || src.encryption.ServerSideEncryption.startsWith('aws:kms'));
    if (kms) throw s3Errors.encryptionNotImplemented(`replicating ${src.encryption!.ServerSideEncryption} objects`);
    const segments: Segment[] = [];
    try {
      for (const s of src.segments) segments.push({ ...s, f: await this.files.duplicate(s.f) });
    } catch (err) {
      await this.files.remove(segments.map((s) => s.f));
      throw err;
    }
    const row: S3ObjectsTable = {
      bucket: target.bucket,
      key: src.key,
      size: src.size,
      etag: src.etag,
      last_modified: src.lastModified.getTime(),
      storage_class: target.storageClass ?? src.storageClass,
      headers: JSON.stringify(src.headers),
      tags: src.tags.length ? JSON.stringify(src.tags) : null,
      encryption: src.encryption ? JSON.stringify(src.encryption) : null,
      acl: src.acl,
      segments: JSON.stringify(segments),
      parts_count: src.partsCount ?? null,
      checksums: Object.keys(src.checksums).length ? JSON.stringify(src.checksums) : null,
      version_id: src.versionId,
      seq: this.seq.next(),
      lock_mode: src.lockMode ?? null,
      lock_until: src.lockUntil?.getTime() ?? null,
      legal_hold: src.legalHold ? 1 : null,
      restore_ready_at: null,
      restore_expires_at: null,
      replication_status: 'REPLICA',
    };
    try {
      const removed = await this.db.transaction().execute(async (tx) => {
        const b = await tx.selectFrom('s3_buckets').select('versioning').where('name', '=', target.bucket).executeTakeFirst();
        if (!b) throw s3Errors.noSuchBucket(target.bucket);
        if (b.versioning !== 'Enabled') throw s3Errors.invalidRequest('Destination bucket must have versioning enabled.');
        return commitReplica(tx, row);
      });
      if (removed.length) await this.files.remove(removed);
    } catch (err) {
      await this.files.remove(segments.map((s) => s.f));
      throw err;
    }
    return 'written';
  }

  /** Adds a replica of a delete marker (same version id) to `bucket`; idempotent. */
  async writeReplicaDeleteMarker(bucket: string, key: string, versionId: string): Promise<'written' | 'exists'> {
    if (await findVersion(this.db, bucket, key, versionId)) return 'exists';
    const files = await this.db.transaction().execute(async (tx) => {
      const b = await tx.selectFrom('s3_buckets').select('versioning').where('name', '=', bucket).executeTakeFirst();
      if (!b) throw s3Errors.noSuchBucket(bucket);
      if (b.versioning !== 'Enabled') throw s3Errors.invalidRequest('Destination bucket must have versioning enabled.');
      return (await addDeleteMarker(tx, bucket, key, 'Enabled', this.seq.next(), this.deps.clock.nowMs(), versionId)).files;
    });
    if (files.length) await this.files.remove(files);
    return 'written';
  }

  /** Sets the replication status of one version (missing versions are left alone: deleted since). */
  async setReplicationStatus(bucket: string, key: string, versionId: string | undefined, status: string): Promise<void> {
    const found = await findVersion(this.db, bucket, key, versionId ?? NULL_VERSION);
    if (!found) return;
    if (found.table === 's3_object_versions') {
      await this.db.updateTable('s3_object_versions').set({ replication_status: status }).where('bucket', '=', bucket).where('key', '=', key).where('version_id', '=', versionId ?? NULL_VERSION).execute();
    } else {
      let q = this.db.updateTable('s3_objects').set({ replication_status: status }).where('bucket', '=', bucket).where('key', '=', key);
      q = versionId === undefined ? q.where('version_id', 'is', null) : q.where('version_id', '=', versionId);
      await q.execute();
    }
  }

  /** Sets (or with null removes) the tags of the latest version or of the version named. */
  async setObjectTags(bucket: string, key: string, tags: Tag[] | null, versionId?: string): Promise<StoredObject> {
    const found = await this.version(bucket, key, versionId);
    if (found.isDeleteMarker) throw s3Errors.deleteMarkerNotAllowed(found.row.version_id ?? NULL_VERSION);
    const set = { tags: tags?.length ? JSON.stringify(tags) : null };
    const status = found.row.replication_status;
    // A source version that replication has seen passes its new tags to the hook, in the same transaction.
    if (!this.versionHook || status === null || status === undefined || status === 'REPLICA') {
      await updateVersion(this.db, found, set);
      return toStored(found.row);
    }
    const hook = this.versionHook;
    await this.db.transaction().execute(async (tx) => {
      const b = await tx.selectFrom('s3_buckets').select('replication').where('name', '=', bucket).executeTakeFirst();
      const next = await hook(tx, { bucket, key, versionId: found.row.version_id ?? undefined, deleteMarker: false, tags: tags ?? [], bucketReplication: b?.replication ?? null, tagsOnly: true });
      await updateVersion(tx, found, next ? { ...set, replication_status: next } : set);
    });
    return toStored(found.row);
  }

  /**
   * One page of a listing in S3's (bytewise) key order. With a delimiter, keys sharing a prefix up to the delimiter
   * roll up into one common prefix, which counts toward the page size like a key. The continuation token is the last
   * key or prefix returned.
   */
  async listObjects(bucket: string, options: ListObjectsOptions = {}): Promise<ObjectPage> {
    await this.bucket(bucket);
    const prefix = options.prefix ?? '';
    const delimiter = options.delimiter || undefined;
    const maxKeys = Math.max(0, Math.min(options.maxKeys ?? 1000, 1000));
    let cursor = options.continuationToken !== undefined ? decodeToken(options.continuationToken) : (options.startAfter ?? '');
    let inclusive = false;
    if (cursor < prefix) {
      cursor = prefix;
      inclusive = true;
    }
    const objects: ObjectInfo[] = [];
    const commonPrefixes: string[] = [];
    let last: string | undefined;
    let lastWasPrefix = false;
    let truncated = false;
    if (maxKeys === 0) return { objects, commonPrefixes };
    outer: for (;;) {
      let q = this.db.selectFrom('s3_objects').selectAll().where('bucket', '=', bucket);
      q = inclusive ? q.where('key', '>=', cursor) : q.where('key', '>', cursor);
      if (prefix) q = q.where('key', '<', prefix + LAST_CHAR);
      const rows = await q.orderBy('key').limit(maxKeys + 1).execute();
      if (rows.length === 0) break;
      for (const row of rows) {
        if (!row.key.startsWith(prefix)) continue;
        if (objects.length + commonPrefixes.length === maxKeys) {
          truncated = true;
          break outer;
        }
        if (delimiter) {
          const at = row.key.indexOf(delimiter, prefix.length);
          if (at >= 0) {
            const cp = row.key.slice(0, at + delimiter.length);
            commonPrefixes.push(cp);
            last = cp;
            lastWasPrefix = true;
            // Skip every key under this prefix: continue after its last possible key.
            cursor = cp + LAST_CHAR;
            inclusive = false;
            continue outer;
          }
        }
        objects.push(toStored(row));
        last = row.key;
        lastWasPrefix = false;
        cursor = row.key;
        inclusive = false;
      }
      if (rows.length <= maxKeys) break;
    }
    return { objects, commonPrefixes, nextContinuationToken: truncated && last !== undefined ? encodeToken(lastWasPrefix ? last + LAST_CHAR : last) : undefined };
  }

  // ---- multipart uploads ----

  async createMultipartUpload(bucket: string, key: string, accountId: string, options: Omit<PutObjectOptions, 'maxBytes' | 'checksums'> & { checksumAlgorithm?: string }): Promise<UploadInfo> {
    checkKey(key);
    const b = await this.bucket(bucket);
    const uploadId = this.deps.ids.hex(32);
    const initiated = this.deps.clock.nowMs();
    await this.db
      .insertInto('s3_uploads')
      .values({
        upload_id: uploadId,
        bucket,
        key,
        account_id: accountId,
        initiated_at: initiated,
        storage_class: options.storageClass ?? 'STANDARD',
        headers: JSON.stringify(options.headers),
        tags: options.tags?.length ? JSON.stringify(options.tags) : null,
        encryption: JSON.stringify(options.encryption ?? defaultObjectEncryption(b)),
        acl: options.acl ?? 'private',
        checksum_algorithm: options.checksumAlgorithm ?? null,
        ...this.lockFields(b, options.lock),
      })
      .execute();
    return { uploadId, bucket, key, accountId, initiated: new Date(initiated), storageClass: options.storageClass ?? 'STANDARD' };
  }

  async upload(bucket: string, key: string, uploadId: string) {
    const row = await this.db.selectFrom('s3_uploads').selectAll().where('upload_id', '=', uploadId).executeTakeFirst();
    if (!row || row.bucket !== bucket || row.key !== key) {
      await this.bucket(bucket);
      throw s3Errors.noSuchUpload(uploadId);
    }
    return row;
  }

  /**
   * `checksum`: the part's additional checksum (base64), or a function giving it once the body has been read (a
   * checksum sent in an aws-chunked trailer arrives after the last byte).
   */
  async uploadPart(bucket: string, key: string, uploadId: string, partNumber: number, body: Readable, checksum?: string | (() => string | undefined), kek?: Buffer, sizeHint?: number): Promise<PartInfo> {
    if (!Number.isInteger(partNumber) || partNumber < 1 || partNumber > MAX_PARTS) {
      throw s3Errors.invalidArgument('Part number must be an integer between 1 and 10000, inclusive', 'partNumber', String(partNumber));
    }
    const up = await this.upload(bucket, key, uploadId);
    const dataKey = this.newDataKey(kek, json<ObjectEncryption | undefined>(up.encryption, undefined));
    const written = await this.files.write(body, MAX_PART_BYTES, (size) => s3Errors.entityTooLarge(size, MAX_PART_BYTES), dataKey, sizeHint);
    const sum = typeof checksum === 'function' ? checksum() : checksum;
    const part = { upload_id: uploadId, part_number: partNumber, size: written.size, etag: quoteEtag(written.md5Hex), last_modified: this.deps.clock.nowMs(), file: written.file, checksum: sum ?? null, data_key: dataKey?.wrapped ?? null };
    let previous: string | undefined;
    try {
      previous = await this.db.transaction().execute(async (tx) => {
        // The upload may have been completed or aborted while the part streamed in.
        if (!(await tx.selectFrom('s3_uploads').select('upload_id').where('upload_id', '=', uploadId).executeTakeFirst())) throw s3Errors.noSuchUpload(uploadId);
        const prev = await tx.selectFrom('s3_parts').select('file').where('upload_id', '=', uploadId).where('part_number', '=', partNumber).executeTakeFirst();
        if (prev) await tx.deleteFrom('s3_parts').where('upload_id', '=', uploadId).where('part_number', '=', partNumber).execute();
        await tx.insertInto('s3_parts').values(part).execute();
        return prev?.file;
      });
    } catch (err) {
      await this.files.remove([written.file]);
      throw err;
    }
    if (previous) await this.files.remove([previous]);
    return { partNumber, size: written.size, etag: part.etag, lastModified: new Date(part.last_modified), checksum: sum };
  }

  async listParts(bucket: string, key: string, uploadId: string, options: { partNumberMarker?: number; maxParts?: number } = {}): Promise<{ upload: UploadInfo; parts: PartInfo[]; truncated: boolean }> {
    const up = await this.upload(bucket, key, uploadId);
    const max = Math.max(0, Math.min(options.maxParts ?? 1000, 1000));
    const rows = await this.db
      .selectFrom('s3_parts')
      .selectAll()
      .where('upload_id', '=', uploadId)
      .where('part_number', '>', options.partNumberMarker ?? 0)
      .orderBy('part_number')
      .limit(max + 1)
      .execute();
    return { upload: toUpload(up), parts: rows.slice(0, max).map(toPart), truncated: rows.length > max };
  }

  async listUploads(bucket: string, options: { prefix?: string; keyMarker?: string; uploadIdMarker?: string; maxUploads?: number } = {}): Promise<{ uploads: UploadInfo[]; truncated: boolean }> {
    await this.bucket(bucket);
    const max = Math.max(0, Math.min(options.maxUploads ?? 1000, 1000));
    let q = this.db.selectFrom('s3_uploads').selectAll().where('bucket', '=', bucket);
    if (options.prefix) q = q.where('key', '>=', options.prefix).where('key', '<', options.prefix + LAST_CHAR);
    if (options.keyMarker) {
      const km = options.keyMarker;
      q = options.uploadIdMarker
        ? q.where((eb) => eb.or([eb('key', '>', km), eb.and([eb('key', '=', km), eb('upload_id', '>', options.uploadIdMarker!)])]))
        : q.where('key', '>', km);
    }
    const rows = (await q.orderBy('key').orderBy('upload_id').limit(max + 1).execute()).filter((r) => r.key.startsWith(options.prefix ?? ''));
    return { uploads: rows.slice(0, max).map(toUpload), truncated: rows.length > max };
  }

  /** An upload of this key completed within the last day: S3 answers a repeated completion with its result. */
  async completedUpload(bucket: string, key: string, uploadId: string): Promise<{ etag: string; versionId?: string } | undefined> {
    const row = await this.db.selectFrom('s3_completed_uploads').selectAll().where('upload_id', '=', uploadId).executeTakeFirst();
    if (!row || row.bucket !== bucket || row.key !== key || Number(row.completed_at) < this.deps.clock.nowMs() - COMPLETED_UPLOAD_MEMORY_MS) return undefined;
    return { etag: row.etag, ...(row.version_id ? { versionId: row.version_id } : {}) };
  }

  async completeMultipartUpload(bucket: string, key: string, uploadId: string, requested: { PartNumber?: number; ETag?: string }[], precondition?: (current: StoredObject | undefined) => void, digestOf?: CompositeDigest): Promise<StoredObject> {
    const up = await this.upload(bucket, key, uploadId);
    const b = await this.bucket(bucket);
    if (requested.length === 0) throw s3Errors.malformedXml();
    const stored = new Map((await this.db.selectFrom('s3_parts').selectAll().where('upload_id', '=', uploadId).execute()).map((p) => [p.part_number, p]));
    const chosen = [];
    let previousNumber = 0;
    for (const req of requested) {
      const n = req.PartNumber ?? 0;
      if (n <= previousNumber) throw s3Errors.invalidPartOrder();
      previousNumber = n;
      const part = stored.get(n);
      if (!part || (req.ETag !== undefined && normalizeEtag(req.ETag) !== normalizeEtag(part.etag))) throw s3Errors.invalidPart(n);
      chosen.push(part);
    }
    for (const [i, part] of chosen.entries()) {
      if (i < chosen.length - 1 && part.size < this.minPartSize) throw s3Errors.entityTooSmall(part.size, this.minPartSize);
    }
    const md5s = Buffer.concat(chosen.map((p) => Buffer.from(normalizeEtag(p.etag), 'hex')));
    const etag = `"${createHash('md5').update(md5s).digest('hex')}-${chosen.length}"`;
    const size = chosen.reduce((n, p) => n + p.size, 0);
    const composite = compositeChecksum(up.checksum_algorithm, chosen, digestOf);
    const row: S3ObjectsTable = {
      bucket,
      key,
      size,
      etag,
      last_modified: this.deps.clock.nowMs(),
      storage_class: up.storage_class,
      headers: up.headers,
      tags: up.tags,
      encryption: up.encryption,
      acl: up.acl,
      segments: JSON.stringify(chosen.map((p) => ({ ...segmentOf(p.file, Number(p.size), p.data_key ? { wrapped: p.data_key } : undefined), ...(composite && p.checksum ? { c: p.checksum } : {}) }))),
      parts_count: chosen.length,
      checksums: composite ? JSON.stringify(composite) : null,
      ...this.versionFields(b),
      lock_mode: up.lock_mode,
      lock_until: up.lock_until,
      legal_hold: up.legal_hold,
      restore_ready_at: null,
      restore_expires_at: null,
      replication_status: null,
    };
    const chosenFiles = new Set(chosen.map((p) => p.file));
    await this.replaceObject(row, async (tx) => {
      if (precondition) await this.checkCurrent(tx, bucket, key, precondition);
      if (!(await tx.selectFrom('s3_uploads').select('upload_id').where('upload_id', '=', uploadId).executeTakeFirst())) throw s3Errors.noSuchUpload(uploadId);
      await tx.deleteFrom('s3_parts').where('upload_id', '=', uploadId).execute();
      await tx.deleteFrom('s3_uploads').where('upload_id', '=', uploadId).execute();
      const now = this.deps.clock.nowMs();
      await tx.deleteFrom('s3_completed_uploads').where('completed_at', '<', now - COMPLETED_UPLOAD_MEMORY_MS).execute();
      // The version id is settled by replaceObject after this hook; it is recorded below.
      await tx.insertInto('s3_completed_uploads').values({ upload_id: uploadId, bucket, key, etag, version_id: null, completed_at: now }).execute();
    });
    if (row.version_id) await this.db.updateTable('s3_completed_uploads').set({ version_id: row.version_id }).where('upload_id', '=', uploadId).execute();
    const unused = [...stored.values()].map((p) => p.file).filter((f) => !chosenFiles.has(f));
    await this.files.remove(unused);
    return toStored(row);
  }

  async abortMultipartUpload(bucket: string, uploadId: string, key?: string): Promise<void> {
    const up = await this.db.selectFrom('s3_uploads').selectAll().where('upload_id', '=', uploadId).executeTakeFirst();
    if (!up || up.bucket !== bucket || (key !== undefined && up.key !== key)) {
      await this.bucket(bucket);
      throw s3Errors.noSuchUpload(uploadId);
    }
    const files = await this.db.transaction().execute(async (tx) => {
      const parts = await tx.selectFrom('s3_parts').select('file').where('upload_id', '=', uploadId).execute();
      await tx.deleteFrom('s3_parts').where('upload_id', '=', uploadId).execute();
      await tx.deleteFrom('s3_uploads').where('upload_id', '=', uploadId).execute();
      return parts.map((p) => p.file);
    });
    await this.files.remove(files);
  }
}

function normalizeEtag(etag: string): string {
  return etag.replace(/^"|"$/g, '').toLowerCase();
}

export function encodeToken(key: string): string {
  return Buffer.from(key, 'utf8').toString('base64url');
}

export function decodeToken(token: string): string {
  if (!/^[A-Za-z0-9_-]*$/.test(token)) throw s3Errors.invalidArgument('The continuation token provided is incorrect', 'continuation-token', token);
  return Buffer.from(token, 'base64url').toString('utf8');
}

function flattenRule(r: { ApplyServerSideEncryptionByDefault?: EncryptionRule; BucketKeyEnabled?: boolean }): EncryptionRule {
  return { SSEAlgorithm: r.ApplyServerSideEncryptionByDefault?.SSEAlgorithm ?? 'AES256', KMSMasterKeyID: r.ApplyServerSideEncryptionByDefault?.KMSMasterKeyID, BucketKeyEnabled: r.BucketKeyEnabled };
}

/** SSE-KMS and SSE-C objects are sealed under a key of their own, which the caller supplies (sse-kms.ts, sse-c.ts). */
function needsOwnKey(e: ObjectEncryption): boolean {
  return e.KmsDataKey !== undefined || e.SSECustomerKeyVerifier !== undefined || e.ServerSideEncryption === 'aws:kms' || e.ServerSideEncryption === 'aws:kms:dsse';
}

/** What S3 applies to a new object: the bucket's default encryption, else SSE-S3. */
function defaultObjectEncryption(b: S3BucketsTable): ObjectEncryption {
  const rules = json<{ Rules: { ApplyServerSideEncryptionByDefault?: EncryptionRule; BucketKeyEnabled?: boolean }[] }>(b.encryption, { Rules: [] }).Rules;
  const rule = rules[0]?.ApplyServerSideEncryptionByDefault;
  if (!rule) return { ServerSideEncryption: 'AES256' };
  // A KMS default stored before SSE-KMS was refused: writing under it would report an encryption the object lacks.
  if (rule.SSEAlgorithm !== 'AES256') throw s3Errors.encryptionNotImplemented(`SSE-KMS as a bucket default (${rule.SSEAlgorithm})`);
  return { ServerSideEncryption: rule.SSEAlgorithm, ...(rule.KMSMasterKeyID ? { SSEKMSKeyId: rule.KMSMasterKeyID } : {}), ...(rules[0]!.BucketKeyEnabled ? { BucketKeyEnabled: true } : {}) };
}

function toBucketInfo(row: S3BucketsTable): BucketInfo {
  return { name: row.name, ownerAccountId: row.account_id, region: row.region, createdAt: new Date(Number(row.created_at)) };
}

/** base64 of `algorithm`'s digest of `data` (the S3 protocol's checksums; the store computes none itself). */
export type CompositeDigest = (algorithm: string, data: Buffer) => string | undefined;

/**
 * S3's COMPOSITE checksum of a multipart object uploaded with an additional checksum (CRC32, CRC32C, SHA1, SHA256):
 * the checksum of the concatenated part checksums, suffixed `-<parts>`. Undefined when a part lacks one or the
 * algorithm has only a full-object form (CRC64NVME).
 */
function compositeChecksum(algorithm: string | null, parts: readonly { checksum: string | null }[], digestOf: CompositeDigest | undefined): Record<string, string> | undefined {
  const alg = algorithm?.toLowerCase();
  if (!alg || !digestOf || !['crc32', 'crc32c', 'sha1', 'sha256'].includes(alg) || parts.some((p) => !p.checksum)) return undefined;
  const digest = digestOf(alg, Buffer.concat(parts.map((p) => Buffer.from(p.checksum!, 'base64'))));
  return digest ? { [alg]: `${digest}-${parts.length}` } : undefined;
}

function segmentOf(file: string, size: number, dataKey: Pick<DataKey, 'wrapped'> | undefined): Segment {
  return dataKey ? { f: file, n: size, k: dataKey.wrapped } : { f: file, n: size };
}

/** S3's InternalError; the cause (which object, which chunk) goes to the server log, not to the client. */
function internalError(cause: Error): ServiceError {
  const err = new ServiceError('InternalError', 'We encountered an internal error. Please try again.', 500, 'server');
  (err as { cause?: unknown }).cause = cause;
  return err;
}

function toStored(row: S3ObjectsTable): StoredObject {
  const headers = json<ObjectHeaders>(row.headers, {});
  const segments = json<Segment[]>(row.segments, []);
  // A legacy object written before encryption at rest (or by the benchmark's plaintext switch) has no encryption.
  const sealed = segments.every((s) => s.k !== undefined);
  return {
    bucket: row.bucket,
    key: row.key,
    size: Number(row.size),
    lastModified: new Date(Number(row.last_modified)),
    etag: row.etag,
    storageClass: row.storage_class,
    contentType: headers.ContentType,
    tags: json<Tag[]>(row.tags, []),
    encryption: sealed ? json<ObjectEncryption | undefined>(row.encryption, undefined) : undefined,
    metadata: headers.Metadata ?? {},
    headers,
    acl: row.acl,
    partsCount: row.parts_count ?? undefined,
    checksums: json<Record<string, string>>(row.checksums, {}),
    segments,
    versionId: row.version_id ?? undefined,
    lockMode: row.lock_mode ?? undefined,
    lockUntil: row.lock_until !== null && row.lock_until !== undefined ? new Date(Number(row.lock_until)) : undefined,
    legalHold: row.legal_hold === 1,
    restoreReadyAt: row.restore_ready_at != null ? new Date(Number(row.restore_ready_at)) : undefined,
    restoreExpiresAt: row.restore_expires_at != null ? new Date(Number(row.restore_expires_at)) : undefined,
    replicationStatus: row.replication_status ?? undefined,
  };
}

function toUpload(row: { upload_id: string; bucket: string; key: string; account_id: string; initiated_at: number; storage_class: string }): UploadInfo {
  return { uploadId: row.upload_id, bucket: row.bucket, key: row.key, accountId: row.account_id, initiated: new Date(Number(row.initiated_at)), storageClass: row.storage_class };
}

function toPart(row: { part_number: number; size: number; etag: string; last_modified: number; checksum: string | null }): PartInfo {
  return { partNumber: row.part_number, size: Number(row.size), etag: row.etag, lastModified: new Date(Number(row.last_modified)), checksum: row.checksum ?? undefined };
}
