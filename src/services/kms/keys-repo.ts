// KMS keys and aliases in the store. Key material (256 random bits) is sealed with a key derived from the master key
// and bound to the key's ARN, so the database alone reveals no key. A key pending deletion is deleted, with its
// aliases, the first time it is looked at after its deletion date on the injected clock (no background timer).
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Clock, IdSource, SecretBox } from '../../common/index.js';
import type { Database } from '../../store/index.js';
import { swapColumn } from '../../store/index.js';

export type KeyRow = Database['kms_keys'];
export type AliasRow = Database['kms_aliases'];
export interface KmsTag {
  TagKey: string;
  TagValue: string;
}

export const keyArnOf = (region: string, accountId: string, keyId: string) => `arn:aws:kms:${region}:${accountId}:key/${keyId}`;
export const aliasArnOf = (region: string, accountId: string, aliasName: string) => `arn:aws:kms:${region}:${accountId}:${aliasName}`;

export class KmsKeys {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly ids: IdSource,
    private readonly box: SecretBox,
  ) {}

  async create(input: { accountId: string; region: string; description: string; policy: string; tags: KmsTag[]; manager: 'CUSTOMER' | 'AWS' }): Promise<KeyRow> {
    const keyId = this.ids.uuid();
    const arn = keyArnOf(input.region, input.accountId, keyId);
    const row: KeyRow = {
      key_id: keyId,
      account_id: input.accountId,
      region: input.region,
      arn,
      description: input.description,
      manager: input.manager,
      state: 'Enabled',
      created_at: this.clock.nowMs(),
      deletion_at: null,
      pending_window_days: null,
      policy: input.policy,
      material: this.box.seal(randomBytes(32).toString('base64'), arn),
      tags: JSON.stringify(input.tags),
    };
    await this.db.insertInto('kms_keys').values(row).execute();
    return row;
  }

  /** The key's material, opened (it never leaves KMS). */
  material(row: KeyRow): Buffer {
    return Buffer.from(this.box.open(row.material, row.arn), 'base64');
  }

  /** A key of this account and region, or undefined (deleting it first when its deletion date has passed). */
  async find(accountId: string, region: string, keyId: string): Promise<KeyRow | undefined> {
    const row = await this.db.selectFrom('kms_keys').selectAll().where('key_id', '=', keyId).executeTakeFirst();
    if (!row || row.account_id !== accountId || row.region !== region) return undefined;
    if (row.state === 'PendingDeletion' && row.deletion_at !== null && Number(row.deletion_at) <= this.clock.nowMs()) {
      await this.remove(row.key_id);
      return undefined;
    }
    return row;
  }

  private async remove(keyId: string): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      await tx.deleteFrom('kms_aliases').where('key_id', '=', keyId).execute();
      await tx.deleteFrom('kms_keys').where('key_id', '=', keyId).execute();
    });
  }

  /** Deletes every key of the account whose deletion date has passed. */
  async sweep(accountId: string, region: string): Promise<void> {
    const due = await this.db
      .selectFrom('kms_keys')
      .select('key_id')
      .where('account_id', '=', accountId)
      .where('region', '=', region)
      .where('state', '=', 'PendingDeletion')
      .where('deletion_at', '<=', this.clock.nowMs())
      .execute();
    for (const k of due) await this.remove(k.key_id);
  }

  async list(accountId: string, region: string): Promise<KeyRow[]> {
    await this.sweep(accountId, region);
    return this.db.selectFrom('kms_keys').selectAll().where('account_id', '=', accountId).where('region', '=', region).orderBy('key_id').execute();
  }

  async update(keyId: string, fields: Partial<Pick<KeyRow, 'state' | 'deletion_at' | 'pending_window_days' | 'policy' | 'tags' | 'description'>>): Promise<void> {
    await this.db.updateTable('kms_keys').set(fields).where('key_id', '=', keyId).execute();
  }

  /** Changes the tags without losing a concurrent change of other keys (see swapColumn); false: no such key. */
  async changeTags(keyId: string, change: (tags: KmsTag[]) => KmsTag[]): Promise<boolean> {
    return swapColumn(this.db, 'kms_keys', 'tags', { key_id: keyId }, (text) => JSON.stringify(change(JSON.parse(text!) as KmsTag[])));
  }

  // ---- aliases ----

  async alias(accountId: string, region: string, aliasName: string): Promise<AliasRow | undefined> {
    return this.db.selectFrom('kms_aliases').selectAll().where('account_id', '=', accountId).where('region', '=', region).where('alias_name', '=', aliasName).executeTakeFirst();
  }

  async aliases(accountId: string, region: string, keyId?: string): Promise<AliasRow[]> {
    await this.sweep(accountId, region);
    let q = this.db.selectFrom('kms_aliases').selectAll().where('account_id', '=', accountId).where('region', '=', region);
    if (keyId) q = q.where('key_id', '=', keyId);
    return q.orderBy('alias_name').execute();
  }

  /** Inserts an alias; false when one of that name exists. */
  async addAlias(accountId: string, region: string, aliasName: string, keyId: string): Promise<boolean> {
    const now = this.clock.nowMs();
    try {
      await this.db.insertInto('kms_aliases').values({ account_id: accountId, region, alias_name: aliasName, key_id: keyId, created_at: now, updated_at: now }).execute();
      return true;
    } catch (err) {
      if (await this.alias(accountId, region, aliasName)) return false;
      throw err;
    }
  }

  async retarget(accountId: string, region: string, aliasName: string, keyId: string): Promise<void> {
    await this.db.updateTable('kms_aliases').set({ key_id: keyId, updated_at: this.clock.nowMs() }).where('account_id', '=', accountId).where('region', '=', region).where('alias_name', '=', aliasName).execute();
  }

  async removeAlias(accountId: string, region: string, aliasName: string): Promise<void> {
    await this.db.deleteFrom('kms_aliases').where('account_id', '=', accountId).where('region', '=', region).where('alias_name', '=', aliasName).execute();
  }
}
