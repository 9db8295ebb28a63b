// Customer managed policies: create, read, list, delete; attach to and detach from users and roles; use as
// permissions boundaries. One version (v1) per policy: CreatePolicyVersion is not built and answers NotImplemented.
import { ServiceError, type RequestContext } from '../../../common/index.js';
import type { IamApi } from '../../../models/iam/index.js';
import { errors } from '../../../models/iam/index.js';
import type { IamDirectory, ManagedPolicies, ManagedPolicy, PrincipalKind } from '../../../iam/index.js';
import { checkPolicyDocument, policySize } from '../../../iam/index.js';
import { MANAGED_POLICIES_PER_ENTITY, MANAGED_POLICY_CHARS } from '../quotas.js';
import { page } from '../paging.js';

export interface PolicyOpsDeps {
  directory: IamDirectory;
  managed: ManagedPolicies;
  entity(ctx: RequestContext, kind: PrincipalKind, name: string | undefined): Promise<{ name: string }>;
}

export const noSuchPolicy = (arn: string) => new errors.NoSuchEntityException(`Policy ${arn} does not exist or is not attachable.`);

async function boundaryUsage(dir: IamDirectory, accountId: string, arn: string): Promise<number> {
  const users = await dir.listUsers(accountId);
  const roles = await dir.listRoles(accountId);
  return users.filter((u) => u.permissionsBoundary === arn).length + roles.filter((r) => r.permissionsBoundary === arn).length;
}

export function policyOps(deps: PolicyOpsDeps) {
  const { managed, directory } = deps;
  const shape = async (p: ManagedPolicy) => ({
    PolicyName: p.policyName,
    PolicyId: p.policyId,
    Arn: p.arn,
    Path: p.path,
    DefaultVersionId: 'v1',
    AttachmentCount: await managed.attachmentCount(p.arn),
    PermissionsBoundaryUsageCount: await boundaryUsage(directory, p.accountId, p.arn),
    IsAttachable: true,
    Description: p.description,
    CreateDate: p.createdAt,
    UpdateDate: p.updatedAt,
  });
  const mustPolicy = async (ctx: RequestContext, arn: string) => {
    const p = await managed.get(arn);
    if (!p || p.accountId !== ctx.accountId) throw noSuchPolicy(arn);
    return p;
  };
  const attach = async (ctx: RequestContext, kind: PrincipalKind, name: string, arn: string) => {
    const entity = await deps.entity(ctx, kind, name);
    const policy = await managed.get(arn);
    if (!policy || policy.accountId !== ctx.accountId) throw noSuchPolicy(arn);
    const current = await managed.attached(ctx.accountId, kind, entity.name);
    if (!current.some((p) => p.arn === arn) && current.length >= MANAGED_POLICIES_PER_ENTITY) {
      throw new errors.LimitExceededException(`Cannot exceed quota for PoliciesPerUser: ${MANAGED_POLICIES_PER_ENTITY}`);
    }
    await managed.attach(ctx.accountId, kind, entity.name, arn);
  };
  const detach = async (ctx: RequestContext, kind: PrincipalKind, name: string, arn: string) => {
    const entity = await deps.entity(ctx, kind, name);
    if (!(await managed.detach(ctx.accountId, kind, entity.name, arn))) throw new errors.NoSuchEntityException(`Policy ${arn} was not found.`);
  };
  const listAttached = async (ctx: RequestContext, kind: PrincipalKind, name: string, marker?: string, maxItems?: number) => {
    const entity = await deps.entity(ctx, kind, name);
    const p = page(await managed.attached(ctx.accountId, kind, entity.name), marker, maxItems);
    return { AttachedPolicies: p.slice.map((x) => ({ PolicyName: x.policyName, PolicyArn: x.arn })), IsTruncated: p.IsTruncated, Marker: p.Marker };
  };

  return {
    async createPolicy(ctx, input) {
      if (input.Tags?.length) throw new ServiceError('NotImplemented', 'Sift does not implement tags on managed policies yet.', 501, 'server');
      checkPolicyDocument(input.PolicyDocument, 'identity');
      if (policySize(input.PolicyDocument) > MANAGED_POLICY_CHARS) throw new errors.LimitExceededException(`Cannot exceed quota for PolicySize: ${MANAGED_POLICY_CHARS}`);
      const p = await managed.create(ctx.accountId, { policyName: input.PolicyName, path: input.Path, description: input.Description, document: input.PolicyDocument });
      if (!p) throw new errors.EntityAlreadyExistsException(`A policy called ${input.PolicyName} already exists. Duplicate names are not allowed.`);
      return { Policy: await shape(p) };
    },
    async getPolicy(ctx, input) {
      return { Policy: await shape(await mustPolicy(ctx, input.PolicyArn)) };
    },
    async getPolicyVersion(ctx, input) {
      const p = await mustPolicy(ctx, input.PolicyArn);
      if (input.VersionId !== 'v1') throw new errors.NoSuchEntityException(`Policy ${input.PolicyArn} version ${input.VersionId} does not exist or is not attachable.`);
      return { PolicyVersion: { Document: encodeURIComponent(p.document), VersionId: 'v1', IsDefaultVersion: true, CreateDate: p.createdAt } };
    },
    async listPolicies(ctx, input) {
      // Only customer managed policies exist in Sift: Scope AWS lists none.
      const list = input.Scope === 'AWS' ? [] : await managed.list(ctx.accountId, input.PathPrefix ?? '/');
      const shaped = await Promise.all(list.map(shape));
      const filtered = input.OnlyAttached ? shaped.filter((p) => (p.AttachmentCount ?? 0) > 0) : shaped;
      const p = page(filtered, input.Marker, input.MaxItems);
      return { Policies: p.slice, IsTruncated: p.IsTruncated, Marker: p.Marker };
    },
    async deletePolicy(ctx, input) {
      const p = await mustPolicy(ctx, input.PolicyArn);
      if ((await managed.attachmentCount(p.arn)) > 0 || (await boundaryUsage(directory, ctx.accountId, p.arn)) > 0) {
        throw new errors.DeleteConflictException('Cannot delete a policy attached to entities.');
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
    async listAttachedUserPolicies(ctx, input) {
      return listAttached(ctx, 'user', input.UserName, input.Marker, input.MaxItems);
    },
    async listAttachedRolePolicies(ctx, input) {
      return listAttached(ctx, 'role', input.RoleName, input.Marker, input.MaxItems);
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
