/**
 * Parsing a Logs Insights query string with the peggy-generated parser. Syntax errors become MalformedQueryException
 * with a queryCompileError that locates them, worded as CloudWatch Logs words its parser's errors
 * ("mismatched input 'x' expecting …").
 */
import peggy from 'peggy';
import { MalformedQueryException } from '../../../models/logs/errors.js';
import type { Command, Span } from './ast.js';
import { INSIGHTS_GRAMMAR } from './grammar.js';

let parser: peggy.Parser | undefined;

function compiled(): peggy.Parser {
  parser ??= peggy.generate(INSIGHTS_GRAMMAR);
  return parser;
}

/** The exception CloudWatch Logs answers for a query it cannot compile. */
export function malformed(message: string, loc?: Span): MalformedQueryException {
  const err = new MalformedQueryException(message);
  (err as unknown as { fields: Record<string, unknown> }).fields = {
    queryCompileError: { message, ...(loc ? { location: { startCharOffset: loc.start, endCharOffset: Math.max(loc.start, loc.end - 1) } } : {}) },
  };
  return err;
}

/** The token at `offset` as the error message names it: a word, a quoted string, one symbol, or <EOF>. */
function tokenAt(query: string, offset: number): string {
  const rest = query.slice(offset);
  if (rest.trim() === '') return '<EOF>';
  const m = /^\s*(?:[A-Za-z0-9_@.$]+|"[^"]*"?|'[^']*'?|\S)/.exec(rest);
  return (m ? m[0] : rest[0]).trim();
}

function describeExpected(expected: readonly peggy.parser.Expectation[] | null): string {
  const names = new Set<string>();
  for (const e of expected ?? []) {
    if (e.type === 'literal') names.add(/^[a-z]+$/i.test(e.text) ? `K_${e.text.toUpperCase()}` : `'${e.text}'`);
    else if (e.type === 'other') names.add(e.description);
    else if (e.type === 'end') names.add('<EOF>');
    else if (e.type === 'class') names.add('IDENTIFIER');
  }
  names.delete('whitespace');
  const list = [...names];
  return list.length === 1 ? list[0] : `{${list.join(', ')}}`;
}

export function parseQuery(query: string): Command[] {
  try {
    return compiled().parse(query) as Command[];
  } catch (err) {
    if (err instanceof compiled().SyntaxError) {
      const e = err as peggy.parser.SyntaxError;
      const start = e.location.start.offset;
      const token = tokenAt(query, start);
      const at = token === '<EOF>' ? query.length : query.indexOf(token, start);
      // An error() raised by a rule has no expectations: its own message is the one to show.
      const message = e.expected ? `mismatched input '${token}' expecting ${describeExpected(e.expected)}` : e.message;
      throw malformed(message, { start: at, end: at + (token === '<EOF>' ? 0 : token.length) });
    }
    throw err;
  }
}
