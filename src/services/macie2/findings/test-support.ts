// For this part's tests: a migrated in-memory store and RequestContexts for an account and region.
import { ManualClock, sequentialIds, type RequestContext } from '../../../common/index.js';
import { openStore, type Store } from '../../../store/index.js';

export async function testStore(): Promise<Store> {
  return openStore(':memory:');
}

export function testContext(clock = new ManualClock(Date.UTC(2026, 0, 1)), accountId = '111122223333', region = 'us-east-1'): RequestContext {
  return {
    accountId,
    region,
    clock,
    requestId: 'req-1',
    sourceIp: '127.0.0.1',
    userAgent: 'vitest',
    principal: { type: 'Root', accountId, arn: `arn:aws:iam::${accountId}:root`, principalId: accountId },
  };
}

export { ManualClock, sequentialIds };
