// Issue 14 item 5, end to end with the Macie2 SDK client and the aws CLI: suspending Macie cancels the account's jobs
// and refuses new ones until Macie is enabled again; disabling deletes every job, finding, filter, custom identifier,
// allow list and setting, so enabling again starts from an empty account; GetUsageTotals defaults to the past 30 days.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CreateAllowListCommand, CreateClassificationJobCommand, CreateCustomDataIdentifierCommand, CreateFindingsFilterCommand, CreateSampleFindingsCommand,
  DescribeClassificationJobCommand, DisableMacieCommand, EnableMacieCommand, GetUsageTotalsCommand, ListAllowListsCommand, ListClassificationJobsCommand,
  ListCustomDataIdentifiersCommand, ListFindingsCommand, ListFindingsFiltersCommand, Macie2Client, UpdateMacieSessionCommand,
} from '@aws-sdk/client-macie2';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { startServer, type TestServer } from '../harness.js';
import { aws, awsCliAvailable } from '../aws-cli.js';

let server: TestServer;
let macie: Macie2Client;
let s3: S3Client;

beforeAll(async () => {
  server = await startServer();
  macie = new Macie2Client(server.clientConfig());
  s3 = new S3Client(server.clientConfig());
  await macie.send(new EnableMacieCommand({}));
  await s3.send(new CreateBucketCommand({ Bucket: 'lifecycle-data' }));
  await s3.send(new PutObjectCommand({ Bucket: 'lifecycle-data', Key: 'a.csv', Body: 'name,card\nA,4556737586899855\n' }));
});
afterAll(async () => {
  await server?.close();
});

const job = (name: string, jobType: 'ONE_TIME' | 'SCHEDULED' = 'SCHEDULED') =>
  new CreateClassificationJobCommand({
    clientToken: `${name}-${Math.random()}`,
    name,
    jobType,
    ...(jobType === 'SCHEDULED' ? { scheduleFrequency: { dailySchedule: {} }, initialRun: false } : {}),
    s3JobDefinition: { bucketDefinitions: [{ accountId: server.accountId, buckets: ['lifecycle-data'] }] },
  });

describe('suspending and disabling Macie through the SDK', () => {
  it('suspending cancels open jobs and refuses new ones; enabling again accepts them', async () => {
    const { jobId } = await macie.send(job('nightly'));
    await macie.send(new UpdateMacieSessionCommand({ status: 'PAUSED' }));
    expect((await macie.send(new DescribeClassificationJobCommand({ jobId }))).jobStatus).toBe('CANCELLED');
    const refused = await macie.send(job('while-suspended')).catch((e: unknown) => e as { name: string; $metadata: { httpStatusCode: number } });
    expect(refused).toMatchObject({ name: 'AccessDeniedException', $metadata: { httpStatusCode: 403 } });
    // Everything else is kept and readable while suspended.
    expect((await macie.send(new ListClassificationJobsCommand({}))).items?.map((j) => j.name)).toEqual(['nightly']);
    await macie.send(new UpdateMacieSessionCommand({ status: 'ENABLED' }));
    const again = await macie.send(job('after-resume'));
    expect((await macie.send(new DescribeClassificationJobCommand({ jobId: again.jobId }))).jobStatus).toBe('IDLE');
  });

  it('GetUsageTotals without a timeRange answers the past 30 days', async () => {
    expect((await macie.send(new GetUsageTotalsCommand({}))).timeRange).toBe('PAST_30_DAYS');
  });

  it('DisableMacie then EnableMacie leaves an empty account', async () => {
    await macie.send(new CreateCustomDataIdentifierCommand({ name: 'emp', regex: 'EMP-\\d{6}' }));
    await macie.send(new CreateAllowListCommand({ name: 'ok', clientToken: 'al-1', criteria: { regex: 'TEST-\\d+' } }));
    await macie.send(new CreateFindingsFilterCommand({ name: 'keep', action: 'NOOP', findingCriteria: { criterion: { 'severity.description': { eq: ['High'] } } } }));
    await macie.send(new CreateSampleFindingsCommand({ findingTypes: ['SensitiveData:S3Object/Personal'] }));
    expect((await macie.send(new ListFindingsCommand({}))).findingIds?.length).toBeGreaterThan(0);

    await macie.send(new DisableMacieCommand({}));
    await expect(macie.send(new ListFindingsCommand({}))).rejects.toMatchObject({ name: 'AccessDeniedException' });
    await macie.send(new EnableMacieCommand({}));
    expect((await macie.send(new ListClassificationJobsCommand({}))).items).toEqual([]);
    expect((await macie.send(new ListFindingsCommand({}))).findingIds).toEqual([]);
    expect((await macie.send(new ListFindingsFiltersCommand({}))).findingsFilterListItems).toEqual([]);
    expect((await macie.send(new ListCustomDataIdentifiersCommand({}))).items).toEqual([]);
    expect((await macie.send(new ListAllowListsCommand({}))).allowLists).toEqual([]);
  });
});

describe.skipIf(!awsCliAvailable)('suspending and disabling Macie with the aws CLI', { timeout: 180_000 }, () => {
  it('update-macie-session PAUSED cancels, create-classification-job is refused, disable + enable empties', async () => {
    const env = server.cliEnv();
    const created = await aws(env, ['macie2', 'create-classification-job', '--job-type', 'SCHEDULED', '--name', 'cli-job', '--schedule-frequency', 'dailySchedule={}', '--no-initial-run',
      '--s3-job-definition', JSON.stringify({ bucketDefinitions: [{ accountId: server.accountId, buckets: ['lifecycle-data'] }] })]);
    expect(created.code).toBe(0);
    expect((await aws(env, ['macie2', 'update-macie-session', '--status', 'PAUSED'])).code).toBe(0);
    expect((await aws(env, ['macie2', 'describe-classification-job', '--job-id', created.json.jobId])).json.jobStatus).toBe('CANCELLED');
    const refused = await aws(env, ['macie2', 'create-classification-job', '--job-type', 'ONE_TIME', '--name', 'refused',
      '--s3-job-definition', JSON.stringify({ bucketDefinitions: [{ accountId: server.accountId, buckets: ['lifecycle-data'] }] })]);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('AccessDeniedException');
    expect((await aws(env, ['macie2', 'disable-macie'])).code).toBe(0);
    expect((await aws(env, ['macie2', 'enable-macie'])).code).toBe(0);
    expect((await aws(env, ['macie2', 'list-classification-jobs'])).json.items).toEqual([]);
    expect((await aws(env, ['macie2', 'get-macie-session'])).json.status).toBe('ENABLED');
  });

  it('a bucket made with the CLI blocks public access and enforces bucket ownership; a public ACL at creation is refused', async () => {
    const env = server.cliEnv();
    expect((await aws(env, ['s3api', 'create-bucket', '--bucket', 'cli-fresh'])).code).toBe(0);
    expect((await aws(env, ['s3api', 'get-public-access-block', '--bucket', 'cli-fresh'])).json.PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true });
    expect((await aws(env, ['s3api', 'get-bucket-ownership-controls', '--bucket', 'cli-fresh'])).json.OwnershipControls.Rules).toEqual([{ ObjectOwnership: 'BucketOwnerEnforced' }]);
    const pub = await aws(env, ['s3api', 'create-bucket', '--bucket', 'cli-pub', '--acl', 'public-read', '--object-ownership', 'ObjectWriter']);
    expect(pub.code).not.toBe(0);
    expect(pub.stderr).toContain('InvalidBucketAclWithBlockPublicAccessError');
  });
});
