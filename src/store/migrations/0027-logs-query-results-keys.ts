// CloudWatch Logs Insights query results under a KMS key (AssociateKmsKey with a query-result resourceIdentifier):
// the account's key per Region, and with each query the key its results were sealed under and the wrapped data key.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('logs_query_results_keys')
    .addColumn('account_id', 'varchar(12)', (c) => c.notNull())
    .addColumn('region', 'varchar(32)', (c) => c.notNull())
    .addColumn('kms_key_arn', 'varchar(2048)', (c) => c.notNull())
    .addPrimaryKeyConstraint('logs_query_results_keys_pk', ['account_id', 'region'])
    .execute();
  await db.schema.alterTable('logs_insights_queries').addColumn('results_kms_key_arn', 'varchar(2048)').execute();
  await db.schema.alterTable('logs_insights_queries').addColumn('results_wrapped_key', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('logs_insights_queries').dropColumn('results_wrapped_key').execute();
  await db.schema.alterTable('logs_insights_queries').dropColumn('results_kms_key_arn').execute();
  await db.schema.dropTable('logs_query_results_keys').execute();
}
