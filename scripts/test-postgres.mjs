#!/usr/bin/env node
// Runs the store contract suite and the end-to-end tests again with PostgreSQL as the database, when a server
// answers at SIFT_TEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres); says so and skips if not.
import { spawnSync } from 'node:child_process';
import pg from 'pg';

const url = process.env.SIFT_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
try {
  await client.connect();
  await client.end();
} catch (err) {
  console.log(`SKIPPED the PostgreSQL run: no PostgreSQL server answers at ${url} (${err.message}). Set SIFT_TEST_DATABASE_URL to run it.`);
  process.exit(0);
}
console.log(`== PostgreSQL run against ${url}`);
// Test files or folders given on the command line narrow the run (`node scripts/test-postgres.mjs test/e2e/s3`).
const targets = process.argv.slice(2);
const res = spawnSync('npx', ['vitest', 'run', ...(targets.length ? targets : ['test/e2e', 'src/store'])], { stdio: 'inherit', env: { ...process.env, SIFT_TEST_DATABASE_URL: url } });
process.exit(res.status ?? 1);
