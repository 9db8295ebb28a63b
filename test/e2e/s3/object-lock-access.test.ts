// Issue 15 (5): Object Lock read permissions and integrity headers. GET and HEAD show an object's retention only to a
// caller with s3:GetObjectRetention and its legal hold only with s3:GetObjectLegalHold; PutObjectLockConfiguration,
// PutObjectRetention and PutObjectLegalHold are refused without Content-MD5 or x-amz-checksum-*, and a digest that
// does not match the body is BadDigest. Driven by @aws-sdk/client-s3, hand-signed requests and the aws CLI.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateBucketCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand, PutObjectLegalHoldCommand, PutObjectRetentionCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { ManualClock } from '../../../src/common/index.js';
import { startServer, type Credentials, type TestServer } from '../harness.js';
import { aws, awsCliAvailable } from '../aws-cli.js';
import { signedRequest } from '../signed-fetch.js';

const DAY = 86_400_000;
const clock = new ManualClock(Date.now());
let server: TestServer;
const s3 = (c?: Credentials) => new S3Client({ ...server.clientConfig(c), systemClockOffset: clock.nowMs() - Date.now() });
const users: Record<string, Credentials> = {};
const until = () => new Date(clock.nowMs() + 5 * DAY);

async function user(name: string, actions: string[]): Promise<Credentials> {
  const iam = new IAMClient({ ...server.clientConfig(), region: 'us-east-1' });
  await iam.send(new CreateUserCommand({ UserName: name }));
  await iam.send(new PutUserPolicyCommand({ UserName: name, PolicyName: 'p', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }] }) }));
  const key = (await iam.send(new CreateAccessKeyCommand({ UserName: name }))).AccessKey!;
  return { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! };
}

beforeAll(async () => {
  server = await startServer({ clock });
  users.reader = await user('reader', ['s3:GetObject', 's3:GetObjectVersion', 's3:ListBucket']);
  users.retention = await user('retention', ['s3:GetObject', 's3:GetObjectRetention']);
  users.hold = await user('hold', ['s3:GetObject', 's3:GetObjectLegalHold']);
  await s3().send(new CreateBucketCommand({ Bucket: 'locked', ObjectLockEnabledForBucket: true }));
  await s3().send(new PutObjectCommand({ Bucket: 'locked', Key: 'doc.txt', Body: 'kept', ObjectLockMode: 'GOVERNANCE', ObjectLockRetainUntilDate: until(), ObjectLockLegalHoldStatus: 'ON', ChecksumAlgorithm: 'CRC32' }));
});
afterAll(() => server?.close());

const lockFields = (o: { ObjectLockMode?: string; ObjectLockRetainUntilDate?: Date; ObjectLockLegalHoldStatus?: string }) => ({
  mode: o.ObjectLockMode,
  until: o.ObjectLockRetainUntilDate !== undefined,
  hold: o.ObjectLockLegalHoldStatus,
});

describe('Object Lock headers on GET and HEAD', () => {
  it('are shown only with s3:GetObjectRetention (mode, date) and s3:GetObjectLegalHold (hold)', async () => {
    const cases: Array<[Credentials | undefined, ReturnType<typeof lockFields>]> = [
      [undefined, { mode: 'GOVERNANCE', until: true, hold: 'ON' }],
      [users.reader, { mode: undefined, until: false, hold: undefined }],
      [users.retention, { mode: 'GOVERNANCE', until: true, hold: undefined }],
      [users.hold, { mode: undefined, until: false, hold: 'ON' }],
    ];
    for (const [who, want] of cases) {
      expect(lockFields(await s3(who).send(new HeadObjectCommand({ Bucket: 'locked', Key: 'doc.txt' })))).toEqual(want);
      const got = await s3(who).send(new GetObjectCommand({ Bucket: 'locked', Key: 'doc.txt' }));
      expect(await got.Body!.transformToString()).toBe('kept');
      expect(lockFields(got)).toEqual(want);
    }
  });

  it.skipIf(!awsCliAvailable)('the aws CLI head-object shows them to the owner and not to a plain reader', async () => {
    const owner = await aws(server.cliEnv(), ['s3api', 'head-object', '--bucket', 'locked', '--key', 'doc.txt']);
    expect(owner.json).toMatchObject({ ObjectLockMode: 'GOVERNANCE', ObjectLockLegalHoldStatus: 'ON' });
    const reader = await aws(server.cliEnv(users.reader), ['s3api', 'head-object', '--bucket', 'locked', '--key', 'doc.txt']);
    expect(reader.code, reader.stderr).toBe(0);
    expect(reader.json.ObjectLockMode).toBeUndefined();
    expect(reader.json.ObjectLockRetainUntilDate).toBeUndefined();
    expect(reader.json.ObjectLockLegalHoldStatus).toBeUndefined();
  });
});

describe('Object Lock settings need an integrity header', () => {
  const md5 = (body: string) => createHash('md5').update(body).digest('base64');
  const put = (path: string, query: Record<string, string>, body: string, headers: Record<string, string> = {}) =>
    signedRequest(server.endpoint, {
      service: 's3', region: server.region, credentials: server.root, method: 'PUT', path, query, body,
      headers: { 'x-amz-content-sha256': createHash('sha256').update(body).digest('hex'), 'content-type': 'application/xml', ...headers },
      signingDate: clock.now(),
    });
  const NS = 'xmlns="http://s3.amazonaws.com/doc/2006-03-01/"';
  const bodies = {
    retention: `<Retention ${NS}><Mode>GOVERNANCE</Mode><RetainUntilDate>${new Date(Date.now() + 10 * DAY).toISOString()}</RetainUntilDate></Retention>`,
    'legal-hold': `<LegalHold ${NS}><Status>OFF</Status></LegalHold>`,
    'object-lock': `<ObjectLockConfiguration ${NS}><ObjectLockEnabled>Enabled</ObjectLockEnabled></ObjectLockConfiguration>`,
  };

  for (const [sub, body] of Object.entries(bodies)) {
    const path = sub === 'object-lock' ? '/locked' : '/locked/doc.txt';
    it(`?${sub}: refused without Content-MD5 or x-amz-checksum-*, BadDigest when it does not match, accepted when it does`, async () => {
      const none = await put(path, { [sub]: '' }, body);
      expect(none.status).toBe(400);
      expect(none.body).toContain('<Code>InvalidRequest</Code>');
      expect(none.body).toContain('Missing required header for this request: Content-MD5 OR x-amz-checksum-*');
      const wrong = await put(path, { [sub]: '' }, body, { 'content-md5': md5('something else') });
      expect(wrong.status).toBe(400);
      expect(wrong.body).toContain('<Code>BadDigest</Code>');
      const badCrc = await put(path, { [sub]: '' }, body, { 'x-amz-checksum-crc32': 'AAAAAA==' });
      expect(badCrc.body).toContain('<Code>BadDigest</Code>');
      const right = await put(path, { [sub]: '' }, body, { 'content-md5': md5(body) });
      expect(right.status, right.body).toBe(200);
    });
  }

  it('the SDK (which sends a checksum) is accepted', async () => {
    await s3().send(new PutObjectLegalHoldCommand({ Bucket: 'locked', Key: 'doc.txt', LegalHold: { Status: 'ON' } }));
    await s3().send(new PutObjectRetentionCommand({ Bucket: 'locked', Key: 'doc.txt', Retention: { Mode: 'GOVERNANCE', RetainUntilDate: new Date(clock.nowMs() + 20 * DAY) } }));
  });
});
