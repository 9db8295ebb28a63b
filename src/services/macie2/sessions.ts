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

/**
 * Every Macie call reads the session (the "Macie is not enabled" rule), so reads are kept for a moment: writes in this
 * process drop the cache at once, writes in other processes (scale-out) are seen within `ttlMs`.
 */
export class MacieSessions {
  private readonly cache = new Map<string, { value: MacieSession | undefined; at: number }>();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly ttlMs = 2000,
  ) {}

  async get(accountId: string, region: string): Promise<MacieSession | undefined> {
    const key = `${accountId}/${region}`;
    const now = Date.now();
    const hit = this.cache.get(key);
    if (hit && now - hit.at < this.ttlMs) return hit.value;
    const value = await this.load(accountId, region);
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(key, { value, at: now });
    return value;
  }

  private async load(accountId: string, region: string): Promise<MacieSession | undefined> {
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
    this.cache.delete(`${s.accountId}/${s.region}`);
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
    this.cache.delete(`${accountId}/${region}`);
  }
}
