/**
 * Fuzzing the metric math parser and evaluator: any string (up to the model's 2048 characters) either parses or fails
 * with a MathSyntaxError, never another exception or a stack overflow; generated trees printed with full
 * parentheses parse back to the same tree; and any parsed expression evaluates or fails with a MathError or
 * MathNotImplemented. Seeded, so a failure reproduces.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MathError, MathEvaluator, MathNotImplemented, type Series } from './evaluate.js';
import { MathSyntaxError, parseExpression, type Node } from './parse.js';

const FUNCTIONS = ['ABS', 'AVG', 'SUM', 'MIN', 'MAX', 'STDDEV', 'FILL', 'IF', 'RATE', 'DIFF', 'PERIOD', 'METRICS', 'TIME_SERIES', 'SORT', 'FOO'];
const OPS = ['+', '-', '*', '/', '^', '==', '!=', '<', '<=', '>', '>=', 'AND', 'OR'] as const;

const node: fc.Arbitrary<Node> = fc.letrec<{ n: Node }>((tie) => ({
  n: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.integer({ min: 0, max: 1000 }).map((value) => ({ kind: 'number' as const, value })),
    fc.constantFrom('m1', 'm2', 'e_x', 'unknown1').map((name) => ({ kind: 'id' as const, name })),
    fc.constantFrom('REPEAT', 'LINEAR').map((name) => ({ kind: 'keyword' as const, name: name as 'REPEAT' | 'LINEAR' })),
    fc.constantFrom('', 'm', 'x y').map((value) => ({ kind: 'string' as const, value })),
    fc.array(tie('n'), { maxLength: 3 }).map((items) => ({ kind: 'array' as const, items })),
    fc.record({ name: fc.constantFrom(...FUNCTIONS), args: fc.array(tie('n'), { maxLength: 3 }) }).map((c) => ({ kind: 'call' as const, ...c })),
    tie('n').map((operand) => ({ kind: 'unary' as const, op: '-' as const, operand })),
    fc.record({ op: fc.constantFrom(...OPS), left: tie('n'), right: tie('n') }).map((b) => ({ kind: 'binary' as const, ...b })),
  ),
})).n;

function print(n: Node): string {
  switch (n.kind) {
    case 'number': return String(n.value);
    case 'string': return JSON.stringify(n.value);
    case 'id': case 'keyword': return n.name;
    case 'array': return `[${n.items.map(print).join(', ')}]`;
    case 'call': return `${n.name}(${n.args.map(print).join(', ')})`;
    case 'unary': return `(-${print(n.operand)})`;
    case 'binary': return `(${print(n.left)} ${n.op} ${print(n.right)})`;
  }
}

const series = (label: string, values: number[]): Series => ({ label, period: 60, points: new Map(values.map((v, i) => [i * 60_000, v])) });

function evaluate(expression: string): void {
  const ev = new MathEvaluator({
    queries: [{ id: 'm1', series: series('m1', [1, 0, -3]) }, { id: 'm2', series: series('m2', [2, 5]) }, { id: 'e_x', expression: 'm1 * 2' }, { id: 'e1', expression }],
    gridStart: () => 0,
    endMs: 180_000,
  });
  ev.result('e1');
}

describe('metric math parser (fuzz)', () => {
  it('any string parses or fails with a MathSyntaxError', () => {
    const alphabet = fc.constantFrom(...'m1e2 +-*/^()[],"\'<>=!&|.ABCDEFGILMNORSTUVXPY_0123456789\n\u201c'.split(''));
    fc.assert(
      fc.property(fc.string({ unit: fc.oneof(alphabet, fc.string({ maxLength: 1 })), maxLength: 2048 }), (src) => {
        try {
          parseExpression(src);
        } catch (err) {
          if (!(err instanceof MathSyntaxError)) throw err;
        }
      }),
      { seed: 20261206, numRuns: 3000 },
    );
  });

  it('deep nesting is refused, not a stack overflow', () => {
    for (const open of ['(', '[', '-', 'ABS(', '2^']) {
      expect(() => parseExpression(open.repeat(1024) + 'm1')).toThrow(MathSyntaxError);
    }
  });

  it('printed trees parse back to themselves, and evaluate or fail with a metric math error', () => {
    fc.assert(
      fc.property(node, (tree) => {
        const src = print(tree);
        fc.pre(src.length <= 2048);
        let parsed: Node;
        try {
          parsed = parseExpression(src);
        } catch (err) {
          // Only the depth limit may refuse a printed tree.
          expect(String(err)).toContain('nested more than');
          return;
        }
        expect(parsed).toEqual(tree);
        try {
          evaluate(src);
        } catch (err) {
          if (!(err instanceof MathError || err instanceof MathNotImplemented)) throw err;
        }
      }),
      { seed: 20261206, numRuns: 2000 },
    );
  });
});
