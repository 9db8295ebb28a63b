// GetAccountAuthorizationDetails: every user, group, role and managed policy of the account with the policies that
// bear on it, as IAM answers it: documents URL-encoded, one Marker paging the four lists as one sequence (users,
// groups, roles, policies), Filter choosing which of them. AWS managed policies appear when attached in the account.
import type { RequestContext } from '../../../common/index.js';
import type { IamApi, Role } from '../../../models/iam/index.js';
import type { IamDirectory, IamGroups, IamRole, IamUser, InstanceProfiles, ManagedPolicies, ManagedPolicy, PolicyHolderKind } from '../../../iam/index.js';
import { page } from '../paging.js';
import { storedTags } from './tags.js';

export interface AuthorizationDetailsDeps {
  directory: IamDirectory;
  managed: ManagedPolicies;
  groups: IamGroups;
  profiles: InstanceProfiles;
  userShape(u: IamUser): object;
  roleShape(r: IamRole): Role;
}

type Entry = { kind: 'user'; user: IamUser } | { kind: 'group'; name: string } | { kind: 'role'; role: IamRole } | { kind: 'policy'; policy: ManagedPolicy };

export function authorizationDetailsOps(deps: AuthorizationDetailsDeps) {
  const { directory: dir, managed, groups } = deps;
  const tags = storedTags(dir);
  const inline = async (ctx: RequestContext, kind: PolicyHolderKind, name: string) =>
    (await dir.listPolicies(ctx.accountId, kind, name)).map((p) => ({ PolicyName: p.policyName, PolicyDocument: encodeURIComponent(p.document) }));
  const attached = async (ctx: RequestContext, kind: 'user' | 'role' | 'group', name: string) =>
    (await managed.attached(ctx.accountId, kind, name)).map((p) => ({ PolicyName: p.policyName, PolicyArn: p.arn }));
  const boundary = (arn: string | undefined) => (arn ? { PermissionsBoundary: { PermissionsBoundaryType: 'PermissionsBoundaryPolicy' as const, PermissionsBoundaryArn: arn } } : {});
  const withTags = async (ctx: RequestContext, kind: 'user' | 'role', name: string) => {
    const list = await tags.read(ctx.accountId, kind, name);
    return list.length ? { Tags: list } : {};
  };

  const boundaryUses = async (ctx: RequestContext, arn: string) =>
    (await dir.listUsers(ctx.accountId)).filter((u) => u.permissionsBoundary === arn).length + (await dir.listRoles(ctx.accountId)).filter((r) => r.permissionsBoundary === arn).length;

  return {
    async getAccountAuthorizationDetails(ctx, input) {
      const filter = new Set(input.Filter?.length ? input.Filter : ['User', 'Group', 'Role', 'LocalManagedPolicy', 'AWSManagedPolicy']);
      const entries: Entry[] = [];
      if (filter.has('User')) for (const user of await dir.listUsers(ctx.accountId)) entries.push({ kind: 'user', user });
      if (filter.has('Group')) for (const g of await groups.list(ctx.accountId)) entries.push({ kind: 'group', name: g.groupName });
      if (filter.has('Role')) for (const role of await dir.listRoles(ctx.accountId)) entries.push({ kind: 'role', role });
      if (filter.has('LocalManagedPolicy')) for (const policy of await managed.list(ctx.accountId)) entries.push({ kind: 'policy', policy });
      if (filter.has('AWSManagedPolicy')) {
        for (const policy of managed.listAws()) if ((await managed.attachmentCount(policy.arn, ctx.accountId)) > 0) entries.push({ kind: 'policy', policy });
      }
      const p = page(entries, input.Marker, input.MaxItems);

      const out: Required<Pick<Awaited<ReturnType<IamApi['getAccountAuthorizationDetails']>>, 'UserDetailList' | 'GroupDetailList' | 'RoleDetailList' | 'Policies'>> = {
        UserDetailList: [],
        GroupDetailList: [],
        RoleDetailList: [],
        Policies: [],
      };
      for (const e of p.slice) {
        if (e.kind === 'user') {
          const u = e.user;
          out.UserDetailList.push({
            Path: u.path, UserName: u.userName, UserId: u.userId, Arn: u.arn, CreateDate: u.createdAt,
            UserPolicyList: await inline(ctx, 'user', u.userName),
            GroupList: (await groups.groupsOf(ctx.accountId, u.userName)).map((g) => g.groupName),
            AttachedManagedPolicies: await attached(ctx, 'user', u.userName),
            ...boundary(u.permissionsBoundary),
            ...(await withTags(ctx, 'user', u.userName)),
          });
        } else if (e.kind === 'group') {
          const g = (await groups.get(ctx.accountId, e.name))!;
          out.GroupDetailList.push({
            Path: g.path, GroupName: g.groupName, GroupId: g.groupId, Arn: g.arn, CreateDate: g.createdAt,
            GroupPolicyList: await inline(ctx, 'group', g.groupName),
            AttachedManagedPolicies: await attached(ctx, 'group', g.groupName),
          });
        } else if (e.kind === 'role') {
          const r = e.role;
          const roleTags = await withTags(ctx, 'role', r.roleName);
          const profiles = await deps.profiles.forRole(ctx.accountId, r.roleName);
          out.RoleDetailList.push({
            Path: r.path, RoleName: r.roleName, RoleId: r.roleId, Arn: r.arn, CreateDate: r.createdAt,
            AssumeRolePolicyDocument: encodeURIComponent(r.assumeRolePolicy),
            InstanceProfileList: profiles.map((ip) => ({
              Path: ip.path, InstanceProfileName: ip.profileName, InstanceProfileId: ip.profileId, Arn: ip.arn, CreateDate: ip.createdAt,
              Roles: [{ ...deps.roleShape(r), ...roleTags }],
            })),
            RolePolicyList: await inline(ctx, 'role', r.roleName),
            AttachedManagedPolicies: await attached(ctx, 'role', r.roleName),
            ...boundary(r.permissionsBoundary),
            ...roleTags,
          });
        } else {
          const mp = e.policy;
          out.Policies.push({
            PolicyName: mp.policyName, PolicyId: mp.policyId, Arn: mp.arn, Path: mp.path, DefaultVersionId: mp.defaultVersionId,
            AttachmentCount: await managed.attachmentCount(mp.arn, ctx.accountId),
            PermissionsBoundaryUsageCount: await boundaryUses(ctx, mp.arn),
            IsAttachable: true,
            ...(mp.description !== undefined ? { Description: mp.description } : {}),
            CreateDate: mp.createdAt, UpdateDate: mp.updatedAt,
            PolicyVersionList: (await managed.versions(mp.arn)).map((v) => ({ Document: encodeURIComponent(v.document), VersionId: v.versionId, IsDefaultVersion: v.isDefault, CreateDate: v.createdAt })),
          });
        }
      }
      return { ...out, IsTruncated: p.IsTruncated, Marker: p.Marker };
    },
  } satisfies Partial<IamApi>;
}
