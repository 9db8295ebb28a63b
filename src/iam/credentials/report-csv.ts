// The credential report's CSV, column for column as IAM writes it (IAM User Guide, "Getting credential reports"):
// one row for the root user and one per IAM user. Values IAM writes for what does not apply: N/A, and for a
// password Sift has no sign-in record of, no_information. Sift signs nobody in with a password, so a password's
// last use is always no_information.

export const REPORT_COLUMNS = [
  'user', 'arn', 'user_creation_time', 'password_enabled', 'password_last_used', 'password_last_changed', 'password_next_rotation', 'mfa_active',
  'access_key_1_active', 'access_key_1_last_rotated', 'access_key_1_last_used_date', 'access_key_1_last_used_region', 'access_key_1_last_used_service',
  'access_key_2_active', 'access_key_2_last_rotated', 'access_key_2_last_used_date', 'access_key_2_last_used_region', 'access_key_2_last_used_service',
  'cert_1_active', 'cert_1_last_rotated', 'cert_2_active', 'cert_2_last_rotated',
] as const;

export interface ReportKey {
  active: boolean;
  createdAt: Date;
  lastUsed?: { at: Date; service: string; region: string };
}

export interface ReportEntry {
  /** `<root_account>` for the root user. */
  user: string;
  arn: string;
  createdAt: Date;
  root: boolean;
  /** The password's last change, when the user has one. */
  password?: { changedAt: Date };
  mfaActive: boolean;
  /** In creation order; the first two are reported. */
  keys: ReportKey[];
  certificates: { active: boolean; uploadedAt: Date }[];
}

/** ISO 8601 as the report writes it: seconds, `+00:00`. */
export const reportTime = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, '+00:00');
const bool = (b: boolean) => (b ? 'true' : 'false');

function keyColumns(k: ReportKey | undefined): string[] {
  if (!k) return ['false', 'N/A', 'N/A', 'N/A', 'N/A'];
  return [bool(k.active), reportTime(k.createdAt), k.lastUsed ? reportTime(k.lastUsed.at) : 'N/A', k.lastUsed?.region ?? 'N/A', k.lastUsed?.service ?? 'N/A'];
}

function row(e: ReportEntry, maxPasswordAgeDays: number): string[] {
  const passwordCols = e.root
    ? ['not_supported', 'no_information', 'not_supported', 'not_supported']
    : e.password
      ? ['true', 'no_information', reportTime(e.password.changedAt), maxPasswordAgeDays > 0 ? reportTime(new Date(e.password.changedAt.getTime() + maxPasswordAgeDays * 86_400_000)) : 'N/A']
      : ['false', 'N/A', 'N/A', 'N/A'];
  const cert = (c: { active: boolean; uploadedAt: Date } | undefined) => (c ? [bool(c.active), reportTime(c.uploadedAt)] : ['false', 'N/A']);
  return [e.user, e.arn, reportTime(e.createdAt), ...passwordCols, bool(e.mfaActive), ...keyColumns(e.keys[0]), ...keyColumns(e.keys[1]), ...cert(e.certificates[0]), ...cert(e.certificates[1])];
}

/** RFC 4180 quoting for a field that needs it (IAM names cannot hold commas, but be safe). */
const field = (v: string) => (/[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

export function credentialReportCsv(entries: ReportEntry[], maxPasswordAgeDays: number): string {
  return [REPORT_COLUMNS.join(','), ...entries.map((e) => row(e, maxPasswordAgeDays).map(field).join(','))].join('\n');
}
