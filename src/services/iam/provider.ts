// AWS IAM: users, groups, access keys (status, last use), roles with trust policies, inline and managed policies,
// permissions boundaries, tags and virtual MFA devices. IAM returns policy documents URL-encoded, as AWS does (the
// AWS CLI decodes them for display). Policy sizes are bounded by IAM's quotas (quotas.ts).
import type { Clock, IdSource, RequestContext } from '../../common/index.js';
import type { IamApi } from '../../models/iam/index.js';
import { errors } from '../../models/iam/index.js';
import type { AccountAliases, AccountFacts, AttachmentKind, CredentialReports, IamDirectory, IamGroups, IamRole, IamUser, IdentityProviders, InstanceProfiles, LoginProfiles, ManagedPolicies, MfaDevices, PrincipalKind, ServerCertificates, ServiceLinkedRoleTasks, UserCredentials } from '../../iam/index.js';
import { checkPolicyDocument, policySize } from '../../iam/index.js';
import type { ServiceRegistration } from '../types.js';
import { page } from './paging.js';
import { INLINE_ROLE_POLICY_CHARS, INLINE_USER_POLICY_CHARS, TRUST_POLICY_CHARS } from './quotas.js';
import { noSuchPolicy, policyOps } from './ops/policies.js';
import { mfaOps } from './ops/mfa.js';
import { groupOps, noSuchGroup } from './ops/groups.js';
import { simulateOps } from './ops/simulate.js';
import { oidcOps } from './ops/oidc.js';
import { samlOps } from './ops/saml.js';
import { storedTags } from './ops/tags.js';
import { checkRoleDeletable, checkUserDeletable } from './ops/delete-conflicts.js';
import { instanceProfileOps } from './ops/instance-profiles.js';
import { authorizationDetailsOps } from './ops/authorization-details.js';
import { serviceLinkedRoleOps, unmodifiable } from './ops/service-linked-roles.js';
import { loginProfileOps } from './ops/login-profiles.js';
import { userKeyOps } from './ops/user-keys.js';
import { accountOps } from './ops/account.js';
import { serverCertificateOps } from './ops/server-certificates.js';

export interface IamDeps {
  directory: IamDirectory;
  managed: ManagedPolicies;
  mfa: MfaDevices;
  groups: IamGroups;
  /** OIDC and SAML identity providers. */
  providers: IdentityProviders;
  profiles: InstanceProfiles;
  serviceLinkedTasks: ServiceLinkedRoleTasks;
  /** Passwords, SSH keys, signing certificates, the account alias and credential reports (issue 15). */
  logins: LoginProfiles;
  credentials: UserCredentials;
  aliases: AccountAliases;
  reports: CredentialReports;
  facts: AccountFacts;
  serverCertificates: ServerCertificates;
  clock: Clock;
  ids: IdSource;
}

const boundaryShape = (arn: string | undefined) => (arn ? { PermissionsBoundary: { PermissionsBoundaryType: 'PermissionsBoundaryPolicy' as const, PermissionsBoundaryArn: arn } } : {});
const userShape = (u: IamUser) => ({ Path: u.path, UserName: u.userName, UserId: u.userId, Arn: u.arn, CreateDate: u.createdAt, ...boundaryShape(u.permissionsBoundary) });
const roleShape = (r: IamRole) => ({
  Path: r.path,
  RoleName: r.roleName,
  RoleId: r.roleId,
  Arn: r.arn,
  CreateDate: r.createdAt,
  AssumeRolePolicyDocument: encodeURIComponent(r.assumeRolePolicy),
  Description: r.description,
  MaxSessionDuration: r.maxSessionDuration,
  ...boundaryShape(r.permissionsBoundary),
});

const noSuchUser = (name: string) => new errors.NoSuchEntityException(`The user with name ${name} cannot be found.`);
const noSuchRole = (name: string) => new errors.NoSuchEntityException(`The role with name ${name} cannot be found.`);


export function createIamProvider(deps: IamDeps) {
  const dir = deps.directory;
  const tags = storedTags(dir);
  const conflicts = { directory: dir, managed: deps.managed, mfa: deps.mfa, groups: deps.groups, profiles: deps.profiles, logins: deps.logins, credentials: deps.credentials };
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
  /** A role the account may change itself: not a service-linked one (only its service changes those). */
  const mustOwnRole = async (ctx: RequestContext, roleName: string) => {
    const role = await mustRole(ctx, roleName);
    unmodifiable(role);
    return role;
  };
  const putPolicy = async (ctx: RequestContext, kind: PrincipalKind, name: string, policyName: string, document: string) => {
    checkPolicyDocument(document, 'identity');
    // The quota is on the sum of the entity's inline policies (the one being replaced not counted).
    const others = (await dir.listPolicies(ctx.accountId, kind, name)).filter((p) => p.policyName !== policyName);
    const total = others.reduce((n, p) => n + policySize(p.document), policySize(document));
    const limit = kind === 'user' ? INLINE_USER_POLICY_CHARS : INLINE_ROLE_POLICY_CHARS;
    if (total > limit) throw new errors.LimitExceededException(`Maximum policy size of ${limit} bytes exceeded for ${kind} ${name}`);
    await dir.putPolicy(ctx.accountId, kind, name, policyName, document);
  };
  const checkTrust = (document: string) => {
    checkPolicyDocument(document, 'trust');
    if (policySize(document) > TRUST_POLICY_CHARS) throw new errors.LimitExceededException(`Cannot exceed quota for ACLSizePerRole: ${TRUST_POLICY_CHARS}`);
  };
  const checkBoundary = async (ctx: RequestContext, arn: string | undefined) => {
    if (arn === undefined) return;
    const p = await deps.managed.get(arn);
    if (!p || p.accountId !== ctx.accountId) throw noSuchPolicy(arn);
  };
  /** Users, roles and groups by name, for the operation modules. */
  const entity = async (ctx: RequestContext, kind: AttachmentKind, name: string | undefined) => {
    if (kind === 'user') return { name: (await targetUser(ctx, name)).userName };
    if (kind === 'role') return { name: (await mustRole(ctx, name ?? '')).roleName };
    const group = await deps.groups.get(ctx.accountId, name ?? '');
    if (!group) throw noSuchGroup(name ?? '');
    return { name: group.groupName };
  };

  return {
    ...policyOps({ directory: dir, managed: deps.managed, groups: deps.groups, entity, mutableRole: async (ctx, name) => void (await mustOwnRole(ctx, name)) }),
    ...instanceProfileOps({ profiles: deps.profiles, directory: dir, role: mustRole, roleShape }),
    ...authorizationDetailsOps({ directory: dir, managed: deps.managed, groups: deps.groups, profiles: deps.profiles, userShape, roleShape }),
    ...serviceLinkedRoleOps({ directory: dir, managed: deps.managed, profiles: deps.profiles, tasks: deps.serviceLinkedTasks, roleShape }),
    ...groupOps({ directory: dir, groups: deps.groups, managed: deps.managed, user: targetUser, userShape }),
    ...simulateOps({ directory: dir, groups: deps.groups, managed: deps.managed }),
    ...mfaOps({ mfa: deps.mfa, entity }),
    ...oidcOps({ providers: deps.providers }),
    ...samlOps({ providers: deps.providers }),
    ...loginProfileOps({ logins: deps.logins, user: targetUser }),
    ...userKeyOps({ credentials: deps.credentials, ids: deps.ids, clock: deps.clock, user: targetUser }),
    ...accountOps({ directory: dir, mfa: deps.mfa, logins: deps.logins, credentials: deps.credentials, aliases: deps.aliases, reports: deps.reports, facts: deps.facts, serverCertificates: deps.serverCertificates, clock: deps.clock }),
    ...serverCertificateOps({ certificates: deps.serverCertificates, ids: deps.ids, clock: deps.clock }),

    async createUser(ctx, input) {
      await checkBoundary(ctx, input.PermissionsBoundary);
      const given = tags.check(input.Tags);
      const user = await dir.createUser(ctx.accountId, input.UserName, input.Path ?? '/', input.PermissionsBoundary);
      if (!user) throw new errors.EntityAlreadyExistsException(`User with name ${input.UserName} already exists.`);
      await tags.initial(ctx.accountId, 'user', user.userName, given);
      return { User: { ...userShape(user), ...(given.length ? { Tags: given } : {}) } };
    },
    async getUser(ctx, input) {
      if (!input.UserName && ctx.principal.type === 'Root') {
        return { User: { Path: '/', UserName: '', UserId: ctx.accountId, Arn: ctx.principal.arn, CreateDate: new Date(0) } };
      }
      const user = await targetUser(ctx, input.UserName);
      const list = await tags.read(ctx.accountId, 'user', user.userName);
      return { User: { ...userShape(user), ...(list.length ? { Tags: list } : {}) } };
    },
    async listUsers(ctx, input) {
      const users = await dir.listUsers(ctx.accountId, input.PathPrefix ?? '/');
      const p = page(users, input.Marker, input.MaxItems);
      return { Users: p.slice.map(userShape), IsTruncated: p.IsTruncated, Marker: p.Marker };
    },
    async deleteUser(ctx, input) {
      const user = await targetUser(ctx, input.UserName);
      await checkUserDeletable(conflicts, ctx.accountId, user.userName);
      await dir.deleteUser(ctx.accountId, user.userName);
    },
    async updateUser(ctx, input) {
      const user = await targetUser(ctx, input.UserName);
      if (input.NewUserName !== undefined && input.NewUserName.toLowerCase() !== user.userName.toLowerCase() && (await dir.getUser(ctx.accountId, input.NewUserName))) {
        throw new errors.EntityAlreadyExistsException(`User with name ${input.NewUserName} already exists.`);
      }
      await dir.updateUser(ctx.accountId, user.userName, { ...(input.NewUserName !== undefined ? { newName: input.NewUserName } : {}), ...(input.NewPath !== undefined ? { newPath: input.NewPath } : {}) });
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

    async updateAccessKey(ctx, input) {
      const user = input.UserName !== undefined || ctx.principal.type !== 'Root' ? (await targetUser(ctx, input.UserName)).userName : undefined;
      if (input.Status !== 'Active' && input.Status !== 'Inactive') throw new errors.InvalidInputException(`Status must be Active or Inactive.`);
      if (!(await dir.updateAccessKeyStatus(ctx.accountId, user, input.AccessKeyId, input.Status))) {
        throw new errors.NoSuchEntityException(`The Access Key with id ${input.AccessKeyId} cannot be found.`);
      }
    },
    async getAccessKeyLastUsed(ctx, input) {
      const key = await dir.getAccessKey(input.AccessKeyId);
      // Another account's key is not found either (no existence oracle across accounts).
      if (!key || key.accountId !== ctx.accountId) throw new errors.NoSuchEntityException(`The Access Key with id ${input.AccessKeyId} cannot be found.`);
      const used = key.lastUsed;
      return {
        ...(key.userName ? { UserName: key.userName } : {}),
        AccessKeyLastUsed: used ? { LastUsedDate: used.at, ServiceName: used.service, Region: used.region } : { ServiceName: 'N/A', Region: 'N/A' },
      };
    },

    async createRole(ctx, input) {
      checkTrust(input.AssumeRolePolicyDocument);
      await checkBoundary(ctx, input.PermissionsBoundary);
      const given = tags.check(input.Tags);
      if (input.Path?.startsWith('/aws-service-role/')) throw new errors.InvalidInputException('The path /aws-service-role/ is reserved for service-linked roles (CreateServiceLinkedRole).');
      const role = await dir.createRole(ctx.accountId, {
        roleName: input.RoleName,
        path: input.Path,
        assumeRolePolicy: input.AssumeRolePolicyDocument,
        description: input.Description,
        maxSessionDuration: input.MaxSessionDuration,
        permissionsBoundary: input.PermissionsBoundary,
      });
      if (!role) throw new errors.EntityAlreadyExistsException(`Role with name ${input.RoleName} already exists.`);
      await tags.initial(ctx.accountId, 'role', role.roleName, given);
      return { Role: { ...roleShape(role), ...(given.length ? { Tags: given } : {}) } };
    },
    async getRole(ctx, input) {
      const role = await mustRole(ctx, input.RoleName);
      const list = await tags.read(ctx.accountId, 'role', role.roleName);
      return { Role: { ...roleShape(role), ...(list.length ? { Tags: list } : {}) } };
    },
    async updateRole(ctx, input) {
      // A service-linked role's description may be edited; nothing else of it (Macie User Guide, "Editing the Macie
      // service-linked role").
      const role = input.MaxSessionDuration !== undefined ? await mustOwnRole(ctx, input.RoleName) : await mustRole(ctx, input.RoleName);
      await dir.updateRole(ctx.accountId, role.roleName, { description: input.Description, maxSessionDuration: input.MaxSessionDuration });
      return {};
    },
    async updateRoleDescription(ctx, input) {
      const role = await mustRole(ctx, input.RoleName);
      await dir.updateRole(ctx.accountId, role.roleName, { description: input.Description });
      const list = await tags.read(ctx.accountId, 'role', role.roleName);
      return { Role: { ...roleShape((await dir.getRole(ctx.accountId, role.roleName))!), ...(list.length ? { Tags: list } : {}) } };
    },
    async updateAssumeRolePolicy(ctx, input) {
      const role = await mustOwnRole(ctx, input.RoleName);
      checkTrust(input.PolicyDocument);
      await dir.updateAssumeRolePolicy(ctx.accountId, role.roleName, input.PolicyDocument);
    },

    async tagUser(ctx, input) {
      await tags.tag(ctx.accountId, 'user', (await targetUser(ctx, input.UserName)).userName, input.Tags);
    },
    async untagUser(ctx, input) {
      await tags.untag(ctx.accountId, 'user', (await targetUser(ctx, input.UserName)).userName, input.TagKeys);
    },
    async listUserTags(ctx, input) {
      return tags.page(ctx.accountId, 'user', (await targetUser(ctx, input.UserName)).userName, input.Marker, input.MaxItems);
    },
    async tagRole(ctx, input) {
      await tags.tag(ctx.accountId, 'role', (await mustRole(ctx, input.RoleName)).roleName, input.Tags);
    },
    async untagRole(ctx, input) {
      await tags.untag(ctx.accountId, 'role', (await mustRole(ctx, input.RoleName)).roleName, input.TagKeys);
    },
    async listRoleTags(ctx, input) {
      return tags.page(ctx.accountId, 'role', (await mustRole(ctx, input.RoleName)).roleName, input.Marker, input.MaxItems);
    },
    async listRoles(ctx, input) {
      const roles = await dir.listRoles(ctx.accountId, input.PathPrefix ?? '/');
      const p = page(roles, input.Marker, input.MaxItems);
      return { Roles: p.slice.map(roleShape), IsTruncated: p.IsTruncated, Marker: p.Marker };
    },
    async deleteRole(ctx, input) {
      const role = await mustOwnRole(ctx, input.RoleName);
      await checkRoleDeletable(conflicts, ctx.accountId, role.roleName);
      await dir.deleteRole(ctx.accountId, role.roleName);
    },

    async putUserPolicy(ctx, input) {
      const user = await targetUser(ctx, input.UserName);
      await putPolicy(ctx, 'user', user.userName, input.PolicyName, input.PolicyDocument);
    },
    async putRolePolicy(ctx, input) {
      const role = await mustOwnRole(ctx, input.RoleName);
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
      const role = await mustOwnRole(ctx, input.RoleName);
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
      if (input?.GroupName) return `arn:aws:iam::${ctx.accountId}:group/${input.GroupName}`;
      if (input?.OpenIDConnectProviderArn) return String(input.OpenIDConnectProviderArn);
      if (input?.SAMLProviderArn) return String(input.SAMLProviderArn);
      if (input?.InstanceProfileName) return `arn:aws:iam::${ctx.accountId}:instance-profile/${input.InstanceProfileName}`;
      if (input?.PolicyArn) return String(input.PolicyArn);
      if (op === 'CreateSAMLProvider' && input?.Name) return `arn:aws:iam::${ctx.accountId}:saml-provider/${input.Name}`;
      if (op.includes('User') && ctx.principal.userName) return ctx.principal.arn;
      return '*';
    },
    // The password policy's AllowUsersToChangePassword gives every IAM user iam:ChangePassword on their own user and
    // iam:GetAccountPasswordPolicy, applied by IAM at account level: an account-owned grant naming the caller, which
    // an explicit Deny in the user's own policies still overrides.
    resourcePolicyOf: async (op, _input, ctx) => {
      if ((op !== 'ChangePassword' && op !== 'GetAccountPasswordPolicy') || ctx.principal.type !== 'IAMUser') return undefined;
      if (!(await deps.logins.getPolicy(ctx.accountId))?.allowUsersToChangePassword) return undefined;
      const statement = { Effect: 'Allow', Principal: { AWS: ctx.principal.arn }, Action: `iam:${op}`, Resource: op === 'ChangePassword' ? ctx.principal.arn : '*' };
      return { ownerAccountId: ctx.accountId, policy: JSON.stringify({ Version: '2012-10-17', Statement: [statement] }) };
    },
  };
}
