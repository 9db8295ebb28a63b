// Test helpers for multi-account flows: an organization with created member accounts, each reached through its
// OrganizationAccountAccessRole, and standalone accounts made as `sift accounts create` does.
import { CreateAccountCommand, CreateOrganizationCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import type { Credentials, TestServer } from '../harness.js';

export interface OrgAccount {
  accountId: string;
  creds: Credentials;
}

export async function createOrganization(server: TestServer): Promise<OrganizationsClient> {
  const orgs = new OrganizationsClient(server.clientConfig());
  await orgs.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
  return orgs;
}

/** CreateAccount, then the management account assumes OrganizationAccountAccessRole in it. */
export async function createMemberAccount(server: TestServer, orgs: OrganizationsClient, name: string): Promise<OrgAccount> {
  const { CreateAccountStatus } = await orgs.send(new CreateAccountCommand({ AccountName: name, Email: `${name}@example.com` }));
  const accountId = CreateAccountStatus!.AccountId!;
  const sts = new STSClient(server.clientConfig());
  const { Credentials: c } = await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${accountId}:role/OrganizationAccountAccessRole`, RoleSessionName: 'setup', DurationSeconds: 3600 }));
  return { accountId, creds: { accessKeyId: c!.AccessKeyId!, secretAccessKey: c!.SecretAccessKey!, sessionToken: c!.SessionToken! } };
}

export async function createStandaloneAccount(server: TestServer, name: string): Promise<OrgAccount> {
  const { profile, rootKey } = await server.sift.accounts.create(name, `${name}@example.com`);
  return { accountId: profile.accountId, creds: { accessKeyId: rootKey.accessKeyId, secretAccessKey: rootKey.secretAccessKey } };
}
