// Tables owned by the audit part's trail delivery (migration 0010).
export interface CtTrailsTable {
  trail_arn: string;
  account_id: string;
  home_region: string;
  name: string;
  config: string;
  is_logging: number;
  created_at: number;
  status: string;
  delivered_seq: number;
  cwl_seq: number;
  intent: string | null;
}

export interface CtLogFilesTable {
  trail_arn: string;
  region: string;
  bucket: string;
  object_key: string;
  sha256: string;
  oldest_event_time: number;
  newest_event_time: number;
  delivered_at: number;
}

export interface CtDigestsTable {
  trail_arn: string;
  region: string;
  end_time: number;
  bucket: string | null;
  object_key: string | null;
  sha256: string | null;
  signature: string | null;
  pending_end: number | null;
}

export interface TrailsTables {
  ct_trails: CtTrailsTable;
  ct_log_files: CtLogFilesTable;
  ct_digests: CtDigestsTable;
}
