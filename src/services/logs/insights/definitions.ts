// Saved queries (PutQueryDefinition, DescribeQueryDefinitions, DeleteQueryDefinition), per account and Region.
import type { Kysely } from 'kysely';
import type { QueryDefinition } from '../../../models/logs/index.js';
import type { Database } from '../../../store/index.js';

type Row = Database['logs_query_definitions'];

export class QueryDefinitions {
  constructor(private readonly db: Kysely<Database>) {}

  get(accountId: string, region: string, id: string): Promise<Row | undefined> {
    return this.db.selectFrom('logs_query_definitions').selectAll().where('query_definition_id', '=', id).where('account_id', '=', accountId).where('region', '=', region).executeTakeFirst();
  }

  async put(row: Row): Promise<void> {
    const updated = await this.db
      .updateTable('logs_query_definitions')
      .set({ name: row.name, query_string: row.query_string, log_group_names: row.log_group_names, last_modified: row.last_modified })
      .where('query_definition_id', '=', row.query_definition_id)
      .where('account_id', '=', row.account_id)
      .where('region', '=', row.region)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0) await this.db.insertInto('logs_query_definitions').values(row).execute();
  }

  async delete(accountId: string, region: string, id: string): Promise<boolean> {
    const r = await this.db.deleteFrom('logs_query_definitions').where('query_definition_id', '=', id).where('account_id', '=', accountId).where('region', '=', region).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  /** By name, then id; `prefix` matches the start of the name. */
  async list(accountId: string, region: string, prefix: string | undefined): Promise<QueryDefinition[]> {
    const rows = await this.db.selectFrom('logs_query_definitions').selectAll().where('account_id', '=', accountId).where('region', '=', region).orderBy('name').orderBy('query_definition_id').execute();
    return rows.filter((r) => prefix === undefined || r.name.startsWith(prefix)).map(definition);
  }
}

export function definition(r: Row): QueryDefinition {
  const groups = JSON.parse(r.log_group_names) as string[];
  return {
    queryLanguage: 'CWLI',
    queryDefinitionId: r.query_definition_id,
    name: r.name,
    queryString: r.query_string,
    lastModified: Number(r.last_modified),
    ...(groups.length ? { logGroupNames: groups } : {}),
  };
}
