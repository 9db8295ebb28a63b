// The aggregation functions of `stats`: one accumulator per group and aggregate. pct() keeps the values of its group
// (exact, where CloudWatch estimates); count_distinct() keeps a set of them (exact up to 100,000 values, then the
// count stops growing, as CloudWatch's estimate is bounded; docs/limits.md).
import { compareValues, toNumber, type Value } from './values.js';

export interface Accumulator {
  add(v: Value, ts: number): void;
  result(): Value;
}

export interface AggregateFunction {
  /** Arguments: the field (or expression), then constants (pct's percentile). */
  min: number;
  max: number;
  star?: boolean;
  /** Whether the result is a time when the argument is. */
  keepsTime?: boolean;
  create(consts: Value[]): Accumulator;
}

export const MAX_DISTINCT_VALUES = 100_000;

class Count implements Accumulator {
  n = 0;
  add(v: Value): void {
    if (v !== undefined) this.n++;
  }
  result(): Value {
    return this.n;
  }
}

class Sum implements Accumulator {
  s = 0;
  n = 0;
  constructor(private readonly mean: boolean) {}
  add(v: Value): void {
    const x = toNumber(v);
    if (Number.isNaN(x)) return;
    this.s += x;
    this.n++;
  }
  result(): Value {
    if (this.n === 0) return undefined;
    return this.mean ? this.s / this.n : this.s;
  }
}

class Extreme implements Accumulator {
  best: Value;
  constructor(private readonly max: boolean) {}
  add(v: Value): void {
    if (v === undefined) return;
    const x = typeof v === 'number' ? v : toNumber(v);
    const cand = Number.isNaN(x) ? v : x;
    if (this.best === undefined) this.best = cand;
    else {
      const c = compareValues(cand as string | number, this.best as string | number);
      if (this.max ? c > 0 : c < 0) this.best = cand;
    }
  }
  result(): Value {
    return this.best;
  }
}

class Percentile implements Accumulator {
  values: number[] = [];
  constructor(private readonly p: number) {}
  add(v: Value): void {
    const x = toNumber(v);
    if (!Number.isNaN(x)) this.values.push(x);
  }
  result(): Value {
    if (this.values.length === 0) return undefined;
    const a = this.values.sort((x, y) => x - y);
    // Nearest rank: the smallest value with at least p% of the values at or below it.
    const rank = Math.max(1, Math.ceil((this.p / 100) * a.length));
    return a[Math.min(a.length, rank) - 1];
  }
}

class Distinct implements Accumulator {
  seen = new Set<string | number>();
  add(v: Value): void {
    if (v === undefined || this.seen.size >= MAX_DISTINCT_VALUES) return;
    this.seen.add(typeof v === 'string' || typeof v === 'number' ? v : String(v));
  }
  result(): Value {
    return this.seen.size;
  }
}

class StdDev implements Accumulator {
  n = 0;
  mean = 0;
  m2 = 0;
  add(v: Value): void {
    const x = toNumber(v);
    if (Number.isNaN(x)) return;
    this.n++;
    const d = x - this.mean;
    this.mean += d / this.n;
    this.m2 += d * (x - this.mean);
  }
  result(): Value {
    // Sample standard deviation; one value has none.
    return this.n < 2 ? undefined : Math.sqrt(this.m2 / (this.n - 1));
  }
}

class ByTime implements Accumulator {
  value: Value;
  ts = 0;
  seen = false;
  constructor(private readonly latest: boolean) {}
  add(v: Value, ts: number): void {
    if (v === undefined) return;
    if (!this.seen || (this.latest ? ts >= this.ts : ts < this.ts)) {
      this.value = v;
      this.ts = ts;
      this.seen = true;
    }
  }
  result(): Value {
    return this.value;
  }
}

export const AGGREGATE_FUNCTIONS: Record<string, AggregateFunction> = {
  count: { min: 0, max: 1, star: true, create: () => new Count() },
  count_distinct: { min: 1, max: 1, create: () => new Distinct() },
  sum: { min: 1, max: 1, create: () => new Sum(false) },
  avg: { min: 1, max: 1, create: () => new Sum(true) },
  min: { min: 1, max: 1, keepsTime: true, create: () => new Extreme(false) },
  max: { min: 1, max: 1, keepsTime: true, create: () => new Extreme(true) },
  pct: { min: 2, max: 2, create: (c) => new Percentile(toNumber(c[0])) },
  percentile: { min: 2, max: 2, create: (c) => new Percentile(toNumber(c[0])) },
  stddev: { min: 1, max: 1, create: () => new StdDev() },
  earliest: { min: 1, max: 1, keepsTime: true, create: () => new ByTime(false) },
  latest: { min: 1, max: 1, keepsTime: true, create: () => new ByTime(true) },
};
