// Service-linked roles: the roles a service defines and uses in the account, under /aws-service-role/<service>/,
// changed only by the service (IAM answers UnmodifiableEntity to anyone else). SERVICE_LINKED_ROLES lists the ones
// Sift carries out, each as its service's documentation defines it; DeleteServiceLinkedRole's tasks are kept so
// GetServiceLinkedRoleDeletionStatus can read them back.
import type { Kysely } from 'kysely';
import type { Clock, IdSource } from '../common/index.js';
import type { Database } from '../store/index.js';
import type { IamRole } from './directory.js';

export interface ServiceLinkedRoleSpec {
  service: string;
  roleName: string;
  /** The AWS managed policy the role carries. */
  policyArn: string;
  description: string;
  /** Why the role cannot be deleted now (the service still uses it), per Region; empty when it can. */
  usage(db: Kysely<Database>, accountId: string): Promise<{ region: string; resources: string[] }[]>;
}

export const SERVICE_LINKED_ROLES: Record<string, ServiceLinkedRoleSpec> = {
  // Amazon Macie User Guide, "Using service-linked roles for Macie": one role for every Region, created when Macie
  // is enabled, deletable only once Macie is disabled in every Region.
  'macie.amazonaws.com': {
    service: 'macie.amazonaws.com',
    roleName: 'AWSServiceRoleForAmazonMacie',
    policyArn: 'arn:aws:iam::aws:policy/aws-service-role/AmazonMacieServiceRolePolicy',
    description: 'A service-linked role required for Amazon Macie to access your resources.',
    async usage(db, accountId) {
      const rows = await db.selectFrom('macie_sessions').select('region').where('account_id', '=', accountId).orderBy('region').execute();
      return rows.map((r) => ({ region: r.region, resources: [`arn:aws:macie2:${r.region}:${accountId}:session`] }));
    },
  },
};

export const SERVICE_ROLE_PATH_PREFIX = '/aws-service-role/';
export const isServiceLinked = (role: Pick<IamRole, 'path'>) => role.path.startsWith(SERVICE_ROLE_PATH_PREFIX);
/** The service a service-linked role belongs to (from its path). */
export const serviceOf = (role: Pick<IamRole, 'path'>) => role.path.slice(SERVICE_ROLE_PATH_PREFIX.length).replace(/\/$/, '');
export const trustPolicyFor = (service: string) =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }] });

export interface DeletionTask {
  taskId: string;
  accountId: string;
  status: 'SUCCEEDED' | 'FAILED';
  reason?: { text: string; usage: { region: string; resources: string[] }[] };
}

export class ServiceLinkedRoleTasks {
  constructor(
    readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly ids: IdSource,
  ) {}

  /** A task id as IAM writes them: task/<the role's path and name>/<uuid>. */
  newTaskId(role: Pick<IamRole, 'path' | 'roleName'>): string {
    return `task${role.path}${role.roleName}/${this.ids.uuid()}`;
  }

  async record(task: DeletionTask): Promise<void> {
    await this.db
      .insertInto('iam_slr_deletion_tasks')
      .values({ task_id: task.taskId, account_id: task.accountId, status: task.status, reason: task.reason ? JSON.stringify(task.reason) : null, created_at: this.clock.nowMs() })
      .execute();
  }

  async get(accountId: string, taskId: string): Promise<DeletionTask | undefined> {
    const row = await this.db.selectFrom('iam_slr_deletion_tasks').selectAll().where('task_id', '=', taskId).where('account_id', '=', accountId).executeTakeFirst();
    if (!row) return undefined;
    return { taskId: row.task_id, accountId: row.account_id, status: row.status as DeletionTask['status'], ...(row.reason ? { reason: JSON.parse(row.reason) as DeletionTask['reason'] } : {}) };
  }
}
