/**
 * JSON selectors (`$.a.b[0]`, `$.['cluster.name']`, `$.list[*].id`, `$.*`): parsing and walking an event with one.
 * Names are letters, digits, `_`, `-` and other characters that do not end a selector; keys with `.` or blanks go in
 * `['…']`. A selector has at most one wildcard (`[*]` or `.*`); a wildcard makes a condition true when it holds for
 * any of the values reached (the guide's `{ $.arrayKey[*] = %val.{2}% }` example).
 */
import type { Cursor } from './cursor.js';

export type SelectorStep =
  | { readonly kind: 'key'; readonly name: string }
  | { readonly kind: 'index'; readonly index: number }
  | { readonly kind: 'wildcard' };

export interface JsonSelector {
  readonly text: string;
  readonly position: number;
  readonly steps: readonly SelectorStep[];
  readonly hasWildcard: boolean;
  /** The last named key, which any event with this field contains as `"name"` (for the prefilter). */
  readonly lastKey: string | undefined;
}

const NAME_STOP = new Set(' \t\r\n.[]=!<>()&|"\'%}*,{');

export function readSelector(cur: Cursor): JsonSelector {
  const at = cur.pos;
  if (cur.peek() !== '$') cur.fail(`expected a selector starting with '$' but found ${cur.describeHere()}`);
  cur.pos++;
  const steps: SelectorStep[] = [];
  let wildcards = 0;
  const addWildcard = (pos: number) => {
    if (++wildcards > 1) cur.fail('a selector can have at most one wildcard ([*] or .*)', pos);
    steps.push({ kind: 'wildcard' });
  };
  while (true) {
    const c = cur.peek();
    if (c === '.') {
      cur.pos++;
      const next = cur.peek();
      if (next === '*') {
        addWildcard(cur.pos);
        cur.pos++;
      } else if (next === '[') {
        readBracket(cur, steps, addWildcard);
      } else {
        const start = cur.pos;
        while (!cur.done && !NAME_STOP.has(cur.peek()) && cur.src.charCodeAt(cur.pos) > 32) cur.pos++;
        if (cur.pos === start) cur.fail(`expected a property name after '.' but found ${cur.describeHere()}`);
        steps.push({ kind: 'key', name: cur.src.slice(start, cur.pos) });
      }
    } else if (c === '[') {
      readBracket(cur, steps, addWildcard);
    } else {
      break;
    }
  }
  if (steps.length === 0) cur.fail("a selector needs a property after '$' (for example $.field)", at);
  let lastKey: string | undefined;
  for (const s of steps) if (s.kind === 'key') lastKey = s.name;
  return { text: cur.src.slice(at, cur.pos), position: at, steps, hasWildcard: wildcards > 0, lastKey };
}

function readBracket(cur: Cursor, steps: SelectorStep[], addWildcard: (pos: number) => void): void {
  const open = cur.pos;
  cur.pos++;
  const c = cur.peek();
  if (c === '*') {
    addWildcard(cur.pos);
    cur.pos++;
  } else if (c === "'" || c === '"') {
    const end = cur.src.indexOf(c, cur.pos + 1);
    if (end === -1 || end >= cur.end) cur.fail(`unterminated quoted key in a selector`, cur.pos);
    const name = cur.src.slice(cur.pos + 1, end);
    if (name.length === 0) cur.fail('empty key in a selector', cur.pos);
    steps.push({ kind: 'key', name });
    cur.pos = end + 1;
  } else {
    const start = cur.pos;
    while (cur.peek() >= '0' && cur.peek() <= '9' && cur.peek() !== '') cur.pos++;
    if (cur.pos === start) cur.fail(`expected an array index, '*' or a quoted key after '[' but found ${cur.describeHere()}`);
    if (cur.pos - start > 9) cur.fail('array index too large', start);
    steps.push({ kind: 'index', index: Number(cur.src.slice(start, cur.pos)) });
  }
  if (cur.peek() !== ']') cur.fail(`expected ']' to close the '[' at position ${open}`);
  cur.pos++;
}

const hasOwn = Object.prototype.hasOwnProperty;

/**
 * Calls `test` on each value the selector reaches in `root` and returns true as soon as one passes. Values reached
 * include null, objects and arrays; a missing property, an index on a non-array or a key on an array reach nothing.
 */
export function anyReached(root: unknown, steps: readonly SelectorStep[], test: (v: unknown) => boolean, from = 0): boolean {
  let v: unknown = root;
  for (let i = from; i < steps.length; i++) {
    const step = steps[i];
    if (v === null || typeof v !== 'object') return false;
    if (step.kind === 'key') {
      if (Array.isArray(v) || !hasOwn.call(v, step.name)) return false;
      v = (v as Record<string, unknown>)[step.name];
    } else if (step.kind === 'index') {
      if (!Array.isArray(v) || step.index >= v.length) return false;
      v = v[step.index];
    } else {
      const children = Array.isArray(v) ? v : Object.values(v as Record<string, unknown>);
      for (const child of children) if (anyReached(child, steps, test, i + 1)) return true;
      return false;
    }
  }
  return test(v);
}

/** The first value the selector reaches, or undefined. */
export function firstReached(root: unknown, steps: readonly SelectorStep[]): unknown {
  let found: unknown;
  anyReached(root, steps, (v) => {
    found = v;
    return true;
  });
  return found;
}
