// IAM's OIDC and SAML identity providers of each account, in the store. An OIDC provider is named by its issuer URL
// without `https://` (the ARN is arn:aws:iam::<acct>:oidc-provider/<host/path>), a SAML provider by its name
// (arn:aws:iam::<acct>:saml-provider/<name>). Tags are kept with the provider.
import type { Kysely } from 'kysely';
import type { Clock } from '../../common/index.js';
import type { Database } from '../../store/index.js';
import { swapColumn } from '../../store/index.js';

export type ProviderKind = 'oidc' | 'saml';

export interface IdentityProvider {
  arn: string;
  accountId: string;
  kind: ProviderKind;
  /** OIDC: issuer URL without https://; SAML: the provider's name. */
  name: string;
  clientIds: string[];
  thumbprints: string[];
  metadata?: string;
  validUntil?: Date;
  tags: { Key: string; Value: string }[];
  createdAt: Date;
}

export const providerArn = (accountId: string, kind: ProviderKind, name: string) => `arn:aws:iam::${accountId}:${kind === 'oidc' ? 'oidc-provider' : 'saml-provider'}/${name}`;

type Row = Database['iam_identity_providers'];
const parseList = (text: string | null): string[] => (text ? (JSON.parse(text) as string[]) : []);

function toProvider(row: Row): IdentityProvider {
  return {
    arn: row.arn,
    accountId: row.account_id,
    kind: row.kind,
    name: row.name,
    clientIds: parseList(row.client_ids),
    thumbprints: parseList(row.thumbprints),
    ...(row.metadata !== null ? { metadata: row.metadata } : {}),
    ...(row.valid_until !== null ? { validUntil: new Date(Number(row.valid_until)) } : {}),
    tags: JSON.parse(row.tags) as { Key: string; Value: string }[],
    createdAt: new Date(Number(row.created_at)),
  };
}

export class IdentityProviders {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
  ) {}

  /** Creates a provider; undefined when one of that ARN exists already. */
  async create(p: Omit<IdentityProvider, 'arn' | 'createdAt'>): Promise<IdentityProvider | undefined> {
    const arn = providerArn(p.accountId, p.kind, p.name);
    if (await this.get(p.accountId, arn)) return undefined;
    const createdAt = this.clock.now();
    await this.db
      .insertInto('iam_identity_providers')
      .values({
        arn,
        account_id: p.accountId,
        kind: p.kind,
        name: p.name,
        client_ids: p.kind === 'oidc' ? JSON.stringify(p.clientIds) : null,
        thumbprints: p.kind === 'oidc' ? JSON.stringify(p.thumbprints) : null,
        metadata: p.metadata ?? null,
        valid_until: p.validUntil ? p.validUntil.getTime() : null,
        tags: JSON.stringify(p.tags),
        created_at: createdAt.getTime(),
      })
      .execute();
    return { ...p, arn, createdAt };
  }

  /** The provider of that ARN in that account (another account's is not found). */
  async get(accountId: string, arn: string): Promise<IdentityProvider | undefined> {
    const row = await this.db.selectFrom('iam_identity_providers').selectAll().where('arn', '=', arn).where('account_id', '=', accountId).executeTakeFirst();
    return row ? toProvider(row) : undefined;
  }

  async list(accountId: string, kind: ProviderKind): Promise<IdentityProvider[]> {
    const rows = await this.db.selectFrom('iam_identity_providers').selectAll().where('account_id', '=', accountId).where('kind', '=', kind).orderBy('arn').execute();
    return rows.map(toProvider);
  }

  async update(accountId: string, arn: string, change: { clientIds?: string[]; thumbprints?: string[]; metadata?: string; validUntil?: Date | null; tags?: IdentityProvider['tags'] }): Promise<void> {
    await this.db
      .updateTable('iam_identity_providers')
      .set({
        ...(change.clientIds ? { client_ids: JSON.stringify(change.clientIds) } : {}),
        ...(change.thumbprints ? { thumbprints: JSON.stringify(change.thumbprints) } : {}),
        ...(change.metadata !== undefined ? { metadata: change.metadata } : {}),
        ...(change.validUntil !== undefined ? { valid_until: change.validUntil ? change.validUntil.getTime() : null } : {}),
        ...(change.tags ? { tags: JSON.stringify(change.tags) } : {}),
      })
      .where('arn', '=', arn)
      .where('account_id', '=', accountId)
      .execute();
  }

  /** Changes the provider's tags without losing a concurrent change of other keys. False: no such provider. */
  async changeTags(accountId: string, arn: string, change: (tags: IdentityProvider['tags']) => IdentityProvider['tags']): Promise<boolean> {
    return swapColumn(this.db, 'iam_identity_providers', 'tags', { arn, account_id: accountId }, (text) => JSON.stringify(change(text ? JSON.parse(text) : [])));
  }

  /** Changes an OIDC provider's client ids without losing a concurrent addition or removal. False: no such provider. */
  async changeClientIds(accountId: string, arn: string, change: (ids: string[]) => string[]): Promise<boolean> {
    return swapColumn(this.db, 'iam_identity_providers', 'client_ids', { arn, account_id: accountId }, (text) => JSON.stringify(change(parseList(text))));
  }

  async delete(accountId: string, arn: string): Promise<boolean> {
    const res = await this.db.deleteFrom('iam_identity_providers').where('arn', '=', arn).where('account_id', '=', accountId).executeTakeFirst();
    return Number(res.numDeletedRows) > 0;
  }
}
