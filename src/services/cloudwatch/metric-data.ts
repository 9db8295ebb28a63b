// PutMetricData's rules beyond the model's shape constraints (mutually exclusive members, value ranges, timestamps
// within two weeks back and two hours ahead, storage resolution), and the conversion of one MetricDatum into the
// stored, pre-aggregated datapoint. Also the canonical identity of a metric (namespace, name, sorted dimensions).
import { createHash } from 'node:crypto';
import type { Dimension, MetricDatum } from '../../models/cloudwatch/index.js';
import { errors } from '../../models/cloudwatch/index.js';
import type { StoredDatapoint } from './statistics.js';

const TWO_WEEKS_MS = 14 * 86_400_000;
const TWO_HOURS_MS = 2 * 3_600_000;
// CloudWatch rejects values too small or too large in magnitude (base 10 and base 2 limits as documented).
const MAX_MAGNITUDE = 2 ** 360;
const MIN_MAGNITUDE = 2 ** -260;

export interface MetricIdentity {
  namespace: string;
  metricName: string;
  /** Sorted by Name. */
  dimensions: Dimension[];
}

export function canonicalDimensions(dimensions: readonly Dimension[] | undefined): Dimension[] {
  return [...(dimensions ?? [])].map((d) => ({ Name: d.Name, Value: d.Value })).sort((a, b) => (a.Name < b.Name ? -1 : a.Name > b.Name ? 1 : 0));
}

/** The store key of a metric in an account and region. */
export function metricIdOf(accountId: string, region: string, m: MetricIdentity): string {
  return createHash('sha256').update(JSON.stringify([accountId, region, m.namespace, m.metricName, m.dimensions])).digest('hex');
}

function invalid(value: unknown, parameter: string): errors.InvalidParameterValueException {
  return new errors.InvalidParameterValueException(`The value ${String(value)} for parameter ${parameter} is invalid.`);
}

function checkValue(v: number, parameter: string): void {
  const a = Math.abs(v);
  if (!Number.isFinite(v) || (a !== 0 && (a > MAX_MAGNITUDE || a < MIN_MAGNITUDE))) throw invalid(v, parameter);
}

export function checkNamespace(namespace: string): void {
  if (namespace.startsWith('AWS/')) throw new errors.InvalidParameterValueException(`The value ${namespace} for parameter Namespace is invalid: the AWS/ prefix is reserved for AWS services.`);
}

export function checkDimensions(dimensions: readonly Dimension[] | undefined, parameter: string): void {
  const seen = new Set<string>();
  for (const d of dimensions ?? []) {
    if (seen.has(d.Name)) throw new errors.InvalidParameterValueException(`The value ${d.Name} for parameter ${parameter}.Name is invalid: dimension names must be unique.`);
    seen.add(d.Name);
  }
}

/** Validates one datum (1-based `index` for messages) and returns its stored form. */
export function toStoredDatapoint(datum: MetricDatum, index: number, nowMs: number): StoredDatapoint {
  const at = `MetricData.member.${index}`;
  checkDimensions(datum.Dimensions, `${at}.Dimensions`);
  const given = (['Value', 'StatisticValues', 'Values'] as const).filter((k) => datum[k] !== undefined);
  if (given.length > 1) {
    throw new errors.InvalidParameterCombinationException(
      `The parameters ${at}.${given[0]} and ${at}.${given[1]} are mutually exclusive and you have specified both.`,
    );
  }
  if (datum.Counts !== undefined && datum.Values === undefined) {
    throw new errors.InvalidParameterCombinationException(`The parameter ${at}.Counts may only be given with ${at}.Values.`);
  }
  if (datum.StorageResolution !== undefined && datum.StorageResolution !== 1 && datum.StorageResolution !== 60) {
    throw invalid(datum.StorageResolution, `${at}.StorageResolution`);
  }
  const timestamp = datum.Timestamp ? datum.Timestamp.getTime() : nowMs;
  if (timestamp > nowMs + TWO_HOURS_MS) {
    throw new errors.InvalidParameterValueException(`The parameter ${at}.Timestamp must specify a time no more than two hours in the future.`);
  }
  if (timestamp < nowMs - TWO_WEEKS_MS) {
    throw new errors.InvalidParameterValueException(`The parameter ${at}.Timestamp must specify a time within the past two weeks.`);
  }
  const unit = datum.Unit ?? 'None';
  const storageResolution = datum.StorageResolution ?? 60;
  if (datum.StatisticValues) {
    const s = datum.StatisticValues;
    for (const k of ['SampleCount', 'Sum', 'Minimum', 'Maximum'] as const) checkValue(s[k], `${at}.StatisticValues.${k}`);
    if (s.SampleCount <= 0) throw invalid(s.SampleCount, `${at}.StatisticValues.SampleCount`);
    if (s.Minimum > s.Maximum) {
      throw new errors.InvalidParameterValueException(`The parameter ${at}.StatisticValues.Minimum must not be greater than ${at}.StatisticValues.Maximum.`);
    }
    return { timestamp, unit, storageResolution, sampleCount: s.SampleCount, sum: s.Sum, minimum: s.Minimum, maximum: s.Maximum, distribution: null };
  }
  let distribution: Array<[number, number]>;
  if (datum.Values) {
    const counts = datum.Counts;
    if (counts && counts.length !== datum.Values.length) {
      throw new errors.InvalidParameterValueException(`The parameters ${at}.Values and ${at}.Counts must be of the same size.`);
    }
    if (datum.Values.length === 0) throw new errors.MissingRequiredParameterException(`The parameter ${at}.Values must not be empty.`);
    distribution = datum.Values.map((v, i) => {
      checkValue(v, `${at}.Values.member.${i + 1}`);
      const c = counts ? counts[i]! : 1;
      if (!Number.isFinite(c) || c < 0) throw invalid(c, `${at}.Counts.member.${i + 1}`);
      return [v, c];
    });
  } else if (datum.Value !== undefined) {
    checkValue(datum.Value, `${at}.Value`);
    distribution = [[datum.Value, 1]];
  } else {
    throw new errors.MissingRequiredParameterException(`The parameter ${at}.Value is required.`);
  }
  let sampleCount = 0;
  let sum = 0;
  let minimum = Infinity;
  let maximum = -Infinity;
  for (const [v, c] of distribution) {
    if (c === 0) continue;
    sampleCount += c;
    sum += v * c;
    minimum = Math.min(minimum, v);
    maximum = Math.max(maximum, v);
  }
  if (sampleCount === 0) throw new errors.InvalidParameterValueException(`The parameter ${at}.Counts must count at least one value.`);
  return { timestamp, unit, storageResolution, sampleCount, sum, minimum, maximum, distribution };
}
