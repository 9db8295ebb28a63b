// Macie's Accounts group with the real SDK clients and the aws CLI: the management account designates a delegated
// Macie administrator, which adds organization accounts (and, with autoEnable, new ones by itself), pauses a
// member, disassociates one; the invitation flow with a standalone account: invite, list, accept, disassociate,
// delete, decline; and the errors of callers in the wrong role.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AcceptInvitationCommand, CreateInvitationsCommand, CreateMemberCommand, DeclineInvitationsCommand, DeleteInvitationsCommand, DeleteMemberCommand,
  DescribeOrganizationConfigurationCommand, DisassociateFromAdministratorAccountCommand, DisassociateMemberCommand, EnableMacieCommand,
  EnableOrganizationAdminAccountCommand, GetAdministratorAccountCommand, GetInvitationsCountCommand, GetMacieSessionCommand, GetMasterAccountCommand,
  GetMemberCommand, ListInvitationsCommand, ListMembersCommand, ListOrganizationAdminAccountsCommand, Macie2Client, UpdateMemberSessionCommand,
  UpdateOrganizationConfigurationCommand, DisableOrganizationAdminAccountCommand,
} from '@aws-sdk/client-macie2';
import type { OrganizationsClient } from '@aws-sdk/client-organizations';
import { ListDelegatedAdministratorsCommand } from '@aws-sdk/client-organizations';
import { startServer, type TestServer } from '../harness.js';
import { aws, awsCliAvailable } from '../aws-cli.js';
import { createMemberAccount, createOrganization, createStandaloneAccount, type OrgAccount } from '../organizations/org-helpers.js';

let server: TestServer;
let orgs: OrganizationsClient;
let admin: OrgAccount;
let m1: OrgAccount;
const macieOf = (a?: OrgAccount) => new Macie2Client(server.clientConfig(a?.creds));
const error = async (p: Promise<unknown>) => p.then(() => undefined, (e: { name: string; message: string }) => e);

beforeAll(async () => {
  server = await startServer();
  orgs = await createOrganization(server);
  await macieOf().send(new EnableMacieCommand({}));
  admin = await createMemberAccount(server, orgs, 'security');
  m1 = await createMemberAccount(server, orgs, 'workload-1');
});
afterAll(async () => server.close());

describe('Macie administrator and members', () => {
  it('designates the delegated Macie administrator, which adds organization members', async () => {
    const mgmt = macieOf();
    expect((await error(mgmt.send(new EnableOrganizationAdminAccountCommand({ adminAccountId: '123456789012' }))))?.name).toBe('ValidationException');
    await mgmt.send(new EnableOrganizationAdminAccountCommand({ adminAccountId: admin.accountId }));
    expect((await mgmt.send(new ListOrganizationAdminAccountsCommand({}))).adminAccounts).toEqual([{ accountId: admin.accountId, status: 'ENABLED' }]);
    const delegated = await orgs.send(new ListDelegatedAdministratorsCommand({ ServicePrincipal: 'macie.amazonaws.com' }));
    expect(delegated.DelegatedAdministrators?.map((d) => d.Id)).toEqual([admin.accountId]);
    expect((await error(mgmt.send(new DescribeOrganizationConfigurationCommand({}))))?.name).toBe('ValidationException');

    const adminMacie = macieOf(admin);
    expect((await adminMacie.send(new GetMacieSessionCommand({}))).status).toBe('ENABLED');
    expect(await adminMacie.send(new DescribeOrganizationConfigurationCommand({}))).toMatchObject({ autoEnable: false, maxAccountLimitReached: false });
    const { arn } = await adminMacie.send(new CreateMemberCommand({ account: { accountId: m1.accountId, email: 'workload-1@example.com' }, tags: { team: 'a' } }));
    expect(arn).toBe(`arn:aws:macie2:${server.region}:${admin.accountId}:member/${m1.accountId}`);
    const member = await adminMacie.send(new GetMemberCommand({ id: m1.accountId }));
    expect(member).toMatchObject({ accountId: m1.accountId, administratorAccountId: admin.accountId, relationshipStatus: 'Enabled', tags: { team: 'a' } });
    expect(member.email).toBeUndefined();
    // Adding an organization account enables Macie for it.
    expect((await macieOf(m1).send(new GetMacieSessionCommand({}))).status).toBe('ENABLED');
    expect((await error(adminMacie.send(new CreateMemberCommand({ account: { accountId: m1.accountId, email: 'x@example.com' } }))))?.name).toBe('ConflictException');
    expect((await error(adminMacie.send(new CreateMemberCommand({ account: { accountId: admin.accountId, email: 'x@example.com' } }))))?.name).toBe('ValidationException');

    const mine = await macieOf(m1).send(new GetAdministratorAccountCommand({}));
    expect(mine.administrator).toMatchObject({ accountId: admin.accountId, relationshipStatus: 'Enabled' });
    expect((await macieOf(m1).send(new GetMasterAccountCommand({}))).master?.accountId).toBe(admin.accountId);
    expect((await error(macieOf(m1).send(new DisassociateFromAdministratorAccountCommand({}))))?.name).toBe('ValidationException');
  });

  it('auto-enables accounts that join later, pauses and disassociates members', async () => {
    const adminMacie = macieOf(admin);
    await adminMacie.send(new UpdateOrganizationConfigurationCommand({ autoEnable: true }));
    const late = await createMemberAccount(server, orgs, 'workload-late');
    expect((await adminMacie.send(new GetMemberCommand({ id: late.accountId }))).relationshipStatus).toBe('Enabled');
    expect((await macieOf(late).send(new GetMacieSessionCommand({}))).status).toBe('ENABLED');
    const listed = await adminMacie.send(new ListMembersCommand({}));
    expect(listed.members?.map((m) => m.accountId).sort()).toEqual([m1.accountId, late.accountId].sort());

    await adminMacie.send(new UpdateMemberSessionCommand({ id: m1.accountId, status: 'PAUSED' }));
    expect((await macieOf(m1).send(new GetMacieSessionCommand({}))).status).toBe('PAUSED');
    expect((await adminMacie.send(new GetMemberCommand({ id: m1.accountId }))).relationshipStatus).toBe('Paused');
    await adminMacie.send(new UpdateMemberSessionCommand({ id: m1.accountId, status: 'ENABLED' }));

    await adminMacie.send(new DisassociateMemberCommand({ id: late.accountId }));
    expect((await adminMacie.send(new ListMembersCommand({}))).members?.map((m) => m.accountId)).toEqual([m1.accountId]);
    const all = await adminMacie.send(new ListMembersCommand({ onlyAssociated: 'false' }));
    expect(all.members?.find((m) => m.accountId === late.accountId)?.relationshipStatus).toBe('Removed');
    // Macie stays enabled for a removed member.
    expect((await macieOf(late).send(new GetMacieSessionCommand({}))).status).toBe('ENABLED');
    expect((await macieOf(late).send(new GetAdministratorAccountCommand({}))).administrator).toBeUndefined();
  });

  it('invites a standalone account, which accepts, resigns, is deleted, then declines a second invitation', async () => {
    const adminMacie = macieOf(admin);
    const outsider = await createStandaloneAccount(server, 'outsider');
    const outsiderMacie = macieOf(outsider);
    await outsiderMacie.send(new EnableMacieCommand({}));
    await adminMacie.send(new CreateMemberCommand({ account: { accountId: outsider.accountId, email: 'outsider@example.com' } }));
    expect(await adminMacie.send(new GetMemberCommand({ id: outsider.accountId }))).toMatchObject({ relationshipStatus: 'Created', email: 'outsider@example.com' });
    const { unprocessedAccounts } = await adminMacie.send(new CreateInvitationsCommand({ accountIds: [outsider.accountId, m1.accountId, '999999999999'] }));
    expect(unprocessedAccounts?.map((u) => [u.accountId, u.errorCode])).toEqual([
      [m1.accountId, 'ClientError'],
      ['999999999999', 'ClientError'],
    ]);
    expect((await adminMacie.send(new GetMemberCommand({ id: outsider.accountId }))).relationshipStatus).toBe('Invited');

    expect((await outsiderMacie.send(new GetInvitationsCountCommand({}))).invitationsCount).toBe(1);
    const { invitations } = await outsiderMacie.send(new ListInvitationsCommand({}));
    expect(invitations).toHaveLength(1);
    expect(invitations![0]).toMatchObject({ accountId: admin.accountId, relationshipStatus: 'Invited' });
    const invitationId = invitations![0]!.invitationId!;
    expect((await error(outsiderMacie.send(new AcceptInvitationCommand({ invitationId: 'nope', administratorAccountId: admin.accountId }))))?.name).toBe('ResourceNotFoundException');
    await outsiderMacie.send(new AcceptInvitationCommand({ invitationId, administratorAccountId: admin.accountId }));
    expect((await outsiderMacie.send(new GetAdministratorAccountCommand({}))).administrator).toMatchObject({ accountId: admin.accountId, invitationId, relationshipStatus: 'Enabled' });
    expect((await adminMacie.send(new GetMemberCommand({ id: outsider.accountId }))).relationshipStatus).toBe('Enabled');
    expect((await outsiderMacie.send(new GetInvitationsCountCommand({}))).invitationsCount).toBe(0);

    await outsiderMacie.send(new DisassociateFromAdministratorAccountCommand({}));
    expect((await adminMacie.send(new GetMemberCommand({ id: outsider.accountId }))).relationshipStatus).toBe('Resigned');
    expect((await outsiderMacie.send(new GetAdministratorAccountCommand({}))).administrator).toBeUndefined();
    await adminMacie.send(new DeleteMemberCommand({ id: outsider.accountId }));
    expect((await error(adminMacie.send(new GetMemberCommand({ id: outsider.accountId }))))?.name).toBe('ResourceNotFoundException');

    await adminMacie.send(new CreateMemberCommand({ account: { accountId: outsider.accountId, email: 'outsider@example.com' } }));
    await adminMacie.send(new CreateInvitationsCommand({ accountIds: [outsider.accountId] }));
    expect((await outsiderMacie.send(new DeclineInvitationsCommand({ accountIds: [admin.accountId] }))).unprocessedAccounts).toEqual([]);
    expect((await outsiderMacie.send(new GetInvitationsCountCommand({}))).invitationsCount).toBe(0);
    expect((await adminMacie.send(new GetMemberCommand({ id: outsider.accountId }))).relationshipStatus).toBe('Created');
    const again = await outsiderMacie.send(new DeleteInvitationsCommand({ accountIds: [admin.accountId] }));
    expect(again.unprocessedAccounts?.map((u) => u.accountId)).toEqual([admin.accountId]);
  });

  it.skipIf(!awsCliAvailable)('aws CLI: list-organization-admin-accounts, list-members, get-member', async () => {
    const listed = await aws(server.cliEnv(), ['macie2', 'list-organization-admin-accounts']);
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.json.adminAccounts[0].accountId).toBe(admin.accountId);
    const members = await aws(server.cliEnv(admin.creds), ['macie2', 'list-members', '--only-associated', 'false']);
    expect(members.code, members.stderr).toBe(0);
    expect(members.json.members.length).toBeGreaterThanOrEqual(2);
    const missing = await aws(server.cliEnv(admin.creds), ['macie2', 'get-member', '--id', '111111111111']);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('ResourceNotFoundException');
  }, 120_000);

  it('removes the organization members when the administrator is disabled', async () => {
    await macieOf().send(new DisableOrganizationAdminAccountCommand({ adminAccountId: admin.accountId }));
    expect((await macieOf().send(new ListOrganizationAdminAccountsCommand({}))).adminAccounts).toEqual([]);
    expect((await error(macieOf(admin).send(new GetMemberCommand({ id: m1.accountId }))))?.name).toBe('ResourceNotFoundException');
    expect((await macieOf(m1).send(new GetMacieSessionCommand({}))).status).toBe('ENABLED');
  });
});
