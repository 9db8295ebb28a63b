// Tables owned by the logs part: log group metadata (the events themselves live in per-group segment files under
// `<dataDir>/logs/`), metric filters and export tasks. Every row is keyed by account and region; names sort as
// bytes (COLLATE "C" in PostgreSQL) so listings come back in AWS's ASCII order on both dialects.
import type { Generated } from 'kysely';

export interface LogsGroupsTable {
  account_id: string;
  region: string;
  group_name: string;
  creation_time: number;
  /** Days, one of AWS's allowed counts; null = never expire. */
  retention_in_days: number | null;
  kms_key_id: string | null;
  log_group_class: string;
  /** 0/1 */
  deletion_protection: number;
  /** JSON object of tag key → value */
  tags: string;
}

export interface LogsMetricFiltersTable {
  account_id: string;
  region: string;
  group_name: string;
  filter_name: string;
  filter_pattern: string;
  /** JSON MetricTransformation[] (exactly one, as AWS allows) */
  metric_transformations: string;
  creation_time: number;
}

export interface LogsExportTasksTable {
  task_id: string;
  account_id: string;
  region: string;
  task_name: string | null;
  group_name: string;
  stream_prefix: string | null;
  from_time: number;
  to_time: number;
  destination: string;
  destination_prefix: string;
  /** PENDING | RUNNING | COMPLETED | CANCELLED | FAILED | PENDING_CANCEL */
  status_code: string;
  status_message: string | null;
  creation_time: number;
  completion_time: number | null;
}

/** A data key of a KMS-keyed log group, stored only wrapped by its KMS key (base64 KMS ciphertext blob). */
export interface LogsGroupDataKeysTable {
  account_id: string;
  region: string;
  group_name: string;
  /** Which data key an event was sealed with (increasing per group). */
  key_ref: number;
  kms_key_arn: string;
  wrapped_key: string;
  creation_time: number;
}

export interface LogsTables {
  logs_group_data_keys: LogsGroupDataKeysTable;
  logs_groups: LogsGroupsTable;
  logs_metric_filters: LogsMetricFiltersTable;
  logs_export_tasks: LogsExportTasksTable;
  logs_event_groups: LogsEventGroupsTable;
  logs_event_streams: LogsEventStreamsTable;
  logs_event_rows: LogsEventRowsTable;
}

/** The database event store (PostgreSQL deployments, services/logs/table-store): one row per group with events. */
export interface LogsEventGroupsTable {
  gid: Generated<number>;
  account_id: string;
  region: string;
  group_name: string;
  creation_time: number;
  /** The next event's sequence number, taken under this row's lock. */
  next_seq: number;
  next_stream_id: number;
}

export interface LogsEventStreamsTable {
  gid: number;
  stream_id: number;
  stream_name: string;
  creation_time: number;
  event_count: number;
  stored_bytes: number;
  first_ts: number | null;
  last_ts: number | null;
  last_ingestion: number | null;
}

export interface LogsEventRowsTable {
  gid: number;
  seq: number;
  stream_id: number;
  ts: number;
  ingestion_time: number;
  /** UTF-8 message bytes + 26, as AWS counts. */
  bytes: number;
  message: Buffer;
}
