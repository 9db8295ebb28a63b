// Statistics over stored datapoints: grouping into periods and computing SampleCount, Average, Sum, Minimum,
// Maximum and percentiles (pNN, pNN.NN). Pure: no store, no clock.

/** One stored datum: already aggregated, with its raw values when it carried them (for percentiles). */
export interface StoredDatapoint {
  timestamp: number;
  unit: string;
  /** 1 for high-resolution data, 60 (the default) otherwise. */
  storageResolution?: number;
  sampleCount: number;
  sum: number;
  minimum: number;
  maximum: number;
  /** [value, count] pairs, or null when only a StatisticSet was published. */
  distribution: Array<[number, number]> | null;
}

export interface Aggregate {
  sampleCount: number;
  sum: number;
  minimum: number;
  maximum: number;
  /** Every value with its count, or null when some datum had no raw values (percentiles are then unavailable). */
  distribution: Array<[number, number]> | null;
}

export const BASIC_STATISTICS = ['SampleCount', 'Average', 'Sum', 'Minimum', 'Maximum'] as const;
const PERCENTILE = /^p(\d{1,2}(\.\d{1,10})?|100(\.0{1,10})?)$/;

/** The percentile a `pNN` / `pNN.NN` statistic names, or undefined for anything else. */
export function percentileOf(stat: string): number | undefined {
  return PERCENTILE.test(stat) ? Number(stat.slice(1)) : undefined;
}

export function isSupportedStatistic(stat: string): boolean {
  return (BASIC_STATISTICS as readonly string[]).includes(stat) || percentileOf(stat) !== undefined;
}

/** A datapoint's values: its distribution, or — when it is a StatisticSet of identical values — that value repeated. */
function valuesOf(p: StoredDatapoint): Array<[number, number]> | null {
  if (p.distribution) return p.distribution;
  if (p.minimum === p.maximum) return [[p.minimum, p.sampleCount]];
  return null;
}

export function aggregate(points: readonly StoredDatapoint[]): Aggregate | undefined {
  if (points.length === 0) return undefined;
  let sampleCount = 0;
  let sum = 0;
  let minimum = Infinity;
  let maximum = -Infinity;
  let distribution: Array<[number, number]> | null = [];
  for (const p of points) {
    sampleCount += p.sampleCount;
    sum += p.sum;
    if (p.minimum < minimum) minimum = p.minimum;
    if (p.maximum > maximum) maximum = p.maximum;
    const values: Array<[number, number]> | null = distribution ? valuesOf(p) : null;
    if (values && distribution) for (const v of values) distribution.push(v);
    else distribution = null;
  }
  return { sampleCount, sum, minimum, maximum, distribution };
}

/** Nearest-rank percentile over weighted values. */
export function percentile(distribution: ReadonlyArray<[number, number]>, p: number): number | undefined {
  const sorted = [...distribution].filter(([, c]) => c > 0).sort((a, b) => a[0] - b[0]);
  const total = sorted.reduce((n, [, c]) => n + c, 0);
  if (total === 0) return undefined;
  const rank = Math.max(1, Math.ceil((p / 100) * total));
  let seen = 0;
  for (const [v, c] of sorted) {
    seen += c;
    if (seen >= rank) return v;
  }
  return sorted[sorted.length - 1]![0];
}

/** The value of one statistic over an aggregate; undefined when it cannot be computed (a percentile without values). */
export function statisticValue(agg: Aggregate, stat: string): number | undefined {
  switch (stat) {
    case 'SampleCount':
      return agg.sampleCount;
    case 'Average':
      return agg.sampleCount > 0 ? agg.sum / agg.sampleCount : undefined;
    case 'Sum':
      return agg.sum;
    case 'Minimum':
      return agg.minimum;
    case 'Maximum':
      return agg.maximum;
    default: {
      const p = percentileOf(stat);
      return p === undefined || !agg.distribution ? undefined : percentile(agg.distribution, p);
    }
  }
}

/**
 * Groups points into periods of `periodSeconds` starting at `startMs` (inclusive) up to `endMs` (exclusive).
 * Returns the periods that hold data, keyed by their start, in ascending order.
 */
export function groupByPeriod(points: readonly StoredDatapoint[], startMs: number, endMs: number, periodSeconds: number): Array<{ start: number; points: StoredDatapoint[] }> {
  const periodMs = periodSeconds * 1000;
  const buckets = new Map<number, StoredDatapoint[]>();
  for (const p of points) {
    if (p.timestamp < startMs || p.timestamp >= endMs) continue;
    const start = startMs + Math.floor((p.timestamp - startMs) / periodMs) * periodMs;
    let bucket = buckets.get(start);
    if (!bucket) buckets.set(start, (bucket = []));
    bucket.push(p);
  }
  return [...buckets.entries()].sort((a, b) => a[0] - b[0]).map(([start, pts]) => ({ start, points: pts }));
}

/**
 * GetMetricStatistics' start-time rounding: a start within the last 15 days is rounded down to the minute, 15–63
 * days old to 5 minutes, older to the hour.
 */
export function roundStartTime(startMs: number, nowMs: number, periodSeconds: number): number {
  const age = nowMs - startMs;
  const day = 86_400_000;
  let unit = age > 63 * day ? 3_600_000 : age > 15 * day ? 300_000 : 60_000;
  if (periodSeconds < 60) unit = periodSeconds * 1000; // high-resolution periods keep their own alignment
  return Math.floor(startMs / unit) * unit;
}
