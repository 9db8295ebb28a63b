// IAM's change counter, kept in the store so that every process sharing the database sees a change at once: each
// IAM or STS write bumps it (awaited before the write is acknowledged), and caches of resolved credentials and their
// compiled policies are valid only for the counter value they were loaded under. Reading the counter is one primary
// key lookup, shared by every call that asks before it begins: a read begins in the next check phase of the event
// loop (after the poll phase has handed over the calls that arrived together) and, while one is in flight, not
// before it ends. No call is ever answered by a read that began before it asked, which could miss a change it must
// see.
import { sql, type CompiledQuery, type Kysely } from 'kysely';
import { runPrepared, type Database } from '../store/index.js';

const NAMESPACE = 'sift';
const KEY = 'iam-version';

export class IamVersion {
  private inFlight: Promise<string> | undefined;
  /** The next read, not begun yet: every caller until it begins shares it. */
  private queued: Promise<string> | undefined;

  /** Built and compiled once: this read runs on every authenticated call. */
  private readonly readQuery: CompiledQuery<{ value: string }>;

  constructor(private readonly db: Kysely<Database>) {
    this.readQuery = db.selectFrom('kv').select('value').where('namespace', '=', NAMESPACE).where('key', '=', KEY).compile();
  }

  /** Counts one change of IAM state; resolves once it is committed. */
  async bump(): Promise<void> {
    await this.db
      .insertInto('kv')
      .values({ namespace: NAMESPACE, key: KEY, value: '1' })
      .onConflict((oc) => oc.columns(['namespace', 'key']).doUpdateSet({ value: sql<string>`cast(cast(kv.value as bigint) + 1 as varchar(32))` }))
      .execute();
  }

  /** The counter as stored now: read after this call began (shared with calls that arrived at the same time). */
  current(): Promise<string> {
    // The read in flight may have run before a change this caller must see: the caller joins the next one.
    this.queued ??= (this.inFlight ? this.inFlight.then(afterThisTurn, afterThisTurn) : afterThisTurn()).then(() => this.next());
    return this.queued;
  }

  private next(): Promise<string> {
    this.queued = undefined; // from here on, callers wait for a read that begins after they asked
    return this.startRead();
  }

  private startRead(): Promise<string> {
    const read = this.read();
    this.inFlight = read;
    const clear = () => {
      if (this.inFlight === read) this.inFlight = undefined;
    };
    read.then(clear, clear);
    return read;
  }

  private async read(): Promise<string> {
    // A prepared statement on PostgreSQL: parsed once per connection, not on every read (store/pg-prepared.ts).
    const result = await runPrepared(this.db, 'sift_iam_version_read', this.readQuery);
    return result.rows[0]?.value ?? '0';
  }
}

/**
 * Resolves in the event loop's next check phase: the calls that arrived in this poll phase (which runs before it) and
 * got as far as asking share the read that begins then, instead of one read each.
 */
function afterThisTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
