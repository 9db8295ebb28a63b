// Issue 16 with an organization: the Macie administrator's automated discovery covers the members it enables
// (ListAutomatedDiscoveryAccounts / BatchUpdateAutomatedDiscoveryAccounts, autoEnableOrganizationMembers), scores
// their buckets in its inventory and profiles; members can't change the settings or a profile.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BatchUpdateAutomatedDiscoveryAccountsCommand, CreateMemberCommand, DescribeBucketsCommand, EnableMacieCommand, EnableOrganizationAdminAccountCommand,
  GetResourceProfileCommand, ListAutomatedDiscoveryAccountsCommand, Macie2Client, UpdateAutomatedDiscoveryConfigurationCommand, UpdateResourceProfileCommand,
  type BucketMetadata,
} from '@aws-sdk/client-macie2';
import type { OrganizationsClient } from '@aws-sdk/client-organizations';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { startServer, type TestServer } from '../harness.js';
import { createMemberAccount, createOrganization, type OrgAccount } from '../organizations/org-helpers.js';

const REGION = 'eu-west-1';
let server: TestServer;
let orgs: OrganizationsClient;
let admin: OrgAccount;
let m1: OrgAccount;
let m2: OrgAccount;
const macieOf = (a?: OrgAccount) => new Macie2Client(server.clientConfig(a?.creds, REGION));
const bucketOf = (a: OrgAccount) => `ad-${a.accountId}`;

beforeAll(async () => {
  server = await startServer();
  orgs = await createOrganization(server);
  await macieOf().send(new EnableMacieCommand({}));
  admin = await createMemberAccount(server, orgs, 'security');
  await macieOf().send(new EnableOrganizationAdminAccountCommand({ adminAccountId: admin.accountId }));
  m1 = await createMemberAccount(server, orgs, 'member-1');
  m2 = await createMemberAccount(server, orgs, 'member-2');
  for (const m of [m1, m2]) await macieOf(admin).send(new CreateMemberCommand({ account: { accountId: m.accountId, email: `${m.accountId}@example.com` } }));
  for (const a of [admin, m1, m2]) {
    const s3 = new S3Client(server.clientConfig(a.creds, REGION));
    await s3.send(new CreateBucketCommand({ Bucket: bucketOf(a), CreateBucketConfiguration: { LocationConstraint: REGION } }));
    await s3.send(new PutObjectCommand({ Bucket: bucketOf(a), Key: 'cards.csv', Body: 'name,credit card number\nAnn,4556737586899855\nBo,4539148803436467\n' }));
  }
});
afterAll(async () => server.close());

describe("an administrator's automated discovery over its members", () => {
  it('covers the members it enables and keeps members out of the settings', { timeout: 90_000 }, async () => {
    const adminMacie = macieOf(admin);
    const list = async () => (await adminMacie.send(new ListAutomatedDiscoveryAccountsCommand({}))).items!;
    expect(await list()).toEqual([m1, m2].map((m) => ({ accountId: m.accountId, status: 'DISABLED' })).sort((a, b) => (a.accountId < b.accountId ? -1 : 1)));
    const { errors } = await adminMacie.send(new BatchUpdateAutomatedDiscoveryAccountsCommand({ accounts: [{ accountId: m1.accountId, status: 'ENABLED' }, { accountId: '999988887777', status: 'ENABLED' }] }));
    expect(errors).toEqual([{ accountId: '999988887777', errorCode: 'ACCOUNT_NOT_FOUND' }]);
    expect((await adminMacie.send(new ListAutomatedDiscoveryAccountsCommand({ accountIds: [m1.accountId] }))).items).toEqual([{ accountId: m1.accountId, status: 'ENABLED' }]);

    // A member can't change the settings.
    await expect(macieOf(m1).send(new UpdateAutomatedDiscoveryConfigurationCommand({ status: 'ENABLED' }))).rejects.toMatchObject({ name: 'AccessDeniedException' });

    await adminMacie.send(new UpdateAutomatedDiscoveryConfigurationCommand({ status: 'ENABLED' }));
    const end = Date.now() + 60_000;
    let buckets: Record<string, BucketMetadata> = {};
    for (;;) {
      buckets = Object.fromEntries((await adminMacie.send(new DescribeBucketsCommand({}))).buckets!.map((b) => [b.bucketName!, b]));
      if ((buckets[bucketOf(admin)]?.sensitivityScore ?? 0) > 50 && (buckets[bucketOf(m1)]?.sensitivityScore ?? 0) > 50) break;
      if (Date.now() > end) throw new Error(JSON.stringify(buckets));
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(buckets[bucketOf(m1)]).toMatchObject({ accountId: m1.accountId, automatedDiscoveryMonitoringStatus: 'MONITORED' });
    expect(buckets[bucketOf(m2)]).toMatchObject({ accountId: m2.accountId, automatedDiscoveryMonitoringStatus: 'NOT_MONITORED', sensitivityScore: 50 });
    expect(buckets[bucketOf(m2)]!.lastAutomatedDiscoveryTime).toBeUndefined();
    const profile = await adminMacie.send(new GetResourceProfileCommand({ resourceArn: `arn:aws:s3:::${bucketOf(m1)}` }));
    expect(profile.statistics).toMatchObject({ totalItemsClassified: 1, totalItemsSensitive: 1 });
    await expect(macieOf(m1).send(new UpdateResourceProfileCommand({ resourceArn: `arn:aws:s3:::${bucketOf(m1)}`, sensitivityScoreOverride: 100 }))).rejects.toMatchObject({ name: 'AccessDeniedException' });

    // ALL enables every current member.
    await adminMacie.send(new UpdateAutomatedDiscoveryConfigurationCommand({ status: 'ENABLED', autoEnableOrganizationMembers: 'ALL' }));
    expect((await list()).map((i) => i.status)).toEqual(['ENABLED', 'ENABLED']);
  });
});
