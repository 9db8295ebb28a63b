// Values inside a query: strings and numbers as log fields hold them, booleans from conditions, undefined for a
// field an event doesn't have. Comparisons are numeric when both sides read as numbers, textual otherwise.

export type Value = string | number | boolean | undefined;

export function toNumber(v: Value): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean' || v === undefined) return NaN;
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
