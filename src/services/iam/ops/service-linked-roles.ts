// CreateServiceLinkedRole, DeleteServiceLinkedRole, GetServiceLinkedRoleDeletionStatus for the services Sift carries
// out (src/iam/service-linked-roles.ts), and the rule that only the service changes its role. Deletion is decided at
// once: the task is SUCCEEDED, or FAILED with the Regions where the service still uses the role.
import { ServiceError, type RequestContext } from '../../../common/index.js';
import type { IamApi, Role } from '../../../models/iam/index.js';
import { errors } from '../../../models/iam/index.js';
import type { IamDirectory, IamRole, InstanceProfiles, ManagedPolicies, ServiceLinkedRoleTasks } from '../../../iam/index.js';
import { SERVICE_LINKED_ROLES, isServiceLinked, serviceOf, trustPolicyFor } from '../../../iam/index.js';

export interface ServiceLinkedRoleOpsDeps {
  directory: IamDirectory;
  managed: ManagedPolicies;
  profiles: InstanceProfiles;
  tasks: ServiceLinkedRoleTasks;
  roleShape(r: IamRole): Role;
}

/** Throws UnmodifiableEntity for a service-linked role: only its service changes it. */
export function unmodifiable(role: IamRole): void {
  if (isServiceLinked(role)) throw new errors.UnmodifiableEntityException(`Cannot perform the operation on the protected role '${role.roleName}' - this role is only modifiable by AWS`);
}

export function serviceLinkedRoleOps(deps: ServiceLinkedRoleOpsDeps) {
  const { directory: dir, managed, tasks } = deps;

  const remove = async (ctx: RequestContext, role: IamRole) => {
    for (const p of await managed.attached(ctx.accountId, 'role', role.roleName)) await managed.detach(ctx.accountId, 'role', role.roleName, p.arn);
    for (const p of await dir.listPolicies(ctx.accountId, 'role', role.roleName)) await dir.deletePolicy(ctx.accountId, 'role', role.roleName, p.policyName);
    for (const ip of await deps.profiles.forRole(ctx.accountId, role.roleName)) await deps.profiles.removeRole(ctx.accountId, ip.profileName, role.roleName);
    await dir.deleteRole(ctx.accountId, role.roleName);
  };

  return {
    async createServiceLinkedRole(ctx, input) {
      const spec = SERVICE_LINKED_ROLES[input.AWSServiceName];
      if (!spec) {
        throw new ServiceError('NotImplemented', `Sift does not implement the service-linked role of ${input.AWSServiceName}; it implements those of ${Object.keys(SERVICE_LINKED_ROLES).join(', ')}.`, 501, 'server');
      }
      if (input.CustomSuffix !== undefined) throw new errors.InvalidInputException(`Custom suffix is not allowed for ${input.AWSServiceName}`);
      const role = await dir.createRole(ctx.accountId, {
        roleName: spec.roleName,
        path: `/aws-service-role/${spec.service}/`,
        assumeRolePolicy: trustPolicyFor(spec.service),
        description: input.Description ?? spec.description,
      });
      if (!role) throw new errors.InvalidInputException(`Service role name ${spec.roleName} has been taken in this account, please try a different suffix.`);
      await managed.attach(ctx.accountId, 'role', role.roleName, spec.policyArn);
      return { Role: deps.roleShape(role) };
    },
    async deleteServiceLinkedRole(ctx, input) {
      const role = await dir.getRole(ctx.accountId, input.RoleName);
      if (!role) throw new errors.NoSuchEntityException(`The role with name ${input.RoleName} cannot be found.`);
      // DeleteServiceLinkedRole's modelled errors are NoSuchEntity, LimitExceeded and ServiceFailure: a role that is not
      // service-linked is no service-linked role of that name.
      if (!isServiceLinked(role)) throw new errors.NoSuchEntityException(`The role with name ${role.roleName} is not a service-linked role.`);
      const service = serviceOf(role);
      const taskId = tasks.newTaskId(role);
      const usage = (await SERVICE_LINKED_ROLES[service]?.usage(tasks.db, ctx.accountId)) ?? [];
      if (usage.length) {
        await tasks.record({ taskId, accountId: ctx.accountId, status: 'FAILED', reason: { text: `${service} still uses the role in ${usage.map((u) => u.region).join(', ')}.`, usage } });
      } else {
        await remove(ctx, role);
        await tasks.record({ taskId, accountId: ctx.accountId, status: 'SUCCEEDED' });
      }
      return { DeletionTaskId: taskId };
    },
    async getServiceLinkedRoleDeletionStatus(ctx, input) {
      if (!/^task\/aws-service-role\/[^/]+\/[^/]+\/[0-9a-f-]+$/.test(input.DeletionTaskId)) throw new errors.InvalidInputException(`Invalid deletion task id ${input.DeletionTaskId}.`);
      const task = await tasks.get(ctx.accountId, input.DeletionTaskId);
      if (!task) throw new errors.NoSuchEntityException(`Deletion task ${input.DeletionTaskId} cannot be found.`);
      return {
        Status: task.status,
        ...(task.reason ? { Reason: { Reason: task.reason.text, RoleUsageList: task.reason.usage.map((u) => ({ Region: u.region, Resources: u.resources })) } } : {}),
      };
    },
  } satisfies Partial<IamApi>;
}
