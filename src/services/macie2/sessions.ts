// Macie's per-account, per-region session: whether Macie is enabled (or suspended) and its publishing settings.
import type { Kysely } from 'kysely';
import type { Database } from '../../store/index.js';

export interface MacieSession {
  accountId: string;
  region: string;
  status: 'ENABLED' | 'PAUSED';
  findingPublishingFrequency: 'FIFTEEN_MINUTES' | 'ONE_HOUR' | 'SIX_HOURS';
  createdAt: Date;
  updatedAt: Date;
}

export class MacieSessions {
  constructor(private readonly db: Kysely<Database>) {}

  async get(accountId: string, region: string): Promise<MacieSession | undefined> {
    const row = await this.db.selectFrom('macie_sessions').selectAll().where('account_id', '=', accountId).where('region', '=', region).executeTakeFirst();
    if (!row) return undefined;
    return {
      accountId,
      region,
      status: row.status as MacieSession['status'],
      findingPublishingFrequency: row.finding_publishing_frequency as MacieSession['findingPublishingFrequency'],
      createdAt: new Date(Number(row.created_at)),
      updatedAt: new Date(Number(row.updated_at)),
    };
  }

  async put(s: MacieSession): Promise<void> {
    await this.delete(s.accountId, s.region);
    await this.db
      .insertInto('macie_sessions')
      .values({
        account_id: s.accountId,
        region: s.region,
        status: s.status,
        finding_publishing_frequency: s.findingPublishingFrequency,
        created_at: s.createdAt.getTime(),
        updated_at: s.updatedAt.getTime(),
      })
      .execute();
  }

  async delete(accountId: string, region: string): Promise<void> {
    await this.db.deleteFrom('macie_sessions').where('account_id', '=', accountId).where('region', '=', region).execute();
  }
}
