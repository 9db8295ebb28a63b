// IAM groups: create, read, list, rename/move, delete (only once empty and without policies), membership, inline
// policies and managed policy attachments. The group's policies take part in every member's evaluation
// (src/iam/identity.ts). Quotas from "IAM and AWS STS quotas" (quotas.ts).
import type { RequestContext } from '../../../common/index.js';
import type { IamApi } from '../../../models/iam/index.js';
import { errors } from '../../../models/iam/index.js';
import type { IamDirectory, IamGroup, IamGroups, IamUser, ManagedPolicies } from '../../../iam/index.js';
import { checkPolicyDocument, policySize } from '../../../iam/index.js';
import { page } from '../paging.js';
import { checkGroupDeletable } from './delete-conflicts.js';
import { GROUPS_PER_ACCOUNT, GROUPS_PER_USER, INLINE_GROUP_POLICY_CHARS } from '../quotas.js';

export interface GroupOpsDeps {
  directory: IamDirectory;
  groups: IamGroups;
  managed: ManagedPolicies;
  user(ctx: RequestContext, name: string | undefined): Promise<IamUser>;
  userShape(u: IamUser): object;
}

export const noSuchGroup = (name: string) => new errors.NoSuchEntityException(`The group with name ${name} cannot be found.`);
const groupShape = (g: IamGroup) => ({ Path: g.path, GroupName: g.groupName, GroupId: g.groupId, Arn: g.arn, CreateDate: g.createdAt });

export function groupOps(deps: GroupOpsDeps) {
  const { groups, directory: dir } = deps;
  const mustGroup = async (ctx: RequestContext, name: string) => {
    const g = await groups.get(ctx.accountId, name);
    if (!g) throw noSuchGroup(name);
    return g;
  };

  return {
    async createGroup(ctx, input) {
      if ((await groups.list(ctx.accountId)).length >= GROUPS_PER_ACCOUNT) throw new errors.LimitExceededException(`Cannot exceed quota for GroupsPerAccount: ${GROUPS_PER_ACCOUNT}`);
      const g = await groups.create(ctx.accountId, input.GroupName, input.Path ?? '/');
      if (!g) throw new errors.EntityAlreadyExistsException(`Group with name ${input.GroupName} already exists.`);
      return { Group: groupShape(g) };
    },
    async getGroup(ctx, input) {
      const g = await mustGroup(ctx, input.GroupName);
      const users: IamUser[] = [];
      for (const name of await groups.members(ctx.accountId, g.groupName)) {
        const u = await dir.getUser(ctx.accountId, name);
        if (u) users.push(u);
      }
      const p = page(users, input.Marker, input.MaxItems);
      return { Group: groupShape(g), Users: p.slice.map(deps.userShape), IsTruncated: p.IsTruncated, Marker: p.Marker } as Awaited<ReturnType<IamApi['getGroup']>>;
    },
    async listGroups(ctx, input) {
      const p = page(await groups.list(ctx.accountId, input.PathPrefix ?? '/'), input.Marker, input.MaxItems);
      return { Groups: p.slice.map(groupShape), IsTruncated: p.IsTruncated, Marker: p.Marker };
    },
    async updateGroup(ctx, input) {
      const g = await mustGroup(ctx, input.GroupName);
      if (input.NewGroupName !== undefined && input.NewGroupName.toLowerCase() !== g.groupName.toLowerCase() && (await groups.get(ctx.accountId, input.NewGroupName))) {
        throw new errors.EntityAlreadyExistsException(`Group with name ${input.NewGroupName} already exists.`);
      }
      await groups.update(ctx.accountId, g.groupName, { ...(input.NewGroupName !== undefined ? { newName: input.NewGroupName } : {}), ...(input.NewPath !== undefined ? { newPath: input.NewPath } : {}) });
    },
    async deleteGroup(ctx, input) {
      const g = await mustGroup(ctx, input.GroupName);
      await checkGroupDeletable({ directory: dir, managed: deps.managed, groups }, ctx.accountId, g.groupName);
      await groups.delete(ctx.accountId, g.groupName);
    },

    async addUserToGroup(ctx, input) {
      const g = await mustGroup(ctx, input.GroupName);
      const u = await deps.user(ctx, input.UserName);
      const current = await groups.groupsOf(ctx.accountId, u.userName);
      if (!current.some((x) => x.groupName === g.groupName) && current.length >= GROUPS_PER_USER) {
        throw new errors.LimitExceededException(`Cannot exceed quota for GroupsPerUser: ${GROUPS_PER_USER}`);
      }
      await groups.addUser(ctx.accountId, g.groupName, u.userName);
    },
    async removeUserFromGroup(ctx, input) {
      const g = await mustGroup(ctx, input.GroupName);
      const u = await deps.user(ctx, input.UserName);
      if (!(await groups.removeUser(ctx.accountId, g.groupName, u.userName))) {
        throw new errors.NoSuchEntityException(`User ${u.userName} is not in group ${g.groupName}.`);
      }
    },
    async listGroupsForUser(ctx, input) {
      const u = await deps.user(ctx, input.UserName);
      const p = page(await groups.groupsOf(ctx.accountId, u.userName), input.Marker, input.MaxItems);
      return { Groups: p.slice.map(groupShape), IsTruncated: p.IsTruncated, Marker: p.Marker };
    },

    async putGroupPolicy(ctx, input) {
      const g = await mustGroup(ctx, input.GroupName);
      checkPolicyDocument(input.PolicyDocument, 'identity');
      // The quota is on the sum of the group's inline policies (the one being replaced not counted).
      const others = (await dir.listPolicies(ctx.accountId, 'group', g.groupName)).filter((p) => p.policyName !== input.PolicyName);
      const total = others.reduce((n, p) => n + policySize(p.document), policySize(input.PolicyDocument));
      if (total > INLINE_GROUP_POLICY_CHARS) throw new errors.LimitExceededException(`Maximum policy size of ${INLINE_GROUP_POLICY_CHARS} bytes exceeded for group ${g.groupName}`);
      await dir.putPolicy(ctx.accountId, 'group', g.groupName, input.PolicyName, input.PolicyDocument);
    },
    async getGroupPolicy(ctx, input) {
      const g = await mustGroup(ctx, input.GroupName);
      const doc = await dir.getPolicy(ctx.accountId, 'group', g.groupName, input.PolicyName);
      if (doc === undefined) throw new errors.NoSuchEntityException(`The group policy with name ${input.PolicyName} cannot be found.`);
      return { GroupName: g.groupName, PolicyName: input.PolicyName, PolicyDocument: encodeURIComponent(doc) };
    },
    async deleteGroupPolicy(ctx, input) {
      const g = await mustGroup(ctx, input.GroupName);
      if (!(await dir.deletePolicy(ctx.accountId, 'group', g.groupName, input.PolicyName))) {
        throw new errors.NoSuchEntityException(`The group policy with name ${input.PolicyName} cannot be found.`);
      }
    },
    async listGroupPolicies(ctx, input) {
      const g = await mustGroup(ctx, input.GroupName);
      const p = page((await dir.listPolicies(ctx.accountId, 'group', g.groupName)).map((x) => x.policyName), input.Marker, input.MaxItems);
      return { PolicyNames: p.slice, IsTruncated: p.IsTruncated, Marker: p.Marker };
    },
  } satisfies Partial<IamApi>;
}
