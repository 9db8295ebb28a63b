// The last credential report of each account: its CSV and when it was generated.
import type { Kysely } from 'kysely';
import type { Database } from '../../store/index.js';

export interface StoredReport {
  content: string;
  generatedAt: Date;
}

export class CredentialReports {
  constructor(private readonly db: Kysely<Database>) {}

  async get(accountId: string): Promise<StoredReport | undefined> {
    const row = await this.db.selectFrom('iam_credential_reports').selectAll().where('account_id', '=', accountId).executeTakeFirst();
    return row ? { content: row.content, generatedAt: new Date(Number(row.generated_at)) } : undefined;
  }

  async put(accountId: string, content: string, generatedAt: Date): Promise<void> {
    const values = { content, generated_at: generatedAt.getTime() };
    await this.db
      .insertInto('iam_credential_reports')
      .values({ account_id: accountId, ...values })
      .onConflict((oc) => oc.column('account_id').doUpdateSet(values))
      .execute();
  }
}
