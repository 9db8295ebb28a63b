// Issue 6: `kill -9` the server in the middle of a job and start it again on the same data directory: the job
// completes with exactly one finding per affected object, none skipped, and one JOB_COMPLETED event.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  CreateClassificationJobCommand,
  DescribeClassificationJobCommand,
  EnableMacieCommand,
  GetFindingsCommand,
  ListClassificationJobsCommand,
  Macie2Client,
  paginateListFindings,
} from '@aws-sdk/client-macie2';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { startChild, type ChildServer } from '../child-server.js';

const dataDir = mkdtempSync(join(tmpdir(), 'sift-jobs-crash-'));
const creds = { accessKeyId: 'AKIAJOBSCRASHTEST001', secretAccessKey: 'jobscrashtestjobscrashtestjobscrash00000' };
const ACCOUNT = '111122223333';
const env = { SIFT_DATA_DIR: dataDir, SIFT_ROOT_ACCESS_KEY_ID: creds.accessKeyId, SIFT_ROOT_SECRET_ACCESS_KEY: creds.secretAccessKey, SIFT_ACCOUNT_ID: ACCOUNT };
let child: ChildServer | undefined;
afterAll(async () => {
  await child?.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

const config = (endpoint: string) => ({ endpoint, region: 'us-east-1', credentials: creds, forcePathStyle: true, maxAttempts: 1 });
const CARDS = ['4556737586899855', '4539148803436467', '4916338506082832', '4024007198964305'];
const OBJECTS = 300;
const csv = (i: number) => ['id,name,credit card number,notes', ...Array.from({ length: 400 }, (_, r) => `${r},Person ${i}-${r},${r % 50 === 0 ? CARDS[(i + r) % 4] : 'n/a'},${'lorem ipsum '.repeat(4)}`)].join('\n') + '\n';

describe('a job survives kill -9', () => {
  it('completes after a restart with exactly one finding per affected object', { timeout: 180_000 }, async (ctx) => {
    child = await startChild(env);
    let macie = new Macie2Client(config(child.endpoint));
    await macie.send(new EnableMacieCommand({}));
    const s3 = new S3Client(config(child.endpoint));
    await s3.send(new CreateBucketCommand({ Bucket: 'crash-data' }));
    for (let i = 0; i < OBJECTS; i += 20) {
      await Promise.all(Array.from({ length: 20 }, (_, j) => s3.send(new PutObjectCommand({ Bucket: 'crash-data', Key: `part-${String(i + j).padStart(4, '0')}.csv`, Body: csv(i + j) }))));
    }
    const { jobId } = await macie.send(new CreateClassificationJobCommand({
      clientToken: 'crash', jobType: 'ONE_TIME', name: 'survives kill -9', s3JobDefinition: { bucketDefinitions: [{ accountId: ACCOUNT, buckets: ['crash-data'] }] },
    }));
    // Kill once the run is planned and part of it is done.
    let left = -1;
    for (;;) {
      const d = await macie.send(new DescribeClassificationJobCommand({ jobId }));
      left = d.statistics!.approximateNumberOfObjectsToProcess!;
      expect(d.jobStatus).toBe('RUNNING');
      if (left > 0 && left < OBJECTS - 20) break;
      await new Promise((r) => setTimeout(r, 5));
    }
    await child.kill('SIGKILL');

    child = await startChild(env);
    macie = new Macie2Client(config(child.endpoint));
    for (let i = 0; ; i++) {
      const d = await macie.send(new DescribeClassificationJobCommand({ jobId }));
      if (d.jobStatus === 'COMPLETE') break;
      expect(i).toBeLessThan(1200);
      await new Promise((r) => setTimeout(r, 100));
    }
    const ids: string[] = [];
    for await (const page of paginateListFindings({ client: macie }, { findingCriteria: { criterion: { 'classificationDetails.jobId': { eq: [jobId!] } } } })) ids.push(...page.findingIds!);
    const keys: string[] = [];
    for (let i = 0; i < ids.length; i += 50) {
      const { findings } = await macie.send(new GetFindingsCommand({ findingIds: ids.slice(i, i + 50) }));
      keys.push(...findings!.map((f) => f.resourcesAffected!.s3Object!.key!));
    }
    expect(keys.length).toBe(OBJECTS);
    expect(new Set(keys).size).toBe(OBJECTS);
    const logs = new CloudWatchLogsClient(config(child.endpoint));
    for (let i = 0; ; i++) {
      const out = await logs.send(new FilterLogEventsCommand({ logGroupName: '/aws/macie/classificationjobs', logStreamNames: [jobId!], filterPattern: '{ $.eventType = "JOB_COMPLETED" }' }));
      if (out.events?.length) {
        expect(out.events).toHaveLength(1);
        break;
      }
      expect(i).toBeLessThan(100);
      await new Promise((r) => setTimeout(r, 50));
    }
  });
});
