/**
 * The `%…%` regular expressions of filter patterns, in the restricted syntax the CloudWatch Logs guide documents:
 * letters, digits, the symbols `: _ # = @ / ; , -`, the operators `^ $ ? [ ] { } | \ * + .` and escapes
 * (`\d \D \s \S \w \W \xhh`, `\.` …). Parentheses are refused (no sub-patterns), as are multi-byte characters and
 * any other symbol (`%something!%` is the guide's example of a rejected pattern).
 *
 * Not in the guide's list but in its own examples: the space (`%^starting|^initializing|^shutting down%`), so a
 * space is accepted too.
 *
 * Matching is a search (unanchored unless `^`/`$` are used) and runs on RE2, so no pattern can take more than
 * linear time on a hostile message.
 */
import RE2 from 're2';
import type { Cursor } from './cursor.js';

/** At most this many `%…%` in one pattern (guide: "a limit of 2 regex for each filter pattern"). */
export const MAX_REGEX_PER_PATTERN = 2;

const ALLOWED_SYMBOLS = new Set(':_#=@/;,- ^$?[]{}|\\*+.');

export interface CompiledRegex {
  readonly source: string;
  test(text: string): boolean;
}

function isAlnum(c: string): boolean {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/** Reads `%…%` at the cursor (which must be on the opening `%`) and compiles it. */
export function readRegex(cur: Cursor): CompiledRegex {
  const open = cur.pos;
  cur.pos++;
  let body = '';
  while (true) {
    if (cur.done) cur.fail("unterminated regular expression: missing the closing '%'", open);
    const c = cur.peek();
    if (c === '%') break;
    if (c === '\\') {
      const next = cur.peek(1);
      if (next === '') cur.fail('a regular expression cannot end with \\');
      if (next === '%') cur.fail("'%' ends a regular expression and cannot be escaped");
      if (next.charCodeAt(0) > 126 || next.charCodeAt(0) < 32) cur.fail(`the escape '\\${next}' is not supported in a regular expression`);
      body += c + next;
      cur.pos += 2;
      continue;
    }
    if (c === '(' || c === ')') cur.fail("parentheses are not supported in regular expressions of filter patterns");
    if (c.charCodeAt(0) > 126) cur.fail('multi-byte characters are not supported in regular expressions');
    if (!isAlnum(c) && !ALLOWED_SYMBOLS.has(c)) cur.fail(`the character '${c}' is not supported in a regular expression`);
    body += c;
    cur.pos++;
  }
  cur.pos++; // closing %
  if (body.length === 0) cur.fail('empty regular expression', open);
  let re: RE2;
  try {
    re = new RE2(body);
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    cur.fail(`invalid regular expression %${body}%: ${why}`, open);
  }
  return { source: body, test: (text: string) => re.test(text) };
}
