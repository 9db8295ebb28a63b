// What DisableMacie removes from this part's tables for an account and Region: findings (and their term index),
// findings filters, custom data identifiers and allow lists. Wired through sessionOps' onDisable hook.
import type { Kysely } from 'kysely';
import type { Database } from '../store/index.js';

export async function deleteMacieAccountData(db: Kysely<Database>, accountId: string, region: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const ids = trx.selectFrom('macie_findings').select('id').where('account_id', '=', accountId).where('region', '=', region);
    await trx.deleteFrom('macie_finding_terms').where('finding_id', 'in', ids).execute();
    for (const table of ['macie_findings', 'macie_findings_filters', 'macie_custom_data_identifiers', 'macie_allow_lists'] as const) {
      await trx.deleteFrom(table).where('account_id', '=', accountId).where('region', '=', region).execute();
    }
  });
}
