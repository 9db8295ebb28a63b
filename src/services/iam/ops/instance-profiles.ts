// IAM instance profiles: create, read, list (all, or those holding a role), delete once empty, put one role in and
// take it out, tags. Adding a role also needs iam:PassRole on it (checked by the gateway, src/iam/actions/pass-role.ts).
// Errors and quotas as the IAM API reference gives them (quotas.ts).
import type { RequestContext } from '../../../common/index.js';
import type { IamApi, Role } from '../../../models/iam/index.js';
import { errors } from '../../../models/iam/index.js';
import type { IamDirectory, IamRole, InstanceProfile, InstanceProfiles } from '../../../iam/index.js';
import { page } from '../paging.js';
import { INSTANCE_PROFILES_PER_ACCOUNT, ROLES_PER_INSTANCE_PROFILE } from '../quotas.js';
import { storedTags, type Tag } from './tags.js';

export interface InstanceProfileOpsDeps {
  profiles: InstanceProfiles;
  directory: IamDirectory;
  role(ctx: RequestContext, name: string): Promise<IamRole>;
  roleShape(r: IamRole): Role;
}

export const noSuchInstanceProfile = (name: string) => new errors.NoSuchEntityException(`Instance Profile ${name} cannot be found.`);

export function instanceProfileOps(deps: InstanceProfileOpsDeps) {
  const { profiles, directory } = deps;
  const tags = storedTags(directory);
  const mustProfile = async (ctx: RequestContext, name: string) => {
    const p = await profiles.get(ctx.accountId, name);
    if (!p) throw noSuchInstanceProfile(name);
    return p;
  };
  /** The profile as IAM answers it: with its role (as GetRole shows it, tags included) and, when asked, its tags. */
  const shape = async (ctx: RequestContext, p: InstanceProfile, own?: Tag[]) => {
    const role = p.roleName ? await directory.getRole(ctx.accountId, p.roleName) : undefined;
    const roleTags = role ? await tags.read(ctx.accountId, 'role', role.roleName) : [];
    return {
      Path: p.path,
      InstanceProfileName: p.profileName,
      InstanceProfileId: p.profileId,
      Arn: p.arn,
      CreateDate: p.createdAt,
      Roles: role ? [{ ...deps.roleShape(role), ...(roleTags.length ? { Tags: roleTags } : {}) }] : [],
      ...(own?.length ? { Tags: own } : {}),
    };
  };

  return {
    async createInstanceProfile(ctx, input) {
      const given = tags.check(input.Tags);
      if ((await profiles.list(ctx.accountId)).length >= INSTANCE_PROFILES_PER_ACCOUNT) {
        throw new errors.LimitExceededException(`Cannot exceed quota for InstanceProfilesPerAccount: ${INSTANCE_PROFILES_PER_ACCOUNT}`);
      }
      const p = await profiles.create(ctx.accountId, input.InstanceProfileName, input.Path ?? '/');
      if (!p) throw new errors.EntityAlreadyExistsException(`Instance Profile ${input.InstanceProfileName} already exists.`);
      return { InstanceProfile: await shape(ctx, p, await tags.initial(ctx.accountId, 'instance-profile', p.profileName, given)) };
    },
    async getInstanceProfile(ctx, input) {
      const p = await mustProfile(ctx, input.InstanceProfileName);
      return { InstanceProfile: await shape(ctx, p, await tags.read(ctx.accountId, 'instance-profile', p.profileName)) };
    },
    async listInstanceProfiles(ctx, input) {
      const pg = page(await profiles.list(ctx.accountId, input.PathPrefix ?? '/'), input.Marker, input.MaxItems);
      return { InstanceProfiles: await Promise.all(pg.slice.map((p) => shape(ctx, p))), IsTruncated: pg.IsTruncated, Marker: pg.Marker };
    },
    async listInstanceProfilesForRole(ctx, input) {
      const role = await deps.role(ctx, input.RoleName);
      const pg = page(await profiles.forRole(ctx.accountId, role.roleName), input.Marker, input.MaxItems);
      return { InstanceProfiles: await Promise.all(pg.slice.map((p) => shape(ctx, p))), IsTruncated: pg.IsTruncated, Marker: pg.Marker };
    },
    async deleteInstanceProfile(ctx, input) {
      const p = await mustProfile(ctx, input.InstanceProfileName);
      if (p.roleName) throw new errors.DeleteConflictException('Cannot delete entity, must remove roles from instance profile first.');
      await profiles.delete(ctx.accountId, p.profileName);
    },
    async addRoleToInstanceProfile(ctx, input) {
      const p = await mustProfile(ctx, input.InstanceProfileName);
      const role = await deps.role(ctx, input.RoleName);
      // One role per profile, the one already there included (IAM answers the quota for both).
      if (p.roleName || !(await profiles.addRole(ctx.accountId, p.profileName, role.roleName))) {
        throw new errors.LimitExceededException(`Cannot exceed quota for InstanceSessionsPerInstanceProfile: ${ROLES_PER_INSTANCE_PROFILE}`);
      }
    },
    async removeRoleFromInstanceProfile(ctx, input) {
      const p = await mustProfile(ctx, input.InstanceProfileName);
      const role = await deps.role(ctx, input.RoleName);
      if (!(await profiles.removeRole(ctx.accountId, p.profileName, role.roleName))) {
        throw new errors.NoSuchEntityException(`The role with name ${role.roleName} cannot be found in instance profile ${p.profileName}.`);
      }
    },
    async tagInstanceProfile(ctx, input) {
      await tags.tag(ctx.accountId, 'instance-profile', (await mustProfile(ctx, input.InstanceProfileName)).profileName, input.Tags);
    },
    async untagInstanceProfile(ctx, input) {
      await tags.untag(ctx.accountId, 'instance-profile', (await mustProfile(ctx, input.InstanceProfileName)).profileName, input.TagKeys);
    },
    async listInstanceProfileTags(ctx, input) {
      return tags.page(ctx.accountId, 'instance-profile', (await mustProfile(ctx, input.InstanceProfileName)).profileName, input.Marker, input.MaxItems);
    },
  } satisfies Partial<IamApi>;
}
