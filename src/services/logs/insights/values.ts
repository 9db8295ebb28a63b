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

/** Sort order with absent values last whatever the direction. */
export function compareForSort(a: Value, b: Value, desc: boolean): number {
  if (a === undefined) return b === undefined ? 0 : 1;
  if (b === undefined) return -1;
  const c = compareValues(a, b);
  return desc ? -c : c;
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
