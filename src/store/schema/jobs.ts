// Tables owned by the jobs part: classification jobs, their runs, the buckets and work units each run was planned
// into (the checkpoint that lets a restarted server carry on), the outbox of job events waiting for the logs
// service, and bytes analysed per account per month. Times are epoch ms, booleans 0/1, JSON as text.
import type { Generated } from 'kysely';

export interface MacieJobsTable {
  job_id: string;
  account_id: string;
  region: string;
  name: string;
  client_token: string;
  /** 'ONE_TIME' | 'SCHEDULED' */
  job_type: string;
  /** Macie's JobStatus */
  status: string;
  /** JSON: the job's definition as created (buckets, scoping, schedule, identifiers, sampling, description…) */
  definition: string;
  /** JSON TagMap */
  tags: string;
  created_at: number;
  updated_at: number;
  last_run_time: number | null;
  /** 1 when the latest run met account- or bucket-level errors */
  last_run_error: number;
  /** When the job was paused by the user (USER_PAUSED) */
  paused_at: number | null;
  next_run_at: number | null;
  number_of_runs: number;
  current_run_id: string | null;
}

export interface MacieJobRunsTable {
  run_id: string;
  job_id: string;
  run_number: number;
  run_date: number;
  /** Incremental runs: only objects last modified at or after this time (null: every object). */
  since_ms: number | null;
  /** 'RUNNING' | 'COMPLETE' | 'CANCELLED' | 'EXPIRED' */
  status: string;
  /** 1 once the run's buckets are decided (list or criteria evaluated) */
  resolved: number;
  error: number;
  finished_at: number | null;
}

export interface MacieJobRunBucketsTable {
  run_id: string;
  account_id: string;
  bucket: string;
  /** 'PENDING' | 'PLANNED' | 'FAILED' */
  status: string;
  units: number;
}

export interface MacieJobUnitsTable {
  unit_id: string;
  run_id: string;
  job_id: string;
  account_id: string;
  bucket: string;
  seq: number;
  /** JSON: the unit's objects (key, size, etag, last modified, storage class) */
  objects: string;
  object_count: number;
  bytes: number;
  /** 'PENDING' | 'DONE' */
  status: string;
  scanned_objects: number;
  scanned_bytes: number;
  findings: number;
  done_at: number | null;
  /** Quota bytes this unit holds while it is analysed (0020) */
  reserved_bytes: number | null;
  reserved_month: string | null;
  /** The worker that completed it (0020) */
  done_by: string | null;
}

export interface MacieJobEventsTable {
  seq: Generated<number>;
  job_id: string;
  account_id: string;
  region: string;
  occurred_at: number;
  /** The event as published (JSON text) */
  message: string;
  published: number;
}

export interface MacieJobUsageTable {
  account_id: string;
  region: string;
  /** 'YYYY-MM' (UTC) */
  month: string;
  bytes: number;
  /** Bytes reserved by units being analysed (0020) */
  reserved: Generated<number>;
}

export interface JobsTables {
  macie_jobs: MacieJobsTable;
  macie_job_runs: MacieJobRunsTable;
  macie_job_run_buckets: MacieJobRunBucketsTable;
  macie_job_units: MacieJobUnitsTable;
  macie_job_events: MacieJobEventsTable;
  macie_job_usage: MacieJobUsageTable;
}
