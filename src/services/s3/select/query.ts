// A parsed statement applied to records: how a path names a CSV column (by header name, case-insensitive unless
// double-quoted, or by position `_N`) or a JSON member, the FROM path that unnests JSON documents, and the
// result row each record (or, for aggregates, the whole input) gives.
import type { Expr, PathStep, SelectItem, Statement, Value } from './ast.js';
import { selectErrors } from './errors.js';
import { Aggregate, evaluate, matches, type Resolve } from './evaluate.js';
import type { ResultRow } from './output.js';
import { isAggregate } from './parser.js';

const POSITIONAL = /^_(\d+)$/;

function memberOf(value: Value, step: PathStep): Value {
  if (step.kind === 'wildcard') throw selectErrors.unsupportedSyntax('a [*] wildcard outside the FROM clause');
  if (step.kind === 'index') return Array.isArray(value) ? value[step.index] : undefined;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  if (Object.hasOwn(value, step.name)) return value[step.name];
  if (step.quoted) return undefined;
  const lower = step.name.toLowerCase();
  const key = Object.keys(value).find((k) => k.toLowerCase() === lower);
  return key === undefined ? undefined : value[key];
}

export class Query {
  private readonly alias: string;
  private header?: { exact: Map<string, number>; folded: Map<string, number>; names: string[] };

  constructor(readonly statement: Statement) {
    this.alias = (statement.from.alias ?? 'S3Object').toLowerCase();
  }

  get aggregates(): boolean {
    return this.statement.items !== '*' && this.statement.items.some((i) => isAggregate(i.expr));
  }

  setHeader(names: string[]): void {
    const exact = new Map<string, number>();
    const folded = new Map<string, number>();
    names.forEach((n, i) => {
      if (!exact.has(n)) exact.set(n, i);
      if (!folded.has(n.toLowerCase())) folded.set(n.toLowerCase(), i);
    });
    this.header = { exact, folded, names };
  }

  /** The path without its leading FROM alias. */
  private relative(steps: PathStep[]): PathStep[] {
    const head = steps[0];
    return head?.kind === 'field' && !head.quoted && head.name.toLowerCase() === this.alias && steps.length > 1 ? steps.slice(1) : steps;
  }

  csvResolver(fields: string[]): Resolve {
    return (steps) => {
      const rest = this.relative(steps);
      const step = rest[0];
      if (rest.length !== 1 || step?.kind !== 'field') return undefined;
      const pos = step.quoted ? null : POSITIONAL.exec(step.name);
      if (pos) {
        const n = Number(pos[1]);
        if (n < 1) throw selectErrors.invalidColumnIndex();
        return fields[n - 1];
      }
      const i = step.quoted ? this.header?.exact.get(step.name) : this.header?.folded.get(step.name.toLowerCase());
      return i === undefined ? undefined : fields[i];
    };
  }

  jsonResolver(record: Value): Resolve {
    return (steps) => {
      const rest = this.relative(steps);
      if (rest.length === 1 && rest[0]!.kind === 'field' && !rest[0]!.quoted && rest[0]!.name.toLowerCase() === this.alias) return record;
      let v: Value = record;
      for (const step of rest) {
        v = memberOf(v, step);
        if (v === undefined) return undefined;
      }
      return v;
    };
  }

  /** The records a JSON document gives through the FROM path (S3Object[*].a[*] unnests `a`). */
  *unnest(document: Value): Generator<Value> {
    const steps = this.statement.from.path[0]?.kind === 'wildcard' ? this.statement.from.path.slice(1) : this.statement.from.path;
    function* walk(v: Value, i: number): Generator<Value> {
      if (i === steps.length) {
        yield v;
        return;
      }
      const step = steps[i]!;
      if (step.kind === 'wildcard') {
        if (Array.isArray(v)) for (const item of v) yield* walk(item, i + 1);
        return;
      }
      const next = memberOf(v, step);
      if (next !== undefined) yield* walk(next, i + 1);
    }
    yield* walk(document, 0);
  }

  matches(resolve: Resolve): boolean {
    return matches(this.statement.where, resolve);
  }

  private names(items: SelectItem[]): string[] {
    return items.map((item, i) => {
      if (item.alias !== undefined) return item.alias;
      const e: Expr = item.expr;
      if (e.type === 'path') {
        const last = this.relative(e.steps).at(-1);
        if (last?.kind === 'field' && !(e.steps.length === 1 && last.name.toLowerCase() === this.alias)) return last.name;
      }
      return `_${i + 1}`;
    });
  }

  csvStarRow(fields: string[]): ResultRow {
    return { names: fields.map((_, i) => this.header?.names[i] ?? `_${i + 1}`), values: fields };
  }

  jsonStarRow(record: Value): ResultRow {
    if (record !== null && typeof record === 'object' && !Array.isArray(record)) return { names: Object.keys(record), values: Object.values(record) };
    return { names: ['_1'], values: [record] };
  }

  row(resolve: Resolve): ResultRow {
    const items = this.statement.items as SelectItem[];
    return { names: this.names(items), values: items.map((i) => evaluate(i.expr, resolve)) };
  }

  newAggregates(): { add(resolve: Resolve): void; row(): ResultRow } {
    const items = this.statement.items as SelectItem[];
    const aggs = items.map((i) => new Aggregate(i.expr as Extract<Expr, { type: 'call' }>));
    return {
      add: (resolve) => aggs.forEach((a) => a.add(resolve)),
      row: () => ({ names: this.names(items), values: aggs.map((a) => a.result()) }),
    };
  }
}
