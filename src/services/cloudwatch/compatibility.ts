// What Sift's CloudWatch does differently from AWS, rendered into docs/compatibility.md (`npm run compatibility`).
import type { KnownDifference } from '../types.js';

export const differences: readonly KnownDifference[] = [
  { operation: 'GetMetricData', kind: 'not-implemented', text: 'Metric math functions ANOMALY_DETECTION_BAND, SEARCH, SORT, SLICE, INSIGHT_RULE_METRIC, SERVICE_QUOTA, LAMBDA, MINUTE/HOUR/DAY/DATE/MONTH/YEAR/EPOCH, and Metrics Insights (`SELECT`) queries.' },
  { operation: 'GetMetricData', kind: 'differs', text: 'A wrong expression answers `ValidationError` "Error in expression <Id>: …" with Sift\'s own wording of the problem. Across an array, MIN and MAX take the values present (the guide says only that AVG counts a missing value as 0); STDDEV is the population standard deviation.' },
  { operation: 'PutMetricAlarm', kind: 'differs', text: 'Anomaly detection, PromQL alarms and metric math in `Metrics` answer `InvalidParameterValue`; alarm actions are webhooks through the egress guard (no SNS).' },
];
