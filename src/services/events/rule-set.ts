// Matching one event against many rules: every rule's pattern is compiled once (cached by its text), the event is
// flattened once, and a rule whose pattern names a path the event lacks is skipped before its tree runs, unless the
// pattern can match an absent field (exists: false, or under $or).
import { compilePatternText, flattenEvent, type CompiledPattern } from './pattern/index.js';

export interface RuleEntry<R> {
  rule: R;
  pattern: CompiledPattern;
}

const cache = new Map<string, CompiledPattern>();
const MAX_CACHE = 20_000;

export function compiledPattern(text: string): CompiledPattern {
  let p = cache.get(text);
  if (!p) {
    p = compilePatternText(text);
    if (cache.size >= MAX_CACHE) cache.clear();
    cache.set(text, p);
  }
  return p;
}

/** The rules whose pattern matches the event (a parsed JSON object). */
export function matchRules<R>(rules: readonly RuleEntry<R>[], event: unknown): R[] {
  const flat = flattenEvent(event);
  const out: R[] = [];
  for (const r of rules) if (r.pattern.matches(flat)) out.push(r.rule);
  return out;
}
