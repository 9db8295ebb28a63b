// The findings filter bar's state, kept in the page's address (f=field|operator|value, repeatable) so a filtered
// view can be bookmarked and shared, and turned into ListFindings' findingCriteria.
import type { M } from '../api/services.js';
import type { Wire } from '../api/wire.js';

export type Operator = 'eq' | 'neq' | 'eqExactMatch' | 'gt' | 'gte' | 'lt' | 'lte';
export interface Condition {
  field: string;
  op: Operator;
  value: string;
}

/** The fields Macie's console offers first; any other field the API knows can be typed in. */
export const FIELDS: { field: string; label: string }[] = [
  { field: 'severity.description', label: 'Severity' },
  { field: 'type', label: 'Finding type' },
  { field: 'category', label: 'Category' },
  { field: 'resourcesAffected.s3Bucket.name', label: 'S3 bucket name' },
  { field: 'resourcesAffected.s3Object.key', label: 'S3 object key' },
  { field: 'resourcesAffected.s3Object.extension', label: 'File extension' },
  { field: 'classificationDetails.jobId', label: 'Job ID' },
  { field: 'classificationDetails.result.sensitiveData.detections.type', label: 'Sensitive data detection type' },
  { field: 'classificationDetails.result.sensitiveData.category', label: 'Sensitive data category' },
  { field: 'classificationDetails.result.customDataIdentifiers.detections.name', label: 'Custom data identifier name' },
  { field: 'archived', label: 'Archived' },
  { field: 'accountId', label: 'Account ID' },
  { field: 'region', label: 'Region' },
  { field: 'id', label: 'Finding ID' },
  { field: 'count', label: 'Occurrences count' },
  { field: 'severity.score', label: 'Severity score' },
  { field: 'createdAt', label: 'Created at (epoch ms)' },
  { field: 'updatedAt', label: 'Updated at (epoch ms)' },
];

export const OPERATORS: { op: Operator; label: string }[] = [
  { op: 'eq', label: 'equals' },
  { op: 'neq', label: 'does not equal' },
  { op: 'eqExactMatch', label: 'equals exactly' },
  { op: 'gt', label: '>' },
  { op: 'gte', label: '≥' },
  { op: 'lt', label: '<' },
  { op: 'lte', label: '≤' },
];

export const SORTS: { attr: string; label: string }[] = [
  { attr: 'updatedAt', label: 'Last updated' },
  { attr: 'createdAt', label: 'Created' },
  { attr: 'severity.score', label: 'Severity' },
  { attr: 'type', label: 'Finding type' },
  { attr: 'resourcesAffected.s3Bucket.name', label: 'Bucket' },
  { attr: 'count', label: 'Occurrences' },
];

export const GROUPS: { by: M.GroupBy; label: string }[] = [
  { by: 'severity.description', label: 'Severity' },
  { by: 'type', label: 'Finding type' },
  { by: 'resourcesAffected.s3Bucket.name', label: 'S3 bucket' },
  { by: 'classificationDetails.jobId', label: 'Job' },
];

export function labelOf(field: string): string {
  return FIELDS.find((f) => f.field === field)?.label ?? field;
}

export function parseConditions(params: URLSearchParams): Condition[] {
  const out: Condition[] = [];
  const jobId = params.get('jobId');
  if (jobId) out.push({ field: 'classificationDetails.jobId', op: 'eq', value: jobId });
  for (const raw of params.getAll('f')) {
    const [field, op, ...rest] = raw.split('|');
    if (field && OPERATORS.some((o) => o.op === op)) out.push({ field, op: op as Operator, value: rest.join('|') });
  }
  // Macie's console shows current findings unless asked otherwise.
  if (!out.some((c) => c.field === 'archived')) out.unshift({ field: 'archived', op: 'eq', value: 'false' });
  return out;
}

export function conditionParam(c: Condition): string {
  return `${c.field}|${c.op}|${c.value}`;
}

export function toCriteria(conditions: Condition[]): Wire<M.FindingCriteria> {
  const criterion: Record<string, Wire<M.CriterionAdditionalProperties>> = {};
  for (const c of conditions) {
    const entry = (criterion[c.field] ??= {});
    if (c.op === 'eq' || c.op === 'neq' || c.op === 'eqExactMatch') (entry[c.op] ??= []).push(c.value);
    else entry[c.op] = Number(c.value);
  }
  return { criterion };
}

/** A findings filter's criteria as filter bar conditions (the inverse of toCriteria). */
export function fromCriteria(criteria: Wire<M.FindingCriteria> | undefined): Condition[] {
  const out: Condition[] = [];
  for (const [field, entry] of Object.entries(criteria?.criterion ?? {})) {
    for (const op of OPERATORS.map((o) => o.op)) {
      const v = (entry as Record<string, unknown>)[op];
      if (Array.isArray(v)) for (const x of v) out.push({ field, op, value: String(x) });
      else if (v !== undefined && v !== null) out.push({ field, op, value: String(v) });
    }
  }
  return out;
}
