// Macie: custom data identifiers, allow lists, findings filters, findings and their criteria term index.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const ms = 'bigint';
  const isPg = db.getExecutor().adapter.constructor.name === 'PostgresAdapter';
  await db.schema
    .createTable('macie_custom_data_identifiers')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('account_id', 'varchar(12)', (c) => c.notNull())
    .addColumn('region', 'varchar(32)', (c) => c.notNull())
    .addColumn('name', 'varchar(128)', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('regex', 'text', (c) => c.notNull())
    .addColumn('keywords', 'text', (c) => c.notNull())
    .addColumn('ignore_words', 'text', (c) => c.notNull())
    .addColumn('maximum_match_distance', 'integer', (c) => c.notNull())
    .addColumn('severity_levels', 'text', (c) => c.notNull())
    .addColumn('tags', 'text', (c) => c.notNull())
    .addColumn('client_token', 'varchar(256)')
    .addColumn('created_at', ms, (c) => c.notNull())
    .addColumn('deleted', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('macie_cdi_list').on('macie_custom_data_identifiers').columns(['account_id', 'region', 'created_at', 'id']).execute();
  await db.schema.createIndex('macie_cdi_token').on('macie_custom_data_identifiers').columns(['account_id', 'region', 'client_token']).execute();

  await db.schema
    .createTable('macie_allow_lists')
    .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
    .addColumn('account_id', 'varchar(12)', (c) => c.notNull())
    .addColumn('region', 'varchar(32)', (c) => c.notNull())
    .addColumn('name', 'varchar(128)', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('criteria', 'text', (c) => c.notNull())
    .addColumn('tags', 'text', (c) => c.notNull())
    .addColumn('client_token', 'varchar(256)')
    .addColumn('created_at', ms, (c) => c.notNull())
    .addColumn('updated_at', ms, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('macie_allow_lists_list').on('macie_allow_lists').columns(['account_id', 'region', 'created_at', 'id']).execute();

  await db.schema
    .createTable('macie_findings_filters')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('account_id', 'varchar(12)', (c) => c.notNull())
    .addColumn('region', 'varchar(32)', (c) => c.notNull())
    .addColumn('name', 'varchar(64)', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('action', 'varchar(16)', (c) => c.notNull())
    .addColumn('criteria', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('tags', 'text', (c) => c.notNull())
    .addColumn('client_token', 'varchar(256)')
    .addColumn('created_at', ms, (c) => c.notNull())
    .addColumn('updated_at', ms, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('macie_findings_filters_list').on('macie_findings_filters').columns(['account_id', 'region', 'position']).execute();

  await db.schema
    .createTable('macie_findings')
    .addColumn('seq', isPg ? 'bigserial' : 'integer', (c) => (isPg ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('id', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('account_id', 'varchar(12)', (c) => c.notNull())
    .addColumn('region', 'varchar(32)', (c) => c.notNull())
    .addColumn('type', 'varchar(64)', (c) => c.notNull())
    .addColumn('category', 'varchar(16)', (c) => c.notNull())
    .addColumn('severity_description', 'varchar(8)', (c) => c.notNull())
    .addColumn('severity_score', 'integer', (c) => c.notNull())
    .addColumn('created_at', ms, (c) => c.notNull())
    .addColumn('updated_at', ms, (c) => c.notNull())
    .addColumn('archived', 'integer', (c) => c.notNull())
    .addColumn('sample', 'integer', (c) => c.notNull())
    .addColumn('count', ms, (c) => c.notNull())
    .addColumn('job_id', 'varchar(64)')
    .addColumn('origin_type', 'varchar(64)')
    .addColumn('bucket_name', 'varchar(255)')
    .addColumn('object_key', 'varchar(1024)')
    .addColumn('resource_path', 'varchar(1280)', (c) => c.notNull())
    .addColumn('first_seen', ms)
    .addColumn('last_seen', ms)
    .addColumn('finding', 'text', (c) => c.notNull())
    .execute();
  // One index per sort key Macie offers (keyset pages walk them, seq breaking ties), plus the most used criteria
  // fields. seq, not the 32-character id, keeps these indexes small.
  const idx = (name: string, cols: string[]) => db.schema.createIndex(name).on('macie_findings').columns(['account_id', 'region', ...cols]).execute();
  await idx('macie_findings_updated', ['updated_at', 'seq']);
  await idx('macie_findings_created', ['created_at', 'seq']);
  await idx('macie_findings_severity', ['severity_score', 'seq']);
  await idx('macie_findings_type', ['type', 'seq']);
  await idx('macie_findings_count', ['count', 'seq']);
  await idx('macie_findings_resource', ['resource_path', 'seq']);
  await idx('macie_findings_archived', ['archived', 'updated_at', 'seq']);
  await idx('macie_findings_bucket', ['bucket_name', 'updated_at', 'seq']);
  await idx('macie_findings_job', ['job_id', 'updated_at', 'seq']);

  await db.schema
    .createTable('macie_finding_terms')
    .addColumn('finding_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('field', 'varchar(32)', (c) => c.notNull())
    .addColumn('value_text', 'varchar(2048)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('macie_finding_terms_value').on('macie_finding_terms').columns(['field', 'value_text', 'finding_id']).execute();
  await db.schema.createIndex('macie_finding_terms_finding').on('macie_finding_terms').columns(['finding_id', 'field']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['macie_finding_terms', 'macie_findings', 'macie_findings_filters', 'macie_allow_lists', 'macie_custom_data_identifiers']) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
