// Tables added by migration 0013: account profiles and regions, AWS Organizations, Macie administrators and members.
export interface AccountProfilesTable {
  account_id: string;
  name: string;
  email: string;
  /** ACTIVE | SUSPENDED */
  state: string;
  isolated: number;
  created_at: number;
  closed_at: number | null;
}

export interface AccountRegionsTable {
  account_id: string;
  region: string;
  status: string;
}

export interface OrgOrganizationsTable {
  org_id: string;
  management_account_id: string;
  feature_set: string;
  root_id: string;
  created_at: number;
}

export interface OrgAccountsTable {
  account_id: string;
  org_id: string;
  joined_method: string;
  joined_at: number;
  /** The OU the account is in; NULL for the root (migration 0024). */
  parent_id?: string | null;
}

/** Migration 0024: organizational units. */
export interface OrgUnitsTable {
  ou_id: string;
  org_id: string;
  parent_id: string;
  name: string;
  created_at: number;
}

/** Migration 0024: tags on accounts, the root and OUs. */
export interface OrgTagsTable {
  org_id: string;
  resource_id: string;
  tag_key: string;
  tag_value: string;
}

export interface OrgCreateAccountRequestsTable {
  request_id: string;
  org_id: string;
  account_name: string;
  state: string;
  account_id: string | null;
  failure_reason: string | null;
  requested_at: number;
  completed_at: number | null;
}

export interface OrgHandshakesTable {
  handshake_id: string;
  org_id: string;
  target_account_id: string;
  state: string;
  notes: string | null;
  requested_at: number;
  expires_at: number;
}

export interface OrgServiceAccessTable {
  org_id: string;
  service_principal: string;
  enabled_at: number;
}

export interface OrgDelegatedAdminsTable {
  org_id: string;
  account_id: string;
  service_principal: string;
  enabled_at: number;
}

export interface MacieMembersTable {
  admin_account_id: string;
  region: string;
  account_id: string;
  email: string;
  relationship_status: string;
  origin: string;
  invited_at: number | null;
  invitation_id: string | null;
  updated_at: number;
  tags: string;
}

export interface MacieInvitationsTable {
  invitation_id: string;
  admin_account_id: string;
  account_id: string;
  region: string;
  invited_at: number;
}

export interface MacieOrgAdminsTable {
  org_id: string;
  region: string;
  admin_account_id: string;
  status: string;
}

export interface MacieOrgConfigTable {
  admin_account_id: string;
  region: string;
  auto_enable: number;
}

export interface AccountsTables {
  account_profiles: AccountProfilesTable;
  account_regions: AccountRegionsTable;
  org_organizations: OrgOrganizationsTable;
  org_accounts: OrgAccountsTable;
  org_create_account_requests: OrgCreateAccountRequestsTable;
  org_handshakes: OrgHandshakesTable;
  org_service_access: OrgServiceAccessTable;
  org_delegated_admins: OrgDelegatedAdminsTable;
  org_units: OrgUnitsTable;
  org_tags: OrgTagsTable;
  macie_members: MacieMembersTable;
  macie_invitations: MacieInvitationsTable;
  macie_org_admins: MacieOrgAdminsTable;
  macie_org_config: MacieOrgConfigTable;
}
