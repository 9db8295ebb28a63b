/**
 * Compiling a parsed query into a plan: the checks CloudWatch Logs makes before a query runs (functions exist and
 * take the right arguments, aggregates only in stats, after stats only the names stats produced, parse regexes
 * with named groups, limits in range), the result columns, and a builder of the stage chain for one run.
 *
 * Without `sort`, rows come newest first (an implicit `sort @timestamp desc`) unless the query aggregates or says
 * `limit any`; results hold at most 10,000 rows unless a `limit` (up to 100,000) or StartQuery's `limit` says more.
 */
import type { Command, Expr, Projection } from './ast.js';
import { AGGREGATE_FUNCTIONS } from './aggregates.js';
import type { Row } from './event-row.js';
import { compileExpr, compileRegex, slotName, type CExpr, type RunClock, type Scope } from './expressions.js';
import { malformed, parseQuery } from './parser.js';
import { PATTERN_COLUMNS, PatternStage } from './patterns.js';
import {
  DedupStage,
  FieldsStage,
  FilterStage,
  LimitStage,
  MatchCounter,
  ParseStage,
  Sink,
  SortStage,
  StatsStage,
  UnnestStage,
  isHolding,
  type AggregateSlot,
  type HoldingStage,
  type Stage,
} from './pipeline.js';

export const DEFAULT_RESULT_ROWS = 10_000;
export const MAX_RESULT_ROWS = 100_000;

/** The columns shown when a query names none (no fields, parse, display or stats). */
const DEFAULT_COLUMNS = ['@timestamp', '@message', '@logStream', '@log'];

type StageFactory = (next: Stage) => Stage;

export interface QueryPlan {
  /** Result columns in order, and which of them are times. */
  columns: string[];
  timeColumns: ReadonlySet<string>;
  /** Whether results are aggregates (no @ptr, no per-event rows). */
  aggregated: boolean;
  /** Whether the scan may stop once the chain wants no more rows (`limit any` without sort or stats). */
  maxRows: number;
  /** The top-level JSON keys the query can read (events are read for these only). */
  jsonKeys: ReadonlySet<string>;
  /** The JSON field names the query reads as they are (a first part not among them is read only through paths). */
  jsonNames: ReadonlySet<string>;
  /**
   * Builds the stage chain for one run (`run`: its window and start time); `counter` counts recordsMatched;
   * `partial()` gives the rows the query would answer if its input ended now, leaving the chain as it is.
   */
  build(limit: number | undefined, run?: RunClock): { head: Stage; counter: MatchCounter; sink: Sink; partial(): Row[] };
}

interface State {
  query: string;
  columns: string[] | undefined;
  time: Set<string>;
  known: Set<string> | undefined;
  factories: StageFactory[];
  /** Index in factories before which recordsMatched is counted. */
  counterAt: number | undefined;
  sorted: boolean;
  aggregated: boolean;
  limitCmd: number | undefined;
  limitAny: boolean;
  /** Read by now() and queryStartTime(); filled in by build(). */
  run: RunClock;
}

const nameOf = (p: Projection) => p.alias ?? (p.expr.k === 'field' ? p.expr.name : p.text);

function addColumn(s: State, name: string, time: boolean): void {
  s.columns ??= [];
  if (!s.columns.includes(name)) s.columns.push(name);
  if (time) s.time.add(name);
  else s.time.delete(name);
}

function scope(s: State): Scope {
  return { query: s.query, known: s.known, run: s.run };
}

function markCounter(s: State): void {
  s.counterAt ??= s.factories.length;
}

export function compileQuery(query: string): QueryPlan {
  if (query.trim() === '') throw malformed('The query string is empty.');
  const commands = parseQuery(query);
  const s: State = { query, columns: undefined, time: new Set(['@timestamp', '@ingestionTime']), known: undefined, factories: [], counterAt: undefined, sorted: false, aggregated: false, limitCmd: undefined, limitAny: false, run: { startMs: 0, endMs: 0, nowMs: 0 } };
  const implicitSortAt = (): void => {
    if (!s.sorted && !s.aggregated && !s.limitAny) {
      markCounter(s);
      const ts = compileExpr({ k: 'field', name: '@timestamp', loc: { start: 0, end: 0 } }, { query });
      s.factories.push((next) => new SortStage([{ expr: ts, desc: true }], keepFor(next), next));
      s.sorted = true;
    }
  };
  for (const c of commands) compileCommand(c, s, implicitSortAt);
  implicitSortAt();
  markCounter(s);
  const columns = s.columns ?? DEFAULT_COLUMNS;
  const cap = s.limitCmd;
  return {
    columns,
    timeColumns: new Set([...s.time].filter((c) => columns.includes(c))),
    aggregated: s.aggregated,
    ...jsonKeysOf(commands),
    maxRows: cap ?? DEFAULT_RESULT_ROWS,
    build(limit, run) {
      if (run) Object.assign(s.run, run);
      const rows = limit ?? cap ?? DEFAULT_RESULT_ROWS;
      /** The chain of factories[from…] ending in a new sink; `counter` is made where it belongs in that part. */
      const chain = (from: number) => {
        const sink = new Sink(rows);
        const stages: Stage[] = [];
        let next: Stage = sink;
        let counter: MatchCounter | undefined;
        for (let i = s.factories.length; i >= from; i--) {
          if (i === s.counterAt) next = counter = new MatchCounter(next);
          if (i > from) stages[i - 1] = next = s.factories[i - 1](next);
        }
        return { head: next, counter, sink, stages };
      };
      const main = chain(0);
      const holdingAt = main.stages.findIndex((stage) => stage !== undefined && isHolding(stage));
      return {
        head: main.head,
        counter: main.counter!,
        sink: main.sink,
        partial() {
          // Rows before the first holding stage went straight through to the sink.
          if (holdingAt < 0) return [...main.sink.rows];
          // The rest of the chain anew, fed what the holding stage holds now, then finished.
          const rest = chain(holdingAt + 1);
          (main.stages[holdingAt] as HoldingStage).emitTo(rest.head);
          rest.head.finish();
          return rest.sink.rows;
        },
      };
    },
  };
}

/** A sort followed directly by a limit (or the end) needs to keep only that many rows. */
function keepFor(next: Stage): number | undefined {
  if (next instanceof LimitStage) return (next as unknown as { max: number }).max;
  if (next instanceof MatchCounter) return keepFor((next as unknown as { next: Stage }).next);
  if (next instanceof Sink) return (next as unknown as { max: number }).max;
  return undefined;
}

function compileCommand(c: Command, s: State, implicitSort: () => void): void {
  switch (c.cmd) {
    case 'filter': {
      const cond = compileExpr(c.expr, scope(s));
      s.factories.push((next) => new FilterStage(cond, next));
      return;
    }
    case 'fields': {
      const sets: { name: string; expr: CExpr }[] = [];
      for (const p of c.items) {
        const expr = compileExpr(p.expr, scope(s));
        const name = nameOf(p);
        addColumn(s, name, expr.time);
        if (p.alias !== undefined || p.expr.k !== 'field') sets.push({ name, expr });
        s.known?.add(name);
      }
      if (sets.length) s.factories.push((next) => new FieldsStage(sets, next));
      return;
    }
    case 'display': {
      for (const n of c.names) if (s.known && !s.known.has(n)) throw malformed(`Unknown symbols found in or after stats: ${n}`, c.loc);
      const time = new Set([...s.time].filter((n) => c.names.includes(n)));
      s.columns = [...c.names];
      s.time = new Set([...time, ...['@timestamp', '@ingestionTime'].filter((n) => !s.columns!.includes(n))]);
      return;
    }
    case 'parse': {
      const source = compileExpr(c.source, scope(s));
      let re;
      let names: { name: string; group: number | string }[];
      if (c.glob !== undefined) {
        const pieces = c.glob.split('*');
        if (pieces.length - 1 !== c.names!.length) {
          throw malformed(`The pattern of parse has ${pieces.length - 1} wildcards but ${c.names!.length} field names follow as.`, c.loc);
        }
        // Each * matches as little as it can up to the text that follows it; a * that ends the pattern takes the rest.
        const body = pieces.map(escapeRegex).reduce((acc, p, i) => (i === 0 ? p : `${acc}${i === pieces.length - 1 && p === '' ? '(.*)' : '(.*?)'}${p}`), '');
        re = compileRegex(`(?s)${body}`, s.query, c.loc);
        names = c.names!.map((name, i) => ({ name, group: i + 1 }));
      } else {
        re = compileRegex(c.regex!, s.query, c.loc);
        const groups = [...c.regex!.matchAll(/\(\?P?<([A-Za-z_][A-Za-z0-9_]*)>/g)].map((m) => m[1]);
        if (groups.length === 0) throw malformed('The regular expression of parse must name its capture groups: (?<name>...).', c.loc);
        names = groups.map((g) => ({ name: g, group: g }));
      }
      for (const n of names) {
        addColumn(s, n.name, false);
        s.known?.add(n.name);
      }
      s.factories.push((next) => new ParseStage(source, re, names, next));
      return;
    }
    case 'stats': {
      markCounter(s);
      compileStats(c, s);
      return;
    }
    case 'sort': {
      const keys = c.keys.map((k) => ({ expr: compileExpr(k.expr, scope(s)), desc: k.desc }));
      markCounter(s);
      s.factories.push((next) => new SortStage(keys, keepFor(next), next));
      s.sorted = true;
      return;
    }
    case 'dedup': {
      for (const n of c.names) if (s.known && !s.known.has(n)) throw malformed(`Unknown symbols found in or after stats: ${n}`, c.loc);
      implicitSort();
      markCounter(s);
      s.factories.push((next) => new DedupStage(c.names, next));
      return;
    }
    case 'pattern': {
      if (containsAggregate(c.source)) throw malformed(`Aggregate functions are not allowed in pattern.`, c.source.loc);
      const source = compileExpr(c.source, scope(s));
      markCounter(s);
      s.columns = [...PATTERN_COLUMNS];
      s.time = new Set();
      s.known = new Set(PATTERN_COLUMNS);
      s.aggregated = true;
      s.factories.push((next) => new PatternStage(source, next));
      return;
    }
    case 'unnest': {
      const source = compileExpr(c.source, scope(s));
      addColumn(s, c.name, false);
      s.known?.add(c.name);
      const name = c.name;
      s.factories.push((next) => new UnnestStage(source, name, next));
      return;
    }
    case 'limit': {
      if (c.n < 1 || c.n > MAX_RESULT_ROWS) throw malformed(`limit must be between 1 and ${MAX_RESULT_ROWS}: ${c.n}`, c.loc);
      if (c.any) s.limitAny = true;
      else implicitSort();
      markCounter(s);
      s.limitCmd = Math.min(s.limitCmd ?? MAX_RESULT_ROWS, c.n);
      const n = c.n;
      s.factories.push((next) => new LimitStage(n, next));
      return;
    }
  }
}

function compileStats(c: Extract<Command, { cmd: 'stats' }>, s: State): void {
  const slots: AggregateSlot[] = [];
  let needsTime = false;
  const by = c.by.map((p) => {
    const expr = compileExpr(p.expr, scope(s));
    if (containsAggregate(p.expr)) throw malformed(`Aggregate functions are not allowed after by: ${p.text}`, p.expr.loc);
    return { name: nameOf(p), expr };
  });
  const outputs = c.aggs.map((p) => {
    if (!containsAggregate(p.expr)) throw malformed(`stats needs an aggregate function such as count(), sum() or avg(): ${p.text}`, p.expr.loc);
    let time = false;
    const expr = compileExpr(p.expr, {
      query: s.query,
      run: s.run,
      aggregateSlot: (call) => {
        const f = AGGREGATE_FUNCTIONS[call.fn];
        if (call.star && !f.star) throw malformed(`${call.fn}(*) is not valid: only count takes *.`, call.loc);
        const n = call.args.length;
        if (!call.star && (n < f.min || n > f.max)) {
          throw malformed(`Wrong number of arguments to ${call.fn}: ${n} (expected ${f.min === f.max ? f.min : `${f.min} to ${f.max}`}).`, call.loc);
        }
        if (call.args.some(containsAggregate)) throw malformed(`Aggregate functions cannot be nested: ${s.query.slice(call.loc.start, call.loc.end)}`, call.loc);
        const consts = call.args.slice(1).map((a) => {
          if (a.k !== 'num') throw malformed(`${call.fn} expects a number as its second argument.`, a.loc);
          return a.v;
        });
        if ((call.fn === 'pct' || call.fn === 'percentile') && !(consts[0] >= 0 && consts[0] <= 100)) {
          throw malformed(`The percentile of ${call.fn} must be between 0 and 100.`, call.loc);
        }
        const arg = n === 0 ? undefined : compileExpr(call.args[0], scope(s));
        if (arg?.time && f.keepsTime && p.expr === call) time = true;
        if (call.fn === 'earliest' || call.fn === 'latest') needsTime = true;
        slots.push({ arg, create: () => f.create(consts) });
        return slots.length - 1;
      },
    });
    return { name: nameOf(p), expr: { eval: expr.eval, time: time || expr.time } };
  });
  s.columns = [];
  s.time = new Set();
  for (const b of by) addColumn(s, b.name, b.expr.time);
  for (const o of outputs) addColumn(s, o.name, o.expr.time);
  s.known = new Set(s.columns);
  s.aggregated = true;
  s.factories.push((next) => new StatsStage(by, slots, outputs, next, needsTime));
}

function containsAggregate(e: Expr): boolean {
  switch (e.k) {
    case 'call':
      return !!AGGREGATE_FUNCTIONS[e.fn] || e.args.some(containsAggregate);
    case 'bin':
      return containsAggregate(e.l) || containsAggregate(e.r);
    case 'not':
    case 'neg':
      return containsAggregate(e.e);
    case 'like':
    case 'in':
      return containsAggregate(e.e);
    default:
      return false;
  }
}

const SYSTEM_FIELDS = new Set(['@timestamp', '@message', '@logStream', '@log', '@ingestionTime', '@ptr']);

/**
 * Every name the query may read from an event (commands up to the first stats; after it rows are stats rows), as
 * top-level JSON keys (`a.b.c` reads `a`, or a key `a.b.c`).
 */
function jsonKeysOf(commands: Command[]): { jsonKeys: Set<string>; jsonNames: Set<string> } {
  const names = new Set<string>();
  const visit = (e: Expr): void => {
    switch (e.k) {
      case 'field':
        names.add(e.name);
        return;
      case 'call':
        e.args.forEach(visit);
        return;
      case 'bin':
        visit(e.l);
        visit(e.r);
        return;
      case 'not':
      case 'neg':
        visit(e.e);
        return;
      case 'like':
        visit(e.e);
        return;
      case 'in':
        visit(e.e);
        e.list.forEach(visit);
        return;
      case 'list':
        e.items.forEach(visit);
        return;
      default:
        return;
    }
  };
  for (const c of commands) {
    if (c.cmd === 'fields') c.items.forEach((p) => visit(p.expr));
    else if (c.cmd === 'filter') visit(c.expr);
    else if (c.cmd === 'stats') {
      [...c.aggs, ...c.by].forEach((p) => visit(p.expr));
      break;
    }
    else if (c.cmd === 'sort') c.keys.forEach((k) => visit(k.expr));
    else if (c.cmd === 'parse') visit(c.source);
    else if (c.cmd === 'unnest') visit(c.source);
    else if (c.cmd === 'pattern') {
      visit(c.source);
      break;
    }
    else if (c.cmd === 'display' || c.cmd === 'dedup') c.names.forEach((n) => names.add(n));
  }
  const keys = new Set<string>();
  const jsonNames = new Set<string>();
  for (const n of names) {
    if (SYSTEM_FIELDS.has(n)) continue;
    keys.add(n);
    jsonNames.add(n);
    const dot = n.indexOf('.');
    if (dot > 0) keys.add(n.slice(0, dot));
  }
  return { jsonKeys: keys, jsonNames };
}

function escapeRegex(s: string): string {
  return s.replace(/[\\^$.|?*+()[\]{}]/g, '\\$&');
}

export { slotName };
