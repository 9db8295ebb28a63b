// Amazon CloudWatch (metrics and metric alarms) for Sift: the provider assembled from its op groups, the alarm
// evaluator as the registration's Background, and the in-process metrics API for the Logs service's metric filters.
// Data is kept per account and region in the store. Alarm actions are webhooks: see alarm-actions.ts for how an
// action (an http(s) URL, or an ARN mapped to a URL by `actionUrls`) is called.
import { createOutbound } from '../../common/index.js';
import type { CloudWatchApi } from '../../models/cloudwatch/index.js';
import type { Background, PlatformDeps, Provider, ServiceRegistration } from '../types.js';
import { createWebhookNotifier, type AlarmActionOptions, type AlarmNotifier } from './alarm-actions.js';
import { createAlarmEngine } from './alarm-engine.js';
import { alarmArn, alarmOps } from './alarm-ops.js';
import { createAlarmsRepo } from './alarms-repo.js';
import { createMetricsApi, metricOps, type CloudWatchMetrics } from './metric-ops.js';
import { createMetricsRepo } from './metrics-repo.js';

export interface CloudWatchOptions extends AlarmActionOptions {
  /** How often the real-time evaluator loop looks for due alarms (default 1000 ms). */
  evaluatorTickMs?: number;
  /** Replaces the webhook notifier (for a different delivery path). */
  notifier?: AlarmNotifier;
}

export type CloudWatchProvider = ReturnType<typeof createCloudWatchProvider>['provider'];

export interface CloudWatchRegistration extends ServiceRegistration {
  provider: Provider & CloudWatchProvider;
  /** The alarm evaluator; `evaluateDue()` runs one evaluation pass now (tests drive it with a ManualClock). */
  background: Background & { evaluateDue(): Promise<number> };
  /** The in-process API other services publish metrics through. */
  metrics: CloudWatchMetrics;
}

export function createCloudWatchProvider(deps: Pick<PlatformDeps, 'store' | 'clock' | 'ids' | 'logger'>, options: CloudWatchOptions = {}) {
  const metrics = createMetricsRepo(deps.store);
  const alarms = createAlarmsRepo(deps.store);
  const outbound = options.outbound ?? createOutbound({ allow: [] });
  const notifier = options.notifier ?? createWebhookNotifier({ ...options, outbound }, deps);
  const engine = createAlarmEngine({ alarms, metrics, clock: deps.clock, logger: deps.logger, notifier, tickMs: options.evaluatorTickMs });
  const provider = {
    ...metricOps({ metrics, clock: deps.clock }),
    ...alarmOps({ alarms, engine, clock: deps.clock, outbound }),
  } satisfies Partial<CloudWatchApi>;
  return { provider, engine, metricsApi: createMetricsApi({ metrics, clock: deps.clock }) };
}

/** The in-process metrics API on its own (what the Logs service needs), over the same store. */
export function createCloudWatchMetrics(deps: Pick<PlatformDeps, 'store' | 'clock'>): CloudWatchMetrics {
  return createMetricsApi({ metrics: createMetricsRepo(deps.store), clock: deps.clock });
}

const ALARM_NAMED = new Set(['PutMetricAlarm', 'SetAlarmState']);

export function createCloudWatchRegistration(deps: Pick<PlatformDeps, 'store' | 'clock' | 'ids' | 'logger'>, options: CloudWatchOptions = {}): CloudWatchRegistration {
  const { provider, engine, metricsApi } = createCloudWatchProvider(deps, options);
  return {
    service: 'cloudwatch',
    provider: provider as Provider & CloudWatchProvider,
    // CloudWatch's IAM actions are cloudwatch:*, not its signing name (monitoring).
    actionOf: (operation) => `cloudwatch:${operation}`,
    resourceOf: (operation, input, ctx) => {
      if (ALARM_NAMED.has(operation) && typeof input?.AlarmName === 'string') return alarmArn(ctx, input.AlarmName);
      if (operation === 'DescribeAlarmHistory' && typeof input?.AlarmName === 'string') return alarmArn(ctx, input.AlarmName);
      if (operation === 'DeleteAlarms' && Array.isArray(input?.AlarmNames) && input.AlarmNames.length === 1) return alarmArn(ctx, String(input.AlarmNames[0]));
      if (['ListTagsForResource', 'TagResource', 'UntagResource'].includes(operation) && typeof input?.ResourceARN === 'string') return input.ResourceARN;
      return '*';
    },
    background: engine.background,
    metrics: metricsApi,
  };
}
