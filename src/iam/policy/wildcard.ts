// Wildcard matching as IAM does it: `*` any run of characters, `?` one character; policy variables `${key}` (policy
// version 2012-10-17) are replaced by the request's values first, `${*}` `${?}` `${$}` standing for the literal
// characters. Actions match case-insensitively, resources and condition values case-sensitively.
import type { RequestValues } from './request-context.js';

const compiled = new Map<string, RegExp>();
const MAX_CACHED = 10_000;

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/**
 * Turns a pattern into a regex source; `undefined` when a policy variable has no value in the request (AWS: the
 * element then matches nothing). Without `values`, `${…}` is literal text.
 */
function patternSource(pattern: string, values?: RequestValues): string | undefined {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '$' && pattern[i + 1] === '{' && values) {
      const end = pattern.indexOf('}', i + 2);
      if (end > 0) {
        const resolved = resolveVariable(pattern.slice(i + 2, end), values);
        if (resolved === undefined) return undefined;
        out += escapeRegex(resolved);
        i = end;
        continue;
      }
    }
    out += c === '*' ? '.*' : c === '?' ? '.' : escapeRegex(c);
  }
  return out;
}

/** `${aws:username}`, `${aws:username, 'default'}`, `${*}`, `${?}`, `${$}`. */
export function resolveVariable(body: string, values: RequestValues): string | undefined {
  const inner = body.trim();
  if (inner === '*' || inner === '?' || inner === '$') return inner;
  const m = /^([^,]+?)\s*(?:,\s*'([^']*)')?$/.exec(inner);
  if (!m) return undefined;
  const found = values.get(m[1]!.trim().toLowerCase());
  if (found && found.length === 1) return found[0];
  return m[2];
}

export function hasVariables(pattern: string): boolean {
  return pattern.includes('${');
}

function regexFor(pattern: string, caseInsensitive: boolean, values?: RequestValues): RegExp | undefined {
  const useVars = values !== undefined && hasVariables(pattern);
  const cacheKey = `${caseInsensitive ? 'i' : 's'}${pattern}`;
  if (!useVars) {
    const hit = compiled.get(cacheKey);
    if (hit) return hit;
  }
  const source = patternSource(pattern, useVars ? values : undefined);
  if (source === undefined) return undefined;
  const re = new RegExp(`^${source}$`, caseInsensitive ? 'is' : 's');
  if (!useVars) {
    if (compiled.size >= MAX_CACHED) compiled.clear();
    compiled.set(cacheKey, re);
  }
  return re;
}

/** Case-sensitive wildcard match (resources, StringLike). */
export function wildcardMatch(pattern: string, value: string, values?: RequestValues): boolean {
  if (pattern === '*') return true;
  if (!pattern.includes('*') && !pattern.includes('?') && !(values && hasVariables(pattern))) return pattern === value;
  return regexFor(pattern, false, values)?.test(value) ?? false;
}

/** Case-insensitive wildcard match (actions: `macie2:List*`). */
export function actionMatch(pattern: string, action: string): boolean {
  if (pattern === '*') return true;
  if (!pattern.includes('*') && !pattern.includes('?')) return pattern.toLowerCase() === action.toLowerCase();
  return regexFor(pattern, true)!.test(action);
}

/** Splits an ARN into its six parts; the resource part keeps its colons. */
export function arnParts(arn: string): string[] | undefined {
  const parts = arn.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return undefined;
  return [...parts.slice(0, 5), parts.slice(5).join(':')];
}

/** ArnEquals/ArnLike: each of the six colon-delimited parts compared separately, wildcards within a part. */
export function arnMatch(pattern: string, arn: string, values?: RequestValues): boolean {
  if (pattern === '*') return true;
  const p = arnParts(pattern);
  const a = arnParts(arn);
  if (!p || !a) return false;
  return p.every((part, i) => wildcardMatch(part, a[i]!, values));
}
