// Metric math against the CloudWatch User Guide's own worked examples ("Comparison and logical operators",
// "Using IF expressions", the FILL options) and the rules it states for arithmetic and aggregation.
import { describe, expect, it } from 'vitest';
import { MathError, MathEvaluator, MathNotImplemented, type MathQuery, type Series } from './evaluate.js';
import { MathSyntaxError } from './parse.js';

const P = 60;
const t = (i: number) => i * P * 1000;
/** A series from values per period; undefined (or '-') is a missing value. */
const ts = (label: string, values: (number | undefined)[]): Series => ({
  label,
  period: P,
  points: new Map(values.flatMap((v, i) => (v === undefined ? [] : [[t(i), v] as [number, number]]))),
});
const values = (s: Series, n: number) => Array.from({ length: n }, (_, i) => s.points.get(t(i)));

function run(metrics: Record<string, (number | undefined)[]>, expression: string, periods = 5): Series[] {
  const queries: MathQuery[] = Object.entries(metrics).map(([id, v]) => ({ id, series: ts(id, v) }));
  queries.push({ id: 'e1', expression });
  return new MathEvaluator({ queries, gridStart: () => 0, endMs: t(periods) }).result('e1');
}
const one = (metrics: Record<string, (number | undefined)[]>, expression: string, periods = 5) => {
  const out = run(metrics, expression, periods);
  expect(out).toHaveLength(1);
  return values(out[0]!, periods);
};
const _ = undefined;

describe('metric math', () => {
  it('compares series point by point, a missing value counting as 0 (the guide\'s table)', () => {
    const m = { metric1: [30, 20, 0, 0], metric2: [20, _, 20, _] };
    expect(one(m, '(metric1 < metric2)', 4)).toEqual([0, 0, 1, 0]);
    expect(one(m, '(metric1 >= 30)', 4)).toEqual([1, 0, 0, 0]);
    expect(one(m, '(metric1 > 15 AND metric2 > 15)', 4)).toEqual([1, 0, 0, 0]);
    expect(one(m, 'metric1 > 15 && metric2 > 15 || metric1 == 0', 4)).toEqual([1, 0, 1, 1]);
  });

  it('IF follows the guide\'s tables', () => {
    const m = { metric1: [1, 1, 0, 0, _], metric2: [30, _, 0, 0, 30], metric3: [0, 0, 20, _, 20] };
    expect(one(m, 'IF(metric1, metric2, metric3)')).toEqual([30, 0, 20, _, _]);
    expect(one(m, 'IF(metric1, 5, metric3)')).toEqual([5, 5, 20, _, _]);
    expect(one(m, 'IF(metric1, metric2, 5)')).toEqual([30, 0, 5, 5, _]);
    expect(one(m, 'IF(metric1, metric2)')).toEqual([30, 0, _, _, _]);
    expect(one(m, 'IF(1, metric2, metric3)')).toEqual([30, _, 0, 0, 30]);
    expect(one(m, 'IF(0, metric2)')).toEqual([_, _, _, _, _]);
    expect(one({ m1: [100, 500, 300] }, 'IF(m1<400, m1)', 3)).toEqual([100, _, 300]);
  });

  it('arithmetic: precedence, unary minus, ^, missing as 0, division by zero drops the point', () => {
    const m = { m1: [2, 4, _, 8], m2: [1, 0, 3, _] };
    expect(one(m, 'm1 + m2 * 2', 4)).toEqual([4, 4, 6, 8]);
    expect(one(m, '(m1 + m2) * 2', 4)).toEqual([6, 8, 6, 16]);
    expect(one(m, 'm1 / m2', 4)).toEqual([2, _, 0, _]);
    expect(one(m, '-m1 ^ 2', 4)).toEqual([-4, -16, _, -64]);
    expect(one(m, '2 ^ 3 ^ 2 + 0 * m1', 4)).toEqual([512, 512, _, 512]);
    expect(one(m, 'm1 - 10 - 1', 4)).toEqual([-9, -7, _, -3]);
    expect(one(m, 'PERIOD(m1)/60 * m1', 4)).toEqual([2, 4, _, 8]);
  });

  it('SUM, AVG, MIN, MAX, STDDEV: a scalar of one series, a series of an array', () => {
    const m = { m1: [1, 2, 3, 4], m2: [3, _, 5, 4] };
    expect(one(m, 'm1 - AVG(m1)', 4)).toEqual([-1.5, -0.5, 0.5, 1.5]);
    expect(one(m, 'm1 * 0 + SUM(m1) + MAX(m2) - MIN(m2)', 4)).toEqual([12, 12, 12, 12]);
    expect(one(m, 'm1 / STDDEV(m1)', 4).map((v) => v && +v.toFixed(4))).toEqual([0.8944, 1.7889, 2.6833, 3.5777]);
    expect(one(m, 'SUM([m1, m2])', 4)).toEqual([4, 2, 8, 8]);
    expect(one(m, 'AVG([m1, m2])', 4)).toEqual([2, 1, 4, 4]);
    expect(one(m, 'MIN([m1, m2])', 4)).toEqual([1, 2, 3, 4]);
    expect(one(m, 'MAX(METRICS())', 4)).toEqual([3, 2, 5, 4]);
    expect(one(m, 'STDDEV(METRICS())', 4)).toEqual([1, 1, 1, 0]);
    expect(one(m, 'SUM(100/[m1, m2])', 4)).toEqual([100 + 100 / 3, 50, 100 / 3 + 20, 50]);
    expect(one(m, 'DATAPOINT_COUNT(METRICS())', 4)).toEqual([2, 1, 2, 2]);
  });

  it('METRICS() holds the request\'s metrics (not expressions), filtered by a string in their Id', () => {
    const out = run({ errors4xx: [1], errors5xx: [2], requests: [10] }, 'METRICS("errors")', 1);
    expect(out.map((s) => s.label)).toEqual(['errors4xx', 'errors5xx']);
    expect(values(run({ errors4xx: [1], errors5xx: [2], requests: [10] }, 'SUM(METRICS("errors"))/SUM(METRICS("requests"))*100', 1)[0]!, 1)).toEqual([30]);
    expect(run({ a: [1], b: [2] }, 'METRICS()/100', 1).map((s) => values(s, 1))).toEqual([[0.01], [0.02]]);
    expect(one({ m1: [1, 2], m2: [3, 4] }, 'METRIC_COUNT(METRICS()) * m1', 2)).toEqual([2, 4]);
  });

  it('FILL with a value, a series, REPEAT and LINEAR over the request\'s periods', () => {
    const m = { m1: [_, 10, _, 30, _], m2: [7, _, 8, 9, _] };
    expect(one(m, 'FILL(m1, 0)')).toEqual([0, 10, 0, 30, 0]);
    expect(one(m, 'FILL(m1, 2*3)')).toEqual([6, 10, 6, 30, 6]);
    expect(one(m, 'FILL(m1, m2)')).toEqual([7, 10, 8, 30, _]);
    expect(one(m, 'FILL(m1, REPEAT)')).toEqual([_, 10, 10, 30, 30]);
    expect(one(m, 'FILL(m1, LINEAR)')).toEqual([_, 10, 20, 30, _]);
    expect(one(m, 'FILL(m1, MIN(m1)) + 1')).toEqual([11, 11, 11, 31, 11]);
    expect(run(m, 'FILL(METRICS(), 0)').map((s) => values(s, 5))).toEqual([[0, 10, 0, 30, 0], [7, 0, 8, 9, 0]]);
  });

  it('RATE, DIFF, DIFF_TIME, RUNNING_SUM, ABS and TIME_SERIES', () => {
    const m = { m1: [10, 70, _, 40] };
    expect(one(m, 'RATE(m1)', 4)).toEqual([_, 1, _, -0.25]);
    expect(one(m, 'DIFF(m1)', 4)).toEqual([_, 60, _, -30]);
    expect(one(m, 'DIFF_TIME(m1)', 4)).toEqual([_, 60, _, 120]);
    expect(one(m, 'RUNNING_SUM(m1)', 4)).toEqual([10, 80, _, 120]);
    expect(one(m, 'ABS(DIFF(m1))', 4)).toEqual([_, 60, _, 30]);
    expect(one(m, 'TIME_SERIES(MAX(m1))', 4)).toEqual([70, 70, 70, 70]);
  });

  it('an expression may use another expression\'s Id; cycles and unknown Ids are errors', () => {
    const queries: MathQuery[] = [
      { id: 'm1', series: ts('m1', [1, 2]) },
      { id: 'e1', expression: 'm1 * 2' },
      { id: 'e2', expression: 'e1 + 1' },
      { id: 'c1', expression: 'c2 + 1' },
      { id: 'c2', expression: 'c1 + 1' },
      { id: 'u1', expression: 'm3 + 1' },
    ];
    const ev = new MathEvaluator({ queries, gridStart: () => 0, endMs: t(2) });
    expect(values(ev.result('e2')[0]!, 2)).toEqual([3, 5]);
    expect(() => ev.result('c1')).toThrow(/Circular dependency/);
    expect(() => ev.result('u1')).toThrow(/Unrecognized identifier 'm3'/);
  });

  it('refuses what the guide does not allow and what Sift does not evaluate', () => {
    const m = { m1: [1, 2] };
    const err = (e: string) => {
      try {
        run(m, e, 2);
      } catch (x) {
        return x;
      }
      return undefined;
    };
    expect(err('AVG(m1)')).toBeInstanceOf(MathError); // a scalar cannot be the final result
    expect(err('m1 +')).toBeInstanceOf(MathSyntaxError);
    expect(err('avg(m1)')).toBeInstanceOf(MathError);
    expect(err('FOO(m1)')).toBeInstanceOf(MathError);
    expect(err('FILL(m1)')).toBeInstanceOf(MathError);
    expect(err('PERIOD(m1 * 2) * m1')).toBeInstanceOf(MathError);
    expect(err('METRICS() + METRICS()')).toBeInstanceOf(MathError);
    expect(err('SORT(METRICS(), AVG, DESC)')).toBeInstanceOf(MathNotImplemented);
    expect(err('ANOMALY_DETECTION_BAND(m1)')).toBeInstanceOf(MathNotImplemented);
    expect(String(err('m1 + )'))).toContain("Unexpected ')' at column 6");
    expect(String(err('(('.repeat(40) + 'm1' + '))'.repeat(40)))).toContain('nested more than 64 levels');
  });
});
