// Tables owned by the storage part: the embedded S3 store's buckets, objects and multipart uploads (the bytes live
// under <dataDir>/objects/), and the bindings of accounts to external S3 endpoints. JSON columns hold small
// documents (tags, metadata, encryption, ACL grants) read and written whole.

export interface S3BucketsTable {
  name: string;
  account_id: string;
  region: string;
  created_at: number;
  /** Canned ACL (private, public-read, …). */
  acl: string;
  policy: string | null;
  /** JSON ServerSideEncryptionConfiguration */
  encryption: string | null;
  /** JSON PublicAccessBlockConfiguration */
  public_access_block: string | null;
  /** 'Enabled' | 'Suspended' | null (never enabled) */
  versioning: string | null;
  /** JSON [{Key, Value}] */
  tags: string | null;
  /** BucketOwnerEnforced | BucketOwnerPreferred | ObjectWriter */
  object_ownership: string | null;
  /** JSON {Enabled: true, Rule?: {DefaultRetention}} once the bucket was created with Object Lock; null otherwise. */
  object_lock: string | null;
  /** JSON CORSConfiguration ({CORSRules}); null: CORS not configured. */
  cors: string | null;
  /** JSON LifecycleConfiguration ({Rules, TransitionDefaultMinimumObjectSize}); null: no lifecycle rules. */
  lifecycle?: string | null;
  /** JSON LoggingEnabled; null: server access logging off. */
  logging?: string | null;
  /** JSON ReplicationConfiguration ({Role, Rules}); null: no replication. */
  replication: string | null;
  /** JSON WebsiteConfiguration; null: not a website. */
  website: string | null;
}

/** Object Lock and restore state, kept per version. */
export interface S3VersionStateColumns {
  /** GOVERNANCE | COMPLIANCE */
  lock_mode: string | null;
  /** Retain-until date (ms). */
  lock_until: number | null;
  /** 1 when a legal hold is ON. */
  legal_hold: number | null;
  /** When a restore of an archived object completes (ms); null when none was asked for. */
  restore_ready_at: number | null;
  /** When the restored copy expires (ms). */
  restore_expires_at: number | null;
  /** x-amz-replication-status: PENDING | COMPLETED | FAILED (a source version), REPLICA (a replica); null: none. */
  replication_status: string | null;
}

export interface S3ObjectsTable extends S3VersionStateColumns {
  bucket: string;
  key: string;
  size: number;
  etag: string;
  last_modified: number;
  storage_class: string;
  /** JSON of system headers (ContentType, CacheControl, …) and user metadata. */
  headers: string;
  /** JSON [{Key, Value}] */
  tags: string | null;
  /** JSON {ServerSideEncryption, SSEKMSKeyId?, BucketKeyEnabled?} */
  encryption: string | null;
  acl: string;
  /** JSON [{f: relative file path, n: bytes}]: one segment for a PUT, one per part for a multipart upload. */
  segments: string;
  parts_count: number | null;
  /** JSON {CRC32: …} of checksums given at upload. */
  checksums: string | null;
  /** The version id; null is S3's "null" version (written while versioning was off or suspended). */
  version_id: string | null;
  /** Orders a key's versions, newest highest; null for rows written before versioning existed (oldest). */
  seq: number | null;
}

/** Versions other than the latest object: older versions and delete markers ('null' is the null version). */
export interface S3ObjectVersionsTable extends Omit<S3ObjectsTable, 'version_id' | 'seq'> {
  version_id: string;
  seq: number;
  is_delete_marker: number;
  /** 1 for a delete marker that is the key's latest version. */
  is_latest: number;
}

/** A multipart upload that was completed (kept a day, for repeated CompleteMultipartUpload calls). */
export interface S3CompletedUploadsTable {
  upload_id: string;
  bucket: string;
  key: string;
  etag: string;
  version_id: string | null;
  completed_at: number;
}

export interface S3UploadsTable {
  upload_id: string;
  bucket: string;
  key: string;
  account_id: string;
  initiated_at: number;
  storage_class: string;
  headers: string;
  tags: string | null;
  encryption: string | null;
  acl: string;
  checksum_algorithm: string | null;
  lock_mode: string | null;
  lock_until: number | null;
  legal_hold: number | null;
}

export interface S3PartsTable {
  upload_id: string;
  part_number: number;
  size: number;
  etag: string;
  last_modified: number;
  /** Relative file path under the objects directory. */
  file: string;
  checksum: string | null;
  /** The part file's data key, wrapped (base64); null for a legacy plaintext part. */
  data_key: string | null;
}

export interface StorageBindingsTable {
  account_id: string;
  endpoint: string;
  region: string;
  access_key_id: string;
  secret_access_key: string;
  session_token: string | null;
  force_path_style: number;
  created_at: number;
}

export interface StorageTables {
  s3_buckets: S3BucketsTable;
  s3_objects: S3ObjectsTable;
  s3_object_versions: S3ObjectVersionsTable;
  s3_completed_uploads: S3CompletedUploadsTable;
  s3_uploads: S3UploadsTable;
  s3_parts: S3PartsTable;
  storage_bindings: StorageBindingsTable;
  s3_access_log_records: S3AccessLogRecordsTable;
}

/** A server access log record waiting for delivery into its target bucket (delivery: the log object's claim). */
export interface S3AccessLogRecordsTable {
  id: string;
  source_bucket: string;
  source_account: string;
  source_region: string;
  target_bucket: string;
  target_prefix: string;
  /** 'simple' | 'EventTime' | 'DeliveryTime' (the TargetObjectKeyFormat). */
  key_format: string;
  event_ms: number;
  line: string;
  delivery: string | null;
}
