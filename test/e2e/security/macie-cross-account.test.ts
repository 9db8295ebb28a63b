// Issue 9, finding 2 and the Macie rows of the cross-resource table: Macie reads and writes other people's buckets
// only as AWS lets it — a job naming another account's bucket reads nothing from it, an allow list is read with
// Macie's role under the bucket's policy, and a run writes discovery results only where the bucket's policy lets
// macie.amazonaws.com write for the job. Real SDK clients, a second account as the attacker.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CreateAllowListCommand,
  CreateClassificationJobCommand,
  DescribeClassificationJobCommand,
  EnableMacieCommand,
  GetAllowListCommand,
  ListFindingsCommand,
  Macie2Client,
  PutClassificationExportConfigurationCommand,
  type JobStatus,
} from '@aws-sdk/client-macie2';
import { CreateBucketCommand, DeleteBucketPolicyCommand, ListObjectsV2Command, PutBucketPolicyCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { startServer, type TestServer } from '../harness.js';
import { macieResultsBucketPolicy, macieResultsKey } from '../service-policies.js';
import { secondAccount } from './principals.js';

let server: TestServer;
let s3: S3Client;
let macie: Macie2Client;
let attacker: { accountId: string; macie: Macie2Client; logs: CloudWatchLogsClient };

beforeAll(async () => {
  server = await startServer();
  s3 = new S3Client(server.clientConfig());
  macie = new Macie2Client(server.clientConfig());
  const other = await secondAccount(server);
  attacker = { accountId: other.accountId, macie: new Macie2Client(server.clientConfig(other.creds)), logs: new CloudWatchLogsClient(server.clientConfig(other.creds)) };
  await macie.send(new EnableMacieCommand({}));
  await attacker.macie.send(new EnableMacieCommand({}));
  await s3.send(new CreateBucketCommand({ Bucket: 'customer-data' }));
  await s3.send(new PutObjectCommand({ Bucket: 'customer-data', Key: 'cards.csv', Body: 'name,credit card number\nann,4556737586899855\n' }));
});
afterAll(async () => server?.close());

async function waitFor(client: Macie2Client, jobId: string, statuses: JobStatus[]) {
  const end = Date.now() + 60_000;
  for (;;) {
    const d = await client.send(new DescribeClassificationJobCommand({ jobId }));
    if (statuses.includes(d.jobStatus!)) return d;
    if (Date.now() > end) throw new Error(`job ${jobId} still ${d.jobStatus}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('Macie across accounts', () => {
  it('a job naming another account’s bucket reads nothing from it: the account is not its member (ACCOUNT_DISASSOCIATED)', { timeout: 60_000 }, async () => {
    const { jobId } = await attacker.macie.send(
      new CreateClassificationJobCommand({ clientToken: 'steal', jobType: 'ONE_TIME', name: 'steal', s3JobDefinition: { bucketDefinitions: [{ accountId: server.accountId, buckets: ['customer-data'] }] } }),
    );
    await waitFor(attacker.macie, jobId!, ['COMPLETE']);
    expect((await attacker.macie.send(new ListFindingsCommand({}))).findingIds).toEqual([]);
    let denied: unknown[] = [];
    for (let i = 0; i < 100 && !denied.length; i++) {
      const out = await attacker.logs.send(new FilterLogEventsCommand({ logGroupName: '/aws/macie/classificationjobs', filterPattern: '{ $.eventType = "ACCOUNT_DISASSOCIATED" }' })).catch(() => undefined);
      denied = out?.events ?? [];
      if (!denied.length) await new Promise((r) => setTimeout(r, 50));
    }
    expect(denied).toHaveLength(1);
    // The owner's own job over the same bucket finds the card.
    const own = await macie.send(new CreateClassificationJobCommand({ clientToken: 'own', jobType: 'ONE_TIME', name: 'own', s3JobDefinition: { bucketDefinitions: [{ accountId: server.accountId, buckets: ['customer-data'] }] } }));
    await waitFor(macie, own.jobId!, ['COMPLETE']);
    expect((await macie.send(new ListFindingsCommand({}))).findingIds).toHaveLength(1);
  });

  it('an allow list is read with Macie’s role: another account’s bucket, or a policy that denies the role, is S3_OBJECT_ACCESS_DENIED', async () => {
    await s3.send(new PutObjectCommand({ Bucket: 'customer-data', Key: 'allow/words.txt', Body: 'Example Corp\n' }));
    const create = async (client: Macie2Client, name: string) => {
      const { id } = await client.send(new CreateAllowListCommand({ name, clientToken: name, criteria: { s3WordsList: { bucketName: 'customer-data', objectKey: 'allow/words.txt' } } }));
      return (await client.send(new GetAllowListCommand({ id }))).status?.code;
    };
    expect(await create(attacker.macie, 'theirs')).toBe('S3_OBJECT_ACCESS_DENIED');
    expect(await create(macie, 'mine')).toBe('OK');
    await s3.send(
      new PutBucketPolicyCommand({
        Bucket: 'customer-data',
        Policy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Deny', Principal: { AWS: `arn:aws:iam::${server.accountId}:role/aws-service-role/macie.amazonaws.com/AWSServiceRoleForAmazonMacie` }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::customer-data/allow/*' }],
        }),
      }),
    );
    expect(await create(macie, 'denied')).toBe('S3_OBJECT_ACCESS_DENIED');
    await s3.send(new DeleteBucketPolicyCommand({ Bucket: 'customer-data' }));
  });

  it('a run writes discovery results only while the bucket policy lets macie.amazonaws.com write for the job', { timeout: 60_000 }, async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'results-repo' }));
    await s3.send(new PutBucketPolicyCommand({ Bucket: 'results-repo', Policy: macieResultsBucketPolicy('results-repo', server.accountId, server.region) }));
    const kmsKeyArn = await macieResultsKey(server);
    await macie.send(new PutClassificationExportConfigurationCommand({ configuration: { s3Destination: { bucketName: 'results-repo', keyPrefix: 'r', kmsKeyArn } } }));
    const run = async (token: string) => {
      const { jobId } = await macie.send(new CreateClassificationJobCommand({ clientToken: token, jobType: 'ONE_TIME', name: token, s3JobDefinition: { bucketDefinitions: [{ accountId: server.accountId, buckets: ['customer-data'] }] } }));
      await waitFor(macie, jobId!, ['COMPLETE']);
      return (await s3.send(new ListObjectsV2Command({ Bucket: 'results-repo', Prefix: `r/AWSLogs/${server.accountId}/Macie/${server.region}/${jobId}/` }))).KeyCount;
    };
    expect(await run('with-policy')).toBeGreaterThan(0);
    // The owner withdraws Macie's grant: the next run writes nothing there.
    await s3.send(new DeleteBucketPolicyCommand({ Bucket: 'results-repo' }));
    expect(await run('without-policy')).toBe(0);
  });
});
