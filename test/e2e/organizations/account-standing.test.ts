// What a closed or isolated account can still do through the API, with the real SDK clients. A closed account
// (Organizations CloseAccount: SUSPENDED) can no longer use the services, so its credentials stop authenticating,
// in each protocol's own words; an isolated account's principals still identify themselves but every call is
// refused with AccessDenied, its root user's included, until the operator restores it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloseAccountCommand, type OrganizationsClient } from '@aws-sdk/client-organizations';
import { ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { EnableMacieCommand, ListClassificationJobsCommand, Macie2Client } from '@aws-sdk/client-macie2';
import { CloudWatchLogsClient, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { startServer, type TestServer } from '../harness.js';
import { createMemberAccount, createOrganization, createStandaloneAccount, type OrgAccount } from './org-helpers.js';

let server: TestServer;
let orgs: OrganizationsClient;
beforeAll(async () => {
  server = await startServer();
  orgs = await createOrganization(server);
});
afterAll(async () => server.close());

const clients = (a: OrgAccount) => ({
  s3: new S3Client(server.clientConfig(a.creds)),
  sts: new STSClient(server.clientConfig(a.creds)),
  macie: new Macie2Client(server.clientConfig(a.creds)),
  logs: new CloudWatchLogsClient(server.clientConfig(a.creds)),
});

describe('an isolated account', () => {
  it('is refused every call, root included, and works again once restored', async () => {
    const standalone = await createStandaloneAccount(server, 'quarantined');
    const c = clients(standalone);
    await c.macie.send(new EnableMacieCommand({}));
    await c.s3.send(new ListBucketsCommand({}));

    await server.sift.accounts.setIsolated(standalone.accountId, true);
    await expect(c.s3.send(new ListBucketsCommand({}))).rejects.toMatchObject({ name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });
    const denied = await c.macie.send(new ListClassificationJobsCommand({})).catch((e) => e);
    expect(denied).toMatchObject({ name: 'AccessDeniedException', $metadata: { httpStatusCode: 403 } });
    expect(denied.message).toContain(`because the account ${standalone.accountId} is isolated`);
    await expect(c.logs.send(new DescribeLogGroupsCommand({}))).rejects.toMatchObject({ name: 'AccessDeniedException' });
    // Who am I needs no permission in AWS, and still answers.
    expect((await c.sts.send(new GetCallerIdentityCommand({}))).Account).toBe(standalone.accountId);

    await server.sift.accounts.setIsolated(standalone.accountId, false);
    await c.s3.send(new ListBucketsCommand({}));
    await c.macie.send(new ListClassificationJobsCommand({}));
  });
});

describe('a closed account', () => {
  it("no longer authenticates its principals' credentials, in each protocol's words", async () => {
    const member = await createMemberAccount(server, orgs, 'closing');
    const c = clients(member);
    await c.s3.send(new ListBucketsCommand({}));

    await orgs.send(new CloseAccountCommand({ AccountId: member.accountId }));
    await expect(c.s3.send(new ListBucketsCommand({}))).rejects.toMatchObject({ name: 'InvalidAccessKeyId', $metadata: { httpStatusCode: 403 } });
    await expect(c.sts.send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({ name: 'InvalidClientTokenId', $metadata: { httpStatusCode: 403 } });
    await expect(c.logs.send(new DescribeLogGroupsCommand({}))).rejects.toMatchObject({ name: 'UnrecognizedClientException' });
    await expect(c.macie.send(new ListClassificationJobsCommand({}))).rejects.toMatchObject({ $metadata: { httpStatusCode: 403 } });
    // The management account is untouched.
    await new S3Client(server.clientConfig()).send(new ListBucketsCommand({}));
  });
});
