// The KMS operations other parts use as well as the API: finding a key by any of its names (key id, key ARN, alias
// name, alias ARN), AWS managed keys created on first use, and the cryptographic operations with their state checks.
import { randomBytes } from 'node:crypto';
import { AWS_MANAGED_SERVICES, awsManagedKeyPolicy } from './key-policy.js';
import { blobKeyArn, contextAad, openBlob, sealBlob, type EncryptionContext } from './ciphertext.js';
import { kmsErrors } from './errors.js';
import { aliasArnOf, keyArnOf, type KeyRow, type KmsKeys } from './keys-repo.js';
import { callerAccount, callerRegion, encryptionContextKeys, requireKeyAccess, type KmsCaller } from './key-access.js';

const KEY_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const KEY_ARN = /^arn:aws:kms:([a-z0-9-]+):(\d{12}):key\/(.+)$/;
const ALIAS_ARN = /^arn:aws:kms:([a-z0-9-]+):(\d{12}):(alias\/.+)$/;

export interface ResolveOptions {
  /** Create the AWS managed key when an alias/aws/<service> of a service Sift knows names none yet. */
  createAwsManaged?: boolean;
  /** Whether alias names are accepted (key management operations take only key ids and ARNs). */
  aliases?: boolean;
}

export class KeyService {
  constructor(readonly keys: KmsKeys) {}

  /** The key `identifier` names for `caller`; KMS's NotFoundException otherwise. */
  async resolve(caller: KmsCaller, identifier: string, options: ResolveOptions = { aliases: true }): Promise<KeyRow> {
    const account = callerAccount(caller);
    const region = callerRegion(caller);
    let m = KEY_ARN.exec(identifier);
    if (m) {
      const row = KEY_ID.test(m[3]!) ? await this.keys.find(m[2]!, m[1]!, m[3]!) : undefined;
      if (!row) throw kmsErrors.keyNotFound(identifier);
      return row;
    }
    if (KEY_ID.test(identifier)) {
      const row = await this.keys.find(account, region, identifier);
      if (!row) throw kmsErrors.keyNotFound(keyArnOf(region, account, identifier));
      return row;
    }
    m = ALIAS_ARN.exec(identifier);
    const alias = m ? { account: m[2]!, region: m[1]!, name: m[3]! } : identifier.startsWith('alias/') ? { account, region, name: identifier } : undefined;
    if (!alias || options.aliases === false) throw kmsErrors.invalidKeyId(identifier);
    const row = await this.keys.alias(alias.account, alias.region, alias.name);
    const key = row ? await this.keys.find(alias.account, alias.region, row.key_id) : undefined;
    if (key) return key;
    const service = /^alias\/aws\/([a-z0-9-]+)$/.exec(alias.name)?.[1];
    if (!row && options.createAwsManaged !== false && service && AWS_MANAGED_SERVICES[service] && alias.account === account) return this.createAwsManaged(account, alias.region, service);
    throw kmsErrors.aliasNotFound(aliasArnOf(alias.region, alias.account, alias.name));
  }

  /** An AWS managed key, created the first time its alias is used (as KMS does for alias/aws/s3). */
  private async createAwsManaged(accountId: string, region: string, service: string): Promise<KeyRow> {
    const name = `alias/aws/${service}`;
    const key = await this.keys.create({ accountId, region, description: AWS_MANAGED_SERVICES[service]!.description, policy: awsManagedKeyPolicy(service, accountId, region), tags: [], manager: 'AWS' });
    if (await this.keys.addAlias(accountId, region, name, key.key_id)) return key;
    // Another request created it first: use that one.
    const existing = await this.keys.alias(accountId, region, name);
    return (existing && (await this.keys.find(accountId, region, existing.key_id))) || key;
  }

  /** A key usable for cryptography: Enabled (DisabledException, KMSInvalidStateException otherwise). */
  usable(key: KeyRow): KeyRow {
    if (key.state === 'Disabled') throw kmsErrors.disabled(key.arn);
    if (key.state === 'PendingDeletion') throw kmsErrors.pendingDeletion(key.arn);
    return key;
  }

  encrypt(key: KeyRow, plaintext: Buffer, context: EncryptionContext | undefined): Buffer {
    return sealBlob(key.arn, this.keys.material(key), contextAad(key.arn, context), plaintext);
  }

  /** The key a ciphertext blob names; InvalidCiphertextException for anything else. */
  async keyOfBlob(caller: KmsCaller, blob: Buffer, keyId?: string): Promise<KeyRow> {
    const arn = blobKeyArn(blob);
    const m = arn ? KEY_ARN.exec(arn) : null;
    if (!m) throw kmsErrors.invalidCiphertext();
    const named = keyId !== undefined ? await this.resolve(caller, keyId) : undefined;
    if (named && named.arn !== arn) throw kmsErrors.incorrectKey();
    if (named) return named;
    const key = await this.keys.find(m[2]!, m[1]!, m[3]!);
    if (!key) throw kmsErrors.invalidCiphertext();
    return key;
  }

  decrypt(key: KeyRow, blob: Buffer, context: EncryptionContext | undefined): Buffer {
    const plain = openBlob(blob, this.keys.material(key), contextAad(key.arn, context));
    if (!plain) throw kmsErrors.invalidCiphertext();
    return plain;
  }

  // ---- what S3, Logs and Macie use (always authorized against the key policy) ----

  /** kms:GenerateDataKey for `caller`: a fresh data key in clear and wrapped. */
  async generateDataKey(caller: KmsCaller, keyId: string, context: EncryptionContext, bytes = 32): Promise<{ key: KeyRow; plaintext: Buffer; blob: Buffer }> {
    const key = await this.resolve(caller, keyId);
    await requireKeyAccess(caller, 'kms:GenerateDataKey', key, encryptionContextKeys(context));
    this.usable(key);
    const plaintext = randomBytes(bytes);
    return { key, plaintext, blob: this.encrypt(key, plaintext, context) };
  }

  /** kms:Decrypt for `caller`. */
  async decryptFor(caller: KmsCaller, blob: Buffer, context: EncryptionContext): Promise<{ key: KeyRow; plaintext: Buffer }> {
    const key = await this.keyOfBlob(caller, blob);
    await requireKeyAccess(caller, 'kms:Decrypt', key, encryptionContextKeys(context));
    this.usable(key);
    return { key, plaintext: this.decrypt(key, blob, context) };
  }

  /** kms:DescribeKey for `caller` (S3 checks the key exists before it writes; Logs and Macie when a key is set). */
  async describeFor(caller: KmsCaller, keyId: string): Promise<KeyRow> {
    const key = await this.resolve(caller, keyId);
    await requireKeyAccess(caller, 'kms:DescribeKey', key);
    return key;
  }
}
