// Deciding an alarm's state from its last EvaluationPeriods datapoints, and wording the decision as CloudWatch
// does (StateReason "Threshold Crossed: …" / "Insufficient Data: …" and the StateReasonData JSON). Pure.
//
// Rules: a datapoint breaches when `value <op> Threshold`. Missing datapoints follow TreatMissingData:
// `breaching` counts them as breaching, `notBreaching` as good, `ignore` and `missing` leave them out. The alarm
// goes to ALARM when at least DatapointsToAlarm (default EvaluationPeriods) of the EvaluationPeriods datapoints
// breach; when every datapoint is missing it goes to INSUFFICIENT_DATA (`missing`) or keeps its state (`ignore`);
// otherwise it is OK. (CloudWatch can also look further back than EvaluationPeriods when data is missing; Sift
// evaluates exactly the last EvaluationPeriods periods.)
import type { ComparisonOperator, StateValue } from '../../models/cloudwatch/index.js';

export interface PeriodDatapoint {
  /** Period start, epoch ms. */
  start: number;
  value?: number;
  sampleCount?: number;
}

export interface AlarmRule {
  comparisonOperator: ComparisonOperator;
  threshold: number;
  evaluationPeriods: number;
  datapointsToAlarm: number;
  treatMissingData: 'breaching' | 'notBreaching' | 'ignore' | 'missing';
  /** Statistic or extended statistic name, for StateReasonData. */
  statistic: string;
  unit?: string;
  period: number;
}

export interface Decision {
  /** undefined: keep the current state (TreatMissingData `ignore` with no data). */
  state?: StateValue;
  reason: string;
  reasonData: string;
}

const WORDS: Partial<Record<ComparisonOperator, string>> = {
  GreaterThanOrEqualToThreshold: 'greater than or equal to',
  GreaterThanThreshold: 'greater than',
  LessThanThreshold: 'less than',
  LessThanOrEqualToThreshold: 'less than or equal to',
};

export const SIMPLE_OPERATORS = Object.keys(WORDS) as ComparisonOperator[];

export function breaches(op: ComparisonOperator, value: number, threshold: number): boolean {
  switch (op) {
    case 'GreaterThanOrEqualToThreshold':
      return value >= threshold;
    case 'GreaterThanThreshold':
      return value > threshold;
    case 'LessThanThreshold':
      return value < threshold;
    case 'LessThanOrEqualToThreshold':
      return value <= threshold;
    default:
      return false;
  }
}

/** Java's Double.toString, which CloudWatch's messages use (5 → "5.0", 1e7 → "1.0E7"). */
export function javaDouble(v: number): string {
  if (!Number.isFinite(v)) return Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity';
  const a = Math.abs(v);
  if (a === 0 || (a >= 1e-3 && a < 1e7)) return Number.isInteger(v) ? `${v}.0` : String(v);
  const [mantissa, exp] = v.toExponential().split('e');
  return `${mantissa!.includes('.') ? mantissa : `${mantissa}.0`}E${Number(exp)}`;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** dd/MM/yy HH:mm:ss in UTC, as in StateReason datapoint lists. */
export function reasonDate(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCFullYear() % 100)} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/** yyyy-MM-dd'T'HH:mm:ss.SSS+0000, as in StateReasonData. */
export function reasonDataDate(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+0000');
}

const plural = (n: number, one: string, many: string) => (n === 1 ? one : many);
const list = (points: PeriodDatapoint[]) => `[${points.map((p) => `${javaDouble(p.value!)} (${reasonDate(p.start)})`).join(', ')}]`;

/**
 * Decides the state from `periods` (the last EvaluationPeriods periods, newest first; a period without a value is
 * missing). `queryDate` is when the evaluation ran; `current` the alarm's state before it.
 */
export function decideAlarmState(rule: AlarmRule, periods: PeriodDatapoint[], current: StateValue, queryDate: number): Decision {
  const n = periods.length;
  const m = rule.datapointsToAlarm;
  const words = WORDS[rule.comparisonOperator] ?? rule.comparisonOperator;
  const threshold = javaDouble(rule.threshold);
  const present = periods.filter((p) => p.value !== undefined);
  const breaching = present.filter((p) => breaches(rule.comparisonOperator, p.value!, rule.threshold));
  const missing = n - present.length;
  const missingBreach = rule.treatMissingData === 'breaching' ? missing : 0;
  const missingGood = rule.treatMissingData === 'notBreaching' ? missing : 0;
  const breachCount = breaching.length + missingBreach;

  const reasonData = JSON.stringify({
    version: '1.0',
    queryDate: reasonDataDate(queryDate),
    startDate: reasonDataDate(periods.length ? periods[periods.length - 1]!.start : queryDate),
    ...(rule.unit ? { unit: rule.unit } : {}),
    statistic: rule.statistic,
    period: rule.period,
    recentDatapoints: [...present].reverse().map((p) => p.value),
    threshold: rule.threshold,
    evaluatedDatapoints: periods.map((p) =>
      p.value === undefined ? { timestamp: reasonDataDate(p.start) } : { timestamp: reasonDataDate(p.start), sampleCount: p.sampleCount, value: p.value },
    ),
  });

  if (present.length === 0 && missingBreach === 0 && missingGood === 0) {
    const reason = `Insufficient Data: ${n} ${plural(n, 'datapoint was', 'datapoints were')} unknown.`;
    return { state: rule.treatMissingData === 'ignore' ? undefined : 'INSUFFICIENT_DATA', reason, reasonData };
  }
  if (present.length === 0) {
    const treated = missingBreach ? 'Breaching' : 'NonBreaching';
    const reason = `Threshold Crossed: no datapoints were received for ${n} ${plural(n, 'period', 'periods')} and ${missing} missing ${plural(missing, 'datapoint was', 'datapoints were')} treated as [${treated}].`;
    return { state: missingBreach >= m ? 'ALARM' : 'OK', reason, reasonData };
  }
  if (breachCount >= m) {
    const k = breaching.length;
    const verb = plural(k, 'was', 'were');
    const reason =
      n === 1
        ? `Threshold Crossed: 1 datapoint ${list(breaching)} was ${words} the threshold (${threshold}).`
        : `Threshold Crossed: ${k} out of the last ${n} datapoints ${list(breaching)} ${verb} ${words} the threshold (${threshold}) ` +
          `(minimum ${m} ${plural(m, 'datapoint', 'datapoints')} for ${current === 'ALARM' ? 'OK' : current} -> ALARM transition).`;
    return { state: 'ALARM', reason, reasonData };
  }
  const good = present.filter((p) => !breaching.includes(p));
  const k = good.length;
  let reason: string;
  if (n === 1) reason = `Threshold Crossed: 1 datapoint ${list(good)} was not ${words} the threshold (${threshold}).`;
  else if (k === 0) {
    reason = `Threshold Crossed: ${breaching.length} out of the last ${n} datapoints ${list(breaching)} ${plural(breaching.length, 'was', 'were')} ${words} the threshold (${threshold}), fewer than the ${m} needed for ALARM.`;
  } else if (k === n) reason = `Threshold Crossed: ${k} datapoints were not ${words} the threshold (${threshold}). The most recent datapoints: ${list(good.slice(0, 5))}.`;
  else reason = `Threshold Crossed: ${k} out of the last ${n} datapoints ${list(good.slice(0, 5))} ${plural(k, 'was', 'were')} not ${words} the threshold (${threshold}).`;
  return { state: 'OK', reason, reasonData };
}

/**
 * The samples a percentile statistic needs in a period to be statistically significant (CloudWatch User Guide,
 * "Percentile-based alarms and low data samples"): 10/(1-p) for p in [0.5, 1), 10/p for p in (0, 0.5). undefined for
 * statistics that aren't percentiles.
 */
export function minimumPercentileSamples(statistic: string): number | undefined {
  const m = /^p(\d+(?:\.\d+)?)$/.exec(statistic);
  if (!m) return undefined;
  const p = Number(m[1]) / 100;
  if (!(p > 0 && p < 1)) return undefined;
  return Math.round((p >= 0.5 ? 10 / (1 - p) : 10 / p) * 1e6) / 1e6;
}

/**
 * EvaluateLowSampleCountPercentile `ignore`: the alarm keeps its state while a datapoint it evaluates has fewer samples
 * than its percentile needs. (`evaluate`, or no setting, evaluates whatever the sample count.)
 */
export function ignoresLowSamples(setting: string | undefined, statistic: string, periods: PeriodDatapoint[]): boolean {
  if (setting !== 'ignore') return false;
  const min = minimumPercentileSamples(statistic);
  if (min === undefined) return false;
  return periods.some((p) => p.value !== undefined && (p.sampleCount ?? 0) < min);
}
