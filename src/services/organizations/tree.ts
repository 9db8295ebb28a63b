// AWS Organizations' tree: the root, organizational units (create, describe, rename, delete; nested at most five
// levels, at most 1,000 per organization), moving accounts between parents, listing children and parents, and tags
// on accounts, the root and OUs. Reads are open to the management account and delegated administrators, changes to
// the management account only, as Organizations has it. Policies (SCPs and the rest) are not served.
import type { RequestContext } from '../../common/index.js';
import { errors, type OrganizationsApi } from '../../models/organizations/index.js';
import type { Organization, OrgTag, OrgTree, OrganizationStore } from '../../iam/index.js';
import { page } from './paging.js';
import { accountNotFound, constraint } from './wire.js';

/** Organizations' quotas: OU nesting below the root, OUs per organization, tags per resource. */
export const MAX_OU_DEPTH = 5;
export const MAX_OUS = 1000;
export const MAX_TAGS_PER_RESOURCE = 50;

export interface TreeDeps {
  orgs: OrganizationStore;
  tree: OrgTree;
  orgOf(ctx: RequestContext): Promise<Organization>;
  asManagement(ctx: RequestContext): Promise<Organization>;
  asManagementOrDelegate(ctx: RequestContext): Promise<Organization>;
}

const rootArn = (o: Organization) => `arn:aws:organizations::${o.managementAccountId}:root/${o.orgId}/${o.rootId}`;
const ouArn = (o: Organization, ouId: string) => `arn:aws:organizations::${o.managementAccountId}:ou/${o.orgId}/${ouId}`;

const ouNotFound = () => new errors.OrganizationalUnitNotFoundException("We can't find an OU with the OrganizationalUnitId that you specified.");
const parentNotFound = () => new errors.ParentNotFoundException("We can't find a root or OU with the ParentId that you specified.");
const duplicateOu = () => new errors.DuplicateOrganizationalUnitException('An OU with the same name already exists.');
const targetNotFound = () => new errors.TargetNotFoundException("We can't find a root, OU, account, or policy with the TargetId that you specified.");

export function treeOps(deps: TreeDeps) {
  const { tree, orgs } = deps;

  async function wireUnit(org: Organization, ouId: string, name: string) {
    const chain = await tree.ancestry(org.orgId, ouId);
    return { Id: ouId, Arn: ouArn(org, ouId), Name: name, Path: `${org.orgId}/${org.rootId}/${chain.join('/')}/` };
  }

  /** The parent as a container that exists: the root, or one of the organization's OUs. */
  async function containerExists(org: Organization, parentId: string): Promise<boolean> {
    if (parentId === org.rootId) return true;
    return parentId.startsWith('ou-') && (await tree.unit(org.orgId, parentId)) !== undefined;
  }

  async function unitsUnder(org: Organization, parentId: string) {
    if (!(await containerExists(org, parentId))) throw parentNotFound();
    return tree.unitsIn(org.orgId, parentId);
  }

  async function accountsUnder(org: Organization, parentId: string) {
    if (!(await containerExists(org, parentId))) throw parentNotFound();
    return tree.accountsIn(org.orgId, parentId, parentId === org.rootId);
  }

  /** Whether `id` names something in the organization that can carry tags. */
  async function taggable(org: Organization, id: string): Promise<boolean> {
    if (id === org.rootId) return true;
    if (id.startsWith('ou-')) return (await tree.unit(org.orgId, id)) !== undefined;
    if (/^\d{12}$/.test(id)) return (await orgs.account(org.orgId, id)) !== undefined;
    return false;
  }

  async function applyTags(org: Organization, resourceId: string, tags: readonly OrgTag[]) {
    const keys = new Set([...(await tree.tags(org.orgId, resourceId)).map((t) => t.Key), ...tags.map((t) => t.Key)]);
    if (keys.size > MAX_TAGS_PER_RESOURCE) throw constraint('MAX_TAG_LIMIT_EXCEEDED', 'You have exceeded the number of tags allowed on this resource.');
    await tree.tag(org.orgId, resourceId, tags);
  }

  return {
    /** For CreateAccount: the new account's tags. */
    applyTags,
    /** For ListAccountsForParent (which needs the accounts' profiles): the member ids under a root or OU. */
    accountsUnder,

    ops: {
      async listRoots(ctx, input) {
        const org = await deps.asManagementOrDelegate(ctx);
        const { page: roots, NextToken } = page([org], input);
        return { Roots: roots.map((o) => ({ Id: o.rootId, Arn: rootArn(o), Name: 'Root', PolicyTypes: [] })), ...(NextToken ? { NextToken } : {}) };
      },

      async createOrganizationalUnit(ctx, input) {
        const org = await deps.asManagement(ctx);
        if (!(await containerExists(org, input.ParentId))) throw parentNotFound();
        const depth = input.ParentId === org.rootId ? 1 : (await tree.ancestry(org.orgId, input.ParentId)).length + 1;
        if (depth > MAX_OU_DEPTH) throw constraint('OU_DEPTH_LIMIT_EXCEEDED', 'You attempted to create an OU tree that is too many levels deep.');
        if ((await tree.unitCount(org.orgId)) >= MAX_OUS) throw constraint('OU_NUMBER_LIMIT_EXCEEDED', 'You have reached the maximum number of OUs that you can have in an organization.');
        if ((await tree.unitsIn(org.orgId, input.ParentId)).some((u) => u.name === input.Name)) throw duplicateOu();
        if ((input.Tags?.length ?? 0) > MAX_TAGS_PER_RESOURCE) throw constraint('MAX_TAG_LIMIT_EXCEEDED', 'You have exceeded the number of tags allowed on this resource.');
        const unit = await tree.createUnit(org.orgId, tree.newUnitId(org.rootId), input.ParentId, input.Name);
        if (input.Tags?.length) await tree.tag(org.orgId, unit.ouId, input.Tags);
        return { OrganizationalUnit: await wireUnit(org, unit.ouId, unit.name) };
      },

      async describeOrganizationalUnit(ctx, input) {
        const org = await deps.asManagementOrDelegate(ctx);
        const unit = await tree.unit(org.orgId, input.OrganizationalUnitId);
        if (!unit) throw ouNotFound();
        return { OrganizationalUnit: await wireUnit(org, unit.ouId, unit.name) };
      },

      async updateOrganizationalUnit(ctx, input) {
        const org = await deps.asManagement(ctx);
        const unit = await tree.unit(org.orgId, input.OrganizationalUnitId);
        if (!unit) throw ouNotFound();
        const name = input.Name ?? unit.name;
        if (name !== unit.name) {
          if ((await tree.unitsIn(org.orgId, unit.parentId)).some((u) => u.name === name)) throw duplicateOu();
          await tree.rename(org.orgId, unit.ouId, name);
        }
        return { OrganizationalUnit: await wireUnit(org, unit.ouId, name) };
      },

      async deleteOrganizationalUnit(ctx, input) {
        const org = await deps.asManagement(ctx);
        const unit = await tree.unit(org.orgId, input.OrganizationalUnitId);
        if (!unit) throw ouNotFound();
        if ((await tree.unitsIn(org.orgId, unit.ouId)).length > 0 || (await tree.accountsIn(org.orgId, unit.ouId, false)).length > 0) {
          throw new errors.OrganizationalUnitNotEmptyException('The specified OU is not empty. Move all accounts to another root or to other OUs, remove all child OUs, and try the operation again.');
        }
        await tree.deleteUnit(org.orgId, unit.ouId);
      },

      async listOrganizationalUnitsForParent(ctx, input) {
        const org = await deps.asManagementOrDelegate(ctx);
        const { page: units, NextToken } = page(await unitsUnder(org, input.ParentId), input);
        const OrganizationalUnits = [];
        for (const u of units) OrganizationalUnits.push(await wireUnit(org, u.ouId, u.name));
        return { OrganizationalUnits, ...(NextToken ? { NextToken } : {}) };
      },

      async listChildren(ctx, input) {
        const org = await deps.asManagementOrDelegate(ctx);
        const ids =
          input.ChildType === 'ACCOUNT'
            ? await accountsUnder(org, input.ParentId)
            : (await unitsUnder(org, input.ParentId)).map((u) => u.ouId);
        const { page: items, NextToken } = page(ids, input);
        return { Children: items.map((Id) => ({ Id, Type: input.ChildType })), ...(NextToken ? { NextToken } : {}) };
      },

      async listParents(ctx, input) {
        const org = await deps.asManagementOrDelegate(ctx);
        let parentId: string | undefined;
        if (input.ChildId.startsWith('ou-')) {
          const unit = await tree.unit(org.orgId, input.ChildId);
          if (!unit) throw new errors.ChildNotFoundException("We can't find an organizational unit (OU) or AWS account with the ChildId that you specified.");
          parentId = unit.parentId;
        } else {
          if (!(await orgs.account(org.orgId, input.ChildId))) throw new errors.ChildNotFoundException("We can't find an organizational unit (OU) or AWS account with the ChildId that you specified.");
          parentId = (await tree.parentOfAccount(org.orgId, input.ChildId)) ?? org.rootId;
        }
        return { Parents: [{ Id: parentId, Type: parentId === org.rootId ? ('ROOT' as const) : ('ORGANIZATIONAL_UNIT' as const) }] };
      },

      async moveAccount(ctx, input) {
        const org = await deps.asManagement(ctx);
        if (!(await containerExists(org, input.SourceParentId))) throw new errors.SourceParentNotFoundException("We can't find a source root or OU with the ParentId that you specified.");
        if (!(await containerExists(org, input.DestinationParentId))) throw new errors.DestinationParentNotFoundException("We can't find the destination container (a root or OU) with the ParentId that you specified.");
        if (!(await orgs.account(org.orgId, input.AccountId))) throw accountNotFound();
        const current = (await tree.parentOfAccount(org.orgId, input.AccountId)) ?? org.rootId;
        if (current === input.DestinationParentId) throw new errors.DuplicateAccountException('That account is already present in the specified destination.');
        if (current !== input.SourceParentId) throw accountNotFound();
        await tree.moveAccount(org.orgId, input.AccountId, input.DestinationParentId === org.rootId ? null : input.DestinationParentId);
      },

      async tagResource(ctx, input) {
        const org = await deps.asManagement(ctx);
        if (!(await taggable(org, input.ResourceId))) throw targetNotFound();
        await applyTags(org, input.ResourceId, input.Tags);
      },

      async untagResource(ctx, input) {
        const org = await deps.asManagement(ctx);
        if (!(await taggable(org, input.ResourceId))) throw targetNotFound();
        await tree.untag(org.orgId, input.ResourceId, input.TagKeys);
      },

      async listTagsForResource(ctx, input) {
        const org = await deps.asManagementOrDelegate(ctx);
        if (!(await taggable(org, input.ResourceId))) throw targetNotFound();
        const { page: Tags, NextToken } = page(await tree.tags(org.orgId, input.ResourceId), input);
        return { Tags, ...(NextToken ? { NextToken } : {}) };
      },
    } satisfies Partial<OrganizationsApi>,
  };
}
