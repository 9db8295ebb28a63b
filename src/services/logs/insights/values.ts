// Values inside a query: strings and numbers as log fields hold them, booleans from conditions, undefined for a
// field an event doesn't have, and the maps and lists jsonParse() makes (structure types). Comparisons are numeric
// when both sides read as numbers, textual otherwise.

/** A MAP or LIST from jsonParse(): read by dotted path (`js.a.b`, `js.list.0`), shown and compared as its JSON. */
export class Structure {
  constructor(readonly v: Record<string, unknown> | unknown[]) {}
  get isList(): boolean {
    return Array.isArray(this.v);
  }
  toString(): string {
    return JSON.stringify(this.v);
  }
}

export type Value = string | number | boolean | Structure | undefined;

/** A JSON value as a query value: objects and arrays stay structures, booleans read as text, null is absent. */
export function fromJson(v: unknown): Value {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string' || typeof v === 'number') return v;
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'object') return new Structure(v as Record<string, unknown> | unknown[]);
  return undefined;
}

/** The member `path` (dot-separated keys or list indexes) of a structure, or undefined. */
export function walkStructure(s: Structure, path: readonly string[]): Value {
  let at: unknown = s.v;
  for (const part of path) {
    if (at === null || typeof at !== 'object') return undefined;
    if (!Object.prototype.hasOwnProperty.call(at, part)) return undefined;
    at = (at as Record<string, unknown>)[part];
  }
  return fromJson(at);
}

/**
 * A dotted name read from values a query set (`fields jsonParse(@message) as js` then `js.a.b`): the longest
 * prefix that names a structure, walked for the rest. Undefined when no prefix does.
 */
export function structureMember(values: ReadonlyMap<string, Value>, name: string): Value {
  for (let dot = name.lastIndexOf('.'); dot > 0; dot = name.lastIndexOf('.', dot - 1)) {
    const base = values.get(name.slice(0, dot));
    if (base instanceof Structure) return walkStructure(base, name.slice(dot + 1).split('.'));
  }
  return undefined;
}

export function toNumber(v: Value): number {
  if (typeof v === 'number') return v;
  if (typeof v !== 'string') return NaN;
  const s = v.trim();
  return s === '' ? NaN : Number(s);
}

export function toText(v: Value): string | undefined {
  if (v === undefined) return undefined;
  return typeof v === 'string' ? v : String(v);
}

export function truthy(v: Value): boolean {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0 && !Number.isNaN(v);
  return v !== undefined && v !== '' && v !== 'false';
}

/** Orders two present values: numerically when both are numbers (or numeric text), else as text. */
export function compareValues(a: Exclude<Value, undefined>, b: Exclude<Value, undefined>): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const x = toNumber(a);
  const y = toNumber(b);
  if (!Number.isNaN(x) && !Number.isNaN(y)) return x - y;
  const s = String(a);
  const t = String(b);
  return s < t ? -1 : s > t ? 1 : 0;
}

/** Sort order with absent values last whatever the direction; present values in `naturalOrder`. */
export function compareForSort(a: Value, b: Value, desc: boolean): number {
  if (a === undefined) return b === undefined ? 0 : 1;
  if (b === undefined) return -1;
  const c = naturalOrder(a, b);
  return desc ? -c : c;
}

const NUMBER_TEXT = /^[+-]?[0-9]+(\.[0-9]+)?$/;
const isDigit = (c: number) => c >= 48 && c <= 57;

/**
 * The ascending order of `sort` as AWS documents it (natural sorting): every value that is not a number comes
 * before every number (a number value holds only a number: 12, "12", "-1.5", never "12a"); numbers by value; other
 * values are cut into runs of digits and runs of other characters, compared run by run: two digit runs by length,
 * then by their digits; otherwise by Unicode code units (so "5A" < "111A" < "2345_" < "@" < "A" < "a12").
 */
export function naturalOrder(a: Exclude<Value, undefined>, b: Exclude<Value, undefined>): number {
  const an = typeof a === 'number' || (typeof a === 'string' && NUMBER_TEXT.test(a));
  const bn = typeof b === 'number' || (typeof b === 'string' && NUMBER_TEXT.test(b));
  if (an || bn) {
    if (!(an && bn)) return an ? 1 : -1;
    const x = typeof a === 'number' ? a : Number(a);
    const y = typeof b === 'number' ? b : Number(b);
    if (x !== y) return x < y ? -1 : 1;
    // Equal numbers as written ("01" before "1").
    const p = String(a);
    const q = String(b);
    return p < q ? -1 : p > q ? 1 : 0;
  }
  const s = String(a);
  const t = String(b);
  let i = 0;
  let j = 0;
  while (i < s.length && j < t.length) {
    const sd = isDigit(s.charCodeAt(i));
    let ie = i + 1;
    while (ie < s.length && isDigit(s.charCodeAt(ie)) === sd) ie++;
    const td = isDigit(t.charCodeAt(j));
    let je = j + 1;
    while (je < t.length && isDigit(t.charCodeAt(je)) === td) je++;
    const x = s.slice(i, ie);
    const y = t.slice(j, je);
    if (sd && td && x.length !== y.length) return x.length - y.length;
    if (x !== y) {
      // Runs of one kind: code-unit order, a run that is a prefix of the other first.
      const n = Math.min(x.length, y.length);
      for (let k = 0; k < n; k++) if (x.charCodeAt(k) !== y.charCodeAt(k)) return x.charCodeAt(k) - y.charCodeAt(k);
      return x.length - y.length;
    }
    i = ie;
    j = je;
  }
  return s.length - i - (t.length - j);
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** How Logs Insights shows a time: `2026-12-06 07:30:00.000` (UTC). */
export function formatTime(ms: number): string {
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) return String(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}`;
}

/** A result value as text; numbers without float noise beyond what a double prints. */
export function formatValue(v: Value, time: boolean): string | undefined {
  if (v === undefined) return undefined;
  if (time && typeof v === 'number') return formatTime(v);
  return typeof v === 'string' ? v : String(v);
}
