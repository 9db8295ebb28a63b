export { createCloudWatchRegistration, createCloudWatchProvider, createCloudWatchMetrics } from './provider.js';
export type { CloudWatchOptions, CloudWatchProvider, CloudWatchRegistration } from './provider.js';
export type { CloudWatchMetrics } from './metric-ops.js';
export { parseActionUrls } from './alarm-actions.js';
export type { AlarmActionOptions, AlarmNotifier, ActionOutcome } from './alarm-actions.js';
export type { MetricDatum, Dimension, StandardUnit } from '../../models/cloudwatch/index.js';
