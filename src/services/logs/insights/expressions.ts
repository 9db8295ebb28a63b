/**
 * Compiling expressions to closures over a row. Field references, literals, operators, `like` / `=~` (substring or
 * RE2 regex), `in`, the scalar functions, and (inside stats) aggregate calls, which read the value their
 * accumulator produced. Errors name the offending text and where it is, as MalformedQueryException.
 */
import RE2 from 're2';
import type { Expr } from './ast.js';
import { AGGREGATE_FUNCTIONS } from './aggregates.js';
import { ByteNeedle, EventRow, type Row } from './event-row.js';
import { compilePattern, unsupportedStrftime } from './dates.js';
import { SCALAR_FUNCTIONS } from './functions.js';
import { malformed } from './parser.js';
import { compareValues, toNumber, toText, truthy, type Value } from './values.js';

export interface CExpr {
  eval(row: Row): Value;
  /** The value is a time (epoch ms): results show it as a timestamp. */
  time: boolean;
}

export interface Scope {
  query: string;
  /** After stats, only the names stats produced exist. */
  known?: ReadonlySet<string>;
  /** Inside a stats projection: the slot each aggregate call reads. */
  aggregateSlot?: (call: Extract<Expr, { k: 'call' }>) => number;
  /** The run's window and start, for now() and queryStartTime() (set when the plan's chain is built). */
  run?: RunClock;
}

/** What now(), queryStartTime(), queryEndTime() and queryTimeRange() read: filled in for each run. */
export interface RunClock {
  startMs: number;
  endMs: number;
  /** When the query started running (epoch ms). */
  nowMs: number;
}

/** Functions of the run, not of the row. */
const RUN_FUNCTIONS: Record<string, { time: boolean; read(r: RunClock): number }> = {
  // now() answers epoch seconds, the others epoch milliseconds (AWS's datetime and general function tables).
  now: { time: false, read: (r) => Math.floor(r.nowMs / 1000) },
  querystarttime: { time: false, read: (r) => r.startMs },
  queryendtime: { time: false, read: (r) => r.endMs },
  querytimerange: { time: false, read: (r) => r.endMs - r.startMs },
};

/** Where aggregate results are read from in a stats projection's final expression. */
export const slotName = (i: number) => `\u0000agg${i}`;

export function compileRegex(source: string, query: string, loc: { start: number; end: number }): RE2 {
  try {
    return new RE2(source);
  } catch (err) {
    throw malformed(`Invalid regular expression ${query.slice(loc.start, loc.end)}: ${err instanceof Error ? err.message : String(err)}`, loc);
  }
}

const constant = (v: Value) => () => v;

export function compileExpr(e: Expr, scope: Scope): CExpr {
  switch (e.k) {
    case 'num':
    case 'str': {
      const v = e.v;
      return { eval: () => v, time: false };
    }
    case 'dur': {
      if (e.months !== undefined) throw malformed(`A period in months, quarters or years can only be the period of bin(), datefloor() or dateceil(): ${e.text}`, e.loc);
      const v = e.ms;
      return { eval: () => v, time: false };
    }
    case 'regex':
      throw malformed(`A regular expression is only allowed after like, =~ or in parse: ${scope.query.slice(e.loc.start, e.loc.end)}`, e.loc);
    case 'list':
      throw malformed('A list is only allowed after in.', e.loc);
    case 'field': {
      const name = e.name;
      if (scope.known && !scope.known.has(name)) throw malformed(`Unknown symbols found in or after stats: ${name}`, e.loc);
      return { eval: (row) => row.get(name), time: name === '@timestamp' || name === '@ingestionTime' };
    }
    case 'not': {
      const x = compileExpr(e.e, scope);
      return { eval: (row) => !truthy(x.eval(row)), time: false };
    }
    case 'neg': {
      const x = compileExpr(e.e, scope);
      return {
        eval: (row) => {
          const n = toNumber(x.eval(row));
          return Number.isNaN(n) ? undefined : -n;
        },
        time: false,
      };
    }
    case 'like':
      return compileLike(e, scope);
    case 'in': {
      const x = compileExpr(e.e, scope);
      const items = e.list.map((i) => {
        if (i.k !== 'num' && i.k !== 'str') throw malformed('The list after in may hold only numbers and strings.', i.loc);
        return i.v;
      });
      const texts = new Set(items.map(String));
      const negate = e.negate;
      return {
        eval: (row) => {
          const v = x.eval(row);
          if (v === undefined) return false;
          const hit = texts.has(String(v)) || items.some((i) => typeof i === 'number' && toNumber(v) === i);
          return negate ? !hit : hit;
        },
        time: false,
      };
    }
    case 'bin':
      return compileBinary(e, scope);
    case 'call':
      return compileCall(e, scope);
  }
}

function compileLike(e: Extract<Expr, { k: 'like' }>, scope: Scope): CExpr {
  const x = compileExpr(e.e, scope);
  const negate = e.negate;
  const p = e.pattern;
  let test: (s: string) => boolean;
  if (p.k === 'regex' || e.regexOp) {
    const re = compileRegex(p.k === 'regex' ? p.source : (p as { v: string }).v, scope.query, p.loc);
    test = (s) => re.test(s);
  } else {
    const needle = (p as { v: string }).v;
    test = (s) => s.includes(needle);
    // On @message read from record bytes: one search of the scan's buffer per occurrence, not a decode per event
    // (a needle with U+FFFD is left to the text: undecodable bytes read as U+FFFD).
    if (e.e.k === 'field' && e.e.name === '@message' && needle !== '' && !needle.includes('\ufffd')) {
      const bytes = new ByteNeedle(needle);
      return {
        eval: (row) => {
          const hit = row instanceof EventRow ? row.messageIncludes(bytes) : undefined;
          if (hit !== undefined) return negate ? !hit : hit;
          const v = toText(x.eval(row));
          if (v === undefined) return false;
          return negate ? !test(v) : test(v);
        },
        time: false,
      };
    }
  }
  return {
    eval: (row) => {
      const v = toText(x.eval(row));
      if (v === undefined) return false;
      return negate ? !test(v) : test(v);
    },
    time: false,
  };
}

function compileBinary(e: Extract<Expr, { k: 'bin' }>, scope: Scope): CExpr {
  const l = compileExpr(e.l, scope);
  const r = compileExpr(e.r, scope);
  switch (e.op) {
    case 'and':
      return { eval: (row) => truthy(l.eval(row)) && truthy(r.eval(row)), time: false };
    case 'or':
      return { eval: (row) => truthy(l.eval(row)) || truthy(r.eval(row)), time: false };
    case '=':
    case '!=':
    case '<':
    case '<=':
    case '>':
    case '>=': {
      const test = COMPARE[e.op];
      return {
        eval: (row) => {
          const a = l.eval(row);
          const b = r.eval(row);
          if (a === undefined || b === undefined) return false;
          return test(compareValues(a, b));
        },
        time: false,
      };
    }
    default: {
      const op = ARITHMETIC[e.op];
      return {
        eval: (row) => {
          const a = toNumber(l.eval(row));
          const b = toNumber(r.eval(row));
          if (Number.isNaN(a) || Number.isNaN(b)) return undefined;
          const v = op(a, b);
          return Number.isFinite(v) ? v : undefined;
        },
        // A time plus or minus a number stays a time.
        time: (e.op === '+' || e.op === '-') && l.time && !r.time,
      };
    }
  }
}

const COMPARE: Record<string, (c: number) => boolean> = {
  '=': (c) => c === 0,
  '!=': (c) => c !== 0,
  '<': (c) => c < 0,
  '<=': (c) => c <= 0,
  '>': (c) => c > 0,
  '>=': (c) => c >= 0,
};

const ARITHMETIC: Record<string, (a: number, b: number) => number> = {
  '+': (a, b) => a + b,
  '-': (a, b) => a - b,
  '*': (a, b) => a * b,
  '/': (a, b) => a / b,
  '%': (a, b) => a % b,
  '^': (a, b) => a ** b,
};

function compileCall(e: Extract<Expr, { k: 'call' }>, scope: Scope): CExpr {
  if (AGGREGATE_FUNCTIONS[e.fn]) {
    if (!scope.aggregateSlot) throw malformed(`Aggregate function ${e.fn} is only allowed in stats: ${scope.query.slice(e.loc.start, e.loc.end)}`, e.loc);
    const name = slotName(scope.aggregateSlot(e));
    return { eval: (row) => row.get(name), time: false };
  }
  const runFn = RUN_FUNCTIONS[e.fn];
  if (runFn) {
    if (e.star || e.args.length > 0) throw malformed(`${e.fn}() takes no arguments.`, e.loc);
    const run = scope.run;
    if (!run) throw malformed(`${e.fn}() is not available here.`, e.loc);
    return { eval: () => runFn.read(run), time: runFn.time };
  }
  const f = SCALAR_FUNCTIONS[e.fn];
  if (!f) throw malformed(`Unknown function: ${e.fn}`, e.loc);
  if (e.star) throw malformed(`${e.fn}(*) is not valid: only count takes *.`, e.loc);
  if (e.args.length < f.min || e.args.length > f.max) {
    throw malformed(`Wrong number of arguments to ${e.fn}: ${e.args.length} (expected ${f.min === f.max ? f.min : `${f.min} to ${f.max}`}).`, e.loc);
  }
  for (const i of f.durationArgs ?? []) {
    if (e.args[i]?.k !== 'dur') throw malformed(`${e.fn} expects a time period such as 5m as argument ${i + 1}.`, e.args[i]?.loc ?? e.loc);
  }
  if (e.fn === 'bin') {
    const { ms: period, months } = e.args[0] as Extract<Expr, { k: 'dur' }>;
    if (!(period > 0) && months === undefined) throw malformed('The period of bin() must be positive.', e.loc);
    const ts = scope.known ? undefined : '@timestamp';
    if (!ts) throw malformed('Unknown symbols found in or after stats: @timestamp', e.loc);
    return {
      eval: (row) => {
        const t = row.get(ts);
        if (typeof t !== 'number') return undefined;
        return months === undefined ? Math.floor(t / period) * period : floorToMonths(t, months, false);
      },
      time: true,
    };
  }
  if ((e.fn === 'datefloor' || e.fn === 'dateceil') && (e.args[1] as Extract<Expr, { k: 'dur' }>).months !== undefined) {
    const months = (e.args[1] as Extract<Expr, { k: 'dur' }>).months!;
    const t = compileExpr(e.args[0], scope);
    const up = e.fn === 'dateceil';
    return {
      eval: (row) => {
        const ms = toNumber(t.eval(row));
        return Number.isNaN(ms) ? undefined : floorToMonths(ms, months, up);
      },
      time: true,
    };
  }
  // A format written in the query is checked before the query runs.
  if (e.fn === 'formatdate' || e.fn === 'strftime' || e.fn === 'parsedate') {
    const format = e.args[1];
    if (format.k === 'str') {
      const bad = e.fn === 'parsedate' ? compilePattern(format.v) : unsupportedStrftime(format.v);
      if (typeof bad === 'string') throw malformed(e.fn === 'parsedate' ? `Invalid date pattern: ${bad}.` : `${e.fn} does not support the directive ${bad}.`, format.loc);
    }
  }
  // `true` / `false` as an argument (strcontains' third) are the booleans, not fields of those names.
  const args = e.args.map((a) => (a.k === 'field' && /^(true|false)$/i.test(a.name) ? { eval: constant(a.name.toLowerCase() === 'true'), time: false } : compileExpr(a, scope)));
  const fn = f.fn;
  const time = !!f.time;
  if (args.length === 1) {
    const a0 = args[0];
    return { eval: (row) => fn([a0.eval(row)]), time };
  }
  return { eval: (row) => fn(args.map((a) => a.eval(row))), time };
}

/**
 * The start (or, `up`, the end) of the calendar period of `months` months holding `ms`, in UTC: periods count whole
 * months from January 1970, so 1q starts in January, April, July and October and 1y on January 1.
 */
export function floorToMonths(ms: number, months: number, up: boolean): number | undefined {
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) return undefined;
  const index = (d.getUTCFullYear() - 1970) * 12 + d.getUTCMonth();
  let start = Math.floor(index / months) * months;
  let t = Date.UTC(1970, start, 1);
  if (up && t < ms) {
    start += months;
    t = Date.UTC(1970, start, 1);
  }
  return t;
}
