// Issue 15 item 6, end to end with the real IAM client: console passwords and the account password policy
// (enforced, reuse prevention, ChangePassword by the user, AllowUsersToChangePassword), SSH public keys, signing
// certificates, the account alias, the credential report and GetAccountSummary; and with the aws CLI, a login
// profile and the credential report as a user would read them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKeyPairSync, KeyObject, webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import {
  ChangePasswordCommand,
  CreateAccessKeyCommand,
  CreateAccountAliasCommand,
  CreateLoginProfileCommand,
  CreateUserCommand,
  DeleteAccountAliasCommand,
  DeleteAccountPasswordPolicyCommand,
  DeleteLoginProfileCommand,
  DeleteServerCertificateCommand,
  DeleteSigningCertificateCommand,
  DeleteSSHPublicKeyCommand,
  DeleteUserCommand,
  GenerateCredentialReportCommand,
  GetAccountPasswordPolicyCommand,
  CreateInstanceProfileCommand,
  GetAccountSummaryCommand,
  GetCredentialReportCommand,
  GetLoginProfileCommand,
  GetServerCertificateCommand,
  GetSSHPublicKeyCommand,
  GetUserCommand,
  IAMClient,
  ListAccountAliasesCommand,
  ListServerCertificatesCommand,
  ListServerCertificateTagsCommand,
  ListSigningCertificatesCommand,
  ListSSHPublicKeysCommand,
  PutUserPolicyCommand,
  TagServerCertificateCommand,
  UntagServerCertificateCommand,
  UpdateAccountPasswordPolicyCommand,
  UpdateLoginProfileCommand,
  UpdateServerCertificateCommand,
  UpdateSigningCertificateCommand,
  UpdateSSHPublicKeyCommand,
  UploadServerCertificateCommand,
  UploadSigningCertificateCommand,
  UploadSSHPublicKeyCommand,
} from '@aws-sdk/client-iam';
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { ManualClock } from '../../../src/common/index.js';
import { startServer, type Credentials, type TestServer } from '../harness.js';
import { aws, awsCliAvailable } from '../aws-cli.js';
import { createStandaloneAccount } from '../organizations/org-helpers.js';

const clock = new ManualClock(Date.now());
let server: TestServer;
beforeAll(async () => {
  server = await startServer({ clock });
});
afterAll(async () => {
  await server?.close();
});

const iam = (c?: Credentials) => new IAMClient(server.clientConfig(c));
const errorOf = (p: Promise<unknown>) => p.then(() => undefined, (e: Error & { $metadata?: { httpStatusCode?: number } }) => ({ name: e.name, message: e.message, status: e.$metadata?.httpStatusCode }));
const doc = (...Statement: object[]) => JSON.stringify({ Version: '2012-10-17', Statement });

async function userWithKey(name: string, policy?: string): Promise<Credentials> {
  await iam().send(new CreateUserCommand({ UserName: name }));
  if (policy) await iam().send(new PutUserPolicyCommand({ UserName: name, PolicyName: 'p', PolicyDocument: policy }));
  const key = (await iam().send(new CreateAccessKeyCommand({ UserName: name }))).AccessKey!;
  return { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! };
}

async function selfSignedWithKey(cn: string, notBefore: Date, notAfter: Date): Promise<{ pem: string; key: string }> {
  x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);
  const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  const keys = (await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const pem = (await x509.X509CertificateGenerator.createSelfSigned({ serialNumber: '0a', name: `CN=${cn}`, notBefore, notAfter, signingAlgorithm: alg, keys })).toString('pem');
  return { pem, key: KeyObject.from(keys.privateKey).export({ format: 'pem', type: 'pkcs8' }).toString() };
}
const selfSigned = async (cn: string, notBefore: Date, notAfter: Date) => (await selfSignedWithKey(cn, notBefore, notAfter)).pem;

describe('login profiles and the password policy', () => {
  it('applies the default policy without a custom one, stores the profile, and hides the password from the trail', async () => {
    await iam().send(new CreateUserCommand({ UserName: 'pw-alice' }));
    expect(await errorOf(iam().send(new GetAccountPasswordPolicyCommand({})))).toMatchObject({ name: 'NoSuchEntityException', status: 404 });
    expect(await errorOf(iam().send(new CreateLoginProfileCommand({ UserName: 'pw-alice', Password: 'password' })))).toMatchObject({ name: 'PasswordPolicyViolationException', status: 400 });
    const created = await iam().send(new CreateLoginProfileCommand({ UserName: 'pw-alice', Password: 'Secret-Passw0rd', PasswordResetRequired: true }));
    expect(created.LoginProfile).toMatchObject({ UserName: 'pw-alice', PasswordResetRequired: true });
    expect(await errorOf(iam().send(new CreateLoginProfileCommand({ UserName: 'pw-alice', Password: 'Secret-Passw0rd' })))).toMatchObject({ name: 'EntityAlreadyExistsException', status: 409 });
    expect((await iam().send(new GetLoginProfileCommand({ UserName: 'pw-alice' }))).LoginProfile).toMatchObject({ UserName: 'pw-alice', PasswordResetRequired: true });
    expect(await errorOf(iam().send(new GetLoginProfileCommand({ UserName: 'nobody' })))).toMatchObject({ name: 'NoSuchEntityException' });
    // The user cannot be deleted while the profile exists.
    expect(await errorOf(iam().send(new DeleteUserCommand({ UserName: 'pw-alice' })))).toMatchObject({ name: 'DeleteConflictException', status: 409 });

    await server.sift.audit.flush();
    const trail = new CloudTrailClient(server.clientConfig());
    const events = (await trail.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'CreateLoginProfile' }] }))).Events ?? [];
    expect(events.length).toBeGreaterThan(0);
    for (const e of events) {
      expect(e.CloudTrailEvent).not.toContain('Secret-Passw0rd');
    }
    expect(JSON.parse(events.find((e) => JSON.parse(e.CloudTrailEvent!).errorCode === undefined)!.CloudTrailEvent!).requestParameters).toMatchObject({ userName: 'pw-alice', password: 'HIDDEN_DUE_TO_SECURITY_REASONS' });
  });

  it('enforces a custom policy and reuse prevention on UpdateLoginProfile and ChangePassword', async () => {
    await iam().send(new UpdateAccountPasswordPolicyCommand({ MinimumPasswordLength: 12, RequireSymbols: true, RequireNumbers: true, PasswordReusePrevention: 2, MaxPasswordAge: 90 }));
    expect((await iam().send(new GetAccountPasswordPolicyCommand({}))).PasswordPolicy).toEqual({
      MinimumPasswordLength: 12, RequireSymbols: true, RequireNumbers: true, RequireUppercaseCharacters: false, RequireLowercaseCharacters: false,
      AllowUsersToChangePassword: false, ExpirePasswords: true, MaxPasswordAge: 90, PasswordReusePrevention: 2, HardExpiry: false,
    });
    expect(await errorOf(iam().send(new UpdateAccountPasswordPolicyCommand({ MinimumPasswordLength: 5 })))).toMatchObject({ status: 400 });

    const creds = await userWithKey('pw-bob', doc({ Effect: 'Allow', Action: 'iam:ChangePassword', Resource: '*' }));
    expect(await errorOf(iam().send(new CreateLoginProfileCommand({ UserName: 'pw-bob', Password: 'Short-1!' })))).toMatchObject({ name: 'PasswordPolicyViolationException' });
    expect(await errorOf(iam().send(new CreateLoginProfileCommand({ UserName: 'pw-bob', Password: 'no-numbers-here!' })))).toMatchObject({ name: 'PasswordPolicyViolationException' });
    await iam().send(new CreateLoginProfileCommand({ UserName: 'pw-bob', Password: 'first-password-1!', PasswordResetRequired: true }));
    // Reuse of the current password is refused; a new one is taken.
    expect(await errorOf(iam().send(new UpdateLoginProfileCommand({ UserName: 'pw-bob', Password: 'first-password-1!' })))).toMatchObject({ name: 'PasswordPolicyViolationException' });
    await iam().send(new UpdateLoginProfileCommand({ UserName: 'pw-bob', Password: 'second-password-2!' }));

    // ChangePassword: the user's own, the old one must match, and the last two may not be reused.
    expect(await errorOf(iam(creds).send(new ChangePasswordCommand({ OldPassword: 'wrong-password-0!', NewPassword: 'third-password-3!' })))).toMatchObject({ name: 'InvalidUserTypeException' });
    expect(await errorOf(iam(creds).send(new ChangePasswordCommand({ OldPassword: 'second-password-2!', NewPassword: 'first-password-1!' })))).toMatchObject({ name: 'PasswordPolicyViolationException' });
    expect(await errorOf(iam(creds).send(new ChangePasswordCommand({ OldPassword: 'second-password-2!', NewPassword: 'short' })))).toMatchObject({ name: 'PasswordPolicyViolationException' });
    await iam(creds).send(new ChangePasswordCommand({ OldPassword: 'second-password-2!', NewPassword: 'third-password-3!' }));
    // Changing the password clears PasswordResetRequired; the oldest password (now third back) may be used again.
    expect((await iam().send(new GetLoginProfileCommand({ UserName: 'pw-bob' }))).LoginProfile!.PasswordResetRequired).toBe(false);
    await iam(creds).send(new ChangePasswordCommand({ OldPassword: 'third-password-3!', NewPassword: 'fourth-password-4!' }));
    await iam(creds).send(new ChangePasswordCommand({ OldPassword: 'fourth-password-4!', NewPassword: 'first-password-1!' }));
    // Root is not an IAM user.
    expect(await errorOf(iam().send(new ChangePasswordCommand({ OldPassword: 'x', NewPassword: 'y' })))).toMatchObject({ name: 'InvalidUserTypeException' });
  });

  it('AllowUsersToChangePassword lets a user without permissions change their own password, and only theirs', async () => {
    await iam().send(new UpdateAccountPasswordPolicyCommand({ MinimumPasswordLength: 8 }));
    const creds = await userWithKey('pw-carol');
    await iam().send(new CreateLoginProfileCommand({ UserName: 'pw-carol', Password: 'carol-pass-1' }));
    expect(await errorOf(iam(creds).send(new ChangePasswordCommand({ OldPassword: 'carol-pass-1', NewPassword: 'carol-pass-2' })))).toMatchObject({ name: 'AccessDenied', status: 403 });
    expect(await errorOf(iam(creds).send(new GetAccountPasswordPolicyCommand({})))).toMatchObject({ name: 'AccessDenied' });
    await iam().send(new UpdateAccountPasswordPolicyCommand({ MinimumPasswordLength: 8, AllowUsersToChangePassword: true }));
    await iam(creds).send(new ChangePasswordCommand({ OldPassword: 'carol-pass-1', NewPassword: 'carol-pass-2' }));
    expect((await iam(creds).send(new GetAccountPasswordPolicyCommand({}))).PasswordPolicy!.AllowUsersToChangePassword).toBe(true);
    // Nothing else is granted.
    expect(await errorOf(iam(creds).send(new UpdateLoginProfileCommand({ UserName: 'pw-carol', Password: 'carol-pass-3' })))).toMatchObject({ name: 'AccessDenied' });
    // An explicit Deny in the user's policies still wins.
    await iam().send(new PutUserPolicyCommand({ UserName: 'pw-carol', PolicyName: 'deny', PolicyDocument: doc({ Effect: 'Deny', Action: 'iam:ChangePassword', Resource: '*' }) }));
    expect(await errorOf(iam(creds).send(new ChangePasswordCommand({ OldPassword: 'carol-pass-2', NewPassword: 'carol-pass-3' })))).toMatchObject({ name: 'AccessDenied' });

    await iam().send(new DeleteAccountPasswordPolicyCommand({}));
    expect(await errorOf(iam().send(new DeleteAccountPasswordPolicyCommand({})))).toMatchObject({ name: 'NoSuchEntityException' });
    await iam().send(new DeleteLoginProfileCommand({ UserName: 'pw-carol' }));
    expect(await errorOf(iam().send(new DeleteLoginProfileCommand({ UserName: 'pw-carol' })))).toMatchObject({ name: 'NoSuchEntityException' });
  });
});

describe('SSH public keys', () => {
  it('uploads ssh-rsa and PEM keys with IAM\'s fingerprint, returns either encoding, and keeps IAM\'s limits', async () => {
    await iam().send(new CreateUserCommand({ UserName: 'ssh-dave' }));
    const pub = () => generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey;
    const k1 = pub();
    const pem = k1.export({ format: 'pem', type: 'spki' }).toString();
    const up = (await iam().send(new UploadSSHPublicKeyCommand({ UserName: 'ssh-dave', SSHPublicKeyBody: pem }))).SSHPublicKey!;
    expect(up).toMatchObject({ UserName: 'ssh-dave', Status: 'Active', SSHPublicKeyBody: pem });
    expect(up.SSHPublicKeyId).toMatch(/^APKA[A-Z2-7]{16}$/);
    expect(up.Fingerprint).toMatch(/^([0-9a-f]{2}:){15}[0-9a-f]{2}$/);
    const asSsh = (await iam().send(new GetSSHPublicKeyCommand({ UserName: 'ssh-dave', SSHPublicKeyId: up.SSHPublicKeyId, Encoding: 'SSH' }))).SSHPublicKey!;
    expect(asSsh.SSHPublicKeyBody).toMatch(/^ssh-rsa AAAAB3NzaC1yc2E[A-Za-z0-9+/=]+$/);
    expect((await iam().send(new GetSSHPublicKeyCommand({ UserName: 'ssh-dave', SSHPublicKeyId: up.SSHPublicKeyId, Encoding: 'PEM' }))).SSHPublicKey!.SSHPublicKeyBody).toBe(pem);
    // The same key in ssh-rsa form is a duplicate.
    expect(await errorOf(iam().send(new UploadSSHPublicKeyCommand({ UserName: 'ssh-dave', SSHPublicKeyBody: `${asSsh.SSHPublicKeyBody} dave@laptop` })))).toMatchObject({ name: 'DuplicateSSHPublicKeyException', status: 400 });
    expect(await errorOf(iam().send(new UploadSSHPublicKeyCommand({ UserName: 'ssh-dave', SSHPublicKeyBody: 'ssh-dss AAAAB3NzaC1kc3M= x' })))).toMatchObject({ name: 'UnrecognizedPublicKeyEncodingException' });
    const small = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ format: 'pem', type: 'spki' }).toString();
    expect(await errorOf(iam().send(new UploadSSHPublicKeyCommand({ UserName: 'ssh-dave', SSHPublicKeyBody: small })))).toMatchObject({ name: 'InvalidPublicKeyException' });
    for (let i = 0; i < 4; i++) {
      clock.advance(1000);
      await iam().send(new UploadSSHPublicKeyCommand({ UserName: 'ssh-dave', SSHPublicKeyBody: pub().export({ format: 'pem', type: 'spki' }).toString() }));
    }
    expect(await errorOf(iam().send(new UploadSSHPublicKeyCommand({ UserName: 'ssh-dave', SSHPublicKeyBody: pub().export({ format: 'pem', type: 'spki' }).toString() })))).toMatchObject({ name: 'LimitExceededException', status: 409 });
    const listed = await iam().send(new ListSSHPublicKeysCommand({ UserName: 'ssh-dave', MaxItems: 3 }));
    expect(listed.SSHPublicKeys).toHaveLength(3);
    expect(listed.IsTruncated).toBe(true);
    await iam().send(new UpdateSSHPublicKeyCommand({ UserName: 'ssh-dave', SSHPublicKeyId: up.SSHPublicKeyId, Status: 'Inactive' }));
    expect((await iam().send(new ListSSHPublicKeysCommand({ UserName: 'ssh-dave' }))).SSHPublicKeys![0]).toMatchObject({ SSHPublicKeyId: up.SSHPublicKeyId, Status: 'Inactive' });
    expect(await errorOf(iam().send(new DeleteUserCommand({ UserName: 'ssh-dave' })))).toMatchObject({ name: 'DeleteConflictException' });
    await iam().send(new DeleteSSHPublicKeyCommand({ UserName: 'ssh-dave', SSHPublicKeyId: up.SSHPublicKeyId }));
    expect(await errorOf(iam().send(new GetSSHPublicKeyCommand({ UserName: 'ssh-dave', SSHPublicKeyId: up.SSHPublicKeyId, Encoding: 'SSH' })))).toMatchObject({ name: 'NoSuchEntityException' });
  });
});

describe('signing certificates', () => {
  it('parses the certificate, refuses malformed, expired and duplicate ones, and allows two per user', async () => {
    await iam().send(new CreateUserCommand({ UserName: 'cert-erin' }));
    const now = clock.now();
    const valid = (cn: string) => selfSigned(cn, new Date(now.getTime() - 86_400_000), new Date(now.getTime() + 365 * 86_400_000));
    const c1 = await valid('one');
    const up = (await iam().send(new UploadSigningCertificateCommand({ UserName: 'cert-erin', CertificateBody: c1 }))).Certificate!;
    expect(up).toMatchObject({ UserName: 'cert-erin', Status: 'Active', CertificateBody: c1 });
    expect(await errorOf(iam().send(new UploadSigningCertificateCommand({ UserName: 'cert-erin', CertificateBody: c1 })))).toMatchObject({ name: 'DuplicateCertificateException', status: 409 });
    expect(await errorOf(iam().send(new UploadSigningCertificateCommand({ UserName: 'cert-erin', CertificateBody: 'garbage' })))).toMatchObject({ name: 'MalformedCertificateException', status: 400 });
    const expired = await selfSigned('old', new Date(now.getTime() - 10 * 86_400_000), new Date(now.getTime() - 86_400_000));
    expect(await errorOf(iam().send(new UploadSigningCertificateCommand({ UserName: 'cert-erin', CertificateBody: expired })))).toMatchObject({ name: 'MalformedCertificateException' });
    clock.advance(1000);
    await iam().send(new UploadSigningCertificateCommand({ UserName: 'cert-erin', CertificateBody: await valid('two') }));
    expect(await errorOf(iam().send(new UploadSigningCertificateCommand({ UserName: 'cert-erin', CertificateBody: await valid('three') })))).toMatchObject({ name: 'LimitExceededException' });
    await iam().send(new UpdateSigningCertificateCommand({ UserName: 'cert-erin', CertificateId: up.CertificateId, Status: 'Inactive' }));
    const list = (await iam().send(new ListSigningCertificatesCommand({ UserName: 'cert-erin' }))).Certificates!;
    expect(list.map((c) => c.Status)).toEqual(['Inactive', 'Active']);
    await iam().send(new DeleteSigningCertificateCommand({ UserName: 'cert-erin', CertificateId: up.CertificateId }));
    expect(await errorOf(iam().send(new DeleteSigningCertificateCommand({ UserName: 'cert-erin', CertificateId: up.CertificateId })))).toMatchObject({ name: 'NoSuchEntityException' });
  });
});

describe('server certificates', () => {
  it('checks the private key against the certificate, renames and moves, tags, and is authorized on its ARN', async () => {
    const now = clock.now();
    const a = await selfSignedWithKey('www.example.com', new Date(now.getTime() - 86_400_000), new Date(now.getTime() + 90 * 86_400_000));
    const b = await selfSignedWithKey('other.example.com', new Date(now.getTime() - 86_400_000), new Date(now.getTime() + 90 * 86_400_000));
    expect(await errorOf(iam().send(new UploadServerCertificateCommand({ ServerCertificateName: 'www', CertificateBody: a.pem, PrivateKey: b.key })))).toMatchObject({ name: 'KeyPairMismatchException', status: 400 });
    expect(await errorOf(iam().send(new UploadServerCertificateCommand({ ServerCertificateName: 'www', CertificateBody: 'junk', PrivateKey: a.key })))).toMatchObject({ name: 'MalformedCertificateException' });
    const up = await iam().send(new UploadServerCertificateCommand({ ServerCertificateName: 'www', Path: '/cloudfront/', CertificateBody: a.pem, PrivateKey: a.key, CertificateChain: b.pem, Tags: [{ Key: 'env', Value: 'prod' }] }));
    expect(up.ServerCertificateMetadata).toMatchObject({ ServerCertificateName: 'www', Path: '/cloudfront/', Arn: `arn:aws:iam::${server.accountId}:server-certificate/cloudfront/www` });
    expect(up.ServerCertificateMetadata!.ServerCertificateId).toMatch(/^ASCA[A-Z2-7]{17}$/);
    expect(await errorOf(iam().send(new UploadServerCertificateCommand({ ServerCertificateName: 'www', CertificateBody: a.pem, PrivateKey: a.key })))).toMatchObject({ name: 'EntityAlreadyExistsException' });
    const got = (await iam().send(new GetServerCertificateCommand({ ServerCertificateName: 'www' }))).ServerCertificate!;
    expect(got).toMatchObject({ CertificateBody: a.pem, CertificateChain: b.pem, Tags: [{ Key: 'env', Value: 'prod' }] });
    expect(JSON.stringify(got)).not.toContain('PRIVATE KEY');
    expect((await iam().send(new ListServerCertificatesCommand({ PathPrefix: '/cloudfront/' }))).ServerCertificateMetadataList!.map((m) => m.ServerCertificateName)).toEqual(['www']);
    expect((await iam().send(new ListServerCertificatesCommand({ PathPrefix: '/elb/' }))).ServerCertificateMetadataList).toEqual([]);

    // A user allowed on this one certificate's ARN only.
    const creds = await userWithKey('cert-reader', doc({ Effect: 'Allow', Action: 'iam:GetServerCertificate', Resource: `arn:aws:iam::${server.accountId}:server-certificate/cloudfront/www` }));
    expect((await iam(creds).send(new GetServerCertificateCommand({ ServerCertificateName: 'www' }))).ServerCertificate!.ServerCertificateMetadata!.ServerCertificateName).toBe('www');

    await iam().send(new TagServerCertificateCommand({ ServerCertificateName: 'www', Tags: [{ Key: 'team', Value: 'web' }] }));
    await iam().send(new UntagServerCertificateCommand({ ServerCertificateName: 'www', TagKeys: ['env'] }));
    expect((await iam().send(new ListServerCertificateTagsCommand({ ServerCertificateName: 'www' }))).Tags).toEqual([{ Key: 'team', Value: 'web' }]);
    await iam().send(new UpdateServerCertificateCommand({ ServerCertificateName: 'www', NewServerCertificateName: 'www2', NewPath: '/elb/' }));
    expect(await errorOf(iam().send(new GetServerCertificateCommand({ ServerCertificateName: 'www' })))).toMatchObject({ name: 'NoSuchEntityException', status: 404 });
    expect((await iam().send(new GetServerCertificateCommand({ ServerCertificateName: 'www2' }))).ServerCertificate!.ServerCertificateMetadata).toMatchObject({ Path: '/elb/', Arn: `arn:aws:iam::${server.accountId}:server-certificate/elb/www2` });
    expect((await iam().send(new GetAccountSummaryCommand({}))).SummaryMap).toMatchObject({ ServerCertificates: 1, ServerCertificatesQuota: 20 });
    await iam().send(new DeleteServerCertificateCommand({ ServerCertificateName: 'www2' }));
    // Neither the private key nor any password reaches the trail.
    await server.sift.audit.flush();
    const trail = new CloudTrailClient(server.clientConfig());
    for (const name of ['UploadServerCertificate', 'ChangePassword', 'UpdateLoginProfile']) {
      const events = (await trail.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: name }] }))).Events ?? [];
      expect(events.length).toBeGreaterThan(0);
      for (const e of events) expect(e.CloudTrailEvent).not.toMatch(/PRIVATE KEY|password-\d!|Passw0rd/);
    }
    expect(await errorOf(iam().send(new DeleteServerCertificateCommand({ ServerCertificateName: 'www2' })))).toMatchObject({ name: 'NoSuchEntityException' });
  });
});

describe('account alias', () => {
  it('one per account, replaced by a new one, and not taken from another account', async () => {
    expect((await iam().send(new ListAccountAliasesCommand({}))).AccountAliases).toEqual([]);
    await iam().send(new CreateAccountAliasCommand({ AccountAlias: 'sift-test-main' }));
    await iam().send(new CreateAccountAliasCommand({ AccountAlias: 'sift-test-main2' }));
    expect((await iam().send(new ListAccountAliasesCommand({}))).AccountAliases).toEqual(['sift-test-main2']);
    expect(await errorOf(iam().send(new CreateAccountAliasCommand({ AccountAlias: 'Bad_Alias' })))).toMatchObject({ status: 400 });

    // A second account cannot take the alias.
    const member = (await createStandaloneAccount(server, 'alias-member')).creds;
    expect(await errorOf(iam(member).send(new CreateAccountAliasCommand({ AccountAlias: 'sift-test-main2' })))).toMatchObject({ name: 'EntityAlreadyExistsException', status: 409 });
    await iam(member).send(new CreateAccountAliasCommand({ AccountAlias: 'sift-test-member' }));
    expect((await iam(member).send(new ListAccountAliasesCommand({}))).AccountAliases).toEqual(['sift-test-member']);
    expect(await errorOf(iam(member).send(new DeleteAccountAliasCommand({ AccountAlias: 'sift-test-main2' })))).toMatchObject({ name: 'NoSuchEntityException' });
    await iam().send(new DeleteAccountAliasCommand({ AccountAlias: 'sift-test-main2' }));
    expect((await iam().send(new ListAccountAliasesCommand({}))).AccountAliases).toEqual([]);
  });
});

describe('credential report and account summary', () => {
  it('reports every user\'s password, MFA, keys with their last use, and certificates; expires after four hours', async () => {
    // Its own clock, four hours ahead later on: the clients sign with the server's time.
    const own = new ManualClock(Date.now());
    const fresh = await startServer({ clock: own });
    try {
      const c = (cr?: Credentials) => new IAMClient({ ...fresh.clientConfig(cr), systemClockOffset: own.nowMs() - Date.now() });
      expect(await errorOf(c().send(new GetCredentialReportCommand({})))).toMatchObject({ name: 'CredentialReportNotPresentException', status: 410 });
      await c().send(new CreateUserCommand({ UserName: 'rep-frank' }));
      await c().send(new CreateLoginProfileCommand({ UserName: 'rep-frank', Password: 'Frank-Pass-1' }));
      await c().send(new PutUserPolicyCommand({ UserName: 'rep-frank', PolicyName: 'p', PolicyDocument: doc({ Effect: 'Allow', Action: 'iam:GetUser', Resource: '*' }) }));
      const key = (await c().send(new CreateAccessKeyCommand({ UserName: 'rep-frank' }))).AccessKey!;
      await c({ accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! }).send(new GetUserCommand({}));
      await fresh.sift.keyUsage.flush();
      await c().send(new CreateUserCommand({ UserName: 'rep-gina' }));

      expect((await c().send(new GenerateCredentialReportCommand({})))).toMatchObject({ State: 'STARTED' });
      expect((await c().send(new GenerateCredentialReportCommand({}))).State).toBe('COMPLETE');
      const report = await c().send(new GetCredentialReportCommand({}));
      expect(report.ReportFormat).toBe('text/csv');
      const lines = Buffer.from(report.Content!).toString('utf8').split('\n');
      const header = lines[0]!.split(',');
      expect(header.slice(0, 8)).toEqual(['user', 'arn', 'user_creation_time', 'password_enabled', 'password_last_used', 'password_last_changed', 'password_next_rotation', 'mfa_active']);
      expect(header.at(-1)).toBe('cert_2_last_rotated');
      const rows = Object.fromEntries(lines.slice(1).map((l) => { const v = l.split(','); return [v[0], Object.fromEntries(header.map((h, i) => [h, v[i]]))]; }));
      expect(Object.keys(rows)).toEqual(['<root_account>', 'rep-frank', 'rep-gina']);
      expect(rows['<root_account>']).toMatchObject({ arn: `arn:aws:iam::${fresh.accountId}:root`, password_enabled: 'not_supported', access_key_1_active: 'true' });
      expect(rows['rep-frank']).toMatchObject({ password_enabled: 'true', password_last_used: 'no_information', password_next_rotation: 'N/A', mfa_active: 'false', access_key_1_active: 'true', access_key_1_last_used_service: 'iam', access_key_2_active: 'false', cert_1_active: 'false' });
      expect(rows['rep-frank']!.password_last_changed).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/);
      expect(rows['rep-gina']).toMatchObject({ password_enabled: 'false', password_last_used: 'N/A', access_key_1_active: 'false', access_key_1_last_rotated: 'N/A' });

      await c().send(new CreateInstanceProfileCommand({ InstanceProfileName: 'rep-profile' }));
      const summary = (await c().send(new GetAccountSummaryCommand({}))).SummaryMap!;
      expect(summary).toMatchObject({ InstanceProfiles: 1, InstanceProfilesQuota: 1000, Users: 2, UsersQuota: 5000, AccessKeysPerUserQuota: 2, SigningCertificatesPerUserQuota: 2, AccountAccessKeysPresent: 1, GroupsQuota: 300, PolicySizeQuota: 6144 });

      own.advance(4 * 3600_000 - 1000);
      expect((await c().send(new GetCredentialReportCommand({}))).GeneratedTime).toEqual(report.GeneratedTime);
      own.advance(1000);
      expect(await errorOf(c().send(new GetCredentialReportCommand({})))).toMatchObject({ name: 'CredentialReportExpiredException', status: 410 });
      expect((await c().send(new GenerateCredentialReportCommand({}))).State).toBe('STARTED');
      expect((await c().send(new GetCredentialReportCommand({}))).GeneratedTime!.getTime()).toBe(own.nowMs());
    } finally {
      await fresh.close();
    }
  });

  it.skipIf(!awsCliAvailable)('aws CLI: create-login-profile, get-login-profile, generate and read the credential report', async () => {
    const env = server.cliEnv();
    await aws(env, ['iam', 'create-user', '--user-name', 'cli-hank']);
    const made = await aws(env, ['iam', 'create-login-profile', '--user-name', 'cli-hank', '--password', 'Hank-Pass-123', '--password-reset-required']);
    expect(made.stderr).toBe('');
    expect(made.code).toBe(0);
    expect(made.json.LoginProfile).toMatchObject({ UserName: 'cli-hank', PasswordResetRequired: true });
    expect((await aws(env, ['iam', 'get-login-profile', '--user-name', 'cli-hank'])).json.LoginProfile.UserName).toBe('cli-hank');
    const weak = await aws(env, ['iam', 'update-login-profile', '--user-name', 'cli-hank', '--password', 'weak']);
    expect(weak.code).not.toBe(0);
    expect(weak.stderr).toContain('PasswordPolicyViolation');
    expect((await aws(env, ['iam', 'generate-credential-report'])).json.State).toBe('STARTED');
    const got = await aws(env, ['iam', 'get-credential-report', '--query', 'Content', '--output', 'text']);
    expect(got.code).toBe(0);
    const csv = Buffer.from(got.stdout.trim(), 'base64').toString('utf8');
    const hank = csv.split('\n').find((l) => l.startsWith('cli-hank,'))!;
    expect(hank.split(',')[3]).toBe('true');
  }, 120_000);
});
