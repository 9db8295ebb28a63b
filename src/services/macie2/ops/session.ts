// EnableMacie, GetMacieSession, UpdateMacieSession, DisableMacie.
import type { RequestContext } from '../../../common/index.js';
import type { Macie2Api } from '../../../models/macie2/index.js';
import { errors } from '../../../models/macie2/index.js';
import type { MacieSessions } from '../sessions.js';

export const notEnabled = () => new errors.AccessDeniedException('Macie is not enabled.');

export const serviceRoleArn = (accountId: string) =>
  `arn:aws:iam::${accountId}:role/aws-service-role/macie.amazonaws.com/AWSServiceRoleForAmazonMacie`;

/** What CreateClassificationJob answers while Macie is suspended: suspended accounts run no jobs. */
export const suspended = () => new errors.AccessDeniedException('Macie is suspended for this account in this Region. Enable Macie to create classification jobs.');

export const sessionOps = (deps: {
  sessions: MacieSessions;
  /** Suspending cancels the account's jobs (account-lifecycle.ts). */
  onSuspend?: (accountId: string, region: string) => Promise<void>;
  /** Disabling deletes the account's Macie resources and settings (account-lifecycle.ts). */
  onDisable?: (accountId: string, region: string) => Promise<void>;
  /** Creates Macie's service-linked role when the account has none (service-role.ts). */
  ensureServiceRole?: (ctx: RequestContext) => Promise<void>;
}) =>
  ({
    async enableMacie(ctx, input) {
      const existing = await deps.sessions.get(ctx.accountId, ctx.region);
      if (existing) throw new errors.ConflictException('Macie is already enabled for this account in this Region.');
      await deps.ensureServiceRole?.(ctx);
      const now = ctx.clock.now();
      await deps.sessions.put({
        accountId: ctx.accountId,
        region: ctx.region,
        status: input.status ?? 'ENABLED',
        findingPublishingFrequency: input.findingPublishingFrequency ?? 'FIFTEEN_MINUTES',
        createdAt: now,
        updatedAt: now,
      });
      return {};
    },

    async getMacieSession(ctx) {
      const s = await deps.sessions.get(ctx.accountId, ctx.region);
      if (!s) throw notEnabled();
      return {
        createdAt: s.createdAt,
        findingPublishingFrequency: s.findingPublishingFrequency,
        serviceRole: serviceRoleArn(ctx.accountId),
        status: s.status,
        updatedAt: s.updatedAt,
      };
    },

    async updateMacieSession(ctx, input) {
      const s = await deps.sessions.get(ctx.accountId, ctx.region);
      if (!s) throw notEnabled();
      await deps.sessions.put({
        ...s,
        status: input.status ?? s.status,
        findingPublishingFrequency: input.findingPublishingFrequency ?? s.findingPublishingFrequency,
        updatedAt: ctx.clock.now(),
      });
      // Suspended first, then the jobs cancelled: a job created or planned meanwhile is refused or cancelled by the
      // runner's own check (ACCOUNT_SUSPENDED), and each cancellation is guarded, so a job gets its events once.
      if (input.status === 'PAUSED' && s.status !== 'PAUSED') await deps.onSuspend?.(ctx.accountId, ctx.region);
      return {};
    },

    async disableMacie(ctx) {
      const s = await deps.sessions.get(ctx.accountId, ctx.region);
      if (!s) throw notEnabled();
      await deps.onDisable?.(ctx.accountId, ctx.region);
      await deps.sessions.delete(ctx.accountId, ctx.region);
      return {};
    },
  }) satisfies Partial<Macie2Api>;
