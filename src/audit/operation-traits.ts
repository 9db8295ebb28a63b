// Per-operation facts CloudTrail records that no service model states: whether a call is read-only, and whether
// its response is logged at all. AWS's rule is by verb (Get/List/Describe/… read), with two well-known
// exceptions handled here by name: every STS call is read-only, and the STS calls that issue credentials still
// log their response (without the secret), as in the seed's AssumeRole record.
import type { OperationModel } from '../models/index.js';

const READ_ONLY_PREFIXES = ['Get', 'List', 'Describe', 'Lookup', 'Search', 'Test', 'Head', 'BatchGet', 'Filter', 'Select'];

/** Services whose every operation CloudTrail marks `readOnly: true`. */
const READ_ONLY_SERVICES = new Set(['sts']);

/** Read-only calls whose responseElements AWS nevertheless logs: they hand out credentials. */
const LOGGED_READ_RESPONSES = new Set([
  'sts:AssumeRole',
  'sts:AssumeRoleWithSAML',
  'sts:AssumeRoleWithWebIdentity',
  'sts:AssumeRoot',
  'sts:GetSessionToken',
  'sts:GetFederationToken',
]);

/** Responses never logged whatever the verb: they carry sensitive data itself (revealed samples). */
const NEVER_LOGGED_RESPONSES = new Set(['macie2:GetSensitiveDataOccurrences']);

/**
 * Request members never logged: they are the data itself (log event messages, which a KMS-keyed log group keeps
 * only encrypted), not parameters of the call. The record keeps the rest (group and stream names).
 */
const UNLOGGED_REQUEST_MEMBERS: Record<string, readonly string[]> = { 'logs:PutLogEvents': ['logEvents'] };

/** `input` without the members CloudTrail does not log for this operation. */
export function loggedRequest(service: string, operation: string, input: unknown): unknown {
  const drop = UNLOGGED_REQUEST_MEMBERS[`${service}:${operation}`];
  if (!drop || !input || typeof input !== 'object') return input;
  const out: Record<string, unknown> = { ...(input as Record<string, unknown>) };
  for (const m of drop) delete out[m];
  return out;
}

export function isReadOnly(service: string, operation: string, model?: OperationModel): boolean {
  if (READ_ONLY_SERVICES.has(service)) return true;
  if (typeof model?.readonly === 'boolean') return model.readonly;
  return READ_ONLY_PREFIXES.some((p) => operation.startsWith(p) && (operation.length === p.length || /[A-Z]/.test(operation[p.length]!)));
}

/** Whether responseElements carries the (redacted) output, or is null as AWS leaves it. */
export function logsResponse(service: string, operation: string, readOnly: boolean): boolean {
  const key = `${service}:${operation}`;
  if (NEVER_LOGGED_RESPONSES.has(key)) return false;
  return !readOnly || LOGGED_READ_RESPONSES.has(key);
}
