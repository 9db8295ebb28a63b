/**
 * Running a chunk read as `COPY (…) TO STDOUT (FORMAT binary)` on a pool connection (PostgreSQL only). Kysely and
 * node-postgres' Query cannot: the driver drops COPY output, and its result rows cost six parsed text fields and an
 * object per event (migration 0043's packed text cost the backend a text conversion per number and per message
 * instead). Binary COPY sends each event's numbers as fixed-width integers and its message as its bytes, which
 * `CopyChunkReader` takes as the driver hands each CopyData message over.
 *
 * The statement runs by the simple query protocol, so it may be two statements in one implicit transaction: a token
 * reader's `select pg_advisory_xact_lock(…); copy …` (group-lock.ts) holds the group's lock until the COPY is done,
 * and the COPY (READ COMMITTED: a snapshot per statement) sees every append that committed before the lock was granted,
 * as `logs_event_chunk` (migration 0038) does with its two statements.
 */
import type pg from 'pg';
import { CopyChunkReader, type Chunk } from './packed.js';

/** Takes each CopyData message's bytes as they arrive (read before `add` returns: the driver reuses them). */
export interface CopySink {
  add(data: Buffer): void;
}

interface Connection {
  query(text: string): void;
  sendCopyFail(message: string): void;
}

/** A node-postgres submittable: the driver calls these as the backend's messages arrive. */
class CopyOut {
  readonly done: Promise<void>;
  private resolve!: () => void;
  private reject!: (err: Error) => void;
  private failure: Error | undefined;
  private settled = false;

  constructor(
    private readonly text: string,
    private readonly reader: CopySink,
  ) {
    this.done = new Promise((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
  }

  submit(connection: Connection): void {
    connection.query(this.text);
  }

  handleCopyData(msg: { chunk: Buffer }): void {
    if (this.failure !== undefined) return;
    try {
      this.reader.add(msg.chunk);
    } catch (err) {
      this.failure = err as Error; // reported once the backend is ready again
    }
  }

  handleError(err: Error): void {
    this.settle(err);
  }

  handleReadyForQuery(): void {
    this.settle(this.failure);
  }

  // The lock statement's row and the commands' completions carry nothing this needs.
  handleRowDescription(): void {}
  handleDataRow(): void {}
  handleCommandComplete(): void {}
  handleEmptyQuery(): void {}
  handlePortalSuspended(): void {}
  handleCopyInResponse(connection: Connection): void {
    connection.sendCopyFail('a chunk read sends no COPY data');
  }

  private settle(err: Error | undefined): void {
    if (this.settled) return;
    this.settled = true;
    if (err === undefined) this.resolve();
    else this.reject(err);
  }
}

/**
 * Runs `text` (its last statement a binary COPY of rows (seq, stream_id, ts, ingestion_time, bytes, message), at most
 * `rows` of them) on a connection of `pool`; the chunk in the walk's order.
 */
export async function copyChunk(pool: pg.Pool, text: string, rows: number, forward: boolean): Promise<Chunk> {
  const reader = new CopyChunkReader(rows);
  await copyInto(pool, text, reader);
  return reader.finish(forward);
}

/** Runs `text` (its last statement a COPY … TO STDOUT) on a connection of `pool`, its data into `sink`. */
export async function copyInto(pool: pg.Pool, text: string, sink: CopySink): Promise<void> {
  const client = await pool.connect();
  const out = new CopyOut(text, sink);
  try {
    client.query(out as unknown as pg.QueryConfig);
    await out.done;
  } catch (err) {
    client.release(err as Error); // the connection's state is unknown: dropped, not reused
    throw err;
  }
  client.release();
}
