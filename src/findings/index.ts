// The findings domain of Macie: the store and its queries, criteria, severity, filters and sample findings.
// `recordFinding` is what the jobs part calls for each finding it produces.
import type { IdSource } from '../common/index.js';
import type { Finding } from '../models/macie2/index.js';
import type { Store } from '../store/index.js';
import { FindingsStore, type FindingScope } from './store.js';

export { deleteMacieAccountData } from './account-data.js';
export { ASSOCIATED } from './relationship.js';
export { decodePageToken, encodePageToken, pageSize, type KeyValue, type PageToken } from './page-token.js';
export { asValidation, checkLength, checkTags, macieArn, notFound, parseJson, RESERVED_TAG_PREFIX_MESSAGE, TAG_LIMITS, type MacieResourceType } from './resource-helpers.js';
export { DENSE_TERM_MATCHES, FindingsStore, FINDING_RETENTION_MS, GET_FINDINGS_MAX_IDS, LIST_FINDINGS_PAGE, sortKey, type FindingScope, type ListFindingsQuery, type StatisticsQuery } from './store.js';
export { compileCriteria, MAX_CRITERION_VALUES, type CompileOptions, type DialectName, type TermStrategy, type WhereFn } from './criteria.js';
export { FIELD_SPECS, fieldSpec, type FieldSpec } from './fields.js';
export { FindingsFilters, FILTER_LIMITS } from './filters.js';
export { FINDING_TEXT, FINDING_TYPES, isFindingType } from './finding-text.js';
export { sampleFinding, sampleTypes, SAMPLE_BUCKET } from './samples.js';
export {
  managedCategory, managedTypeSeverity, policySeverity, POLICY_SEVERITY, sensitiveDataFindingType, sensitiveDataSeverity, severityOf,
  type SeverityInput,
} from './severity.js';

/**
 * Records one finding for an account and Region (the jobs part's entry point): fills id, category, severity,
 * title, timestamps, folds a recurring policy finding into the existing one, and applies ARCHIVE filters.
 */
export async function recordFinding(deps: { store: Store; ids: IdSource }, scope: FindingScope, finding: Finding): Promise<Finding> {
  return new FindingsStore(deps.store.db, deps.store.dialect, deps.ids).record(scope, finding);
}
