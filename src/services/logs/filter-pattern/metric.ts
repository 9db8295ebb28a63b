/**
 * Metric filter values and dimensions: `metricValue` is a number (`"1"`) or a field of the matched event — `$.path`
 * for JSON patterns, `$name` or `$N` (1-based field position) for space-delimited ones. Dimension values are field
 * references of the same form.
 */
import { Cursor } from './cursor.js';
import { FilterPatternError } from './errors.js';
import { readSelector, type JsonSelector } from './json-selector.js';
import { parseNumber } from './value.js';

export type MetricSelector =
  | { readonly kind: 'json'; readonly text: string; readonly selector: JsonSelector }
  | { readonly kind: 'field'; readonly text: string; readonly name: string }
  | { readonly kind: 'position'; readonly text: string; readonly index: number };

export type MetricValueSpec =
  | { readonly kind: 'constant'; readonly value: number }
  | { readonly kind: 'selector'; readonly selector: MetricSelector };

/** Parses `$.path`, `$name` or `$N`. */
export function parseMetricSelector(text: string): MetricSelector {
  if (!text.startsWith('$')) throw new FilterPatternError(`'${text}' is not a field reference: it must start with '$'`, 0);
  if (text.startsWith('$.') || text.startsWith('$[')) {
    const cur: Cursor = new Cursor(text);
    const selector = readSelector(cur);
    if (!cur.done) cur.fail(`unexpected ${cur.describeHere()} in the field reference`);
    if (selector.hasWildcard) cur.fail('a field reference cannot contain a wildcard', 0);
    return { kind: 'json', text, selector };
  }
  const name = text.slice(1);
  if (/^[1-9][0-9]{0,5}$/.test(name)) return { kind: 'position', text, index: Number(name) };
  if (!/^[A-Za-z0-9_\-@.]+$/.test(name)) {
    throw new FilterPatternError(`'${text}' is not a valid field reference ($.path, $name or $N)`, 1);
  }
  return { kind: 'field', text, name };
}

/** Parses a metricValue: a number, or a field reference. */
export function parseMetricValue(text: string): MetricValueSpec {
  const trimmed = text.trim();
  const n = parseNumber(trimmed);
  if (n !== undefined) return { kind: 'constant', value: n };
  if (trimmed.startsWith('$')) return { kind: 'selector', selector: parseMetricSelector(trimmed) };
  throw new FilterPatternError(`the metric value '${text}' must be a number or a field reference ($.path, $name or $N)`, 0);
}
