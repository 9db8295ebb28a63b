// AWS Organizations with the real SDK client and the aws CLI: an organization, accounts it creates (with the
// OrganizationAccountAccessRole the management account assumes), an invited standalone account, trusted access,
// delegated administrators, closing and removing accounts, and Organizations' own errors.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AcceptHandshakeCommand,
  CloseAccountCommand,
  CreateAccountCommand,
  CreateOrganizationCommand,
  DeclineHandshakeCommand,
  DeleteOrganizationCommand,
  DescribeAccountCommand,
  DescribeCreateAccountStatusCommand,
  DescribeOrganizationCommand,
  EnableAWSServiceAccessCommand,
  InviteAccountToOrganizationCommand,
  ListAccountsCommand,
  ListAWSServiceAccessForOrganizationCommand,
  ListDelegatedAdministratorsCommand,
  ListHandshakesForAccountCommand,
  OrganizationsClient,
  RegisterDelegatedAdministratorCommand,
  RemoveAccountFromOrganizationCommand,
} from '@aws-sdk/client-organizations';
import { AccountClient, DisableRegionCommand, GetRegionOptStatusCommand } from '@aws-sdk/client-account';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { CreateBucketCommand, ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { startServer, type Credentials, type TestServer } from '../harness.js';
import { aws, awsCliAvailable } from '../aws-cli.js';

let server: TestServer;
let orgs: OrganizationsClient;

beforeAll(async () => {
  server = await startServer();
  orgs = new OrganizationsClient(server.clientConfig());
});
afterAll(async () => server.close());

const error = async (p: Promise<unknown>) => p.then(() => undefined, (e: { name: string; message: string; Reason?: string }) => e);

async function standalone(name: string): Promise<{ accountId: string; creds: Credentials }> {
  const { profile, rootKey } = await server.sift.accounts.create(name, `${name}@example.com`);
  return { accountId: profile.accountId, creds: { accessKeyId: rootKey.accessKeyId, secretAccessKey: rootKey.secretAccessKey } };
}

describe('Organizations', () => {
  it('answers AWSOrganizationsNotInUseException before an organization exists', async () => {
    const e = await error(orgs.send(new DescribeOrganizationCommand({})));
    expect(e?.name).toBe('AWSOrganizationsNotInUseException');
    expect(e?.message).toBe('Your account is not a member of an organization.');
  });

  let memberIds: string[] = [];
  it('creates an organization and accounts the management account can assume a role in', async () => {
    const { Organization } = await orgs.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
    expect(Organization?.Id).toMatch(/^o-[a-z0-9]{10}$/);
    expect(Organization?.MasterAccountId).toBe(server.accountId);
    expect(Organization?.Arn).toBe(`arn:aws:organizations::${server.accountId}:organization/${Organization?.Id}`);
    expect((await error(orgs.send(new CreateOrganizationCommand({}))))?.name).toBe('AlreadyInOrganizationException');

    for (const n of [1, 2]) {
      const { CreateAccountStatus } = await orgs.send(new CreateAccountCommand({ AccountName: `member-${n}`, Email: `member-${n}@example.com` }));
      expect(CreateAccountStatus?.State).toBe('SUCCEEDED');
      expect(CreateAccountStatus?.AccountId).toMatch(/^\d{12}$/);
      const again = await orgs.send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: CreateAccountStatus!.Id! }));
      expect(again.CreateAccountStatus?.AccountId).toBe(CreateAccountStatus?.AccountId);
      memberIds.push(CreateAccountStatus!.AccountId!);
    }
    const dup = await orgs.send(new CreateAccountCommand({ AccountName: 'dup', Email: 'MEMBER-1@example.com' }));
    expect(dup.CreateAccountStatus).toMatchObject({ State: 'FAILED', FailureReason: 'EMAIL_ALREADY_EXISTS' });

    const { Accounts } = await orgs.send(new ListAccountsCommand({}));
    expect(Accounts?.map((a) => a.Id).sort()).toEqual([server.accountId, ...memberIds].sort());
    const { Account } = await orgs.send(new DescribeAccountCommand({ AccountId: memberIds[0] }));
    expect(Account).toMatchObject({ Name: 'member-1', Email: 'member-1@example.com', Status: 'ACTIVE', JoinedMethod: 'CREATED' });

    const sts = new STSClient(server.clientConfig());
    const assumed = await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${memberIds[0]}:role/OrganizationAccountAccessRole`, RoleSessionName: 'admin' }));
    const memberCreds = { accessKeyId: assumed.Credentials!.AccessKeyId!, secretAccessKey: assumed.Credentials!.SecretAccessKey!, sessionToken: assumed.Credentials!.SessionToken! };
    const who = await new STSClient(server.clientConfig(memberCreds)).send(new GetCallerIdentityCommand({}));
    expect(who.Account).toBe(memberIds[0]);
    // The role has AdministratorAccess in the member account: it creates a bucket there, owned by the member.
    const s3 = new S3Client(server.clientConfig(memberCreds));
    await s3.send(new CreateBucketCommand({ Bucket: `member-bucket-${memberIds[0]}` }));
    expect((await s3.send(new ListBucketsCommand({}))).Buckets?.map((b) => b.Name)).toEqual([`member-bucket-${memberIds[0]}`]);

    // A member can describe its organization but not list its accounts.
    const memberOrgs = new OrganizationsClient(server.clientConfig(memberCreds));
    expect((await memberOrgs.send(new DescribeOrganizationCommand({}))).Organization?.Id).toBe(Organization?.Id);
    const denied = await error(memberOrgs.send(new ListAccountsCommand({})));
    expect(denied?.name).toBe('AccessDeniedException');
  });

  it('invites a standalone account, which accepts or declines the handshake', async () => {
    const joiner = await standalone('joiner');
    const decliner = await standalone('decliner');
    const { Handshake } = await orgs.send(new InviteAccountToOrganizationCommand({ Target: { Type: 'ACCOUNT', Id: joiner.accountId }, Notes: 'join us' }));
    expect(Handshake).toMatchObject({ State: 'OPEN', Action: 'INVITE' });
    expect(Handshake?.Id).toMatch(/^h-[a-z0-9]{32}$/);
    expect((await error(orgs.send(new InviteAccountToOrganizationCommand({ Target: { Type: 'ACCOUNT', Id: joiner.accountId } }))))?.name).toBe('DuplicateHandshakeException');
    const joinerOrgs = new OrganizationsClient(server.clientConfig(joiner.creds));
    const listed = await joinerOrgs.send(new ListHandshakesForAccountCommand({}));
    expect(listed.Handshakes?.map((h) => h.Id)).toEqual([Handshake?.Id]);
    const accepted = await joinerOrgs.send(new AcceptHandshakeCommand({ HandshakeId: Handshake!.Id! }));
    expect(accepted.Handshake?.State).toBe('ACCEPTED');
    expect((await error(joinerOrgs.send(new AcceptHandshakeCommand({ HandshakeId: Handshake!.Id! }))))?.name).toBe('HandshakeAlreadyInStateException');
    expect((await orgs.send(new DescribeAccountCommand({ AccountId: joiner.accountId }))).Account?.JoinedMethod).toBe('INVITED');

    const byEmail = await orgs.send(new InviteAccountToOrganizationCommand({ Target: { Type: 'EMAIL', Id: 'decliner@example.com' } }));
    const declined = await new OrganizationsClient(server.clientConfig(decliner.creds)).send(new DeclineHandshakeCommand({ HandshakeId: byEmail.Handshake!.Id! }));
    expect(declined.Handshake?.State).toBe('DECLINED');
    const other = await error(joinerOrgs.send(new DeclineHandshakeCommand({ HandshakeId: byEmail.Handshake!.Id! })));
    expect(other?.name).toBe('HandshakeNotFoundException');

    await orgs.send(new RemoveAccountFromOrganizationCommand({ AccountId: joiner.accountId }));
    expect((await error(orgs.send(new DescribeAccountCommand({ AccountId: joiner.accountId }))))?.name).toBe('AccountNotFoundException');
    const master = await error(orgs.send(new RemoveAccountFromOrganizationCommand({ AccountId: server.accountId })));
    expect(master?.name).toBe('MasterCannotLeaveOrganizationException');
  });

  it('enables trusted access for Macie and registers a delegated administrator', async () => {
    const early = await error(orgs.send(new RegisterDelegatedAdministratorCommand({ AccountId: memberIds[0], ServicePrincipal: 'macie.amazonaws.com' })));
    expect(early).toMatchObject({ name: 'ConstraintViolationException', Reason: 'SERVICE_ACCESS_NOT_ENABLED' });
    await orgs.send(new EnableAWSServiceAccessCommand({ ServicePrincipal: 'macie.amazonaws.com' }));
    const access = await orgs.send(new ListAWSServiceAccessForOrganizationCommand({}));
    expect(access.EnabledServicePrincipals?.map((s) => s.ServicePrincipal)).toEqual(['macie.amazonaws.com']);
    const unknown = await error(orgs.send(new EnableAWSServiceAccessCommand({ ServicePrincipal: 'nothing.amazonaws.com' })));
    expect(unknown).toMatchObject({ name: 'InvalidInputException', Reason: 'UNRECOGNIZED_SERVICE_PRINCIPAL' });
    const self = await error(orgs.send(new RegisterDelegatedAdministratorCommand({ AccountId: server.accountId, ServicePrincipal: 'macie.amazonaws.com' })));
    expect(self).toMatchObject({ name: 'ConstraintViolationException', Reason: 'CANNOT_REGISTER_MASTER_AS_DELEGATED_ADMINISTRATOR' });
    await orgs.send(new RegisterDelegatedAdministratorCommand({ AccountId: memberIds[0], ServicePrincipal: 'macie.amazonaws.com' }));
    const again = await error(orgs.send(new RegisterDelegatedAdministratorCommand({ AccountId: memberIds[0], ServicePrincipal: 'macie.amazonaws.com' })));
    expect(again?.name).toBe('AccountAlreadyRegisteredException');
    const { DelegatedAdministrators } = await orgs.send(new ListDelegatedAdministratorsCommand({ ServicePrincipal: 'macie.amazonaws.com' }));
    expect(DelegatedAdministrators?.map((d) => d.Id)).toEqual([memberIds[0]]);
    expect(DelegatedAdministrators?.[0]?.DelegationEnabledDate).toBeInstanceOf(Date);
  });

  it('closes a member account (SUSPENDED) and refuses to close the management account', async () => {
    await orgs.send(new CloseAccountCommand({ AccountId: memberIds[1] }));
    expect((await orgs.send(new DescribeAccountCommand({ AccountId: memberIds[1] }))).Account?.Status).toBe('SUSPENDED');
    expect((await error(orgs.send(new CloseAccountCommand({ AccountId: memberIds[1] }))))?.name).toBe('AccountAlreadyClosedException');
    const mgmt = await error(orgs.send(new CloseAccountCommand({ AccountId: server.accountId })));
    expect(mgmt).toMatchObject({ name: 'ConstraintViolationException', Reason: 'CANNOT_CLOSE_MANAGEMENT_ACCOUNT' });
    const notEmpty = await error(orgs.send(new DeleteOrganizationCommand({})));
    expect(notEmpty?.name).toBe('OrganizationNotEmptyException');
  });

  it('turns an opt-in region off for a member through the Account API; default regions stay on', async () => {
    const account = new AccountClient(server.clientConfig());
    await account.send(new DisableRegionCommand({ AccountId: memberIds[0], RegionName: 'af-south-1' }));
    expect((await account.send(new GetRegionOptStatusCommand({ AccountId: memberIds[0], RegionName: 'af-south-1' }))).RegionOptStatus).toBe('DISABLED');
    expect((await account.send(new GetRegionOptStatusCommand({ RegionName: 'af-south-1' }))).RegionOptStatus).toBe('ENABLED');
    expect((await account.send(new GetRegionOptStatusCommand({ RegionName: 'us-east-1' }))).RegionOptStatus).toBe('ENABLED_BY_DEFAULT');
    expect((await error(account.send(new DisableRegionCommand({ RegionName: 'us-east-1' }))))?.name).toBe('ValidationException');
    const stranger = await standalone('stranger');
    const denied = await error(new AccountClient(server.clientConfig(stranger.creds)).send(new GetRegionOptStatusCommand({ AccountId: memberIds[0], RegionName: 'af-south-1' })));
    expect(denied?.name).toBe('AccessDeniedException');
  });

  it.skipIf(!awsCliAvailable)('aws CLI: describe-organization, create-account, list-accounts', async () => {
    const env = server.cliEnv();
    const described = await aws(env, ['organizations', 'describe-organization']);
    expect(described.code, described.stderr).toBe(0);
    expect(described.json.Organization.MasterAccountId).toBe(server.accountId);
    const created = await aws(env, ['organizations', 'create-account', '--email', 'cli@example.com', '--account-name', 'cli']);
    expect(created.code, created.stderr).toBe(0);
    const status = await aws(env, ['organizations', 'describe-create-account-status', '--create-account-request-id', created.json.CreateAccountStatus.Id]);
    expect(status.json.CreateAccountStatus.State).toBe('SUCCEEDED');
    const listed = await aws(env, ['organizations', 'list-accounts']);
    expect(listed.json.Accounts.map((a: { Name: string }) => a.Name)).toContain('cli');
    const notFound = await aws(env, ['organizations', 'describe-account', '--account-id', '111111111111']);
    expect(notFound.code).not.toBe(0);
    expect(notFound.stderr).toContain('AccountNotFoundException');
  }, 120_000);
});
