// Account aliases: at most one per account, and unique across every account of the installation (an alias names
// the account's sign-in URL).
import type { Kysely } from 'kysely';
import type { Clock } from '../../common/index.js';
import type { Database } from '../../store/index.js';

export class AccountAliases {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
  ) {}

  async get(accountId: string): Promise<string | undefined> {
    return (await this.db.selectFrom('iam_account_aliases').select('alias').where('account_id', '=', accountId).executeTakeFirst())?.alias;
  }

  /**
   * Sets the account's alias, replacing the one it had (as IAM does). 'taken' when another account holds it.
   * The replacement is one transaction, so two accounts racing for an alias cannot both get it (primary key).
   */
  async set(accountId: string, alias: string): Promise<'ok' | 'taken'> {
    return this.db.transaction().execute(async (tx) => {
      const holder = await tx.selectFrom('iam_account_aliases').select('account_id').where('alias', '=', alias).executeTakeFirst();
      if (holder) return holder.account_id === accountId ? 'ok' : 'taken';
      await tx.deleteFrom('iam_account_aliases').where('account_id', '=', accountId).execute();
      const res = await tx
        .insertInto('iam_account_aliases')
        .values({ alias, account_id: accountId, created_at: this.clock.nowMs() })
        .onConflict((oc) => oc.doNothing())
        .executeTakeFirst();
      return Number(res.numInsertedOrUpdatedRows ?? 0) > 0 ? 'ok' : 'taken';
    });
  }

  async delete(accountId: string, alias: string): Promise<boolean> {
    const res = await this.db.deleteFrom('iam_account_aliases').where('account_id', '=', accountId).where('alias', '=', alias).executeTakeFirst();
    return Number(res.numDeletedRows) > 0;
  }
}
