// Log ingestion on PostgreSQL (issue 18): appends to different streams of one group no longer queue on the group's
// row lock for their sequence numbers. Each batch takes one block of SEQ_BLOCK numbers from this sequence (one
// `nextval`, no row lock); the group's `next_seq` stays for SQLite. Readers keep their ordering guarantee through an
// advisory lock (table-store/group-lock.ts). The sequence starts past every number a group has handed out.
import { sql, type Kysely } from 'kysely';

const isPostgres = (db: Kysely<any>) => db.getExecutor().adapter.constructor.name === 'PostgresAdapter';

/** Sequence numbers per block: PutLogEvents carries at most 10,000 events. */
const SEQ_BLOCK = 10_000;

export async function up(db: Kysely<any>): Promise<void> {
  if (!isPostgres(db)) return;
  const row = await sql<{ top: string }>`select coalesce(max(next_seq), 0) as top from logs_event_groups`.execute(db);
  const start = Number(row.rows[0]?.top ?? 0);
  await sql`create sequence logs_event_seq as bigint increment by ${sql.lit(SEQ_BLOCK)} minvalue 0 start with ${sql.lit(start)}`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!isPostgres(db)) return;
  // Groups number on from past every block handed out.
  await sql`update logs_event_groups set next_seq = greatest(next_seq, (select last_value + ${sql.lit(SEQ_BLOCK)} from logs_event_seq))`.execute(db);
  await sql`drop sequence logs_event_seq`.execute(db);
}
