// Leases in the database: a named task (the jobs scheduler, a periodic pass) is run by one process at a time across
// every API and worker process sharing the database. A holder keeps its lease by renewing it (its heartbeat) before
// it expires; a holder killed with -9 stops renewing and another process takes the lease over after `ttlMs`.
import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.js';

export interface LeaseOptions {
  /** The lease's name (one per singleton task). */
  name: string;
  /** This process (unique per process: host, pid and a random part). */
  holder: string;
  /** How long the lease lasts without a renewal. */
  ttlMs: number;
}

/**
 * Takes or renews the lease; true when `holder` holds it until `nowMs + ttlMs`. One statement each, so two
 * processes racing for a free or expired lease never both win: the conditional update is atomic on both databases.
 */
export async function acquireLease(db: Kysely<Database>, options: LeaseOptions, nowMs: number): Promise<boolean> {
  const expires = nowMs + options.ttlMs;
  const inserted = await db
    .insertInto('sift_leases')
    .values({ name: options.name, holder: options.holder, expires_at: expires })
    .onConflict((oc) => oc.column('name').doNothing())
    .executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0) return true;
  const res = await db
    .updateTable('sift_leases')
    .set({ holder: options.holder, expires_at: expires })
    .where('name', '=', options.name)
    .where((eb) => eb.or([eb('holder', '=', options.holder), eb('expires_at', '<=', nowMs)]))
    .executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}

/** Gives the lease up (a clean stop), so another process takes it over at once. */
export async function releaseLease(db: Kysely<Database>, options: Pick<LeaseOptions, 'name' | 'holder'>): Promise<void> {
  await db.deleteFrom('sift_leases').where('name', '=', options.name).where('holder', '=', options.holder).execute();
}

/** Who holds a lease now, if anyone (tests, diagnostics). */
export async function leaseHolder(db: Kysely<Database>, name: string, nowMs: number): Promise<string | undefined> {
  const row = await db.selectFrom('sift_leases').select('holder').where('name', '=', name).where('expires_at', '>', sql<number>`${nowMs}`).executeTakeFirst();
  return row?.holder;
}

/** A check a periodic task makes before each pass: true while this process holds (and has just renewed) `name`. */
export function leaseGuard(db: Kysely<Database>, name: string, ttlMs: number, nowMs: () => number, holder: string): () => Promise<boolean> {
  return () => acquireLease(db, { name, holder, ttlMs }, nowMs());
}
