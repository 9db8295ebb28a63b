// IAM tables added by migration 0007 (tags, managed policies, attachments, virtual MFA devices).
export interface IamTagsTable {
  account_id: string;
  /** 'user' | 'role' | 'instance-profile' | 'policy' (the last two: migration 0030) */
  entity_kind: string;
  entity_name: string;
  tag_key: string;
  tag_value: string;
}

export interface IamManagedPoliciesTable {
  account_id: string;
  policy_name: string;
  policy_id: string;
  arn: string;
  path: string;
  description: string | null;
  document: string;
  created_at: number;
  updated_at: number;
  /** Migration 0012: the default version (its document is `document`) and the number of the next one. */
  default_version_id: string;
  next_version: number;
}

/** Migration 0012. */
export interface IamPolicyVersionsTable {
  policy_arn: string;
  version_id: string;
  document: string;
  created_at: number;
}

/** Migration 0012. */
export interface IamGroupsTable {
  account_id: string;
  group_name: string;
  group_id: string;
  path: string;
  arn: string;
  created_at: number;
}

/** Migration 0012. */
export interface IamGroupMembersTable {
  account_id: string;
  group_name: string;
  user_name: string;
}

export interface IamPolicyAttachmentsTable {
  account_id: string;
  principal_kind: string;
  principal_name: string;
  policy_arn: string;
}

export interface IamMfaDevicesTable {
  serial_number: string;
  account_id: string;
  device_name: string;
  path: string;
  /** The TOTP secret, base32; never returned again after CreateVirtualMFADevice. */
  seed: string;
  user_name: string | null;
  enabled_at: number | null;
  /** The last accepted TOTP time step (a code is accepted once). */
  last_step: number | null;
  created_at: number;
  /** Steps the device's clock runs ahead (+) or behind (-), measured by ResyncMFADevice (migration 0036). */
  drift_steps: number | null;
  /** The device's tags as a JSON array of {Key, Value} (migration 0036). */
  tags: string | null;
}

/** OIDC and SAML identity providers (migration 0025). */
export interface IamIdentityProvidersTable {
  arn: string;
  account_id: string;
  kind: 'oidc' | 'saml';
  name: string;
  client_ids: string | null;
  thumbprints: string | null;
  metadata: string | null;
  valid_until: number | null;
  tags: string;
  created_at: number;
}

/** Migration 0030. */
export interface IamInstanceProfilesTable {
  account_id: string;
  profile_name: string;
  profile_id: string;
  path: string;
  arn: string;
  role_name: string | null;
  created_at: number;
}

/** Migration 0030. */
export interface IamSlrDeletionTasksTable {
  task_id: string;
  account_id: string;
  status: string;
  reason: string | null;
  created_at: number;
}

/** Migration 0029: console passwords (hashes only). */
export interface IamLoginProfilesTable {
  account_id: string;
  user_name: string;
  password_hash: string;
  previous_hashes: string;
  password_reset_required: number;
  password_changed_at: number;
  created_at: number;
}

/** Migration 0029. */
export interface IamPasswordPoliciesTable {
  account_id: string;
  policy: string;
}

/** Migration 0029: SSH public keys and signing certificates. */
export interface IamUserCredentialsTable {
  credential_id: string;
  account_id: string;
  kind: 'ssh' | 'signing';
  user_name: string;
  body: string;
  fingerprint: string;
  status: string;
  uploaded_at: number;
}

/** Migration 0029: server certificates (never their private keys). */
export interface IamServerCertificatesTable {
  account_id: string;
  name: string;
  certificate_id: string;
  path: string;
  body: string;
  chain: string | null;
  expiration: number;
  tags: string;
  uploaded_at: number;
}

/** Migration 0029. */
export interface IamAccountAliasesTable {
  alias: string;
  account_id: string;
  created_at: number;
}

/** Migration 0029. */
export interface IamCredentialReportsTable {
  account_id: string;
  content: string;
  generated_at: number;
}

export interface IamTables {
  iam_instance_profiles: IamInstanceProfilesTable;
  iam_slr_deletion_tasks: IamSlrDeletionTasksTable;
  iam_login_profiles: IamLoginProfilesTable;
  iam_password_policies: IamPasswordPoliciesTable;
  iam_user_credentials: IamUserCredentialsTable;
  iam_account_aliases: IamAccountAliasesTable;
  iam_server_certificates: IamServerCertificatesTable;
  iam_credential_reports: IamCredentialReportsTable;
  iam_identity_providers: IamIdentityProvidersTable;
  iam_tags: IamTagsTable;
  iam_managed_policies: IamManagedPoliciesTable;
  iam_policy_attachments: IamPolicyAttachmentsTable;
  iam_mfa_devices: IamMfaDevicesTable;
  iam_policy_versions: IamPolicyVersionsTable;
  iam_groups: IamGroupsTable;
  iam_group_members: IamGroupMembersTable;
}
