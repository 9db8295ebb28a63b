// KMS with the real @aws-sdk/client-kms: keys, aliases, policies, state, scheduled deletion on the server's clock,
// the cryptographic operations with encryption context, and key policies evaluated as KMS does (the key policy is
// authoritative; IAM policies count only where it allows the account).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CancelKeyDeletionCommand,
  CreateAliasCommand,
  CreateKeyCommand,
  DecryptCommand,
  DeleteAliasCommand,
  DescribeKeyCommand,
  DisableKeyCommand,
  EnableKeyCommand,
  EncryptCommand,
  GenerateDataKeyCommand,
  GenerateDataKeyWithoutPlaintextCommand,
  GetKeyPolicyCommand,
  KMSClient,
  ListAliasesCommand,
  ListKeyPoliciesCommand,
  ListKeysCommand,
  ListResourceTagsCommand,
  PutKeyPolicyCommand,
  ReEncryptCommand,
  ScheduleKeyDeletionCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateAliasCommand,
  SignCommand,
} from '@aws-sdk/client-kms';
import { ManualClock } from '../../../src/common/index.js';
import { startServer, type TestServer } from '../harness.js';
import { outcome, secondAccount, userWithPolicy } from '../security/principals.js';

let server: TestServer;
let kms: KMSClient;
// The server's clock is a ManualClock; the client is told the offset so its signatures stay in time.
const clock = new ManualClock(Date.now());
// A fresh client per call once the clock has moved (the SDK resets its offset from the response's Date header).
const late = () => new KMSClient({ ...server.clientConfig(), systemClockOffset: clock.nowMs() - Date.now() });

beforeAll(async () => {
  server = await startServer({ clock });
  kms = new KMSClient(server.clientConfig());
});
afterAll(async () => server?.close());

const newKey = async (description = 'test key') => (await kms.send(new CreateKeyCommand({ Description: description }))).KeyMetadata!;

describe('keys', () => {
  it('creates a symmetric key with the default key policy and describes it by id, ARN and alias', async () => {
    const key = await newKey();
    expect(key).toMatchObject({ KeyState: 'Enabled', Enabled: true, KeyUsage: 'ENCRYPT_DECRYPT', KeySpec: 'SYMMETRIC_DEFAULT', KeyManager: 'CUSTOMER', Origin: 'AWS_KMS', AWSAccountId: server.accountId, Description: 'test key' });
    expect(key.Arn).toBe(`arn:aws:kms:${server.region}:${server.accountId}:key/${key.KeyId}`);
    await kms.send(new CreateAliasCommand({ AliasName: 'alias/app', TargetKeyId: key.KeyId }));
    for (const id of [key.KeyId!, key.Arn!, 'alias/app', `arn:aws:kms:${server.region}:${server.accountId}:alias/app`]) {
      expect((await kms.send(new DescribeKeyCommand({ KeyId: id }))).KeyMetadata!.KeyId).toBe(key.KeyId);
    }
    const policy = JSON.parse((await kms.send(new GetKeyPolicyCommand({ KeyId: key.KeyId }))).Policy!);
    expect(policy.Statement[0]).toMatchObject({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${server.accountId}:root` }, Action: 'kms:*' });
    expect((await kms.send(new ListKeyPoliciesCommand({ KeyId: key.KeyId }))).PolicyNames).toEqual(['default']);
    expect((await kms.send(new ListKeysCommand({}))).Keys!.map((k) => k.KeyId)).toContain(key.KeyId);
    expect((await kms.send(new ListAliasesCommand({ KeyId: key.KeyId }))).Aliases!.map((a) => a.AliasName)).toEqual(['alias/app']);
  });

  it('refuses what it does not implement with KMS errors', async () => {
    expect(await outcome(kms.send(new CreateKeyCommand({ KeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY' })))).toBe('UnsupportedOperationException');
    expect(await outcome(kms.send(new CreateKeyCommand({ KeyUsage: 'SIGN_VERIFY' })))).toBe('ValidationException');
    expect(await outcome(kms.send(new SignCommand({ KeyId: 'alias/app', Message: Buffer.from('x'), SigningAlgorithm: 'RSASSA_PSS_SHA_256' })))).toMatch(/NotImplemented|UnsupportedOperation/);
    expect(await outcome(kms.send(new EncryptCommand({ KeyId: 'alias/app', Plaintext: Buffer.from('x'), DryRun: true })))).toBe('UnsupportedOperationException');
    expect(await outcome(kms.send(new EncryptCommand({ KeyId: 'alias/app', Plaintext: Buffer.from('x'), GrantTokens: ['token'] })))).toBe('InvalidGrantTokenException');
    expect(await outcome(kms.send(new DescribeKeyCommand({ KeyId: 'alias/missing' })))).toBe('NotFoundException');
    expect(await outcome(kms.send(new DescribeKeyCommand({ KeyId: '11111111-2222-3333-4444-555555555555' })))).toBe('NotFoundException');
    expect(await outcome(kms.send(new CreateAliasCommand({ AliasName: 'alias/aws/mine', TargetKeyId: (await newKey()).KeyId })))).toBe('NotAuthorizedException');
  });

  it('encrypts and decrypts with the encryption context as AAD, re-encrypts, and generates data keys', async () => {
    const key = await newKey();
    const context = { purpose: 'test', tenant: 'a' };
    const { CiphertextBlob } = await kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: Buffer.from('secret value'), EncryptionContext: context }));
    expect(Buffer.from(CiphertextBlob!).includes(Buffer.from('secret value'))).toBe(false);
    const out = await kms.send(new DecryptCommand({ CiphertextBlob, EncryptionContext: { tenant: 'a', purpose: 'test' } }));
    expect(Buffer.from(out.Plaintext!).toString()).toBe('secret value');
    expect(out.KeyId).toBe(key.Arn);
    expect(await outcome(kms.send(new DecryptCommand({ CiphertextBlob, EncryptionContext: { purpose: 'other', tenant: 'a' } })))).toBe('InvalidCiphertextException');
    expect(await outcome(kms.send(new DecryptCommand({ CiphertextBlob })))).toBe('InvalidCiphertextException');
    const tampered = Buffer.from(CiphertextBlob!);
    tampered[tampered.length - 1]! ^= 1;
    expect(await outcome(kms.send(new DecryptCommand({ CiphertextBlob: tampered, EncryptionContext: context })))).toBe('InvalidCiphertextException');
    const other = await newKey();
    expect(await outcome(kms.send(new DecryptCommand({ CiphertextBlob, EncryptionContext: context, KeyId: other.KeyId })))).toBe('IncorrectKeyException');

    const re = await kms.send(new ReEncryptCommand({ CiphertextBlob, SourceEncryptionContext: context, DestinationKeyId: other.KeyId }));
    expect(re.SourceKeyId).toBe(key.Arn);
    expect(Buffer.from((await kms.send(new DecryptCommand({ CiphertextBlob: re.CiphertextBlob }))).Plaintext!).toString()).toBe('secret value');

    const dk = await kms.send(new GenerateDataKeyCommand({ KeyId: key.KeyId, KeySpec: 'AES_256' }));
    expect(dk.Plaintext!.length).toBe(32);
    expect(Buffer.from((await kms.send(new DecryptCommand({ CiphertextBlob: dk.CiphertextBlob }))).Plaintext!)).toEqual(Buffer.from(dk.Plaintext!));
    const nk = await kms.send(new GenerateDataKeyWithoutPlaintextCommand({ KeyId: key.KeyId, NumberOfBytes: 16 }));
    expect((await kms.send(new DecryptCommand({ CiphertextBlob: nk.CiphertextBlob }))).Plaintext!.length).toBe(16);
    expect(await outcome(kms.send(new GenerateDataKeyCommand({ KeyId: key.KeyId })))).toBe('ValidationException');
  });

  it('tags, untags, updates and deletes aliases', async () => {
    const a = await newKey();
    const b = await newKey();
    await kms.send(new TagResourceCommand({ KeyId: a.KeyId, Tags: [{ TagKey: 'team', TagValue: 'x' }, { TagKey: 'env', TagValue: 'dev' }] }));
    await kms.send(new UntagResourceCommand({ KeyId: a.KeyId, TagKeys: ['env'] }));
    expect((await kms.send(new ListResourceTagsCommand({ KeyId: a.KeyId }))).Tags).toEqual([{ TagKey: 'team', TagValue: 'x' }]);
    expect(await outcome(kms.send(new TagResourceCommand({ KeyId: a.KeyId, Tags: [{ TagKey: 'aws:x', TagValue: 'y' }] })))).toBe('TagException');
    await kms.send(new CreateAliasCommand({ AliasName: 'alias/moving', TargetKeyId: a.KeyId }));
    expect(await outcome(kms.send(new CreateAliasCommand({ AliasName: 'alias/moving', TargetKeyId: b.KeyId })))).toBe('AlreadyExistsException');
    await kms.send(new UpdateAliasCommand({ AliasName: 'alias/moving', TargetKeyId: b.KeyId }));
    expect((await kms.send(new DescribeKeyCommand({ KeyId: 'alias/moving' }))).KeyMetadata!.KeyId).toBe(b.KeyId);
    await kms.send(new DeleteAliasCommand({ AliasName: 'alias/moving' }));
    expect(await outcome(kms.send(new DescribeKeyCommand({ KeyId: 'alias/moving' })))).toBe('NotFoundException');
  });

  it('creates the AWS managed key alias/aws/s3 on first use; its policy refuses management', async () => {
    const md = (await kms.send(new DescribeKeyCommand({ KeyId: 'alias/aws/s3' }))).KeyMetadata!;
    expect(md.KeyManager).toBe('AWS');
    expect((await kms.send(new DescribeKeyCommand({ KeyId: 'alias/aws/s3' }))).KeyMetadata!.KeyId).toBe(md.KeyId);
    expect(await outcome(kms.send(new DisableKeyCommand({ KeyId: md.KeyId })))).toBe('AccessDeniedException');
    // Direct use (not through S3) is not what its policy allows.
    expect(await outcome(kms.send(new EncryptCommand({ KeyId: md.KeyId, Plaintext: Buffer.from('x') })))).toBe('AccessDeniedException');
  });
});

describe('key policies are authoritative', () => {
  it('lets IAM policies count only where the key policy allows the account', async () => {
    const key = await newKey();
    const user = await userWithPolicy(server, 'kms-user', [{ Effect: 'Allow', Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:DescribeKey'], Resource: '*' }]);
    const asUser = new KMSClient(server.clientConfig(user));
    expect(await outcome(asUser.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: Buffer.from('x') })))).toBe('ok');
    // A policy without the account statement: the user's IAM policy no longer counts, not even root's rights.
    const onlyUser = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${server.accountId}:root` }, Action: ['kms:PutKeyPolicy', 'kms:GetKeyPolicy', 'kms:DescribeKey'], Resource: '*' }] };
    await kms.send(new PutKeyPolicyCommand({ KeyId: key.KeyId, Policy: JSON.stringify(onlyUser) }));
    expect(await outcome(asUser.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: Buffer.from('x') })))).toBe('AccessDeniedException');
    expect(await outcome(kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: Buffer.from('x') })))).toBe('AccessDeniedException');
    // Naming the user in the key policy is enough on its own.
    const named = { ...onlyUser, Statement: [...onlyUser.Statement, { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${server.accountId}:user/kms-user` }, Action: 'kms:Encrypt', Resource: '*' }] };
    await kms.send(new PutKeyPolicyCommand({ KeyId: key.KeyId, Policy: JSON.stringify(named) }));
    expect(await outcome(asUser.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: Buffer.from('x') })))).toBe('ok');
    // The lockout safety check and the grammar.
    const lockout = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${server.accountId}:user/kms-user` }, Action: 'kms:Encrypt', Resource: '*' }] };
    expect(await outcome(kms.send(new PutKeyPolicyCommand({ KeyId: key.KeyId, Policy: JSON.stringify(lockout) })))).toBe('MalformedPolicyDocumentException');
    expect(await outcome(kms.send(new PutKeyPolicyCommand({ KeyId: key.KeyId, Policy: '{"Statement":[{"Effect":"Allow"}]}' })))).toBe('MalformedPolicyDocumentException');
  });

  it('keeps another account out unless the key policy grants it', async () => {
    const key = await newKey();
    const other = await secondAccount(server);
    const theirs = new KMSClient(server.clientConfig(other.creds));
    const { CiphertextBlob } = await kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: Buffer.from('x') }));
    expect(await outcome(theirs.send(new DecryptCommand({ CiphertextBlob })))).toBe('AccessDeniedException');
    expect(await outcome(theirs.send(new DescribeKeyCommand({ KeyId: key.Arn })))).toBe('AccessDeniedException');
    // Their own id space: the bare key id names nothing in their account.
    expect(await outcome(theirs.send(new DescribeKeyCommand({ KeyId: key.KeyId })))).toBe('NotFoundException');
    const policy = JSON.parse((await kms.send(new GetKeyPolicyCommand({ KeyId: key.KeyId }))).Policy!);
    policy.Statement.push({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${other.accountId}:root` }, Action: 'kms:Decrypt', Resource: '*' });
    await kms.send(new PutKeyPolicyCommand({ KeyId: key.KeyId, Policy: JSON.stringify(policy) }));
    expect(await outcome(theirs.send(new DecryptCommand({ CiphertextBlob })))).toBe('ok');
  });
});

// Last: it moves the server's clock a week on.
describe('scheduled deletion', () => {
  it('disables, schedules deletion (7–30 days), cancels, and deletes the key when the time comes', async () => {
    const key = await newKey();
    const { CiphertextBlob } = await kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: Buffer.from('x') }));
    await kms.send(new DisableKeyCommand({ KeyId: key.KeyId }));
    expect(await outcome(kms.send(new DecryptCommand({ CiphertextBlob })))).toBe('DisabledException');
    await kms.send(new EnableKeyCommand({ KeyId: key.KeyId }));
    expect(await outcome(kms.send(new DecryptCommand({ CiphertextBlob })))).toBe('ok');

    expect(await outcome(kms.send(new ScheduleKeyDeletionCommand({ KeyId: key.KeyId, PendingWindowInDays: 6 })))).toBe('ValidationException');
    const s = await kms.send(new ScheduleKeyDeletionCommand({ KeyId: key.KeyId, PendingWindowInDays: 7 }));
    expect(s).toMatchObject({ KeyState: 'PendingDeletion', PendingWindowInDays: 7 });
    expect(s.DeletionDate!.getTime()).toBe(clock.nowMs() + 7 * 86_400_000);
    expect(await outcome(kms.send(new DecryptCommand({ CiphertextBlob })))).toBe('KMSInvalidStateException');
    expect(await outcome(kms.send(new EnableKeyCommand({ KeyId: key.KeyId })))).toBe('KMSInvalidStateException');
    await kms.send(new CancelKeyDeletionCommand({ KeyId: key.KeyId }));
    expect((await kms.send(new DescribeKeyCommand({ KeyId: key.KeyId }))).KeyMetadata!.KeyState).toBe('Disabled');
    expect(await outcome(kms.send(new CancelKeyDeletionCommand({ KeyId: key.KeyId })))).toBe('KMSInvalidStateException');

    await kms.send(new CreateAliasCommand({ AliasName: 'alias/doomed', TargetKeyId: key.KeyId }));
    await kms.send(new ScheduleKeyDeletionCommand({ KeyId: key.KeyId, PendingWindowInDays: 7 }));
    clock.advance(7 * 86_400_000 - 1);
    expect((await late().send(new DescribeKeyCommand({ KeyId: key.KeyId }))).KeyMetadata!.KeyState).toBe('PendingDeletion');
    clock.advance(1);
    expect(await outcome(late().send(new DescribeKeyCommand({ KeyId: key.KeyId })))).toBe('NotFoundException');
    expect(await outcome(late().send(new DescribeKeyCommand({ KeyId: 'alias/doomed' })))).toBe('NotFoundException');
    expect(await outcome(late().send(new DecryptCommand({ CiphertextBlob })))).toBe('InvalidCiphertextException');
  });
});
