// AWS Organizations' tree and tags with the real SDK client and the aws CLI: the root, OUs nested up to five levels,
// moving accounts, children and parents, tags on accounts, OUs and the root, and Organizations' errors for each misuse.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CreateAccountCommand, CreateOrganizationalUnitCommand, DeleteOrganizationalUnitCommand, DescribeOrganizationalUnitCommand, ListAccountsForParentCommand, ListChildrenCommand,
  ListOrganizationalUnitsForParentCommand, ListParentsCommand, ListRootsCommand, ListTagsForResourceCommand, MoveAccountCommand, OrganizationsClient, TagResourceCommand,
  UntagResourceCommand, UpdateOrganizationalUnitCommand,
} from '@aws-sdk/client-organizations';
import { startServer, type TestServer } from '../harness.js';
import { aws, awsCliAvailable } from '../aws-cli.js';
import { createMemberAccount, createOrganization, type OrgAccount } from './org-helpers.js';

let server: TestServer;
let orgs: OrganizationsClient;
let member: OrgAccount;
let rootId: string;
beforeAll(async () => {
  server = await startServer();
  orgs = await createOrganization(server);
  member = await createMemberAccount(server, orgs, 'workload');
  rootId = (await orgs.send(new ListRootsCommand({}))).Roots![0]!.Id!;
});
afterAll(async () => server.close());

describe('organizational units', () => {
  it('creates, nests, renames, lists and deletes OUs, with paths and errors as Organizations has them', async () => {
    const { Roots } = await orgs.send(new ListRootsCommand({}));
    expect(Roots).toHaveLength(1);
    expect(Roots![0]).toMatchObject({ Name: 'Root', PolicyTypes: [] });
    expect(rootId).toMatch(/^r-[0-9a-z]{4,32}$/);
    expect(Roots![0]!.Arn).toMatch(new RegExp(`^arn:aws:organizations::${server.accountId}:root/o-[a-z0-9]{10,32}/${rootId}$`));

    const prod = (await orgs.send(new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: 'Production', Tags: [{ Key: 'env', Value: 'prod' }] }))).OrganizationalUnit!;
    expect(prod.Id).toMatch(new RegExp(`^ou-${rootId.slice(2)}-[a-z0-9]{8}$`));
    expect(prod.Path).toMatch(new RegExp(`^o-[a-z0-9]+/${rootId}/${prod.Id}/$`));
    await expect(orgs.send(new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: 'Production' }))).rejects.toMatchObject({ name: 'DuplicateOrganizationalUnitException' });
    await expect(orgs.send(new CreateOrganizationalUnitCommand({ ParentId: `ou-${rootId.slice(2)}-zzzzzzzz`, Name: 'x' }))).rejects.toMatchObject({ name: 'ParentNotFoundException' });

    // Five levels below the root, and no more.
    let parent = prod.Id!;
    for (let level = 2; level <= 5; level++) parent = (await orgs.send(new CreateOrganizationalUnitCommand({ ParentId: parent, Name: `level-${level}` }))).OrganizationalUnit!.Id!;
    await expect(orgs.send(new CreateOrganizationalUnitCommand({ ParentId: parent, Name: 'level-6' }))).rejects.toMatchObject({ name: 'ConstraintViolationException', Reason: 'OU_DEPTH_LIMIT_EXCEEDED' });
    const deepest = (await orgs.send(new DescribeOrganizationalUnitCommand({ OrganizationalUnitId: parent }))).OrganizationalUnit!;
    expect(deepest.Path!.split('/').filter(Boolean)).toHaveLength(7);

    const renamed = await orgs.send(new UpdateOrganizationalUnitCommand({ OrganizationalUnitId: prod.Id!, Name: 'Prod' }));
    expect(renamed.OrganizationalUnit).toMatchObject({ Id: prod.Id, Name: 'Prod' });
    const under = await orgs.send(new ListOrganizationalUnitsForParentCommand({ ParentId: rootId }));
    expect(under.OrganizationalUnits?.map((u) => u.Name)).toEqual(['Prod']);
    await expect(orgs.send(new DeleteOrganizationalUnitCommand({ OrganizationalUnitId: prod.Id! }))).rejects.toMatchObject({ name: 'OrganizationalUnitNotEmptyException' });
    await orgs.send(new DeleteOrganizationalUnitCommand({ OrganizationalUnitId: parent }));
    await expect(orgs.send(new DescribeOrganizationalUnitCommand({ OrganizationalUnitId: parent }))).rejects.toMatchObject({ name: 'OrganizationalUnitNotFoundException' });
  });

  it('moves an account into an OU and back, and answers children and parents', async () => {
    const sandbox = (await orgs.send(new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: 'Sandbox' }))).OrganizationalUnit!.Id!;
    expect((await orgs.send(new ListParentsCommand({ ChildId: member.accountId }))).Parents).toEqual([{ Id: rootId, Type: 'ROOT' }]);
    await expect(orgs.send(new MoveAccountCommand({ AccountId: member.accountId, SourceParentId: sandbox, DestinationParentId: rootId }))).rejects.toMatchObject({ name: 'DuplicateAccountException' });
    await expect(orgs.send(new MoveAccountCommand({ AccountId: member.accountId, SourceParentId: sandbox, DestinationParentId: sandbox.replace(/.{8}$/, 'zzzzzzzz') }))).rejects.toMatchObject({ name: 'DestinationParentNotFoundException' });
    await expect(orgs.send(new MoveAccountCommand({ AccountId: member.accountId, SourceParentId: sandbox, DestinationParentId: sandbox }))).rejects.toMatchObject({ name: 'AccountNotFoundException' });

    await orgs.send(new MoveAccountCommand({ AccountId: member.accountId, SourceParentId: rootId, DestinationParentId: sandbox }));
    expect((await orgs.send(new ListParentsCommand({ ChildId: member.accountId }))).Parents).toEqual([{ Id: sandbox, Type: 'ORGANIZATIONAL_UNIT' }]);
    expect((await orgs.send(new ListAccountsForParentCommand({ ParentId: sandbox }))).Accounts?.map((a) => a.Id)).toEqual([member.accountId]);
    expect((await orgs.send(new ListChildrenCommand({ ParentId: sandbox, ChildType: 'ACCOUNT' }))).Children).toEqual([{ Id: member.accountId, Type: 'ACCOUNT' }]);
    expect((await orgs.send(new ListChildrenCommand({ ParentId: rootId, ChildType: 'ACCOUNT' }))).Children?.map((c) => c.Id)).not.toContain(member.accountId);
    expect((await orgs.send(new ListChildrenCommand({ ParentId: rootId, ChildType: 'ORGANIZATIONAL_UNIT' }))).Children?.map((c) => c.Id)).toContain(sandbox);
    await expect(orgs.send(new DeleteOrganizationalUnitCommand({ OrganizationalUnitId: sandbox }))).rejects.toMatchObject({ name: 'OrganizationalUnitNotEmptyException' });

    await orgs.send(new MoveAccountCommand({ AccountId: member.accountId, SourceParentId: sandbox, DestinationParentId: rootId }));
    await orgs.send(new DeleteOrganizationalUnitCommand({ OrganizationalUnitId: sandbox }));
  });

  it('is the management account\'s to read and change: a member gets AccessDenied', async () => {
    const asMember = new OrganizationsClient(server.clientConfig(member.creds));
    await expect(asMember.send(new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: 'mine' }))).rejects.toMatchObject({ name: 'AccessDeniedException' });
    await expect(asMember.send(new ListRootsCommand({}))).rejects.toMatchObject({ name: 'AccessDeniedException' });
  });
});

describe('tags', () => {
  it('tags accounts (also at CreateAccount), OUs and the root; untags; refuses unknown targets and the 51st tag', async () => {
    const { CreateAccountStatus } = await orgs.send(new CreateAccountCommand({ AccountName: 'tagged', Email: 'tagged@example.com', Tags: [{ Key: 'team', Value: 'data' }] }));
    const tagged = CreateAccountStatus!.AccountId!;
    expect((await orgs.send(new ListTagsForResourceCommand({ ResourceId: tagged }))).Tags).toEqual([{ Key: 'team', Value: 'data' }]);

    await orgs.send(new TagResourceCommand({ ResourceId: tagged, Tags: [{ Key: 'team', Value: 'platform' }, { Key: 'cost-center', Value: '42' }] }));
    expect((await orgs.send(new ListTagsForResourceCommand({ ResourceId: tagged }))).Tags).toEqual([{ Key: 'cost-center', Value: '42' }, { Key: 'team', Value: 'platform' }]);
    await orgs.send(new UntagResourceCommand({ ResourceId: tagged, TagKeys: ['team'] }));
    expect((await orgs.send(new ListTagsForResourceCommand({ ResourceId: tagged }))).Tags).toEqual([{ Key: 'cost-center', Value: '42' }]);

    await orgs.send(new TagResourceCommand({ ResourceId: rootId, Tags: [{ Key: 'scope', Value: 'all' }] }));
    expect((await orgs.send(new ListTagsForResourceCommand({ ResourceId: rootId }))).Tags).toEqual([{ Key: 'scope', Value: 'all' }]);
    await expect(orgs.send(new TagResourceCommand({ ResourceId: '999999999999', Tags: [{ Key: 'a', Value: 'b' }] }))).rejects.toMatchObject({ name: 'TargetNotFoundException' });

    const many = Array.from({ length: 49 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
    await orgs.send(new TagResourceCommand({ ResourceId: tagged, Tags: many })); // 50 with cost-center
    await expect(orgs.send(new TagResourceCommand({ ResourceId: tagged, Tags: [{ Key: 'one-more', Value: 'v' }] }))).rejects.toMatchObject({ name: 'ConstraintViolationException', Reason: 'MAX_TAG_LIMIT_EXCEEDED' });
  });

  it.skipIf(!awsCliAvailable)('works through the aws CLI', async () => {
    const env = server.cliEnv();
    const roots = await aws(env, ['organizations', 'list-roots']);
    expect(roots.code, roots.stderr).toBe(0);
    const created = await aws(env, ['organizations', 'create-organizational-unit', '--parent-id', roots.json.Roots[0].Id, '--name', 'FromCli']);
    expect(created.code, created.stderr).toBe(0);
    const ouId = created.json.OrganizationalUnit.Id;
    expect((await aws(env, ['organizations', 'tag-resource', '--resource-id', ouId, '--tags', 'Key=owner,Value=cli'])).code).toBe(0);
    const tags = await aws(env, ['organizations', 'list-tags-for-resource', '--resource-id', ouId]);
    expect(tags.json.Tags).toEqual([{ Key: 'owner', Value: 'cli' }]);
    const gone = await aws(env, ['organizations', 'describe-organizational-unit', '--organizational-unit-id', 'ou-zzzz-zzzzzzzz']);
    expect(gone.code).not.toBe(0);
    expect(gone.stderr).toContain('OrganizationalUnitNotFoundException');
  });
});
