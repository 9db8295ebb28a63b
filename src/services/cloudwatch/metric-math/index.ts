// GetMetricData's metric math: the parser, the evaluator, and how their errors reach the client.
import { ServiceError } from '../../../common/index.js';
import { MathError, MathEvaluator, MathNotImplemented, type Series } from './evaluate.js';
import { MathSyntaxError } from './parse.js';

export { MathEvaluator, MAX_GRID_POINTS, type MathQuery, type Series } from './evaluate.js';
export { parseExpression, MAX_EXPRESSION_DEPTH } from './parse.js';

/** The series expression query `id` returns; a wrong expression answers ValidationError, an unsupported function NotImplemented. */
export function evaluateExpression(evaluator: MathEvaluator, id: string): Series[] {
  try {
    return evaluator.result(id);
  } catch (err) {
    if (err instanceof MathSyntaxError || err instanceof MathError) throw new ServiceError('ValidationError', `Error in expression ${id}: ${err.message}`, 400);
    if (err instanceof MathNotImplemented) throw new ServiceError('NotImplemented', err.message, 501, 'server');
    throw err;
  }
}
