// Tables owned by the KMS service (migration 0011).
export interface KmsKeysTable {
  key_id: string;
  account_id: string;
  region: string;
  arn: string;
  description: string;
  manager: string;
  state: string;
  created_at: number;
  deletion_at: number | null;
  pending_window_days: number | null;
  policy: string;
  material: string;
  tags: string;
}

export interface KmsAliasesTable {
  account_id: string;
  region: string;
  alias_name: string;
  key_id: string;
  created_at: number;
  updated_at: number;
}

export interface KmsTables {
  kms_keys: KmsKeysTable;
  kms_aliases: KmsAliasesTable;
}
