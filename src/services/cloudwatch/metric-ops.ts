// CloudWatch metric operations: PutMetricData, ListMetrics, GetMetricStatistics, GetMetricData; and the in-process
// API (putMetricDataInternal) that the Logs service's metric filters publish through.
import type { Clock } from '../../common/index.js';
import type { CloudWatchApi, Datapoint, MetricDataQuery, MetricDataResult, MetricDatum, StandardUnit } from '../../models/cloudwatch/index.js';
import { errors } from '../../models/cloudwatch/index.js';
import { canonicalDimensions, checkDimensions, checkNamespace, toStoredDatapoint } from './metric-data.js';
import type { MetricsRepo } from './metrics-repo.js';
import { metricStatSeries } from './metric-query.js';
import { evaluateExpression, MathEvaluator, type MathQuery, type Series } from './metric-math/index.js';
import { aggregate, groupByPeriod, isSupportedStatistic, percentileOf, roundStartTime, statisticValue } from './statistics.js';
import { decodeToken, encodeToken, isNonNegativeInteger } from './paging.js';

export interface MetricOpsDeps {
  metrics: MetricsRepo;
  clock: Clock;
}

/** What other Sift services call to publish metrics without going through HTTP. */
export interface CloudWatchMetrics {
  /** Validates and stores datums exactly as PutMetricData does, in the given account and region. */
  putMetricDataInternal(accountId: string, region: string, namespace: string, datums: MetricDatum[]): Promise<void>;
}

const LIST_METRICS_PAGE = 500;
const MAX_STATISTICS_DATAPOINTS = 1440;
const THREE_HOURS_MS = 3 * 3_600_000;

export function checkPeriod(period: number, parameter: string): void {
  if (!(period === 1 || period === 5 || period === 10 || period === 20 || period === 30 || (period > 0 && period % 60 === 0))) {
    throw new errors.InvalidParameterValueException(`The parameter ${parameter} must be 1, 5, 10, 20, 30, or a multiple of 60.`);
  }
}

export function createMetricsApi(deps: MetricOpsDeps): CloudWatchMetrics {
  return {
    async putMetricDataInternal(accountId, region, namespace, datums) {
      checkNamespace(namespace);
      const now = deps.clock.nowMs();
      const items = datums.map((datum, i) => ({
        identity: { namespace, metricName: datum.MetricName, dimensions: canonicalDimensions(datum.Dimensions) },
        point: toStoredDatapoint(datum, i + 1, now),
      }));
      await deps.metrics.publish(accountId, region, items);
    },
  };
}

export function metricOps(deps: MetricOpsDeps) {
  const api = createMetricsApi(deps);
  return {
    async putMetricData(ctx, input) {
      if (!input.MetricData || input.MetricData.length === 0) {
        if (input.EntityMetricData?.length) {
          const datums = input.EntityMetricData.flatMap((e) => e.MetricData ?? []);
          return api.putMetricDataInternal(ctx.accountId, ctx.region, input.Namespace, datums);
        }
        throw new errors.MissingRequiredParameterException('The parameter MetricData is required.');
      }
      await api.putMetricDataInternal(ctx.accountId, ctx.region, input.Namespace, input.MetricData);
    },

    async listMetrics(ctx, input) {
      const offset = input.NextToken === undefined ? 0 : decodeToken(input.NextToken, isNonNegativeInteger);
      if (offset === undefined) throw new errors.InvalidParameterValueException('The value for parameter NextToken is not valid.');
      const all = await deps.metrics.listMetrics(ctx.accountId, ctx.region, {
        namespace: input.Namespace,
        metricName: input.MetricName,
        dimensions: input.Dimensions,
        publishedSince: input.RecentlyActive === 'PT3H' ? deps.clock.nowMs() - THREE_HOURS_MS : undefined,
      });
      const page = all.slice(offset, offset + LIST_METRICS_PAGE);
      return {
        Metrics: page.map((m) => ({ Namespace: m.namespace, MetricName: m.metricName, Dimensions: m.dimensions })),
        NextToken: offset + LIST_METRICS_PAGE < all.length ? encodeToken(offset + LIST_METRICS_PAGE) : undefined,
      };
    },

    async getMetricStatistics(ctx, input) {
      const stats = input.Statistics ?? [];
      const extended = input.ExtendedStatistics ?? [];
      if ((stats.length === 0) === (extended.length === 0)) {
        throw new errors.InvalidParameterCombinationException('Must specify either Statistics or ExtendedStatistics, but not both.');
      }
      for (const s of extended) {
        if (percentileOf(s) === undefined) throw new errors.InvalidParameterValueException(`The value ${s} for parameter ExtendedStatistics is not supported.`);
      }
      checkPeriod(input.Period, 'Period');
      checkDimensions(input.Dimensions, 'Dimensions');
      const now = deps.clock.nowMs();
      const start = roundStartTime(input.StartTime.getTime(), now, input.Period);
      const end = input.EndTime.getTime();
      if (start >= end) throw new errors.InvalidParameterValueException('The parameter StartTime must be less than the parameter EndTime.');
      const requested = Math.ceil((end - start) / (input.Period * 1000));
      if (requested > MAX_STATISTICS_DATAPOINTS) {
        throw new errors.InvalidParameterCombinationException(
          `You have requested up to ${requested.toLocaleString('en-US')} datapoints, which exceeds the limit of 1,440. You may reduce the datapoints requested by increasing Period, or decreasing the time range.`,
        );
      }
      const identity = { namespace: input.Namespace, metricName: input.MetricName, dimensions: canonicalDimensions(input.Dimensions) };
      const metric = await deps.metrics.getMetric(ctx.accountId, ctx.region, identity);
      const points = metric ? await deps.metrics.datapoints(metric.metricId, start, end, input.Unit, extended.length > 0) : [];
      const datapoints: Datapoint[] = [];
      // Without a Unit filter, data published under different units is kept apart, one datapoint per unit.
      const units = [...new Set(points.map((p) => p.unit))];
      for (const unit of units) {
        for (const { start: periodStart, points: inPeriod } of groupByPeriod(
          points.filter((p) => p.unit === unit),
          start,
          end,
          input.Period,
        )) {
          const agg = aggregate(inPeriod)!;
          const dp: Datapoint = { Timestamp: new Date(periodStart), Unit: unit as StandardUnit };
          for (const s of stats) (dp as Record<string, unknown>)[s] = statisticValue(agg, s);
          if (extended.length) {
            const values: Record<string, number> = {};
            for (const s of extended) {
              const v = statisticValue(agg, s);
              if (v !== undefined) values[s] = v;
            }
            dp.ExtendedStatistics = values;
          }
          datapoints.push(dp);
        }
      }
      return { Label: input.MetricName, Datapoints: datapoints };
    },

    async getMetricData(ctx, input) {
      const now = deps.clock.nowMs();
      const queries = input.MetricDataQueries as MetricDataQuery[];
      const ids = new Set<string>();
      queries.forEach((q, i) => {
        const at = `MetricDataQueries.member.${i + 1}`;
        if (!/^[a-z][a-zA-Z0-9_]*$/.test(q.Id)) {
          throw new errors.InvalidParameterValueException(`The value ${q.Id} for parameter ${at}.Id is invalid: it must start with a lowercase letter and contain only letters, digits and underscores.`);
        }
        if (ids.has(q.Id)) throw new errors.InvalidParameterValueException(`The value ${q.Id} for parameter ${at}.Id is a duplicate.`);
        ids.add(q.Id);
        if ((q.MetricStat === undefined) === (q.Expression === undefined)) {
          throw new errors.InvalidParameterCombinationException(`Exactly one of ${at}.MetricStat and ${at}.Expression must be specified.`);
        }
        if (q.Expression !== undefined) {
          if (q.Period !== undefined) checkPeriod(q.Period, `${at}.Period`);
          return;
        }
        const stat = q.MetricStat!;
        checkPeriod(stat.Period, `${at}.MetricStat.Period`);
        if (!isSupportedStatistic(stat.Stat)) throw new errors.InvalidParameterValueException(`The value ${stat.Stat} for parameter ${at}.MetricStat.Stat is not supported.`);
        if (!stat.Metric.Namespace || !stat.Metric.MetricName) {
          throw new errors.MissingRequiredParameterException(`The parameters ${at}.MetricStat.Metric.Namespace and ${at}.MetricStat.Metric.MetricName are required.`);
        }
      });
      const startTime = input.StartTime.getTime();
      const end = input.EndTime.getTime();
      const gridStart = (period: number) => roundStartTime(startTime, now, period);
      // Every metric is read (an expression may use one whose ReturnData is false), then every expression evaluated.
      const mathQueries: MathQuery[] = [];
      for (const q of queries) {
        if (!q.MetricStat) {
          mathQueries.push({ id: q.Id, label: q.Label, expression: q.Expression!, period: q.Period });
          continue;
        }
        const stat = q.MetricStat;
        const start = gridStart(stat.Period);
        if (start >= end) throw new errors.InvalidParameterValueException('The parameter StartTime must be less than the parameter EndTime.');
        const series = await metricStatSeries(deps.metrics, ctx.accountId, ctx.region, stat, start, end);
        const label = q.Label ?? stat.Metric.MetricName!;
        mathQueries.push({ id: q.Id, label, series: { label, period: stat.Period, points: new Map(series.map((p) => [p.start, p.value])) } });
      }
      const evaluator = new MathEvaluator({ queries: mathQueries, gridStart, endMs: end });
      const outputs = new Map<string, Series[]>();
      for (const q of mathQueries) outputs.set(q.id, q.series ? [q.series] : evaluateExpression(evaluator, q.id));

      const ascending = input.ScanBy === 'TimestampAscending';
      const results: MetricDataResult[] = [];
      for (const q of queries) {
        if (q.ReturnData === false) continue;
        const many = outputs.get(q.Id)!;
        for (const series of many) {
          const times = [...series.points.keys()].sort((a, b) => (ascending ? a - b : b - a));
          // An expression that yields an array returns one result per member, labelled "<expression label> <member label>".
          const label = q.Expression !== undefined && many.length > 1 ? [q.Label, series.label].filter(Boolean).join(' ') : series.label;
          results.push({ Id: q.Id, Label: label, Timestamps: times.map((t) => new Date(t)), Values: times.map((t) => series.points.get(t)!), StatusCode: 'Complete' });
        }
      }
      return { MetricDataResults: results, Messages: [] };
    },
  } satisfies Partial<CloudWatchApi>;
}
