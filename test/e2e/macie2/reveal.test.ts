// Issue 11 item 6: revealing sensitive data samples. A job finds planted values; the reveal configuration is set to
// ASSUME_ROLE with a role Macie may assume (Macie's documented trust policy); an assumed-role user (the seed's
// Admin/JohnDoe) reveals the samples, which equal the planted values; LookupEvents then shows the seed's two records
// field by field (the user's GetSensitiveDataOccurrences, and Macie's AssumeRole as reveal-samples.macie.amazonaws.com)
// and no record, log or stored row holds a sample. Then every refusal: an edited result, an unsigned one, a changed
// object, a role that is too permissive or may not read the object, a caller without rights; and the botocore waiter
// `aws macie2 wait finding-revealed`.
import { gunzipSync, gzipSync } from 'node:zlib';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CreateClassificationJobCommand,
  CreateCustomDataIdentifierCommand,
  CreateSampleFindingsCommand,
  DescribeClassificationJobCommand,
  EnableMacieCommand,
  GetFindingsCommand,
  GetRevealConfigurationCommand,
  GetSensitiveDataOccurrencesAvailabilityCommand,
  GetSensitiveDataOccurrencesCommand,
  ListFindingsCommand,
  Macie2Client,
  PutClassificationExportConfigurationCommand,
  UpdateRevealConfigurationCommand,
  type Finding,
  type GetSensitiveDataOccurrencesCommandOutput,
} from '@aws-sdk/client-macie2';
import { CreateBucketCommand, GetObjectCommand, PutBucketPolicyCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateAccessKeyCommand, CreateRoleCommand, CreateUserCommand, IAMClient, PutRolePolicyCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { startServer, type Credentials, type TestServer } from '../harness.js';
import { aws, awsCliAvailable } from '../aws-cli.js';
import { macieResultsBucketPolicy, macieResultsKey } from '../service-policies.js';

const SSN_1 = '536-22-8726';
const SSN_2 = '078-05-1121';
const CARD_1 = '4556737586899855';
const CARD_2 = '5425233430109903';
const CARD_3 = '4916338506082832';
const SECRET = 'kZ3pQ8vN2xR7tY1wL5mB9cF4hJ6dG0sAeU+iO3nq';
const PLANTED = [SSN_1, SSN_2, CARD_1, CARD_2, CARD_3, SECRET, 'EMP-123456', 'EMP-654321'];

let server: TestServer;
let root: Macie2Client;
let s3: S3Client;
let iam: IAMClient;
let john: Credentials;
let johnMacie: Macie2Client;
let jobId: string;
let customId: string;
const findingByKey = new Map<string, Finding>();

let resultsKey: string;
const kms = () => resultsKey;
const policy = (statement: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statement });
/** Macie's documented trust policy for the reveal role of a standalone account. */
const revealTrust = () =>
  policy([{ Sid: 'AllowMacieReveal', Effect: 'Allow', Principal: { Service: 'reveal-samples.macie.amazonaws.com' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:SourceAccount': server.accountId } } }]);

async function waitForJob(id: string) {
  for (let i = 0; (await root.send(new DescribeClassificationJobCommand({ jobId: id }))).jobStatus !== 'COMPLETE'; i++) {
    if (i > 600) throw new Error('job did not complete');
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** GetSensitiveDataOccurrences until it is no longer PROCESSING (the retrieval runs in the background). */
async function reveal(client: Macie2Client, findingId: string): Promise<{ first: GetSensitiveDataOccurrencesCommandOutput; last: GetSensitiveDataOccurrencesCommandOutput }> {
  const first = await client.send(new GetSensitiveDataOccurrencesCommand({ findingId }));
  let last = first;
  for (let i = 0; last.status === 'PROCESSING'; i++) {
    if (i > 400) throw new Error('reveal stayed PROCESSING');
    await new Promise((r) => setTimeout(r, 25));
    last = await client.send(new GetSensitiveDataOccurrencesCommand({ findingId }));
  }
  return { first, last };
}

const values = (out: GetSensitiveDataOccurrencesCommandOutput) =>
  Object.fromEntries(Object.entries(out.sensitiveDataOccurrences ?? {}).map(([k, v]) => [k, (v ?? []).map((d) => d.value)]));

/** A one-file ustar archive. */
function tarOf(name: string, content: string): Buffer {
  const header = Buffer.alloc(512);
  const put = (text: string, at: number) => header.write(text, at, 'latin1');
  put(name, 0);
  put('0000644\0', 100);
  put('0000000\0', 108);
  put('0000000\0', 116);
  put(Buffer.byteLength(content).toString(8).padStart(11, '0') + '\0', 124);
  put('00000000000\0', 136);
  put('        ', 148);
  put('0', 156);
  put('ustar\0' + '00', 257);
  let sum = 0;
  for (const b of header) sum += b;
  put(sum.toString(8).padStart(6, '0') + '\0 ', 148);
  const body = Buffer.alloc(Math.ceil(Buffer.byteLength(content) / 512) * 512);
  body.write(content, 'utf8');
  return Buffer.concat([header, body, Buffer.alloc(1024)]);
}

async function setRoleMode(roleName: string) {
  return root.send(new UpdateRevealConfigurationCommand({ configuration: { status: 'ENABLED', kmsKeyId: kms() }, retrievalConfiguration: { retrievalMode: 'ASSUME_ROLE', roleName } }));
}

beforeAll(async () => {
  server = await startServer();
  resultsKey = await macieResultsKey(server);
  root = new Macie2Client(server.clientConfig());
  s3 = new S3Client(server.clientConfig());
  iam = new IAMClient(server.clientConfig());
  await root.send(new EnableMacieCommand({}));
  await s3.send(new CreateBucketCommand({ Bucket: 'reveal-results' }));
  await s3.send(new PutBucketPolicyCommand({ Bucket: 'reveal-results', Policy: macieResultsBucketPolicy('reveal-results', server.accountId, server.region) }));
  await root.send(new PutClassificationExportConfigurationCommand({ configuration: { s3Destination: { bucketName: 'reveal-results', keyPrefix: 'macie', kmsKeyArn: kms() } } }));
  await s3.send(new CreateBucketCommand({ Bucket: 'reveal-data' }));
  const objects: Record<string, string | Buffer> = {
    'notes.txt.gz': gzipSync(`call back later\nssn: ${SSN_2}\n`),
    'bundle.tar': tarOf('inner.txt', `ssn: ${SSN_1}\n`),
    'people.csv': `name,ssn,credit card number\nAnn,${SSN_1},${CARD_1}\nBob,${SSN_2},${CARD_2}\n`,
    'keys.txt': `deploy notes\n\nprod: aws_secret_access_key = ${SECRET}\n`,
    'orders.json': JSON.stringify({ orders: [{ item: 'book', 'credit card number': CARD_3 }] }),
    'changing.txt': `ssn: ${SSN_1}\n`,
    'staff.txt': `team list\nemployee EMP-123456 on leave\nemployee EMP-654321\n`,
  };
  for (const [Key, Body] of Object.entries(objects)) await s3.send(new PutObjectCommand({ Bucket: 'reveal-data', Key, Body }));

  // The seed's caller: JohnDoe, a session of the Admin role.
  await iam.send(new CreateRoleCommand({ RoleName: 'Admin', AssumeRolePolicyDocument: policy([{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${server.accountId}:root` }, Action: 'sts:AssumeRole' }]) }));
  await iam.send(new PutRolePolicyCommand({ RoleName: 'Admin', PolicyName: 'admin', PolicyDocument: policy([{ Effect: 'Allow', Action: ['macie2:*', 's3:GetObject', 'cloudtrail:LookupEvents'], Resource: '*' }]) }));
  const assumed = await new STSClient(server.clientConfig()).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${server.accountId}:role/Admin`, RoleSessionName: 'JohnDoe' }));
  john = { accessKeyId: assumed.Credentials!.AccessKeyId!, secretAccessKey: assumed.Credentials!.SecretAccessKey!, sessionToken: assumed.Credentials!.SessionToken! };
  johnMacie = new Macie2Client(server.clientConfig(john));

  // The role Macie assumes: Macie's documented trust policy, and s3:GetObject on the data bucket only.
  await iam.send(new CreateRoleCommand({ RoleName: 'MacieReveal', AssumeRolePolicyDocument: revealTrust() }));
  await iam.send(new PutRolePolicyCommand({ RoleName: 'MacieReveal', PolicyName: 'read', PolicyDocument: policy([{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::reveal-data/*' }]) }));

  customId = (await root.send(new CreateCustomDataIdentifierCommand({ name: 'Employee id', regex: 'EMP-[0-9]{6}' }))).customDataIdentifierId!;
  ({ jobId } = (await root.send(
    new CreateClassificationJobCommand({ clientToken: 'reveal', jobType: 'ONE_TIME', name: 'reveal', customDataIdentifierIds: [customId], s3JobDefinition: { bucketDefinitions: [{ accountId: server.accountId, buckets: ['reveal-data'] }] } }),
  )) as { jobId: string });
  await waitForJob(jobId);
  const { findingIds } = await root.send(new ListFindingsCommand({ findingCriteria: { criterion: { 'classificationDetails.jobId': { eq: [jobId] } } } }));
  for (const f of (await root.send(new GetFindingsCommand({ findingIds }))).findings ?? []) findingByKey.set(f.resourcesAffected!.s3Object!.key!, f);
}, 120_000);
afterAll(async () => server?.close());

const idOf = (key: string) => {
  const f = findingByKey.get(key);
  if (!f) throw new Error(`no finding for ${key}: ${[...findingByKey.keys()].join(', ')}`);
  return f.id!;
};

describe('reveal configuration', () => {
  it('starts disabled, validates the KMS key and the role, generates and keeps the external ID, and deletes it with the role', async () => {
    expect(await root.send(new GetRevealConfigurationCommand({}))).toMatchObject({ configuration: { status: 'DISABLED' }, retrievalConfiguration: { retrievalMode: 'CALLER_CREDENTIALS' } });
    await expect(root.send(new GetSensitiveDataOccurrencesCommand({ findingId: idOf('people.csv') }))).rejects.toMatchObject({ name: 'AccessDeniedException' });
    await expect(root.send(new UpdateRevealConfigurationCommand({ configuration: { status: 'ENABLED' } }))).rejects.toMatchObject({ name: 'ValidationException' });
    // Badly formed, AWS managed, another Region, and well formed but no such key in Sift's KMS.
    for (const bad of ['not-a-key', 'alias/aws/s3', `arn:aws:kms:eu-west-3:${server.accountId}:key/1234abcd-12ab-34cd-56ef-1234567890ab`, 'alias/no-such-key', `arn:aws:kms:${server.region}:${server.accountId}:key/1234abcd-12ab-34cd-56ef-1234567890ab`]) {
      await expect(root.send(new UpdateRevealConfigurationCommand({ configuration: { status: 'ENABLED', kmsKeyId: bad } }))).rejects.toMatchObject({ name: 'ValidationException' });
    }
    await expect(setRoleMode('NoSuchRole')).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(
      root.send(new UpdateRevealConfigurationCommand({ configuration: { status: 'ENABLED', kmsKeyId: kms() }, retrievalConfiguration: { retrievalMode: 'ASSUME_ROLE' } })),
    ).rejects.toMatchObject({ name: 'ValidationException' });

    // Naming the role passes it to Macie: iam:PassRole on it, for reveal-samples.macie.amazonaws.com.
    await iam.send(new CreateUserCommand({ UserName: 'configurer' }));
    await iam.send(new PutUserPolicyCommand({ UserName: 'configurer', PolicyName: 'macie', PolicyDocument: policy([{ Effect: 'Allow', Action: 'macie2:*', Resource: '*' }]) }));
    const ck = (await iam.send(new CreateAccessKeyCommand({ UserName: 'configurer' }))).AccessKey!;
    const configurer = new Macie2Client(server.clientConfig({ accessKeyId: ck.AccessKeyId!, secretAccessKey: ck.SecretAccessKey! }));
    const roleMode = new UpdateRevealConfigurationCommand({ configuration: { status: 'ENABLED', kmsKeyId: kms() }, retrievalConfiguration: { retrievalMode: 'ASSUME_ROLE', roleName: 'MacieReveal' } });
    await expect(configurer.send(roleMode)).rejects.toMatchObject({ name: 'AccessDeniedException', message: expect.stringContaining('iam:PassRole') });
    await iam.send(
      new PutUserPolicyCommand({
        UserName: 'configurer',
        PolicyName: 'pass',
        PolicyDocument: policy([{ Effect: 'Allow', Action: 'iam:PassRole', Resource: `arn:aws:iam::${server.accountId}:role/MacieReveal`, Condition: { StringEquals: { 'iam:PassedToService': 'reveal-samples.macie.amazonaws.com' } } }]),
      }),
    );
    expect((await configurer.send(roleMode)).retrievalConfiguration?.roleName).toBe('MacieReveal');

    const set = await setRoleMode('MacieReveal');
    const externalId = set.retrievalConfiguration?.externalId;
    expect(externalId).toMatch(/^[a-z0-9]{32}$/);
    expect(await root.send(new GetRevealConfigurationCommand({}))).toMatchObject({
      configuration: { status: 'ENABLED', kmsKeyId: kms() },
      retrievalConfiguration: { retrievalMode: 'ASSUME_ROLE', roleName: 'MacieReveal', externalId },
    });
    expect((await setRoleMode('MacieReveal')).retrievalConfiguration?.externalId).toBe(externalId);

    const caller = await root.send(new UpdateRevealConfigurationCommand({ configuration: { status: 'ENABLED', kmsKeyId: kms() }, retrievalConfiguration: { retrievalMode: 'CALLER_CREDENTIALS' } }));
    expect(caller.retrievalConfiguration).toEqual({ retrievalMode: 'CALLER_CREDENTIALS' });
    expect((await setRoleMode('MacieReveal')).retrievalConfiguration?.externalId).not.toBe(externalId);
    const disabled = await root.send(new UpdateRevealConfigurationCommand({ configuration: { status: 'DISABLED' } }));
    expect(disabled).toMatchObject({ configuration: { status: 'DISABLED' }, retrievalConfiguration: { retrievalMode: 'CALLER_CREDENTIALS' } });
    expect(disabled.retrievalConfiguration?.roleName).toBeUndefined();
  });
});

describe('revealing samples with ASSUME_ROLE', () => {
  it('returns the planted values, and CloudTrail records the seed\'s two events field by field, without a sample', { timeout: 60_000 }, async () => {
    await setRoleMode('MacieReveal');
    expect(await johnMacie.send(new GetSensitiveDataOccurrencesAvailabilityCommand({ findingId: idOf('people.csv') }))).toMatchObject({ code: 'AVAILABLE', reasons: [] });

    const before = Date.now();
    const people = await reveal(johnMacie, idOf('people.csv'));
    expect(people.first.status).toBe('PROCESSING');
    expect(people.last.status).toBe('SUCCESS');
    expect(values(people.last)).toEqual({ USA_SOCIAL_SECURITY_NUMBER: [SSN_1, SSN_2], CREDIT_CARD_NUMBER: [CARD_1, CARD_2] });
    expect(values((await reveal(johnMacie, idOf('keys.txt'))).last)).toEqual({ AWS_CREDENTIALS: [SECRET] });
    expect(values((await reveal(johnMacie, idOf('orders.json'))).last)).toEqual({ CREDIT_CARD_NUMBER: [CARD_3] });
    // A custom data identifier's samples are keyed by its name and id.
    expect(values((await reveal(johnMacie, idOf('staff.txt'))).last)).toEqual({ [`Employee id:${customId}`]: ['EMP-123456', 'EMP-654321'] });
    // A compressed file: its result's locations are its member's.
    expect(values((await reveal(johnMacie, idOf('notes.txt.gz'))).last)).toEqual({ USA_SOCIAL_SECURITY_NUMBER: [SSN_2] });

    const trail = new CloudTrailClient(server.clientConfig());
    const lookup = async (name: string) =>
      ((await trail.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: name }], StartTime: new Date(before - 60_000) }))).Events ?? []).map((e) => JSON.parse(e.CloudTrailEvent!));

    // Newest first, as LookupEvents returns them.
    const reveals = (await lookup('GetSensitiveDataOccurrences')).filter((r) => r.requestParameters.findingId === idOf('people.csv'));
    const johns = reveals.filter((r) => r.userIdentity.arn?.endsWith('/JohnDoe') && !r.errorCode);
    expect(johns.length).toBeGreaterThanOrEqual(2);
    const userRecord = johns[0];
    expect(Object.keys(userRecord)).toEqual([
      'eventVersion', 'userIdentity', 'eventTime', 'eventSource', 'eventName', 'awsRegion', 'sourceIPAddress', 'userAgent',
      'requestParameters', 'responseElements', 'requestID', 'eventID', 'readOnly', 'eventType', 'managementEvent', 'recipientAccountId', 'eventCategory',
    ]);
    const admin = `arn:aws:iam::${server.accountId}:role/Admin`;
    expect(userRecord.userIdentity).toMatchObject({
      type: 'AssumedRole',
      arn: `arn:aws:sts::${server.accountId}:assumed-role/Admin/JohnDoe`,
      accountId: server.accountId,
      accessKeyId: john.accessKeyId,
      sessionContext: { sessionIssuer: { type: 'Role', arn: admin, accountId: server.accountId, userName: 'Admin' }, webIdFederationData: {}, attributes: { mfaAuthenticated: 'false' } },
    });
    expect(userRecord.userIdentity.principalId).toMatch(/^AROA[A-Z0-9]+:JohnDoe$/);
    expect(userRecord).toMatchObject({
      eventVersion: '1.08',
      eventSource: 'macie2.amazonaws.com',
      eventName: 'GetSensitiveDataOccurrences',
      awsRegion: server.region,
      sourceIPAddress: '127.0.0.1',
      requestParameters: { findingId: idOf('people.csv') },
      responseElements: null,
      readOnly: true,
      eventType: 'AwsApiCall',
      managementEvent: true,
      recipientAccountId: server.accountId,
      eventCategory: 'Management',
    });
    expect(userRecord.eventTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);

    const assumes = (await lookup('AssumeRole')).filter((r) => r.userIdentity.type === 'AWSService');
    expect(assumes.length).toBeGreaterThanOrEqual(3);
    const macieRecord = assumes[0];
    const revealRole = `arn:aws:iam::${server.accountId}:role/MacieReveal`;
    expect(Object.keys(macieRecord)).toEqual([
      'eventVersion', 'userIdentity', 'eventTime', 'eventSource', 'eventName', 'awsRegion', 'sourceIPAddress', 'userAgent',
      'requestParameters', 'responseElements', 'requestID', 'eventID', 'readOnly', 'resources', 'eventType', 'managementEvent', 'recipientAccountId', 'eventCategory',
    ]);
    expect(macieRecord).toMatchObject({
      eventVersion: '1.08',
      userIdentity: { type: 'AWSService', invokedBy: 'reveal-samples.macie.amazonaws.com' },
      eventSource: 'sts.amazonaws.com',
      eventName: 'AssumeRole',
      awsRegion: server.region,
      sourceIPAddress: 'reveal-samples.macie.amazonaws.com',
      userAgent: 'reveal-samples.macie.amazonaws.com',
      requestParameters: { roleArn: revealRole, roleSessionName: 'RevealCrossAccount' },
      readOnly: true,
      resources: [{ accountId: server.accountId, type: 'AWS::IAM::Role', ARN: revealRole }],
      eventType: 'AwsApiCall',
      managementEvent: true,
      recipientAccountId: server.accountId,
      eventCategory: 'Management',
    });
    expect(Object.keys(macieRecord.userIdentity)).toEqual(['type', 'invokedBy']);
    expect(macieRecord.requestParameters).toEqual({ roleArn: revealRole, roleSessionName: 'RevealCrossAccount' });
    const { credentials, assumedRoleUser } = macieRecord.responseElements;
    expect(Object.keys(credentials)).toEqual(['accessKeyId', 'sessionToken', 'expiration']);
    expect(credentials.accessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
    expect(credentials.sessionToken.length).toBeGreaterThan(100);
    // One hour after the call, in the seed's "Dec 12, 2023, 6:04:47 PM" form.
    const expires = new Date(Date.parse(macieRecord.eventTime) + 3600_000);
    const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
    const h = expires.getUTCHours();
    const pad = (n: number) => String(n).padStart(2, '0');
    expect(credentials.expiration).toBe(
      `${months[expires.getUTCMonth()]} ${expires.getUTCDate()}, ${expires.getUTCFullYear()}, ${h % 12 === 0 ? 12 : h % 12}:${pad(expires.getUTCMinutes())}:${pad(expires.getUTCSeconds())} ${h < 12 ? 'AM' : 'PM'}`,
    );
    expect(assumedRoleUser.arn).toBe(`arn:aws:sts::${server.accountId}:assumed-role/MacieReveal/RevealCrossAccount`);
    expect(assumedRoleUser.assumedRoleId).toMatch(/^AROA[A-Z0-9]+:RevealCrossAccount$/);
    expect(macieRecord.requestID).toMatch(/^[0-9a-f-]{36}$/);
    expect(macieRecord).not.toHaveProperty('tlsDetails');

    // No sample anywhere: not in a record, not in a stored row, not in a file of the data directory but the objects'.
    const everything = JSON.stringify([...reveals, ...assumes, ...(await lookup('GetSensitiveDataOccurrencesAvailability'))]);
    for (const v of PLANTED) expect(everything).not.toContain(v);
    await server.sift.audit.flush();
    const rows = JSON.stringify(await server.sift.store.db.selectFrom('audit_events').selectAll().execute());
    for (const v of PLANTED) expect(rows).not.toContain(v);
    const kv = JSON.stringify(await server.sift.store.db.selectFrom('kv').selectAll().execute());
    for (const v of PLANTED) expect(kv).not.toContain(v);
  });

  it('answers ERROR when the role may not read the object, and ROLE_TOO_PERMISSIVE for a trust policy open to any account', { timeout: 30_000 }, async () => {
    await iam.send(new CreateRoleCommand({ RoleName: 'RevealNoRead', AssumeRolePolicyDocument: revealTrust() }));
    await setRoleMode('RevealNoRead');
    const denied = await reveal(johnMacie, idOf('keys.txt'));
    expect(denied.last.status).toBe('ERROR');
    expect(denied.last.error).toMatch(/denied/i);
    expect(denied.last.sensitiveDataOccurrences).toBeUndefined();

    const open = policy([{ Effect: 'Allow', Principal: { Service: 'reveal-samples.macie.amazonaws.com' }, Action: 'sts:AssumeRole' }]);
    await iam.send(new CreateRoleCommand({ RoleName: 'RevealOpen', AssumeRolePolicyDocument: open }));
    await iam.send(new PutRolePolicyCommand({ RoleName: 'RevealOpen', PolicyName: 'read', PolicyDocument: policy([{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }]) }));
    await setRoleMode('RevealOpen');
    expect(await johnMacie.send(new GetSensitiveDataOccurrencesAvailabilityCommand({ findingId: idOf('people.csv') }))).toEqual(
      expect.objectContaining({ code: 'UNAVAILABLE', reasons: ['ROLE_TOO_PERMISSIVE'] }),
    );
    await expect(root.send(new GetSensitiveDataOccurrencesCommand({ findingId: idOf('people.csv') }))).rejects.toMatchObject({
      name: 'UnprocessableEntityException',
      message: 'ROLE_TOO_PERMISSIVE',
      $metadata: { httpStatusCode: 422 },
    });
    await setRoleMode('MacieReveal');
  });
});

describe('revealing samples with CALLER_CREDENTIALS', () => {
  it("decides by the caller's own s3:GetObject rights", { timeout: 30_000 }, async () => {
    await root.send(new UpdateRevealConfigurationCommand({ configuration: { status: 'ENABLED', kmsKeyId: kms() }, retrievalConfiguration: { retrievalMode: 'CALLER_CREDENTIALS' } }));
    await iam.send(new CreateUserCommand({ UserName: 'analyst' }));
    await iam.send(new PutUserPolicyCommand({ UserName: 'analyst', PolicyName: 'macie', PolicyDocument: policy([{ Effect: 'Allow', Action: 'macie2:*', Resource: '*' }]) }));
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'analyst' }))).AccessKey!;
    const analyst = new Macie2Client(server.clientConfig({ accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! }));
    const refused = await reveal(analyst, idOf('orders.json'));
    expect(refused.last).toMatchObject({ status: 'ERROR' });
    expect(refused.last.error).toMatch(/denied/i);

    await iam.send(new CreateUserCommand({ UserName: 'reader' }));
    await iam.send(new PutUserPolicyCommand({ UserName: 'reader', PolicyName: 'all', PolicyDocument: policy([{ Effect: 'Allow', Action: ['macie2:*', 's3:GetObject'], Resource: '*' }]) }));
    const key2 = (await iam.send(new CreateAccessKeyCommand({ UserName: 'reader' }))).AccessKey!;
    const reader = new Macie2Client(server.clientConfig({ accessKeyId: key2.AccessKeyId!, secretAccessKey: key2.SecretAccessKey! }));
    expect(values((await reveal(reader, idOf('orders.json'))).last)).toEqual({ CREDIT_CARD_NUMBER: [CARD_3] });
    await setRoleMode('MacieReveal');
  });
});

describe('refusals', () => {
  it('refuses an object type Macie does not reveal from, and a changed object (OBJECT_UNAVAILABLE)', { timeout: 30_000 }, async () => {
    // TAR is not among the types Macie reveals from.
    expect(await root.send(new GetSensitiveDataOccurrencesAvailabilityCommand({ findingId: idOf('bundle.tar') }))).toMatchObject({ code: 'UNAVAILABLE', reasons: ['UNSUPPORTED_OBJECT_TYPE'] });
    await expect(root.send(new GetSensitiveDataOccurrencesCommand({ findingId: idOf('bundle.tar') }))).rejects.toMatchObject({ name: 'UnprocessableEntityException', message: 'UNSUPPORTED_OBJECT_TYPE' });
    // A policy finding has no sensitive data to reveal.
    await root.send(new CreateSampleFindingsCommand({ findingTypes: ['Policy:IAMUser/S3BucketPublic'] }));
    const { findingIds } = await root.send(new ListFindingsCommand({ findingCriteria: { criterion: { category: { eq: ['POLICY'] } } } }));
    expect(await root.send(new GetSensitiveDataOccurrencesAvailabilityCommand({ findingId: findingIds![0]! }))).toMatchObject({ code: 'UNAVAILABLE', reasons: ['UNSUPPORTED_FINDING_TYPE'] });
    const findingId = idOf('changing.txt');
    expect((await root.send(new GetSensitiveDataOccurrencesAvailabilityCommand({ findingId }))).code).toBe('AVAILABLE');
    await s3.send(new PutObjectCommand({ Bucket: 'reveal-data', Key: 'changing.txt', Body: `ssn: ${SSN_2}\n` }));
    expect(await root.send(new GetSensitiveDataOccurrencesAvailabilityCommand({ findingId }))).toMatchObject({ code: 'UNAVAILABLE', reasons: ['OBJECT_UNAVAILABLE'] });
    await expect(root.send(new GetSensitiveDataOccurrencesCommand({ findingId }))).rejects.toMatchObject({ name: 'UnprocessableEntityException', message: 'OBJECT_UNAVAILABLE' });
  });

  it('refuses an edited result (INVALID_RESULT_SIGNATURE) and, with ASSUME_ROLE, an unsigned one (RESULT_NOT_SIGNED)', { timeout: 30_000 }, async () => {
    const finding = findingByKey.get('people.csv')!;
    const findingId = finding.id!;
    const [, bucket, key] = /^s3:\/\/([^/]+)\/(.+)$/.exec(finding.classificationDetails!.detailedResultsLocation!)!;
    const original = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    const bytes = Buffer.from(await original.Body!.transformToByteArray());
    const metadata = original.Metadata!;
    expect(Object.keys(metadata)).toContain('macie-result-signature');

    // Moved the first SSN's location: what an attacker would do to read another part of the object.
    const edited = gzipSync(gunzipSync(bytes).toString('utf8').replace(/"row":2/g, '"row":3'));
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: edited, Metadata: metadata }));
    expect(await root.send(new GetSensitiveDataOccurrencesAvailabilityCommand({ findingId }))).toMatchObject({ code: 'UNAVAILABLE', reasons: ['INVALID_RESULT_SIGNATURE'] });
    await expect(root.send(new GetSensitiveDataOccurrencesCommand({ findingId }))).rejects.toMatchObject({ name: 'UnprocessableEntityException', message: 'INVALID_RESULT_SIGNATURE' });

    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: bytes }));
    expect(await root.send(new GetSensitiveDataOccurrencesAvailabilityCommand({ findingId }))).toMatchObject({ code: 'UNAVAILABLE', reasons: ['RESULT_NOT_SIGNED'] });

    // Put back as Macie wrote it: the signature is valid again.
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: bytes, Metadata: metadata }));
    expect((await root.send(new GetSensitiveDataOccurrencesAvailabilityCommand({ findingId }))).code).toBe('AVAILABLE');
  });

  it('answers ResourceNotFoundException for an unknown finding', async () => {
    await expect(root.send(new GetSensitiveDataOccurrencesAvailabilityCommand({ findingId: 'ffffffffffffffffffffffffffffffff' }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    await expect(root.send(new GetSensitiveDataOccurrencesCommand({ findingId: 'ffffffffffffffffffffffffffffffff' }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });
});

describe.runIf(awsCliAvailable)('the aws CLI', () => {
  it('`aws macie2 wait finding-revealed` (botocore FindingRevealed) waits for the samples, then get-sensitive-data-occurrences shows them', { timeout: 180_000 }, async () => {
    const findingId = idOf('people.csv');
    const env = server.cliEnv();
    // The README's commands, as written there.
    const exported = await aws(env, ['macie2', 'put-classification-export-configuration', '--configuration', `s3Destination={bucketName=reveal-results,keyPrefix=macie,kmsKeyArn=${kms()}}`]);
    expect(exported.stderr).toBe('');
    expect(exported.json.configuration.s3Destination).toMatchObject({ bucketName: 'reveal-results', keyPrefix: 'macie', kmsKeyArn: kms() });
    const configured = await aws(env, ['macie2', 'update-reveal-configuration', '--configuration', `status=ENABLED,kmsKeyId=${kms()}`, '--retrieval-configuration', 'retrievalMode=ASSUME_ROLE,roleName=MacieReveal']);
    expect(configured.stderr).toBe('');
    expect(configured.json.retrievalConfiguration).toMatchObject({ retrievalMode: 'ASSUME_ROLE', roleName: 'MacieReveal', externalId: expect.stringMatching(/^[a-z0-9]{32}$/) });
    expect((await aws(env, ['macie2', 'get-sensitive-data-occurrences-availability', '--finding-id', findingId])).json).toEqual({ code: 'AVAILABLE', reasons: [] });
    const waited = await aws(env, ['macie2', 'wait', 'finding-revealed', '--finding-id', findingId]);
    expect(waited.stderr).toBe('');
    expect(waited.code).toBe(0);
    const shown = await aws(env, ['macie2', 'get-sensitive-data-occurrences', '--finding-id', findingId]);
    expect(shown.code).toBe(0);
    expect(shown.json.status).toBe('SUCCESS');
    expect(shown.json.sensitiveDataOccurrences.USA_SOCIAL_SECURITY_NUMBER).toEqual([{ value: SSN_1 }, { value: SSN_2 }]);
  });
});

// The data directory holds no revealed sample outside the objects themselves (their files are the data).
describe('the data directory', () => {
  it('has no file that holds a sample in clear other than the object store', () => {
    const dir = (server.sift.deps as { dataDir: string }).dataDir;
    const hits: string[] = [];
    const walk = (d: string) => {
      for (const name of readdirSync(d)) {
        const p = join(d, name);
        if (statSync(p).isDirectory()) walk(p);
        else if (!p.startsWith(join(dir, 'objects'))) {
          const text = readFileSync(p).toString('latin1');
          if (PLANTED.some((v) => text.includes(v))) hits.push(p);
        }
      }
    };
    walk(dir);
    expect(hits).toEqual([]);
  });
});
