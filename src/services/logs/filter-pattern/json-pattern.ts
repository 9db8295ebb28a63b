/**
 * JSON patterns: `{ SELECTOR OP VALUE }` conditions joined by `&&` and `||` (`&&` binds tighter) with parentheses,
 * plus `IS TRUE`, `IS FALSE`, `IS NULL` and `NOT EXISTS`. A message that is not valid JSON never matches.
 *
 * Guide-silent choices: keywords are accepted in any case (`is null`); at most 3 selectors with a wildcard per pattern
 * and one wildcard per selector (guide quotas); `!=` on a missing field is false (guide: missing property ⇒ false).
 *
 * Speed: before JSON.parse, a prefilter checks the literals any matching event must contain (the `"key"` of each
 * needed field, `true`/`false`/`null` for IS conditions, the fixed part of `=` strings), combined with the same
 * AND/OR shape as the pattern. JSON escapes mean a literal can be spelled differently, so a message containing a
 * backslash always goes to the parser: the prefilter only ever skips events that cannot match.
 */
import { Cursor } from './cursor.js';
import { anyReached, readSelector, type JsonSelector } from './json-selector.js';
import { readOperator, readValue, testJsonValue, type CompareOp, type ValueSpec } from './value.js';
import { MAX_REGEX_PER_PATTERN } from './regex.js';

/** Guide quota: "at most 3 wildcard selectors in a compound pattern". */
export const MAX_WILDCARD_SELECTORS = 3;

export type JsonExpr =
  | { readonly kind: 'and' | 'or'; readonly items: readonly JsonExpr[] }
  | { readonly kind: 'compare'; readonly selector: JsonSelector; readonly op: CompareOp; readonly value: ValueSpec }
  | { readonly kind: 'is'; readonly selector: JsonSelector; readonly what: 'TRUE' | 'FALSE' | 'NULL' }
  | { readonly kind: 'notExists'; readonly selector: JsonSelector };

export interface JsonPattern {
  readonly expr: JsonExpr;
  readonly regexCount: number;
}

/** Parses `src` (the whole pattern) whose first non-blank character is `{`. */
export function parseJsonPattern(src: string): JsonPattern {
  const cur: Cursor = new Cursor(src);
  cur.skipSpaces();
  const open = cur.pos;
  cur.pos++; // '{'
  let regexCount = 0;
  let wildcardSelectors = 0;
  const onRegex = (at: number) => {
    if (++regexCount > MAX_REGEX_PER_PATTERN) cur.fail(`a filter pattern can contain at most ${MAX_REGEX_PER_PATTERN} regular expressions`, at);
  };
  const onSelector = (sel: JsonSelector) => {
    if (sel.hasWildcard && ++wildcardSelectors > MAX_WILDCARD_SELECTORS) {
      cur.fail(`a JSON pattern can have at most ${MAX_WILDCARD_SELECTORS} selectors with a wildcard`, sel.position);
    }
  };

  const parseOr = (): JsonExpr => {
    const items = [parseAnd()];
    while (takeSymbol(cur, '||')) items.push(parseAnd());
    return items.length === 1 ? items[0] : { kind: 'or', items };
  };
  const parseAnd = (): JsonExpr => {
    const items = [parseUnit()];
    while (takeSymbol(cur, '&&')) items.push(parseUnit());
    return items.length === 1 ? items[0] : { kind: 'and', items };
  };
  const parseUnit = (): JsonExpr => {
    cur.skipSpaces();
    if (cur.peek() === '(') {
      const paren = cur.pos;
      cur.pos++;
      const inner = parseOr();
      cur.skipSpaces();
      if (cur.peek() !== ')') cur.fail(`expected ')' to close the '(' at position ${paren} but found ${cur.describeHere()}`);
      cur.pos++;
      return inner;
    }
    if (cur.peek() === '}' || cur.done) cur.fail('expected a condition such as $.field = "value"');
    const selector = readSelector(cur);
    onSelector(selector);
    cur.skipSpaces();
    const keywordAt = cur.pos;
    const word = readWord(cur);
    if (word === 'IS') {
      cur.skipSpaces();
      const whatAt = cur.pos;
      const what = readWord(cur);
      if (what === 'TRUE' || what === 'FALSE' || what === 'NULL') return { kind: 'is', selector, what };
      cur.fail(`expected TRUE, FALSE or NULL after IS (IS NOT is not supported)`, whatAt);
    }
    if (word === 'NOT') {
      cur.skipSpaces();
      const whatAt = cur.pos;
      if (readWord(cur) === 'EXISTS') return { kind: 'notExists', selector };
      cur.fail('expected EXISTS after NOT', whatAt);
    }
    if (word !== '') cur.fail(`unexpected '${word}' after the selector ${selector.text}`, keywordAt);
    const op = readOperator(cur);
    if (!op) cur.fail(`expected an operator (=, !=, <, <=, >, >=), IS or NOT EXISTS after ${selector.text} but found ${cur.describeHere()}`);
    const value = readValue(cur, op, '()&|}', onRegex);
    return { kind: 'compare', selector, op, value };
  };

  const expr = parseOr();
  cur.skipSpaces();
  if (cur.peek() !== '}') {
    if (cur.done) cur.fail(`missing the closing '}' of the JSON pattern opened at position ${open}`);
    cur.fail(`expected '&&', '||' or '}' but found ${cur.describeHere()}`);
  }
  cur.pos++;
  cur.skipSpaces();
  if (!cur.done) cur.fail(`unexpected ${cur.describeHere()} after the end of the JSON pattern`);
  return { expr, regexCount };
}

function takeSymbol(cur: Cursor, symbol: '&&' | '||'): boolean {
  cur.skipSpaces();
  if (cur.startsWith(symbol)) {
    cur.pos += 2;
    return true;
  }
  const c = cur.peek();
  if ((c === '&' || c === '|') && cur.peek(1) !== c) cur.fail(`expected '${c}${c}'`);
  return false;
}

/** An upper-cased keyword of letters at the cursor ('' when there is none). */
function readWord(cur: Cursor): string {
  const start = cur.pos;
  while (/[A-Za-z]/.test(cur.peek())) cur.pos++;
  return cur.src.slice(start, cur.pos).toUpperCase();
}

/** Every selector of the pattern. */
export function selectorsOf(expr: JsonExpr): JsonSelector[] {
  switch (expr.kind) {
    case 'and':
    case 'or':
      return expr.items.flatMap(selectorsOf);
    default:
      return [expr.selector];
  }
}

/** Evaluates the pattern against a parsed event. */
export function evaluateJson(expr: JsonExpr, event: unknown): boolean {
  switch (expr.kind) {
    case 'and':
      for (const item of expr.items) if (!evaluateJson(item, event)) return false;
      return true;
    case 'or':
      for (const item of expr.items) if (evaluateJson(item, event)) return true;
      return false;
    case 'compare': {
      const { op, value } = expr;
      return anyReached(event, expr.selector.steps, (v) => testJsonValue(value, op, v));
    }
    case 'is': {
      const want = expr.what === 'TRUE' ? true : expr.what === 'FALSE' ? false : null;
      return anyReached(event, expr.selector.steps, (v) => v === want);
    }
    case 'notExists':
      return !anyReached(event, expr.selector.steps, () => true);
  }
}

type Need = { readonly all: readonly Need[] } | { readonly any: readonly Need[] } | string | true;

function needOf(expr: JsonExpr): Need {
  switch (expr.kind) {
    case 'and':
      return simplify({ all: expr.items.map(needOf) });
    case 'or':
      return simplify({ any: expr.items.map(needOf) });
    case 'notExists':
      return true;
    case 'is': {
      const literal = expr.what.toLowerCase();
      return simplify({ all: [keyNeed(expr.selector), literal] });
    }
    case 'compare': {
      const needs: Need[] = [keyNeed(expr.selector)];
      if (expr.op === '=' && expr.value.kind === 'string' && expr.value.literal.length > 0) needs.push(expr.value.literal);
      return simplify({ all: needs });
    }
  }
}

function keyNeed(sel: JsonSelector): Need {
  return sel.lastKey === undefined ? true : JSON.stringify(sel.lastKey);
}

function simplify(need: Need): Need {
  if (typeof need !== 'object') return need;
  if ('all' in need) {
    const items = need.all.filter((n) => n !== true);
    if (items.length === 0) return true;
    if (items.length === 1) return items[0];
    // Longer literals are rarer: test them first so the AND fails early.
    return { all: [...items].sort((a, b) => (typeof b === 'string' ? b.length : 0) - (typeof a === 'string' ? a.length : 0)) };
  }
  if (need.any.some((n) => n === true)) return true;
  return need.any.length === 1 ? need.any[0] : need;
}

function needTester(need: Need): (m: string) => boolean {
  if (need === true) return () => true;
  if (typeof need === 'string') return (m) => m.indexOf(need) !== -1;
  if ('all' in need) {
    const tests = need.all.map(needTester);
    return (m) => {
      for (const t of tests) if (!t(m)) return false;
      return true;
    };
  }
  const tests = need.any.map(needTester);
  return (m) => {
    for (const t of tests) if (t(m)) return true;
    return false;
  };
}

/**
 * The literals of `jsonPrefilter` as a necessary condition in conjunctive form: a message the pattern matches
 * contains, for every list, one of its strings, or a backslash (a JSON escape may spell a literal otherwise). Empty
 * when no literal is needed. An `or` keeps one list per branch (its first), which only weakens the condition.
 */
export function jsonRequiredSubstrings(expr: JsonExpr): string[][] {
  const clauses = needClauses(needOf(expr));
  for (const c of clauses) c.push('\\');
  return clauses;
}

function needClauses(need: Need): string[][] {
  if (need === true) return [];
  if (typeof need === 'string') return [[need]];
  if ('all' in need) return need.all.flatMap(needClauses);
  const any: string[] = [];
  for (const branch of need.any) {
    const first = needClauses(branch)[0];
    if (first === undefined) return []; // a branch that needs nothing
    any.push(...first);
  }
  return [any];
}

/** A cheap test that is false only for messages that cannot match the pattern. */
export function jsonPrefilter(expr: JsonExpr): (message: string) => boolean {
  const need = needOf(expr);
  const literals = needTester(need);
  return (m) => {
    let i = 0;
    while (i < m.length && m.charCodeAt(i) <= 32) i++;
    const first = m.charCodeAt(i);
    if (first !== 123 /* { */ && first !== 91 /* [ */) return false;
    return need === true || literals(m) || m.indexOf('\\') !== -1;
  };
}
