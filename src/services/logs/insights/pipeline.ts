/**
 * A compiled query: a chain of stages that rows are pushed through, one event at a time. Per-event stages (fields,
 * parse, filter) transform or drop rows as they come; stats, sort and dedup hold what they need and pass their
 * rows on at the end; limit stops the chain (and, when nothing before it waits for the end, the scan).
 */
import type RE2 from 're2';
import type { Accumulator } from './aggregates.js';
import { EventRow, MapRow, OverlayRow, type Row } from './event-row.js';
import type { CExpr } from './expressions.js';
import { compareForSort, fromJson, Structure, truthy, type Value } from './values.js';

export interface Stage {
  /** False when no more rows are wanted. */
  push(row: Row): boolean;
  finish(): void;
}

/**
 * A stage that holds rows until the end (stats, sort). `emitTo` pushes what `finish` would pass on if the input
 * ended now into another chain, changing nothing here: the partial results GetQueryResults answers while a query runs.
 */
export interface HoldingStage extends Stage {
  emitTo(next: Stage): void;
}

export const isHolding = (stage: Stage): stage is HoldingStage => typeof (stage as Partial<HoldingStage>).emitTo === 'function';

export class FilterStage implements Stage {
  constructor(
    private readonly cond: CExpr,
    private readonly next: Stage,
  ) {}
  push(row: Row): boolean {
    return truthy(this.cond.eval(row)) ? this.next.push(row) : true;
  }
  finish(): void {
    this.next.finish();
  }
}

export class FieldsStage implements Stage {
  constructor(
    private readonly sets: { name: string; expr: CExpr }[],
    private readonly next: Stage,
  ) {}
  push(row: Row): boolean {
    // All values are read before any is set, so `fields a + 1 as a, a` sees the event's own a.
    const values = this.sets.map((s) => s.expr.eval(row));
    for (let i = 0; i < values.length; i++) row.set(this.sets[i].name, values[i]);
    return this.next.push(row);
  }
  finish(): void {
    this.next.finish();
  }
}

export class ParseStage implements Stage {
  constructor(
    private readonly source: CExpr,
    private readonly re: RE2,
    /** Output names by capture group (glob: positional; regex: named groups). */
    private readonly names: { name: string; group: number | string }[],
    private readonly next: Stage,
  ) {}
  push(row: Row): boolean {
    const v = this.source.eval(row);
    if (v !== undefined) {
      const m = this.re.exec(String(v));
      if (m) {
        for (const { name, group } of this.names) {
          const g = typeof group === 'number' ? m[group] : m.groups?.[group];
          if (g !== undefined) row.set(name, g);
        }
      }
    }
    return this.next.push(row);
  }
  finish(): void {
    this.next.finish();
  }
}

/** Counts the rows that got through the per-event stages: the query's recordsMatched. */
export class MatchCounter implements Stage {
  matched = 0;
  constructor(private readonly next: Stage) {}
  push(row: Row): boolean {
    this.matched++;
    return this.next.push(row);
  }
  finish(): void {
    this.next.finish();
  }
}

export interface AggregateSlot {
  create(): Accumulator;
  /** The argument's value per row (undefined for count(*), which counts rows). */
  arg?: CExpr;
}

export class StatsStage implements HoldingStage {
  private readonly groups = new Map<unknown, { keys: Value[]; accs: Accumulator[] }>();
  private readonly single: boolean;
  /** earliest() and latest() need each row's @timestamp. */
  private readonly needsTime: boolean;

  constructor(
    private readonly by: { name: string; expr: CExpr }[],
    private readonly slots: AggregateSlot[],
    private readonly outputs: { name: string; expr: CExpr }[],
    private readonly next: Stage,
    needsTime = true,
  ) {
    this.single = by.length === 1;
    this.needsTime = needsTime;
  }

  push(row: Row): boolean {
    let key: unknown;
    let keys: Value[] | undefined;
    let v: Value;
    if (this.single) {
      // The group's key list is made only for a new group: nothing is allocated per event.
      v = this.by[0].expr.eval(row);
      key = v instanceof Structure ? `j${String(v)}` : v;
    } else {
      keys = this.by.map((b) => b.expr.eval(row));
      key = keys.length === 0 ? '' : keys.map((k) => (k === undefined ? '\u0002' : typeof k === 'number' ? `n${k}` : `s${String(k)}`)).join('\u0001');
    }
    let g = this.groups.get(key);
    if (!g) {
      g = { keys: keys ?? [v], accs: this.slots.map((s) => s.create()) };
      this.groups.set(key, g);
    }
    const ts = this.needsTime ? row.get('@timestamp') : 0;
    const t = typeof ts === 'number' ? ts : 0;
    for (let i = 0; i < this.slots.length; i++) {
      const arg = this.slots[i].arg;
      g.accs[i].add(arg ? arg.eval(row) : true, t);
    }
    return true;
  }

  finish(): void {
    this.emitTo(this.next);
    this.next.finish();
  }

  emitTo(next: Stage): void {
    // A stats without `by` answers one row even over no events (count 0).
    const groups = this.by.length === 0 && this.groups.size === 0 ? [{ keys: [], accs: this.slots.map((s) => s.create()) }] : this.groups.values();
    for (const g of groups) {
      const slotRow = new MapRow();
      g.accs.forEach((a, i) => slotRow.set(`\u0000agg${i}`, a.result()));
      const out = new MapRow();
      this.by.forEach((b, i) => out.set(b.name, g.keys[i]));
      for (const o of this.outputs) out.set(o.name, o.expr.eval(slotRow));
      if (!next.push(out)) break;
    }
  }
}

export class SortStage implements HoldingStage {
  private rows: { row: Row; keys: Value[] }[] = [];
  constructor(
    private readonly keys: { expr: CExpr; desc: boolean }[],
    /** Only this many rows are wanted after sorting (a limit follows): the rest are dropped as we go. */
    private readonly keep: number | undefined,
    private readonly next: Stage,
  ) {}
  private compare = (a: { keys: Value[] }, b: { keys: Value[] }): number => {
    for (let i = 0; i < this.keys.length; i++) {
      const c = compareForSort(a.keys[i], b.keys[i], this.keys[i].desc);
      if (c !== 0) return c;
    }
    return 0;
  };
  push(row: Row): boolean {
    if (row instanceof EventRow) row.freeze();
    this.rows.push({ row, keys: this.keys.map((k) => k.expr.eval(row)) });
    if (this.keep !== undefined && this.rows.length >= 2 * this.keep + 1024) this.trim(this.keep);
    return true;
  }
  private trim(n: number): void {
    this.rows.sort(this.compare);
    this.rows.length = Math.min(this.rows.length, n);
  }
  finish(): void {
    this.rows.sort(this.compare);
    for (const r of this.rows) if (!this.next.push(r.row)) break;
    this.rows = [];
    this.next.finish();
  }

  emitTo(next: Stage): void {
    // Overlays: stages after the sort (fields, parse) set values on the rows they get, and these rows are pushed
    // again at the end.
    for (const r of [...this.rows].sort(this.compare)) if (!next.push(new OverlayRow(r.row))) break;
  }
}

export class DedupStage implements Stage {
  private readonly seen = new Set<string>();
  constructor(
    private readonly names: string[],
    private readonly next: Stage,
  ) {}
  push(row: Row): boolean {
    const values = this.names.map((n) => row.get(n));
    // Rows without one of the fields are not deduplicated.
    if (values.some((v) => v === undefined)) return this.next.push(row);
    const key = values.map((v) => `${typeof v}:${String(v)}`).join('\u0001');
    if (this.seen.has(key)) return true;
    this.seen.add(key);
    return this.next.push(row);
  }
  finish(): void {
    this.next.finish();
  }
}

/**
 * `unnest`: a row whose field holds a LIST becomes one row per member (the member under the new name, every other
 * field from the row); a MAP, string or number is a list of one; a row without the field, or with an empty list,
 * makes no rows.
 */
export class UnnestStage implements Stage {
  constructor(
    private readonly source: CExpr,
    private readonly name: string,
    private readonly next: Stage,
  ) {}
  push(row: Row): boolean {
    const v = this.source.eval(row);
    if (v === undefined) return true;
    const members = v instanceof Structure && Array.isArray(v.v) ? v.v.map(fromJson) : [v];
    if (members.length === 0) return true;
    // The copies outlive the scan's buffer.
    if (row instanceof EventRow) row.freeze();
    for (const m of members) {
      const copy = new OverlayRow(row);
      copy.set(this.name, m);
      if (!this.next.push(copy)) return false;
    }
    return true;
  }
  finish(): void {
    this.next.finish();
  }
}

export class LimitStage implements Stage {
  private n = 0;
  constructor(
    private readonly max: number,
    private readonly next: Stage,
  ) {}
  push(row: Row): boolean {
    if (this.n >= this.max) return false;
    this.n++;
    return this.next.push(row) && this.n < this.max;
  }
  finish(): void {
    this.next.finish();
  }
}

export class Sink implements Stage {
  readonly rows: Row[] = [];
  constructor(private readonly max: number) {}
  push(row: Row): boolean {
    if (row instanceof EventRow) row.freeze();
    if (this.rows.length < this.max) this.rows.push(row);
    return this.rows.length < this.max;
  }
  finish(): void {}
}
