// Customer managed policies (one default version, v1) and their attachments to users and roles. They serve as
// attached identity policies, as permissions boundaries and as managed session policies (AssumeRole PolicyArns).
import type { Kysely } from 'kysely';
import type { Clock, IdSource } from '../common/index.js';
import type { Database } from '../store/index.js';
import type { PrincipalKind } from './directory.js';

export interface ManagedPolicy {
  accountId: string;
  policyName: string;
  policyId: string;
  arn: string;
  path: string;
  description?: string;
  document: string;
  createdAt: Date;
  updatedAt: Date;
}

const KEY_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export class ManagedPolicies {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly ids: IdSource,
    private readonly onChange: () => void = () => undefined,
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
    const policy: ManagedPolicy = { accountId, policyName: p.policyName, policyId: 'ANPA' + this.ids.chars(17, KEY_ALPHABET), arn, path, document: p.document, createdAt: now, updatedAt: now, ...(p.description ? { description: p.description } : {}) };
    await this.db
      .insertInto('iam_managed_policies')
      .values({ account_id: accountId, policy_name: p.policyName, policy_id: policy.policyId, arn, path, description: p.description ?? null, document: p.document, created_at: now.getTime(), updated_at: now.getTime() })
      .execute();
    this.onChange();
    return policy;
  }

  async get(arn: string): Promise<ManagedPolicy | undefined> {
    const row = await this.db.selectFrom('iam_managed_policies').selectAll().where('arn', '=', arn).executeTakeFirst();
    return row ? toPolicy(row) : undefined;
  }

  async list(accountId: string, pathPrefix = '/'): Promise<ManagedPolicy[]> {
    const rows = await this.db.selectFrom('iam_managed_policies').selectAll().where('account_id', '=', accountId).orderBy('policy_name').execute();
    return rows.map(toPolicy).filter((p) => p.path.startsWith(pathPrefix));
  }

  async delete(arn: string): Promise<void> {
    await this.db.deleteFrom('iam_managed_policies').where('arn', '=', arn).execute();
    this.onChange();
  }

  async attachmentCount(arn: string): Promise<number> {
    const rows = await this.db.selectFrom('iam_policy_attachments').select('policy_arn').where('policy_arn', '=', arn).execute();
    return rows.length;
  }

  async attach(accountId: string, kind: PrincipalKind, name: string, arn: string): Promise<void> {
    await this.db.deleteFrom('iam_policy_attachments').where('account_id', '=', accountId).where('principal_kind', '=', kind).where('principal_name', '=', name).where('policy_arn', '=', arn).execute();
    await this.db.insertInto('iam_policy_attachments').values({ account_id: accountId, principal_kind: kind, principal_name: name, policy_arn: arn }).execute();
    this.onChange();
  }

  async detach(accountId: string, kind: PrincipalKind, name: string, arn: string): Promise<boolean> {
    const res = await this.db
      .deleteFrom('iam_policy_attachments')
      .where('account_id', '=', accountId)
      .where('principal_kind', '=', kind)
      .where('principal_name', '=', name)
      .where('policy_arn', '=', arn)
      .executeTakeFirst();
    this.onChange();
    return Number(res.numDeletedRows) > 0;
  }

  async attached(accountId: string, kind: PrincipalKind, name: string): Promise<ManagedPolicy[]> {
    const rows = await this.db
      .selectFrom('iam_policy_attachments')
      .innerJoin('iam_managed_policies', 'iam_managed_policies.arn', 'iam_policy_attachments.policy_arn')
      .selectAll('iam_managed_policies')
      .where('iam_policy_attachments.account_id', '=', accountId)
      .where('iam_policy_attachments.principal_kind', '=', kind)
      .where('iam_policy_attachments.principal_name', '=', name)
      .orderBy('iam_managed_policies.policy_name')
      .execute();
    return rows.map(toPolicy);
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
    createdAt: new Date(Number(row.created_at)),
    updatedAt: new Date(Number(row.updated_at)),
  };
}
