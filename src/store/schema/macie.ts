// Tables owned by the macie part: custom data identifiers, allow lists, findings filters and findings (with the
// term index that lets FindingCriteria on list-valued or rarely used fields run as SQL). Times are epoch ms,
// booleans 0/1, JSON as text; every row is keyed by account and region.
import type { Generated } from 'kysely';

export interface MacieCustomDataIdentifiersTable {
  id: string;
  account_id: string;
  region: string;
  name: string;
  description: string | null;
  regex: string;
  /** JSON string[] */
  keywords: string;
  /** JSON string[] */
  ignore_words: string;
  maximum_match_distance: number;
  /** JSON SeverityLevel[] ([] when none were given) */
  severity_levels: string;
  /** JSON TagMap */
  tags: string;
  client_token: string | null;
  created_at: number;
  /** Soft delete, as Macie does: 1 once deleted. */
  deleted: number;
}

export interface MacieAllowListsTable {
  id: string;
  account_id: string;
  region: string;
  name: string;
  description: string | null;
  /** 'regex' | 's3WordsList' */
  kind: string;
  /** JSON AllowListCriteria */
  criteria: string;
  /** JSON TagMap */
  tags: string;
  client_token: string | null;
  created_at: number;
  updated_at: number;
}

export interface MacieFindingsFiltersTable {
  id: string;
  account_id: string;
  region: string;
  name: string;
  description: string | null;
  /** 'ARCHIVE' | 'NOOP' */
  action: string;
  /** JSON FindingCriteria */
  criteria: string;
  /** 1-based order in which filters are shown and applied. */
  position: number;
  /** JSON TagMap */
  tags: string;
  client_token: string | null;
  created_at: number;
  updated_at: number;
}

export interface MacieFindingsTable {
  seq: Generated<number>;
  id: string;
  /** The account whose findings these are (who lists them: the job's account). */
  account_id: string;
  /** The finding's accountId: the account that owns the affected resource (migration 0013). */
  resource_account_id: string;
  region: string;
  type: string;
  category: string;
  severity_description: string;
  severity_score: number;
  created_at: number;
  updated_at: number;
  archived: number;
  sample: number;
  count: number;
  job_id: string | null;
  origin_type: string | null;
  bucket_name: string | null;
  object_key: string | null;
  /** bucket/key for object findings, the bucket name for policy findings: the `resourcesAffected` sort key. */
  resource_path: string;
  /** policyDetails.action.apiCallDetails.firstSeen / lastSeen (epoch ms), null for sensitive data findings. */
  first_seen: number | null;
  last_seen: number | null;
  /** The whole Finding as JSON (timestamps as ISO strings); archived, count and updatedAt come from the columns. */
  finding: string;
}

/** One row per (finding, criteria field, value) for fields without a column of their own. */
export interface MacieFindingTermsTable {
  finding_id: string;
  /** The field's short code (fields.ts `termCode`), e.g. `sd.type` for sensitiveData.detections.type. */
  field: string;
  value_text: string;
}

export interface MacieTables {
  macie_custom_data_identifiers: MacieCustomDataIdentifiersTable;
  macie_allow_lists: MacieAllowListsTable;
  macie_findings_filters: MacieFindingsFiltersTable;
  macie_findings: MacieFindingsTable;
  macie_finding_terms: MacieFindingTermsTable;
}
