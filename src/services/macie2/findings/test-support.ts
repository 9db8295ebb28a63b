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

/**
 * A fresh PostgreSQL database for one test file, or undefined when no server answers at SIFT_TEST_DATABASE_URL
 * (default postgres://postgres@127.0.0.1:5432/postgres). `close` drops the database.
 */
export async function postgresTestStore(): Promise<Store | undefined> {
  const { default: pg } = await import('pg');
  const url = process.env.SIFT_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const admin = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await admin.connect();
  } catch {
    return undefined;
  }
  const name = `sift_macie_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(url);
  u.pathname = `/${name}`;
  const store = await openStore(u.toString());
  return {
    ...store,
    async close() {
      await store.close();
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      // Without FORCE, so no closing pool connection is killed under the client; retried until they are gone.
      for (let i = 0; ; i++) {
        try {
          await c.query(`DROP DATABASE IF EXISTS ${name}`);
          break;
        } catch (err) {
          if (i >= 50) throw err;
          await new Promise((r) => setTimeout(r, 100));
        }
      }
      await c.end();
    },
  };
}

/** The dialects a store test runs on: SQLite always, PostgreSQL when a server answers. */
export const DIALECTS: Array<[string, () => Promise<Store | undefined>]> = [
  ['sqlite', testStore],
  ['postgres', postgresTestStore],
];

export async function postgresReachable(): Promise<boolean> {
  const { default: pg } = await import('pg');
  const c = new pg.Client({ connectionString: process.env.SIFT_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres', connectionTimeoutMillis: 2000 });
  try {
    await c.connect();
    await c.end();
    return true;
  } catch {
    return false;
  }
}
