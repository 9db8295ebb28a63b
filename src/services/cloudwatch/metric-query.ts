// Reading a metric as a series of per-period statistic values: the one path behind GetMetricData's MetricStat
// queries and the alarm evaluator.
import type { MetricStat } from '../../models/cloudwatch/index.js';
import { canonicalDimensions } from './metric-data.js';
import type { MetricsRepo } from './metrics-repo.js';
import { aggregate, groupByPeriod, percentileOf, statisticValue } from './statistics.js';

export interface SeriesPoint {
  /** Period start, epoch ms. */
  start: number;
  value: number;
  sampleCount: number;
}

/** The statistic of every period in [startMs, endMs) that holds data, ascending by time. */
export async function metricStatSeries(metrics: MetricsRepo, accountId: string, region: string, stat: MetricStat, startMs: number, endMs: number): Promise<SeriesPoint[]> {
  const identity = {
    namespace: stat.Metric.Namespace ?? '',
    metricName: stat.Metric.MetricName ?? '',
    dimensions: canonicalDimensions(stat.Metric.Dimensions),
  };
  const metric = await metrics.getMetric(accountId, region, identity);
  if (!metric) return [];
  const points = await metrics.datapoints(metric.metricId, startMs, endMs, stat.Unit, percentileOf(stat.Stat) !== undefined);
  const out: SeriesPoint[] = [];
  for (const { start, points: inPeriod } of groupByPeriod(points, startMs, endMs, stat.Period)) {
    const agg = aggregate(inPeriod)!;
    const value = statisticValue(agg, stat.Stat);
    if (value !== undefined) out.push({ start, value, sampleCount: agg.sampleCount });
  }
  return out;
}
