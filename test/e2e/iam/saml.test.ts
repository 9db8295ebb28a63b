// SAML federation end to end: IAM SAML providers, then STS AssumeRoleWithSAML (unsigned, as in AWS) with responses
// signed by a test IdP (tests/e2e/iam/saml-idp.ts), through the SDK with no credentials; refusals, signature wrapping
// and the CloudTrail record of the SAMLUser.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CreateRoleCommand,
  CreateSAMLProviderCommand,
  DeleteSAMLProviderCommand,
  GetSAMLProviderCommand,
  IAMClient,
  ListRolesCommand,
  ListSAMLProvidersCommand,
  ListSAMLProviderTagsCommand,
  ListUsersCommand,
  PutRolePolicyCommand,
  TagSAMLProviderCommand,
  UntagSAMLProviderCommand,
  UpdateSAMLProviderCommand,
} from '@aws-sdk/client-iam';
import { AssumeRoleWithSAMLCommand, STSClient } from '@aws-sdk/client-sts';
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { ManualClock } from '../../../src/common/index.js';
import { startServer, type TestServer } from '../harness.js';
import { aws, awsCliAvailable } from '../aws-cli.js';
import { startSamlIdp, type SamlClaims, type SamlIdp } from './saml-idp.js';

let server: TestServer;
let idp: SamlIdp;
const clock = new ManualClock(Date.now());
beforeAll(async () => {
  idp = await startSamlIdp();
  server = await startServer({ clock });
});
afterAll(async () => {
  await server?.close();
});

const iam = () => new IAMClient(server.clientConfig());
const anonymousSts = () => new STSClient({ endpoint: server.endpoint, region: server.region, maxAttempts: 1, credentials: async () => ({ accessKeyId: 'NONE', secretAccessKey: 'NONE' }) });
const failure = (p: Promise<unknown>) => p.then(() => ({ name: 'none', message: '', status: 0 }), (e: Error & { $metadata?: { httpStatusCode?: number } }) => ({ name: e.name, message: e.message, status: e.$metadata?.httpStatusCode ?? 0 }));

describe('IAM SAML providers', () => {
  it('create, get, list, update, tags and delete, with IAM errors', async () => {
    const created = await iam().send(new CreateSAMLProviderCommand({ Name: 'corp-idp', SAMLMetadataDocument: idp.metadata, Tags: [{ Key: 'team', Value: 'it' }] }));
    const arn = created.SAMLProviderArn!;
    expect(arn).toBe(`arn:aws:iam::${server.accountId}:saml-provider/corp-idp`);
    expect(created.Tags).toEqual([{ Key: 'team', Value: 'it' }]);
    expect((await failure(iam().send(new CreateSAMLProviderCommand({ Name: 'corp-idp', SAMLMetadataDocument: idp.metadata })))).name).toBe('EntityAlreadyExistsException');
    const junk = `<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="x">${' '.repeat(1000)}</md:EntityDescriptor>`;
    expect(await failure(iam().send(new CreateSAMLProviderCommand({ Name: 'bad', SAMLMetadataDocument: junk })))).toMatchObject({ name: 'InvalidInputException', status: 400 });
    const doctype = `<!DOCTYPE x [<!ENTITY a "aaaa">]>${idp.metadata}`;
    expect((await failure(iam().send(new CreateSAMLProviderCommand({ Name: 'bad', SAMLMetadataDocument: doctype })))).name).toBe('InvalidInputException');
    // Model limits: the name pattern, and a metadata document of at least 1000 characters.
    expect((await failure(iam().send(new CreateSAMLProviderCommand({ Name: 'bad name!', SAMLMetadataDocument: idp.metadata })))).status).toBe(400);
    expect((await failure(iam().send(new CreateSAMLProviderCommand({ Name: 'short', SAMLMetadataDocument: '<x/>' })))).status).toBe(400);

    const got = await iam().send(new GetSAMLProviderCommand({ SAMLProviderArn: arn }));
    expect(got.SAMLMetadataDocument).toBe(idp.metadata);
    expect(got.CreateDate).toBeInstanceOf(Date);
    expect((await iam().send(new ListSAMLProvidersCommand({}))).SAMLProviderList!.map((p) => p.Arn)).toContain(arn);
    expect((await iam().send(new UpdateSAMLProviderCommand({ SAMLProviderArn: arn, SAMLMetadataDocument: idp.metadata }))).SAMLProviderArn).toBe(arn);
    expect((await failure(iam().send(new UpdateSAMLProviderCommand({ SAMLProviderArn: arn, SAMLMetadataDocument: junk })))).name).toBe('InvalidInputException');
    await iam().send(new TagSAMLProviderCommand({ SAMLProviderArn: arn, Tags: [{ Key: 'env', Value: 'prod' }] }));
    await iam().send(new UntagSAMLProviderCommand({ SAMLProviderArn: arn, TagKeys: ['team'] }));
    expect((await iam().send(new ListSAMLProviderTagsCommand({ SAMLProviderArn: arn }))).Tags).toEqual([{ Key: 'env', Value: 'prod' }]);
    // Encryption of assertions is not built: refused, never accepted and ignored.
    expect((await failure(iam().send(new UpdateSAMLProviderCommand({ SAMLProviderArn: arn, AssertionEncryptionMode: 'Required' })))).status).toBe(501);

    const missing = `arn:aws:iam::${server.accountId}:saml-provider/none`;
    expect(await failure(iam().send(new GetSAMLProviderCommand({ SAMLProviderArn: missing })))).toMatchObject({ name: 'NoSuchEntityException', status: 404 });
    await iam().send(new DeleteSAMLProviderCommand({ SAMLProviderArn: arn }));
    expect((await failure(iam().send(new DeleteSAMLProviderCommand({ SAMLProviderArn: arn })))).name).toBe('NoSuchEntityException');
  });
});

describe('STS AssumeRoleWithSAML', () => {
  let providerArn: string;
  let roleArn: string;
  const claims = (over: Partial<SamlClaims> = {}): SamlClaims => ({ now: clock.now(), roles: [`${roleArn},${providerArn}`], sessionName: 'alice', ...over });
  const assume = (assertion: string, over: { RoleArn?: string; DurationSeconds?: number } = {}) =>
    anonymousSts().send(new AssumeRoleWithSAMLCommand({ RoleArn: roleArn, PrincipalArn: providerArn, SAMLAssertion: assertion, ...over }));

  beforeAll(async () => {
    providerArn = (await iam().send(new CreateSAMLProviderCommand({ Name: 'okta', SAMLMetadataDocument: idp.metadata }))).SAMLProviderArn!;
    const trust = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Federated: providerArn }, Action: 'sts:AssumeRoleWithSAML', Condition: { StringEquals: { 'SAML:aud': 'https://signin.aws.amazon.com/saml' }, StringLike: { 'SAML:sub': '*@example.com' } } }],
    };
    roleArn = (await iam().send(new CreateRoleCommand({ RoleName: 'saml-admin', AssumeRolePolicyDocument: JSON.stringify(trust), MaxSessionDuration: 7200 }))).Role!.Arn!;
    await iam().send(new PutRolePolicyCommand({ RoleName: 'saml-admin', PolicyName: 'list', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:ListRoles', Resource: '*' }] }) }));
  });

  it('an assertion-signed or response-signed response gives credentials bound by the role', async () => {
    for (const sign of ['assertion', 'response'] as const) {
      const out = await assume(idp.respond(claims(), { sign }));
      expect(out.AssumedRoleUser!.Arn).toBe(`arn:aws:sts::${server.accountId}:assumed-role/saml-admin/alice`);
      expect(out).toMatchObject({ Subject: 'alice@example.com', SubjectType: 'persistent', Issuer: idp.entityId, Audience: 'https://signin.aws.amazon.com/saml' });
      expect(out.NameQualifier).toMatch(/^[A-Za-z0-9+/]{27}=$/);
      expect(out.Credentials!.Expiration!.getTime() - clock.nowMs()).toBeGreaterThan(3590_000);
      const session = new IAMClient({ ...server.clientConfig(), credentials: { accessKeyId: out.Credentials!.AccessKeyId!, secretAccessKey: out.Credentials!.SecretAccessKey!, sessionToken: out.Credentials!.SessionToken! } });
      expect((await session.send(new ListRolesCommand({}))).Roles!.length).toBeGreaterThan(0);
      expect((await failure(session.send(new ListUsersCommand({})))).name).toBe('AccessDenied');
    }
  });

  it('the session ends at SessionNotOnOrAfter when that is sooner, and DurationSeconds is bounded by the role', async () => {
    const out = await assume(idp.respond(claims({ sessionNotOnOrAfter: new Date(clock.nowMs() + 1200_000) })));
    expect(Math.round((out.Credentials!.Expiration!.getTime() - clock.nowMs()) / 1000)).toBeLessThanOrEqual(1200);
    expect((await failure(assume(idp.respond(claims()), { DurationSeconds: 7201 }))).name).toBe('ValidationError');
  });

  it("refuses with AWS's errors", async () => {
    const cases: [string, () => Promise<unknown>][] = [
      ['InvalidIdentityTokenException', () => assume(idp.respond(claims(), { foreignKey: true }))],
      ['InvalidIdentityTokenException', () => assume(Buffer.from('<not-xml').toString('base64'))],
      ['InvalidIdentityTokenException', () => assume(idp.respond(claims({ audience: 'https://example.com/app', recipient: 'https://example.com/app' })))],
      ['InvalidIdentityTokenException', () => assume(idp.respond(claims({ issuer: 'https://evil.example.com' })))],
      ['InvalidIdentityTokenException', () => assume(idp.respond(claims({ sessionName: undefined })))],
      ['ExpiredTokenException', () => assume(idp.respond(claims({ now: new Date(clock.nowMs() - 600_000) })))],
      ['AccessDenied', () => assume(idp.respond(claims({ roles: [`arn:aws:iam::${server.accountId}:role/other,${providerArn}`] })))],
      ['AccessDenied', () => assume(idp.respond(claims({ subject: 'mallory@evil.com' })))],
    ];
    // Session tags in the assertion are not built: refused rather than dropped.
    expect((await failure(assume(idp.respond(claims({ extra: { 'https://aws.amazon.com/SAML/Attributes/PrincipalTag:team': ['ops'] } }))))).status).toBe(501);
    for (const [name, call] of cases) expect((await failure(call())).name, name).toBe(name);
    const other = `arn:aws:iam::${server.accountId}:saml-provider/nope`;
    expect((await failure(anonymousSts().send(new AssumeRoleWithSAMLCommand({ RoleArn: roleArn, PrincipalArn: other, SAMLAssertion: idp.respond(claims()) })))).name).toBe('InvalidIdentityTokenException');
  });

  it('refuses a signature-wrapped response: an unsigned assertion beside or around the signed one', async () => {
    const signed = idp.responseXml(claims());
    // A signed assertion edited after signing.
    const evil = signed.replace('alice@example.com', 'root@example.com');
    expect((await failure(assume(Buffer.from(evil).toString('base64')))).name).toBe('InvalidIdentityTokenException');
    // The signed assertion moved into an Extensions element and an attacker's assertion put in its place.
    const original = /<saml:Assertion [\s\S]*<\/saml:Assertion>/.exec(signed)![0];
    const forged = original.replace(/<ds:Signature[\s\S]*<\/ds:Signature>/, '').replace(/ID="[^"]+"/, 'ID="_evil"').replace('alice', 'mallory');
    const wrapped = signed.replace(original, `<samlp:Extensions>${original}</samlp:Extensions>${forged}`);
    expect((await failure(assume(Buffer.from(wrapped).toString('base64')))).name).toBe('InvalidIdentityTokenException');
    const beside = signed.replace(original, `${original}${forged}`);
    expect((await failure(assume(Buffer.from(beside).toString('base64')))).name).toBe('InvalidIdentityTokenException');
  });

  it.skipIf(!awsCliAvailable)('the aws CLI assumes the role with --no-sign-request', async () => {
    const env: NodeJS.ProcessEnv = { ...server.cliEnv() };
    delete env.AWS_ACCESS_KEY_ID;
    delete env.AWS_SECRET_ACCESS_KEY;
    const r = await aws(env, ['sts', 'assume-role-with-saml', '--no-sign-request', '--role-arn', roleArn, '--principal-arn', providerArn, '--saml-assertion', idp.respond(claims({ sessionName: 'cli' }))]);
    expect(r.stderr).toBe('');
    expect(r.json.AssumedRoleUser.Arn).toBe(`arn:aws:sts::${server.accountId}:assumed-role/saml-admin/cli`);
    expect(r.json.SubjectType).toBe('persistent');
  });

  it('a role trusting another SAML provider refuses the response', async () => {
    const other = (await iam().send(new CreateSAMLProviderCommand({ Name: 'other-idp', SAMLMetadataDocument: idp.metadata }))).SAMLProviderArn!;
    const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Federated: other }, Action: 'sts:AssumeRoleWithSAML' }] };
    const arn = (await iam().send(new CreateRoleCommand({ RoleName: 'other-saml', AssumeRolePolicyDocument: JSON.stringify(trust) }))).Role!.Arn!;
    expect((await failure(assume(idp.respond(claims({ roles: [`${providerArn},${arn}`] })), { RoleArn: arn }))).name).toBe('AccessDenied');
    // The same response through the provider the role trusts (either order of the Role pair) is accepted.
    const ok = await anonymousSts().send(new AssumeRoleWithSAMLCommand({ RoleArn: arn, PrincipalArn: other, SAMLAssertion: idp.respond(claims({ roles: [`${other},${arn}`] })) }));
    expect(ok.AssumedRoleUser!.Arn).toContain('/other-saml/alice');
  });

  it('CloudTrail records the call as a SAMLUser and hides the assertion', async () => {
    const out = await assume(idp.respond(claims({ sessionName: 'trail' })));
    const ct = new CloudTrailClient(server.clientConfig());
    const events = (await ct.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'AssumeRoleWithSAML' }] }))).Events ?? [];
    const ok = events.map((e) => JSON.parse(e.CloudTrailEvent!)).find((r) => !r.errorCode && r.responseElements?.assumedRoleUser?.arn?.endsWith('/trail'));
    expect(ok.userIdentity).toEqual({ type: 'SAMLUser', principalId: `${out.NameQualifier}:alice@example.com`, userName: 'alice@example.com', identityProvider: out.NameQualifier });
    expect(JSON.stringify(ok)).not.toContain(idp.respond(claims({ sessionName: 'trail' })).slice(0, 40));
    const refused = events.map((e) => JSON.parse(e.CloudTrailEvent!)).find((r) => r.errorCode);
    expect(refused.userIdentity.type).toBe('SAMLUser');
  });
});
