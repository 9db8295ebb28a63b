// IAM's DeleteConflict rule: a user, role, group or managed policy is deleted only once nothing hangs on it, and the
// error names the first thing left, in IAM's words. A user's checks are a list in the order the IAM User Guide
// ("Deleting an IAM user") removes things, so another part of IAM (login profiles, SSH keys, signing certificates)
// joins by adding its check to USER_DEPENDENCIES.
import { errors } from '../../../models/iam/index.js';
import type { IamDirectory, IamGroups, InstanceProfiles, LoginProfiles, ManagedPolicies, MfaDevices, UserCredentials } from '../../../iam/index.js';

export interface ConflictDeps {
  directory: IamDirectory;
  managed: ManagedPolicies;
  mfa: MfaDevices;
  groups: IamGroups;
  profiles: InstanceProfiles;
  logins: LoginProfiles;
  credentials: UserCredentials;
}

/** Something a user may still have: whether it has it, and what DeleteUser answers if so. */
export interface UserDependency {
  message: string;
  has(deps: ConflictDeps, accountId: string, userName: string): Promise<boolean>;
}

export const USER_DEPENDENCIES: UserDependency[] = [
  { message: 'Cannot delete entity, must delete login profile first.', has: async (d, a, u) => (await d.logins.get(a, u)) !== undefined },
  { message: 'Cannot delete entity, must delete access keys first.', has: async (d, a, u) => (await d.directory.listAccessKeys(a, u)).length > 0 },
  { message: 'Cannot delete entity, must delete signing certificates first.', has: async (d, a, u) => (await d.credentials.list(a, 'signing', u)).length > 0 },
  { message: 'Cannot delete entity, must delete SSH public keys first.', has: async (d, a, u) => (await d.credentials.list(a, 'ssh', u)).length > 0 },
  { message: 'Cannot delete entity, must delete MFA device first.', has: async (d, a, u) => (await d.mfa.list(a, { userName: u })).length > 0 },
  { message: 'Cannot delete entity, must delete policies first.', has: async (d, a, u) => (await d.directory.listPolicies(a, 'user', u)).length > 0 },
  { message: 'Cannot delete entity, must detach all policies first.', has: async (d, a, u) => (await d.managed.attached(a, 'user', u)).length > 0 },
  { message: 'Cannot delete entity, must remove users from group first.', has: async (d, a, u) => (await d.groups.groupsOf(a, u)).length > 0 },
];

const conflict = (message: string) => new errors.DeleteConflictException(message);

export async function checkUserDeletable(deps: ConflictDeps, accountId: string, userName: string): Promise<void> {
  for (const dep of USER_DEPENDENCIES) if (await dep.has(deps, accountId, userName)) throw conflict(dep.message);
}

export async function checkRoleDeletable(deps: ConflictDeps, accountId: string, roleName: string): Promise<void> {
  if ((await deps.profiles.forRole(accountId, roleName)).length) throw conflict('Cannot delete entity, must remove roles from instance profile first.');
  if ((await deps.directory.listPolicies(accountId, 'role', roleName)).length) throw conflict('Cannot delete entity, must delete policies first.');
  if ((await deps.managed.attached(accountId, 'role', roleName)).length) throw conflict('Cannot delete entity, must detach all policies first.');
}

export async function checkGroupDeletable(deps: Pick<ConflictDeps, 'directory' | 'managed' | 'groups'>, accountId: string, groupName: string): Promise<void> {
  if ((await deps.groups.members(accountId, groupName)).length) throw conflict('Cannot delete entity, must remove users from group first.');
  if ((await deps.directory.listPolicies(accountId, 'group', groupName)).length) throw conflict('Cannot delete entity, must delete policies first.');
  if ((await deps.managed.attached(accountId, 'group', groupName)).length) throw conflict('Cannot delete entity, must detach all policies first.');
}
