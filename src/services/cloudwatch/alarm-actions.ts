// Alarm actions. An action naming an SNS topic that Sift serves publishes the alarm notification to that topic (the
// Subject and Message CloudWatch sends to SNS; SNS signs and delivers it to the topic's subscriptions). Otherwise an
// action is delivered as the HTTP POST that an SNS topic's HTTP(S) subscription would receive:
//   - an action that is itself an `http://` or `https://` URL is called directly (a Sift extension: AWS accepts
//     only ARNs there) when its host is one the operator allows (SIFT_OUTBOUND_ALLOW, common/outbound.ts);
//   - an ARN (typically `arn:aws:sns:<region>:<account>:<topic>`) is called at the URL that the `actionUrls`
//     option maps it to (from Sift's configuration); an ARN without a mapping is kept on the alarm, and each time
//     it should run an `Action` history item records that it failed for want of a URL.
// The body is SNS's JSON envelope (`Type: "Notification"`, `MessageId`, `TopicArn`, `Subject`, `Message`,
// `Timestamp`) whose `Message` is the alarm state-change JSON CloudWatch publishes (AlarmName, NewStateValue,
// NewStateReason, OldStateValue, Trigger, …), with SNS's `x-amz-sns-*` headers. This direct webhook is not signed
// (no `Signature`/`SigningCertURL`); notifications through a Sift SNS topic are.
// Every call goes through the outbound module; the history records only "blocked by SIFT_OUTBOUND_ALLOW" or
// "delivery failed", never what answered (a status, an error text or a body would make alarms a port scanner).
import { createOutbound, OUTBOUND_BLOCKED_MESSAGE, OUTBOUND_FAILED_MESSAGE, type IdSource, type Logger, type Outbound } from '../../common/index.js';
import type { StateValue } from '../../models/cloudwatch/index.js';
import type { AlarmRecord } from './alarms-repo.js';
import { reasonDataDate } from './alarm-evaluation.js';

/** Publishing to SNS topics Sift serves (the SNS service's internal API). */
export interface AlarmSnsPublisher {
  topicExists(topicArn: string): Promise<boolean>;
  publishAsService(call: { service: string; accountId: string; sourceArn: string; topicArn: string; message: string; subject?: string }): Promise<string>;
}

export interface AlarmActionOptions {
  /** SNS topics Sift serves: an action naming one publishes the notification to it (as CloudWatch does). */
  sns?: AlarmSnsPublisher;
  /** Action ARN (an SNS topic, say) → the webhook URL that receives its notifications. */
  actionUrls?: Record<string, string>;
  /** The outbound module every call goes through (default: one that allows no raw URL). */
  outbound?: Outbound;
}

export interface ActionOutcome {
  action: string;
  ok: boolean;
  /** Why it failed, in words that say nothing of what answered. */
  error?: string;
}

const REGION_NAMES: Record<string, string> = {
  'us-east-1': 'US East (N. Virginia)',
  'us-east-2': 'US East (Ohio)',
  'us-west-1': 'US West (N. California)',
  'us-west-2': 'US West (Oregon)',
  'ca-central-1': 'Canada (Central)',
  'eu-west-1': 'EU (Ireland)',
  'eu-west-2': 'EU (London)',
  'eu-west-3': 'EU (Paris)',
  'eu-central-1': 'EU (Frankfurt)',
  'eu-north-1': 'EU (Stockholm)',
  'ap-south-1': 'Asia Pacific (Mumbai)',
  'ap-northeast-1': 'Asia Pacific (Tokyo)',
  'ap-northeast-2': 'Asia Pacific (Seoul)',
  'ap-southeast-1': 'Asia Pacific (Singapore)',
  'ap-southeast-2': 'Asia Pacific (Sydney)',
  'sa-east-1': 'South America (Sao Paulo)',
};

export function regionDisplayName(region: string): string {
  return REGION_NAMES[region] ?? region;
}

/**
 * Reads the ARN → URL map from configuration text: a JSON object such as
 * `{"arn:aws:sns:us-east-1:123456789012:ops": "https://hooks.example/ops"}` (e.g. SIFT_ALARM_ACTION_URLS).
 */
export function parseActionUrls(text: string): Record<string, string> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new Error(`alarm action URLs must be a JSON object of ARN to URL: ${(err as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('alarm action URLs must be a JSON object of ARN to URL');
  const out: Record<string, string> = {};
  for (const [arn, url] of Object.entries(value)) {
    if (!isArn(arn)) throw new Error(`alarm action URLs: ${arn} is not an ARN`);
    if (typeof url !== 'string' || !isUrl(url)) throw new Error(`alarm action URLs: the URL for ${arn} must be an http(s) URL`);
    out[arn] = url;
  }
  return out;
}

const isUrl = (s: string) => /^https?:\/\/[^\s/]+/i.test(s);
const isArn = (s: string) => /^arn:[^:]+:[^:]+:[^:]*:[^:]*:.+/.test(s);

/** Whether PutMetricAlarm accepts the string as an action: an ARN, or a URL the outbound policy lets callers name. */
export function isValidAction(action: string, outbound?: Pick<Outbound, 'permits'>): boolean {
  if (isArn(action)) return true;
  return isUrl(action) && (outbound?.permits(action, 'caller') ?? false);
}

/** Whether the action is a raw URL (for the error that names the allow list). */
export const isRawUrlAction = isUrl;

/** The URL an action calls, or undefined when none is configured. */
export function actionUrl(action: string, options: AlarmActionOptions): string | undefined {
  if (isUrl(action)) return action;
  return options.actionUrls?.[action];
}

const STATISTIC_NAMES: Record<string, string> = { SampleCount: 'SAMPLE_COUNT', Average: 'AVERAGE', Sum: 'SUM', Minimum: 'MINIMUM', Maximum: 'MAXIMUM' };

/** The alarm state-change message CloudWatch publishes to SNS. */
export function alarmMessage(alarm: AlarmRecord, oldState: StateValue, at: number): Record<string, unknown> {
  const c = alarm.config;
  const trigger: Record<string, unknown> = c.Metrics
    ? { Period: c.Metrics.find((q) => q.MetricStat)?.MetricStat?.Period, EvaluationPeriods: c.EvaluationPeriods, Metrics: c.Metrics }
    : {
        MetricName: c.MetricName,
        Namespace: c.Namespace,
        StatisticType: c.ExtendedStatistic ? 'ExtendedStatistic' : 'Statistic',
        ...(c.ExtendedStatistic ? { ExtendedStatistic: c.ExtendedStatistic } : { Statistic: STATISTIC_NAMES[c.Statistic ?? ''] ?? c.Statistic }),
        Unit: c.Unit ?? null,
        Dimensions: (c.Dimensions ?? []).map((d) => ({ value: d.Value, name: d.Name })),
        Period: c.Period,
        EvaluationPeriods: c.EvaluationPeriods,
      };
  Object.assign(trigger, {
    DatapointsToAlarm: c.DatapointsToAlarm ?? c.EvaluationPeriods,
    ComparisonOperator: c.ComparisonOperator,
    Threshold: c.Threshold,
    TreatMissingData: c.TreatMissingData ?? 'missing',
    EvaluateLowSampleCountPercentile: c.EvaluateLowSampleCountPercentile ?? '',
  });
  return {
    AlarmName: alarm.name,
    AlarmDescription: c.AlarmDescription ?? null,
    AWSAccountId: alarm.accountId,
    AlarmConfigurationUpdatedTimestamp: reasonDataDate(alarm.configUpdatedAt),
    NewStateValue: alarm.stateValue,
    NewStateReason: alarm.stateReason,
    StateChangeTime: reasonDataDate(at),
    Region: regionDisplayName(alarm.region),
    AlarmArn: alarm.arn,
    OldStateValue: oldState,
    OKActions: c.OKActions ?? [],
    AlarmActions: c.AlarmActions ?? [],
    InsufficientDataActions: c.InsufficientDataActions ?? [],
    Trigger: trigger,
  };
}

/** The actions an alarm runs on entering `state`. */
export function actionsFor(alarm: AlarmRecord, state: StateValue): string[] {
  const c = alarm.config;
  if (c.ActionsEnabled === false) return [];
  return (state === 'ALARM' ? c.AlarmActions : state === 'OK' ? c.OKActions : c.InsufficientDataActions) ?? [];
}

export interface AlarmNotifier {
  /** Runs the actions for the alarm's new state (already saved on `alarm`); never throws. */
  notify(alarm: AlarmRecord, oldState: StateValue, at: number): Promise<ActionOutcome[]>;
}

export function createWebhookNotifier(options: AlarmActionOptions, deps: { ids: IdSource; logger: Logger }): AlarmNotifier {
  const outbound = options.outbound ?? createOutbound({ allow: [] });
  return {
    async notify(alarm, oldState, at) {
      const actions = actionsFor(alarm, alarm.stateValue);
      if (actions.length === 0) return [];
      const message = JSON.stringify(alarmMessage(alarm, oldState, at));
      const subject = `${alarm.stateValue}: "${alarm.name}" in ${regionDisplayName(alarm.region)}`;
      return Promise.all(
        actions.map(async (action): Promise<ActionOutcome> => {
          if (options.sns && /^arn:aws:sns:/.test(action) && (await options.sns.topicExists(action))) {
            try {
              await options.sns.publishAsService({ service: 'cloudwatch.amazonaws.com', accountId: alarm.accountId, sourceArn: alarm.arn, topicArn: action, message, subject });
              return { action, ok: true };
            } catch (err) {
              deps.logger.warn('alarm action failed', { alarm: alarm.name, action, failure: (err as { code?: string }).code ?? String(err) });
              return { action, ok: false, error: `publishing to the SNS topic failed: ${(err as Error).message}` };
            }
          }
          const url = actionUrl(action, options);
          if (!url) return { action, ok: false, error: 'no webhook URL is configured for this action' };
          const messageId = deps.ids.uuid();
          const topicArn = isArn(action) ? action : undefined;
          const envelope = { Type: 'Notification', MessageId: messageId, TopicArn: topicArn, Subject: subject, Message: message, Timestamp: new Date(at).toISOString() };
          const headers: Record<string, string> = {
            'content-type': 'text/plain; charset=UTF-8',
            'x-amz-sns-message-type': 'Notification',
            'x-amz-sns-message-id': messageId,
            'user-agent': 'Sift CloudWatch alarm notifier',
          };
          if (topicArn) headers['x-amz-sns-topic-arn'] = topicArn;
          // A raw URL came from an API caller; a mapped ARN's URL from the operator's configuration.
          const result = await outbound.send({ url, trust: topicArn ? 'operator' : 'caller', method: 'POST', headers, body: JSON.stringify(envelope) });
          if (result.ok) return { action, ok: true };
          // The detail (status, error code) goes to the operator's log only.
          deps.logger.warn('alarm action failed', { alarm: alarm.name, action, failure: result.failure, detail: result.detail });
          return { action, ok: false, error: result.failure === 'blocked' ? OUTBOUND_BLOCKED_MESSAGE : OUTBOUND_FAILED_MESSAGE };
        }),
      );
    },
  };
}
