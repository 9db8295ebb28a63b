// PostgreSQL databases for tests: each test suite or server gets a database of its own, dropped when it closes.
// The server is SIFT_TEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres); suites skip, saying so,
// when it does not answer.
import pg from 'pg';
import { openStore, type Store } from './dialects.js';

export const TEST_DATABASE_URL = process.env.SIFT_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export async function postgresReachable(url = TEST_DATABASE_URL): Promise<boolean> {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await c.connect();
    await c.end();
    return true;
  } catch {
    return false;
  }
}

/** Creates an empty database named `<prefix>_<pid>_<random>`; `drop` removes it, closing what is still connected. */
export async function createTestDatabase(prefix: string, url = TEST_DATABASE_URL): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(url);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/** A migrated store on a fresh database; closing it drops the database. */
export async function openPostgresTestStore(prefix: string, url = TEST_DATABASE_URL): Promise<Store> {
  const db = await createTestDatabase(prefix, url);
  const store = await openStore(db.url);
  return {
    ...store,
    async close() {
      await store.close();
      await db.drop();
    },
  };
}
