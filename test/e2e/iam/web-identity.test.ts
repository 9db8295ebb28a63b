// OIDC federation end to end: IAM OpenID Connect providers, then STS AssumeRoleWithWebIdentity (unsigned, as in AWS)
// with ID tokens from a real HTTPS issuer in this process, through the SDK's command, its fromTokenFile provider and
// the aws CLI's AWS_WEB_IDENTITY_TOKEN_FILE. The issuer's certificate is trusted through SIFT_OIDC_CA_BUNDLE, or, on a
// server without it, through the provider's thumbprint.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AddClientIDToOpenIDConnectProviderCommand,
  CreateOpenIDConnectProviderCommand,
  CreateRoleCommand,
  DeleteOpenIDConnectProviderCommand,
  GetOpenIDConnectProviderCommand,
  IAMClient,
  ListOpenIDConnectProvidersCommand,
  ListOpenIDConnectProviderTagsCommand,
  ListRolesCommand,
  PutRolePolicyCommand,
  RemoveClientIDFromOpenIDConnectProviderCommand,
  TagOpenIDConnectProviderCommand,
  UntagOpenIDConnectProviderCommand,
  UpdateOpenIDConnectProviderThumbprintCommand,
} from '@aws-sdk/client-iam';
import { AssumeRoleWithWebIdentityCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { fromTokenFile } from '@aws-sdk/credential-provider-web-identity';
import { ManualClock } from '../../../src/common/index.js';
import { startServer, type Credentials, type TestServer } from '../harness.js';
import { aws, awsCliAvailable } from '../aws-cli.js';
import { startIssuer, type TestIssuer } from './oidc-issuer.js';

let server: TestServer;
let issuer: TestIssuer;
let dir: string;
const clock = new ManualClock(Date.now());
beforeAll(async () => {
  issuer = await startIssuer();
  dir = mkdtempSync(join(tmpdir(), 'sift-oidc-'));
  writeFileSync(join(dir, 'ca.pem'), issuer.certPem);
  server = await startServer({ clock, env: { SIFT_OUTBOUND_ALLOW: '127.0.0.1', SIFT_OIDC_CA_BUNDLE: join(dir, 'ca.pem') } });
});
afterAll(async () => {
  await server?.close();
  await issuer?.close();
  rmSync(dir, { recursive: true, force: true });
});

const iam = (s = server) => new IAMClient(s.clientConfig());
/** An STS client with no credentials at all: AssumeRoleWithWebIdentity is unsigned. */
const anonymousSts = (s = server) => new STSClient({ endpoint: s.endpoint, region: s.region, maxAttempts: 1, credentials: async () => ({ accessKeyId: 'NONE', secretAccessKey: 'NONE' }) });
const failure = (p: Promise<unknown>) => p.then(() => ({ name: 'none', message: '', status: 0 }), (e: Error & { $metadata?: { httpStatusCode?: number } }) => ({ name: e.name, message: e.message, status: e.$metadata?.httpStatusCode ?? 0 }));
const now = () => Math.floor(clock.nowMs() / 1000);
const token = (claims: Record<string, unknown> = {}, opts: { foreignKey?: boolean } = {}) =>
  issuer.sign({ iss: issuer.url, aud: 'sts.amazonaws.com', sub: 'repo:acme/app:ref:refs/heads/main', iat: now(), exp: now() + 600, ...claims }, opts);

async function setupRole(s: TestServer, providerArn: string, name = 'ci-deployer') {
  const trust = {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Federated: providerArn },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: { StringEquals: { [`${issuer.name}:aud`]: 'sts.amazonaws.com' }, StringLike: { [`${issuer.name}:sub`]: 'repo:acme/*' } },
      },
    ],
  };
  const role = (await iam(s).send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: JSON.stringify(trust), MaxSessionDuration: 7200 }))).Role!;
  await iam(s).send(new PutRolePolicyCommand({ RoleName: name, PolicyName: 'list', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:ListRoles', Resource: '*' }] }) }));
  return role.Arn!;
}

describe('IAM OpenID Connect providers', () => {
  it('create, get, list, client ids, thumbprints and tags, with IAM errors', async () => {
    const url = 'https://token.example.com/tenant';
    const arn = (await iam().send(new CreateOpenIDConnectProviderCommand({ Url: url, ClientIDList: ['a'], Tags: [{ Key: 'team', Value: 'ci' }] }))).OpenIDConnectProviderArn!;
    expect(arn).toBe(`arn:aws:iam::${server.accountId}:oidc-provider/token.example.com/tenant`);
    expect((await failure(iam().send(new CreateOpenIDConnectProviderCommand({ Url: url })))).name).toBe('EntityAlreadyExistsException');
    expect((await failure(iam().send(new CreateOpenIDConnectProviderCommand({ Url: 'http://plain.example.com' })))).name).toBe('InvalidInputException');
    expect((await failure(iam().send(new CreateOpenIDConnectProviderCommand({ Url: 'https://q.example.com/?x=1' })))).name).toBe('InvalidInputException');
    expect((await failure(iam().send(new CreateOpenIDConnectProviderCommand({ Url: 'https://t.example.com', ThumbprintList: ['abc'] })))).name).toBe('ValidationError');

    await iam().send(new AddClientIDToOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, ClientID: 'b' }));
    await iam().send(new AddClientIDToOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, ClientID: 'b' }));
    await iam().send(new RemoveClientIDFromOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, ClientID: 'a' }));
    await iam().send(new UpdateOpenIDConnectProviderThumbprintCommand({ OpenIDConnectProviderArn: arn, ThumbprintList: ['A'.repeat(40)] }));
    await iam().send(new TagOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, Tags: [{ Key: 'env', Value: 'prod' }] }));
    await iam().send(new UntagOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, TagKeys: ['team'] }));
    const got = await iam().send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn }));
    expect(got).toMatchObject({ Url: 'token.example.com/tenant', ClientIDList: ['b'], ThumbprintList: ['a'.repeat(40)], Tags: [{ Key: 'env', Value: 'prod' }] });
    expect((await iam().send(new ListOpenIDConnectProviderTagsCommand({ OpenIDConnectProviderArn: arn }))).Tags).toEqual([{ Key: 'env', Value: 'prod' }]);
    expect((await iam().send(new ListOpenIDConnectProvidersCommand({}))).OpenIDConnectProviderList).toContainEqual({ Arn: arn });

    await iam().send(new DeleteOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn }));
    const gone = await failure(iam().send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn })));
    expect(gone.name).toBe('NoSuchEntityException');
    expect(gone.message).toBe(`OpenIDConnect Provider not found for arn ${arn}`);
  });

  it('keeps every client id and tag when they are changed concurrently', async () => {
    const arn = (await iam().send(new CreateOpenIDConnectProviderCommand({ Url: 'https://concurrent.example.com', ClientIDList: ['first'] }))).OpenIDConnectProviderArn!;
    const ids = Array.from({ length: 10 }, (_, i) => `client-${i}`);
    await Promise.all([
      ...ids.map((ClientID) => iam().send(new AddClientIDToOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, ClientID }))),
      ...ids.map((Key) => iam().send(new TagOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, Tags: [{ Key, Value: 'v' }] }))),
      iam().send(new RemoveClientIDFromOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, ClientID: 'first' })),
    ]);
    const got = await iam().send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn }));
    expect([...got.ClientIDList!].sort()).toEqual([...ids].sort());
    expect(got.Tags!.map((t) => t.Key).sort()).toEqual([...ids].sort());
    await iam().send(new DeleteOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn }));
  });
});

describe('STS AssumeRoleWithWebIdentity', () => {
  let roleArn: string;
  let providerArn: string;
  beforeAll(async () => {
    providerArn = (await iam().send(new CreateOpenIDConnectProviderCommand({ Url: issuer.url, ClientIDList: ['sts.amazonaws.com'] }))).OpenIDConnectProviderArn!;
    roleArn = await setupRole(server, providerArn);
  });

  it('an unsigned call with a valid ID token returns credentials that work as the role', async () => {
    const out = await anonymousSts().send(new AssumeRoleWithWebIdentityCommand({ RoleArn: roleArn, RoleSessionName: 'build-1', WebIdentityToken: await token(), DurationSeconds: 7200 }));
    expect(out.SubjectFromWebIdentityToken).toBe('repo:acme/app:ref:refs/heads/main');
    expect(out.Audience).toBe('sts.amazonaws.com');
    expect(out.Provider).toBe(issuer.url);
    expect(out.AssumedRoleUser?.Arn).toBe(`arn:aws:sts::${server.accountId}:assumed-role/ci-deployer/build-1`);
    expect(out.Credentials!.Expiration!.getTime()).toBe(clock.nowMs() + 7200_000);
    const creds: Credentials = { accessKeyId: out.Credentials!.AccessKeyId!, secretAccessKey: out.Credentials!.SecretAccessKey!, sessionToken: out.Credentials!.SessionToken! };
    const who = await new STSClient(server.clientConfig(creds)).send(new GetCallerIdentityCommand({}));
    expect(who.Arn).toBe(out.AssumedRoleUser?.Arn);
    expect((await new IAMClient(server.clientConfig(creds)).send(new ListRolesCommand({}))).Roles?.map((r) => r.RoleName)).toContain('ci-deployer');
    // The role's policy bounds the session: it allows nothing else.
    expect((await failure(new IAMClient(server.clientConfig(creds)).send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: providerArn })))).name).toBe('AccessDenied');
  });

  it('refuses bad tokens with AWS errors', async () => {
    const call = async (t: string, extra: { DurationSeconds?: number; RoleArn?: string } = {}) =>
      failure(anonymousSts().send(new AssumeRoleWithWebIdentityCommand({ RoleArn: roleArn, RoleSessionName: 'ss', WebIdentityToken: t, ...extra })));
    expect(await call('not-a-jwt-at-all')).toMatchObject({ name: 'InvalidIdentityTokenException', status: 400 });
    expect(await call(await token({ aud: 'someone-else' }))).toMatchObject({ name: 'InvalidIdentityTokenException', message: 'Incorrect token audience' });
    expect(await call(await token({}, { foreignKey: true }))).toMatchObject({ name: 'InvalidIdentityTokenException' });
    expect(await call(await token({ iss: 'https://unknown.example.com' }))).toMatchObject({ name: 'InvalidIdentityTokenException', message: 'No OpenIDConnect provider found in your account for https://unknown.example.com' });
    expect(await call(await token({ exp: now() - 1 }))).toMatchObject({ name: 'ExpiredTokenException', status: 400 });
    expect(await call(await token({ nbf: now() + 3600 }))).toMatchObject({ name: 'InvalidIdentityTokenException' });
    expect(await call(await token({ sub: 'repo:evil/app' }))).toMatchObject({ name: 'AccessDenied', message: 'Not authorized to perform sts:AssumeRoleWithWebIdentity', status: 403 });
    expect(await call(await token(), { RoleArn: `arn:aws:iam::${server.accountId}:role/missing` })).toMatchObject({ name: 'AccessDenied', status: 403 });
    expect(await call(await token(), { DurationSeconds: 7201 })).toMatchObject({ name: 'ValidationError' });
    // A token the clock has passed: the same token was fine ten minutes earlier.
    const t = await token();
    clock.advance(601_000);
    try {
      expect(await call(t)).toMatchObject({ name: 'ExpiredTokenException' });
    } finally {
      clock.advance(-601_000);
    }
  });

  it('an unreachable issuer is IDPCommunicationError', async () => {
    const url = 'https://127.0.0.1:1';
    await iam().send(new CreateOpenIDConnectProviderCommand({ Url: url, ClientIDList: ['sts.amazonaws.com'] }));
    const t = await issuer.sign({ iss: url, aud: 'sts.amazonaws.com', sub: 'x', exp: now() + 600 });
    const e = await failure(anonymousSts().send(new AssumeRoleWithWebIdentityCommand({ RoleArn: roleArn, RoleSessionName: 'ss', WebIdentityToken: t })));
    expect(e.name).toBe('IDPCommunicationErrorException');
  });

  it('the SDK fromTokenFile provider gets working credentials', async () => {
    const file = join(dir, 'token');
    writeFileSync(file, await token());
    const credentials = fromTokenFile({ webIdentityTokenFile: file, roleArn, roleSessionName: 'sdk', clientConfig: { endpoint: server.endpoint, region: server.region } as never });
    const who = await new STSClient({ endpoint: server.endpoint, region: server.region, credentials, maxAttempts: 1 }).send(new GetCallerIdentityCommand({}));
    expect(who.Arn).toBe(`arn:aws:sts::${server.accountId}:assumed-role/ci-deployer/sdk`);
  });

  it.skipIf(!awsCliAvailable)('the aws CLI with AWS_WEB_IDENTITY_TOKEN_FILE and AWS_ROLE_ARN', async () => {
    const file = join(dir, 'cli-token');
    writeFileSync(file, await token());
    const env: NodeJS.ProcessEnv = { ...server.cliEnv(), AWS_WEB_IDENTITY_TOKEN_FILE: file, AWS_ROLE_ARN: roleArn, AWS_ROLE_SESSION_NAME: 'cli' };
    delete env.AWS_ACCESS_KEY_ID;
    delete env.AWS_SECRET_ACCESS_KEY;
    const r = await aws(env, ['sts', 'get-caller-identity']);
    expect(r.stderr).toBe('');
    expect(r.json.Arn).toBe(`arn:aws:sts::${server.accountId}:assumed-role/ci-deployer/cli`);
  });

  it('CloudTrail records the call as a WebIdentityUser, and the session with its federated provider', async () => {
    const ct = new CloudTrailClient(server.clientConfig());
    const events = (await ct.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'AssumeRoleWithWebIdentity' }] }))).Events ?? [];
    const ok = events.map((e) => JSON.parse(e.CloudTrailEvent!)).find((r) => !r.errorCode && r.requestParameters?.roleSessionName === 'build-1');
    expect(ok.userIdentity).toEqual({
      type: 'WebIdentityUser',
      principalId: `${issuer.name}:sts.amazonaws.com:repo:acme/app:ref:refs/heads/main`,
      userName: 'repo:acme/app:ref:refs/heads/main',
      identityProvider: issuer.name,
    });
    expect(ok.requestParameters.webIdentityToken).toBe('HIDDEN_DUE_TO_SECURITY_REASONS');
    expect(ok.responseElements.credentials.accessKeyId).toMatch(/^ASIA/);
    const listed = (await ct.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'ListRoles' }] }))).Events ?? [];
    const session = listed.map((e) => JSON.parse(e.CloudTrailEvent!)).find((r) => r.userIdentity.type === 'AssumedRole');
    expect(session.userIdentity.sessionContext.webIdFederationData).toEqual({ federatedProvider: providerArn, attributes: {} });
  });
});

describe('an issuer outside the trusted CAs is trusted by its thumbprint', () => {
  let bare: TestServer;
  beforeAll(async () => {
    bare = await startServer({ clock, env: { SIFT_OUTBOUND_ALLOW: '127.0.0.1' } });
  });
  afterAll(async () => {
    await bare?.close();
  });

  it('InvalidIdentityToken until the thumbprint names the certificate', async () => {
    const providerArn = (await iam(bare).send(new CreateOpenIDConnectProviderCommand({ Url: issuer.url, ClientIDList: ['sts.amazonaws.com'], ThumbprintList: ['0'.repeat(40)] }))).OpenIDConnectProviderArn!;
    const roleArn = await setupRole(bare, providerArn);
    const call = async () => failure(anonymousSts(bare).send(new AssumeRoleWithWebIdentityCommand({ RoleArn: roleArn, RoleSessionName: 'ss', WebIdentityToken: await token() })));
    expect(await call()).toMatchObject({ name: 'InvalidIdentityTokenException', message: "OpenIDConnect provider's HTTPS certificate doesn't match configured thumbprint" });
    await iam(bare).send(new UpdateOpenIDConnectProviderThumbprintCommand({ OpenIDConnectProviderArn: providerArn, ThumbprintList: [issuer.thumbprint] }));
    expect(await call()).toMatchObject({ name: 'none' });
  });
});
