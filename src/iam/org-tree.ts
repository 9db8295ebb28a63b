// The shape of an AWS organization below its root: organizational units (nested at most five deep), the parent of
// each member account (the root unless moved), and the tags on accounts, the root and OUs.
import type { Kysely } from 'kysely';
import type { Clock, IdSource } from '../common/index.js';
import type { Database } from '../store/index.js';

const ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

export interface OrgUnit {
  ouId: string;
  orgId: string;
  parentId: string;
  name: string;
  createdAt: Date;
}

export interface OrgTag {
  Key: string;
  Value: string;
}

export class OrgTree {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly ids: IdSource,
  ) {}

  // ---- organizational units ----

  /** A new OU id: "ou-", the root's own id characters, "-", eight more (Organizations' documented pattern). */
  newUnitId(rootId: string): string {
    return `ou-${rootId.slice(2)}-${this.ids.chars(8, ID_ALPHABET)}`;
  }

  async createUnit(orgId: string, ouId: string, parentId: string, name: string): Promise<OrgUnit> {
    const unit: OrgUnit = { ouId, orgId, parentId, name, createdAt: this.clock.now() };
    await this.db.insertInto('org_units').values({ ou_id: ouId, org_id: orgId, parent_id: parentId, name, created_at: unit.createdAt.getTime() }).execute();
    return unit;
  }

  async unit(orgId: string, ouId: string): Promise<OrgUnit | undefined> {
    const row = await this.db.selectFrom('org_units').selectAll().where('org_id', '=', orgId).where('ou_id', '=', ouId).executeTakeFirst();
    return row ? toUnit(row) : undefined;
  }

  async unitsIn(orgId: string, parentId: string): Promise<OrgUnit[]> {
    const rows = await this.db.selectFrom('org_units').selectAll().where('org_id', '=', orgId).where('parent_id', '=', parentId).orderBy('created_at').orderBy('ou_id').execute();
    return rows.map(toUnit);
  }

  async unitCount(orgId: string): Promise<number> {
    const row = await this.db.selectFrom('org_units').select((eb) => eb.fn.countAll<number>().as('n')).where('org_id', '=', orgId).executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  async rename(orgId: string, ouId: string, name: string): Promise<void> {
    await this.db.updateTable('org_units').set({ name }).where('org_id', '=', orgId).where('ou_id', '=', ouId).execute();
  }

  async deleteUnit(orgId: string, ouId: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('org_units').where('org_id', '=', orgId).where('ou_id', '=', ouId).execute();
      await trx.deleteFrom('org_tags').where('org_id', '=', orgId).where('resource_id', '=', ouId).execute();
    });
  }

  /** The chain of OU ids from the root's child down to `ouId` (its path below the root). */
  async ancestry(orgId: string, ouId: string): Promise<string[]> {
    const chain: string[] = [];
    let at: string | undefined = ouId;
    while (at?.startsWith('ou-')) {
      chain.unshift(at);
      at = (await this.unit(orgId, at))?.parentId;
    }
    return chain;
  }

  // ---- accounts' parents ----

  /** The account's parent: an OU id, or undefined for the root. */
  async parentOfAccount(orgId: string, accountId: string): Promise<string | undefined> {
    const row = await this.db.selectFrom('org_accounts').select('parent_id').where('org_id', '=', orgId).where('account_id', '=', accountId).executeTakeFirst();
    return row?.parent_id ?? undefined;
  }

  /** Member account ids directly under `parentId` (the root when `isRoot`). */
  async accountsIn(orgId: string, parentId: string, isRoot: boolean): Promise<string[]> {
    let q = this.db.selectFrom('org_accounts').select('account_id').where('org_id', '=', orgId);
    q = isRoot ? q.where('parent_id', 'is', null) : q.where('parent_id', '=', parentId);
    return (await q.orderBy('joined_at').orderBy('account_id').execute()).map((r) => r.account_id);
  }

  async moveAccount(orgId: string, accountId: string, parentId: string | null): Promise<void> {
    await this.db.updateTable('org_accounts').set({ parent_id: parentId }).where('org_id', '=', orgId).where('account_id', '=', accountId).execute();
  }

  // ---- tags ----

  async tags(orgId: string, resourceId: string): Promise<OrgTag[]> {
    const rows = await this.db.selectFrom('org_tags').select(['tag_key', 'tag_value']).where('org_id', '=', orgId).where('resource_id', '=', resourceId).orderBy('tag_key').execute();
    return rows.map((r) => ({ Key: r.tag_key, Value: r.tag_value }));
  }

  /** Adds or overwrites tags in one transaction. */
  async tag(orgId: string, resourceId: string, tags: readonly OrgTag[]): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      for (const t of tags) {
        await trx.deleteFrom('org_tags').where('org_id', '=', orgId).where('resource_id', '=', resourceId).where('tag_key', '=', t.Key).execute();
        await trx.insertInto('org_tags').values({ org_id: orgId, resource_id: resourceId, tag_key: t.Key, tag_value: t.Value }).execute();
      }
    });
  }

  async untag(orgId: string, resourceId: string, keys: readonly string[]): Promise<void> {
    if (keys.length) await this.db.deleteFrom('org_tags').where('org_id', '=', orgId).where('resource_id', '=', resourceId).where('tag_key', 'in', [...keys]).execute();
  }

  async dropTags(orgId: string, resourceId: string): Promise<void> {
    await this.db.deleteFrom('org_tags').where('org_id', '=', orgId).where('resource_id', '=', resourceId).execute();
  }
}

function toUnit(row: Database['org_units']): OrgUnit {
  return { ouId: row.ou_id, orgId: row.org_id, parentId: row.parent_id, name: row.name, createdAt: new Date(Number(row.created_at)) };
}
