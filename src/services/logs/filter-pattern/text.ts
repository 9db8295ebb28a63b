/**
 * Unstructured text patterns: terms that must all appear (case-sensitive substrings), `?term`s of which any may
 * appear, `-term`s that must not appear. Choices where the guide is silent:
 * - When `?` terms are mixed with plain or `-` terms the `?` terms are ignored (newer guide, its example
 *   `?ERROR ?ARGUMENTS REQUEST` matching `[INFO] REQUEST FAILED`).
 * - `-` and `?` may be followed by blanks (older guide: `"ERROR" - "Exiting"`).
 * - The guide asks for quotes around terms with characters other than letters, digits and `_`; an unquoted term
 *   here is any run of non-blank characters, so patterns AWS accepts are never refused. A term starting with `%`
 *   is a regular expression, which is only allowed as the whole pattern.
 * - An empty quoted term (`""`, `" "`) matches everything, so `""` and `" "` alone match every event.
 */
import { Cursor, isSpace } from './cursor.js';
import { readQuoted } from './value.js';

export interface TextPattern {
  readonly required: readonly string[];
  readonly optional: readonly string[];
  readonly excluded: readonly string[];
}

export function parseTextPattern(src: string): TextPattern {
  const cur: Cursor = new Cursor(src);
  const required: string[] = [];
  const optional: string[] = [];
  const excluded: string[] = [];
  while (true) {
    cur.skipSpaces();
    if (cur.done) break;
    let list = required;
    const marker = cur.peek();
    if (marker === '?' || marker === '-') {
      const markerAt = cur.pos;
      cur.pos++;
      cur.skipSpaces();
      if (cur.done) cur.fail(`'${marker}' must be followed by a term`, markerAt);
      list = marker === '?' ? optional : excluded;
    }
    const term = readTerm(cur);
    if (term.trim().length > 0) list.push(term);
  }
  // `?` terms only count when they are the only kind of term in the pattern.
  if (required.length > 0 || excluded.length > 0) optional.length = 0;
  return { required, optional, excluded };
}

function readTerm(cur: Cursor): string {
  const at = cur.pos;
  const c = cur.peek();
  if (c === '"') {
    const term = readQuoted(cur);
    if (!cur.done && !isSpace(cur.src.charCodeAt(cur.pos))) cur.fail('expected a blank after the closing quote');
    return term;
  }
  if (c === '%') {
    cur.fail('a regular expression (%…%) must be the whole pattern, or a value in a JSON or space-delimited pattern');
  }
  while (!cur.done && !isSpace(cur.src.charCodeAt(cur.pos))) {
    if (cur.peek() === '"') cur.fail('a quote inside a term: put the whole term in double quotes');
    cur.pos++;
  }
  return cur.src.slice(at, cur.pos);
}

/** Builds the matcher of a parsed text pattern; every test is an indexOf. */
export function textMatcher(p: TextPattern): (message: string) => boolean {
  const { required, optional, excluded } = p;
  if (required.length === 0 && optional.length === 0 && excluded.length === 0) return () => true;
  if (required.length === 1 && optional.length === 0 && excluded.length === 0) {
    const term = required[0];
    return (m) => m.indexOf(term) !== -1;
  }
  if (optional.length > 0) {
    return (m) => {
      for (const t of optional) if (m.indexOf(t) !== -1) return true;
      return false;
    };
  }
  return (m) => {
    for (const t of required) if (m.indexOf(t) === -1) return false;
    for (const t of excluded) if (m.indexOf(t) !== -1) return false;
    return true;
  };
}
