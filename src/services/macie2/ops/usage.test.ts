import { describe, expect, it } from 'vitest';
import type { RequestContext } from '../../../common/index.js';
import { ACCOUNT, csvWithCards, jobsFixture, REGION, SCOPE } from '../../../jobs/test-support.js';
import { errors } from '../../../models/macie2/index.js';
import { MacieSessions } from '../sessions.js';
import { monthsOf } from '../inventory/index.js';
import { usageOps } from './usage.js';

const ctx = { accountId: ACCOUNT, region: REGION } as unknown as RequestContext;
const TB = 1024 ** 4;

describe('monthsOf', () => {
  it('covers the months a time range touches', () => {
    expect(monthsOf('MONTH_TO_DATE', Date.parse('2026-03-10T00:00:00Z'))).toEqual(['2026-03']);
    expect(monthsOf('PAST_30_DAYS', Date.parse('2026-03-10T00:00:00Z'))).toEqual(['2026-02', '2026-03']);
  });
});

describe('usageOps over a real store', () => {
  it('reports every usage type at no cost, and the quota as limiting once a job used it up', async () => {
    let quota = 5 * TB;
    const f = await jobsFixture({ quotaBytes: async () => quota });
    try {
      const ops = usageOps({ db: f.store.db, clock: f.clock, sessions: new MacieSessions(f.store.db), quotaBytes: async () => quota });
      expect(await ops.getUsageTotals(ctx, {})).toEqual({
        timeRange: 'PAST_30_DAYS', // the model's default
        usageTotals: ['DATA_INVENTORY_EVALUATION', 'SENSITIVE_DATA_DISCOVERY', 'AUTOMATED_SENSITIVE_DATA_DISCOVERY', 'AUTOMATED_OBJECT_MONITORING'].map((type) => ({ currency: 'USD', estimatedCost: '0', type })),
      });
      expect((await ops.getUsageTotals(ctx, { timeRange: 'MONTH_TO_DATE' })).timeRange).toBe('MONTH_TO_DATE');
      await expect(ops.getUsageTotals(ctx, { timeRange: 'LAST_YEAR' })).rejects.toBeInstanceOf(errors.ValidationException);

      const before = await ops.getUsageStatistics(ctx, {});
      expect(before.timeRange).toBe('PAST_30_DAYS');
      expect(before.records).toHaveLength(1);
      const limitOf = (r: typeof before) => r.records![0]!.usage!.find((u) => u.type === 'SENSITIVE_DATA_DISCOVERY')!.serviceLimit;
      expect(limitOf(before)).toEqual({ isServiceLimited: false, unit: 'TERABYTES', value: 5 });

      await f.bucket('data');
      for (let i = 0; i < 3; i++) await f.put('data', `u-${i}.csv`, csvWithCards(5, i));
      f.jobs.start();
      await f.jobs.create(SCOPE, { clientToken: 't', jobType: 'ONE_TIME', name: 'n', s3JobDefinition: { bucketDefinitions: [{ accountId: ACCOUNT, buckets: ['data'] }] } });
      await f.jobs.settle();
      const used = await f.jobs.usageBytes(ACCOUNT, REGION, '2026-03');
      expect(used).toBeGreaterThan(0);

      quota = used; // the quota is now met
      const after = await ops.getUsageStatistics(ctx, {});
      expect(limitOf(after)).toMatchObject({ isServiceLimited: true });
      expect((await ops.getUsageStatistics(ctx, { filterBy: [{ key: 'serviceLimit', comparator: 'EQ', values: ['true'] }] })).records).toHaveLength(1);
      expect((await ops.getUsageStatistics(ctx, { filterBy: [{ key: 'accountId', comparator: 'CONTAINS', values: ['999999999999'] }] })).records).toHaveLength(0);
      expect((await ops.getUsageStatistics(ctx, { filterBy: [{ key: 'total', comparator: 'GT', values: ['0'] }] })).records).toHaveLength(0);
      await expect(ops.getUsageStatistics(ctx, { filterBy: [{ key: 'accountId', comparator: 'EQ', values: [ACCOUNT] }] })).rejects.toBeInstanceOf(errors.ValidationException);
      await expect(ops.getUsageStatistics(ctx, { sortBy: { key: 'colour' as never } })).rejects.toBeInstanceOf(errors.ValidationException);
    } finally {
      await f.close();
    }
  });
});
