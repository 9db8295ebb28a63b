// A Macie administrator's job over buckets of several accounts, end to end with the real SDK clients, in an opt-in
// Region (so a member can turn it off): findings for each account, a member that sees only its own, and each of
// the seven account-level job events caused for real, once each, while the other accounts' buckets are analysed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CreateClassificationJobCommand, CreateMemberCommand, DescribeBucketsCommand, DescribeClassificationJobCommand, DisableMacieCommand, DisassociateMemberCommand, EnableMacieCommand,
  EnableOrganizationAdminAccountCommand, GetFindingsCommand, UpdateMacieSessionCommand, ListFindingsCommand, Macie2Client, UpdateMemberSessionCommand, UpdateClassificationJobCommand, type JobStatus,
} from '@aws-sdk/client-macie2';
import { CloseAccountCommand, type OrganizationsClient } from '@aws-sdk/client-organizations';
import { AccountClient, DisableRegionCommand } from '@aws-sdk/client-account';
import { CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { CreateBucketCommand, PutBucketPolicyCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { startServer, type TestServer } from '../harness.js';
import { createMemberAccount, createOrganization, type OrgAccount } from '../organizations/org-helpers.js';

const REGION = 'af-south-1';
let server: TestServer;
let orgs: OrganizationsClient;
let admin: OrgAccount;
const accounts: Record<string, OrgAccount> = {};
const macieOf = (a?: OrgAccount) => new Macie2Client(server.clientConfig(a?.creds, REGION));
const s3Of = (a: OrgAccount) => new S3Client(server.clientConfig(a.creds, REGION));

const CARDS = ['4556737586899855', '4539148803436467', '4916338506082832'];
const csv = (n: number) => ['name,credit card number', ...Array.from({ length: n }, (_, i) => `Person ${i},${CARDS[i % CARDS.length]}`)].join('\n') + '\n';

async function fill(a: OrgAccount, bucket: string) {
  const s3 = s3Of(a);
  await s3.send(new CreateBucketCommand({ Bucket: bucket, CreateBucketConfiguration: { LocationConstraint: REGION } }));
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'cards.csv', Body: csv(5) }));
}

beforeAll(async () => {
  server = await startServer();
  orgs = await createOrganization(server);
  await macieOf().send(new EnableMacieCommand({}));
  admin = await createMemberAccount(server, orgs, 'security');
  await macieOf().send(new EnableOrganizationAdminAccountCommand({ adminAccountId: admin.accountId }));
});
afterAll(async () => server.close());

async function waitFor(macie: Macie2Client, jobId: string, statuses: JobStatus[], timeoutMs = 90_000) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const d = await macie.send(new DescribeClassificationJobCommand({ jobId }));
    if (statuses.includes(d.jobStatus!)) return d;
    if (Date.now() > end) throw new Error(`job ${jobId} still ${d.jobStatus}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function jobEvents(a: OrgAccount, jobId: string) {
  const logs = new CloudWatchLogsClient(server.clientConfig(a.creds, REGION));
  for (let i = 0; i < 200; i++) {
    const out = await logs.send(new FilterLogEventsCommand({ logGroupName: '/aws/macie/classificationjobs', logStreamNames: [jobId] })).catch(() => undefined);
    const events = (out?.events ?? []).map((e) => JSON.parse(e.message!) as Record<string, unknown>);
    if (events.some((e) => ['JOB_COMPLETED', 'JOB_CANCELLED'].includes(String(e.eventType)))) return events;
    await new Promise((r) => setTimeout(r, 50));
  }
  return [];
}

describe("a Macie administrator's job over members' buckets", () => {
  it('analyses three accounts, skips each unreachable account with its event, and keeps findings per account', async () => {
    const adminMacie = macieOf(admin);
    const names = ['good-1', 'good-2', 'deny', 'disabled', 'disassociated', 'isolated', 'region-off', 'suspended', 'closed'] as const;
    for (const n of names) {
      accounts[n] = await createMemberAccount(server, orgs, n);
      await adminMacie.send(new CreateMemberCommand({ account: { accountId: accounts[n]!.accountId, email: `${n}@example.com` } }));
      await fill(accounts[n]!, `b-${n}-${accounts[n]!.accountId}`);
    }
    await fill(admin, `b-admin-${admin.accountId}`);

    // The real causes, each in its own account.
    const macieRole = (id: string) => `arn:aws:iam::${id}:role/aws-service-role/macie.amazonaws.com/AWSServiceRoleForAmazonMacie`;
    const deny = accounts.deny!;
    await s3Of(deny).send(new PutBucketPolicyCommand({
      Bucket: `b-deny-${deny.accountId}`,
      Policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: { AWS: macieRole(deny.accountId) }, Action: 's3:*', Resource: [`arn:aws:s3:::b-deny-${deny.accountId}`, `arn:aws:s3:::b-deny-${deny.accountId}/*`] }] }),
    }));
    await macieOf(accounts.disabled).send(new DisableMacieCommand({}));
    await adminMacie.send(new DisassociateMemberCommand({ id: accounts.disassociated!.accountId }));
    await server.sift.accounts.setIsolated(accounts.isolated!.accountId, true);
    await new AccountClient(server.clientConfig()).send(new DisableRegionCommand({ AccountId: accounts['region-off']!.accountId, RegionName: REGION }));
    await adminMacie.send(new UpdateMemberSessionCommand({ id: accounts.suspended!.accountId, status: 'PAUSED' }));
    await orgs.send(new CloseAccountCommand({ AccountId: accounts.closed!.accountId }));

    const { jobId } = await adminMacie.send(new CreateClassificationJobCommand({
      clientToken: 'org-job', jobType: 'ONE_TIME', name: 'org job',
      s3JobDefinition: {
        bucketDefinitions: [
          { accountId: admin.accountId, buckets: [`b-admin-${admin.accountId}`] },
          ...names.map((n) => ({ accountId: accounts[n]!.accountId, buckets: [`b-${n}-${accounts[n]!.accountId}`] })),
        ],
      },
    }));
    const done = await waitFor(adminMacie, jobId!, ['COMPLETE']);
    expect(done.lastRunErrorStatus?.code).toBe('ERROR');

    const events = await jobEvents(admin, jobId!);
    const expected: Record<string, string> = {
      deny: 'ACCOUNT_ACCESS_DENIED', disabled: 'ACCOUNT_DISABLED', disassociated: 'ACCOUNT_DISASSOCIATED', isolated: 'ACCOUNT_ISOLATED',
      'region-off': 'ACCOUNT_REGION_DISABLED', suspended: 'ACCOUNT_SUSPENDED', closed: 'ACCOUNT_TERMINATED',
    };
    for (const [n, type] of Object.entries(expected)) {
      const matching = events.filter((e) => e.eventType === type);
      expect(matching, type).toHaveLength(1);
      expect(matching[0]).toMatchObject({ adminAccountId: admin.accountId, jobId, affectedAccount: accounts[n]!.accountId, jobName: 'org job' });
      expect(Object.keys(matching[0]!).sort()).toEqual(
        ['adminAccountId', 'affectedAccount', 'description', 'eventType', 'jobId', 'jobName', 'occurredAt', 'runDate', ...(type === 'ACCOUNT_ACCESS_DENIED' ? ['operation'] : [])].sort(),
      );
    }
    expect(events.find((e) => e.eventType === 'ACCOUNT_ISOLATED')?.description).toBe('The job skipped resources that are owned by the affected account. The AWS account was isolated.');
    expect(events.some((e) => String(e.eventType).startsWith('BUCKET_'))).toBe(false);

    // Findings for each analysed account, listed by the administrator, filtered by accountId.
    const analysed = [admin.accountId, accounts['good-1']!.accountId, accounts['good-2']!.accountId];
    const { findingIds } = await adminMacie.send(new ListFindingsCommand({ findingCriteria: { criterion: { 'classificationDetails.jobId': { eq: [jobId!] } } } }));
    const { findings } = await adminMacie.send(new GetFindingsCommand({ findingIds }));
    expect(findings?.map((f) => f.accountId).sort()).toEqual([...analysed].sort());
    for (const f of findings ?? []) expect(f.resourcesAffected?.s3Bucket?.owner?.id ?? f.accountId).toBe(f.accountId);
    const good1 = await adminMacie.send(new ListFindingsCommand({ findingCriteria: { criterion: { accountId: { eq: [accounts['good-1']!.accountId] } } } }));
    expect(good1.findingIds).toHaveLength(1);

    // A member sees its own findings only: not the administrator's job's findings about its bucket, nor anyone else's.
    const member = macieOf(accounts['good-1']);
    expect((await member.send(new ListFindingsCommand({}))).findingIds).toEqual([]);
    const theirs = await member.send(new GetFindingsCommand({ findingIds: findingIds! }));
    expect(theirs.findings).toEqual([]);
  }, 240_000);

  it('runs bucket criteria over members: ACCOUNT_ID picks one member; unreachable members are reported', async () => {
    const adminMacie = macieOf(admin);
    const target = accounts['good-2']!.accountId;
    const { jobId } = await adminMacie.send(new CreateClassificationJobCommand({
      clientToken: 'criteria-job', jobType: 'ONE_TIME', name: 'criteria job',
      s3JobDefinition: { bucketCriteria: { includes: { and: [{ simpleCriterion: { key: 'ACCOUNT_ID', comparator: 'EQ', values: [target] } }] } } },
    }));
    await waitFor(adminMacie, jobId!, ['COMPLETE']);
    const events = await jobEvents(admin, jobId!);
    const matched = events.filter((e) => e.eventType === 'BUCKET_MATCHED_THE_CRITERIA');
    expect(matched.map((e) => [e.affectedAccount, (e.affectedResource as { value: string }).value])).toEqual([[target, `b-good-2-${target}`]]);
    expect(events.filter((e) => e.eventType === 'ACCOUNT_ISOLATED').map((e) => e.affectedAccount)).toEqual([accounts.isolated!.accountId]);
    const { findingIds } = await adminMacie.send(new ListFindingsCommand({ findingCriteria: { criterion: { 'classificationDetails.jobId': { eq: [jobId!] } } } }));
    const { findings } = await adminMacie.send(new GetFindingsCommand({ findingIds }));
    expect(findings?.map((f) => f.accountId)).toEqual([target]);
  }, 120_000);

  it("lists members' buckets in the administrator's inventory; a member sees only its own", async () => {
    const one = await macieOf(admin).send(new DescribeBucketsCommand({ criteria: { accountId: { eq: [accounts['good-1']!.accountId] } } }));
    expect(one.buckets?.map((b) => [b.accountId, b.bucketName])).toEqual([[accounts['good-1']!.accountId, `b-good-1-${accounts['good-1']!.accountId}`]]);
    const all = await macieOf(admin).send(new DescribeBucketsCommand({}));
    expect(all.buckets?.map((b) => b.accountId)).toContain(admin.accountId);
    expect(all.buckets?.map((b) => b.accountId)).toContain(accounts['good-2']!.accountId);
    const mine = await macieOf(accounts['good-1']).send(new DescribeBucketsCommand({}));
    expect(mine.buckets?.map((b) => b.accountId)).toEqual([accounts['good-1']!.accountId]);
  }, 120_000);

  it("cancels the administrator's jobs when its own Macie is suspended: ACCOUNT_SUSPENDED for a run in progress, then JOB_CANCELLED, once each", async () => {
    const adminMacie = macieOf(admin);
    // A run in progress: a one-time job over a bucket with many objects, paused by the user before it can finish.
    const big = `b-big-${admin.accountId}`;
    await s3Of(admin).send(new CreateBucketCommand({ Bucket: big, CreateBucketConfiguration: { LocationConstraint: REGION } }));
    await Promise.all(Array.from({ length: 200 }, (_, i) => s3Of(admin).send(new PutObjectCommand({ Bucket: big, Key: `cards-${i}.csv`, Body: csv(20) }))));
    const running = await adminMacie.send(new CreateClassificationJobCommand({
      clientToken: 'own-suspended', jobType: 'ONE_TIME', name: 'own suspended',
      s3JobDefinition: { bucketDefinitions: [{ accountId: admin.accountId, buckets: [big] }] },
    }));
    await adminMacie.send(new UpdateClassificationJobCommand({ jobId: running.jobId, jobStatus: 'USER_PAUSED' }));
    // A scheduled job with no run yet: cancelled with no account-level event.
    const scheduled = await adminMacie.send(new CreateClassificationJobCommand({
      clientToken: 'own-suspended-scheduled', jobType: 'SCHEDULED', name: 'own suspended scheduled', initialRun: false, scheduleFrequency: { dailySchedule: {} },
      s3JobDefinition: { bucketDefinitions: [{ accountId: admin.accountId, buckets: [`b-admin-${admin.accountId}`] }] },
    }));
    await adminMacie.send(new UpdateMacieSessionCommand({ status: 'PAUSED' }));
    try {
      for (const jobId of [running.jobId!, scheduled.jobId!]) expect((await adminMacie.send(new DescribeClassificationJobCommand({ jobId }))).jobStatus).toBe('CANCELLED');
      const events = await jobEvents(admin, running.jobId!);
      const types = events.map((e) => e.eventType);
      expect(types.slice(-2)).toEqual(['ACCOUNT_SUSPENDED', 'JOB_CANCELLED']);
      expect(types.filter((t) => t === 'ACCOUNT_SUSPENDED')).toHaveLength(1);
      expect(types.filter((t) => t === 'JOB_CANCELLED')).toHaveLength(1);
      expect(events.find((e) => e.eventType === 'ACCOUNT_SUSPENDED')).toMatchObject({ affectedAccount: admin.accountId, adminAccountId: admin.accountId });
      const idle = (await jobEvents(admin, scheduled.jobId!)).map((e) => e.eventType);
      expect(idle.filter((t) => t === 'JOB_CANCELLED')).toHaveLength(1);
      expect(idle).not.toContain('ACCOUNT_SUSPENDED');
      // New jobs are refused while suspended.
      await expect(adminMacie.send(new CreateClassificationJobCommand({
        clientToken: 'while-suspended', jobType: 'ONE_TIME', name: 'while suspended',
        s3JobDefinition: { bucketDefinitions: [{ accountId: admin.accountId, buckets: [`b-admin-${admin.accountId}`] }] },
      }))).rejects.toMatchObject({ name: 'AccessDeniedException' });
    } finally {
      await adminMacie.send(new UpdateMacieSessionCommand({ status: 'ENABLED' }));
    }
  }, 120_000);

  it("cancels a member's own jobs when its administrator suspends its Macie (UpdateMemberSession PAUSED), once", async () => {
    const member = accounts['good-2']!;
    const memberMacie = macieOf(member);
    const { jobId } = await memberMacie.send(new CreateClassificationJobCommand({
      clientToken: 'member-scheduled', jobType: 'SCHEDULED', name: 'member scheduled', initialRun: false, scheduleFrequency: { dailySchedule: {} },
      s3JobDefinition: { bucketDefinitions: [{ accountId: member.accountId, buckets: [`b-good-2-${member.accountId}`] }] },
    }));
    await macieOf(admin).send(new UpdateMemberSessionCommand({ id: member.accountId, status: 'PAUSED' }));
    try {
      expect((await memberMacie.send(new DescribeClassificationJobCommand({ jobId }))).jobStatus).toBe('CANCELLED');
      const types = (await jobEvents(member, jobId!)).map((e) => e.eventType);
      expect(types.filter((t) => t === 'JOB_CANCELLED')).toHaveLength(1);
    } finally {
      await macieOf(admin).send(new UpdateMemberSessionCommand({ id: member.accountId, status: 'ENABLED' }));
    }
  }, 120_000);
});
