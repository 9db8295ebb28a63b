// Usage and quotas (GetUsageTotals, GetUsageStatistics): bytes analysed by sensitive data discovery jobs per
// account, Region and UTC month, as the jobs part records them in `macie_job_usage`, against the account's monthly
// quota. Sift charges nothing, so every estimated cost is "0" in USD; the bytes show through `serviceLimit`.
import type { Kysely } from 'kysely';
import type { GetUsageStatisticsRequest, TimeRange, UsageByAccount, UsageRecord, UsageStatisticsFilter, UsageTotal, UsageType } from '../../../models/macie2/index.js';
import type { Database } from '../../../store/index.js';
import { CriteriaError } from './criteria.js';

/** Every usage type Macie reports (model enum UsageType), in its order. */
export const USAGE_TYPES: readonly UsageType[] = ['DATA_INVENTORY_EVALUATION', 'SENSITIVE_DATA_DISCOVERY', 'AUTOMATED_SENSITIVE_DATA_DISCOVERY', 'AUTOMATED_OBJECT_MONITORING'];

const TB = 1024 ** 4;
const DAY_MS = 86_400_000;

/** The UTC months ('YYYY-MM') a time range touches. Usage is kept per month, so PAST_30_DAYS counts whole months. */
export function monthsOf(timeRange: TimeRange, nowMs: number): string[] {
  const month = (ms: number) => new Date(ms).toISOString().slice(0, 7);
  if (timeRange === 'MONTH_TO_DATE') return [month(nowMs)];
  return [...new Set([month(nowMs - 30 * DAY_MS), month(nowMs)])];
}

export function parseTimeRange(value: string | undefined): TimeRange {
  if (value === undefined || value === '') return 'PAST_30_DAYS'; // the model: "If you don't specify a value … the preceding 30 days"
  if (value === 'MONTH_TO_DATE' || value === 'PAST_30_DAYS') return value;
  throw new CriteriaError(`The timeRange ${value} isn't valid. Valid values: MONTH_TO_DATE, PAST_30_DAYS.`);
}

/** Bytes analysed by the account's jobs in the Region over the given months. */
export async function analysedBytes(db: Kysely<Database>, accountId: string, region: string, months: string[]): Promise<number> {
  const rows = await db.selectFrom('macie_job_usage').select('bytes').where('account_id', '=', accountId).where('region', '=', region).where('month', 'in', months).execute();
  return rows.reduce((sum, r) => sum + Number(r.bytes), 0);
}

export interface AccountUsage {
  accountId: string;
  /** Bytes analysed this month, which the monthly quota limits. */
  monthBytes: number;
  quotaBytes: number;
  freeTrialStartDate?: Date;
  /** When automated sensitive data discovery was first enabled for the account. */
  automatedDiscoveryFreeTrialStartDate?: Date;
}

export function usageTotals(): UsageTotal[] {
  return USAGE_TYPES.map((type) => ({ currency: 'USD', estimatedCost: '0', type }));
}

/** One account's usage record: every type at no cost, the quota on sensitive data discovery. */
export function usageRecord(u: AccountUsage): UsageRecord {
  const usage: UsageByAccount[] = USAGE_TYPES.map((type) => ({
    currency: 'USD',
    estimatedCost: '0',
    type,
    ...(type === 'SENSITIVE_DATA_DISCOVERY'
      ? { serviceLimit: { isServiceLimited: u.monthBytes >= u.quotaBytes, unit: 'TERABYTES' as const, value: Math.floor(u.quotaBytes / TB) } }
      : {}),
  }));
  return {
    accountId: u.accountId,
    ...(u.automatedDiscoveryFreeTrialStartDate ? { automatedDiscoveryFreeTrialStartDate: u.automatedDiscoveryFreeTrialStartDate } : {}),
    ...(u.freeTrialStartDate ? { freeTrialStartDate: u.freeTrialStartDate } : {}),
    usage,
  };
}

const limitOf = (r: UsageRecord) => r.usage?.find((x) => x.serviceLimit)?.serviceLimit;
const totalOf = (r: UsageRecord) => (r.usage ?? []).reduce((s, x) => s + Number(x.estimatedCost ?? 0), 0);

function compareWith(comparator: string, actual: number, wanted: number): boolean {
  switch (comparator) {
    case 'EQ': return actual === wanted;
    case 'NE': return actual !== wanted;
    case 'GT': return actual > wanted;
    case 'GTE': return actual >= wanted;
    case 'LT': return actual < wanted;
    case 'LTE': return actual <= wanted;
    default: throw new CriteriaError(`The comparator ${comparator} isn't valid for this key.`);
  }
}

function filterHolds(f: UsageStatisticsFilter, r: UsageRecord): boolean {
  const { comparator = 'EQ', key, values = [] } = f;
  if (key === 'accountId') {
    if (comparator !== 'CONTAINS') throw new CriteriaError('The accountId filter requires the CONTAINS comparator.');
    return values.includes(r.accountId ?? '');
  }
  if (values.length !== 1) throw new CriteriaError(`The ${String(key)} filter takes exactly one value.`);
  const v = values[0]!;
  switch (key) {
    case 'serviceLimit': {
      if (v !== 'true' && v !== 'false') throw new CriteriaError('The serviceLimit filter value must be true or false.');
      const limited = limitOf(r)?.isServiceLimited ? 1 : 0;
      return compareWith(comparator, limited, v === 'true' ? 1 : 0);
    }
    case 'total': {
      const wanted = Number(v);
      if (!Number.isFinite(wanted)) throw new CriteriaError('The total filter value must be a number.');
      return compareWith(comparator, totalOf(r), wanted);
    }
    case 'freeTrialStartDate': {
      const wanted = Date.parse(v);
      if (Number.isNaN(wanted)) throw new CriteriaError('The freeTrialStartDate filter value must be an ISO 8601 date.');
      return r.freeTrialStartDate !== undefined && compareWith(comparator, r.freeTrialStartDate.getTime(), wanted);
    }
    default:
      throw new CriteriaError(`The filter key ${String(key)} isn't valid. Valid keys: accountId, serviceLimit, freeTrialStartDate, total.`);
  }
}

/** Applies GetUsageStatistics' filterBy and sortBy to the records (sorted by account id by default). */
export function selectUsageRecords(records: UsageRecord[], input: Pick<GetUsageStatisticsRequest, 'filterBy' | 'sortBy'>): UsageRecord[] {
  const kept = records.filter((r) => (input.filterBy ?? []).every((f) => filterHolds(f, r)));
  const key = input.sortBy?.key ?? 'accountId';
  if (!['accountId', 'total', 'serviceLimitValue', 'freeTrialStartDate'].includes(key)) {
    throw new CriteriaError(`The sort key ${String(key)} isn't valid. Valid keys: accountId, total, serviceLimitValue, freeTrialStartDate.`);
  }
  const value = (r: UsageRecord): string | number => {
    switch (key) {
      case 'accountId': return r.accountId ?? '';
      case 'total': return totalOf(r);
      case 'serviceLimitValue': return limitOf(r)?.value ?? 0;
      default: return r.freeTrialStartDate?.getTime() ?? 0;
    }
  };
  const dir = input.sortBy?.orderBy === 'DESC' ? -1 : 1;
  return kept.sort((a, b) => {
    const x = value(a), y = value(b);
    return x === y ? 0 : x < y ? -dir : dir;
  });
}
