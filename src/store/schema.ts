// The database schema as Kysely sees it. Times are epoch milliseconds (bigint in PostgreSQL, read back as
// numbers by the dialect setup); booleans are 0/1 integers so both dialects agree.
import type { Generated } from 'kysely';
import type { StorageTables } from './schema/storage.js';
import type { LogsTables } from './schema/logs.js';
import type { CloudwatchTables } from './schema/cloudwatch.js';
import type { MacieTables } from './schema/macie.js';
import type { JobsTables } from './schema/jobs.js';
import type { IamTables } from './schema/iam.js';
import type { TrailsTables } from './schema/trails.js';
import type { AccountsTables } from './schema/accounts.js';
import type { KmsTables } from './schema/kms.js';
import type { NotificationTables } from './schema/notifications.js';
import type { InsightsTables } from './schema/insights.js';
import type { AutomatedDiscoveryTables } from './schema/automated-discovery.js';

export interface AccountsTable {
  account_id: string;
  created_at: number;
}

export interface AccessKeysTable {
  access_key_id: string;
  account_id: string;
  /** null for the account's root credentials */
  user_name: string | null;
  secret_access_key: string;
  status: string;
  created_at: number;
  /** Last use (batched, epoch ms), the service and region it was used for. */
  last_used_at?: number | null;
  last_used_service?: string | null;
  last_used_region?: string | null;
}

export interface StsSessionsTable {
  access_key_id: string;
  account_id: string;
  secret_access_key: string;
  session_token: string;
  role_name: string;
  role_id: string;
  role_arn: string;
  session_name: string;
  /** JSON of an inline session policy, if any */
  session_policy: string | null;
  source_identity_arn: string;
  created_at: number;
  expires_at: number;
  /** JSON list of managed session policy ARNs (PolicyArns). */
  policy_arns?: string | null;
  /** When the caller proved MFA at AssumeRole (epoch ms). */
  mfa_at?: number | null;
  /** JSON object of session tags. */
  session_tags?: string | null;
  /** JSON of how a web-identity or SAML session was obtained (CloudTrail's webIdFederationData). */
  federation?: string | null;
}

export interface IamUsersTable {
  account_id: string;
  user_name: string;
  user_id: string;
  path: string;
  arn: string;
  created_at: number;
  /** ARN of the managed policy that bounds the user's permissions. */
  permissions_boundary?: string | null;
}

export interface IamRolesTable {
  account_id: string;
  role_name: string;
  role_id: string;
  path: string;
  arn: string;
  assume_role_policy: string;
  description: string | null;
  max_session_duration: number;
  created_at: number;
  permissions_boundary?: string | null;
}

export interface IamInlinePoliciesTable {
  account_id: string;
  /** 'user' | 'role' */
  principal_kind: string;
  principal_name: string;
  policy_name: string;
  document: string;
}

export interface MacieSessionsTable {
  account_id: string;
  region: string;
  status: string;
  finding_publishing_frequency: string;
  created_at: number;
  updated_at: number;
}

export interface AuditEventsTable {
  seq: Generated<number>;
  event_id: string;
  account_id: string;
  region: string;
  event_time: number;
  event_name: string;
  event_source: string;
  read_only: number;
  username: string | null;
  access_key_id: string | null;
  management: number;
  record: string;
}

export interface AuditEventResourcesTable {
  event_id: string;
  resource_type: string;
  resource_name: string;
}

export interface KvTable {
  namespace: string;
  key: string;
  value: string;
}

export interface Database extends StorageTables, LogsTables, CloudwatchTables, MacieTables, JobsTables, IamTables, TrailsTables, AccountsTables, KmsTables, NotificationTables, InsightsTables, AutomatedDiscoveryTables {
  accounts: AccountsTable;
  access_keys: AccessKeysTable;
  sts_sessions: StsSessionsTable;
  iam_users: IamUsersTable;
  iam_roles: IamRolesTable;
  iam_inline_policies: IamInlinePoliciesTable;
  macie_sessions: MacieSessionsTable;
  audit_events: AuditEventsTable;
  audit_event_resources: AuditEventResourcesTable;
  kv: KvTable;
  sift_leases: SiftLeasesTable;
}

export interface SiftLeasesTable {
  name: string;
  holder: string;
  expires_at: number;
}
