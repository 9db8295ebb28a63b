/**
 * One entry point for every kind of filter pattern: `compileFilterPattern` decides the kind from the first non-blank
 * character (`{` JSON, `[` space-delimited, `%…%` alone a regex, otherwise text terms; empty matches everything),
 * parses once, and returns a matcher to reuse for every event.
 */
import { FilterPatternError } from './errors.js';
import { Cursor } from './cursor.js';
import { readRegex } from './regex.js';
import { parseTextPattern, textMatcher } from './text.js';
import { evaluateJson, jsonPrefilter, jsonRequiredSubstrings, parseJsonPattern } from './json-pattern.js';
import { firstReached } from './json-selector.js';
import { extractedValues, matchDelimited, parseDelimitedPattern, type DelimitedPattern } from './delimited.js';
import { parseMetricSelector, type MetricSelector } from './metric.js';

/** FilterPattern's length limit (model: 0–1024). */
export const MAX_FILTER_PATTERN_LENGTH = 1024;

export type PatternKind = 'all' | 'text' | 'regex' | 'json' | 'delimited';

export interface CompiledPattern {
  readonly source: string;
  readonly kind: PatternKind;
  /** Number of `%…%` regular expressions in the pattern. */
  readonly regexCount: number;
  matches(message: string): boolean;
  /**
   * A necessary condition for `matches`, for stores that can test it where the events are (the PostgreSQL table
   * store): every list has one string the message contains (case-sensitive substrings). Empty when none is known
   * (regular expressions, space-delimited patterns, patterns that need no literal); `matches` still decides.
   */
  readonly requiredSubstrings: readonly (readonly string[])[];
  /**
   * A metric value from an event: `$.path` (JSON patterns; numbers come back as numbers) or `$name` / `$N`
   * (space-delimited patterns; strings, as AWS extracts them). Undefined when the event does not have the field
   * (or, for space-delimited patterns, does not match). Throws FilterPatternError for a malformed reference.
   */
  extract(message: string, selector: string): string | number | undefined;
  /** TestMetricFilter's extractedValues: `$name`/`$N` → value for space-delimited patterns, `{}` otherwise. */
  extractedValues(message: string): Record<string, string>;
  /** Metric dimensions (name → field reference) of an event; a dimension whose field is absent is left out. */
  extractDimensions(message: string, dimensions: Readonly<Record<string, string>>): Record<string, string>;
  /** Throws FilterPatternError unless the reference can be extracted from events of this pattern. */
  checkSelector(selector: string): void;
}

export function compileFilterPattern(pattern: string): CompiledPattern {
  if (typeof pattern !== 'string') throw new FilterPatternError('the filter pattern must be a string', 0);
  if (pattern.length > MAX_FILTER_PATTERN_LENGTH) {
    throw new FilterPatternError(`the filter pattern is ${pattern.length} characters; the maximum is ${MAX_FILTER_PATTERN_LENGTH}`, MAX_FILTER_PATTERN_LENGTH);
  }
  const trimmed = pattern.trim();
  if (trimmed.length === 0) return plain(pattern, 'all', 0, () => true, []);
  const first = trimmed[0];
  if (first === '{') return compileJson(pattern);
  if (first === '[') return compileDelimited(pattern);
  if (first === '%' && trimmed.length > 1 && trimmed.endsWith('%') && isOneRegex(trimmed)) {
    const start = pattern.indexOf('%');
    const cur: Cursor = new Cursor(pattern, start);
    const regex = readRegex(cur);
    return plain(pattern, 'regex', 1, (m) => regex.test(m), []);
  }
  const text = parseTextPattern(pattern);
  const matcher = textMatcher(text);
  const kind = text.required.length + text.optional.length + text.excluded.length === 0 ? 'all' : 'text';
  // Every plain term is needed; `?` terms (only when alone) are needed one of them; `-` terms give no literal.
  const required = text.required.length > 0 || text.excluded.length > 0 ? text.required.map((t) => [t]) : text.optional.length > 0 ? [[...text.optional]] : [];
  return plain(pattern, kind, 0, matcher, required);
}

/** `%a%` is one regex; `%a% %b%` is not (it is then read as text terms, which refuses it clearly). */
function isOneRegex(trimmed: string): boolean {
  return trimmed.indexOf('%', 1) === trimmed.length - 1;
}

function noFields(kind: PatternKind): never {
  throw new FilterPatternError(`field references need a JSON or space-delimited filter pattern, not a ${kind} pattern`, 0);
}

function plain(source: string, kind: PatternKind, regexCount: number, matches: (m: string) => boolean, requiredSubstrings: string[][]): CompiledPattern {
  return {
    source,
    kind,
    regexCount,
    matches,
    requiredSubstrings,
    extract: (_m, selector) => {
      parseMetricSelector(selector);
      return noFields(kind);
    },
    extractedValues: () => ({}),
    extractDimensions: () => noFields(kind),
    checkSelector: (selector) => {
      parseMetricSelector(selector);
      noFields(kind);
    },
  };
}

function selectorCache(check: (s: MetricSelector) => void): (text: string) => MetricSelector {
  const cache = new Map<string, MetricSelector>();
  return (text) => {
    let s = cache.get(text);
    if (!s) {
      s = parseMetricSelector(text);
      check(s);
      if (cache.size < 64) cache.set(text, s);
    }
    return s;
  };
}

function compileJson(source: string): CompiledPattern {
  const { expr, regexCount } = parseJsonPattern(source);
  const prefilter = jsonPrefilter(expr);
  // The last parsed event is kept so that matches, extract and extractDimensions on one event parse it once.
  let lastMessage: string | undefined;
  let lastParsed: unknown;
  const parse = (m: string): unknown => {
    if (m === lastMessage) return lastParsed;
    let parsed: unknown;
    try {
      parsed = JSON.parse(m);
    } catch {
      parsed = undefined;
    }
    lastMessage = m;
    lastParsed = parsed;
    return parsed;
  };
  const selectorOf = selectorCache((s) => {
    if (s.kind !== 'json') throw new FilterPatternError(`'${s.text}' is a space-delimited field reference; a JSON pattern needs $.path`, 0);
  });
  const valueAt = (m: string, text: string): unknown => {
    const s = selectorOf(text);
    if (s.kind !== 'json') return undefined;
    const event = parse(m);
    return event === undefined ? undefined : firstReached(event, s.selector.steps);
  };
  const asMetric = (v: unknown): string | number | undefined =>
    typeof v === 'number' || typeof v === 'string' ? v : typeof v === 'boolean' ? String(v) : undefined;
  return {
    source,
    kind: 'json',
    regexCount,
    requiredSubstrings: jsonRequiredSubstrings(expr),
    matches(m) {
      if (!prefilter(m)) return false;
      const event = parse(m);
      return event !== undefined && typeof event === 'object' && event !== null && evaluateJson(expr, event);
    },
    extract: (m, selector) => asMetric(valueAt(m, selector)),
    extractedValues: () => ({}),
    extractDimensions(m, dimensions) {
      const out: Record<string, string> = {};
      for (const [name, ref] of Object.entries(dimensions)) {
        const v = asMetric(valueAt(m, ref));
        if (v !== undefined) out[name] = String(v);
      }
      return out;
    },
    checkSelector: (selector) => void selectorOf(selector),
  };
}

function compileDelimited(source: string): CompiledPattern {
  const pattern: DelimitedPattern = parseDelimitedPattern(source);
  let lastMessage: string | undefined;
  let lastMatch: ReturnType<typeof matchDelimited>;
  const match = (m: string) => {
    if (m !== lastMessage) {
      lastMatch = matchDelimited(pattern, m);
      lastMessage = m;
    }
    return lastMatch;
  };
  const selectorOf = selectorCache((s) => {
    if (s.kind === 'json') throw new FilterPatternError(`'${s.text}' is a JSON field reference; a space-delimited pattern needs $name or $N`, 0);
    if (s.kind === 'field' && !pattern.names.has(s.name)) {
      throw new FilterPatternError(`'${s.text}' names no field of the pattern ${source.trim()}`, 1);
    }
  });
  const valueAt = (m: string, text: string): string | undefined => {
    const s = selectorOf(text);
    const found = match(m);
    if (!found) return undefined;
    if (s.kind === 'field') return found.values[pattern.names.get(s.name) as number];
    if (s.kind === 'position') return found.fields.values[s.index - 1];
    return undefined;
  };
  return {
    source,
    kind: 'delimited',
    regexCount: pattern.regexCount,
    requiredSubstrings: [],
    matches: (m) => match(m) !== undefined,
    extract: valueAt,
    extractedValues(m) {
      const found = match(m);
      return found ? extractedValues(pattern, found) : {};
    },
    extractDimensions(m, dimensions) {
      const out: Record<string, string> = {};
      for (const [name, ref] of Object.entries(dimensions)) {
        const v = valueAt(m, ref);
        if (v !== undefined) out[name] = v;
      }
      return out;
    },
    checkSelector: (selector) => void selectorOf(selector),
  };
}
