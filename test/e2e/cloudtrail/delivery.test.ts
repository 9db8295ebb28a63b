// Issue 11, trails end to end: a bucket with CloudTrail's bucket policy, `aws cloudtrail create-trail
// --enable-log-file-validation --is-multi-region-trail` and `start-logging` with the real CLI, Macie calls as an IAM
// user and an assumed role in two regions, log files at CloudTrail's keys within the delivery interval (on a test
// clock), GetTrailStatus times, the real `aws cloudtrail validate-logs` passing on untouched files and catching each
// kind of tampering exactly as against AWS, and a policy that denies CloudTrail stopping delivery until it is fixed.
import { createHash, createPublicKey } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloudTrailClient, GetTrailStatusCommand, ListPublicKeysCommand, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { CreateAccessKeyCommand, CreateRoleCommand, CreateUserCommand, IAMClient, PutRolePolicyCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { EnableMacieCommand, GetMacieSessionCommand, ListFindingsCommand, Macie2Client } from '@aws-sdk/client-macie2';
import { CreateBucketCommand, DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutBucketPolicyCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { ManualClock } from '../../../src/common/index.js';
import { aws, awsCliAvailable } from '../aws-cli.js';
import { startServer, type Credentials, type TestServer } from '../harness.js';
import { trailBucketPolicy } from './trail-policy.js';

const MIN = 60_000;
// The test clock runs from 8 minutes ago to 2 minutes ahead, inside SigV4's 15-minute skew, so the real CLI signs
// with its own clock; digests come every 5 minutes here (SIFT_TRAIL_DIGEST_SECONDS) instead of hourly.
const clock = new ManualClock(Math.floor((Date.now() - 8 * MIN) / 1000) * 1000);
const T0 = clock.nowMs();
const BUCKET = 'trail-logs';
const PREFIX = 'audit';
const TRAIL = 'main';
let server: TestServer;
let account: string;
let trailArn: string;
let analyst: Credentials;

beforeAll(async () => {
  server = await startServer({ clock, env: { SIFT_TRAIL_DIGEST_SECONDS: '300' } });
  account = server.accountId;
  trailArn = `arn:aws:cloudtrail:us-east-1:${account}:trail/${TRAIL}`;
});
afterAll(async () => server?.close());

const s3 = () => new S3Client(server.clientConfig());
const cloudtrail = (region = 'us-east-1') => new CloudTrailClient(server.clientConfig(undefined, region));

async function until<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 400; i++) {
    const v = await probe();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function keysUnder(prefix: string): Promise<string[]> {
  const out = await s3().send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: prefix }));
  return (out.Contents ?? []).map((o) => o.Key!).sort();
}

async function records(key: string): Promise<any[]> {
  const o = await s3().send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
  return JSON.parse(gunzipSync(Buffer.from(await o.Body!.transformToByteArray())).toString('utf8')).Records;
}

const validate = () =>
  aws(server.cliEnv(), ['cloudtrail', 'validate-logs', '--trail-arn', trailArn, '--start-time', new Date(T0 - MIN).toISOString(), '--end-time', new Date(clock.nowMs() + MIN).toISOString(), '--verbose']);

describe.skipIf(!awsCliAvailable)('trail delivery to a bucket, digests and validate-logs', { timeout: 180_000 }, () => {
  it('refuses a bucket whose policy does not let CloudTrail write, then creates the trail and starts logging', async () => {
    await s3().send(new CreateBucketCommand({ Bucket: BUCKET }));
    const refused = await aws(server.cliEnv(), ['cloudtrail', 'create-trail', '--name', TRAIL, '--s3-bucket-name', BUCKET, '--s3-key-prefix', PREFIX, '--enable-log-file-validation', '--is-multi-region-trail']);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('InsufficientS3BucketPolicyException');
    expect(refused.stderr).toContain(`Incorrect S3 bucket policy is detected for bucket: ${BUCKET}`);

    const missing = await aws(server.cliEnv(), ['cloudtrail', 'create-trail', '--name', TRAIL, '--s3-bucket-name', 'no-such-bucket-here']);
    expect(missing.stderr).toContain('S3BucketDoesNotExistException');

    await s3().send(new PutBucketPolicyCommand({ Bucket: BUCKET, Policy: trailBucketPolicy({ bucket: BUCKET, prefix: PREFIX, accountId: account, region: 'us-east-1', trail: TRAIL }) }));
    const created = await aws(server.cliEnv(), ['cloudtrail', 'create-trail', '--name', TRAIL, '--s3-bucket-name', BUCKET, '--s3-key-prefix', PREFIX, '--enable-log-file-validation', '--is-multi-region-trail']);
    expect(created.stderr).toBe('');
    expect(created.json).toMatchObject({ Name: TRAIL, S3BucketName: BUCKET, S3KeyPrefix: PREFIX, IsMultiRegionTrail: true, LogFileValidationEnabled: true, IncludeGlobalServiceEvents: true, TrailARN: trailArn });

    const again = await aws(server.cliEnv(), ['cloudtrail', 'create-trail', '--name', TRAIL, '--s3-bucket-name', BUCKET]);
    expect(again.stderr).toContain('TrailAlreadyExistsException');

    expect((await aws(server.cliEnv(), ['cloudtrail', 'start-logging', '--name', TRAIL])).code).toBe(0);
    const status = await aws(server.cliEnv(), ['cloudtrail', 'get-trail-status', '--name', TRAIL]);
    expect(status.json.IsLogging).toBe(true);
    expect(status.json.LatestDeliveryTime).toBeUndefined();
    // The shadow trail answers by name in another region.
    const shadow = await aws({ ...server.cliEnv(), AWS_DEFAULT_REGION: 'eu-west-1', AWS_REGION: 'eu-west-1' }, ['cloudtrail', 'describe-trails']);
    expect(shadow.json.trailList.map((t: any) => [t.Name, t.HomeRegion])).toEqual([[TRAIL, 'us-east-1']]);
  });

  it('delivers the calls of an IAM user and an assumed role, per region, at CloudTrail keys within the delivery interval', async () => {
    const iam = new IAMClient(server.clientConfig());
    await iam.send(new CreateUserCommand({ UserName: 'analyst' }));
    await iam.send(new PutUserPolicyCommand({ UserName: 'analyst', PolicyName: 'macie', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['macie2:*', 'sts:AssumeRole'], Resource: '*' }, { Effect: 'Allow', Action: 'iam:CreateServiceLinkedRole', Resource: '*', Condition: { StringEquals: { 'iam:AWSServiceName': 'macie.amazonaws.com' } } }] }) }));
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'analyst' }))).AccessKey!;
    analyst = { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! };
    await iam.send(new CreateRoleCommand({ RoleName: 'Investigator', AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: 'sts:AssumeRole' }] }) }));
    await iam.send(new PutRolePolicyCommand({ RoleName: 'Investigator', PolicyName: 'macie', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'macie2:*', Resource: '*' }] }) }));

    await new Macie2Client(server.clientConfig(analyst)).send(new EnableMacieCommand({}));
    await new Macie2Client(server.clientConfig(analyst, 'eu-west-1')).send(new EnableMacieCommand({}));
    const assumed = await new STSClient(server.clientConfig(analyst)).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${account}:role/Investigator`, RoleSessionName: 'case-42' }));
    const role = { accessKeyId: assumed.Credentials!.AccessKeyId!, secretAccessKey: assumed.Credentials!.SecretAccessKey!, sessionToken: assumed.Credentials!.SessionToken! };
    await new Macie2Client(server.clientConfig(role)).send(new ListFindingsCommand({}));
    await new Macie2Client(server.clientConfig(role)).send(new GetMacieSessionCommand({}));

    // Nothing before the interval has passed …
    clock.advance(2 * MIN);
    expect(await keysUnder(`${PREFIX}/AWSLogs/${account}/CloudTrail/`)).toEqual([]);
    // … and every region's file once it has.
    clock.advance(3 * MIN + 1000);
    const status = await until('a delivery', async () => {
      const s = await cloudtrail().send(new GetTrailStatusCommand({ Name: TRAIL }));
      return s.LatestDeliveryTime ? s : undefined;
    });
    expect(status.LatestDeliveryError).toBeUndefined();
    expect(status.StartLoggingTime!.getTime()).toBe(T0);
    const keys = await keysUnder(`${PREFIX}/AWSLogs/${account}/CloudTrail/`);
    const d = new Date(status.LatestDeliveryTime!.getTime());
    const ymd = `${d.getUTCFullYear()}/${String(d.getUTCMonth() + 1).padStart(2, '0')}/${String(d.getUTCDate()).padStart(2, '0')}`;
    const stamp = d.toISOString().replace(/[-:]/g, '').slice(0, 13) + 'Z';
    for (const region of ['eu-west-1', 'us-east-1']) {
      expect(keys.some((k) => new RegExp(`^${PREFIX}/AWSLogs/${account}/CloudTrail/${region}/${ymd}/${account}_CloudTrail_${region}_${stamp}_[A-Za-z0-9]{16}\\.json\\.gz$`).test(k))).toBe(true);
    }

    const east = (await Promise.all(keys.filter((k) => k.includes('/us-east-1/')).map(records))).flat();
    const west = (await Promise.all(keys.filter((k) => k.includes('/eu-west-1/')).map(records))).flat();
    const enable = east.find((r) => r.eventName === 'EnableMacie');
    expect(enable).toMatchObject({ eventSource: 'macie2.amazonaws.com', awsRegion: 'us-east-1', userIdentity: { type: 'IAMUser', userName: 'analyst', accessKeyId: analyst.accessKeyId }, eventCategory: 'Management', recipientAccountId: account });
    expect(east.find((r) => r.eventName === 'ListFindings')).toMatchObject({ userIdentity: { type: 'AssumedRole', arn: `arn:aws:sts::${account}:assumed-role/Investigator/case-42` } });
    expect(east.some((r) => r.eventName === 'AssumeRole')).toBe(true);
    expect(west.map((r) => [r.eventName, r.awsRegion])).toContainEqual(['EnableMacie', 'eu-west-1']);
    // The same records LookupEvents serves, each delivered once.
    const looked = await cloudtrail().send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'EnableMacie' }] }));
    expect(JSON.parse(looked.Events![0]!.CloudTrailEvent!)).toEqual(enable);
    const ids = [...east, ...west].map((r) => r.eventID);
    expect(new Set(ids).size).toBe(ids.length);
    // Let the round that is due finish (its digests) before the clock moves on.
    await server.sift.trails.deliverNow();
  });

  it('signs digests that the real validate-logs accepts, with the public key ListPublicKeys serves', async () => {
    clock.advance(5 * MIN);
    // A digest per region that had log files, each in its region's folder, every digest interval, chained.
    const digests = await until('two us-east-1 digests', async () => {
      const k = await keysUnder(`${PREFIX}/AWSLogs/${account}/CloudTrail-Digest/us-east-1/`);
      return k.length === 2 ? k : undefined;
    });
    await until('the eu-west-1 digest', async () => ((await keysUnder(`${PREFIX}/AWSLogs/${account}/CloudTrail-Digest/eu-west-1/`)).length ? true : undefined));
    expect((await cloudtrail().send(new GetTrailStatusCommand({ Name: TRAIL }))).LatestDigestDeliveryTime).toBeInstanceOf(Date);
    for (const d of digests) expect(d).toMatch(new RegExp(`/${account}_CloudTrail-Digest_us-east-1_${TRAIL}_us-east-1_\\d{8}T\\d{6}Z\\.json\\.gz$`));
    const head = await s3().send(new HeadObjectCommand({ Bucket: BUCKET, Key: digests[0]! }));
    const second = JSON.parse(gunzipSync(Buffer.from(await (await s3().send(new GetObjectCommand({ Bucket: BUCKET, Key: digests[1]! }))).Body!.transformToByteArray())).toString('utf8'));
    expect(second).toMatchObject({ previousDigestS3Bucket: BUCKET, previousDigestS3Object: digests[0], previousDigestSignature: head.Metadata!.signature, previousDigestHashAlgorithm: 'SHA-256' });
    expect(head.Metadata!['signature-algorithm']).toBe('SHA256withRSA');
    expect(head.Metadata!.signature).toMatch(/^[0-9a-f]{512}$/);
    const keys = await cloudtrail().send(new ListPublicKeysCommand({}));
    expect(keys.PublicKeyList).toHaveLength(1);
    const pub = keys.PublicKeyList![0]!;
    expect(pub.Fingerprint).toMatch(/^[0-9a-f]{32}$/);
    // DER PKCS#1 RSAPublicKey, whose MD5 is the fingerprint the digest names.
    expect(createPublicKey({ key: Buffer.from(pub.Value!), format: 'der', type: 'pkcs1' }).asymmetricKeyDetails?.modulusLength).toBe(2048);
    expect(createHash('md5').update(pub.Value!).digest('hex')).toBe(pub.Fingerprint);
    const digestJson = JSON.parse(gunzipSync(Buffer.from(await (await s3().send(new GetObjectCommand({ Bucket: BUCKET, Key: digests[0]! }))).Body!.transformToByteArray())).toString('utf8'));
    expect(digestJson).toMatchObject({ awsAccountId: account, digestS3Bucket: BUCKET, digestS3Object: digests[0], digestPublicKeyFingerprint: pub.Fingerprint, digestSignatureAlgorithm: 'SHA256withRSA', previousDigestSignature: null });
    expect(digestJson.logFiles.length).toBeGreaterThan(0);

    const result = await validate();
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('\n2/2 digest files valid');
    expect(result.stdout).toMatch(/(\d+)\/\1 log files valid/);
    expect(result.stdout).not.toContain('INVALID');
  });

  it('validate-logs reports a modified, deleted or added log file and a modified or deleted digest as it does against AWS', async () => {
    const [older, digest] = await keysUnder(`${PREFIX}/AWSLogs/${account}/CloudTrail-Digest/us-east-1/`);
    // Tamper with a log file a digest lists: validate-logs checks only those (a file delivered after the last digest,
    // possibly in the same minute and so sorting anywhere among the keys, is not covered yet).
    const listed: string[] = [];
    for (const key of [older!, digest!]) {
      const d = await s3().send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
      const files: { s3Object: string }[] = JSON.parse(gunzipSync(Buffer.from(await d.Body!.transformToByteArray())).toString('utf8')).logFiles;
      listed.push(...files.map((f) => f.s3Object));
    }
    expect(listed.length).toBeGreaterThan(0);
    const log = listed.sort()[0]!;
    const original = Buffer.from(await (await s3().send(new GetObjectCommand({ Bucket: BUCKET, Key: log }))).Body!.transformToByteArray());
    const restoreLog = () => s3().send(new PutObjectCommand({ Bucket: BUCKET, Key: log, Body: original }));

    // A log file edited: its hash no longer matches.
    const edited = JSON.parse(gunzipSync(original).toString('utf8'));
    edited.Records[0].sourceIPAddress = '203.0.113.9';
    const { gzipSync } = await import('node:zlib');
    await s3().send(new PutObjectCommand({ Bucket: BUCKET, Key: log, Body: gzipSync(Buffer.from(JSON.stringify(edited))) }));
    let r = await validate();
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`Log file\ts3://${BUCKET}/${log}\tINVALID: hash value doesn't match`);

    // Deleted: not found.
    await s3().send(new DeleteObjectCommand({ Bucket: BUCKET, Key: log }));
    r = await validate();
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`Log file\ts3://${BUCKET}/${log}\tINVALID: not found`);
    await restoreLog();

    // Added: no digest lists it, so validation (as against AWS) does not see it.
    const added = log.replace(/_[A-Za-z0-9]{16}\.json\.gz$/, '_AddedByAttacker0.json.gz');
    await s3().send(new PutObjectCommand({ Bucket: BUCKET, Key: added, Body: gzipSync(Buffer.from('{"Records":[]}')) }));
    r = await validate();
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('AddedByAttacker');
    await s3().send(new DeleteObjectCommand({ Bucket: BUCKET, Key: added }));

    // A digest edited (its signature metadata kept): the signature no longer verifies.
    const dObj = await s3().send(new GetObjectCommand({ Bucket: BUCKET, Key: digest! }));
    const dBytes = Buffer.from(await dObj.Body!.transformToByteArray());
    const dJson = JSON.parse(gunzipSync(dBytes).toString('utf8'));
    await s3().send(new PutObjectCommand({ Bucket: BUCKET, Key: digest!, Body: gzipSync(Buffer.from(JSON.stringify({ ...dJson, oldestEventTime: '2020-01-01T00:00:00Z' }))), Metadata: dObj.Metadata }));
    r = await validate();
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`Digest file\ts3://${BUCKET}/${digest}\tINVALID: signature verification failed`);

    await s3().send(new PutObjectCommand({ Bucket: BUCKET, Key: digest!, Body: dBytes, Metadata: dObj.Metadata }));

    // A digest deleted: the newer one links to it, so it is missing.
    const oObj = await s3().send(new GetObjectCommand({ Bucket: BUCKET, Key: older! }));
    const oBytes = Buffer.from(await oObj.Body!.transformToByteArray());
    await s3().send(new DeleteObjectCommand({ Bucket: BUCKET, Key: older! }));
    r = await validate();
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`Digest file\ts3://${BUCKET}/${older}\tINVALID: not found`);

    // Put back as delivered: valid again.
    await s3().send(new PutObjectCommand({ Bucket: BUCKET, Key: older!, Body: oBytes, Metadata: oObj.Metadata }));
    r = await validate();
    expect(r.code).toBe(0);
  });

  it('stops delivering when the bucket policy denies CloudTrail and resumes, without loss, when it is fixed', async () => {
    await s3().send(
      new PutBucketPolicyCommand({
        Bucket: BUCKET,
        Policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 's3:PutObject', Resource: `arn:aws:s3:::${BUCKET}/*` }] }),
      }),
    );
    const before = await keysUnder(`${PREFIX}/AWSLogs/${account}/CloudTrail/`);
    await new Macie2Client(server.clientConfig(analyst)).send(new GetMacieSessionCommand({}));
    await server.sift.trails.deliverNow();
    const denied = await cloudtrail().send(new GetTrailStatusCommand({ Name: TRAIL }));
    expect(denied.LatestDeliveryError).toBe('AccessDenied');
    expect(await keysUnder(`${PREFIX}/AWSLogs/${account}/CloudTrail/`)).toEqual(before);

    await s3().send(new PutBucketPolicyCommand({ Bucket: BUCKET, Policy: trailBucketPolicy({ bucket: BUCKET, prefix: PREFIX, accountId: account, region: 'us-east-1', trail: TRAIL }) }));
    await server.sift.trails.deliverNow();
    const fixed = await cloudtrail().send(new GetTrailStatusCommand({ Name: TRAIL }));
    expect(fixed.LatestDeliveryError).toBeUndefined();
    const after = await keysUnder(`${PREFIX}/AWSLogs/${account}/CloudTrail/`);
    const fresh = after.filter((k) => !before.includes(k));
    expect(fresh.length).toBeGreaterThan(0);
    const delivered = (await Promise.all(fresh.map(records))).flat();
    expect(delivered.filter((r) => r.eventName === 'GetMacieSession' && r.userIdentity.userName === 'analyst')).toHaveLength(1);
  });
});
