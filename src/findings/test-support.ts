// For this part's tests: a migrated in-memory store and RequestContexts for an account and region.
import { ManualClock, sequentialIds, type RequestContext } from '../common/index.js';
import { openStore, type Store } from '../store/index.js';
import { openPostgresTestStore, postgresReachable } from '../store/test-databases.js';

export { postgresReachable };

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

/**
 * A fresh PostgreSQL database for one test file, or undefined when no server answers at SIFT_TEST_DATABASE_URL
 * (default postgres://postgres@127.0.0.1:5432/postgres). `close` drops the database.
 */
export async function postgresTestStore(): Promise<Store | undefined> {
  return (await postgresReachable()) ? openPostgresTestStore('sift_macie') : undefined;
}

/** The dialects a store test runs on: SQLite always, PostgreSQL when a server answers. */
export const DIALECTS: Array<[string, () => Promise<Store | undefined>]> = [
  ['sqlite', testStore],
  ['postgres', postgresTestStore],
];

