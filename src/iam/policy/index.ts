// IAM policy documents (parse, validate) and their evaluation, as AWS does it. Pure: no store, no clock of its own.
export type { PolicyDocument, PolicyKind, PolicyVersion, Statement, Effect, PrincipalSpec, PrincipalMap, ConditionClause, SetQualifier } from './types.js';
export { parsePolicy, policySize, malformedPolicyDocument, type ParsePolicyOptions } from './parse.js';
export {
  evaluate,
  evaluateDetailed,
  evaluateAssumeRole,
  accessDeniedMessage,
  resourceAccountOf,
  type Decision,
  type EvaluationRequest,
  type EvaluationOptions,
  type EvaluationResult,
  type MatchedStatement,
  type PolicySource,
  type AssumeRoleRequest,
} from './evaluate.js';
export {
  buildRequestValues,
  evaluationPrincipalOf,
  principalType,
  type EvaluationPrincipal,
  type EvaluationPrincipalType,
  type ContextValue,
  type RequestValues,
} from './request-context.js';
export { conditionMatches, conditionsMatch, parseOperator, parseConditionDate, CONDITION_OPERATORS } from './conditions.js';
export { matchPrincipal, type PrincipalMatch } from './principal.js';
export { wildcardMatch, actionMatch, arnMatch, arnParts } from './wildcard.js';
