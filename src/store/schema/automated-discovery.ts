// Tables of automated sensitive data discovery (migration 0017). Times are epoch ms, booleans 0/1, JSON as text.

export interface MacieAdConfigTable {
  account_id: string;
  region: string;
  /** 'ENABLED' | 'DISABLED' */
  status: string;
  /** 'ALL' | 'NEW' | 'NONE' */
  auto_enable: string;
  scope_id: string;
  template_id: string;
  first_enabled_at: number | null;
  disabled_at: number | null;
  last_updated_at: number;
  /** When the next run starts (null while disabled). */
  next_run_at: number | null;
  current_run_id: string | null;
  run_count: number;
}

export interface MacieAdScopesTable {
  id: string;
  account_id: string;
  region: string;
  name: string;
  /** JSON list of bucket names excluded */
  excluded: string;
}

export interface MacieAdTemplatesTable {
  id: string;
  account_id: string;
  region: string;
  name: string;
  description: string | null;
  /** JSON SensitivityInspectionTemplateIncludes */
  includes: string;
  /** JSON SensitivityInspectionTemplateExcludes */
  excludes: string;
}

export interface MacieAdAccountsTable {
  admin_account_id: string;
  region: string;
  account_id: string;
  /** 'ENABLED' | 'DISABLED' */
  status: string;
}

export interface MacieAdRunsTable {
  run_id: string;
  account_id: string;
  region: string;
  run_date: number;
  /** 'RUNNING' | 'COMPLETE' | 'CANCELLED' */
  status: string;
  resolved: number;
  budget_bytes: number;
  /** Bytes each bucket of the run may have analysed */
  bucket_share: number;
  finished_at: number | null;
}

export interface MacieAdRunBucketsTable {
  run_id: string;
  account_id: string;
  bucket: string;
  /** 'PENDING' | 'PLANNED' | 'FAILED' */
  status: string;
  selected: number;
}

export interface MacieAdUnitsTable {
  unit_id: string;
  run_id: string;
  account_id: string;
  bucket: string;
  /** JSON: the unit's objects (key, size, etag) */
  objects: string;
  object_count: number;
  bytes: number;
  /** 'PENDING' | 'DONE' */
  status: string;
  scanned_bytes: number;
  done_at: number | null;
}

export interface MacieAdBucketsTable {
  account_id: string;
  region: string;
  bucket: string;
  classifiable_objects: number;
  classifiable_bytes: number;
  /** Objects with at least one byte (0: an empty bucket, score 1) */
  non_empty_objects: number;
  /** 'ACCESS_DENIED' when Macie couldn't list or read the bucket at the last run */
  error_code: string | null;
  last_run_at: number | null;
  /** The calculated score (-1..99) */
  score: number;
  /** 100 when the user assigned the maximum score */
  score_override: number | null;
  /** JSON list of "MANAGED:<id>" / "CUSTOM:<id>" excluded from the score */
  suppressed: string;
  profile_updated_at: number;
}

export interface MacieAdObjectsTable {
  account_id: string;
  region: string;
  bucket: string;
  object_key: string;
  etag: string;
  /** Fingerprint of the detection settings the object was analysed with */
  template: string;
  size: number;
  analysed_at: number;
  /** 'COMPLETE' | 'PARTIAL' | 'SKIPPED' */
  status: string;
  reason: string | null;
  bytes_classified: number;
  /** JSON { "<MANAGED|CUSTOM>:<id>": { count, name } } */
  detections: string;
}

export interface MacieAdUsageTable {
  account_id: string;
  region: string;
  month: string;
  bytes: number;
  objects: number;
  monitored_objects: number;
}

export interface AutomatedDiscoveryTables {
  macie_ad_config: MacieAdConfigTable;
  macie_ad_scopes: MacieAdScopesTable;
  macie_ad_templates: MacieAdTemplatesTable;
  macie_ad_accounts: MacieAdAccountsTable;
  macie_ad_runs: MacieAdRunsTable;
  macie_ad_run_buckets: MacieAdRunBucketsTable;
  macie_ad_units: MacieAdUnitsTable;
  macie_ad_buckets: MacieAdBucketsTable;
  macie_ad_objects: MacieAdObjectsTable;
  macie_ad_usage: MacieAdUsageTable;
}
