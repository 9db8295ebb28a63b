import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock, type RequestContext } from '../../common/index.js';
import { openStore, type Store } from '../../store/index.js';
import { createMacie2Registration } from './provider.js';

let store: Store;
const clock = new ManualClock(Date.UTC(2026, 10, 25));
const ctx = (accountId = '111122223333', region = 'us-east-1'): RequestContext => ({
  accountId,
  region,
  principal: { type: 'Root', accountId, arn: `arn:aws:iam::${accountId}:root`, principalId: accountId },
  requestId: 'r',
  clock,
  sourceIp: '127.0.0.1',
  userAgent: 'test',
});

beforeEach(async () => {
  store = await openStore(':memory:');
});
afterEach(async () => {
  await store.close();
});

describe('macie2 sessions', () => {
  it('refuses every operation but EnableMacie until Macie is enabled, per account and region', async () => {
    const reg = createMacie2Registration({ store });
    await expect(reg.precondition!('GetMacieSession', ctx())).rejects.toMatchObject({ code: 'AccessDeniedException', message: 'Macie is not enabled.' });
    await reg.precondition!('EnableMacie', ctx());
    await reg.provider.enableMacie!(ctx(), {});
    await reg.precondition!('ListFindings', ctx());
    await expect(reg.precondition!('ListFindings', ctx('111122223333', 'eu-west-1'))).rejects.toMatchObject({ code: 'AccessDeniedException' });
    await expect(reg.precondition!('ListFindings', ctx('444455556666'))).rejects.toMatchObject({ code: 'AccessDeniedException' });
  });

  it('enables with defaults, updates, refuses a second enable and disables', async () => {
    const { provider } = createMacie2Registration({ store });
    await provider.enableMacie!(ctx(), {});
    const s = (await provider.getMacieSession!(ctx(), {})) as Record<string, unknown>;
    expect(s).toMatchObject({ status: 'ENABLED', findingPublishingFrequency: 'FIFTEEN_MINUTES' });
    expect(s.createdAt).toEqual(clock.now());
    await expect(provider.enableMacie!(ctx(), {})).rejects.toMatchObject({ code: 'ConflictException' });
    clock.advance(60_000);
    await provider.updateMacieSession!(ctx(), { status: 'PAUSED', findingPublishingFrequency: 'SIX_HOURS' });
    const after = (await provider.getMacieSession!(ctx(), {})) as Record<string, Date | string>;
    expect(after).toMatchObject({ status: 'PAUSED', findingPublishingFrequency: 'SIX_HOURS' });
    expect((after.updatedAt as Date).getTime() - (after.createdAt as Date).getTime()).toBe(60_000);
    await provider.disableMacie!(ctx(), {});
    await expect(provider.getMacieSession!(ctx(), {})).rejects.toMatchObject({ code: 'AccessDeniedException' });
  });
});
