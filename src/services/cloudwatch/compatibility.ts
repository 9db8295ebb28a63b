// What Sift's CloudWatch does differently from AWS, rendered into docs/compatibility.md (`npm run compatibility`).
import type { KnownDifference } from '../types.js';

export const differences: readonly KnownDifference[] = [
  { operation: 'GetMetricData', kind: 'differs', text: 'MetricStat queries only: an `Expression` answers `InvalidParameterValue`.' },
  { operation: 'PutMetricAlarm', kind: 'differs', text: 'Anomaly detection, PromQL alarms and metric math in `Metrics` answer `InvalidParameterValue`; alarm actions are webhooks through the egress guard (no SNS).' },
];
