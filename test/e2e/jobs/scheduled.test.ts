// Issue 6, end to end: a daily job run twice on a test clock scans only what changed the second time, and a
// bucket deleted after the job was created is reported as BUCKET_DOES_NOT_EXIST while the run finishes the rest.
// The server's clock is a ManualClock; the SDK clients are told the offset so their signatures stay in time.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CreateClassificationJobCommand,
  DescribeClassificationJobCommand,
  EnableMacieCommand,
  GetFindingsCommand,
  ListClassificationJobsCommand,
  ListFindingsCommand,
  Macie2Client,
} from '@aws-sdk/client-macie2';
import { CreateBucketCommand, DeleteBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { CloudWatchLogsClient, GetLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { ManualClock } from '../../../src/common/index.js';
import { startServer, type TestServer } from '../harness.js';

const DAY = 86_400_000;
const clock = new ManualClock(Date.now());
let server: TestServer;

// A client per call: the SDK re-learns its clock offset from each response's Date header (real time), which would
// undo the offset on the next call of the same client.
const config = () => ({ ...server.clientConfig(), systemClockOffset: clock.nowMs() - Date.now() });
const macie = () => new Macie2Client(config());
const s3 = () => new S3Client(config());
const logs = () => new CloudWatchLogsClient(config());

beforeAll(async () => {
  server = await startServer({ clock });
  await macie().send(new EnableMacieCommand({}));
});
afterAll(async () => {
  await server?.close();
});

const CARDS = ['4556737586899855', '4539148803436467', '4916338506082832'];
const csv = (n: number, seed: number) => ['name,credit card number', ...Array.from({ length: n }, (_, i) => `P${seed}-${i},${CARDS[(seed + i) % CARDS.length]}`)].join('\n') + '\n';

/** Waits (real time) until the job has run `runs` times and is IDLE again: the scheduler ticks every few seconds. */
async function waitForRuns(jobId: string, runs: number, timeoutMs = 30_000) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const d = await macie().send(new DescribeClassificationJobCommand({ jobId }));
    if (d.jobStatus === 'IDLE' && d.statistics?.numberOfRuns === runs) return d;
    if (Date.now() > end) throw new Error(`job ${jobId}: ${d.jobStatus}, ${d.statistics?.numberOfRuns} runs`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function eventsOf(jobId: string, until: (types: string[]) => boolean) {
  for (let i = 0; i < 100; i++) {
    const out = await logs().send(new GetLogEventsCommand({ logGroupName: '/aws/macie/classificationjobs', logStreamName: jobId, startFromHead: true })).catch(() => undefined);
    const events = (out?.events ?? []).map((e) => JSON.parse(e.message!) as Record<string, any>);
    if (until(events.map((e) => e.eventType))) return events;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`events of ${jobId} never arrived`);
}

async function findingKeys(jobId: string) {
  const { findingIds } = await macie().send(new ListFindingsCommand({ findingCriteria: { criterion: { 'classificationDetails.jobId': { eq: [jobId] } } } }));
  if (!findingIds?.length) return [];
  const { findings } = await macie().send(new GetFindingsCommand({ findingIds }));
  return findings!.map((f) => ({ key: f.resourcesAffected!.s3Object!.key!, createdAt: f.createdAt! }));
}

describe('scheduled classification jobs on a test clock', () => {
  it('runs a daily job twice; the second run scans only new and changed objects', { timeout: 60_000 }, async (ctx) => {
    await s3().send(new CreateBucketCommand({ Bucket: 'e2e-daily' }));
    await s3().send(new PutObjectCommand({ Bucket: 'e2e-daily', Key: 'a.csv', Body: csv(3, 1) }));
    await s3().send(new PutObjectCommand({ Bucket: 'e2e-daily', Key: 'b.csv', Body: csv(3, 2) }));
    clock.advance(1000);
    const { jobId } = await macie().send(new CreateClassificationJobCommand({
      clientToken: 'e2e-daily', jobType: 'SCHEDULED', name: 'daily', initialRun: true, scheduleFrequency: { dailySchedule: {} },
      s3JobDefinition: { bucketDefinitions: [{ accountId: server.accountId, buckets: ['e2e-daily'] }] },
    }));
    await waitForRuns(jobId!, 1);
    expect((await findingKeys(jobId!)).map((f) => f.key).sort()).toEqual(['a.csv', 'b.csv']);

    clock.advance(60_000);
    await s3().send(new PutObjectCommand({ Bucket: 'e2e-daily', Key: 'c.csv', Body: csv(2, 3) }));
    await s3().send(new PutObjectCommand({ Bucket: 'e2e-daily', Key: 'a.csv', Body: csv(4, 4) }));
    clock.set(Math.floor(clock.nowMs() / DAY) * DAY + DAY); // the next 00:00 UTC
    const secondRunAt = clock.nowMs();
    const d = await waitForRuns(jobId!, 2);
    expect(d.lastRunTime!.getTime()).toBe(secondRunAt);
    const second = (await findingKeys(jobId!)).filter((f) => f.createdAt.getTime() >= secondRunAt).map((f) => f.key).sort();
    expect(second).toEqual(['a.csv', 'c.csv']);
    const types = (await eventsOf(jobId!, (t) => t.filter((x) => x === 'SCHEDULED_RUN_COMPLETED').length === 2)).map((e) => e.eventType);
    expect(types).toEqual(['JOB_CREATED', 'SCHEDULED_RUN_STARTED', 'SCHEDULED_RUN_COMPLETED', 'SCHEDULED_RUN_STARTED', 'SCHEDULED_RUN_COMPLETED']);
  });

  it('reports a bucket deleted after the job was created and analyses the others', { timeout: 60_000 }, async (ctx) => {
    await s3().send(new CreateBucketCommand({ Bucket: 'e2e-kept' }));
    await s3().send(new CreateBucketCommand({ Bucket: 'e2e-removed' }));
    const { jobId } = await macie().send(new CreateClassificationJobCommand({
      clientToken: 'e2e-removed', jobType: 'SCHEDULED', name: 'weekly', scheduleFrequency: { weeklySchedule: { dayOfWeek: 'MONDAY' } },
      s3JobDefinition: { bucketDefinitions: [{ accountId: server.accountId, buckets: ['e2e-kept', 'e2e-removed'] }] },
    }));
    expect((await macie().send(new DescribeClassificationJobCommand({ jobId }))).jobStatus).toBe('IDLE');
    clock.advance(1000);
    await s3().send(new PutObjectCommand({ Bucket: 'e2e-kept', Key: 'new.csv', Body: csv(2, 5) }));
    await s3().send(new DeleteBucketCommand({ Bucket: 'e2e-removed' }));
    clock.advance(8 * DAY);
    const d = await waitForRuns(jobId!, 1);
    expect(d.lastRunErrorStatus).toEqual({ code: 'ERROR' });
    expect((await findingKeys(jobId!)).map((f) => f.key)).toEqual(['new.csv']);
    const events = await eventsOf(jobId!, (t) => t.includes('SCHEDULED_RUN_COMPLETED'));
    const missing = events.find((e) => e.eventType === 'BUCKET_DOES_NOT_EXIST');
    expect(missing).toMatchObject({
      adminAccountId: server.accountId, jobId, jobName: 'weekly', affectedAccount: server.accountId,
      description: 'The affected S3 bucket doesn’t exist anymore.', affectedResource: { type: 'S3_BUCKET_NAME', value: 'e2e-removed' },
    });
    expect(missing!.runDate).toBe(new Date(d.lastRunTime!).toISOString().replace(/Z$/, '000Z'));
  });
});
