// AWS STS: who am I, and AssumeRole with trust policies, ExternalId, session durations, inline and managed session
// policies, session tags and MFA (SerialNumber + TokenCode checked against the caller's virtual MFA device).
import type { RequestContext } from '../../common/index.js';
import type { StsApi } from '../../models/sts/index.js';
import { ServiceError } from '../../common/index.js';
import type { IamDirectory, IdentityProviders, ManagedPolicies, MfaDevices, ResolvedCredential, SessionStore, WebIdentityVerifier } from '../../iam/index.js';
import { ROLE_ARN, webIdentityOps } from './web-identity.js';
import { samlOps, samlPrincipal } from './saml.js';
import { deriveAuthorization, evaluateTrust } from '../../iam/index.js';
import { checkSessionPolicies } from './session-policies.js';
import type { ServiceRegistration } from '../types.js';

export interface StsDeps {
  directory: IamDirectory;
  sessions: SessionStore;
  managed: ManagedPolicies;
  mfa: MfaDevices;
  /** Checks OIDC ID tokens for AssumeRoleWithWebIdentity. */
  webIdentity: WebIdentityVerifier;
  /** The SAML providers AssumeRoleWithSAML checks responses against. */
  providers: IdentityProviders;
  /** The caller's resolved credential (the gateway already resolved it when it authenticated the call). */
  callerCredential(ctx: RequestContext): Promise<ResolvedCredential | undefined>;
}


const accessDenied = (ctx: RequestContext, resource: string) =>
  new ServiceError('AccessDenied', `User: ${ctx.principal.arn} is not authorized to perform: sts:AssumeRole on resource: ${resource}`, 403);
const mfaFailed = (message: string) => new ServiceError('AccessDenied', `MultiFactorAuthentication failed${message}`, 403);
const notImplemented = (member: string) => new ServiceError('NotImplemented', `Sift does not implement AssumeRole's ${member} yet.`, 501, 'server');

export function createStsProvider(deps: StsDeps) {
  /** Checks SerialNumber + TokenCode; returns when MFA was proved, or undefined when none was offered. */
  async function proveMfa(ctx: RequestContext, serialNumber: string | undefined, tokenCode: string | undefined): Promise<Date | undefined> {
    if (serialNumber === undefined && tokenCode === undefined) return undefined;
    if (serialNumber === undefined || tokenCode === undefined) throw mfaFailed(', must provide both MFA serial number and one time pass code.');
    const userName = ctx.principal.type === 'IAMUser' ? ctx.principal.userName : undefined;
    const result = userName ? await deps.mfa.verify(serialNumber, ctx.principal.accountId, userName, tokenCode) : 'not-associated';
    if (result === 'not-associated') throw mfaFailed(', unable to validate MFA code.  Please verify your MFA serial number is valid and associated with this user.');
    if (result === 'invalid-code') throw mfaFailed(' with invalid MFA one time pass code. ');
    return ctx.clock.now();
  }

  return {
    ...webIdentityOps(deps),
    ...samlOps(deps),
    async getCallerIdentity(ctx) {
      return { UserId: ctx.principal.principalId, Account: ctx.principal.accountId, Arn: ctx.principal.arn };
    },

    async assumeRole(ctx, input) {
      if (input.TransitiveTagKeys?.length) throw notImplemented('TransitiveTagKeys');
      if (input.SourceIdentity !== undefined) throw notImplemented('SourceIdentity');
      if (input.ProvidedContexts?.length) throw notImplemented('ProvidedContexts');
      const m = ROLE_ARN.exec(input.RoleArn);
      if (!m) throw new ServiceError('ValidationError', `${input.RoleArn} is invalid`, 400);
      const [, accountId, roleName] = m as unknown as [string, string, string];
      const role = await deps.directory.getRole(accountId, roleName);
      if (!role || role.arn !== input.RoleArn) throw accessDenied(ctx, input.RoleArn);
      const caller = (await deps.callerCredential(ctx)) ?? { secretAccessKey: '', policies: [], principal: ctx.principal };
      const mfaAt = await proveMfa(ctx, input.SerialNumber, input.TokenCode);
      const derived = await deriveAuthorization('sts:AssumeRole', input, { accountId: ctx.accountId, region: ctx.region, callerArn: ctx.principal.arn, callerType: ctx.principal.type });
      const trustContext = { ...derived.context, ...(mfaAt ? { 'aws:MultiFactorAuthPresent': 'true', 'aws:MultiFactorAuthAge': '0' } : {}) };
      const trust = evaluateTrust(role.arn, role.assumeRolePolicy, ctx, caller, trustContext);
      if (!trust.allowed) throw new ServiceError('AccessDenied', trust.message!, 403);
      const sessionTags = Object.fromEntries((input.Tags ?? []).map((t) => [t.Key, t.Value]));
      if (input.Tags?.length) {
        // Passing session tags needs sts:TagSession in the trust policy as well (IAM User Guide, "Passing session tags").
        const tagging = evaluateTrust(role.arn, role.assumeRolePolicy, ctx, caller, trustContext, 'sts:TagSession');
        if (!tagging.allowed) throw new ServiceError('AccessDenied', tagging.message!, 403);
      }
      const chained = ctx.principal.type === 'AssumedRole';
      const maxDuration = chained ? 3600 : role.maxSessionDuration;
      const duration = input.DurationSeconds ?? 3600;
      if (duration > maxDuration) {
        throw new ServiceError(
          'ValidationError',
          chained
            ? `The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.`
            : `The requested DurationSeconds exceeds the MaxSessionDuration set for this role.`,
          400,
        );
      }
      const { policyArns, packedPolicySize } = await checkSessionPolicies(deps.managed, accountId, input, input.Tags?.length ?? 0);
      const session = await deps.sessions.issue(role, input.RoleSessionName, duration, ctx.principal.arn, input.Policy, {
        policyArns,
        ...(mfaAt ? { mfaAt } : {}),
        sessionTags,
      });
      return {
        Credentials: {
          AccessKeyId: session.accessKeyId,
          SecretAccessKey: session.secretAccessKey,
          SessionToken: session.sessionToken,
          Expiration: session.expiresAt,
        },
        AssumedRoleUser: {
          AssumedRoleId: `${role.roleId}:${input.RoleSessionName}`,
          Arn: `arn:aws:sts::${accountId}:assumed-role/${role.roleName}/${input.RoleSessionName}`,
        },
        PackedPolicySize: packedPolicySize,
      };
    },
  } satisfies Partial<StsApi>;
}

export function createStsRegistration(deps: StsDeps): ServiceRegistration {
  return {
    service: 'sts',
    provider: createStsProvider(deps),
    // GetCallerIdentity needs no permission in AWS: it works even under an explicit deny.
    actionOf: (op) => `sts:${op}`,
    resourceOf: (op, input) => (op.startsWith('AssumeRole') ? String(input?.RoleArn ?? '*') : '*'),
    authorizesItself: (op) => op.startsWith('AssumeRole'),
    // AWS serves these unsigned: the token is the caller's proof. The call is for the role's account.
    unsigned: (op, input) => {
      if (op !== 'AssumeRoleWithWebIdentity' && op !== 'AssumeRoleWithSAML') return undefined;
      const m = ROLE_ARN.exec(String(input?.RoleArn ?? ''));
      if (!m) throw new ServiceError('ValidationError', `${String(input?.RoleArn ?? '')} is invalid`, 400);
      if (op === 'AssumeRoleWithSAML') return { accountId: m[1]!, principal: samlPrincipal(m[1]!, String(input?.PrincipalArn ?? '')) };
      return { accountId: m[1]!, principal: { type: 'WebIdentityUser', accountId: m[1]!, arn: '', principalId: '' } };
    },
  };
}
