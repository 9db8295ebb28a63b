// The alarm evaluator (a Background task) and the one way an alarm changes state. Each alarm is evaluated at
// every boundary of its Period (on the injected clock: with a ManualClock tests call evaluateDue() after moving
// time), over the last EvaluationPeriods complete periods. A state change saves the new state, writes a
// `StateUpdate` history item worded as CloudWatch's, and runs the new state's actions, each leaving an `Action`
// history item. Old datapoints (older than CloudWatch's 15 months) are dropped by the same task once an hour.
import type { Clock, Logger } from '../../common/index.js';
import type { MetricStat, StateValue } from '../../models/cloudwatch/index.js';
import type { Background } from '../types.js';
import type { AlarmRecord, AlarmsRepo } from './alarms-repo.js';
import type { AlarmNotifier } from './alarm-actions.js';
import { decideAlarmState, ignoresLowSamples, type AlarmRule, type PeriodDatapoint } from './alarm-evaluation.js';
import type { MetricsRepo } from './metrics-repo.js';
import { metricStatSeries } from './metric-query.js';

const RETENTION_MS = 455 * 86_400_000;
const EXPIRY_EVERY_MS = 3_600_000;
const DUE_BATCH = 500;

export interface AlarmEngineDeps {
  alarms: AlarmsRepo;
  metrics: MetricsRepo;
  clock: Clock;
  logger: Logger;
  notifier: AlarmNotifier;
  /** How often the real-time loop looks for due alarms (default 1 s). */
  tickMs?: number;
}

export interface StateChange {
  state: StateValue;
  reason: string;
  reasonData?: string;
}

/** The metric and statistic an alarm watches: its own fields, or the returned MetricStat query of `Metrics`. */
export function watchedMetricStat(alarm: AlarmRecord): MetricStat | undefined {
  const c = alarm.config;
  if (c.Metrics) {
    const returned = c.Metrics.filter((q) => q.ReturnData !== false);
    const q = (returned.length === 1 ? returned[0] : c.Metrics.length === 1 ? c.Metrics[0] : undefined)?.MetricStat;
    return q;
  }
  if (!c.MetricName || !c.Namespace || !c.Period) return undefined;
  return {
    Metric: { Namespace: c.Namespace, MetricName: c.MetricName, Dimensions: c.Dimensions },
    Period: c.Period,
    Stat: c.ExtendedStatistic ?? c.Statistic ?? 'Average',
    Unit: c.Unit,
  };
}

export function periodOf(alarm: AlarmRecord): number {
  return watchedMetricStat(alarm)?.Period ?? alarm.config.Period ?? 60;
}

/** The first period boundary after `nowMs`. */
export function nextBoundary(nowMs: number, periodSeconds: number): number {
  const p = periodSeconds * 1000;
  return Math.floor(nowMs / p) * p + p;
}

export function createAlarmEngine(deps: AlarmEngineDeps) {
  const { alarms, metrics, clock, logger, notifier } = deps;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;
  let lastExpiry = 0;

  /** Applies a state change; a change to the same state only refreshes the reason. False when the alarm moved meanwhile. */
  async function changeState(alarm: AlarmRecord, change: StateChange): Promise<boolean> {
    const now = clock.nowMs();
    const oldState = alarm.stateValue;
    const oldReason = alarm.stateReason;
    const expected = { stateValue: alarm.stateValue, stateUpdatedAt: alarm.stateUpdatedAt };
    const changed = change.state !== oldState;
    const next: AlarmRecord = {
      ...alarm,
      stateValue: change.state,
      stateReason: change.reason,
      stateReasonData: change.reasonData,
      stateUpdatedAt: now,
      stateTransitionedAt: changed ? now : alarm.stateTransitionedAt,
    };
    if (!(await alarms.saveState(next, expected))) return false;
    if (!changed) return true;
    const newState: Record<string, unknown> = { stateValue: change.state, stateReason: change.reason };
    if (change.reasonData) {
      try {
        newState.stateReasonData = JSON.parse(change.reasonData);
      } catch {
        newState.stateReasonData = change.reasonData;
      }
    }
    const history = {
      accountId: alarm.accountId,
      region: alarm.region,
      alarmName: alarm.name,
      alarmType: 'MetricAlarm' as const,
      timestamp: now,
    };
    await alarms.addHistory([
      {
        ...history,
        itemType: 'StateUpdate',
        summary: `Alarm updated from ${oldState} to ${change.state}`,
        data: JSON.stringify({ version: '1.0', oldState: { stateValue: oldState, stateReason: oldReason }, newState }),
      },
    ]);
    const outcomes = await notifier.notify(next, oldState, now);
    await alarms.addHistory(
      outcomes.map((o) => ({
        ...history,
        timestamp: clock.nowMs(),
        itemType: 'Action' as const,
        summary: o.ok ? `Successfully executed action ${o.action}` : `Failed to execute action ${o.action}. Received error: "${o.error}"`,
        data: JSON.stringify({ actionState: o.ok ? 'Succeeded' : 'Failed', stateUpdateTimestamp: now, ...(o.ok ? {} : { error: o.error }) }),
      })),
    );
    return true;
  }

  /** Evaluates one alarm now over its last EvaluationPeriods complete periods. */
  async function evaluate(alarm: AlarmRecord): Promise<void> {
    const stat = watchedMetricStat(alarm);
    const c = alarm.config;
    if (!stat || c.ComparisonOperator === undefined || c.Threshold === undefined || !c.EvaluationPeriods) return;
    const now = clock.nowMs();
    const periodMs = stat.Period * 1000;
    const end = Math.floor(now / periodMs) * periodMs;
    const start = end - c.EvaluationPeriods * periodMs;
    const series = await metricStatSeries(metrics, alarm.accountId, alarm.region, stat, start, end);
    const byStart = new Map(series.map((p) => [p.start, p]));
    const periods: PeriodDatapoint[] = [];
    for (let k = 1; k <= c.EvaluationPeriods; k++) {
      const s = end - k * periodMs;
      const p = byStart.get(s);
      periods.push(p ? { start: s, value: p.value, sampleCount: p.sampleCount } : { start: s });
    }
    const rule: AlarmRule = {
      comparisonOperator: c.ComparisonOperator,
      threshold: c.Threshold,
      evaluationPeriods: c.EvaluationPeriods,
      datapointsToAlarm: c.DatapointsToAlarm ?? c.EvaluationPeriods,
      treatMissingData: (c.TreatMissingData as AlarmRule['treatMissingData']) ?? 'missing',
      statistic: stat.Stat,
      unit: stat.Unit,
      period: stat.Period,
    };
    if (ignoresLowSamples(c.EvaluateLowSampleCountPercentile, stat.Stat, periods)) return;
    const decision = decideAlarmState(rule, periods, alarm.stateValue, now);
    if (decision.state && decision.state !== alarm.stateValue) {
      await changeState(alarm, { state: decision.state, reason: decision.reason, reasonData: decision.reasonData });
    }
  }

  /** Evaluates every alarm whose time has come; returns how many were evaluated by this process. */
  async function evaluateDue(): Promise<number> {
    const now = clock.nowMs();
    let count = 0;
    // Batches: each claimed alarm moves past `now`, so the loop ends once no due alarm is left.
    for (;;) {
      const batch = await alarms.due(now, DUE_BATCH);
      for (const alarm of batch) {
        const to = nextBoundary(now, periodOf(alarm));
        if (!(await alarms.claim(alarm, alarm.nextEvaluationAt, to))) continue;
        try {
          await evaluate({ ...alarm, nextEvaluationAt: to });
          count++;
        } catch (err) {
          logger.error('alarm evaluation failed', { alarm: alarm.name, account: alarm.accountId, region: alarm.region, error: (err as Error).message });
        }
      }
      if (batch.length < DUE_BATCH) break;
    }
    if (now - lastExpiry >= EXPIRY_EVERY_MS) {
      lastExpiry = now;
      await metrics.expire(now - RETENTION_MS);
    }
    return count;
  }

  const tick = () => {
    if (running) return;
    running = evaluateDue()
      .catch((err) => logger.error('alarm evaluator tick failed', { error: (err as Error).message }))
      .finally(() => {
        running = undefined;
      });
  };

  const background: Background & { evaluateDue: typeof evaluateDue } = {
    start() {
      if (timer) return;
      timer = setInterval(tick, deps.tickMs ?? 1000);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await running;
    },
    evaluateDue,
  };

  return { changeState, evaluate, evaluateDue, background };
}

export type AlarmEngine = ReturnType<typeof createAlarmEngine>;
