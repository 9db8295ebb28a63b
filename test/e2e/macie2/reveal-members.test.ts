// A Macie administrator revealing samples for a finding of a member's bucket, end to end with the real SDK clients:
// with ASSUME_ROLE Macie assumes the administrator's role, then the member's role of the same name, whose trust
// policy must name the administrator's role and the external ID (Macie's documented setup). The reasons Macie gives
// for member findings are checked from their real causes: MEMBER_ROLE_TOO_PERMISSIVE, MISSING_GET_MEMBER_PERMISSION
// and ACCOUNT_NOT_IN_ORGANIZATION.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CreateClassificationJobCommand, CreateMemberCommand, DescribeClassificationJobCommand, DisassociateMemberCommand, EnableMacieCommand, EnableOrganizationAdminAccountCommand,
  GetFindingsCommand, GetSensitiveDataOccurrencesAvailabilityCommand, GetSensitiveDataOccurrencesCommand, ListFindingsCommand, Macie2Client,
  PutClassificationExportConfigurationCommand, UpdateRevealConfigurationCommand, type GetSensitiveDataOccurrencesCommandOutput,
} from '@aws-sdk/client-macie2';
import { CreateAccessKeyCommand, CreateRoleCommand, CreateUserCommand, IAMClient, PutRolePolicyCommand, PutUserPolicyCommand, UpdateAssumeRolePolicyCommand } from '@aws-sdk/client-iam';
import type { OrganizationsClient } from '@aws-sdk/client-organizations';
import { CreateBucketCommand, PutBucketPolicyCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { startServer, type Credentials, type TestServer } from '../harness.js';
import { createMemberAccount, createOrganization, type OrgAccount } from '../organizations/org-helpers.js';
import { macieResultsBucketPolicy, macieResultsKey } from '../service-policies.js';

const SSN_1 = '536-22-8726';
const SSN_2 = '234-56-7890';
const CARD = '4556737586899855';

let server: TestServer;
let orgs: OrganizationsClient;
let admin: OrgAccount;
let member: OrgAccount;
let findingId: string;
let externalId: string;
const macieOf = (creds?: Credentials) => new Macie2Client(server.clientConfig(creds));
const policy = (statement: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statement });
const adminRoleArn = () => `arn:aws:iam::${admin.accountId}:role/MacieReveal`;
const dataBucket = () => `member-data-${member.accountId}`;

async function reveal(client: Macie2Client, id: string): Promise<GetSensitiveDataOccurrencesCommandOutput> {
  let out = await client.send(new GetSensitiveDataOccurrencesCommand({ findingId: id }));
  for (let i = 0; out.status === 'PROCESSING'; i++) {
    if (i > 400) throw new Error('reveal stayed PROCESSING');
    await new Promise((r) => setTimeout(r, 25));
    out = await client.send(new GetSensitiveDataOccurrencesCommand({ findingId: id }));
  }
  return out;
}
const availability = (client: Macie2Client) => client.send(new GetSensitiveDataOccurrencesAvailabilityCommand({ findingId }));

beforeAll(async () => {
  server = await startServer();
  orgs = await createOrganization(server);
  await macieOf().send(new EnableMacieCommand({}));
  admin = await createMemberAccount(server, orgs, 'security');
  await macieOf().send(new EnableOrganizationAdminAccountCommand({ adminAccountId: admin.accountId }));
  member = await createMemberAccount(server, orgs, 'workload');
  const adminMacie = macieOf(admin.creds);
  await adminMacie.send(new CreateMemberCommand({ account: { accountId: member.accountId, email: 'workload@example.com' } }));

  // The administrator's results repository: discovery results of members' objects land here.
  const keyArn = await macieResultsKey(server, admin.creds);
  const adminS3 = new S3Client(server.clientConfig(admin.creds));
  const results = `results-${admin.accountId}`;
  await adminS3.send(new CreateBucketCommand({ Bucket: results }));
  await adminS3.send(new PutBucketPolicyCommand({ Bucket: results, Policy: macieResultsBucketPolicy(results, admin.accountId, server.region) }));
  await adminMacie.send(new PutClassificationExportConfigurationCommand({ configuration: { s3Destination: { bucketName: results, keyPrefix: 'macie', kmsKeyArn: keyArn } } }));

  // The member's data.
  const memberS3 = new S3Client(server.clientConfig(member.creds));
  await memberS3.send(new CreateBucketCommand({ Bucket: dataBucket() }));
  await memberS3.send(new PutObjectCommand({ Bucket: dataBucket(), Key: 'people.csv', Body: `name,ssn,credit card number\nAnn,${SSN_1},${CARD}\nBob,${SSN_2},\n` }));

  // The administrator's job over the member's bucket.
  const { jobId } = await adminMacie.send(new CreateClassificationJobCommand({
    clientToken: 'members', jobType: 'ONE_TIME', name: 'members',
    s3JobDefinition: { bucketDefinitions: [{ accountId: member.accountId, buckets: [dataBucket()] }] },
  }));
  for (let i = 0; (await adminMacie.send(new DescribeClassificationJobCommand({ jobId }))).jobStatus !== 'COMPLETE'; i++) {
    if (i > 1200) throw new Error('job did not complete');
    await new Promise((r) => setTimeout(r, 50));
  }
  const { findingIds } = await adminMacie.send(new ListFindingsCommand({ findingCriteria: { criterion: { 'classificationDetails.jobId': { eq: [jobId!] } } } }));
  const [finding] = (await adminMacie.send(new GetFindingsCommand({ findingIds }))).findings ?? [];
  expect(finding?.resourcesAffected?.s3Bucket?.owner?.id).toBe(member.accountId);
  findingId = finding!.id!;

  // The administrator's reveal role: Macie's trust policy, and leave to assume the members' roles of the same name.
  const adminIam = new IAMClient(server.clientConfig(admin.creds));
  await adminIam.send(new CreateRoleCommand({
    RoleName: 'MacieReveal',
    AssumeRolePolicyDocument: policy([{ Effect: 'Allow', Principal: { Service: 'reveal-samples.macie.amazonaws.com' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:SourceAccount': admin.accountId } } }]),
  }));
  await adminIam.send(new PutRolePolicyCommand({ RoleName: 'MacieReveal', PolicyName: 'chain', PolicyDocument: policy([{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: 'arn:aws:iam::*:role/MacieReveal' }]) }));
  const configured = await adminMacie.send(new UpdateRevealConfigurationCommand({ configuration: { status: 'ENABLED', kmsKeyId: keyArn }, retrievalConfiguration: { retrievalMode: 'ASSUME_ROLE', roleName: 'MacieReveal' } }));
  externalId = configured.retrievalConfiguration!.externalId!;
  expect(externalId).toMatch(/^[a-z0-9]{32}$/);
}, 180_000);
afterAll(async () => server?.close());

describe("an administrator revealing samples of a member's object", () => {
  it("answers ERROR while the member has no role for Macie, and MEMBER_ROLE_TOO_PERMISSIVE for a role without the external ID", { timeout: 60_000 }, async () => {
    const adminMacie = macieOf(admin.creds);
    expect(await availability(adminMacie)).toMatchObject({ code: 'AVAILABLE' });
    const missing = await reveal(adminMacie, findingId);
    expect(missing.status).toBe('ERROR');
    expect(missing.error).toContain(`arn:aws:iam::${member.accountId}:role/MacieReveal`);

    const memberIam = new IAMClient(server.clientConfig(member.creds));
    await memberIam.send(new CreateRoleCommand({ RoleName: 'MacieReveal', AssumeRolePolicyDocument: policy([{ Effect: 'Allow', Principal: { AWS: adminRoleArn() }, Action: 'sts:AssumeRole' }]) }));
    await memberIam.send(new PutRolePolicyCommand({ RoleName: 'MacieReveal', PolicyName: 'read', PolicyDocument: policy([{ Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::${dataBucket()}/*` }]) }));
    expect(await availability(adminMacie)).toMatchObject({ code: 'UNAVAILABLE', reasons: ['MEMBER_ROLE_TOO_PERMISSIVE'] });
    // Another organization's external ID is no better.
    await memberIam.send(new UpdateAssumeRolePolicyCommand({
      RoleName: 'MacieReveal',
      PolicyDocument: policy([{ Effect: 'Allow', Principal: { AWS: adminRoleArn() }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': 'someone-elses-id' } } }]),
    }));
    expect(await availability(adminMacie)).toMatchObject({ code: 'UNAVAILABLE', reasons: ['MEMBER_ROLE_TOO_PERMISSIVE'] });
  });

  it('returns the samples through the member role that trusts the administrator role with the external ID', { timeout: 60_000 }, async () => {
    const memberIam = new IAMClient(server.clientConfig(member.creds));
    await memberIam.send(new UpdateAssumeRolePolicyCommand({
      RoleName: 'MacieReveal',
      PolicyDocument: policy([{ Effect: 'Allow', Principal: { AWS: adminRoleArn() }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': externalId } } }]),
    }));
    const adminMacie = macieOf(admin.creds);
    expect(await availability(adminMacie)).toMatchObject({ code: 'AVAILABLE', reasons: [] });
    const out = await reveal(adminMacie, findingId);
    expect(out.status).toBe('SUCCESS');
    const values = Object.fromEntries(Object.entries(out.sensitiveDataOccurrences ?? {}).map(([k, v]) => [k, (v ?? []).map((d) => d.value)]));
    expect(values).toEqual({ USA_SOCIAL_SECURITY_NUMBER: [SSN_1, SSN_2], CREDIT_CARD_NUMBER: [CARD] });
  });

  it('answers MISSING_GET_MEMBER_PERMISSION for a caller who may not macie2:GetMember', async () => {
    const adminIam = new IAMClient(server.clientConfig(admin.creds));
    await adminIam.send(new CreateUserCommand({ UserName: 'analyst' }));
    await adminIam.send(new PutUserPolicyCommand({
      UserName: 'analyst', PolicyName: 'macie',
      PolicyDocument: policy([{ Effect: 'Allow', Action: ['macie2:*', 's3:GetObject'], Resource: '*' }, { Effect: 'Deny', Action: 'macie2:GetMember', Resource: '*' }]),
    }));
    const key = (await adminIam.send(new CreateAccessKeyCommand({ UserName: 'analyst' }))).AccessKey!;
    const analyst = macieOf({ accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! });
    expect(await availability(analyst)).toMatchObject({ code: 'UNAVAILABLE', reasons: ['MISSING_GET_MEMBER_PERMISSION'] });
  });

  it('answers ACCOUNT_NOT_IN_ORGANIZATION once the member is disassociated', async () => {
    const adminMacie = macieOf(admin.creds);
    await adminMacie.send(new DisassociateMemberCommand({ id: member.accountId }));
    expect(await availability(adminMacie)).toMatchObject({ code: 'UNAVAILABLE', reasons: ['ACCOUNT_NOT_IN_ORGANIZATION'] });
    await expect(adminMacie.send(new GetSensitiveDataOccurrencesCommand({ findingId }))).rejects.toMatchObject({ name: 'UnprocessableEntityException', message: 'ACCOUNT_NOT_IN_ORGANIZATION' });
  });
});
