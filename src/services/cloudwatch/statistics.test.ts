import { describe, expect, it } from 'vitest';
import { aggregate, groupByPeriod, isSupportedStatistic, percentile, percentileOf, roundStartTime, statisticValue, type StoredDatapoint } from './statistics.js';

const point = (timestamp: number, values: number[]): StoredDatapoint => ({
  timestamp,
  unit: 'None',
  sampleCount: values.length,
  sum: values.reduce((a, b) => a + b, 0),
  minimum: Math.min(...values),
  maximum: Math.max(...values),
  distribution: values.map((v) => [v, 1]),
});

describe('statistics', () => {
  it('names percentiles pNN and pNN.NN only', () => {
    expect(['p0', 'p50', 'p99.9', 'p100'].map(percentileOf)).toEqual([0, 50, 99.9, 100]);
    expect(['p101', 'p', 'P50', 'tm99', 'p50.'].map(percentileOf)).toEqual([undefined, undefined, undefined, undefined, undefined]);
    expect(isSupportedStatistic('Average')).toBe(true);
    expect(isSupportedStatistic('average')).toBe(false);
  });

  it('takes nearest-rank percentiles over weighted values', () => {
    expect(percentile([[10, 1], [20, 1], [30, 1], [40, 1]], 50)).toBe(20);
    expect(percentile([[10, 1], [20, 1], [30, 1], [40, 1]], 51)).toBe(30);
    expect(percentile([[5, 99], [1000, 1]], 99)).toBe(5);
    expect(percentile([[5, 99], [1000, 1]], 100)).toBe(1000);
    expect(percentile([], 50)).toBeUndefined();
  });

  it('aggregates datapoints and loses percentiles only when a statistic set hides its values', () => {
    const agg = aggregate([point(0, [1, 2]), point(1, [3])])!;
    expect([agg.sampleCount, agg.sum, agg.minimum, agg.maximum]).toEqual([3, 6, 1, 3]);
    expect(statisticValue(agg, 'Average')).toBe(2);
    expect(statisticValue(agg, 'p50')).toBe(2);
    const set: StoredDatapoint = { timestamp: 0, unit: 'None', sampleCount: 2, sum: 3, minimum: 1, maximum: 2, distribution: null };
    expect(statisticValue(aggregate([point(0, [1]), set])!, 'p50')).toBeUndefined();
    const constant: StoredDatapoint = { ...set, sum: 4, minimum: 2, maximum: 2 };
    expect(statisticValue(aggregate([point(0, [1]), constant])!, 'p50')).toBe(2);
    expect(aggregate([])).toBeUndefined();
  });

  it('groups into periods from the start time, excluding the end', () => {
    const groups = groupByPeriod([point(0, [1]), point(59_999, [2]), point(60_000, [3]), point(120_000, [4])], 0, 120_000, 60);
    expect(groups.map((g) => [g.start, g.points.length])).toEqual([[0, 2], [60_000, 1]]);
  });

  it('rounds start times by their age as GetMetricStatistics does', () => {
    const now = Date.UTC(2026, 5, 1);
    const t = (daysAgo: number) => now - daysAgo * 86_400_000 + 123_456;
    expect(roundStartTime(t(1), now, 60) % 60_000).toBe(0);
    expect(roundStartTime(t(20), now, 60) % 300_000).toBe(0);
    expect(roundStartTime(t(70), now, 60) % 3_600_000).toBe(0);
    expect(roundStartTime(t(1), now, 10) % 10_000).toBe(0);
  });
});
