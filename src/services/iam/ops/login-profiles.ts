// Console passwords: login profiles (Create/Get/Update/DeleteLoginProfile), ChangePassword (the calling IAM user's
// own password) and the account password policy (Update/Get/DeleteAccountPasswordPolicy), enforced on every new
// password with PasswordPolicyViolation, including PasswordReusePrevention. Passwords are hashed (scrypt) at once and
// never kept; the model marks them sensitive, so the trail and logs show them as HIDDEN_DUE_TO_SECURITY_REASONS.
import type { RequestContext } from '../../../common/index.js';
import type { IamApi } from '../../../models/iam/index.js';
import { errors } from '../../../models/iam/index.js';
import { hashPassword, passwordViolation, POLICY_DEFAULTS, type LoginProfiles, type PasswordPolicy } from '../../../iam/index.js';

export interface LoginProfileOpsDeps {
  logins: LoginProfiles;
  user(ctx: RequestContext, userName: string | undefined): Promise<{ userName: string }>;
}

const noProfile = (userName: string) => new errors.NoSuchEntityException(`Login Profile for User ${userName} cannot be found.`);

const policyShape = (p: PasswordPolicy) => ({
  MinimumPasswordLength: p.minimumPasswordLength,
  RequireSymbols: p.requireSymbols,
  RequireNumbers: p.requireNumbers,
  RequireUppercaseCharacters: p.requireUppercaseCharacters,
  RequireLowercaseCharacters: p.requireLowercaseCharacters,
  AllowUsersToChangePassword: p.allowUsersToChangePassword,
  ExpirePasswords: p.maxPasswordAge > 0,
  ...(p.maxPasswordAge > 0 ? { MaxPasswordAge: p.maxPasswordAge } : {}),
  ...(p.passwordReusePrevention > 0 ? { PasswordReusePrevention: p.passwordReusePrevention } : {}),
  ...(p.maxPasswordAge > 0 || p.hardExpiry ? { HardExpiry: p.hardExpiry } : {}),
});

export function loginProfileOps(deps: LoginProfileOpsDeps) {
  const { logins } = deps;
  /** Checks a new password against the policy and, for a user who has one, the last passwords it may not repeat. */
  const acceptable = async (ctx: RequestContext, password: string, userName?: string) => {
    const policy = await logins.getPolicy(ctx.accountId);
    const problem = passwordViolation(password, policy);
    if (problem) throw new errors.PasswordPolicyViolationException(`Password does not conform to the account password policy: ${problem}.`);
    if (userName && policy && (await logins.isRecent(ctx.accountId, userName, password, policy.passwordReusePrevention))) {
      throw new errors.PasswordPolicyViolationException(`Password does not conform to the account password policy: the password was used recently (the last ${policy.passwordReusePrevention} may not be reused).`);
    }
  };
  return {
    async createLoginProfile(ctx, input) {
      const user = await deps.user(ctx, input.UserName);
      // A password is optional only for a root session from sts:AssumeRoot, which Sift does not issue.
      if (input.Password === undefined) throw new errors.InvalidInputException('Password is required.');
      await acceptable(ctx, input.Password);
      const created = await logins.create(ctx.accountId, user.userName, await hashPassword(input.Password), input.PasswordResetRequired ?? false);
      if (!created) throw new errors.EntityAlreadyExistsException(`Login Profile for user ${user.userName} already exists.`);
      return { LoginProfile: { UserName: user.userName, CreateDate: created.createdAt, PasswordResetRequired: created.passwordResetRequired } };
    },
    async getLoginProfile(ctx, input) {
      const user = await deps.user(ctx, input.UserName);
      const profile = await logins.get(ctx.accountId, user.userName);
      if (!profile) throw noProfile(user.userName);
      return { LoginProfile: { UserName: user.userName, CreateDate: profile.createdAt, PasswordResetRequired: profile.passwordResetRequired } };
    },
    async updateLoginProfile(ctx, input) {
      const user = await deps.user(ctx, input.UserName);
      if (!(await logins.get(ctx.accountId, user.userName))) throw noProfile(user.userName);
      if (input.Password !== undefined) await acceptable(ctx, input.Password, user.userName);
      const hash = input.Password !== undefined ? await hashPassword(input.Password) : undefined;
      const ok = await logins.update(ctx.accountId, user.userName, { ...(hash ? { passwordHash: hash } : {}), ...(input.PasswordResetRequired !== undefined ? { resetRequired: input.PasswordResetRequired } : {}) });
      if (!ok) throw new errors.EntityTemporarilyUnmodifiableException(`Login Profile for User ${user.userName} was changed by another request; retry.`);
    },
    async deleteLoginProfile(ctx, input) {
      const user = await deps.user(ctx, input.UserName);
      if (!(await logins.delete(ctx.accountId, user.userName))) throw noProfile(user.userName);
    },
    async changePassword(ctx, input) {
      const userName = ctx.principal.type === 'IAMUser' ? ctx.principal.userName : undefined;
      if (!userName) throw new errors.InvalidUserTypeException('Only IAM users can change their own password with ChangePassword.');
      if (!(await logins.get(ctx.accountId, userName))) throw noProfile(userName);
      if (!(await logins.verify(ctx.accountId, userName, input.OldPassword))) throw new errors.InvalidUserTypeException('The old password was incorrect.');
      await acceptable(ctx, input.NewPassword, userName);
      // A changed password no longer needs a reset.
      const ok = await logins.update(ctx.accountId, userName, { passwordHash: await hashPassword(input.NewPassword), resetRequired: false });
      if (!ok) throw new errors.EntityTemporarilyUnmodifiableException(`Login Profile for User ${userName} was changed by another request; retry.`);
    },

    async updateAccountPasswordPolicy(ctx, input) {
      // Parameters left out take IAM's defaults (not the previous policy's values), as the API reference says.
      const policy: PasswordPolicy = {
        minimumPasswordLength: input.MinimumPasswordLength ?? POLICY_DEFAULTS.minimumPasswordLength,
        requireSymbols: input.RequireSymbols ?? false,
        requireNumbers: input.RequireNumbers ?? false,
        requireUppercaseCharacters: input.RequireUppercaseCharacters ?? false,
        requireLowercaseCharacters: input.RequireLowercaseCharacters ?? false,
        allowUsersToChangePassword: input.AllowUsersToChangePassword ?? false,
        maxPasswordAge: input.MaxPasswordAge ?? 0,
        passwordReusePrevention: input.PasswordReusePrevention ?? 0,
        hardExpiry: input.HardExpiry ?? false,
      };
      await logins.putPolicy(ctx.accountId, policy);
    },
    async getAccountPasswordPolicy(ctx) {
      const policy = await logins.getPolicy(ctx.accountId);
      if (!policy) throw new errors.NoSuchEntityException(`The Password Policy with domain name ${ctx.accountId} cannot be found.`);
      return { PasswordPolicy: policyShape(policy) };
    },
    async deleteAccountPasswordPolicy(ctx) {
      if (!(await logins.deletePolicy(ctx.accountId))) throw new errors.NoSuchEntityException(`The account policy with name PasswordPolicy cannot be found.`);
    },
  } satisfies Partial<IamApi>;
}
