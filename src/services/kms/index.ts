// AWS KMS: the registration the gateway serves, and the key service S3, Logs and Macie use.
export { createKmsRegistration, createKmsProvider, type KmsRegistration, type KmsProvider, MAX_KEY_POLICY_BYTES, MAX_TAGS_PER_KEY } from './provider.js';
export { KeyService } from './key-service.js';
export { KmsKeys, keyArnOf, type KeyRow } from './keys-repo.js';
export { mayUseKey, requireKeyAccess, type KmsCaller } from './key-access.js';
export type { EncryptionContext } from './ciphertext.js';
export { objectKms, MACIE_SERVICE_LINKED_ROLE } from './object-kms.js';
