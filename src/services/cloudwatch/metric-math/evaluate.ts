// Evaluates GetMetricData's math expressions over the series its MetricStat queries read, following the CloudWatch
// User Guide ("Metric math syntax and functions", "Using IF expressions"): missing values count as 0 in arithmetic,
// comparisons and aggregations of arrays; a division by zero (or any non-finite result) drops the data point; a
// function of one series that yields a scalar (AVG, SUM, …) can only be part of a larger expression.
import { parseExpression, type BinaryOp, type Node } from './parse.js';

/** One time series: points keyed by period start (epoch ms). */
export interface Series {
  label: string;
  /** Seconds; decides FILL's and TIME_SERIES' grid. */
  period: number;
  points: Map<number, number>;
}

/** An expression the user wrote wrongly: answered ValidationError ("Error in expression <id>: …"). */
export class MathError extends Error {}
/** A function CloudWatch has and Sift does not carry out: answered NotImplemented. */
export class MathNotImplemented extends Error {}

type Value =
  | { kind: 'scalar'; value: number }
  | { kind: 'series'; series: Series }
  | { kind: 'array'; items: Series[] }
  | { kind: 'string'; value: string }
  | { kind: 'keyword'; name: 'REPEAT' | 'LINEAR' };

export interface MathQuery {
  id: string;
  label?: string;
  /** MetricStat queries: the series read from the store. */
  series?: Series;
  /** Expression queries. */
  expression?: string;
  period?: number;
}

export interface MathRequest {
  queries: MathQuery[];
  /** The grid a period's series lives on: the first period start for `period` seconds, and the end (exclusive). */
  gridStart(period: number): number;
  endMs: number;
}

/** FILL and TIME_SERIES create at most this many points per series (GetMetricData's datapoint limit, docs/limits.md). */
export const MAX_GRID_POINTS = 100_800;

/** CloudWatch functions Sift does not evaluate (answered NotImplemented rather than computed wrongly). */
const NOT_IMPLEMENTED = new Set([
  'ANOMALY_DETECTION_BAND', 'INSIGHT_RULE_METRIC', 'SEARCH', 'SERVICE_QUOTA', 'SLICE', 'SORT', 'LAMBDA',
  'MINUTE', 'HOUR', 'DAY', 'DATE', 'MONTH', 'YEAR', 'EPOCH', 'CONCAT',
]);

const ok = (v: number) => Number.isFinite(v);
const sortedTimes = (s: Series) => [...s.points.keys()].sort((a, b) => a - b);
const mapSeries = (s: Series, f: (v: number, t: number) => number): Series => {
  const points = new Map<number, number>();
  for (const [t, v] of s.points) {
    const r = f(v, t);
    if (ok(r)) points.set(t, r);
  }
  return { label: s.label, period: s.period, points };
};

function arith(op: BinaryOp, a: number, b: number): number {
  switch (op) {
    case '+': return a + b;
    case '-': return a - b;
    case '*': return a * b;
    case '/': return b === 0 ? NaN : a / b;
    case '^': return a ** b;
    case '==': return a === b ? 1 : 0;
    case '!=': return a !== b ? 1 : 0;
    case '<': return a < b ? 1 : 0;
    case '<=': return a <= b ? 1 : 0;
    case '>': return a > b ? 1 : 0;
    case '>=': return a >= b ? 1 : 0;
    case 'AND': return a !== 0 && b !== 0 ? 1 : 0;
    case 'OR': return a !== 0 || b !== 0 ? 1 : 0;
  }
}

/** Two series point by point over the union of their timestamps, a missing value counting as 0. */
function combine(op: BinaryOp, a: Series, b: Series, label: string): Series {
  const points = new Map<number, number>();
  for (const t of new Set([...a.points.keys(), ...b.points.keys()])) {
    const r = arith(op, a.points.get(t) ?? 0, b.points.get(t) ?? 0);
    if (ok(r)) points.set(t, r);
  }
  return { label, period: Math.min(a.period, b.period), points };
}

function aggregateValues(fn: string, values: number[]): number {
  if (fn === 'DATAPOINT_COUNT') return values.length;
  if (!values.length) return NaN;
  switch (fn) {
    case 'SUM': return values.reduce((x, y) => x + y, 0);
    case 'AVG': return values.reduce((x, y) => x + y, 0) / values.length;
    case 'MIN': return Math.min(...values);
    case 'MAX': return Math.max(...values);
    default: { // STDDEV: the population standard deviation
      const mean = values.reduce((x, y) => x + y, 0) / values.length;
      return Math.sqrt(values.reduce((x, y) => x + (y - mean) ** 2, 0) / values.length);
    }
  }
}

/** Evaluates every expression query lazily (an expression may use another's Id), refusing cycles. */
export class MathEvaluator {
  private readonly byId = new Map<string, MathQuery>();
  private readonly done = new Map<string, Value>();
  private readonly visiting = new Set<string>();

  constructor(private readonly req: MathRequest) {
    for (const q of req.queries) this.byId.set(q.id, q);
  }

  /** The series an expression query returns (one, or one per member of an array). */
  result(id: string): Series[] {
    const v = this.valueOf(id);
    if (v.kind === 'series') return [v.series];
    if (v.kind === 'array') return v.items;
    throw new MathError('The expression must return a time series or an array of time series, not a single number.');
  }

  private valueOf(id: string): Value {
    const cached = this.done.get(id);
    if (cached) return cached;
    const q = this.byId.get(id)!;
    if (q.series) return { kind: 'series', series: q.series };
    if (this.visiting.has(id)) throw new MathError(`Circular dependency: the expression ${id} refers to itself.`);
    this.visiting.add(id);
    try {
      const src = q.expression!;
      if (/^\s*SELECT\s/i.test(src)) throw new MathNotImplemented('Metrics Insights queries (SELECT …) are not implemented by Sift.');
      const value = this.eval(parseExpression(src), q);
      if (value.kind === 'series') value.series.label = q.label ?? id;
      this.done.set(id, value);
      return value;
    } finally {
      this.visiting.delete(id);
    }
  }

  private grid(period: number): number[] {
    const start = this.req.gridStart(period);
    const count = Math.ceil((this.req.endMs - start) / (period * 1000));
    if (count > MAX_GRID_POINTS) throw new MathError(`The time range holds more than ${MAX_GRID_POINTS} periods of ${period} seconds.`);
    return Array.from({ length: Math.max(0, count) }, (_, i) => start + i * period * 1000);
  }

  private eval(node: Node, q: MathQuery): Value {
    switch (node.kind) {
      case 'number': return { kind: 'scalar', value: node.value };
      case 'string': return { kind: 'string', value: node.value };
      case 'keyword': return { kind: 'keyword', name: node.name };
      case 'id': {
        if (!this.byId.has(node.name)) throw new MathError(`Unrecognized identifier '${node.name}': no query in the request has this Id.`);
        const v = this.valueOf(node.name);
        if (v.kind === 'series') return { kind: 'series', series: { ...v.series, label: this.byId.get(node.name)!.label ?? node.name } };
        return v;
      }
      case 'array': {
        const items: Series[] = [];
        for (const item of node.items) {
          const v = this.eval(item, q);
          if (v.kind === 'series') items.push(v.series);
          else if (v.kind === 'array') items.push(...v.items);
          else throw new MathError('An array may hold only time series.');
        }
        return { kind: 'array', items };
      }
      case 'unary': return this.binary('*', { kind: 'scalar', value: -1 }, this.eval(node.operand, q));
      case 'binary': return this.binary(node.op, this.eval(node.left, q), this.eval(node.right, q));
      case 'call': return this.call(node, q);
    }
  }

  private binary(op: BinaryOp, a: Value, b: Value): Value {
    const what = (v: Value) => (v.kind === 'string' ? 'a string' : v.kind === 'keyword' ? v.name : '');
    if (what(a) || what(b)) throw new MathError(`The operator ${op} cannot be applied to ${what(a) || what(b)}.`);
    if (a.kind === 'scalar' && b.kind === 'scalar') return { kind: 'scalar', value: arith(op, a.value, b.value) };
    if (a.kind === 'array' && b.kind === 'array') throw new MathError(`The operator ${op} cannot combine two arrays of time series.`);
    const apply = (x: Value, y: Value): Series => {
      if (x.kind === 'series' && y.kind === 'series') return combine(op, x.series, y.series, x.series.label);
      if (x.kind === 'series' && y.kind === 'scalar') return mapSeries(x.series, (v) => arith(op, v, y.value));
      if (x.kind === 'scalar' && y.kind === 'series') return mapSeries(y.series, (v) => arith(op, x.value, v));
      throw new MathError(`The operator ${op} cannot be applied here.`);
    };
    if (a.kind === 'array') return { kind: 'array', items: a.items.map((s) => apply({ kind: 'series', series: s }, b)) };
    if (b.kind === 'array') return { kind: 'array', items: b.items.map((s) => apply(a, { kind: 'series', series: s })) };
    return { kind: 'series', series: apply(a, b) };
  }

  private call(node: Extract<Node, { kind: 'call' }>, q: MathQuery): Value {
    const { name } = node;
    if (NOT_IMPLEMENTED.has(name)) throw new MathNotImplemented(`The metric math function ${name} is not implemented by Sift.`);
    const arity = (min: number, max = min) => {
      if (node.args.length < min || node.args.length > max) {
        throw new MathError(`${name} takes ${min === max ? min : `${min} to ${max}`} argument${max === 1 ? '' : 's'}, not ${node.args.length}.`);
      }
    };
    const arg = (i: number) => this.eval(node.args[i]!, q);
    const seriesOrArray = (v: Value): Series[] | Series => {
      if (v.kind === 'series') return v.series;
      if (v.kind === 'array') return v.items;
      throw new MathError(`${name} expects a time series or an array of time series.`);
    };
    /** A per-series function applied to a series or to each member of an array. */
    const each = (v: Value, f: (s: Series) => Series): Value => {
      const s = seriesOrArray(v);
      return Array.isArray(s) ? { kind: 'array', items: s.map(f) } : { kind: 'series', series: f(s) };
    };
    const consecutive = (f: (v: number, pv: number, t: number, pt: number) => number) => (s: Series): Series => {
      const points = new Map<number, number>();
      const times = sortedTimes(s);
      for (let i = 1; i < times.length; i++) {
        const r = f(s.points.get(times[i]!)!, s.points.get(times[i - 1]!)!, times[i]!, times[i - 1]!);
        if (ok(r)) points.set(times[i]!, r);
      }
      return { label: s.label, period: s.period, points };
    };

    switch (name) {
      case 'METRICS': {
        arity(0, 1);
        let filter = '';
        if (node.args.length) {
          const f = arg(0);
          if (f.kind !== 'string') throw new MathError('METRICS takes an optional string to match in the Ids of the metrics.');
          filter = f.value;
        }
        const items = this.req.queries.filter((m) => m.series && m.id.includes(filter)).map((m) => ({ ...m.series!, label: m.label ?? m.id }));
        return { kind: 'array', items };
      }
      case 'ABS': case 'CEIL': case 'FLOOR': case 'LOG': case 'LOG10': {
        arity(1);
        const f = { ABS: Math.abs, CEIL: Math.ceil, FLOOR: Math.floor, LOG: Math.log, LOG10: Math.log10 }[name];
        const v = arg(0);
        if (v.kind === 'scalar') return { kind: 'scalar', value: f(v.value) };
        return each(v, (s) => mapSeries(s, f));
      }
      case 'SUM': case 'AVG': case 'MIN': case 'MAX': case 'STDDEV': case 'DATAPOINT_COUNT': {
        arity(1);
        const s = seriesOrArray(arg(0));
        if (!Array.isArray(s)) return { kind: 'scalar', value: aggregateValues(name, [...s.points.values()]) };
        // Across an array: one value per timestamp; a missing value counts as 0, except for MIN and MAX (which take
        // the values present) and DATAPOINT_COUNT (which counts them).
        const points = new Map<number, number>();
        const times = new Set(s.flatMap((x) => [...x.points.keys()]));
        for (const t of times) {
          const present = s.map((x) => x.points.get(t)).filter((v): v is number => v !== undefined);
          const values = name === 'MIN' || name === 'MAX' || name === 'DATAPOINT_COUNT' ? present : s.map((x) => x.points.get(t) ?? 0);
          const r = aggregateValues(name, values);
          if (ok(r)) points.set(t, r);
        }
        return { kind: 'series', series: { label: name, period: Math.min(...s.map((x) => x.period)), points } };
      }
      case 'METRIC_COUNT': {
        arity(1);
        const v = arg(0);
        if (v.kind !== 'array') throw new MathError('METRIC_COUNT expects an array of time series.');
        return { kind: 'scalar', value: v.items.length };
      }
      case 'PERIOD': {
        arity(1);
        const ref = node.args[0]!;
        const target = ref.kind === 'id' ? this.byId.get(ref.name) : undefined;
        if (!target?.series) throw new MathError('PERIOD accepts the Id of a metric only, not an expression.');
        return { kind: 'scalar', value: target.series.period };
      }
      case 'RATE': arity(1); return each(arg(0), consecutive((v, pv, t, pt) => (v - pv) / ((t - pt) / 1000)));
      case 'DIFF': arity(1); return each(arg(0), consecutive((v, pv) => v - pv));
      case 'DIFF_TIME': arity(1); return each(arg(0), consecutive((_v, _pv, t, pt) => (t - pt) / 1000));
      case 'RUNNING_SUM': {
        arity(1);
        return each(arg(0), (s) => {
          let total = 0;
          const points = new Map<number, number>();
          for (const t of sortedTimes(s)) points.set(t, (total += s.points.get(t)!));
          return { label: s.label, period: s.period, points };
        });
      }
      case 'REMOVE_EMPTY': {
        arity(1);
        const v = arg(0);
        if (v.kind !== 'array') throw new MathError('REMOVE_EMPTY expects an array of time series.');
        return { kind: 'array', items: v.items.filter((s) => s.points.size > 0) };
      }
      case 'FIRST': case 'LAST': {
        arity(1);
        const v = arg(0);
        if (v.kind !== 'array') throw new MathError(`${name} expects an array of time series.`);
        const s = name === 'FIRST' ? v.items[0] : v.items[v.items.length - 1];
        return { kind: 'series', series: s ?? { label: name, period: q.period ?? 60, points: new Map() } };
      }
      case 'TIME_SERIES': {
        arity(1);
        const v = arg(0);
        if (v.kind !== 'scalar') throw new MathError('TIME_SERIES expects a number.');
        const period = q.period ?? this.req.queries.find((m) => m.series)?.series!.period;
        if (period === undefined) throw new MathError('TIME_SERIES needs the Period of its query when the request reads no metric.');
        const points = new Map<number, number>();
        if (ok(v.value)) for (const t of this.grid(period)) points.set(t, v.value);
        return { kind: 'series', series: { label: 'TIME_SERIES', period, points } };
      }
      case 'FILL': return this.fill(arity, arg, each);
      case 'IF': return this.ifExpression(node, q, arity, arg);
      default:
        throw new MathError(/^[A-Z_0-9]+$/.test(name) ? `Unknown function ${name}.` : `Unknown function ${name}: function names are written in uppercase.`);
    }
  }

  private fill(arity: (n: number) => void, arg: (i: number) => Value, each: (v: Value, f: (s: Series) => Series) => Value): Value {
    arity(2);
    const filler = arg(1);
    if (filler.kind === 'array' || filler.kind === 'string') throw new MathError('FILL fills with a number, a time series, REPEAT or LINEAR.');
    return each(arg(0), (s) => {
      const points = new Map(s.points);
      const grid = this.grid(s.period);
      if (filler.kind === 'scalar') {
        if (ok(filler.value)) for (const t of grid) if (!points.has(t)) points.set(t, filler.value);
      } else if (filler.kind === 'series') {
        for (const t of grid) if (!points.has(t) && filler.series.points.has(t)) points.set(t, filler.series.points.get(t)!);
      } else if (filler.name === 'REPEAT') {
        // The most recent actual value before each gap; nothing before the first value.
        let last: number | undefined;
        for (const t of grid) {
          if (s.points.has(t)) last = s.points.get(t);
          else if (last !== undefined) points.set(t, last);
        }
      } else {
        // LINEAR: a straight line between the values at either end of each gap; nothing outside the first and last.
        const known = sortedTimes(s);
        for (let i = 1; i < known.length; i++) {
          const [t0, t1] = [known[i - 1]!, known[i]!];
          const [v0, v1] = [s.points.get(t0)!, s.points.get(t1)!];
          for (const t of grid) if (t > t0 && t < t1 && !points.has(t)) points.set(t, v0 + ((v1 - v0) * (t - t0)) / (t1 - t0));
        }
      }
      return { label: s.label, period: s.period, points };
    });
  }

  /** IF(condition, trueValue[, falseValue]) as "Using IF expressions" tabulates it. */
  private ifExpression(node: Extract<Node, { kind: 'call' }>, q: MathQuery, arity: (min: number, max?: number) => void, arg: (i: number) => Value): Value {
    arity(2, 3);
    const cond = arg(0);
    const yes = arg(1);
    const no = node.args.length === 3 ? arg(2) : undefined;
    const usable = (v: Value | undefined) => v === undefined || v.kind === 'scalar' || v.kind === 'series';
    if (!usable(yes) || !usable(no)) throw new MathError('IF takes a number or a single time series for its values.');
    if (cond.kind === 'scalar') {
      if (cond.value !== 0) return yes;
      return no ?? { kind: 'series', series: { label: 'IF', period: q.period ?? 60, points: new Map() } };
    }
    if (cond.kind !== 'series') throw new MathError('The condition of IF must be a number or a single time series.');
    const points = new Map<number, number>();
    for (const [t, c] of cond.series.points) {
      let r: number | undefined;
      if (c !== 0) r = yes.kind === 'scalar' ? yes.value : ((yes as { series: Series }).series.points.get(t) ?? 0);
      else if (no?.kind === 'scalar') r = no.value;
      else if (no?.kind === 'series') r = no.series.points.get(t);
      if (r !== undefined && ok(r)) points.set(t, r);
    }
    return { kind: 'series', series: { label: 'IF', period: cond.series.period, points } };
  }
}
