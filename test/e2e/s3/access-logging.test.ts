// Issue 15 (item 5): S3 server access logging with @aws-sdk/client-s3 and the aws CLI: PutBucketLogging's checks
// (target exists, same Region, same owner, the target's policy lets logging.s3.amazonaws.com write), and delivery:
// a GET on the source bucket appears, in S3's record format, in a log object under the target prefix once the
// server's (manual) clock passes the delivery interval; a PartitionedPrefix target gets S3's partitioned key.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CreateBucketCommand,
  GetBucketLoggingCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutBucketLoggingCommand,
  PutBucketPolicyCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { ManualClock } from '../../../src/common/index.js';
import { startServer, type TestServer } from '../harness.js';
import { aws, awsCliAvailable } from '../aws-cli.js';
import { waitFor } from '../notifications/receiver.js';

const clock = new ManualClock(Date.now());
let server: TestServer;
const s3 = (region?: string) => new S3Client({ ...server.clientConfig(undefined, region), systemClockOffset: clock.nowMs() - Date.now() });
const failure = (p: Promise<unknown>) => p.then(() => 'ok', (e: { name: string; message: string; $metadata: { httpStatusCode?: number } }) => `${e.$metadata.httpStatusCode} ${e.name}: ${e.message}`);

const loggingPolicy = (target: string, source: string, account: string) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'S3ServerAccessLogsPolicy',
        Effect: 'Allow',
        Principal: { Service: 'logging.s3.amazonaws.com' },
        Action: 's3:PutObject',
        Resource: `arn:aws:s3:::${target}/*`,
        Condition: { ArnLike: { 'aws:SourceArn': `arn:aws:s3:::${source}` }, StringEquals: { 'aws:SourceAccount': account } },
      },
    ],
  });

beforeAll(async () => {
  server = await startServer({ clock });
  for (const Bucket of ['logged-src', 'log-target', 'log-target-open', 'log-partitioned']) await s3().send(new CreateBucketCommand({ Bucket }));
  await s3('eu-west-1').send(new CreateBucketCommand({ Bucket: 'log-target-eu', CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } }));
});
afterAll(async () => {
  await server?.close();
});

describe('S3 server access logging', () => {
  it('checks the target as S3 does before enabling logging', async () => {
    const enable = (TargetBucket: string, TargetPrefix = 'access/') => s3().send(new PutBucketLoggingCommand({ Bucket: 'logged-src', BucketLoggingStatus: { LoggingEnabled: { TargetBucket, TargetPrefix } } }));
    expect(await s3().send(new GetBucketLoggingCommand({ Bucket: 'logged-src' }))).not.toHaveProperty('LoggingEnabled');
    expect(await failure(enable('no-such-log-target'))).toBe('400 InvalidTargetBucketForLogging: The target bucket for logging does not exist');
    expect(await failure(enable('log-target-eu'))).toMatch(/^403 CrossLocationLoggingProhibitted: Cross S3 location logging not allowed/);
    // No bucket policy letting the logging service write.
    expect(await failure(enable('log-target-open'))).toMatch(/^400 InvalidTargetBucketForLogging: The bucket policy of the target bucket must allow logging\.s3\.amazonaws\.com/);
    // A policy for another source bucket does not do either.
    await s3().send(new PutBucketPolicyCommand({ Bucket: 'log-target-open', Policy: loggingPolicy('log-target-open', 'some-other-bucket', server.accountId) }));
    expect(await failure(enable('log-target-open'))).toMatch(/^400 InvalidTargetBucketForLogging/);

    await s3().send(new PutBucketPolicyCommand({ Bucket: 'log-target', Policy: loggingPolicy('log-target', 'logged-src', server.accountId) }));
    await enable('log-target');
    expect((await s3().send(new GetBucketLoggingCommand({ Bucket: 'logged-src' }))).LoggingEnabled).toEqual({ TargetBucket: 'log-target', TargetPrefix: 'access/' });
  });

  it('delivers a logged GET as a record in the target bucket', async () => {
    await s3().send(new PutObjectCommand({ Bucket: 'logged-src', Key: 'reports/q1 data.csv', Body: 'hello' }));
    await s3().send(new GetObjectCommand({ Bucket: 'logged-src', Key: 'reports/q1 data.csv' })).then((r) => r.Body!.transformToString());
    expect(await failure(s3().send(new GetObjectCommand({ Bucket: 'logged-src', Key: 'missing' })))).toMatch(/^404 NoSuchKey/);
    // Delivery waits until the oldest record is five minutes old on the server's clock.
    clock.advance(6 * 60_000);
    const listed = await waitFor(async () => (await s3().send(new ListObjectsV2Command({ Bucket: 'log-target', Prefix: 'access/' }))).Contents ?? [], (c) => c.length > 0, 'a log object');
    expect(listed[0]!.Key).toMatch(/^access\/\d{4}-\d\d-\d\d-\d\d-\d\d-\d\d-[0-9A-F]{16}$/);
    const text = await (await s3().send(new GetObjectCommand({ Bucket: 'log-target', Key: listed[0]!.Key! }))).Body!.transformToString();
    const lines = text.trimEnd().split('\n');
    const get = lines.find((l) => l.includes(' REST.GET.OBJECT reports/q1%20data.csv '));
    expect(get, text).toBeDefined();
    const a = server.accountId;
    expect(get).toMatch(new RegExp(`^${a} logged-src \\[\\d\\d/\\w{3}/\\d{4}:\\d\\d:\\d\\d:\\d\\d \\+0000\\] 127\\.0\\.0\\.1 arn:aws:iam::${a}:root \\S+ REST\\.GET\\.OBJECT reports/q1%20data\\.csv "GET /logged-src/reports/q1%20data\\.csv[^"]* HTTP/1\\.1" 200 - 5 5 \\d+ \\d+ "-" "[^"]*aws-sdk-js[^"]*" - - SigV4 - AuthHeader 127\\.0\\.0\\.1:\\d+ - - -$`));
    expect(lines.find((l) => l.includes(' REST.PUT.OBJECT '))).toMatch(/ 200 - - 5 /);
    expect(lines.find((l) => l.includes(' REST.GET.OBJECT missing '))).toMatch(/ 404 NoSuchKey \d+ - /);
  }, 60_000);

  it('names log objects by PartitionedPrefix (event time) and is read with the aws CLI', async (ctx) => {
    await s3().send(new PutBucketPolicyCommand({ Bucket: 'log-partitioned', Policy: loggingPolicy('log-partitioned', 'logged-src', server.accountId) }));
    await s3().send(new PutBucketLoggingCommand({
      Bucket: 'logged-src',
      BucketLoggingStatus: { LoggingEnabled: { TargetBucket: 'log-partitioned', TargetPrefix: 'p/', TargetObjectKeyFormat: { PartitionedPrefix: { PartitionDateSource: 'EventTime' } } } },
    }));
    const day = new Date(clock.nowMs());
    await s3().send(new ListObjectsV2Command({ Bucket: 'logged-src' }));
    clock.advance(6 * 60_000);
    const listed = await waitFor(async () => (await s3().send(new ListObjectsV2Command({ Bucket: 'log-partitioned' }))).Contents ?? [], (c) => c.length > 0, 'a partitioned log object');
    const y = String(day.getUTCFullYear());
    const m = String(day.getUTCMonth() + 1).padStart(2, '0');
    const d = String(day.getUTCDate()).padStart(2, '0');
    expect(listed[0]!.Key).toMatch(new RegExp(`^p/${server.accountId}/${server.region}/logged-src/${y}/${m}/${d}/${y}-${m}-${d}-00-00-00-[0-9A-F]{16}$`));
    const text = await (await s3().send(new GetObjectCommand({ Bucket: 'log-partitioned', Key: listed[0]!.Key! }))).Body!.transformToString();
    expect(text).toContain(' REST.GET.BUCKET - "GET /logged-src/?list-type=2');

    if (!awsCliAvailable) return ctx.skip();
    const got = await aws(server.cliEnv(), ['s3api', 'get-bucket-logging', '--bucket', 'logged-src']);
    expect(got.code, got.stderr).toBe(0);
    expect(got.json.LoggingEnabled).toEqual({ TargetBucket: 'log-partitioned', TargetPrefix: 'p/', TargetObjectKeyFormat: { PartitionedPrefix: { PartitionDateSource: 'EventTime' } } });
    const off = await aws(server.cliEnv(), ['s3api', 'put-bucket-logging', '--bucket', 'logged-src', '--bucket-logging-status', '{}']);
    expect(off.code, off.stderr).toBe(0);
    expect((await aws(server.cliEnv(), ['s3api', 'get-bucket-logging', '--bucket', 'logged-src'])).json).toBeUndefined();
  }, 60_000);
});
