// Issue 18: two Sift processes sharing one database (scale-out). A credential cached by one process must not outlive
// an IAM change made through the other: the change takes effect on the very next call, whatever the time. The
// server clock stands still (ManualClock), so no cache can be expiring on its own in between.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  CreateUserCommand,
  DeleteUserPolicyCommand,
  DetachUserPolicyCommand,
  IAMClient,
  PutUserPolicyCommand,
  UpdateAccessKeyCommand,
} from '@aws-sdk/client-iam';
import { EnableMacieCommand, GetMacieSessionCommand, Macie2Client } from '@aws-sdk/client-macie2';
import { ManualClock, loadConfig, silentLogger } from '../../../src/common/index.js';
import { createSift, type Sift } from '../../../src/gateway/index.js';
import { createTestDatabase } from '../../../src/store/test-databases.js';
import { refused, type Credentials } from '../harness.js';

const clock = new ManualClock(Date.now());
const dataDir = mkdtempSync(join(tmpdir(), 'sift-shared-db-'));
let database: { url: string; drop(): Promise<void> } | undefined;
let first: Sift;
let second: Sift;
let firstEndpoint: string;
let secondEndpoint: string;
let root: Credentials;

beforeAll(async () => {
  database = process.env.SIFT_TEST_DATABASE_URL ? await createTestDatabase('sift_shared') : undefined;
  const config = loadConfig({ host: '127.0.0.1', port: 0, dataDir, databaseUrl: database?.url, logLevel: 'silent' }, {});
  first = await createSift({ config, clock, logger: silentLogger });
  firstEndpoint = await first.listen();
  // The second process: same data directory (master key, SQLite file) or the same PostgreSQL database.
  second = await createSift({ config, clock, logger: silentLogger });
  secondEndpoint = await second.listen();
  root = { accessKeyId: first.root.accessKeyId, secretAccessKey: first.root.secretAccessKey };
  await new Macie2Client(configFor(firstEndpoint, root)).send(new EnableMacieCommand({}));
});
afterAll(async () => {
  await second?.close();
  await first?.close();
  await database?.drop();
  rmSync(dataDir, { recursive: true, force: true });
});

const configFor = (endpoint: string, credentials: Credentials) => ({ endpoint, region: 'us-east-1', credentials, maxAttempts: 1 });
const iam = () => new IAMClient(configFor(firstEndpoint, root));
const macieOnSecond = (c: Credentials) => new Macie2Client(configFor(secondEndpoint, c));
const allowSession = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'macie2:GetMacieSession', Resource: '*' }] });
const denySession = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'macie2:GetMacieSession', Resource: '*' }] });

async function user(name: string): Promise<Credentials> {
  await iam().send(new CreateUserCommand({ UserName: name }));
  const key = (await iam().send(new CreateAccessKeyCommand({ UserName: name }))).AccessKey!;
  return { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! };
}

describe('an IAM change made through one process takes effect on the next call through another', () => {
  it('an inline policy put, then deleted, then put again', async () => {
    const creds = await user('shared-inline');
    expect(await refused(macieOnSecond(creds).send(new GetMacieSessionCommand({})))).toMatchObject({ name: 'AccessDeniedException', status: 403 });
    await iam().send(new PutUserPolicyCommand({ UserName: 'shared-inline', PolicyName: 'p', PolicyDocument: allowSession }));
    expect((await macieOnSecond(creds).send(new GetMacieSessionCommand({}))).status).toBe('ENABLED');
    expect((await macieOnSecond(creds).send(new GetMacieSessionCommand({}))).status).toBe('ENABLED'); // now cached there
    await iam().send(new DeleteUserPolicyCommand({ UserName: 'shared-inline', PolicyName: 'p' }));
    expect(await refused(macieOnSecond(creds).send(new GetMacieSessionCommand({})))).toMatchObject({ name: 'AccessDeniedException', status: 403 });
    await iam().send(new PutUserPolicyCommand({ UserName: 'shared-inline', PolicyName: 'p', PolicyDocument: allowSession }));
    expect((await macieOnSecond(creds).send(new GetMacieSessionCommand({}))).status).toBe('ENABLED');
  });

  it('a managed policy attached, given a denying default version, then detached', async () => {
    const creds = await user('shared-managed');
    const arn = (await iam().send(new CreatePolicyCommand({ PolicyName: 'shared-session', PolicyDocument: allowSession }))).Policy!.Arn!;
    await iam().send(new AttachUserPolicyCommand({ UserName: 'shared-managed', PolicyArn: arn }));
    expect((await macieOnSecond(creds).send(new GetMacieSessionCommand({}))).status).toBe('ENABLED');
    await iam().send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: denySession, SetAsDefault: true }));
    expect(await refused(macieOnSecond(creds).send(new GetMacieSessionCommand({})))).toMatchObject({ name: 'AccessDeniedException', status: 403 });
    await iam().send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: allowSession, SetAsDefault: true }));
    expect((await macieOnSecond(creds).send(new GetMacieSessionCommand({}))).status).toBe('ENABLED');
    await iam().send(new DetachUserPolicyCommand({ UserName: 'shared-managed', PolicyArn: arn }));
    expect(await refused(macieOnSecond(creds).send(new GetMacieSessionCommand({})))).toMatchObject({ name: 'AccessDeniedException', status: 403 });
  });

  it('an access key made inactive stops authenticating there at once', async () => {
    const creds = await user('shared-key');
    await iam().send(new PutUserPolicyCommand({ UserName: 'shared-key', PolicyName: 'p', PolicyDocument: allowSession }));
    expect((await macieOnSecond(creds).send(new GetMacieSessionCommand({}))).status).toBe('ENABLED');
    await iam().send(new UpdateAccessKeyCommand({ UserName: 'shared-key', AccessKeyId: creds.accessKeyId, Status: 'Inactive' }));
    expect((await refused(macieOnSecond(creds).send(new GetMacieSessionCommand({})))).status).toBe(403);
    await iam().send(new UpdateAccessKeyCommand({ UserName: 'shared-key', AccessKeyId: creds.accessKeyId, Status: 'Active' }));
    expect((await macieOnSecond(creds).send(new GetMacieSessionCommand({}))).status).toBe('ENABLED');
  });
});
