// What a Macie administrator sees of its members, end to end with the real SDK clients: usage and quotas per
// account (GetUsageStatistics, GetUsageTotals) after a job over their buckets, and their policy findings
// (ListFindings/GetFindings/GetFindingStatistics); a member sees only its own.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CreateClassificationJobCommand, CreateMemberCommand, CreateSampleFindingsCommand, DescribeClassificationJobCommand, EnableMacieCommand, EnableOrganizationAdminAccountCommand,
  GetFindingStatisticsCommand, GetFindingsCommand, GetUsageStatisticsCommand, GetUsageTotalsCommand, ListFindingsCommand, Macie2Client, type JobStatus,
} from '@aws-sdk/client-macie2';
import type { OrganizationsClient } from '@aws-sdk/client-organizations';
import { CreateBucketCommand, DeletePublicAccessBlockCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { startServer, type TestServer } from '../harness.js';
import { createMemberAccount, createOrganization, type OrgAccount } from '../organizations/org-helpers.js';
import { PolicyMonitor } from '../../../src/services/macie2/policy-findings.js';

const REGION = 'eu-west-1';
let server: TestServer;
let orgs: OrganizationsClient;
let admin: OrgAccount;
let m1: OrgAccount;
let m2: OrgAccount;
const macieOf = (a?: OrgAccount) => new Macie2Client(server.clientConfig(a?.creds, REGION));
const s3Of = (a: OrgAccount) => new S3Client(server.clientConfig(a.creds, REGION));
const bucketOf = (a: OrgAccount) => `view-${a.accountId}`;

const CARDS = ['4556737586899855', '4539148803436467', '4916338506082832'];
const csv = (n: number) => ['name,credit card number', ...Array.from({ length: n }, (_, i) => `Person ${i},${CARDS[i % CARDS.length]}`)].join('\n') + '\n';

async function fill(a: OrgAccount, rows: number) {
  const s3 = s3Of(a);
  await s3.send(new CreateBucketCommand({ Bucket: bucketOf(a), CreateBucketConfiguration: { LocationConstraint: REGION } }));
  await s3.send(new PutObjectCommand({ Bucket: bucketOf(a), Key: 'cards.csv', Body: csv(rows) }));
}

async function waitFor(macie: Macie2Client, jobId: string, statuses: JobStatus[], timeoutMs = 90_000) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const d = await macie.send(new DescribeClassificationJobCommand({ jobId }));
    if (statuses.includes(d.jobStatus!)) return d;
    if (Date.now() > end) throw new Error(`job ${jobId} still ${d.jobStatus}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(async () => {
  server = await startServer();
  orgs = await createOrganization(server);
  await macieOf().send(new EnableMacieCommand({}));
  admin = await createMemberAccount(server, orgs, 'security');
  await macieOf().send(new EnableOrganizationAdminAccountCommand({ adminAccountId: admin.accountId }));
  m1 = await createMemberAccount(server, orgs, 'member-1');
  m2 = await createMemberAccount(server, orgs, 'member-2');
  for (const m of [m1, m2]) await macieOf(admin).send(new CreateMemberCommand({ account: { accountId: m.accountId, email: `${m.accountId}@example.com` } }));
  await fill(admin, 3);
  await fill(m1, 5);
  await fill(m2, 40);
});
afterAll(async () => server.close());

describe("an administrator's view of its members", () => {
  it('reports usage and the quota per account after a job over three accounts; a member sees only its own', async () => {
    const adminMacie = macieOf(admin);
    const { jobId } = await adminMacie.send(new CreateClassificationJobCommand({
      clientToken: 'usage-job', jobType: 'ONE_TIME', name: 'usage job',
      s3JobDefinition: { bucketDefinitions: [admin, m1, m2].map((a) => ({ accountId: a.accountId, buckets: [bucketOf(a)] })) },
    }));
    await waitFor(adminMacie, jobId!, ['COMPLETE']);

    const stats = await adminMacie.send(new GetUsageStatisticsCommand({}));
    const ids = [admin.accountId, m1.accountId, m2.accountId].sort();
    expect(stats.records?.map((r) => r.accountId)).toEqual(ids);
    for (const r of stats.records ?? []) {
      expect(r.usage?.find((u) => u.type === 'SENSITIVE_DATA_DISCOVERY')?.serviceLimit).toMatchObject({ isServiceLimited: false, unit: 'TERABYTES' });
      expect(r.freeTrialStartDate).toBeInstanceOf(Date);
    }
    // The bytes analysed count against the bucket owner's own quota.
    const used = await Promise.all(ids.map((a) => server.sift.store.db.selectFrom('macie_job_usage').select('bytes').where('account_id', '=', a).executeTakeFirst()));
    for (const u of used) expect(Number(u?.bytes ?? 0)).toBeGreaterThan(0);

    const desc = await adminMacie.send(new GetUsageStatisticsCommand({ sortBy: { key: 'accountId', orderBy: 'DESC' } }));
    expect(desc.records?.map((r) => r.accountId)).toEqual([...ids].reverse());
    const one = await adminMacie.send(new GetUsageStatisticsCommand({ filterBy: [{ key: 'accountId', comparator: 'CONTAINS', values: [m2.accountId] }] }));
    expect(one.records?.map((r) => r.accountId)).toEqual([m2.accountId]);
    const paged = await adminMacie.send(new GetUsageStatisticsCommand({ maxResults: 2 }));
    expect(paged.records).toHaveLength(2);
    expect(paged.nextToken).toBeTruthy();

    const member = await macieOf(m1).send(new GetUsageStatisticsCommand({}));
    expect(member.records?.map((r) => r.accountId)).toEqual([m1.accountId]);
    const other = await macieOf(m1).send(new GetUsageStatisticsCommand({ filterBy: [{ key: 'accountId', comparator: 'CONTAINS', values: [m2.accountId] }] }));
    expect(other.records).toEqual([]);

    const totals = await adminMacie.send(new GetUsageTotalsCommand({ timeRange: 'MONTH_TO_DATE' }));
    expect(totals.timeRange).toBe('MONTH_TO_DATE');
    expect(totals.usageTotals?.map((t) => t.estimatedCost)).toEqual(['0', '0', '0', '0']);
  }, 180_000);

  it("shows members' policy findings to the administrator; each member sees only its own", async () => {
    // Each member turns off its bucket's block public access; the administrator's bucket keeps it.
    for (const m of [m1, m2]) await s3Of(m).send(new DeletePublicAccessBlockCommand({ Bucket: bucketOf(m) }));
    // A member's sample findings stay its own.
    await macieOf(m1).send(new CreateSampleFindingsCommand({ findingTypes: ['Policy:IAMUser/S3BucketPublic'] }));
    const { store, storage, ids, clock } = server.sift.deps;
    await new PolicyMonitor({ store, storage, ids, clock }).evaluateAll(); // the pass the server runs every minute

    const policyOnly = { criterion: { category: { eq: ['POLICY'] }, sample: { eq: ['false'] } } };
    const adminMacie = macieOf(admin);
    const { findingIds } = await adminMacie.send(new ListFindingsCommand({ findingCriteria: policyOnly }));
    const { findings } = await adminMacie.send(new GetFindingsCommand({ findingIds }));
    const bpa = findings?.filter((f) => f.type === 'Policy:IAMUser/S3BlockPublicAccessDisabled') ?? [];
    expect(bpa.map((f) => f.accountId).sort()).toEqual([m1.accountId, m2.accountId].sort());
    for (const f of bpa) expect(f.resourcesAffected?.s3Bucket?.name).toBe(bucketOf({ accountId: f.accountId!, creds: admin.creds }));
    expect(findings?.some((f) => f.sample)).toBe(false);

    const byAccount = await adminMacie.send(new ListFindingsCommand({ findingCriteria: { criterion: { ...policyOnly.criterion, accountId: { eq: [m2.accountId] } } } }));
    const m2Findings = (await adminMacie.send(new GetFindingsCommand({ findingIds: byAccount.findingIds }))).findings ?? [];
    expect(m2Findings.length).toBeGreaterThan(0);
    expect(m2Findings.every((f) => f.accountId === m2.accountId)).toBe(true);
    const stats = await adminMacie.send(new GetFindingStatisticsCommand({ groupBy: 'resourcesAffected.s3Bucket.name', findingCriteria: { criterion: { type: { eq: ['Policy:IAMUser/S3BlockPublicAccessDisabled'] } } } }));
    expect(stats.countsByGroup?.map((g) => g.groupKey).sort()).toEqual([bucketOf(m1), bucketOf(m2)].sort());

    // A member: its own policy findings (and its sample), never the other member's or the administrator's.
    const mine = await macieOf(m1).send(new ListFindingsCommand({}));
    const mineFull = (await macieOf(m1).send(new GetFindingsCommand({ findingIds: mine.findingIds }))).findings ?? [];
    expect(mineFull.length).toBeGreaterThan(1);
    expect(mineFull.every((f) => f.accountId === m1.accountId)).toBe(true);
    const m2Ids = bpa.filter((f) => f.accountId === m2.accountId).map((f) => f.id!);
    expect((await macieOf(m1).send(new GetFindingsCommand({ findingIds: m2Ids }))).findings).toEqual([]);
    // The administrator's view of a member's policy finding is the member's own finding.
    const m1Bpa = mineFull.find((f) => f.type === 'Policy:IAMUser/S3BlockPublicAccessDisabled');
    expect(bpa.map((f) => f.id)).toContain(m1Bpa?.id);
  }, 120_000);
});
