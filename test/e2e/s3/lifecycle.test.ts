// Issue 15 (item 5): S3 lifecycle with @aws-sdk/client-s3 and the aws CLI, carried out on the server's (manual)
// clock: the configuration's checks, x-amz-expiration on GET/HEAD, and, once the clock passes the rules' days
// (rounded to the next midnight UTC), an expired object, a transition to GLACIER, a delete marker on a versioned
// bucket, a removed noncurrent version, a removed expired delete marker and an aborted multipart upload.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteBucketLifecycleCommand,
  DeleteObjectCommand,
  GetBucketLifecycleConfigurationCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectVersionsCommand,
  ListObjectsV2Command,
  PutBucketLifecycleConfigurationCommand,
  PutBucketLoggingCommand,
  PutBucketPolicyCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  S3Client,
  type LifecycleRule,
} from '@aws-sdk/client-s3';
import { ManualClock } from '../../../src/common/index.js';
import { startServer, type TestServer } from '../harness.js';
import { aws, awsCliAvailable } from '../aws-cli.js';
import { waitFor } from '../notifications/receiver.js';

const DAY = 86_400_000;
const clock = new ManualClock(Date.now());
const t0 = clock.nowMs();
/** The midnight UTC after the day after `t0`: when a 1-day rule acts on something written at t0. */
const dayAfterNext = Math.floor((t0 + DAY) / DAY) * DAY + DAY;
let server: TestServer;
const s3 = () => new S3Client({ ...server.clientConfig(), systemClockOffset: clock.nowMs() - Date.now() });
const failure = (p: Promise<unknown>) => p.then(() => 'ok', (e: { name: string; message: string; $metadata: { httpStatusCode?: number } }) => `${e.$metadata.httpStatusCode} ${e.name}: ${e.message}`);
const put = (Bucket: string, rules: LifecycleRule[]) => s3().send(new PutBucketLifecycleConfigurationCommand({ Bucket, LifecycleConfiguration: { Rules: rules } }));

beforeAll(async () => {
  server = await startServer({ clock });
  for (const Bucket of ['life-plain', 'life-versioned', 'life-cli', 'life-logs']) await s3().send(new CreateBucketCommand({ Bucket }));
  const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'logging.s3.amazonaws.com' }, Action: 's3:PutObject', Resource: 'arn:aws:s3:::life-logs/*' }] };
  await s3().send(new PutBucketPolicyCommand({ Bucket: 'life-logs', Policy: JSON.stringify(policy) }));
  await s3().send(new PutBucketLoggingCommand({ Bucket: 'life-plain', BucketLoggingStatus: { LoggingEnabled: { TargetBucket: 'life-logs', TargetPrefix: 'lc/' } } }));
  await s3().send(new PutBucketVersioningCommand({ Bucket: 'life-versioned', VersioningConfiguration: { Status: 'Enabled' } }));
});
afterAll(async () => {
  await server?.close();
});

describe('S3 lifecycle', () => {
  it('checks the configuration as S3 does, and puts, gets and deletes it', async () => {
    expect(await failure(s3().send(new GetBucketLifecycleConfigurationCommand({ Bucket: 'life-plain' })))).toBe('404 NoSuchLifecycleConfiguration: The lifecycle configuration does not exist');
    expect(await failure(put('life-plain', [{ ID: 'x', Status: 'Enabled', Filter: {}, Expiration: { Days: 0 } }]))).toBe("400 InvalidArgument: 'Days' for Expiration action must be a positive integer");
    expect(await failure(put('life-plain', [{ ID: 'x', Status: 'Enabled', Filter: {} }]))).toBe('400 InvalidRequest: At least one action needs to be specified in a rule');
    expect(await failure(put('life-plain', [{ ID: 'x', Status: 'Enabled', Filter: { Prefix: 'a' }, Expiration: { Days: 1 } }, { ID: 'x', Status: 'Enabled', Filter: { Prefix: 'b' }, Expiration: { Days: 1 } }]))).toBe(
      '400 InvalidArgument: Rule ID must be unique. Found same ID for more than one rule',
    );
    expect(await failure(put('life-plain', [{ ID: 'x', Status: 'Enabled', Filter: { Prefix: 'a' }, Expiration: { Days: 1, ExpiredObjectDeleteMarker: true } }]))).toMatch(/^400 MalformedXML/);
    expect(await failure(put('life-plain', [{ ID: 'x', Status: 'Enabled', Filter: { Tag: { Key: 'k', Value: 'v' } }, AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 } }]))).toMatch(/^400 InvalidRequest/);
    expect(await failure(put('life-plain', [{ ID: 'x', Status: 'Enabled', Filter: {}, Expiration: { Date: new Date(Date.UTC(2026, 5, 1, 12)) } }]))).toBe("400 InvalidArgument: 'Date' must be at midnight GMT");
    expect(await failure(put('life-plain', [{ ID: 'x', Status: 'Enabled', Filter: {}, Transitions: [{ Days: 1, StorageClass: 'STANDARD_IA' }] }]))).toBe(
      "400 InvalidArgument: 'Days' in Transition action for StorageClass STANDARD_IA must be greater than or equal to 30",
    );
    expect(await failure(put('life-plain', [{ ID: 'x', Status: 'Enabled', Filter: {}, Transitions: [{ Days: 40, StorageClass: 'GLACIER' }], Expiration: { Days: 30 } }]))).toMatch(/^400 InvalidArgument/);
    const many = Array.from({ length: 1001 }, (_, i): LifecycleRule => ({ ID: `r${i}`, Status: 'Enabled', Filter: { Prefix: `p${i}/` }, Expiration: { Days: 1 } }));
    expect(await failure(put('life-plain', many))).toMatch(/^400 InvalidRequest/);

    const out = await s3().send(new PutBucketLifecycleConfigurationCommand({
      Bucket: 'life-plain',
      TransitionDefaultMinimumObjectSize: 'varies_by_storage_class',
      LifecycleConfiguration: { Rules: [{ ID: 'tmp-1d', Status: 'Enabled', Filter: { Prefix: 'tmp/' }, Expiration: { Days: 1 } }, { Status: 'Disabled', Filter: { And: { Prefix: 'big/', ObjectSizeGreaterThan: 10 } }, Expiration: { Days: 1 } }] },
    }));
    expect(out.TransitionDefaultMinimumObjectSize).toBe('varies_by_storage_class');
    const got = await s3().send(new GetBucketLifecycleConfigurationCommand({ Bucket: 'life-plain' }));
    expect(got.Rules![0]).toMatchObject({ ID: 'tmp-1d', Status: 'Enabled', Filter: { Prefix: 'tmp/' }, Expiration: { Days: 1 } });
    // S3 names a rule given without an ID.
    expect(got.Rules![1]!.ID).toMatch(/^\w+$/);
    expect(got.TransitionDefaultMinimumObjectSize).toBe('varies_by_storage_class');
    await s3().send(new DeleteBucketLifecycleCommand({ Bucket: 'life-plain' }));
    expect(await failure(s3().send(new GetBucketLifecycleConfigurationCommand({ Bucket: 'life-plain' })))).toMatch(/^404 NoSuchLifecycleConfiguration/);
  });

  it('is configured with the aws CLI', async (ctx) => {
    if (!awsCliAvailable) return ctx.skip();
    const env = server.cliEnv();
    const rules = JSON.stringify({ Rules: [{ ID: 'cli', Status: 'Enabled', Filter: { Prefix: 'logs/' }, Expiration: { Days: 30 }, NoncurrentVersionExpiration: { NoncurrentDays: 7, NewerNoncurrentVersions: 2 } }] });
    const set = await aws(env, ['s3api', 'put-bucket-lifecycle-configuration', '--bucket', 'life-cli', '--lifecycle-configuration', rules]);
    expect(set.code, set.stderr).toBe(0);
    const got = await aws(env, ['s3api', 'get-bucket-lifecycle-configuration', '--bucket', 'life-cli']);
    expect(got.json.Rules).toEqual([{ ID: 'cli', Status: 'Enabled', Filter: { Prefix: 'logs/' }, Expiration: { Days: 30 }, NoncurrentVersionExpiration: { NoncurrentDays: 7, NewerNoncurrentVersions: 2 } }]);
    const bad = await aws(env, ['s3api', 'put-bucket-lifecycle-configuration', '--bucket', 'life-cli', '--lifecycle-configuration', JSON.stringify({ Rules: [{ ID: 'n', Status: 'Enabled', Filter: {}, NoncurrentVersionExpiration: { NoncurrentDays: 0 } }] })]);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('InvalidArgument');
  }, 60_000);

  it('expires objects, noncurrent versions, expired delete markers and incomplete uploads once the clock passes the day', async () => {
    await put('life-plain', [
      { ID: 'tmp-1d', Status: 'Enabled', Filter: { Prefix: 'tmp/' }, Expiration: { Days: 1 } },
      { ID: 'uploads', Status: 'Enabled', Filter: { Prefix: '' }, AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 } },
      // A size filter lets objects under 128 KB transition.
      { ID: 'archive', Status: 'Enabled', Filter: { And: { Prefix: 'cold/', ObjectSizeGreaterThan: 0 } }, Transitions: [{ Days: 1, StorageClass: 'GLACIER' }] },
    ]);
    await s3().send(new PutObjectCommand({ Bucket: 'life-plain', Key: 'cold/c.csv', Body: 'c' }));
    await s3().send(new PutObjectCommand({ Bucket: 'life-plain', Key: 'tmp/a.csv', Body: 'a' }));
    await s3().send(new PutObjectCommand({ Bucket: 'life-plain', Key: 'keep/b.csv', Body: 'b' }));
    const upload = await s3().send(new CreateMultipartUploadCommand({ Bucket: 'life-plain', Key: 'big.bin' }));
    // Created at t0, + 1 day, rounded up to the next midnight UTC.
    const head = await s3().send(new HeadObjectCommand({ Bucket: 'life-plain', Key: 'tmp/a.csv' }));
    expect(head.Expiration).toBe(`expiry-date="${new Date(dayAfterNext).toUTCString()}", rule-id="tmp-1d"`);
    expect((await s3().send(new GetObjectCommand({ Bucket: 'life-plain', Key: 'tmp/a.csv' }))).Expiration).toBe(head.Expiration);
    expect((await s3().send(new HeadObjectCommand({ Bucket: 'life-plain', Key: 'keep/b.csv' }))).Expiration).toBeUndefined();

    await put('life-versioned', [
      { ID: 'current', Status: 'Enabled', Filter: { Prefix: 'doc' }, Expiration: { Days: 1 } },
      { ID: 'noncurrent', Status: 'Enabled', Filter: { Prefix: '' }, NoncurrentVersionExpiration: { NoncurrentDays: 1 } },
      { ID: 'markers', Status: 'Enabled', Filter: { Prefix: 'gone' }, Expiration: { ExpiredObjectDeleteMarker: true } },
    ]);
    const v1 = await s3().send(new PutObjectCommand({ Bucket: 'life-versioned', Key: 'doc', Body: 'one' }));
    const v2 = await s3().send(new PutObjectCommand({ Bucket: 'life-versioned', Key: 'doc', Body: 'two' }));
    // A delete marker left alone once its only noncurrent version expires.
    await s3().send(new PutObjectCommand({ Bucket: 'life-versioned', Key: 'gone', Body: 'x' }));
    await s3().send(new DeleteObjectCommand({ Bucket: 'life-versioned', Key: 'gone' }));

    clock.set(dayAfterNext + 60_000);
    const keys = async () => ((await s3().send(new ListObjectsV2Command({ Bucket: 'life-plain' }))).Contents ?? []).map((o) => o.Key);
    expect(await waitFor(keys, (k) => k.length === 2, 'tmp/a.csv to expire')).toEqual(['cold/c.csv', 'keep/b.csv']);
    // Transitioned to GLACIER: listed as such, and unreadable until restored.
    const cold = await waitFor(async () => (await s3().send(new ListObjectsV2Command({ Bucket: 'life-plain', Prefix: 'cold/' }))).Contents![0]!.StorageClass, (c) => c === 'GLACIER', 'the transition');
    expect(cold).toBe('GLACIER');
    expect(await failure(s3().send(new GetObjectCommand({ Bucket: 'life-plain', Key: 'cold/c.csv' })))).toMatch(/^403 InvalidObjectState/);
    await waitFor(async () => (await s3().send(new ListMultipartUploadsCommand({ Bucket: 'life-plain' }))).Uploads ?? [], (u) => u.length === 0, 'the upload to be aborted');
    expect(await failure(s3().send(new HeadObjectCommand({ Bucket: 'life-plain', Key: 'big.bin' })))).toMatch(/^404/);
    expect(upload.UploadId).toBeTruthy();

    const versions = async () => {
      const out = await s3().send(new ListObjectVersionsCommand({ Bucket: 'life-versioned' }));
      return { versions: (out.Versions ?? []).map((v) => `${v.Key}:${v.VersionId}:${v.IsLatest}`), markers: (out.DeleteMarkers ?? []).map((m) => `${m.Key}:${m.IsLatest}`) };
    };
    // doc: the current version is hidden behind a delete marker, v1 (noncurrent since 10 March) is removed; gone's
    // noncurrent version is removed, and then its marker, once it is the key's only version.
    const after = await waitFor(versions, (v) => v.versions.length === 1 && v.markers.length === 1, 'the versioned rules');
    expect(after.versions).toEqual([`doc:${v2.VersionId}:false`]);
    expect(after.markers).toEqual(['doc:true']);
    expect(after.versions.join()).not.toContain(v1.VersionId);
    // v2 became noncurrent at that sweep: it goes a day later, at the next midnight; the delete marker left alone
    // then goes too (a Days expiration also removes expired object delete markers).
    clock.set(dayAfterNext + 2 * DAY + 60_000);
    const last = await waitFor(versions, (v) => v.versions.length === 0 && v.markers.length === 0, 'the second noncurrent version and the marker');
    expect(last.markers).toEqual([]);

    // The sweeper's actions on the logged bucket appear in its server access logs as S3's own requests.
    const logText = async () => {
      let text = '';
      for (const o of (await s3().send(new ListObjectsV2Command({ Bucket: 'life-logs', Prefix: 'lc/' }))).Contents ?? []) {
        text += await (await s3().send(new GetObjectCommand({ Bucket: 'life-logs', Key: o.Key! }))).Body!.transformToString();
      }
      return text;
    };
    const text = await waitFor(logText, (t) => t.includes('S3.DELETE.UPLOAD'), 'the lifecycle actions in the access log');
    expect(text).toMatch(/ - AmazonS3 [0-9A-F]{16} S3\.EXPIRE\.OBJECT tmp\/a\.csv "-" - - - 1 - - /);
    expect(text).toMatch(/ S3\.TRANSITION\.OBJECT cold\/c\.csv /);
    expect(text).toMatch(/ S3\.DELETE\.UPLOAD big\.bin /);
  }, 90_000);

});
