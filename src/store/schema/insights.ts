// Tables of CloudWatch Logs Insights (logs part): queries with their status, statistics and results (kept 7 days,
// as Logs keeps query results), and saved query definitions. Keyed by account and region.
import type { Generated } from 'kysely';

export interface LogsInsightsQueriesTable {
  query_id: string;
  account_id: string;
  region: string;
  query_string: string;
  /** JSON string[]: the log group names queried. */
  log_group_names: string;
  /** Epoch ms, inclusive. */
  start_time: number;
  end_time: number;
  result_limit: number | null;
  status: string;
  create_time: number;
  completion_time: number | null;
  /** JSON ResultField[][] once complete. */
  results: string | null;
  /** JSON QueryStatistics. */
  statistics: string | null;
  user_identity: string;
  /** The KMS key the results are sealed under (the account's query-result key at StartQuery), or null. */
  results_kms_key_arn: string | null;
  /** The results' data key, wrapped by that KMS key (base64 ciphertext blob). */
  results_wrapped_key: string | null;
  /** The worker running the query (WORKER_ID), while it holds the query's lease. */
  worker: string | null;
  /** Epoch ms: the worker's lease on the query, renewed by its heartbeat while it runs. */
  lease_expires_at: number | null;
  /** Times a worker has taken the query (a worker that died mid-query counts). */
  attempts: Generated<number>;
  /** Epoch ms: when the query first began to run (its 60-minute timeout counts from here, across retries). */
  run_started_at: number | null;
}

/** The KMS key an account's future query results are sealed under (AssociateKmsKey resourceIdentifier). */
export interface LogsQueryResultsKeysTable {
  account_id: string;
  region: string;
  kms_key_arn: string;
}

export interface LogsQueryDefinitionsTable {
  query_definition_id: string;
  account_id: string;
  region: string;
  name: string;
  query_string: string;
  /** JSON string[] */
  log_group_names: string;
  last_modified: number;
}

export interface InsightsTables {
  logs_insights_queries: LogsInsightsQueriesTable;
  logs_query_definitions: LogsQueryDefinitionsTable;
  logs_query_results_keys: LogsQueryResultsKeysTable;
}
