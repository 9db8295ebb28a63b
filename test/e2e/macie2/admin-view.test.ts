// What a Macie administrator sees of its members, end to end with the real SDK clients: usage and quotas per
// account (GetUsageStatistics, GetUsageTotals) after a job over their buckets, and their policy findings
// (ListFindings/GetFindings/GetFindingStatistics); a member sees only its own.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CreateClassificationJobCommand, CreateMemberCommand, CreateSampleFindingsCommand, DescribeClassificationJobCommand, EnableMacieCommand, EnableOrganizationAdminAccountCommand,
  CreateFindingsFilterCommand, GetFindingStatisticsCommand, GetFindingsCommand, GetUsageStatisticsCommand, GetUsageTotalsCommand, ListFindingsCommand, Macie2Client, type JobStatus,
} from '@aws-sdk/client-macie2';
import type { OrganizationsClient } from '@aws-sdk/client-organizations';
import { CreateBucketCommand, DeletePublicAccessBlockCommand, PutObjectCommand, PutPublicAccessBlockCommand, S3Client } from '@aws-sdk/client-s3';
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

  it("archives members' policy findings by the administrator's suppression rules", async () => {
    const adminMacie = macieOf(admin);
    // The administrator suppresses block-public-access findings for one member's account.
    await adminMacie.send(new CreateFindingsFilterCommand({
      name: 'bpa-off-in-m2', action: 'ARCHIVE',
      findingCriteria: { criterion: { type: { eq: ['Policy:IAMUser/S3BlockPublicAccessDisabled'] }, accountId: { eq: [m2.accountId] } } },
    }));
    // A member's own rule never reaches another account's findings.
    await macieOf(m1).send(new CreateFindingsFilterCommand({ name: 'm1-hides-all', action: 'ARCHIVE', findingCriteria: { criterion: { accountId: { eq: [m2.accountId] } } } }));
    // Both members turn block public access on and off again: the findings recur, and the rule applies as they arrive.
    const { store, storage, ids, clock } = server.sift.deps;
    const monitor = new PolicyMonitor({ store, storage, ids, clock });
    const block = { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true };
    for (const m of [m1, m2]) await s3Of(m).send(new PutPublicAccessBlockCommand({ Bucket: bucketOf(m), PublicAccessBlockConfiguration: block }));
    await monitor.evaluateAll();
    for (const m of [m1, m2]) await s3Of(m).send(new DeletePublicAccessBlockCommand({ Bucket: bucketOf(m) }));
    await monitor.evaluateAll();

    const bpaOf = async (who: OrgAccount, account: OrgAccount) => {
      const criterion = { type: { eq: ['Policy:IAMUser/S3BlockPublicAccessDisabled'] }, accountId: { eq: [account.accountId] } };
      const { findingIds } = await macieOf(who).send(new ListFindingsCommand({ findingCriteria: { criterion } }));
      return (await macieOf(who).send(new GetFindingsCommand({ findingIds }))).findings ?? [];
    };
    // m2's finding is archived, seen so by the administrator and by m2 itself; m1's is not.
    expect((await bpaOf(admin, m2)).map((f) => f.archived)).toEqual([true]);
    expect((await bpaOf(m2, m2)).map((f) => f.archived)).toEqual([true]);
    expect((await bpaOf(admin, m1)).map((f) => f.archived)).toEqual([false]);
    // The member's own rule reached nothing outside its account.
    expect((await bpaOf(admin, admin))).toEqual([]);
  }, 120_000);
});
