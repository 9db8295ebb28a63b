// Managed policies: customer managed ones (create, read, list, delete, up to five versions with one default) and
// AWS managed ones (read-only: get, list with Scope AWS, attach); attach to and detach from users, roles and groups;
// use as permissions boundaries.
import type { RequestContext } from '../../../common/index.js';
import type { IamApi } from '../../../models/iam/index.js';
import { errors } from '../../../models/iam/index.js';
import type { AttachmentKind, IamDirectory, IamGroups, ManagedPolicies, ManagedPolicy, PolicyVersion } from '../../../iam/index.js';
import { MAX_POLICY_VERSIONS } from '../../../iam/index.js';
import { checkPolicyDocument, policySize } from '../../../iam/index.js';
import { MANAGED_POLICIES_PER_ENTITY, MANAGED_POLICY_CHARS } from '../quotas.js';
import { page } from '../paging.js';
import { storedTags } from './tags.js';

export interface PolicyOpsDeps {
  directory: IamDirectory;
  managed: ManagedPolicies;
  groups: IamGroups;
  entity(ctx: RequestContext, kind: AttachmentKind, name: string | undefined): Promise<{ name: string }>;
  /** Throws unless the account may change the role's policies (a service-linked role is changed by its service only). */
  mutableRole(ctx: RequestContext, roleName: string): Promise<void>;
}

export const noSuchPolicy = (arn: string) => new errors.NoSuchEntityException(`Policy ${arn} does not exist or is not attachable.`);
const noSuchVersion = (arn: string, id: string) => new errors.NoSuchEntityException(`Policy ${arn} version ${id} does not exist or is not attachable.`);
const versionShape = (v: PolicyVersion) => ({ Document: encodeURIComponent(v.document), VersionId: v.versionId, IsDefaultVersion: v.isDefault, CreateDate: v.createdAt });

async function boundaryUsage(dir: IamDirectory, accountId: string, arn: string): Promise<number> {
  const users = await dir.listUsers(accountId);
  const roles = await dir.listRoles(accountId);
  return users.filter((u) => u.permissionsBoundary === arn).length + roles.filter((r) => r.permissionsBoundary === arn).length;
}

export function policyOps(deps: PolicyOpsDeps) {
  const { managed, directory } = deps;
  const tags = storedTags(directory);
  const shape = async (ctx: RequestContext, p: ManagedPolicy) => ({
    PolicyName: p.policyName,
    PolicyId: p.policyId,
    Arn: p.arn,
    Path: p.path,
    DefaultVersionId: p.defaultVersionId,
    AttachmentCount: await managed.attachmentCount(p.arn, ctx.accountId),
    PermissionsBoundaryUsageCount: await boundaryUsage(directory, ctx.accountId, p.arn),
    IsAttachable: true,
    Description: p.description,
    CreateDate: p.createdAt,
    UpdateDate: p.updatedAt,
  });
  /** A policy the account may use: its own customer managed ones and every AWS managed one. */
  const mustPolicy = async (ctx: RequestContext, arn: string) => {
    const p = await managed.get(arn);
    if (!p || (p.accountId !== ctx.accountId && !p.awsManaged)) throw noSuchPolicy(arn);
    return p;
  };
  /** A policy the account may change: only its own (AWS managed policies are read-only). */
  const mustOwnPolicy = async (ctx: RequestContext, arn: string) => {
    const p = await managed.get(arn);
    if (!p || p.accountId !== ctx.accountId) throw noSuchPolicy(arn);
    return p;
  };
  const attach = async (ctx: RequestContext, kind: AttachmentKind, name: string, arn: string) => {
    if (kind === 'role') await deps.mutableRole(ctx, name);
    const entity = await deps.entity(ctx, kind, name);
    const policy = await mustPolicy(ctx, arn);
    // A service-linked role's policy belongs to that role alone (its service attaches it through CreateServiceLinkedRole).
    if (policy.awsManaged && policy.path.startsWith('/aws-service-role/')) {
      throw new errors.PolicyNotAttachableException(`Cannot attach a Service Role Policy to a Customer ${kind === 'user' ? 'User' : kind === 'role' ? 'Role' : 'Group'}.`);
    }
    const current = await managed.attached(ctx.accountId, kind, entity.name);
    if (!current.some((p) => p.arn === arn) && current.length >= MANAGED_POLICIES_PER_ENTITY) {
      const quota = kind === 'user' ? 'PoliciesPerUser' : kind === 'role' ? 'PoliciesPerRole' : 'PoliciesPerGroup';
      throw new errors.LimitExceededException(`Cannot exceed quota for ${quota}: ${MANAGED_POLICIES_PER_ENTITY}`);
    }
    await managed.attach(ctx.accountId, kind, entity.name, arn);
  };
  const detach = async (ctx: RequestContext, kind: AttachmentKind, name: string, arn: string) => {
    if (kind === 'role') await deps.mutableRole(ctx, name);
    const entity = await deps.entity(ctx, kind, name);
    if (!(await managed.detach(ctx.accountId, kind, entity.name, arn))) throw new errors.NoSuchEntityException(`Policy ${arn} was not found.`);
  };
  const listAttached = async (ctx: RequestContext, kind: AttachmentKind, name: string, pathPrefix: string | undefined, marker?: string, maxItems?: number) => {
    const entity = await deps.entity(ctx, kind, name);
    const attached = (await managed.attached(ctx.accountId, kind, entity.name)).filter((x) => x.path.startsWith(pathPrefix ?? '/'));
    const p = page(attached, marker, maxItems);
    return { AttachedPolicies: p.slice.map((x) => ({ PolicyName: x.policyName, PolicyArn: x.arn })), IsTruncated: p.IsTruncated, Marker: p.Marker };
  };

  return {
    async createPolicy(ctx, input) {
      const given = tags.check(input.Tags);
      checkPolicyDocument(input.PolicyDocument, 'identity');
      if (policySize(input.PolicyDocument) > MANAGED_POLICY_CHARS) throw new errors.LimitExceededException(`Cannot exceed quota for PolicySize: ${MANAGED_POLICY_CHARS}`);
      const p = await managed.create(ctx.accountId, { policyName: input.PolicyName, path: input.Path, description: input.Description, document: input.PolicyDocument });
      if (!p) throw new errors.EntityAlreadyExistsException(`A policy called ${input.PolicyName} already exists. Duplicate names are not allowed.`);
      await tags.initial(ctx.accountId, 'policy', p.policyName, given);
      return { Policy: { ...(await shape(ctx, p)), ...(given.length ? { Tags: given } : {}) } };
    },
    async getPolicy(ctx, input) {
      const p = await mustPolicy(ctx, input.PolicyArn);
      const list = p.awsManaged ? [] : await tags.read(ctx.accountId, 'policy', p.policyName);
      return { Policy: { ...(await shape(ctx, p)), ...(list.length ? { Tags: list } : {}) } };
    },
    async tagPolicy(ctx, input) {
      await tags.tag(ctx.accountId, 'policy', (await mustOwnPolicy(ctx, input.PolicyArn)).policyName, input.Tags);
    },
    async untagPolicy(ctx, input) {
      await tags.untag(ctx.accountId, 'policy', (await mustOwnPolicy(ctx, input.PolicyArn)).policyName, input.TagKeys);
    },
    async listPolicyTags(ctx, input) {
      return tags.page(ctx.accountId, 'policy', (await mustOwnPolicy(ctx, input.PolicyArn)).policyName, input.Marker, input.MaxItems);
    },
    async listEntitiesForPolicy(ctx, input) {
      const policy = await mustPolicy(ctx, input.PolicyArn);
      // LocalManagedPolicy / AWSManagedPolicy keep every entity of a policy of that kind and none of the other kind.
      const filter = input.EntityFilter;
      if ((filter === 'LocalManagedPolicy' && policy.awsManaged) || (filter === 'AWSManagedPolicy' && !policy.awsManaged)) {
        return { PolicyGroups: [], PolicyUsers: [], PolicyRoles: [], IsTruncated: false };
      }
      const wants = (kind: AttachmentKind) => filter === undefined || filter === 'LocalManagedPolicy' || filter === 'AWSManagedPolicy' || filter.toLowerCase() === kind;
      const prefix = input.PathPrefix ?? '/';
      const usage = input.PolicyUsageFilter;
      const attachedNames = new Map<AttachmentKind, Set<string>>([['user', new Set()], ['role', new Set()], ['group', new Set()]]);
      if (usage !== 'PermissionsBoundary') for (const a of await managed.attachments(policy.arn, ctx.accountId)) attachedNames.get(a.kind)!.add(a.name);
      const uses = (kind: AttachmentKind, name: string, boundary: string | undefined) =>
        attachedNames.get(kind)!.has(name) || (usage !== 'PermissionsPolicy' && kind !== 'group' && boundary === policy.arn);
      type Entry = { kind: AttachmentKind; name: string; id: string };
      const entries: Entry[] = [];
      if (wants('group') && attachedNames.get('group')!.size) {
        for (const g of await deps.groups.list(ctx.accountId, prefix)) if (attachedNames.get('group')!.has(g.groupName)) entries.push({ kind: 'group', name: g.groupName, id: g.groupId });
      }
      if (wants('user')) for (const u of await directory.listUsers(ctx.accountId, prefix)) if (uses('user', u.userName, u.permissionsBoundary)) entries.push({ kind: 'user', name: u.userName, id: u.userId });
      if (wants('role')) for (const r of await directory.listRoles(ctx.accountId, prefix)) if (uses('role', r.roleName, r.permissionsBoundary)) entries.push({ kind: 'role', name: r.roleName, id: r.roleId });
      const p = page(entries, input.Marker, input.MaxItems);
      return {
        PolicyGroups: p.slice.filter((e) => e.kind === 'group').map((e) => ({ GroupName: e.name, GroupId: e.id })),
        PolicyUsers: p.slice.filter((e) => e.kind === 'user').map((e) => ({ UserName: e.name, UserId: e.id })),
        PolicyRoles: p.slice.filter((e) => e.kind === 'role').map((e) => ({ RoleName: e.name, RoleId: e.id })),
        IsTruncated: p.IsTruncated,
        Marker: p.Marker,
      };
    },
    async getPolicyVersion(ctx, input) {
      await mustPolicy(ctx, input.PolicyArn);
      const v = await managed.version(input.PolicyArn, input.VersionId);
      if (!v) throw noSuchVersion(input.PolicyArn, input.VersionId);
      return { PolicyVersion: versionShape(v) };
    },
    async listPolicyVersions(ctx, input) {
      await mustPolicy(ctx, input.PolicyArn);
      const p = page(await managed.versions(input.PolicyArn), input.Marker, input.MaxItems);
      return { Versions: p.slice.map(versionShape), IsTruncated: p.IsTruncated, Marker: p.Marker };
    },
    async createPolicyVersion(ctx, input) {
      const p = await mustOwnPolicy(ctx, input.PolicyArn);
      checkPolicyDocument(input.PolicyDocument, 'identity');
      if (policySize(input.PolicyDocument) > MANAGED_POLICY_CHARS) throw new errors.LimitExceededException(`Cannot exceed quota for PolicySize: ${MANAGED_POLICY_CHARS}`);
      const v = await managed.createVersion(p.arn, input.PolicyDocument, input.SetAsDefault === true);
      if (!v) {
        throw new errors.LimitExceededException(`A managed policy can have up to ${MAX_POLICY_VERSIONS} versions. Before you create a new version, you must delete an existing version.`);
      }
      return { PolicyVersion: versionShape(v) };
    },
    async setDefaultPolicyVersion(ctx, input) {
      const p = await mustOwnPolicy(ctx, input.PolicyArn);
      if (!(await managed.setDefaultVersion(p.arn, input.VersionId))) throw noSuchVersion(p.arn, input.VersionId);
    },
    async deletePolicyVersion(ctx, input) {
      const p = await mustOwnPolicy(ctx, input.PolicyArn);
      if (input.VersionId === p.defaultVersionId) throw new errors.DeleteConflictException('Cannot delete the default version of a policy.');
      if (!(await managed.deleteVersion(p.arn, input.VersionId))) throw noSuchVersion(p.arn, input.VersionId);
    },
    async listPolicies(ctx, input) {
      // Scope All (the default) lists AWS managed policies and the account's own; AWS or Local one kind.
      const prefix = input.PathPrefix ?? '/';
      const list = [...(input.Scope === 'Local' ? [] : managed.listAws(prefix)), ...(input.Scope === 'AWS' ? [] : await managed.list(ctx.accountId, prefix))];
      const shaped = await Promise.all(list.map((p) => shape(ctx, p)));
      const filtered = input.OnlyAttached ? shaped.filter((p) => (p.AttachmentCount ?? 0) > 0) : shaped;
      const p = page(filtered, input.Marker, input.MaxItems);
      return { Policies: p.slice, IsTruncated: p.IsTruncated, Marker: p.Marker };
    },
    async deletePolicy(ctx, input) {
      const p = await mustOwnPolicy(ctx, input.PolicyArn);
      if ((await managed.attachmentCount(p.arn, ctx.accountId)) > 0 || (await boundaryUsage(directory, ctx.accountId, p.arn)) > 0) {
        throw new errors.DeleteConflictException('Cannot delete a policy attached to entities.');
      }
      if ((await managed.versions(p.arn)).length > 1) {
        throw new errors.DeleteConflictException("This policy has more than one version. Before you delete a policy, you must delete the policy's versions. The default version is deleted with the policy.");
      }
      await managed.delete(p.arn);
    },
    async attachUserPolicy(ctx, input) {
      await attach(ctx, 'user', input.UserName, input.PolicyArn);
    },
    async attachRolePolicy(ctx, input) {
      await attach(ctx, 'role', input.RoleName, input.PolicyArn);
    },
    async detachUserPolicy(ctx, input) {
      await detach(ctx, 'user', input.UserName, input.PolicyArn);
    },
    async detachRolePolicy(ctx, input) {
      await detach(ctx, 'role', input.RoleName, input.PolicyArn);
    },
    async attachGroupPolicy(ctx, input) {
      await attach(ctx, 'group', input.GroupName, input.PolicyArn);
    },
    async detachGroupPolicy(ctx, input) {
      await detach(ctx, 'group', input.GroupName, input.PolicyArn);
    },
    async listAttachedUserPolicies(ctx, input) {
      return listAttached(ctx, 'user', input.UserName, input.PathPrefix, input.Marker, input.MaxItems);
    },
    async listAttachedRolePolicies(ctx, input) {
      return listAttached(ctx, 'role', input.RoleName, input.PathPrefix, input.Marker, input.MaxItems);
    },
    async listAttachedGroupPolicies(ctx, input) {
      return listAttached(ctx, 'group', input.GroupName, input.PathPrefix, input.Marker, input.MaxItems);
    },

    // ---- permissions boundaries ----
    async putUserPermissionsBoundary(ctx, input) {
      const user = await deps.entity(ctx, 'user', input.UserName);
      await mustPolicy(ctx, input.PermissionsBoundary);
      await directory.setPermissionsBoundary(ctx.accountId, 'user', user.name, input.PermissionsBoundary);
    },
    async deleteUserPermissionsBoundary(ctx, input) {
      const user = await deps.entity(ctx, 'user', input.UserName);
      await directory.setPermissionsBoundary(ctx.accountId, 'user', user.name, undefined);
    },
    async putRolePermissionsBoundary(ctx, input) {
      const role = await deps.entity(ctx, 'role', input.RoleName);
      await mustPolicy(ctx, input.PermissionsBoundary);
      await directory.setPermissionsBoundary(ctx.accountId, 'role', role.name, input.PermissionsBoundary);
    },
    async deleteRolePermissionsBoundary(ctx, input) {
      const role = await deps.entity(ctx, 'role', input.RoleName);
      await directory.setPermissionsBoundary(ctx.accountId, 'role', role.name, undefined);
    },
  } satisfies Partial<IamApi>;
}
