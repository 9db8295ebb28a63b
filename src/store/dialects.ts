// The two database backends: SQLite (better-sqlite3, a file in the data dir) by default, PostgreSQL when a
// postgres:// URL is configured. Everything above this file is dialect-agnostic Kysely.
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, type MigrationProvider } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.js';
import { migrations } from './migrations/index.js';

export type DialectName = 'sqlite' | 'postgres';

export interface Store {
  db: Kysely<Database>;
  dialect: DialectName;
  close(): Promise<void>;
}

// PostgreSQL returns bigint (int8) as strings; our bigints are epoch milliseconds, safely numbers.
pg.types.setTypeParser(20, (v: string) => Number(v));

/** The pool behind each PostgreSQL store's Kysely instance, for the few reads Kysely cannot express (COPY). */
const pools = new WeakMap<Kysely<Database>, pg.Pool>();

/**
 * The node-postgres pool of a PostgreSQL store opened by `openStore` (undefined for SQLite, a transaction or another
 * Kysely instance). For statements Kysely cannot run, such as COPY … TO STDOUT (the Logs table store's reads).
 */
export function postgresPool(db: Kysely<Database>): pg.Pool | undefined {
  return pools.get(db);
}

/** The better-sqlite3 connection behind each SQLite store's Kysely instance (its prepared-statement cache in front). */
const sqliteConnections = new WeakMap<Kysely<Database>, BetterSqlite3.Database>();

/**
 * The better-sqlite3 connection of a SQLite store opened by `openStore` (undefined for PostgreSQL, a transaction or
 * another Kysely instance), for a hot write that Kysely's per-statement hops would dominate. It is Kysely's only
 * connection: use it only inside `db.connection().execute(…)`, which holds Kysely's connection lock, so no Kysely
 * transaction is open on it meanwhile (their statements would otherwise join it), and only synchronously.
 */
export function sqliteConnection(db: Kysely<Database>): BetterSqlite3.Database | undefined {
  return sqliteConnections.get(db);
}

export function isPostgresUrl(url: string | undefined): url is string {
  return !!url && /^postgres(ql)?:\/\//.test(url);
}

/** Opens the store: `postgres://…` → PostgreSQL, otherwise a SQLite file path (or ':memory:'). */
export async function openStore(location: string): Promise<Store> {
  let db: Kysely<Database>;
  let dialect: DialectName;
  if (isPostgresUrl(location)) {
    const pool = new pg.Pool({ connectionString: location, max: 10 });
    // An idle connection the server closes (restart, failover, DROP DATABASE … FORCE at the end of a test) is an
    // 'error' on the pool; without a listener it would be an uncaught exception. The pool drops that connection and
    // the next query opens a new one, so there is nothing else to do.
    pool.on('error', () => undefined);
    db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    pools.set(db, pool);
    dialect = 'postgres';
  } else {
    if (location !== ':memory:') {
      mkdirSync(dirname(location), { recursive: true, mode: 0o700 });
      // SQLite creates its -wal and -shm files with the database file's mode, so creating that 0600 seals all three.
      closeSync(openSync(location, 'a', 0o600));
    }
    const sqlite = new BetterSqlite3(location);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('busy_timeout = 5000');
    const cached = withStatementCache(sqlite);
    db = new Kysely<Database>({ dialect: new SqliteDialect({ database: cached }) });
    sqliteConnections.set(db, cached);
    dialect = 'sqlite';
  }
  await migrate(db);
  return { db, dialect, close: () => db.destroy() };
}

/**
 * Kysely prepares every query anew; preparing costs more than running most of ours. This keeps prepared statements
 * by SQL text (bounded), handing out a fresh one only while the cached one is busy iterating.
 */
function withStatementCache(sqlite: BetterSqlite3.Database): BetterSqlite3.Database {
  const cache = new Map<string, BetterSqlite3.Statement>();
  const prepare = sqlite.prepare.bind(sqlite);
  return new Proxy(sqlite, {
    get(target, prop, receiver) {
      if (prop !== 'prepare') {
        const value = Reflect.get(target, prop, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      }
      return (sql: string) => {
        const cached = cache.get(sql);
        if (cached && !cached.busy) return cached;
        const stmt = prepare(sql);
        if (!cached) {
          if (cache.size >= 2000) cache.delete(cache.keys().next().value!);
          cache.set(sql, stmt);
        }
        return stmt;
      };
    },
  });
}

const provider: MigrationProvider = { getMigrations: async () => migrations };

export async function migrate(db: Kysely<Database>): Promise<void> {
  const { error, results } = await new Migrator({ db, provider }).migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new Error(`database migration ${failed?.migrationName ?? ''} failed: ${(error as Error).message ?? error}`);
  }
}

/** Names of the migrations this build knows that the database has not run (readiness: must be none). */
export async function pendingMigrations(db: Kysely<Database>): Promise<string[]> {
  const all = await new Migrator({ db, provider }).getMigrations();
  return all.filter((m) => m.executedAt === undefined).map((m) => m.name);
}
