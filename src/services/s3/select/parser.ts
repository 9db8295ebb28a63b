// Parsing an S3 Select expression with the peggy-generated parser; syntax errors become ParseUnexpectedToken with
// the line and column S3 reports, and the statement is checked for what the grammar cannot say (aggregates).
import peggy from 'peggy';
import type { Expr, Statement } from './ast.js';
import { selectErrors } from './errors.js';
import { SELECT_GRAMMAR } from './grammar.js';

/** S3's limit on the SQL expression (256 KB, counted in bytes). */
export const MAX_EXPRESSION_BYTES = 256 * 1024;
/** Parentheses deeper than this are refused before parsing; expressions deeper than MAX_TREE_DEPTH after it. */
const MAX_DEPTH = 200;
const MAX_TREE_DEPTH = 1000;

export const AGGREGATES = new Set(['COUNT', 'SUM', 'AVG', 'MIN', 'MAX']);

let parser: peggy.Parser | undefined;

function compiled(): peggy.Parser {
  parser ??= peggy.generate(SELECT_GRAMMAR);
  return parser;
}

function tokenAt(text: string, offset: number): string {
  const m = /^(?:[A-Za-z0-9_]+|'[^']*'?|"[^"]*"?|\S)/.exec(text.slice(offset));
  return m ? m[0].slice(0, 64) : '<EOF>';
}

/** Nested parentheses deeper than MAX_DEPTH: refused up front, so neither parser nor evaluator recurses without bound. */
function checkNesting(text: string): void {
  let depth = 0;
  for (const ch of text) {
    if (ch === '(' || ch === '[') depth++;
    else if (ch === ')' || ch === ']') depth--;
    if (depth > MAX_DEPTH) throw selectErrors.unsupportedSyntax(`nesting deeper than ${MAX_DEPTH}`);
  }
}

export function isAggregate(e: Expr): boolean {
  return e.type === 'call' && AGGREGATES.has(e.name);
}

function containsAggregate(e: Expr): boolean {
  switch (e.type) {
    case 'literal':
    case 'path':
      return false;
    case 'unary':
    case 'cast':
      return containsAggregate(e.arg);
    case 'binary':
      return containsAggregate(e.left) || containsAggregate(e.right);
    case 'like':
      return containsAggregate(e.arg) || containsAggregate(e.pattern) || (e.escape ? containsAggregate(e.escape) : false);
    case 'between':
      return [e.arg, e.low, e.high].some(containsAggregate);
    case 'in':
      return [e.arg, ...e.list].some(containsAggregate);
    case 'is':
      return containsAggregate(e.arg);
    case 'call':
      return AGGREGATES.has(e.name) || e.args.some(containsAggregate);
  }
}

/** Aggregates only at the top of a select item, all items aggregates or none, none in WHERE nor inside another. */
function checkAggregates(st: Statement): void {
  if (st.where && containsAggregate(st.where)) throw selectErrors.aggregateInWhere();
  if (st.items === '*') return;
  const tops = st.items.map((i) => isAggregate(i.expr));
  if (tops.some(Boolean) && !tops.every(Boolean)) throw selectErrors.mixedAggregates();
  for (const item of st.items) {
    const e = item.expr;
    if (e.type === 'call' && AGGREGATES.has(e.name)) {
      if (e.args.some(containsAggregate)) throw selectErrors.unsupportedSyntax('nested aggregate functions');
      if (e.star ? e.name !== 'COUNT' : e.args.length !== 1) throw selectErrors.invalidArguments(e.name);
    } else if (containsAggregate(e)) throw selectErrors.mixedAggregates();
  }
}

function children(e: Expr): Expr[] {
  switch (e.type) {
    case 'literal':
    case 'path':
      return [];
    case 'unary':
    case 'cast':
    case 'is':
      return [e.arg];
    case 'binary':
      return [e.left, e.right];
    case 'like':
      return e.escape ? [e.arg, e.pattern, e.escape] : [e.arg, e.pattern];
    case 'between':
      return [e.arg, e.low, e.high];
    case 'in':
      return [e.arg, ...e.list];
    case 'call':
      return e.args;
  }
}

/** Measured without recursion, so a long chain (1+1+…+1) is refused rather than overflowing the evaluator's stack. */
function checkTreeDepth(st: Statement): void {
  const roots = [...(st.items === '*' ? [] : st.items.map((i) => i.expr)), ...(st.where ? [st.where] : [])];
  const stack: [Expr, number][] = roots.map((r) => [r, 1]);
  while (stack.length) {
    const [e, d] = stack.pop()!;
    if (d > MAX_TREE_DEPTH) throw selectErrors.unsupportedSyntax(`an expression nested deeper than ${MAX_TREE_DEPTH}`);
    for (const c of children(e)) stack.push([c, d + 1]);
  }
}

export function parseSelect(expression: string): Statement {
  if (Buffer.byteLength(expression, 'utf8') > MAX_EXPRESSION_BYTES) throw selectErrors.expressionTooLong();
  checkNesting(expression);
  let st: Statement;
  try {
    st = compiled().parse(expression) as Statement;
  } catch (err) {
    if (err instanceof compiled().SyntaxError) {
      const { offset, line, column } = (err as peggy.parser.SyntaxError).location.start;
      throw selectErrors.unexpectedToken(tokenAt(expression, offset), line, column);
    }
    if (err instanceof RangeError) throw selectErrors.unsupportedSyntax('an expression nested too deeply');
    throw err;
  }
  checkTreeDepth(st);
  checkAggregates(st);
  return st;
}
