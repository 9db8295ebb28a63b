/**
 * Comparison values of JSON and space-delimited patterns (`"x"`, `x*`, `404`, `1e+3`, `*`, `%re%`), how they are read,
 * and how a value from an event is tested against them. Behaviour where the guide is silent, chosen from its examples:
 * - `*` at the start and/or end of a string is a wildcard; a `*` in the middle is the literal character (older guide:
 *   `Ev*ent` matches only the text `Ev*ent`). A value made only of `*` (quoted or not) matches any present value.
 * - A number literal compares numerically with a number (JSON) or a field that reads as a number (delimited); with
 *   `=`/`!=` against a non-numeric string it compares the literal's text, so `{ $.code = 400 }` matches `"code":"400"`.
 * - Strings compare with the text of numbers and booleans as well (`{ $.flag = true }` matches `"flag":true`).
 */
import { Cursor, isSpace } from './cursor.js';
import { readRegex, type CompiledRegex } from './regex.js';

export type CompareOp = '=' | '!=' | '<' | '<=' | '>' | '>=';

export type ValueSpec =
  | { readonly kind: 'any' }
  | {
      readonly kind: 'string';
      readonly text: string;
      readonly matches: (s: string) => boolean;
      /** The wildcard-free part that any matching value contains ('' when none). */
      readonly literal: string;
    }
  | { readonly kind: 'number'; readonly value: number; readonly text: string }
  | { readonly kind: 'regex'; readonly regex: CompiledRegex };

const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** The number a text spells in the filter pattern number syntax, or undefined. */
export function parseNumber(text: string): number | undefined {
  if (text.length === 0 || text.length > 64 || !NUMBER.test(text)) return undefined;
  return Number(text);
}

/** Reads a comparison operator at the cursor, or returns undefined when there is none. */
export function readOperator(cur: Cursor): CompareOp | undefined {
  const c = cur.peek();
  const next = cur.peek(1);
  if (c === '=') {
    if (next === '=') cur.fail("'==' is not an operator; use '='");
    cur.pos++;
    return '=';
  }
  if (c === '!') {
    if (next !== '=') cur.fail("expected '!='");
    cur.pos += 2;
    return '!=';
  }
  if (c === '<' || c === '>') {
    if (next === '=') {
      cur.pos += 2;
      return (c + '=') as CompareOp;
    }
    cur.pos++;
    return c as CompareOp;
  }
  return undefined;
}

export function stringSpec(text: string): ValueSpec {
  if (text.length === 0) return { kind: 'string', text, matches: (s: string) => s === '', literal: '' };
  let start = 0;
  let end = text.length;
  while (start < end && text[start] === '*') start++;
  if (start === end) return { kind: 'any' };
  while (end > start && text[end - 1] === '*') end--;
  const core = text.slice(start, end);
  const leading = start > 0;
  const trailing = end < text.length;
  const matches =
    leading && trailing
      ? (s: string) => s.includes(core)
      : leading
        ? (s: string) => s.endsWith(core)
        : trailing
          ? (s: string) => s.startsWith(core)
          : (s: string) => s === core;
  return { kind: 'string', text, matches, literal: core };
}

/**
 * Reads the value after an operator. `stop` lists the characters that end an unquoted value besides blanks
 * (`)&|}` in JSON, `,]&|` in space-delimited patterns). `onRegex` is told of each regex so the caller can count them.
 */
export function readValue(cur: Cursor, op: CompareOp, stop: string, onRegex: (at: number) => void): ValueSpec {
  cur.skipSpaces();
  const at = cur.pos;
  const c = cur.peek();
  if (c === '') cur.fail(`expected a value after '${op}'`);
  let spec: ValueSpec;
  if (c === '%') {
    onRegex(at);
    spec = { kind: 'regex', regex: readRegex(cur) };
  } else if (c === '"') {
    spec = stringSpec(readQuoted(cur));
  } else {
    while (!cur.done) {
      const ch = cur.peek();
      if (isSpace(ch.charCodeAt(0)) || stop.includes(ch) || ch === '"') break;
      cur.pos++;
    }
    const text = cur.src.slice(at, cur.pos);
    if (text.length === 0) cur.fail(`expected a value after '${op}' but found ${cur.describeHere()}`);
    const n = parseNumber(text);
    spec = n !== undefined ? { kind: 'number', value: n, text } : stringSpec(text);
  }
  if (op !== '=' && op !== '!=') {
    if (spec.kind !== 'number') cur.fail(`the operator '${op}' needs a number`, at);
  }
  return spec;
}

/** Reads a double-quoted string at the cursor; `\"` and `\\` are the only escapes. */
export function readQuoted(cur: Cursor): string {
  const open = cur.pos;
  cur.pos++;
  let out = '';
  while (true) {
    if (cur.done) cur.fail('unterminated quoted string', open);
    const c = cur.peek();
    if (c === '"') break;
    if (c === '\\' && (cur.peek(1) === '"' || cur.peek(1) === '\\')) {
      out += cur.peek(1);
      cur.pos += 2;
      continue;
    }
    out += c;
    cur.pos++;
  }
  cur.pos++;
  return out;
}

function compareNumbers(op: CompareOp, a: number, b: number): boolean {
  switch (op) {
    case '=':
      return a === b;
    case '!=':
      return a !== b;
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
  }
}

function equalityResult(op: CompareOp, equal: boolean): boolean {
  return op === '=' ? equal : op === '!=' ? !equal : false;
}

/** Tests a value reached in a JSON event. Objects, arrays and null never compare (guide: both = and != fail). */
export function testJsonValue(spec: ValueSpec, op: CompareOp, v: unknown): boolean {
  if (v === null || typeof v === 'object' || v === undefined) return false;
  if (spec.kind === 'number') {
    if (typeof v === 'number') return compareNumbers(op, v, spec.value);
    return equalityResult(op, String(v) === spec.text);
  }
  if (spec.kind === 'any') return op === '=';
  const text = typeof v === 'string' ? v : String(v);
  return equalityResult(op, spec.kind === 'string' ? spec.matches(text) : spec.regex.test(text));
}

/** Tests one field of a space-delimited event. */
export function testFieldValue(spec: ValueSpec, op: CompareOp, field: string): boolean {
  if (spec.kind === 'number') {
    const n = parseNumber(field);
    if (n !== undefined) return compareNumbers(op, n, spec.value);
    return equalityResult(op, field === spec.text);
  }
  if (spec.kind === 'any') return op === '=';
  return equalityResult(op, spec.kind === 'string' ? spec.matches(field) : spec.regex.test(field));
}
