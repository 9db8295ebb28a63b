// Managed policies: customer managed ones (kept in the store, with up to five versions, one the default) and AWS
// managed ones (./aws-managed, read-only), and their attachments to users, roles and groups. They serve as attached
// identity policies, as permissions boundaries and as managed session policies (AssumeRole PolicyArns); evaluation
// always uses the default version, whose document is also kept on the policy row.
import type { Kysely } from 'kysely';
import type { Clock, IdSource } from '../common/index.js';
import type { Database } from '../store/index.js';
import { awsManagedPolicies, awsManagedPolicy, isAwsManagedArn, type AwsManagedPolicyData } from './aws-managed/index.js';

/** Who a managed policy can be attached to. */
export type AttachmentKind = 'user' | 'role' | 'group';

export interface ManagedPolicy {
  /** 'aws' for AWS managed policies. */
  accountId: string;
  policyName: string;
  policyId: string;
  arn: string;
  path: string;
  description?: string;
  /** The default version's document. */
  document: string;
  defaultVersionId: string;
  createdAt: Date;
  updatedAt: Date;
  awsManaged: boolean;
}

export interface PolicyVersion {
  versionId: string;
  document: string;
  isDefault: boolean;
  createdAt: Date;
}

/** IAM keeps at most five versions of a managed policy. */
export const MAX_POLICY_VERSIONS = 5;

const KEY_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export class ManagedPolicies {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly ids: IdSource,
    private readonly onChange: () => void | Promise<void> = () => undefined,
  ) {}

  async create(accountId: string, p: { policyName: string; path?: string; description?: string; document: string }): Promise<ManagedPolicy | undefined> {
    const path = p.path ?? '/';
    const arn = `arn:aws:iam::${accountId}:policy${path}${p.policyName}`;
    const existing = await this.db
      .selectFrom('iam_managed_policies')
      .select('arn')
      .where('account_id', '=', accountId)
      .where((eb) => eb(eb.fn('lower', ['policy_name']), '=', p.policyName.toLowerCase()))
      .executeTakeFirst();
    if (existing) return undefined;
    const now = this.clock.now();
    const policy: ManagedPolicy = {
      accountId,
      policyName: p.policyName,
      policyId: 'ANPA' + this.ids.chars(17, KEY_ALPHABET),
      arn,
      path,
      document: p.document,
      defaultVersionId: 'v1',
      createdAt: now,
      updatedAt: now,
      awsManaged: false,
      ...(p.description ? { description: p.description } : {}),
    };
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('iam_managed_policies')
        .values({
          account_id: accountId,
          policy_name: p.policyName,
          policy_id: policy.policyId,
          arn,
          path,
          description: p.description ?? null,
          document: p.document,
          created_at: now.getTime(),
          updated_at: now.getTime(),
          default_version_id: 'v1',
          next_version: 2,
        })
        .execute();
      await trx.insertInto('iam_policy_versions').values({ policy_arn: arn, version_id: 'v1', document: p.document, created_at: now.getTime() }).execute();
    });
    await this.onChange();
    return policy;
  }

  async get(arn: string): Promise<ManagedPolicy | undefined> {
    if (isAwsManagedArn(arn)) {
      const p = awsManagedPolicy(arn);
      return p ? fromAws(p) : undefined;
    }
    const row = await this.db.selectFrom('iam_managed_policies').selectAll().where('arn', '=', arn).executeTakeFirst();
    return row ? toPolicy(row) : undefined;
  }

  /** The account's customer managed policies. */
  async list(accountId: string, pathPrefix = '/'): Promise<ManagedPolicy[]> {
    const rows = await this.db.selectFrom('iam_managed_policies').selectAll().where('account_id', '=', accountId).orderBy('policy_name').execute();
    return rows.map(toPolicy).filter((p) => p.path.startsWith(pathPrefix));
  }

  /** The AWS managed policies. */
  listAws(pathPrefix = '/'): ManagedPolicy[] {
    return awsManagedPolicies()
      .map(fromAws)
      .filter((p) => p.path.startsWith(pathPrefix))
      .sort((a, b) => a.policyName.localeCompare(b.policyName));
  }

  async delete(arn: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('iam_policy_versions').where('policy_arn', '=', arn).execute();
      const row = await trx.selectFrom('iam_managed_policies').select(['account_id', 'policy_name']).where('arn', '=', arn).executeTakeFirst();
      if (row) await trx.deleteFrom('iam_tags').where('account_id', '=', row.account_id).where('entity_kind', '=', 'policy').where('entity_name', '=', row.policy_name).execute();
      await trx.deleteFrom('iam_managed_policies').where('arn', '=', arn).execute();
    });
    await this.onChange();
  }

  /** Attachments of the policy within the account (AWS managed policies are attached per account). */
  async attachmentCount(arn: string, accountId: string): Promise<number> {
    const rows = await this.db.selectFrom('iam_policy_attachments').select('policy_arn').where('policy_arn', '=', arn).where('account_id', '=', accountId).execute();
    return rows.length;
  }

  /** Who the policy is attached to within the account. */
  async attachments(arn: string, accountId: string): Promise<{ kind: AttachmentKind; name: string }[]> {
    const rows = await this.db
      .selectFrom('iam_policy_attachments')
      .select(['principal_kind', 'principal_name'])
      .where('policy_arn', '=', arn)
      .where('account_id', '=', accountId)
      .orderBy('principal_name')
      .execute();
    return rows.map((r) => ({ kind: r.principal_kind as AttachmentKind, name: r.principal_name }));
  }

  async attach(accountId: string, kind: AttachmentKind, name: string, arn: string): Promise<void> {
    await this.db.deleteFrom('iam_policy_attachments').where('account_id', '=', accountId).where('principal_kind', '=', kind).where('principal_name', '=', name).where('policy_arn', '=', arn).execute();
    await this.db.insertInto('iam_policy_attachments').values({ account_id: accountId, principal_kind: kind, principal_name: name, policy_arn: arn }).execute();
    await this.onChange();
  }

  async detach(accountId: string, kind: AttachmentKind, name: string, arn: string): Promise<boolean> {
    const res = await this.db
      .deleteFrom('iam_policy_attachments')
      .where('account_id', '=', accountId)
      .where('principal_kind', '=', kind)
      .where('principal_name', '=', name)
      .where('policy_arn', '=', arn)
      .executeTakeFirst();
    await this.onChange();
    return Number(res.numDeletedRows) > 0;
  }

  /** The policies attached to an entity, customer and AWS managed, by name. */
  async attached(accountId: string, kind: AttachmentKind, name: string): Promise<ManagedPolicy[]> {
    const rows = await this.db
      .selectFrom('iam_policy_attachments')
      .leftJoin('iam_managed_policies', 'iam_managed_policies.arn', 'iam_policy_attachments.policy_arn')
      .selectAll('iam_managed_policies')
      .select('iam_policy_attachments.policy_arn as attached_arn')
      .where('iam_policy_attachments.account_id', '=', accountId)
      .where('iam_policy_attachments.principal_kind', '=', kind)
      .where('iam_policy_attachments.principal_name', '=', name)
      .execute();
    const out: ManagedPolicy[] = [];
    for (const r of rows) {
      if (r.arn) out.push(toPolicy(r as Database['iam_managed_policies']));
      else {
        const aws = isAwsManagedArn(r.attached_arn) ? awsManagedPolicy(r.attached_arn) : undefined;
        if (aws) out.push(fromAws(aws));
      }
    }
    return out.sort((a, b) => a.policyName.localeCompare(b.policyName));
  }

  // ---- versions (customer managed policies) ----

  async versions(arn: string): Promise<PolicyVersion[]> {
    const policy = await this.get(arn);
    if (!policy) return [];
    if (policy.awsManaged) return [{ versionId: policy.defaultVersionId, document: policy.document, isDefault: true, createdAt: new Date(awsManagedPolicy(arn)!.versionCreateDate) }];
    const rows = await this.db.selectFrom('iam_policy_versions').selectAll().where('policy_arn', '=', arn).execute();
    return rows
      .map((r) => ({ versionId: r.version_id, document: r.document, isDefault: r.version_id === policy.defaultVersionId, createdAt: new Date(Number(r.created_at)) }))
      .sort((a, b) => Number(b.versionId.slice(1)) - Number(a.versionId.slice(1)));
  }

  async version(arn: string, versionId: string): Promise<PolicyVersion | undefined> {
    return (await this.versions(arn)).find((v) => v.versionId === versionId);
  }

  /** Adds a version (numbered after every earlier one, deleted or not); undefined when five exist already. */
  async createVersion(arn: string, document: string, setAsDefault: boolean): Promise<PolicyVersion | undefined> {
    const now = this.clock.now();
    const created = await this.db.transaction().execute(async (trx) => {
      const row = await trx.selectFrom('iam_managed_policies').select(['next_version']).where('arn', '=', arn).executeTakeFirstOrThrow();
      const count = (await trx.selectFrom('iam_policy_versions').select('version_id').where('policy_arn', '=', arn).execute()).length;
      if (count >= MAX_POLICY_VERSIONS) return undefined;
      const versionId = `v${Number(row.next_version)}`;
      await trx.insertInto('iam_policy_versions').values({ policy_arn: arn, version_id: versionId, document, created_at: now.getTime() }).execute();
      await trx
        .updateTable('iam_managed_policies')
        .set({ next_version: Number(row.next_version) + 1, updated_at: now.getTime(), ...(setAsDefault ? { default_version_id: versionId, document } : {}) })
        .where('arn', '=', arn)
        .execute();
      return { versionId, document, isDefault: setAsDefault, createdAt: now };
    });
    if (created && setAsDefault) await this.onChange();
    return created;
  }

  /** Makes an existing version the default; false when there is no such version. */
  async setDefaultVersion(arn: string, versionId: string): Promise<boolean> {
    const v = await this.db.selectFrom('iam_policy_versions').select('document').where('policy_arn', '=', arn).where('version_id', '=', versionId).executeTakeFirst();
    if (!v) return false;
    await this.db.updateTable('iam_managed_policies').set({ default_version_id: versionId, document: v.document, updated_at: this.clock.nowMs() }).where('arn', '=', arn).execute();
    await this.onChange();
    return true;
  }

  async deleteVersion(arn: string, versionId: string): Promise<boolean> {
    const res = await this.db.deleteFrom('iam_policy_versions').where('policy_arn', '=', arn).where('version_id', '=', versionId).executeTakeFirst();
    return Number(res.numDeletedRows) > 0;
  }
}

function toPolicy(row: Database['iam_managed_policies']): ManagedPolicy {
  return {
    accountId: row.account_id,
    policyName: row.policy_name,
    policyId: row.policy_id,
    arn: row.arn,
    path: row.path,
    ...(row.description ? { description: row.description } : {}),
    document: row.document,
    defaultVersionId: row.default_version_id ?? 'v1',
    createdAt: new Date(Number(row.created_at)),
    updatedAt: new Date(Number(row.updated_at)),
    awsManaged: false,
  };
}

function fromAws(p: AwsManagedPolicyData): ManagedPolicy {
  return {
    accountId: 'aws',
    policyName: p.policyName,
    policyId: p.policyId,
    arn: p.arn,
    path: p.path,
    document: p.document,
    defaultVersionId: p.defaultVersionId,
    createdAt: new Date(p.createDate),
    updatedAt: new Date(p.updateDate),
    awsManaged: true,
  };
}
