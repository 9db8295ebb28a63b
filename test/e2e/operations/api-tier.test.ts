// Issue 18, the API tier: PostgreSQL and Redis, two `sift serve --no-workers` on different ports and one
// `sift worker`. Log events written through one API process are read through the other (the Logs events live in the
// database); a Macie job's events are seen through both; trail delivery runs on the worker (its singleton lease,
// named in its log) and its log files are read through either API process; an API process killed with -9 while
// PutLogEvents calls are in flight loses none of the events it acknowledged and the survivor shows each once.
// Needs PostgreSQL (SIFT_TEST_DATABASE_URL) and Redis (SIFT_TEST_REDIS_URL); skipped, saying so, when either is absent.
import { randomUUID } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloudTrailClient, CreateTrailCommand, StartLoggingCommand } from '@aws-sdk/client-cloudtrail';
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  GetLogEventsCommand,
  PutLogEventsCommand,
  paginateFilterLogEvents,
} from '@aws-sdk/client-cloudwatch-logs';
import { CreateClassificationJobCommand, DescribeClassificationJobCommand, EnableMacieCommand, Macie2Client } from '@aws-sdk/client-macie2';
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, PutBucketPolicyCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { postgresReachable } from '../../../src/store/test-databases.js';
import { redisReachable, TEST_REDIS_URL } from '../../../src/queue/test-redis.js';
import { trailBucketPolicy } from '../cloudtrail/trail-policy.js';
import { startApiProcess, startWorkerProcess, type SiftProcess } from '../sift-process.js';
import { sharedDeployment } from '../shared-deployment.js';

const redisUrl = TEST_REDIS_URL;
const ready = (await postgresReachable()) && (await redisReachable());
const ACCOUNT = '111122223333';
const creds = { accessKeyId: 'AKIAAPITIERTEST00001', secretAccessKey: 'apitiertestapitiertestapitiertest0000000' };
const config = (endpoint: string) => ({ endpoint, region: 'us-east-1', credentials: creds, forcePathStyle: true, maxAttempts: 1 });

async function until<T>(what: string, probe: () => Promise<T | undefined>, tries = 600): Promise<T> {
  for (let i = 0; i < tries; i++) {
    const v = await probe().catch(() => undefined);
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function allMessages(endpoint: string, group: string): Promise<string[]> {
  const logs = new CloudWatchLogsClient(config(endpoint));
  const out: string[] = [];
  for await (const page of paginateFilterLogEvents({ client: logs }, { logGroupName: group })) out.push(...page.events!.map((e) => e.message!));
  return out;
}

if (!ready) {
  describe('two API processes and a worker on PostgreSQL and Redis', () => {
    it.skip(`needs PostgreSQL (SIFT_TEST_DATABASE_URL) and Redis at ${redisUrl} (SIFT_TEST_REDIS_URL): none answers`, () => undefined);
  });
} else {
  describe('two API processes and a worker on PostgreSQL and Redis', () => {
    let env: Record<string, string>;
    let apis: Array<SiftProcess & { endpoint: string }> = [];
    let worker: SiftProcess;
    let cleanup: () => Promise<void>;
    beforeAll(async () => {
      const shared = await sharedDeployment('api-tier-e2e', { accountId: ACCOUNT, ...creds }, {
        SIFT_WORK_LEASE_MS: '2000',
        SIFT_JOBS_TICK_MS: '500',
        SIFT_TRAIL_DELIVERY_SECONDS: '1',
      });
      env = shared.env;
      // The first process migrates the database; the others start on it.
      apis = [await startApiProcess(env)];
      apis.push(await startApiProcess(env));
      worker = await startWorkerProcess(env);
      cleanup = async () => {
        for (const p of [...apis, worker]) await p?.kill();
        await shared.drop();
      };
    }, 240_000);
    afterAll(async () => cleanup?.());

    it('log events written through one API process are read through the other, in order', { timeout: 120_000 }, async () => {
      const [a, b] = apis.map((p) => new CloudWatchLogsClient(config(p.endpoint))) as [CloudWatchLogsClient, CloudWatchLogsClient];
      await a.send(new CreateLogGroupCommand({ logGroupName: 'shared' }));
      await b.send(new CreateLogStreamCommand({ logGroupName: 'shared', logStreamName: 's' }));
      const t = Date.now();
      await a.send(new PutLogEventsCommand({ logGroupName: 'shared', logStreamName: 's', logEvents: [{ timestamp: t, message: 'one' }, { timestamp: t + 1, message: 'two' }] }));
      await b.send(new PutLogEventsCommand({ logGroupName: 'shared', logStreamName: 's', logEvents: [{ timestamp: t + 2, message: 'three' }] }));
      for (const client of [a, b]) {
        const got = await client.send(new GetLogEventsCommand({ logGroupName: 'shared', logStreamName: 's', startFromHead: true }));
        expect(got.events!.map((e) => e.message)).toEqual(['one', 'two', 'three']);
      }
    });

    it("a Macie job's events are seen through both API processes; trail delivery runs on the worker", { timeout: 240_000 }, async () => {
      const [first, second] = apis as [SiftProcess & { endpoint: string }, SiftProcess & { endpoint: string }];
      const s3 = new S3Client(config(first.endpoint));
      await s3.send(new CreateBucketCommand({ Bucket: 'tier-data' }));
      for (let i = 0; i < 10; i++) await s3.send(new PutObjectCommand({ Bucket: 'tier-data', Key: `f${i}.csv`, Body: `name,card\nx,${i % 2 ? '4556737586899855' : 'n/a'}\n` }));
      await s3.send(new CreateBucketCommand({ Bucket: 'tier-trail' }));
      await s3.send(new PutBucketPolicyCommand({ Bucket: 'tier-trail', Policy: trailBucketPolicy({ bucket: 'tier-trail', accountId: ACCOUNT, region: 'us-east-1', trail: 'tier' }) }));
      const cloudtrail = new CloudTrailClient(config(second.endpoint));
      await cloudtrail.send(new CreateTrailCommand({ Name: 'tier', S3BucketName: 'tier-trail' }));
      await cloudtrail.send(new StartLoggingCommand({ Name: 'tier' }));
      const macie = new Macie2Client(config(second.endpoint));
      await macie.send(new EnableMacieCommand({}));
      const { jobId } = await macie.send(new CreateClassificationJobCommand({ clientToken: randomUUID(), jobType: 'ONE_TIME', name: 'tier', s3JobDefinition: { bucketDefinitions: [{ accountId: ACCOUNT, buckets: ['tier-data'] }] } }));
      await until('the job to complete', async () => ((await macie.send(new DescribeClassificationJobCommand({ jobId }))).jobStatus === 'COMPLETE' ? true : undefined), 1200);
      for (const api of apis) {
        const types = await until('the job events', async () => {
          const logs = new CloudWatchLogsClient(config(api.endpoint));
          const messages: string[] = [];
          for await (const page of paginateFilterLogEvents({ client: logs }, { logGroupName: '/aws/macie/classificationjobs', logStreamNames: [jobId!] })) messages.push(...page.events!.map((e) => e.message!));
          const t = messages.map((m) => (JSON.parse(m) as { eventType: string }).eventType).sort();
          return t.includes('JOB_COMPLETED') ? t : undefined;
        });
        expect(types).toEqual(['JOB_COMPLETED', 'JOB_CREATED', 'ONE_TIME_JOB_STARTED']);
      }
      // The trail's log files, written by the worker, hold the calls both API processes answered.
      const names = await until('trail log files with both API processes\u2019 calls', async () => {
        const listed = await new S3Client(config(second.endpoint)).send(new ListObjectsV2Command({ Bucket: 'tier-trail', Prefix: `AWSLogs/${ACCOUNT}/CloudTrail/` }));
        const seen = new Set<string>();
        for (const o of listed.Contents ?? []) {
          const body = await s3.send(new GetObjectCommand({ Bucket: 'tier-trail', Key: o.Key! }));
          for (const r of JSON.parse(gunzipSync(Buffer.from(await body.Body!.transformToByteArray())).toString('utf8')).Records) seen.add(r.eventName);
        }
        return seen.has('CreateClassificationJob') && seen.has('EnableMacie') ? seen : undefined;
      });
      expect(names.has('CreateClassificationJob')).toBe(true);
      expect(worker.stderr()).toMatch(/"singleton task taken".*"task":"cloudtrail"/);
      for (const api of apis) expect(api.stderr()).not.toContain('singleton task taken');
    });

    it('an API process killed with -9 during PutLogEvents loses none of the events it acknowledged', { timeout: 180_000 }, async () => {
      const [survivor, victim] = apis as [SiftProcess & { endpoint: string }, SiftProcess & { endpoint: string }];
      const setup = new CloudWatchLogsClient(config(survivor.endpoint));
      await setup.send(new CreateLogGroupCommand({ logGroupName: 'crash' }));
      const writers = 4;
      for (let w = 0; w < writers; w++) await setup.send(new CreateLogStreamCommand({ logGroupName: 'crash', logStreamName: `w${w}` }));
      const acknowledged = new Set<string>();
      const client = new CloudWatchLogsClient(config(victim.endpoint));
      let stop = false;
      const loops = Array.from({ length: writers }, async (_, w) => {
        for (let batch = 0; !stop; batch++) {
          const messages = Array.from({ length: 100 }, (_, i) => `w${w}-b${batch}-e${i}`);
          try {
            await client.send(new PutLogEventsCommand({ logGroupName: 'crash', logStreamName: `w${w}`, logEvents: messages.map((message) => ({ timestamp: Date.now(), message })) }));
            for (const m of messages) acknowledged.add(m);
          } catch {
            return; // the process is gone: what it did not acknowledge may or may not be there
          }
        }
      });
      await until('some acknowledged batches', async () => (acknowledged.size >= 2000 ? true : undefined));
      await victim.kill('SIGKILL');
      stop = true;
      await Promise.all(loops);
      const stored = await allMessages(survivor.endpoint, 'crash');
      expect(new Set(stored).size).toBe(stored.length);
      const have = new Set(stored);
      const lost = [...acknowledged].filter((m) => !have.has(m));
      expect(lost).toEqual([]);
      // Whole batches only: a batch is in or out.
      const perBatch = new Map<string, number>();
      for (const m of stored) perBatch.set(m.replace(/-e\d+$/, ''), (perBatch.get(m.replace(/-e\d+$/, '')) ?? 0) + 1);
      expect([...perBatch.values()].every((n) => n === 100)).toBe(true);
      apis = [survivor];
    });
  });
}
