// IAM's policy size quotas (IAM User Guide, "IAM and AWS STS quotas"): characters other than whitespace, the
// inline ones summed over every inline policy of the entity.
export const INLINE_USER_POLICY_CHARS = 2048;
export const INLINE_ROLE_POLICY_CHARS = 10_240;
export const INLINE_GROUP_POLICY_CHARS = 5120;
export const MANAGED_POLICY_CHARS = 6144;
export const TRUST_POLICY_CHARS = 2048;
export const TAGS_PER_ENTITY = 50;
export const MANAGED_POLICIES_PER_ENTITY = 10;
export const GROUPS_PER_ACCOUNT = 300;
export const GROUPS_PER_USER = 10;
/** Instance profiles per account (IAM's default quota) and roles per instance profile (fixed at one). */
export const INSTANCE_PROFILES_PER_ACCOUNT = 1000;
export const ROLES_PER_INSTANCE_PROFILE = 1;
