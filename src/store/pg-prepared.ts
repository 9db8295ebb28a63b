// Statements that run many times a second (the IAM change counter read, the audit batch's INSERT) sent to PostgreSQL
// as named prepared statements: each pool connection parses the fixed text once, and the backend then reuses its plan
// (a generic one after five executions) instead of parsing, analysing and planning it on every call, which kysely's
// driver does for every query (it cannot name one). Measured in bench/pg-audit-batch.ts: the backend's CPU per
// counter read ~170 → ~70 µs, per 12-record audit batch ~1,150 → ~800 µs.
import type { CompiledQuery, Kysely, QueryResult } from 'kysely';
import type { Database } from './schema.js';
import { postgresPool } from './dialects.js';

/**
 * Runs `query` as the prepared statement `name` when `db` is a PostgreSQL store's own Kysely instance (openStore), and
 * through kysely otherwise (SQLite, a transaction, an instance with plugins: they get what they always got).
 *
 * A name must always stand for the same text (node-postgres refuses a different text under a name it has prepared on
 * the connection); values are bound, never spliced. The driver forgets the name with the connection, and a failed
 * parse is not remembered, so a statement prepared before a schema change is re-planned by the server as usual.
 */
export async function runPrepared<R>(db: Kysely<Database>, name: string, query: CompiledQuery<R>): Promise<Pick<QueryResult<R>, 'rows'>> {
  const pool = postgresPool(db);
  if (!pool) return db.executeQuery(query);
  // As kysely's driver does: a statement's error (a refused row) leaves the connection in the pool; a broken connection
  // is dropped by the pool on release. (pool.query would close the connection on any error.)
  const client = await pool.connect();
  try {
    const result = await client.query({ name, text: query.sql, values: query.parameters as unknown[] });
    return { rows: result.rows as R[] };
  } finally {
    client.release();
  }
}
