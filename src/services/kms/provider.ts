// AWS KMS on Sift's endpoint: symmetric encryption keys (SYMMETRIC_DEFAULT, ENCRYPT_DECRYPT) with key policies,
// aliases, tags, enable/disable and scheduled deletion, and the cryptographic operations. CreateKey, ListKeys and
// ListAliases are authorized by the gateway with the caller's IAM policies; every operation on a key authorizes
// itself here against the key policy (key-access.ts), because the key must be found before its policy is known.
import { randomBytes } from 'node:crypto';
import type { RequestContext } from '../../common/index.js';
import { parsePolicy } from '../../iam/index.js';
import type { KmsApi } from '../../models/kms/index.js';
import type * as T from '../../models/kms/index.js';
import type { PlatformDeps, ServiceRegistration } from '../types.js';
import { kmsErrors } from './errors.js';
import { DEFAULT_POLICY_NAME, defaultKeyPolicy } from './key-policy.js';
import { encryptionContextKeys, requireKeyAccess, type KmsCaller } from './key-access.js';
import { KeyService } from './key-service.js';
import { aliasArnOf, KmsKeys, type KeyRow, type KmsTag } from './keys-repo.js';

/** KMS's key policy size limit (32 KiB). */
export const MAX_KEY_POLICY_BYTES = 32 * 1024;
export const MAX_TAGS_PER_KEY = 50;
const MIN_WINDOW_DAYS = 7;
const MAX_WINDOW_DAYS = 30;
const DAY_MS = 86_400_000;

/** Operations whose resource is no single key: the gateway authorizes them with IAM policies alone. */
const GATEWAY_AUTHORIZED = new Set(['CreateKey', 'ListKeys', 'ListAliases']);

const request = (ctx: RequestContext): KmsCaller => ({ kind: 'request', ctx });

function keyMetadata(k: KeyRow): T.KeyMetadata {
  return {
    AWSAccountId: k.account_id,
    KeyId: k.key_id,
    Arn: k.arn,
    CreationDate: new Date(Number(k.created_at)),
    Enabled: k.state === 'Enabled',
    Description: k.description,
    KeyUsage: 'ENCRYPT_DECRYPT',
    KeyState: k.state as T.KeyState,
    ...(k.deletion_at !== null ? { DeletionDate: new Date(Number(k.deletion_at)) } : {}),
    ...(k.pending_window_days !== null ? { PendingDeletionWindowInDays: Number(k.pending_window_days) } : {}),
    Origin: 'AWS_KMS',
    KeyManager: k.manager as T.KeyManagerType,
    CustomerMasterKeySpec: 'SYMMETRIC_DEFAULT',
    KeySpec: 'SYMMETRIC_DEFAULT',
    EncryptionAlgorithms: ['SYMMETRIC_DEFAULT'],
    MultiRegion: false,
  };
}

function checkTags(tags: T.Tag[]): KmsTag[] {
  for (const t of tags) {
    if (t.TagKey.toLowerCase().startsWith('aws:')) throw kmsErrors.tag('Tags beginning with aws: are reserved');
  }
  return tags.map((t) => ({ TagKey: t.TagKey, TagValue: t.TagValue }));
}

function checkPolicy(text: string): void {
  if (Buffer.byteLength(text, 'utf8') > MAX_KEY_POLICY_BYTES) throw kmsErrors.limitExceeded();
  try {
    parsePolicy(text, 'resource');
  } catch (err) {
    throw kmsErrors.malformedPolicy(`The new key policy is not valid: ${(err as Error).message}`);
  }
}

/** Sift has no grants, so no grant token is valid; DryRun is not carried out, so it is refused rather than ignored. */
function refuseUnbuilt(input: { GrantTokens?: string[]; DryRun?: boolean }): void {
  if (input.GrantTokens?.length) throw kmsErrors.invalidGrantToken();
  if (input.DryRun) throw kmsErrors.unsupported('Sift KMS does not implement DryRun.');
}

function checkAlgorithm(alg: string | undefined): void {
  if (alg !== undefined && alg !== 'SYMMETRIC_DEFAULT') throw kmsErrors.invalidKeyUsage();
}

/** Pages of a sorted list, the marker being the index of the next item (opaque to clients). */
function page<T>(items: T[], limit: number | undefined, marker: string | undefined): { items: T[]; next?: string } {
  let start = 0;
  if (marker !== undefined) {
    start = /^\d+$/.test(Buffer.from(marker, 'base64url').toString()) ? Number(Buffer.from(marker, 'base64url').toString()) : NaN;
    if (!Number.isInteger(start) || start > items.length) throw kmsErrors.invalidMarker();
  }
  const n = limit ?? 100;
  const slice = items.slice(start, start + n);
  return start + n < items.length ? { items: slice, next: Buffer.from(String(start + n)).toString('base64url') } : { items: slice };
}

function checkAliasName(name: string): void {
  if (!name.startsWith('alias/') || name.length <= 'alias/'.length) throw kmsErrors.invalidAliasName('Alias must start with the prefix "alias/". Please see https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html');
  if (name.startsWith('alias/aws/')) throw kmsErrors.notAuthorizedAwsAlias();
  if (!/^alias\/[a-zA-Z0-9/_-]+$/.test(name)) throw kmsErrors.invalidAliasName(`Alias name ${name} contains characters that are not allowed.`);
}

export function createKmsProvider(service: KeyService) {
  const { keys } = service;

  /** The key an operation names, authorized for `action` against its key policy. */
  async function keyFor(ctx: RequestContext, keyId: string, action: string, opts: { aliases?: boolean; context?: Record<string, string> } = {}): Promise<KeyRow> {
    const key = await service.resolve(request(ctx), keyId, { aliases: opts.aliases ?? true, createAwsManaged: action === 'kms:DescribeKey' || action.startsWith('kms:GenerateDataKey') || action === 'kms:Encrypt' });
    await requireKeyAccess(request(ctx), action, key, encryptionContextKeys(opts.context));
    return key;
  }

  function dataKeyBytes(input: { NumberOfBytes?: number; KeySpec?: string }): number {
    if ((input.NumberOfBytes === undefined) === (input.KeySpec === undefined)) throw kmsErrors.validation('Please specify either number of bytes or key spec.');
    if (input.KeySpec !== undefined) return input.KeySpec === 'AES_128' ? 16 : 32;
    return input.NumberOfBytes!;
  }

  return {
    async createKey(ctx, input) {
      const spec = input.KeySpec ?? input.CustomerMasterKeySpec ?? 'SYMMETRIC_DEFAULT';
      const usage = input.KeyUsage ?? 'ENCRYPT_DECRYPT';
      if (spec === 'SYMMETRIC_DEFAULT' && usage !== 'ENCRYPT_DECRYPT') throw kmsErrors.validation(`KeyUsage ${usage} is not compatible with KeySpec SYMMETRIC_DEFAULT`);
      if (spec !== 'SYMMETRIC_DEFAULT') throw kmsErrors.unsupported(`Sift KMS creates only SYMMETRIC_DEFAULT keys; KeySpec ${spec} is not supported.`);
      if ((input.Origin ?? 'AWS_KMS') !== 'AWS_KMS' || input.CustomKeyStoreId || input.XksKeyId) throw kmsErrors.unsupported('Sift KMS creates only keys with Origin AWS_KMS (no imported material or custom key stores).');
      if (input.MultiRegion) throw kmsErrors.unsupported('Sift KMS does not create multi-Region keys.');
      const policy = input.Policy ?? defaultKeyPolicy(ctx.accountId);
      if (input.Policy !== undefined) {
        checkPolicy(input.Policy);
        await checkLockout(ctx, input.Policy, input.BypassPolicyLockoutSafetyCheck, `arn:aws:kms:${ctx.region}:${ctx.accountId}:key/*`);
      }
      const tags = checkTags(input.Tags ?? []);
      if (tags.length > MAX_TAGS_PER_KEY) throw kmsErrors.tag(`A key can have at most ${MAX_TAGS_PER_KEY} tags`);
      const key = await keys.create({ accountId: ctx.accountId, region: ctx.region, description: input.Description ?? '', policy, tags, manager: 'CUSTOMER' });
      return { KeyMetadata: keyMetadata(key) };
    },
    async describeKey(ctx, input) {
      refuseUnbuilt(input);
      return { KeyMetadata: keyMetadata(await keyFor(ctx, input.KeyId, 'kms:DescribeKey')) };
    },
    async listKeys(ctx, input) {
      const all = await keys.list(ctx.accountId, ctx.region);
      const p = page(all, input.Limit, input.Marker);
      return { Keys: p.items.map((k) => ({ KeyId: k.key_id, KeyArn: k.arn })), Truncated: p.next !== undefined, ...(p.next ? { NextMarker: p.next } : {}) };
    },
    async enableKey(ctx, input) {
      const key = await keyFor(ctx, input.KeyId, 'kms:EnableKey', { aliases: false });
      if (key.state === 'PendingDeletion') throw kmsErrors.pendingDeletion(key.arn);
      await keys.update(key.key_id, { state: 'Enabled' });
    },
    async disableKey(ctx, input) {
      const key = await keyFor(ctx, input.KeyId, 'kms:DisableKey', { aliases: false });
      if (key.state === 'PendingDeletion') throw kmsErrors.pendingDeletion(key.arn);
      await keys.update(key.key_id, { state: 'Disabled' });
    },
    async scheduleKeyDeletion(ctx, input) {
      const key = await keyFor(ctx, input.KeyId, 'kms:ScheduleKeyDeletion', { aliases: false });
      const days = input.PendingWindowInDays ?? MAX_WINDOW_DAYS;
      if (days < MIN_WINDOW_DAYS || days > MAX_WINDOW_DAYS) throw kmsErrors.validation(`1 validation error detected: Value '${days}' at 'pendingWindowInDays' failed to satisfy constraint: Member must have value ${days < MIN_WINDOW_DAYS ? `greater than or equal to ${MIN_WINDOW_DAYS}` : `less than or equal to ${MAX_WINDOW_DAYS}`}`);
      if (key.state === 'PendingDeletion') throw kmsErrors.pendingDeletion(key.arn);
      const deletionAt = ctx.clock.nowMs() + days * DAY_MS;
      await keys.update(key.key_id, { state: 'PendingDeletion', deletion_at: deletionAt, pending_window_days: days });
      return { KeyId: key.arn, DeletionDate: new Date(deletionAt), KeyState: 'PendingDeletion', PendingWindowInDays: days };
    },
    async cancelKeyDeletion(ctx, input) {
      const key = await keyFor(ctx, input.KeyId, 'kms:CancelKeyDeletion', { aliases: false });
      if (key.state !== 'PendingDeletion') throw kmsErrors.notPendingDeletion(key.arn);
      // A key whose deletion is cancelled comes back Disabled (KMS).
      await keys.update(key.key_id, { state: 'Disabled', deletion_at: null, pending_window_days: null });
      return { KeyId: key.arn };
    },
    async getKeyPolicy(ctx, input) {
      const key = await keyFor(ctx, input.KeyId, 'kms:GetKeyPolicy', { aliases: false });
      if ((input.PolicyName ?? DEFAULT_POLICY_NAME) !== DEFAULT_POLICY_NAME) throw kmsErrors.policyNotFound();
      return { Policy: key.policy, PolicyName: DEFAULT_POLICY_NAME };
    },
    async putKeyPolicy(ctx, input) {
      const key = await keyFor(ctx, input.KeyId, 'kms:PutKeyPolicy', { aliases: false });
      if ((input.PolicyName ?? DEFAULT_POLICY_NAME) !== DEFAULT_POLICY_NAME) throw kmsErrors.policyNotFound();
      checkPolicy(input.Policy);
      await checkLockout(ctx, input.Policy, input.BypassPolicyLockoutSafetyCheck, key.arn, key.account_id);
      if (key.state === 'PendingDeletion') throw kmsErrors.pendingDeletion(key.arn);
      await keys.update(key.key_id, { policy: input.Policy });
    },
    async listKeyPolicies(ctx, input) {
      await keyFor(ctx, input.KeyId, 'kms:ListKeyPolicies', { aliases: false });
      return { PolicyNames: [DEFAULT_POLICY_NAME], Truncated: false };
    },
    async createAlias(ctx, input) {
      checkAliasName(input.AliasName);
      await requireAliasAccess(ctx, 'kms:CreateAlias', input.AliasName);
      const key = await keyFor(ctx, input.TargetKeyId, 'kms:CreateAlias', { aliases: false });
      if (key.state === 'PendingDeletion') throw kmsErrors.pendingDeletion(key.arn);
      if (key.account_id !== ctx.accountId || key.region !== ctx.region) throw kmsErrors.keyNotFound(input.TargetKeyId);
      if (!(await keys.addAlias(ctx.accountId, ctx.region, input.AliasName, key.key_id))) throw kmsErrors.aliasExists(aliasArnOf(ctx.region, ctx.accountId, input.AliasName));
    },
    async updateAlias(ctx, input) {
      checkAliasName(input.AliasName);
      const alias = await keys.alias(ctx.accountId, ctx.region, input.AliasName);
      if (!alias) throw kmsErrors.aliasNotFound(aliasArnOf(ctx.region, ctx.accountId, input.AliasName));
      await requireAliasAccess(ctx, 'kms:UpdateAlias', input.AliasName);
      // Both the key the alias leaves and the one it goes to must allow it.
      await keyFor(ctx, alias.key_id, 'kms:UpdateAlias', { aliases: false });
      const target = await keyFor(ctx, input.TargetKeyId, 'kms:UpdateAlias', { aliases: false });
      if (target.state === 'PendingDeletion') throw kmsErrors.pendingDeletion(target.arn);
      await keys.retarget(ctx.accountId, ctx.region, input.AliasName, target.key_id);
    },
    async deleteAlias(ctx, input) {
      if (input.AliasName.startsWith('alias/aws/')) throw kmsErrors.notAuthorizedAwsAlias();
      const alias = await keys.alias(ctx.accountId, ctx.region, input.AliasName);
      if (!alias) throw kmsErrors.aliasNotFound(aliasArnOf(ctx.region, ctx.accountId, input.AliasName));
      await requireAliasAccess(ctx, 'kms:DeleteAlias', input.AliasName);
      await keyFor(ctx, alias.key_id, 'kms:DeleteAlias', { aliases: false });
      await keys.removeAlias(ctx.accountId, ctx.region, input.AliasName);
    },
    async listAliases(ctx, input) {
      const key = input.KeyId !== undefined ? await service.resolve(request(ctx), input.KeyId, { aliases: false }) : undefined;
      const all = await keys.aliases(ctx.accountId, ctx.region, key?.key_id);
      const p = page(all, input.Limit, input.Marker);
      return {
        Aliases: p.items.map((a) => ({ AliasName: a.alias_name, AliasArn: aliasArnOf(a.region, a.account_id, a.alias_name), TargetKeyId: a.key_id, CreationDate: new Date(Number(a.created_at)), LastUpdatedDate: new Date(Number(a.updated_at)) })),
        Truncated: p.next !== undefined,
        ...(p.next ? { NextMarker: p.next } : {}),
      };
    },
    async tagResource(ctx, input) {
      const key = await keyFor(ctx, input.KeyId, 'kms:TagResource', { aliases: false });
      if (key.state === 'PendingDeletion') throw kmsErrors.pendingDeletion(key.arn);
      const added = checkTags(input.Tags);
      await keys.changeTags(key.key_id, (current) => {
        const tags = new Map(current.map((t) => [t.TagKey, t.TagValue]));
        for (const t of added) tags.set(t.TagKey, t.TagValue);
        if (tags.size > MAX_TAGS_PER_KEY) throw kmsErrors.tag(`A key can have at most ${MAX_TAGS_PER_KEY} tags`);
        return [...tags].map(([TagKey, TagValue]) => ({ TagKey, TagValue }));
      });
    },
    async untagResource(ctx, input) {
      const key = await keyFor(ctx, input.KeyId, 'kms:UntagResource', { aliases: false });
      if (key.state === 'PendingDeletion') throw kmsErrors.pendingDeletion(key.arn);
      const drop = new Set(input.TagKeys);
      await keys.changeTags(key.key_id, (current) => current.filter((t) => !drop.has(t.TagKey)));
    },
    async listResourceTags(ctx, input) {
      const key = await keyFor(ctx, input.KeyId, 'kms:ListResourceTags', { aliases: false });
      const p = page(JSON.parse(key.tags) as KmsTag[], input.Limit, input.Marker);
      return { Tags: p.items, Truncated: p.next !== undefined, ...(p.next ? { NextMarker: p.next } : {}) };
    },
    async encrypt(ctx, input) {
      refuseUnbuilt(input);
      checkAlgorithm(input.EncryptionAlgorithm);
      const key = service.usable(await keyFor(ctx, input.KeyId, 'kms:Encrypt', { context: input.EncryptionContext }));
      return { CiphertextBlob: service.encrypt(key, Buffer.from(input.Plaintext), input.EncryptionContext), KeyId: key.arn, EncryptionAlgorithm: 'SYMMETRIC_DEFAULT' };
    },
    async decrypt(ctx, input) {
      refuseUnbuilt(input);
      checkAlgorithm(input.EncryptionAlgorithm);
      if (input.Recipient) throw kmsErrors.unsupported('Sift KMS does not support Recipient (Nitro Enclaves attestation).');
      if (!input.CiphertextBlob) throw kmsErrors.validation('1 validation error detected: Value null at \'ciphertextBlob\' failed to satisfy constraint: Member must not be null');
      const blob = Buffer.from(input.CiphertextBlob);
      const key = await service.keyOfBlob(request(ctx), blob, input.KeyId);
      await requireKeyAccess(request(ctx), 'kms:Decrypt', key, encryptionContextKeys(input.EncryptionContext));
      service.usable(key);
      return { KeyId: key.arn, Plaintext: service.decrypt(key, blob, input.EncryptionContext), EncryptionAlgorithm: 'SYMMETRIC_DEFAULT' };
    },
    async generateDataKey(ctx, input) {
      refuseUnbuilt(input);
      if (input.Recipient) throw kmsErrors.unsupported('Sift KMS does not support Recipient (Nitro Enclaves attestation).');
      const bytes = dataKeyBytes(input);
      const key = service.usable(await keyFor(ctx, input.KeyId, 'kms:GenerateDataKey', { context: input.EncryptionContext }));
      const plaintext = randomBytes(bytes);
      return { CiphertextBlob: service.encrypt(key, plaintext, input.EncryptionContext), Plaintext: plaintext, KeyId: key.arn };
    },
    async generateDataKeyWithoutPlaintext(ctx, input) {
      refuseUnbuilt(input);
      const bytes = dataKeyBytes(input);
      const key = service.usable(await keyFor(ctx, input.KeyId, 'kms:GenerateDataKeyWithoutPlaintext', { context: input.EncryptionContext }));
      return { CiphertextBlob: service.encrypt(key, randomBytes(bytes), input.EncryptionContext), KeyId: key.arn };
    },
    async reEncrypt(ctx, input) {
      refuseUnbuilt(input);
      checkAlgorithm(input.SourceEncryptionAlgorithm);
      checkAlgorithm(input.DestinationEncryptionAlgorithm);
      if (!input.CiphertextBlob) throw kmsErrors.validation('1 validation error detected: Value null at \'ciphertextBlob\' failed to satisfy constraint: Member must not be null');
      const blob = Buffer.from(input.CiphertextBlob);
      const source = await service.keyOfBlob(request(ctx), blob, input.SourceKeyId);
      // ReEncrypt needs kms:ReEncryptFrom on the source key and kms:ReEncryptTo on the destination key.
      await requireKeyAccess(request(ctx), 'kms:ReEncryptFrom', source, encryptionContextKeys(input.SourceEncryptionContext));
      service.usable(source);
      const plaintext = service.decrypt(source, blob, input.SourceEncryptionContext);
      const destination = service.usable(await keyFor(ctx, input.DestinationKeyId, 'kms:ReEncryptTo', { context: input.DestinationEncryptionContext }));
      return {
        CiphertextBlob: service.encrypt(destination, plaintext, input.DestinationEncryptionContext),
        SourceKeyId: source.arn,
        KeyId: destination.arn,
        SourceEncryptionAlgorithm: 'SYMMETRIC_DEFAULT',
        DestinationEncryptionAlgorithm: 'SYMMETRIC_DEFAULT',
      };
    },
  } satisfies Partial<KmsApi>;

  /** kms:*Alias also needs the caller's IAM permission on the alias itself (aliases have no policy). */
  async function requireAliasAccess(ctx: RequestContext, action: string, aliasName: string): Promise<void> {
    const arn = aliasArnOf(ctx.region, ctx.accountId, aliasName);
    if (ctx.authorizer && !(await ctx.authorizer.isAllowed({ action, resource: arn }))) throw kmsErrors.accessDenied(ctx.principal.arn, action, arn);
  }

  /**
   * KMS's policy lockout safety check: a new key policy must still let the caller change it later, unless the
   * caller bypasses the check.
   */
  async function checkLockout(ctx: RequestContext, policy: string, bypass: boolean | undefined, resource: string, owner = ctx.accountId): Promise<void> {
    if (bypass || !ctx.authorizer) return;
    const allowed = await ctx.authorizer.isAllowed({ action: 'kms:PutKeyPolicy', resource, resourcePolicy: { ownerAccountId: owner, policy, required: true } });
    if (!allowed) throw kmsErrors.malformedPolicy('The new key policy will not allow you to update the key policy in the future.');
  }
}

export type KmsProvider = ReturnType<typeof createKmsProvider>;

export interface KmsRegistration extends ServiceRegistration {
  /** What S3, Logs and Macie use: key lookup and data keys, always authorized against the key policy. */
  internal: KeyService;
}

export function createKmsRegistration(deps: PlatformDeps & { masterKey: import('../../common/index.js').MasterKey }): KmsRegistration {
  const keys = new KmsKeys(deps.store.db, deps.clock, deps.ids, deps.masterKey.secretBox('sift/kms/key-material'));
  const service = new KeyService(keys);
  const provider = createKmsProvider(service);
  return {
    service: 'kms',
    provider: provider as unknown as ServiceRegistration['provider'],
    actionOf: (op) => `kms:${op}`,
    authorizesItself: (op) => !GATEWAY_AUTHORIZED.has(op),
    resourceOf: (op, input: { KeyId?: string; TargetKeyId?: string }, ctx) => {
      const id = input?.KeyId ?? input?.TargetKeyId;
      if (GATEWAY_AUTHORIZED.has(op) || !id) return '*';
      return id.startsWith('arn:') ? id : id.startsWith('alias/') ? aliasArnOf(ctx.region, ctx.accountId, id) : `arn:aws:kms:${ctx.region}:${ctx.accountId}:key/${id}`;
    },
    internal: service,
  };
}
