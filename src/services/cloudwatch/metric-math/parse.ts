// The metric math expression language of GetMetricData (CloudWatch User Guide, "Metric math syntax and functions"),
// read by a small Pratt parser. The grammar is a dozen operators, function calls, arrays, ids and string arguments;
// a hand-written parser keeps every error pointed at the column that caused it, needs no dependency or build step,
// and bounds nesting so a hostile expression cannot exhaust the stack.

export type Node =
  | { kind: 'number'; value: number }
  | { kind: 'string'; value: string }
  | { kind: 'id'; name: string }
  | { kind: 'keyword'; name: 'REPEAT' | 'LINEAR' }
  | { kind: 'array'; items: Node[] }
  | { kind: 'call'; name: string; args: Node[] }
  | { kind: 'unary'; op: '-'; operand: Node }
  | { kind: 'binary'; op: BinaryOp; left: Node; right: Node };

export type BinaryOp = '+' | '-' | '*' | '/' | '^' | '==' | '!=' | '<' | '<=' | '>' | '>=' | 'AND' | 'OR';

/** A syntax error: `message` says what was expected and where (1-based column). */
export class MathSyntaxError extends Error {}

/** Deeper nesting than this is refused (docs/limits.md). */
export const MAX_EXPRESSION_DEPTH = 64;

type Token =
  | { t: 'num'; v: number; at: number }
  | { t: 'str'; v: string; at: number }
  | { t: 'name'; v: string; at: number }
  | { t: 'op'; v: string; at: number }
  | { t: 'end'; at: number };

const OPERATORS = ['==', '!=', '<=', '>=', '&&', '||', '+', '-', '*', '/', '^', '<', '>', '(', ')', '[', ']', ','];

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    const at = i + 1;
    const num = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/.exec(src.slice(i));
    if (num) {
      out.push({ t: 'num', v: Number(num[0]), at });
      i += num[0].length;
      continue;
    }
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i));
    if (name) {
      out.push({ t: 'name', v: name[0], at });
      i += name[0].length;
      continue;
    }
    // METRICS("errors") takes a string; the guide's own examples also use typographic quotes (METRICS(“4xx”)).
    const close = c === '"' ? '"' : c === "'" ? "'" : c === '\u201c' ? '\u201d' : undefined;
    if (close) {
      const end = src.indexOf(close, i + 1);
      if (end < 0) throw new MathSyntaxError(`Unterminated string starting at column ${at}.`);
      out.push({ t: 'str', v: src.slice(i + 1, end), at });
      i = end + 1;
      continue;
    }
    const op = OPERATORS.find((o) => src.startsWith(o, i));
    if (!op) throw new MathSyntaxError(`Unexpected character '${c}' at column ${at}.`);
    out.push({ t: 'op', v: op, at });
    i += op.length;
  }
  out.push({ t: 'end', at: src.length + 1 });
  return out;
}

/** Binding power of each infix operator (higher binds tighter) and whether it is right-associative. */
const INFIX: Record<string, { bp: number; op: BinaryOp; right?: boolean }> = {
  OR: { bp: 1, op: 'OR' },
  '||': { bp: 1, op: 'OR' },
  AND: { bp: 2, op: 'AND' },
  '&&': { bp: 2, op: 'AND' },
  '==': { bp: 3, op: '==' },
  '!=': { bp: 3, op: '!=' },
  '<': { bp: 3, op: '<' },
  '<=': { bp: 3, op: '<=' },
  '>': { bp: 3, op: '>' },
  '>=': { bp: 3, op: '>=' },
  '+': { bp: 4, op: '+' },
  '-': { bp: 4, op: '-' },
  '*': { bp: 5, op: '*' },
  '/': { bp: 5, op: '/' },
  '^': { bp: 7, op: '^', right: true },
};
/** Unary minus binds looser than ^ (-2^2 is -4) and tighter than * and /. */
const UNARY_BP = 6;

const describe = (tok: Token) => (tok.t === 'end' ? 'end of expression' : `'${tok.t === 'str' ? `"${tok.v}"` : tok.v}' at column ${tok.at}`);

export function parseExpression(src: string): Node {
  const tokens = tokenize(src);
  let pos = 0;
  const peek = () => tokens[pos]!;
  const next = () => tokens[pos++]!;
  const expectOp = (v: string) => {
    const tok = next();
    if (tok.t !== 'op' || tok.v !== v) throw new MathSyntaxError(`Expected '${v}' but found ${describe(tok)}.`);
  };

  function list(close: string, depth: number): Node[] {
    const items: Node[] = [];
    if (peek().t === 'op' && (peek() as { v: string }).v === close) {
      next();
      return items;
    }
    for (;;) {
      items.push(expr(0, depth + 1));
      const tok = next();
      if (tok.t === 'op' && tok.v === close) return items;
      if (!(tok.t === 'op' && tok.v === ',')) throw new MathSyntaxError(`Expected ',' or '${close}' but found ${describe(tok)}.`);
    }
  }

  function prefix(depth: number): Node {
    if (depth > MAX_EXPRESSION_DEPTH) throw new MathSyntaxError(`The expression is nested more than ${MAX_EXPRESSION_DEPTH} levels deep.`);
    const tok = next();
    if (tok.t === 'num') return { kind: 'number', value: tok.v };
    if (tok.t === 'str') return { kind: 'string', value: tok.v };
    if (tok.t === 'op' && tok.v === '-') return { kind: 'unary', op: '-', operand: expr(UNARY_BP, depth + 1) };
    if (tok.t === 'op' && tok.v === '(') {
      const inner = expr(0, depth + 1);
      expectOp(')');
      return inner;
    }
    if (tok.t === 'op' && tok.v === '[') return { kind: 'array', items: list(']', depth) };
    if (tok.t === 'name') {
      const after = peek();
      if (after.t === 'op' && after.v === '(') {
        next();
        return { kind: 'call', name: tok.v, args: list(')', depth) };
      }
      if (tok.v === 'REPEAT' || tok.v === 'LINEAR') return { kind: 'keyword', name: tok.v };
      return { kind: 'id', name: tok.v };
    }
    throw new MathSyntaxError(`Unexpected ${describe(tok)}.`);
  }

  /** Parses operators that bind tighter than `minBp`; a right-associative operator parses its right side at bp - 1. */
  function expr(minBp: number, depth: number): Node {
    let left = prefix(depth);
    for (;;) {
      const tok = peek();
      const info = tok.t === 'op' || tok.t === 'name' ? INFIX[tok.v] : undefined;
      if (!info || info.bp <= minBp) return left;
      next();
      const right = expr(info.right ? info.bp - 1 : info.bp, depth + 1);
      left = { kind: 'binary', op: info.op, left, right };
    }
  }

  const root = expr(0, 0);
  const rest = peek();
  if (rest.t !== 'end') throw new MathSyntaxError(`Unexpected ${describe(rest)}.`);
  return root;
}
