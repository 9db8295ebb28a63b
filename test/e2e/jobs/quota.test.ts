// Issue 6 part 6: a job that would take the account past its monthly sensitive data discovery quota is paused by
// Macie with JOB_PAUSED_BY_MACIE_SERVICE_QUOTA_MET, and usage shows the account at its limit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateClassificationJobCommand, DescribeClassificationJobCommand, EnableMacieCommand, GetUsageStatisticsCommand, Macie2Client } from '@aws-sdk/client-macie2';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { startServer, type TestServer } from '../harness.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer({ env: { SIFT_MACIE_MONTHLY_QUOTA_BYTES: '100' } });
});
afterAll(async () => server?.close());

describe('monthly quota', () => {
  it('pauses a job that would exceed it', { timeout: 60_000 }, async () => {
    const macie = new Macie2Client(server.clientConfig());
    const s3 = new S3Client(server.clientConfig());
    await macie.send(new EnableMacieCommand({}));
    await s3.send(new CreateBucketCommand({ Bucket: 'quota-data' }));
    await s3.send(new PutObjectCommand({ Bucket: 'quota-data', Key: 'big.csv', Body: 'id,note\n' + '1,'.padEnd(400, 'x') + '\n' }));
    const { jobId } = await macie.send(
      new CreateClassificationJobCommand({ clientToken: 'q', jobType: 'ONE_TIME', name: 'quota', s3JobDefinition: { bucketDefinitions: [{ accountId: server.accountId, buckets: ['quota-data'] }] } }),
    );
    let status: string | undefined;
    for (let i = 0; i < 400 && status !== 'PAUSED'; i++) {
      status = (await macie.send(new DescribeClassificationJobCommand({ jobId }))).jobStatus;
      if (status !== 'PAUSED') await new Promise((r) => setTimeout(r, 50));
    }
    expect(status).toBe('PAUSED');
    const logs = new CloudWatchLogsClient(server.clientConfig());
    let events: unknown[] = [];
    for (let i = 0; i < 100 && events.length === 0; i++) {
      // Events are published just after the change that causes them: the group may not exist for a moment.
      const out = await logs
        .send(new FilterLogEventsCommand({ logGroupName: '/aws/macie/classificationjobs', logStreamNames: [jobId!], filterPattern: '{ $.eventType = "JOB_PAUSED_BY_MACIE_SERVICE_QUOTA_MET" }' }))
        .catch(() => undefined);
      events = out?.events ?? [];
      if (events.length === 0) await new Promise((r) => setTimeout(r, 50));
    }
    expect(events).toHaveLength(1);
    const usage = await macie.send(new GetUsageStatisticsCommand({}));
    expect(usage.records?.[0]?.accountId).toBe(server.accountId);
  });
});
