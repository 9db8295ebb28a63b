// Tables owned by the cloudwatch part: metrics (one row per metric identity), their datapoints (one row per
// PutMetricData datum, already aggregated), alarms and alarm history. Everything is keyed by account and region.
import type { Generated } from 'kysely';

export interface CwMetricsTable {
  /** sha256 of account, region, namespace, metric name and the sorted dimensions: the join key for datapoints. */
  metric_id: string;
  account_id: string;
  region: string;
  namespace: string;
  metric_name: string;
  /** Canonical JSON of the dimensions sorted by name: [{"Name":…,"Value":…}, …] */
  dimensions: string;
  /** Last time a datapoint was published (epoch ms), for ListMetrics RecentlyActive. */
  last_published_at: number;
}

export interface CwDatapointsTable {
  seq: Generated<number>;
  metric_id: string;
  /** Epoch ms of the datum's Timestamp (or of its arrival when it had none). */
  timestamp: number;
  /** The datum's Unit, 'None' when it had none. */
  unit: string;
  /** 1 (high resolution) or 60. */
  storage_resolution: number;
  sample_count: number;
  sum: number;
  minimum: number;
  maximum: number;
  /** JSON [[value, count], …] when the datum carried raw values (Value / Values), for percentiles; null otherwise. */
  distribution: string | null;
}

export interface CwAlarmsTable {
  account_id: string;
  region: string;
  alarm_name: string;
  alarm_arn: string;
  /** JSON of the alarm's configuration as PutMetricAlarm took it (Tags excluded). */
  config: string;
  /** JSON [{Key, Value}] */
  tags: string;
  state_value: string;
  state_reason: string;
  state_reason_data: string | null;
  state_updated_at: number;
  state_transitioned_at: number;
  config_updated_at: number;
  /** When the evaluator next looks at the alarm (epoch ms); claimed with compare-and-set so one process evaluates. */
  next_evaluation_at: number;
}

export interface CwAlarmHistoryTable {
  seq: Generated<number>;
  account_id: string;
  region: string;
  alarm_name: string;
  alarm_type: string;
  timestamp: number;
  item_type: string;
  summary: string;
  data: string;
}

export interface CloudwatchTables {
  cw_metrics: CwMetricsTable;
  cw_datapoints: CwDatapointsTable;
  cw_alarms: CwAlarmsTable;
  cw_alarm_history: CwAlarmHistoryTable;
}
