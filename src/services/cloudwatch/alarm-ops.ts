// CloudWatch metric alarm operations: PutMetricAlarm, DescribeAlarms, DescribeAlarmsForMetric, DeleteAlarms,
// SetAlarmState, DescribeAlarmHistory, EnableAlarmActions/DisableAlarmActions and alarm tags. State changes go
// through the alarm engine, which records history and runs actions.
import type { Clock, Outbound, RequestContext } from '../../common/index.js';
import type { AlarmHistoryItem, CloudWatchApi, MetricAlarm, PutMetricAlarmInput } from '../../models/cloudwatch/index.js';
import { errors } from '../../models/cloudwatch/index.js';
import type { AlarmConfig, AlarmRecord, AlarmsRepo } from './alarms-repo.js';
import { isRawUrlAction, isValidAction } from './alarm-actions.js';
import { SIMPLE_OPERATORS } from './alarm-evaluation.js';
import type { AlarmEngine } from './alarm-engine.js';
import { canonicalDimensions, checkDimensions } from './metric-data.js';
import { isSupportedStatistic, percentileOf } from './statistics.js';
import { decodeToken, encodeToken, isNonNegativeInteger, isString } from './paging.js';

export interface AlarmOpsDeps {
  alarms: AlarmsRepo;
  engine: AlarmEngine;
  clock: Clock;
  /** Decides which raw-URL actions callers may set (SIFT_OUTBOUND_ALLOW). */
  outbound?: Pick<Outbound, 'permits'>;
}

const TREAT_MISSING = ['breaching', 'notBreaching', 'ignore', 'missing'];
const INITIAL_REASON = 'Unchecked: Initial alarm creation';

export function alarmArn(ctx: Pick<RequestContext, 'accountId' | 'region'>, name: string): string {
  return `arn:aws:cloudwatch:${ctx.region}:${ctx.accountId}:alarm:${name}`;
}

/** The alarm name an ARN of this account and region names, if it is one. */
function alarmNameOfArn(ctx: RequestContext, arn: string): string | undefined {
  const prefix = `arn:aws:cloudwatch:${ctx.region}:${ctx.accountId}:alarm:`;
  return arn.startsWith(prefix) ? arn.slice(prefix.length) : undefined;
}

/** PutMetricAlarm's rules beyond the model's shape constraints. */
export function checkAlarmConfig(c: PutMetricAlarmInput, outbound?: Pick<Outbound, 'permits'>): void {
  const missing = (name: string) => new errors.MissingRequiredParameterException(`The parameter ${name} is required.`);
  const invalid = (msg: string) => new errors.InvalidParameterValueException(msg);
  if (c.ThresholdMetricId || c.EvaluationCriteria || c.EvaluationInterval !== undefined || (c.ComparisonOperator && !SIMPLE_OPERATORS.includes(c.ComparisonOperator))) {
    throw invalid('Anomaly detection and PromQL alarms are not supported by Sift: use a static Threshold with a simple ComparisonOperator.');
  }
  let period: number;
  if (c.Metrics) {
    const own = (['MetricName', 'Namespace', 'Statistic', 'ExtendedStatistic', 'Dimensions', 'Period', 'Unit'] as const).filter((k) => c[k] !== undefined);
    if (own.length) throw new errors.InvalidParameterCombinationException(`The parameter ${own[0]} must not be specified together with Metrics.`);
    if (c.Metrics.some((q) => q.Expression !== undefined)) throw invalid('Metric math expressions in Metrics are not supported by Sift: use MetricStat queries.');
    const returned = c.Metrics.filter((q) => q.ReturnData !== false);
    if (returned.length !== 1) throw invalid('Exactly one element of Metrics must have ReturnData set to true.');
    const stat = returned[0]!.MetricStat;
    if (!stat) throw missing('Metrics.member.1.MetricStat');
    if (!isSupportedStatistic(stat.Stat)) throw invalid(`The value ${stat.Stat} for parameter MetricStat.Stat is not supported.`);
    period = stat.Period;
  } else {
    if (!c.MetricName) throw missing('MetricName');
    if (!c.Namespace) throw missing('Namespace');
    if (c.Period === undefined) throw missing('Period');
    if ((c.Statistic === undefined) === (c.ExtendedStatistic === undefined)) {
      throw new errors.InvalidParameterCombinationException('Exactly one of Statistic and ExtendedStatistic must be specified.');
    }
    if (c.ExtendedStatistic !== undefined && percentileOf(c.ExtendedStatistic) === undefined) {
      throw invalid(`The value ${c.ExtendedStatistic} for parameter ExtendedStatistic is not supported.`);
    }
    checkDimensions(c.Dimensions, 'Dimensions');
    period = c.Period;
  }
  if (c.EvaluationPeriods === undefined) throw missing('EvaluationPeriods');
  if (c.ComparisonOperator === undefined) throw missing('ComparisonOperator');
  if (c.Threshold === undefined) throw missing('Threshold');
  if (!(period === 10 || period === 20 || period === 30 || (period > 0 && period % 60 === 0))) throw invalid('Period must be 10, 20, 30 or a multiple of 60.');
  const total = period * c.EvaluationPeriods;
  if (total > 604_800 || (period < 3600 && total > 86_400)) {
    throw invalid('The evaluation period (Period × EvaluationPeriods) must be at most one day, or seven days for periods of an hour or more.');
  }
  if (c.DatapointsToAlarm !== undefined && c.DatapointsToAlarm > c.EvaluationPeriods) throw invalid('DatapointsToAlarm must be less than or equal to EvaluationPeriods.');
  if (c.TreatMissingData !== undefined && !TREAT_MISSING.includes(c.TreatMissingData)) {
    throw invalid(`The value ${c.TreatMissingData} for parameter TreatMissingData is invalid: use one of ${TREAT_MISSING.join(', ')}.`);
  }
  for (const list of ['OKActions', 'AlarmActions', 'InsufficientDataActions'] as const) {
    for (const a of c[list] ?? []) {
      if (isValidAction(a, outbound)) continue;
      // AWS accepts only ARNs here: a URL the operator does not allow is refused as any other non-ARN is, at once, so
      // a caller learns nothing about the network from an alarm that would never be called.
      if (isRawUrlAction(a)) throw invalid(`Invalid arn syntax: ${a} (a webhook URL's host must be allowed by the operator in SIFT_OUTBOUND_ALLOW).`);
      throw invalid(`Invalid arn syntax: ${a} (an action must be an ARN or an http(s) webhook URL).`);
    }
  }
}

export function toMetricAlarm(a: AlarmRecord): MetricAlarm {
  const c = a.config;
  return {
    AlarmName: a.name,
    AlarmArn: a.arn,
    AlarmDescription: c.AlarmDescription,
    AlarmConfigurationUpdatedTimestamp: new Date(a.configUpdatedAt),
    ActionsEnabled: c.ActionsEnabled ?? true,
    OKActions: c.OKActions ?? [],
    AlarmActions: c.AlarmActions ?? [],
    InsufficientDataActions: c.InsufficientDataActions ?? [],
    StateValue: a.stateValue,
    StateReason: a.stateReason,
    StateReasonData: a.stateReasonData,
    StateUpdatedTimestamp: new Date(a.stateUpdatedAt),
    MetricName: c.MetricName,
    Namespace: c.Namespace,
    Statistic: c.Statistic,
    ExtendedStatistic: c.ExtendedStatistic,
    Dimensions: c.Metrics ? undefined : (c.Dimensions ?? []),
    Period: c.Period,
    Unit: c.Unit,
    EvaluationPeriods: c.EvaluationPeriods,
    DatapointsToAlarm: c.DatapointsToAlarm,
    Threshold: c.Threshold,
    ComparisonOperator: c.ComparisonOperator,
    TreatMissingData: c.TreatMissingData,
    EvaluateLowSampleCountPercentile: c.EvaluateLowSampleCountPercentile,
    Metrics: c.Metrics,
    StateTransitionedTimestamp: new Date(a.stateTransitionedAt),
  };
}

/** The alarm as it appears in ConfigurationUpdate history data (timestamps as ISO strings). */
const historyView = (a: AlarmRecord) => JSON.parse(JSON.stringify(toMetricAlarm(a)));

export function alarmOps(deps: AlarmOpsDeps) {
  const { alarms, engine, clock, outbound } = deps;
  const configHistory = (ctx: RequestContext, name: string, summary: string, data: unknown) =>
    alarms.addHistory([
      { accountId: ctx.accountId, region: ctx.region, alarmName: name, alarmType: 'MetricAlarm', timestamp: clock.nowMs(), itemType: 'ConfigurationUpdate', summary, data: JSON.stringify(data) },
    ]);
  const mustGet = async (ctx: RequestContext, name: string) => {
    const alarm = await alarms.get(ctx.accountId, ctx.region, name);
    if (!alarm) throw new errors.ResourceNotFound(`Alarm ${name} does not exist.`);
    return alarm;
  };
  const setActionsEnabled = async (ctx: RequestContext, names: string[], enabled: boolean) => {
    for (const name of names) await alarms.changeConfig(ctx.accountId, ctx.region, name, (config) => ({ ...config, ActionsEnabled: enabled }));
  };

  return {
    async putMetricAlarm(ctx, input) {
      checkAlarmConfig(input, outbound);
      const now = clock.nowMs();
      const { Tags, ...rest } = input;
      const config: AlarmConfig = rest.Dimensions ? { ...rest, Dimensions: canonicalDimensions(rest.Dimensions) } : rest;
      const existing = await alarms.get(ctx.accountId, ctx.region, input.AlarmName);
      // Updating keeps the state and the tags (tags change through TagResource) but replaces the whole configuration.
      const alarm: AlarmRecord = existing
        ? { ...existing, config, configUpdatedAt: now, nextEvaluationAt: now }
        : {
            accountId: ctx.accountId,
            region: ctx.region,
            name: input.AlarmName,
            arn: alarmArn(ctx, input.AlarmName),
            config,
            tags: Tags ?? [],
            stateValue: 'INSUFFICIENT_DATA',
            stateReason: INITIAL_REASON,
            stateUpdatedAt: now,
            stateTransitionedAt: now,
            configUpdatedAt: now,
            nextEvaluationAt: now,
          };
      if (existing) await alarms.saveConfig(alarm);
      else await alarms.put(alarm);
      if (existing) {
        await configHistory(ctx, alarm.name, `Alarm "${alarm.name}" updated`, { version: '1.0', type: 'Update', originalAlarm: historyView(existing), updatedAlarm: historyView(alarm) });
      } else {
        await configHistory(ctx, alarm.name, `Alarm "${alarm.name}" created`, { version: '1.0', type: 'Create', createdAlarm: historyView(alarm) });
      }
    },

    async describeAlarms(ctx, input) {
      if (input.AlarmNames?.length && input.AlarmNamePrefix !== undefined) {
        throw new errors.InvalidParameterCombinationException('AlarmNames and AlarmNamePrefix cannot be specified together.');
      }
      const types = input.AlarmTypes ?? ['MetricAlarm'];
      const afterName = input.NextToken === undefined ? undefined : decodeToken(input.NextToken, isString);
      if (input.NextToken !== undefined && afterName === undefined) throw new errors.InvalidNextToken('The service returned an invalid NextToken.');
      // Composite alarms are not supported, so relationship filters name none of ours.
      if (!types.includes('MetricAlarm') || input.ChildrenOfAlarmName !== undefined || input.ParentsOfAlarmName !== undefined) {
        return { MetricAlarms: [], CompositeAlarms: [] };
      }
      const limit = input.MaxRecords ?? 50;
      const found = (
        await alarms.list(ctx.accountId, ctx.region, { names: input.AlarmNames?.length ? input.AlarmNames : undefined, prefix: input.AlarmNamePrefix, state: input.StateValue, afterName })
      ).filter((a) => {
        if (input.ActionPrefix === undefined) return true;
        const c = a.config;
        return [...(c.OKActions ?? []), ...(c.AlarmActions ?? []), ...(c.InsufficientDataActions ?? [])].some((x) => x.startsWith(input.ActionPrefix!));
      });
      const page = found.slice(0, limit);
      return {
        MetricAlarms: page.map(toMetricAlarm),
        CompositeAlarms: [],
        NextToken: found.length > limit ? encodeToken(page[page.length - 1]!.name) : undefined,
      };
    },

    async describeAlarmsForMetric(ctx, input) {
      const dims = JSON.stringify(canonicalDimensions(input.Dimensions));
      const all = await alarms.list(ctx.accountId, ctx.region);
      const matching = all.filter((a) => {
        const c = a.config;
        return (
          c.MetricName === input.MetricName &&
          c.Namespace === input.Namespace &&
          JSON.stringify(canonicalDimensions(c.Dimensions)) === dims &&
          (input.Statistic === undefined || c.Statistic === input.Statistic) &&
          (input.ExtendedStatistic === undefined || c.ExtendedStatistic === input.ExtendedStatistic) &&
          (input.Period === undefined || c.Period === input.Period) &&
          (input.Unit === undefined || c.Unit === input.Unit)
        );
      });
      return { MetricAlarms: matching.map(toMetricAlarm) };
    },

    async deleteAlarms(ctx, input) {
      const found = await alarms.list(ctx.accountId, ctx.region, { names: input.AlarmNames });
      const missing = input.AlarmNames.filter((n) => !found.some((a) => a.name === n));
      // AWS deletes nothing when any named alarm is wrong.
      if (missing.length) throw new errors.ResourceNotFound(`The following alarms were not found: ${missing.join(', ')}`);
      await alarms.delete(ctx.accountId, ctx.region, input.AlarmNames);
      for (const a of found) await configHistory(ctx, a.name, `Alarm "${a.name}" deleted`, { version: '1.0', type: 'Delete', deletedAlarm: historyView(a) });
    },

    async setAlarmState(ctx, input) {
      if (input.StateReasonData !== undefined) {
        try {
          JSON.parse(input.StateReasonData);
        } catch {
          throw new errors.InvalidFormatFault('StateReasonData must be valid JSON.');
        }
      }
      // A concurrent evaluation may move the alarm between the read and the write: read again and retry.
      for (let attempt = 0; attempt < 3; attempt++) {
        const alarm = await mustGet(ctx, input.AlarmName);
        if (await engine.changeState(alarm, { state: input.StateValue, reason: input.StateReason, reasonData: input.StateReasonData })) return;
      }
      throw new errors.ConcurrentModificationException(`Alarm ${input.AlarmName} is being updated concurrently; try again.`);
    },

    async describeAlarmHistory(ctx, input) {
      const ascending = input.ScanBy === 'TimestampAscending';
      const afterSeq = input.NextToken === undefined ? undefined : decodeToken(input.NextToken, isNonNegativeInteger);
      if (input.NextToken !== undefined && afterSeq === undefined) throw new errors.InvalidNextToken('The service returned an invalid NextToken.');
      if (input.AlarmTypes && !input.AlarmTypes.includes('MetricAlarm')) return { AlarmHistoryItems: [] };
      const limit = input.MaxRecords ?? 100;
      const rows = await alarms.history(ctx.accountId, ctx.region, {
        alarmName: input.AlarmName,
        itemType: input.HistoryItemType,
        startMs: input.StartDate?.getTime(),
        endMs: input.EndDate?.getTime(),
        ascending,
        afterSeq,
        limit: limit + 1,
      });
      const page = rows.slice(0, limit);
      const items: AlarmHistoryItem[] = page.map((h) => ({
        AlarmName: h.alarmName,
        AlarmType: h.alarmType,
        Timestamp: new Date(h.timestamp),
        HistoryItemType: h.itemType,
        HistorySummary: h.summary,
        HistoryData: h.data,
      }));
      return { AlarmHistoryItems: items, NextToken: rows.length > limit ? encodeToken(page[page.length - 1]!.seq) : undefined };
    },

    async enableAlarmActions(ctx, input) {
      await setActionsEnabled(ctx, input.AlarmNames, true);
    },

    async disableAlarmActions(ctx, input) {
      await setActionsEnabled(ctx, input.AlarmNames, false);
    },

    async listTagsForResource(ctx, input) {
      const name = alarmNameOfArn(ctx, input.ResourceARN);
      const alarm = name === undefined ? undefined : await alarms.get(ctx.accountId, ctx.region, name);
      if (!alarm) throw new errors.ResourceNotFoundException(`The resource ${input.ResourceARN} does not exist.`);
      return { Tags: alarm.tags };
    },

    async tagResource(ctx, input) {
      const name = alarmNameOfArn(ctx, input.ResourceARN);
      const alarm = name === undefined ? undefined : await alarms.get(ctx.accountId, ctx.region, name);
      if (!alarm) throw new errors.ResourceNotFoundException(`The resource ${input.ResourceARN} does not exist.`);
      const changed = await alarms.changeTags(ctx.accountId, ctx.region, alarm.name, (current) => {
        const tags = new Map(current.map((t) => [t.Key, t.Value]));
        for (const t of input.Tags) tags.set(t.Key, t.Value);
        return [...tags].map(([Key, Value]) => ({ Key, Value }));
      });
      if (!changed) throw new errors.ResourceNotFoundException(`The resource ${input.ResourceARN} does not exist.`);
      return {};
    },

    async untagResource(ctx, input) {
      const name = alarmNameOfArn(ctx, input.ResourceARN);
      const alarm = name === undefined ? undefined : await alarms.get(ctx.accountId, ctx.region, name);
      if (!alarm) throw new errors.ResourceNotFoundException(`The resource ${input.ResourceARN} does not exist.`);
      const changed = await alarms.changeTags(ctx.accountId, ctx.region, alarm.name, (current) => current.filter((t) => !input.TagKeys.includes(t.Key)));
      if (!changed) throw new errors.ResourceNotFoundException(`The resource ${input.ResourceARN} does not exist.`);
      return {};
    },
  } satisfies Partial<CloudWatchApi>;
}
