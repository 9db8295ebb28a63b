// Usage and quotas: GetUsageTotals and GetUsageStatistics. Mapping only; the logic lives in ../inventory/usage.ts.
// The monthly quota is what the jobs part enforces (Macie2JobsDeps.quotaBytes); without one, Macie's default 5 TB.
import type { Kysely } from 'kysely';
import type { Clock } from '../../../common/index.js';
import { DEFAULT_MONTHLY_QUOTA_BYTES, findConfig, type QuotaBytesFor } from '../../../jobs/index.js';
import { errors, type Macie2Api } from '../../../models/macie2/index.js';
import type { Database } from '../../../store/index.js';
import type { MacieSessions } from '../sessions.js';
import { analysedBytes, CriteriaError, monthsOf, page, parseTimeRange, selectUsageRecords, usageRecord, usageTotals } from '../inventory/index.js';

export interface UsageOpsDeps {
  db: Kysely<Database>;
  clock: Clock;
  sessions?: Pick<MacieSessions, 'get'>;
  quotaBytes?: QuotaBytesFor;
  /** An administrator's current members: it sees their usage and quotas too (Macie's usage statistics). */
  memberAccounts?: (accountId: string, region: string) => Promise<string[]>;
}

/** GetUsageStatistics' body maxResults has no model limits or documented default; one page holds this many. */
export const USAGE_STATISTICS_PAGE = 50;

function validated<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    throw err instanceof CriteriaError ? new errors.ValidationException(err.message) : err;
  }
}

export const usageOps = (deps: UsageOpsDeps) => ({
  // An administrator's totals are cumulative over its members; every estimated cost is 0, so the sum is too.
  async getUsageTotals(_ctx, { timeRange }) {
    return { timeRange: validated(() => parseTimeRange(timeRange)), usageTotals: usageTotals() };
  },

  async getUsageStatistics(ctx, input) {
    const timeRange = validated(() => parseTimeRange(input.timeRange));
    const now = deps.clock.nowMs();
    // One record per account the caller sees: its own, and an administrator's current members' (each its own quota).
    const accounts = [ctx.accountId, ...((await deps.memberAccounts?.(ctx.accountId, ctx.region)) ?? [])];
    const all = await Promise.all(
      accounts.map(async (accountId) => {
        // The quota is monthly, so the record's serviceLimit follows this month's bytes whatever the time range.
        const [monthBytes, quotaBytes, session, automated] = await Promise.all([
          analysedBytes(deps.db, accountId, ctx.region, monthsOf('MONTH_TO_DATE', now)),
          deps.quotaBytes ? deps.quotaBytes(accountId, ctx.region) : Promise.resolve(DEFAULT_MONTHLY_QUOTA_BYTES),
          deps.sessions?.get(accountId, ctx.region),
          findConfig(deps.db, accountId, ctx.region),
        ]);
        return usageRecord({ accountId, monthBytes, quotaBytes, freeTrialStartDate: session?.createdAt, automatedDiscoveryFreeTrialStartDate: automated?.firstEnabledAt });
      }),
    );
    const records = validated(() => selectUsageRecords(all, input));
    const p = validated(() => page(records, input.maxResults, input.nextToken, USAGE_STATISTICS_PAGE));
    return { records: p.items, timeRange, ...(p.nextToken ? { nextToken: p.nextToken } : {}) };
  },
}) satisfies Partial<Macie2Api>;
