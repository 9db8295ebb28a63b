/**
 * The ordering guarantee of a group's events on PostgreSQL, without queueing appends on one row lock.
 *
 * Appends to a group run side by side: each holds the group's advisory lock SHARED from before it takes its block of
 * sequence numbers (`nextval`, in `logs_event_append_array`, migration 0046, and 0045's `logs_event_append` before it: each holds a copy of the key) until it commits. So sequence order is no longer commit order:
 * a batch on stream A may take seq 100 and commit after a batch on stream B took seq 200. A reader that saw B's
 * events and was handed a token at (t, 200) would then skip A's events at timestamp t.
 *
 * Readers that hand out tokens (GetLogEvents, FilterLogEvents) therefore read each chunk holding the same lock
 * EXCLUSIVE (`logs_event_chunk`, migration 0038, which holds a copy of the key): it is granted once every append in flight has committed (or rolled back), and an append that starts
 * later queues behind it, so it takes its numbers after the reader's snapshot and every event the reader cannot see
 * sorts after every event it saw at the same timestamp. Group deletion and retention take it exclusive too, so no
 * append is half-way while they count or delete. An exclusive request blocks later shared ones (PostgreSQL queues
 * locks fairly), so a reader waits for at most the appends already running.
 *
 * The lock is transaction-scoped (released by COMMIT/ROLLBACK, also when a connection dies). Its key is the pair
 * (LOCK_CLASS, gid folded to 31 bits): two groups that fold together only share a lock, never lose ordering.
 */
import { sql, type RawBuilder } from 'kysely';

/** 'Logs' in ASCII: the first key of the two-key advisory locks the Logs table store takes. */
export const LOCK_CLASS = 0x4c6f6773;

const key = (gid: unknown) => sql`${sql.lit(LOCK_CLASS)}, (${gid}::bigint % 2147483648)::int`;

/** For appends (as `logs_event_append` takes it): shared, taken before the batch's sequence numbers. `gid` may be an SQL expression. */
export const sharedGroupLock = (gid: RawBuilder<unknown>): RawBuilder<unknown> => sql`pg_advisory_xact_lock_shared(${key(gid)})`;

/** For token readers, group deletion and retention: waits out the appends in flight and holds new ones back. */
export const exclusiveGroupLock = (gid: number): RawBuilder<void> => sql<void>`select pg_advisory_xact_lock(${key(gid)})`;
