// AWS IAM: users, access keys, roles with trust policies, and inline policies of users and roles.
// IAM returns policy documents URL-encoded, as AWS does (the AWS CLI decodes them for display).
import type { RequestContext } from '../../common/index.js';
import type { IamApi } from '../../models/iam/index.js';
import { errors } from '../../models/iam/index.js';
import type { IamDirectory, IamRole, IamUser, PrincipalKind } from '../../iam/index.js';
import { checkPolicyDocument } from '../../iam/index.js';
import type { ServiceRegistration } from '../types.js';

export interface IamDeps {
  directory: IamDirectory;
}

const userShape = (u: IamUser) => ({ Path: u.path, UserName: u.userName, UserId: u.userId, Arn: u.arn, CreateDate: u.createdAt });
const roleShape = (r: IamRole) => ({
  Path: r.path,
  RoleName: r.roleName,
  RoleId: r.roleId,
  Arn: r.arn,
  CreateDate: r.createdAt,
  AssumeRolePolicyDocument: encodeURIComponent(r.assumeRolePolicy),
  Description: r.description,
  MaxSessionDuration: r.maxSessionDuration,
});

const noSuchUser = (name: string) => new errors.NoSuchEntityException(`The user with name ${name} cannot be found.`);
const noSuchRole = (name: string) => new errors.NoSuchEntityException(`The role with name ${name} cannot be found.`);

/** IAM's Marker pagination over an ordered list. */
function page<T>(items: T[], marker: string | undefined, maxItems: number | undefined) {
  const start = marker ? Number(Buffer.from(marker, 'base64url').toString()) || 0 : 0;
  const size = maxItems ?? 100;
  const slice = items.slice(start, start + size);
  const more = start + size < items.length;
  return { slice, IsTruncated: more, Marker: more ? Buffer.from(String(start + size)).toString('base64url') : undefined };
}

export function createIamProvider(deps: IamDeps) {
  const dir = deps.directory;
  /** The user a call is about: the named one, or the calling IAM user when the name is omitted. */
  const targetUser = async (ctx: RequestContext, userName: string | undefined) => {
    const name = userName ?? ctx.principal.userName;
    if (!name) throw new errors.NoSuchEntityException('Must specify userName when calling with non-User credentials');
    const user = await dir.getUser(ctx.accountId, name);
    if (!user) throw noSuchUser(name);
    return user;
  };
  const mustRole = async (ctx: RequestContext, roleName: string) => {
    const role = await dir.getRole(ctx.accountId, roleName);
    if (!role) throw noSuchRole(roleName);
    return role;
  };
  const putPolicy = async (ctx: RequestContext, kind: PrincipalKind, name: string, policyName: string, document: string) => {
    checkPolicyDocument(document, 'identity');
    await dir.putPolicy(ctx.accountId, kind, name, policyName, document);
  };

  return {
    async createUser(ctx, input) {
      const user = await dir.createUser(ctx.accountId, input.UserName, input.Path ?? '/');
      if (!user) throw new errors.EntityAlreadyExistsException(`User with name ${input.UserName} already exists.`);
      return { User: userShape(user) };
    },
    async getUser(ctx, input) {
      if (!input.UserName && ctx.principal.type === 'Root') {
        return { User: { Path: '/', UserName: '', UserId: ctx.accountId, Arn: ctx.principal.arn, CreateDate: new Date(0) } };
      }
      return { User: userShape(await targetUser(ctx, input.UserName)) };
    },
    async listUsers(ctx, input) {
      const users = await dir.listUsers(ctx.accountId, input.PathPrefix ?? '/');
      const p = page(users, input.Marker, input.MaxItems);
      return { Users: p.slice.map(userShape), IsTruncated: p.IsTruncated, Marker: p.Marker };
    },
    async deleteUser(ctx, input) {
      const user = await targetUser(ctx, input.UserName);
      const keys = await dir.listAccessKeys(ctx.accountId, user.userName);
      const policies = await dir.listPolicies(ctx.accountId, 'user', user.userName);
      if (keys.length || policies.length) throw new errors.DeleteConflictException('Cannot delete entity, must delete access keys and policies first.');
      await dir.deleteUser(ctx.accountId, user.userName);
    },

    async createAccessKey(ctx, input) {
      const user = await targetUser(ctx, input.UserName);
      if ((await dir.listAccessKeys(ctx.accountId, user.userName)).length >= 2) {
        throw new errors.LimitExceededException('Cannot exceed quota for AccessKeysPerUser: 2');
      }
      const key = await dir.createAccessKey(ctx.accountId, user.userName);
      return { AccessKey: { UserName: user.userName, AccessKeyId: key.accessKeyId, Status: key.status, SecretAccessKey: key.secretAccessKey, CreateDate: key.createdAt } };
    },
    async listAccessKeys(ctx, input) {
      const user = await targetUser(ctx, input.UserName);
      const keys = await dir.listAccessKeys(ctx.accountId, user.userName);
      const p = page(keys, input.Marker, input.MaxItems);
      return { AccessKeyMetadata: p.slice.map((k) => ({ UserName: user.userName, AccessKeyId: k.accessKeyId, Status: k.status, CreateDate: k.createdAt })), IsTruncated: p.IsTruncated, Marker: p.Marker };
    },
    async deleteAccessKey(ctx, input) {
      const user = await targetUser(ctx, input.UserName);
      if (!(await dir.deleteAccessKey(ctx.accountId, user.userName, input.AccessKeyId))) {
        throw new errors.NoSuchEntityException(`The Access Key with id ${input.AccessKeyId} cannot be found.`);
      }
    },

    async createRole(ctx, input) {
      checkPolicyDocument(input.AssumeRolePolicyDocument, 'trust');
      const role = await dir.createRole(ctx.accountId, {
        roleName: input.RoleName,
        path: input.Path,
        assumeRolePolicy: input.AssumeRolePolicyDocument,
        description: input.Description,
        maxSessionDuration: input.MaxSessionDuration,
      });
      if (!role) throw new errors.EntityAlreadyExistsException(`Role with name ${input.RoleName} already exists.`);
      return { Role: roleShape(role) };
    },
    async getRole(ctx, input) {
      return { Role: roleShape(await mustRole(ctx, input.RoleName)) };
    },
    async listRoles(ctx, input) {
      const roles = await dir.listRoles(ctx.accountId, input.PathPrefix ?? '/');
      const p = page(roles, input.Marker, input.MaxItems);
      return { Roles: p.slice.map(roleShape), IsTruncated: p.IsTruncated, Marker: p.Marker };
    },
    async deleteRole(ctx, input) {
      const role = await mustRole(ctx, input.RoleName);
      if ((await dir.listPolicies(ctx.accountId, 'role', role.roleName)).length) {
        throw new errors.DeleteConflictException('Cannot delete entity, must delete policies first.');
      }
      await dir.deleteRole(ctx.accountId, role.roleName);
    },

    async putUserPolicy(ctx, input) {
      const user = await targetUser(ctx, input.UserName);
      await putPolicy(ctx, 'user', user.userName, input.PolicyName, input.PolicyDocument);
    },
    async putRolePolicy(ctx, input) {
      const role = await mustRole(ctx, input.RoleName);
      await putPolicy(ctx, 'role', role.roleName, input.PolicyName, input.PolicyDocument);
    },
    async getUserPolicy(ctx, input) {
      const user = await targetUser(ctx, input.UserName);
      const doc = await dir.getPolicy(ctx.accountId, 'user', user.userName, input.PolicyName);
      if (doc === undefined) throw new errors.NoSuchEntityException(`The user policy with name ${input.PolicyName} cannot be found.`);
      return { UserName: user.userName, PolicyName: input.PolicyName, PolicyDocument: encodeURIComponent(doc) };
    },
    async getRolePolicy(ctx, input) {
      const role = await mustRole(ctx, input.RoleName);
      const doc = await dir.getPolicy(ctx.accountId, 'role', role.roleName, input.PolicyName);
      if (doc === undefined) throw new errors.NoSuchEntityException(`The role policy with name ${input.PolicyName} cannot be found.`);
      return { RoleName: role.roleName, PolicyName: input.PolicyName, PolicyDocument: encodeURIComponent(doc) };
    },
    async deleteUserPolicy(ctx, input) {
      const user = await targetUser(ctx, input.UserName);
      if (!(await dir.deletePolicy(ctx.accountId, 'user', user.userName, input.PolicyName))) {
        throw new errors.NoSuchEntityException(`The user policy with name ${input.PolicyName} cannot be found.`);
      }
    },
    async deleteRolePolicy(ctx, input) {
      const role = await mustRole(ctx, input.RoleName);
      if (!(await dir.deletePolicy(ctx.accountId, 'role', role.roleName, input.PolicyName))) {
        throw new errors.NoSuchEntityException(`The role policy with name ${input.PolicyName} cannot be found.`);
      }
    },
    async listUserPolicies(ctx, input) {
      const user = await targetUser(ctx, input.UserName);
      const names = (await dir.listPolicies(ctx.accountId, 'user', user.userName)).map((p) => p.policyName);
      const p = page(names, input.Marker, input.MaxItems);
      return { PolicyNames: p.slice, IsTruncated: p.IsTruncated, Marker: p.Marker };
    },
    async listRolePolicies(ctx, input) {
      const role = await mustRole(ctx, input.RoleName);
      const names = (await dir.listPolicies(ctx.accountId, 'role', role.roleName)).map((p) => p.policyName);
      const p = page(names, input.Marker, input.MaxItems);
      return { PolicyNames: p.slice, IsTruncated: p.IsTruncated, Marker: p.Marker };
    },
  } satisfies Partial<IamApi>;
}

export function createIamRegistration(deps: IamDeps): ServiceRegistration {
  return {
    service: 'iam',
    provider: createIamProvider(deps),
    resourceOf: (op, input, ctx) => {
      if (input?.RoleName) return `arn:aws:iam::${ctx.accountId}:role/${input.RoleName}`;
      if (input?.UserName) return `arn:aws:iam::${ctx.accountId}:user/${input.UserName}`;
      if (op.includes('User') && ctx.principal.userName) return ctx.principal.arn;
      return '*';
    },
  };
}
