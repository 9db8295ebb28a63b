// Runs the store contract on PostgreSQL, each test in a database of its own. Skips, saying why, when no server
// answers at SIFT_TEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres).
import { describe, it } from 'vitest';
import { describeStoreContract } from './store.contract.js';
import { openPostgresTestStore, postgresReachable, TEST_DATABASE_URL } from './test-databases.js';

if (!(await postgresReachable())) {
  describe('store contract: postgres', () => {
    it.skip(`SKIPPED: no PostgreSQL server answers at ${TEST_DATABASE_URL}`, () => undefined);
  });
} else {
  describeStoreContract('postgres', () => openPostgresTestStore('sift_contract'));
}
