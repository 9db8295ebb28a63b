// Account-level IAM: the account alias (Create/List/DeleteAccountAlias), the credential report
// (Generate/GetCredentialReport) built from the account's real users, passwords, MFA devices, access keys (with their
// recorded last use) and signing certificates, and GetAccountSummary from real counts and IAM's quotas.
import type { Clock, RequestContext } from '../../../common/index.js';
import type { IamApi } from '../../../models/iam/index.js';
import { errors } from '../../../models/iam/index.js';
import { credentialReportCsv, type AccountAliases, type AccountFacts, type CredentialReports, type IamDirectory, type LoginProfiles, type MfaDevices, type ReportEntry, type ServerCertificates, type UserCredentials } from '../../../iam/index.js';
import { page } from '../paging.js';
import * as quota from '../quotas.js';
import { SIGNING_CERTIFICATES_PER_USER } from './user-keys.js';
import { SERVER_CERTIFICATES_PER_ACCOUNT } from './server-certificates.js';

/** A credential report is reused for four hours, then expires (IAM User Guide, "Getting credential reports"). */
export const REPORT_LIFETIME_MS = 4 * 3600_000;

export interface AccountOpsDeps {
  directory: IamDirectory;
  mfa: MfaDevices;
  logins: LoginProfiles;
  credentials: UserCredentials;
  aliases: AccountAliases;
  reports: CredentialReports;
  facts: AccountFacts;
  serverCertificates: ServerCertificates;
  clock: Clock;
}

export function accountOps(deps: AccountOpsDeps) {
  const buildReport = async (ctx: RequestContext): Promise<string> => {
    const acct = ctx.accountId;
    const [users, profiles, certs, policy, keysByUser, createdAt, assignedMfa] = await Promise.all([
      deps.directory.listUsers(acct, '/'),
      deps.logins.list(acct),
      deps.credentials.list(acct, 'signing'),
      deps.logins.getPolicy(acct),
      deps.facts.keys(acct),
      deps.facts.createdAt(acct),
      deps.mfa.list(acct, { assigned: true }),
    ]);
    const profileOf = new Map(profiles.map((p) => [p.userName, p]));
    const entries: ReportEntry[] = [
      {
        user: '<root_account>',
        arn: `arn:aws:iam::${acct}:root`,
        createdAt: createdAt ?? new Date(0),
        root: true,
        mfaActive: false,
        keys: (keysByUser.get(null) ?? []).map((k) => ({ active: k.status === 'Active', createdAt: k.createdAt, ...(k.lastUsed ? { lastUsed: k.lastUsed } : {}) })),
        certificates: [],
      },
    ];
    const certsByUser = new Map<string, typeof certs>();
    for (const c of certs) certsByUser.set(c.userName, [...(certsByUser.get(c.userName) ?? []), c]);
    const devicesByUser = new Set(assignedMfa.map((d) => d.userName));
    for (const u of users) {
      const keys = keysByUser.get(u.userName) ?? [];
      const profile = profileOf.get(u.userName);
      entries.push({
        user: u.userName,
        arn: u.arn,
        createdAt: u.createdAt,
        root: false,
        ...(profile ? { password: { changedAt: profile.passwordChangedAt } } : {}),
        mfaActive: devicesByUser.has(u.userName),
        keys: keys.map((k) => ({ active: k.status === 'Active', createdAt: k.createdAt, ...(k.lastUsed ? { lastUsed: k.lastUsed } : {}) })),
        certificates: (certsByUser.get(u.userName) ?? []).map((c) => ({ active: c.status === 'Active', uploadedAt: c.uploadedAt })),
      });
    }
    return credentialReportCsv(entries, policy?.maxPasswordAge ?? 0);
  };

  return {
    async createAccountAlias(ctx, input) {
      if ((await deps.aliases.set(ctx.accountId, input.AccountAlias)) === 'taken') {
        throw new errors.EntityAlreadyExistsException(`The account alias ${input.AccountAlias} already exists.`);
      }
    },
    async listAccountAliases(ctx, input) {
      const alias = await deps.aliases.get(ctx.accountId);
      const p = page(alias ? [alias] : [], input.Marker, input.MaxItems);
      return { AccountAliases: p.slice, IsTruncated: p.IsTruncated, Marker: p.Marker };
    },
    async deleteAccountAlias(ctx, input) {
      if (!(await deps.aliases.delete(ctx.accountId, input.AccountAlias))) throw new errors.NoSuchEntityException(`The account alias ${input.AccountAlias} cannot be found.`);
    },

    async generateCredentialReport(ctx) {
      const existing = await deps.reports.get(ctx.accountId);
      if (existing && deps.clock.nowMs() - existing.generatedAt.getTime() < REPORT_LIFETIME_MS) return { State: 'COMPLETE' as const };
      // Built at once, so the report is ready when this call returns (IAM may still say INPROGRESS on later calls).
      const generatedAt = deps.clock.now();
      await deps.reports.put(ctx.accountId, await buildReport(ctx), generatedAt);
      return { State: 'STARTED' as const, Description: existing ? 'The existing report has expired. Starting a new report generation task' : 'No report exists. Starting a new report generation task' };
    },
    async getCredentialReport(ctx) {
      const report = await deps.reports.get(ctx.accountId);
      if (!report) throw new errors.CredentialReportNotPresentException('Credential report does not exist. Use GenerateCredentialReport to generate a report.');
      if (deps.clock.nowMs() - report.generatedAt.getTime() >= REPORT_LIFETIME_MS) {
        throw new errors.CredentialReportExpiredException('Credential report has expired (reports are kept four hours). Use GenerateCredentialReport to generate a new one.');
      }
      return { Content: Buffer.from(report.content, 'utf8'), ReportFormat: 'text/csv' as const, GeneratedTime: report.generatedAt };
    },

    async getAccountSummary(ctx) {
      const c = await deps.facts.counts(ctx.accountId);
      const rootKeys = await deps.facts.rootKeys(ctx.accountId);
      const serverCertificates = await deps.serverCertificates.count(ctx.accountId);
      return {
        SummaryMap: {
          Users: c.users,
          UsersQuota: 5000,
          Groups: c.groups,
          GroupsQuota: quota.GROUPS_PER_ACCOUNT,
          GroupsPerUserQuota: quota.GROUPS_PER_USER,
          Roles: c.roles,
          RolesQuota: 1000,
          InstanceProfiles: c.instanceProfiles,
          InstanceProfilesQuota: quota.INSTANCE_PROFILES_PER_ACCOUNT,
          Policies: c.policies,
          PoliciesQuota: 1500,
          PolicySizeQuota: quota.MANAGED_POLICY_CHARS,
          PolicyVersionsInUse: c.policyAttachments,
          PolicyVersionsInUseQuota: 10000,
          VersionsPerPolicyQuota: 5,
          UserPolicySizeQuota: quota.INLINE_USER_POLICY_CHARS,
          GroupPolicySizeQuota: quota.INLINE_GROUP_POLICY_CHARS,
          RolePolicySizeQuota: quota.INLINE_ROLE_POLICY_CHARS,
          AssumeRolePolicySizeQuota: quota.TRUST_POLICY_CHARS,
          AttachedPoliciesPerUserQuota: quota.MANAGED_POLICIES_PER_ENTITY,
          AttachedPoliciesPerGroupQuota: quota.MANAGED_POLICIES_PER_ENTITY,
          AttachedPoliciesPerRoleQuota: quota.MANAGED_POLICIES_PER_ENTITY,
          AccessKeysPerUserQuota: 2,
          SigningCertificatesPerUserQuota: SIGNING_CERTIFICATES_PER_USER,
          MFADevices: c.mfaDevices,
          MFADevicesInUse: c.mfaDevicesInUse,
          AccountMFAEnabled: 0,
          AccountAccessKeysPresent: rootKeys.length > 0 ? 1 : 0,
          AccountSigningCertificatesPresent: 0,
          Providers: c.providers,
          ServerCertificates: serverCertificates,
          ServerCertificatesQuota: SERVER_CERTIFICATES_PER_ACCOUNT,
          GlobalEndpointTokenVersion: 1,
        },
      };
    },
  } satisfies Partial<IamApi>;
}
