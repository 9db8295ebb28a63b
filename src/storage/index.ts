// Object access for the rest of Sift: one reading interface (ObjectStorage) over the embedded store and any
// external S3 endpoint, the embedded store's write side (for the S3 provider), and account bindings.
export * from './types.js';
export { StorageError, isStorageError, causeOf, fromServiceError, type StorageErrorCause } from './errors.js';
export { s3Errors, isValidBucketName, MAX_KEY_BYTES } from './s3-errors.js';
export { cannedGrants, BUCKET_CANNED_ACLS, OBJECT_CANNED_ACLS, ALL_USERS, AUTHENTICATED_USERS, LOG_DELIVERY } from './acl.js';
export { EmbeddedStore, checkKey, encodeToken, decodeToken, type ObjectLockFields, type ObjectHeaders, type PutObjectOptions, type StoredObject, type UploadInfo, type PartInfo, type EmbeddedStoreDeps, type CompositeDigest, type WrittenVersion, type VersionWriteHook } from './embedded.js';
export { embeddedStorage } from './embedded-reader.js';
export { externalStorage, createS3Client, toStorageError, type ExternalEndpoint } from './external.js';
export { StorageBindings, type StorageBinding } from './bindings.js';
export { createStorage, type Storage, type StorageDeps } from './storage.js';
export { sseKmsForWrite, sseKmsKek, s3EncryptionContext, kmsErrorForS3, type ObjectKms, type KmsRequester } from './sse-kms.js';
export { parseCustomerKey, sseCForWrite, sseCKekForRead, sseCErrors, isSseC, type CustomerKey, type SseCHeaders } from './sse-c.js';
export { NULL_VERSION, type FoundVersion, type ListedVersion, type VersionPage } from './versions.js';
export { checkDeletable, isRetained, objectLockDenied, type BucketObjectLock } from './object-lock.js';
