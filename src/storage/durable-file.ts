// A new file written from a stream and on disk when the stream finishes: created exclusively (0600), written with
// writev, flushed with fdatasync in the background every SYNC_EVERY_BYTES (so the disk writes while bytes still arrive,
// instead of all of them in one fsync at the end), and fsynced before `finish`. A failed or destroyed stream closes
// its descriptor; removing the file is the caller's business.
import { close, fdatasync, fsync, open, writev } from 'node:fs';
import { Writable } from 'node:stream';

/** Bytes written between background flushes. */
export const SYNC_EVERY_BYTES = 32 << 20;

export interface DurableFileOptions {
  mode: number;
  /** Bytes buffered before the stream asks its writer to wait. */
  highWaterMark: number;
  /** Bytes between background flushes (default SYNC_EVERY_BYTES); 0: only the final fsync. */
  syncEvery?: number;
  /** Called with the buffers of each completed write once the file has them (the caller may reuse them). */
  written?: (buffers: Buffer[]) => void;
}

export class DurableFileWriter extends Writable {
  private fd: number | undefined;
  private unsynced = 0;
  /** The background fdatasync in flight, if any (at most one). */
  private syncing: Promise<void> | undefined;
  /** Counts, for tests. */
  readonly stats = { writes: 0, backgroundSyncs: 0 };
  private readonly syncEvery: number;

  constructor(private readonly path: string, private readonly options: DurableFileOptions) {
    super({ highWaterMark: options.highWaterMark });
    this.syncEvery = options.syncEvery ?? SYNC_EVERY_BYTES;
  }

  override _construct(cb: (err?: Error | null) => void): void {
    open(this.path, 'wx', this.options.mode, (err, fd) => {
      if (err) return cb(err);
      this.fd = fd;
      cb();
    });
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (err?: Error | null) => void): void {
    this.writeAll([chunk], cb);
  }

  override _writev(chunks: { chunk: Buffer }[], cb: (err?: Error | null) => void): void {
    this.writeAll(chunks.map((c) => c.chunk), cb);
  }

  private writeAll(buffers: Buffer[], cb: (err?: Error | null) => void): void {
    const fd = this.fd!;
    // writev may write less than asked (and at most IOV_MAX buffers at once): continue from where it stopped.
    const step = (list: Buffer[]): void => {
      const batch = list.length > 1024 ? list.slice(0, 1024) : list;
      writev(fd, batch, (err, written) => {
        if (err) return cb(err);
        this.stats.writes++;
        this.unsynced += written;
        let rest = written;
        let i = 0;
        while (i < list.length && rest >= list[i]!.length) rest -= list[i++]!.length;
        const remaining = list.slice(i);
        if (remaining.length > 0 && rest > 0) remaining[0] = remaining[0]!.subarray(rest);
        if (remaining.length > 0) return step(remaining);
        this.options.written?.(buffers);
        this.backgroundSync();
        cb();
      });
    };
    step(buffers);
  }

  /** Starts an fdatasync once enough bytes have been written since the last, unless one is running. */
  private backgroundSync(): void {
    if (this.syncEvery === 0 || this.unsynced < this.syncEvery || this.syncing) return;
    this.unsynced = 0;
    this.stats.backgroundSyncs++;
    const fd = this.fd!;
    this.syncing = new Promise<void>((resolve) => fdatasync(fd, () => resolve())).then(() => {
      this.syncing = undefined;
    });
  }

  override _final(cb: (err?: Error | null) => void): void {
    const fd = this.fd!;
    // The final fsync decides durability (a background flush's outcome is advisory); it waits for the one in flight.
    void (this.syncing ?? Promise.resolve()).then(() => fsync(fd, (err) => cb(err)));
  }

  override _destroy(err: Error | null, cb: (err?: Error | null) => void): void {
    const fd = this.fd;
    this.fd = undefined;
    if (fd === undefined) return cb(err);
    void (this.syncing ?? Promise.resolve()).then(() => close(fd, (closeErr) => cb(err ?? closeErr)));
  }
}
