// Runs the store contract on PostgreSQL, each test in a database of its own. Skips, saying why, when no server
// answers at SIFT_TEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres).
import pg from 'pg';
import { describe, it } from 'vitest';
import { openStore, type Store } from './dialects.js';
import { describeStoreContract } from './store.contract.js';

const url = process.env.SIFT_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function reachable(): Promise<boolean> {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await c.connect();
    await c.end();
    return true;
  } catch {
    return false;
  }
}

const available = await reachable();
if (!available) {
  describe('store contract: postgres', () => {
    it.skip(`SKIPPED: no PostgreSQL server answers at ${url}`, () => undefined);
  });
} else {
  describeStoreContract('postgres', async (): Promise<Store> => {
    const name = `sift_contract_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
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
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await c.end();
      },
    };
  });
}
