// Usage and quotas: GetUsageTotals and GetUsageStatistics. Mapping only; the logic lives in ../inventory/usage.ts.
// The monthly quota is what the jobs part enforces (Macie2JobsDeps.quotaBytes); without one, Macie's default 5 TB.
import type { Kysely } from 'kysely';
import type { Clock } from '../../../common/index.js';
import { DEFAULT_MONTHLY_QUOTA_BYTES, type QuotaBytesFor } from '../../../jobs/index.js';
import { errors, type Macie2Api } from '../../../models/macie2/index.js';
import type { Database } from '../../../store/index.js';
import type { MacieSessions } from '../sessions.js';
import { analysedBytes, CriteriaError, monthsOf, page, parseTimeRange, selectUsageRecords, usageRecord, usageTotals } from '../inventory/index.js';

export interface UsageOpsDeps {
  db: Kysely<Database>;
  clock: Clock;
  sessions?: Pick<MacieSessions, 'get'>;
  quotaBytes?: QuotaBytesFor;
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
  async getUsageTotals(_ctx, { timeRange }) {
    return { timeRange: validated(() => parseTimeRange(timeRange)), usageTotals: usageTotals() };
  },

  async getUsageStatistics(ctx, input) {
    const timeRange = validated(() => parseTimeRange(input.timeRange));
    const now = deps.clock.nowMs();
    // The quota is monthly, so the record's serviceLimit follows this month's bytes whatever the time range.
    const [monthBytes, quotaBytes, session] = await Promise.all([
      analysedBytes(deps.db, ctx.accountId, ctx.region, monthsOf('MONTH_TO_DATE', now)),
      deps.quotaBytes ? deps.quotaBytes(ctx.accountId, ctx.region) : Promise.resolve(DEFAULT_MONTHLY_QUOTA_BYTES),
      deps.sessions?.get(ctx.accountId, ctx.region),
    ]);
    // Sift has no member accounts in this part: the caller's own record is the only one.
    const records = validated(() => selectUsageRecords([usageRecord({ accountId: ctx.accountId, monthBytes, quotaBytes, freeTrialStartDate: session?.createdAt })], input));
    const p = validated(() => page(records, input.maxResults, input.nextToken, USAGE_STATISTICS_PAGE));
    return { records: p.items, timeRange, ...(p.nextToken ? { nextToken: p.nextToken } : {}) };
  },
}) satisfies Partial<Macie2Api>;
