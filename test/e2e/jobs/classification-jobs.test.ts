// Issue 6, end to end with the real Macie2, S3 and CloudWatch Logs SDK clients: a one-time job over two buckets
// of generated files runs to COMPLETE with its findings and its log events; pause, resume and cancel; a bucket
// denied by its policy produces BUCKET_ACCESS_DENIED (ListObjectsV2) while the job finishes the rest (a deleted
// bucket: scheduled.test.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CreateClassificationJobCommand,
  DescribeClassificationJobCommand,
  EnableMacieCommand,
  GetFindingsCommand,
  ListClassificationJobsCommand,
  ListFindingsCommand,
  Macie2Client,
  UpdateClassificationJobCommand,
  type JobStatus,
} from '@aws-sdk/client-macie2';
import { CreateBucketCommand, PutBucketPolicyCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { CloudWatchLogsClient, FilterLogEventsCommand, GetLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { startServer, type TestServer } from '../harness.js';

let server: TestServer;
let macie: Macie2Client;
let s3: S3Client;
let logs: CloudWatchLogsClient;

beforeAll(async () => {
  server = await startServer();
  macie = new Macie2Client(server.clientConfig());
  s3 = new S3Client(server.clientConfig());
  logs = new CloudWatchLogsClient(server.clientConfig());
  await macie.send(new EnableMacieCommand({}));
});
afterAll(async () => {
  await server?.close();
});

const CARDS = ['4556737586899855', '4539148803436467', '4916338506082832', '4024007198964305'];
const csv = (n: number) => ['name,credit card number,city', ...Array.from({ length: n }, (_, i) => `Person ${i},${CARDS[i % CARDS.length]},Town ${i}`)].join('\n') + '\n';
const json = (n: number) => JSON.stringify({ customers: Array.from({ length: n }, (_, i) => ({ name: `C${i}`, payment: { creditCardNumber: CARDS[i % CARDS.length] } })) });
const log = (n: number) => Array.from({ length: n }, (_, i) => `2026-03-10T12:00:${String(i % 60).padStart(2, '0')}Z INFO request ${i} served in ${i % 97} ms`).join('\n') + '\n';

async function upload(bucket: string, files: Record<string, string>) {
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  for (const [key, body] of Object.entries(files)) await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
}

async function waitFor(jobId: string, statuses: JobStatus[], timeoutMs = 60_000) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const d = await macie.send(new DescribeClassificationJobCommand({ jobId }));
    if (statuses.includes(d.jobStatus!)) return d;
    if (Date.now() > end) throw new Error(`job ${jobId} still ${d.jobStatus}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function jobEvents(jobId: string, filterPattern?: string) {
  // Events are published right after each change; allow the publisher a moment.
  for (let i = 0; i < 100; i++) {
    const out = await logs.send(new FilterLogEventsCommand({ logGroupName: '/aws/macie/classificationjobs', logStreamNames: [jobId], ...(filterPattern ? { filterPattern } : {}) })).catch(() => undefined);
    const events = (out?.events ?? []).map((e) => JSON.parse(e.message!) as Record<string, unknown>);
    if (events.length > 0 && (filterPattern || events.some((e) => ['JOB_COMPLETED', 'JOB_CANCELLED', 'JOB_PAUSED_BY_USER', 'SCHEDULED_RUN_COMPLETED'].includes(String(e.eventType))))) return events;
    await new Promise((r) => setTimeout(r, 50));
  }
  return [];
}

describe('classification jobs through the Macie2 API', () => {
  it('runs a one-time job over two buckets to COMPLETE, with findings and log events', async (ctx) => {
    await upload('e2e-exports', { 'users.csv': csv(20), 'payments/2026-03.json': json(10), 'readme.txt': 'nothing sensitive here\n' });
    await upload('e2e-logs', { 'app/server.log': log(200), 'app/orders.csv': csv(3) });
    const { jobId, jobArn } = await macie.send(new CreateClassificationJobCommand({
      clientToken: 'e2e-one-time', jobType: 'ONE_TIME', name: 'e2e one-time',
      s3JobDefinition: { bucketDefinitions: [{ accountId: server.accountId, buckets: ['e2e-exports', 'e2e-logs'] }] },
    }));
    expect(jobArn).toBe(`arn:aws:macie2:${server.region}:${server.accountId}:classification-job/${jobId}`);
    const done = await waitFor(jobId!, ['COMPLETE']);
    expect(done).toMatchObject({ jobType: 'ONE_TIME', lastRunErrorStatus: { code: 'NONE' }, statistics: { numberOfRuns: 1, approximateNumberOfObjectsToProcess: 0 } });

    const { findingIds } = await macie.send(new ListFindingsCommand({ findingCriteria: { criterion: { 'classificationDetails.jobId': { eq: [jobId!] } } } }));
    const { findings } = await macie.send(new GetFindingsCommand({ findingIds }));
    const byKey = new Map(findings!.map((f) => [`${f.resourcesAffected!.s3Bucket!.name}/${f.resourcesAffected!.s3Object!.key}`, f]));
    expect([...byKey.keys()].sort()).toEqual(['e2e-exports/payments/2026-03.json', 'e2e-exports/users.csv', 'e2e-logs/app/orders.csv']);
    const users = byKey.get('e2e-exports/users.csv')!;
    expect(users).toMatchObject({ type: 'SensitiveData:S3Object/Financial', severity: { description: 'High', score: 3 }, category: 'CLASSIFICATION', count: 1 });
    const detection = users.classificationDetails!.result!.sensitiveData![0]!.detections![0]!;
    expect(detection).toMatchObject({ type: 'CREDIT_CARD_NUMBER', count: 20 });
    expect(detection.occurrences!.cells).toHaveLength(15);
    expect(users.classificationDetails!.result!.additionalOccurrences).toBe(true);
    expect(byKey.get('e2e-exports/payments/2026-03.json')!.classificationDetails!.result!.sensitiveData![0]!.detections![0]!.occurrences!.records!.length).toBe(10);

    const completed = await jobEvents(jobId!, '{ $.eventType = "JOB_COMPLETED" }');
    expect(completed).toHaveLength(1);
    expect(completed[0]).toMatchObject({ adminAccountId: server.accountId, jobId, eventType: 'JOB_COMPLETED', description: 'The job finished running.', jobName: 'e2e one-time' });
    expect(String(completed[0]!.occurredAt)).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    const all = await logs.send(new GetLogEventsCommand({ logGroupName: '/aws/macie/classificationjobs', logStreamName: jobId!, startFromHead: true }));
    expect(all.events!.map((e) => JSON.parse(e.message!).eventType)).toEqual(['JOB_CREATED', 'ONE_TIME_JOB_STARTED', 'JOB_COMPLETED']);
  });

  it('pauses and resumes one job, cancels another, and logs each step', async (ctx) => {
    await upload('e2e-pause', Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`f-${i}.csv`, csv(5)])));
    const { jobId } = await macie.send(new CreateClassificationJobCommand({
      clientToken: 'e2e-pause', jobType: 'ONE_TIME', name: 'pausable', s3JobDefinition: { bucketDefinitions: [{ accountId: server.accountId, buckets: ['e2e-pause'] }] },
    }));
    await macie.send(new UpdateClassificationJobCommand({ jobId, jobStatus: 'USER_PAUSED' }));
    const paused = await macie.send(new DescribeClassificationJobCommand({ jobId }));
    expect(paused.jobStatus).toBe('USER_PAUSED');
    expect(paused.userPausedDetails!.jobExpiresAt!.getTime() - paused.userPausedDetails!.jobPausedAt!.getTime()).toBe(30 * 86_400_000);
    await expect(macie.send(new UpdateClassificationJobCommand({ jobId, jobStatus: 'COMPLETE' }))).rejects.toMatchObject({ name: 'ValidationException' });
    await macie.send(new UpdateClassificationJobCommand({ jobId, jobStatus: 'RUNNING' }));
    await waitFor(jobId!, ['COMPLETE']);
    const { findingIds } = await macie.send(new ListFindingsCommand({ findingCriteria: { criterion: { 'classificationDetails.jobId': { eq: [jobId!] } } }, maxResults: 50 }));
    expect(findingIds).toHaveLength(30);
    // jobEvents stops at the first terminal-looking event, and JOB_PAUSED_BY_USER is one: wait for the completion.
    await jobEvents(jobId!, '{ $.eventType = "JOB_COMPLETED" }');
    const events = (await jobEvents(jobId!)).map((e) => e.eventType);
    expect(events).toEqual(['JOB_CREATED', 'ONE_TIME_JOB_STARTED', 'JOB_PAUSED_BY_USER', 'JOB_RESUMED_BY_USER', 'JOB_COMPLETED']);

    const other = await macie.send(new CreateClassificationJobCommand({
      clientToken: 'e2e-cancel', jobType: 'ONE_TIME', name: 'cancelled', s3JobDefinition: { bucketDefinitions: [{ accountId: server.accountId, buckets: ['e2e-pause'] }] },
    }));
    await macie.send(new UpdateClassificationJobCommand({ jobId: other.jobId, jobStatus: 'CANCELLED' }));
    expect((await macie.send(new DescribeClassificationJobCommand({ jobId: other.jobId }))).jobStatus).toBe('CANCELLED');
    await expect(macie.send(new UpdateClassificationJobCommand({ jobId: other.jobId, jobStatus: 'RUNNING' }))).rejects.toMatchObject({ name: 'ValidationException' });
    expect((await jobEvents(other.jobId!)).map((e) => e.eventType).at(-1)).toBe('JOB_CANCELLED');
  });

  it('finishes the other buckets when one denies Macie by its bucket policy', async (ctx) => {
    await upload('e2e-open', { 'a.csv': csv(3) });
    await upload('e2e-locked', { 'b.csv': csv(3) });
    await s3.send(new PutBucketPolicyCommand({
      Bucket: 'e2e-locked',
      Policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Sid: 'DenyMacie', Effect: 'Deny', Principal: { AWS: `arn:aws:iam::${server.accountId}:role/aws-service-role/macie.amazonaws.com/AWSServiceRoleForAmazonMacie` }, Action: 's3:*', Resource: ['arn:aws:s3:::e2e-locked', 'arn:aws:s3:::e2e-locked/*'] }],
      }),
    }));
    const { jobId } = await macie.send(new CreateClassificationJobCommand({
      clientToken: 'e2e-errors', jobType: 'ONE_TIME', name: 'with errors',
      s3JobDefinition: { bucketDefinitions: [{ accountId: server.accountId, buckets: ['e2e-open', 'e2e-locked'] }] },
    }));
    const done = await waitFor(jobId!, ['COMPLETE']);
    expect(done.lastRunErrorStatus).toEqual({ code: 'ERROR' });
    const { findingIds } = await macie.send(new ListFindingsCommand({ findingCriteria: { criterion: { 'classificationDetails.jobId': { eq: [jobId!] } } } }));
    const { findings } = await macie.send(new GetFindingsCommand({ findingIds }));
    expect(findings!.map((f) => f.resourcesAffected!.s3Bucket!.name)).toEqual(['e2e-open']);
    const denied = await jobEvents(jobId!, '{ $.eventType = "BUCKET_ACCESS_DENIED" }');
    expect(denied[0]).toMatchObject({ operation: 'ListObjectsV2', affectedAccount: server.accountId, affectedResource: { type: 'S3_BUCKET_NAME', value: 'e2e-locked' } });
    expect(denied[0]!.description).toBe('Macie doesn’t have permission to access the affected S3 bucket.');
    expect((await jobEvents(jobId!)).map((e) => e.eventType).at(-1)).toBe('JOB_COMPLETED');
  });
});
