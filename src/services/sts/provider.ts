// AWS STS: who am I, and AssumeRole with trust policies, ExternalId and session duration.
import type { RequestContext } from '../../common/index.js';
import type { StsApi } from '../../models/sts/index.js';
import { ServiceError } from '../../common/index.js';
import type { IamDirectory, SessionStore } from '../../iam/index.js';
import { checkPolicyDocument, evaluateTrust } from '../../iam/index.js';
import type { ServiceRegistration } from '../types.js';

export interface StsDeps {
  directory: IamDirectory;
  sessions: SessionStore;
  /** The caller's identity policies (the gateway already resolved them when it authenticated the call). */
  callerPolicies(ctx: RequestContext): Promise<string[]>;
}

const ROLE_ARN = /^arn:aws:iam::(\d{12}):role\/(?:.*\/)?([\w+=,.@-]+)$/;

const accessDenied = (ctx: RequestContext, resource: string) =>
  new ServiceError('AccessDenied', `User: ${ctx.principal.arn} is not authorized to perform: sts:AssumeRole on resource: ${resource}`, 403);

export function createStsProvider(deps: StsDeps) {
  return {
    async getCallerIdentity(ctx) {
      return { UserId: ctx.principal.principalId, Account: ctx.principal.accountId, Arn: ctx.principal.arn };
    },

    async assumeRole(ctx, input) {
      const m = ROLE_ARN.exec(input.RoleArn);
      if (!m) throw new ServiceError('ValidationError', `${input.RoleArn} is invalid`, 400);
      const [, accountId, roleName] = m as unknown as [string, string, string];
      const role = await deps.directory.getRole(accountId, roleName);
      if (!role || role.arn !== input.RoleArn) throw accessDenied(ctx, input.RoleArn);
      const callerPolicies = await deps.callerPolicies(ctx);
      const trust = evaluateTrust(role.arn, role.assumeRolePolicy, ctx, callerPolicies, input.ExternalId);
      if (!trust.allowed) throw new ServiceError('AccessDenied', trust.message!, 403);
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
      if (input.Policy !== undefined) checkPolicyDocument(input.Policy, 'session');
      const session = await deps.sessions.issue(role, input.RoleSessionName, duration, ctx.principal.arn, input.Policy);
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
        PackedPolicySize: input.Policy ? Math.min(100, Math.ceil((input.Policy.length / 2048) * 100)) : undefined,
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
    resourceOf: (op, input) => (op === 'AssumeRole' ? String(input?.RoleArn ?? '*') : '*'),
  };
}
