// The embedded store's bytes on disk: `<dataDir>/objects/<2 hex>/<32 hex>`, immutable once written. Every write
// goes to `objects/.tmp/` first, is fsynced, then renamed into place, and only then does a metadata row point at
// it, so a crash leaves either nothing visible or the whole object. Leftover temp files are removed at start.
// With a data key, the bytes are sealed on their way to disk (object-cipher.ts) and opened on the way out; a segment
// without one is a legacy plaintext file, read as it is. Directories are 0700 and files 0600.
import { createHash, type Hash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { chmod, link, mkdir, open, readdir, rename, rm, stat, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { dirname, join } from 'node:path';
import { Readable, Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { IdSource } from '../common/index.js';
import type { ByteRange } from './types.js';
import { CHUNK_BYTES, ChunkSealer, RECYCLE_BYTES, decryptBatches, releasePlain, releaseSealed, type DataKey } from './object-cipher.js';
import { DurableFileWriter } from './durable-file.js';
import { CRC_KINDS, nativeAead, type NativeAead } from './native-aead.js';
import { OffThreadMd5 } from './off-thread-md5.js';
import { checkDigests, takeDeclaredDigests } from './declared-digests.js';

const DIR_MODE = 0o700;
const FILE_MODE = 0o600;
/** Bytes held between the hashing and sealing pass and the disk, and read from disk at once. */
const WRITE_BATCH_BYTES = 4 << 20;

export interface Segment {
  /** Path relative to the objects directory. */
  f: string;
  /** Bytes (plaintext). */
  n: number;
  /** The file's data key, wrapped (base64); absent for a legacy plaintext file. */
  k?: string;
  /** A multipart object's part: the additional checksum its upload was made with (base64), for GetObjectAttributes. */
  c?: string;
}

export interface WrittenFile {
  file: string;
  size: number;
  md5Hex: string;
}

/**
 * The one pass over an object's bytes on their way to disk: counts them (failing once `maxBytes` is passed),
 * MD5-hashes them (the ETag) and, with a data key, seals them (object-cipher.ts), handing on the caller's buffers or
 * the cipher's output without copying either. The MD5 is `md5Hex` once the stream has flushed.
 */
class Measure extends Transform {
  private readonly inlineMd5: Hash | undefined;
  md5Hex = '';
  size = 0;
  /** Running CRCs asked for by `alsoCompute`, computed natively on this thread (small bodies). */
  protected crcs: { alg: string; kind: number; state: Uint8Array }[] = [];
  protected readonly crcNative = nativeAead();
  /** The CRCs' values once flushed, base64 by algorithm. */
  protected readonly crcBase64 = new Map<string, string>();
  protected readonly sealer: ChunkSealer | undefined;
  protected readonly out = (bytes: Buffer) => void this.push(bytes);
  /** `slabs`: the sealer seals into pooled slabs (ChunkSealer), which the file writer gives back once written. */
  /** `hashInline`: false when a subclass computes the MD5 elsewhere. */
  constructor(protected readonly maxBytes: number, protected readonly tooLarge: (size: number) => Error, dataKey?: DataKey, slabs = false, hashInline = true) {
    super({ highWaterMark: WRITE_BATCH_BYTES });
    this.sealer = dataKey ? new ChunkSealer(dataKey.key, { slabs }) : undefined;
    this.inlineMd5 = hashInline ? createHash('md5') : undefined;
  }
  /** Digests besides the MD5 this measure can compute (the addon's CRCs), by S3's algorithm name. */
  computable(): string[] {
    return this.crcNative ? Object.keys(CRC_KINDS) : [];
  }
  /** Computes these of `computable()` too (called before the first byte); their values: `digestBase64`. */
  alsoCompute(algorithms: readonly string[]): void {
    this.crcs = algorithms.map((alg) => ({ alg, kind: CRC_KINDS[alg]!, state: new Uint8Array(9) }));
  }
  /** base64 of a digest once flushed: 'md5' or one asked for by `alsoCompute`. */
  digestBase64(algorithm: string): string {
    return algorithm === 'md5' ? Buffer.from(this.md5Hex, 'hex').toString('base64') : (this.crcBase64.get(algorithm) ?? '');
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    this.size += chunk.length;
    if (this.size > this.maxBytes) return cb(this.tooLarge(this.size));
    this.inlineMd5!.update(chunk);
    for (const c of this.crcs) this.crcNative!.crcUpdate(c.kind, c.state, chunk);
    if (this.sealer) this.sealer.update(chunk, this.out);
    else this.push(chunk);
    cb();
  }
  override _flush(cb: TransformCallback): void {
    this.sealer?.end(this.out);
    this.md5Hex = this.inlineMd5!.digest('hex');
    for (const c of this.crcs) this.crcBase64.set(c.alg, Buffer.from(this.crcNative!.crcValue(c.kind, c.state)).toString('base64'));
    cb();
  }
}

/** Bytes of one shared batch of a large write (a whole number of cipher chunks). */
const SLOT_BYTES = 16 * CHUNK_BYTES;
/** Batches one large write may have in flight (being hashed, or holding the chunk the sealer waits on). */
const SLOTS_PER_WRITE = 8;
/** Batches kept for reuse between writes (their memory stays mapped, so the next write does not fault it in again). */
const SPARE_SLOTS = 32;
const spareSlots: SharedArrayBuffer[] = [];

/**
 * Measure for a large body: the bytes are copied once into shared batches of SLOT_BYTES, which a worker thread
 * MD5-hashes (off-thread-md5.ts) while this thread seals the same batch, whole chunk by whole chunk, and hands the
 * sealed bytes to the disk. A batch is reused once the worker has read it and the sealer no longer holds its last chunk
 * (it holds one full chunk until it knows whether more follows).
 */
class LargeMeasure extends Measure {
  private readonly offThread = new OffThreadMd5();
  constructor(maxBytes: number, tooLarge: (size: number) => Error, dataKey?: DataKey, slabs = false) {
    super(maxBytes, tooLarge, dataKey, slabs, false);
  }
  /** (The worker computes the MD5 alone; declared CRCs stay with the protocol's stream.) */
  override computable(): string[] {
    return [];
  }
  private slot: { sab: SharedArrayBuffer; view: Buffer; filled: number } | undefined;
  /** Batches handed to the worker, oldest first, with the promise that it has read them. */
  private readonly inFlight: { sab: SharedArrayBuffer; hashed: Promise<void> }[] = [];

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    this.size += chunk.length;
    if (this.size > this.maxBytes) return cb(this.tooLarge(this.size));
    if (!this.sealer) this.push(chunk);
    void this.copyIn(chunk).then(() => cb(), cb);
  }

  private async copyIn(chunk: Buffer): Promise<void> {
    let at = 0;
    while (at < chunk.length) {
      if (!this.slot) this.slot = await this.newSlot();
      const s = this.slot;
      const n = chunk.copy(s.view, s.filled, at, Math.min(chunk.length, at + SLOT_BYTES - s.filled));
      s.filled += n;
      at += n;
      if (s.filled === SLOT_BYTES) this.dispatch();
    }
  }

  /** The current batch to the worker and through the sealer. */
  private dispatch(): void {
    const s = this.slot!;
    this.slot = undefined;
    const hashed = this.offThread.update(s.sab, s.filled);
    hashed.catch(() => undefined); // seen when awaited
    this.inFlight.push({ sab: s.sab, hashed });
    this.sealer?.update(s.view.subarray(0, s.filled), this.out);
  }

  /** A free batch: a spare one, or once the oldest in flight is hashed and no longer held by the sealer. */
  private async newSlot(): Promise<{ sab: SharedArrayBuffer; view: Buffer; filled: number }> {
    // The newest batch in flight may still hold the sealer's pending chunk, so it is never reused here.
    if (this.inFlight.length >= SLOTS_PER_WRITE) {
      const oldest = this.inFlight.shift()!;
      await oldest.hashed;
      return { sab: oldest.sab, view: Buffer.from(oldest.sab), filled: 0 };
    }
    const sab = spareSlots.pop() ?? new SharedArrayBuffer(SLOT_BYTES);
    return { sab, view: Buffer.from(sab), filled: 0 };
  }

  override _flush(cb: TransformCallback): void {
    if (this.slot && this.slot.filled > 0) this.dispatch();
    this.sealer?.end(this.out);
    void (async () => {
      for (const f of this.inFlight) await f.hashed;
      this.md5Hex = await this.offThread.digestHex();
      this.release();
    })().then(() => cb(), cb);
  }

  override _destroy(err: Error | null, cb: (error?: Error | null) => void): void {
    this.offThread.discard();
    // Batches still being read by the worker are left to the garbage collector rather than reused.
    void Promise.allSettled(this.inFlight.map((f) => f.hashed)).then(() => this.release());
    cb(err);
  }

  private release(): void {
    for (const f of this.inFlight.splice(0)) if (spareSlots.length < SPARE_SLOTS) spareSlots.push(f.sab);
    if (this.slot && spareSlots.length < SPARE_SLOTS) spareSlots.push(this.slot.sab);
    this.slot = undefined;
  }
}

/** Bytes of a large write handed to the pooled MD5 at once (about 2 ms of hashing). */
const POOL_MD5_BATCH_BYTES = 1 << 20;
/** Bytes a large write may have received and not yet hashed before it waits for the hash to catch up. */
const POOL_MD5_BEHIND_BYTES = 8 << 20;

/** Large writes hashed by the native MD5 on libuv's pool since start (tests see that a write took this path). */
export const pooledMd5Stats = { updates: 0 };

/**
 * Measure for a large body with the native addon: the body's own buffers are MD5-hashed on libuv's thread pool
 * (native-aead.ts `md5Update`, one batch of about 1 MiB at a time, in order) while this thread seals the same
 * buffers into slabs and hands them to the disk: every byte is read where it arrived, by the hash and the cipher,
 * and copied only into the cipher's output (no copy into shared memory for a worker, no message per batch). The
 * buffers are held by reference until the hash has read them (a Readable's chunks are the reader's once emitted;
 * nothing here or in the sealer changes them). At most POOL_MD5_BEHIND_BYTES wait for the hash.
 */
class PooledMd5Measure extends Measure {
  /** The native MD5 (and the CRCs asked for), made at the first update. */
  private handle: unknown;
  /** Buffers not yet handed to the hash, and their bytes. */
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** Bytes handed to the hash and not yet read, plus `pendingBytes`. */
  private behind = 0;
  private hashing = false;
  private failed: Error | undefined;
  /** A transform or flush waiting for the hash to catch up (or finish). */
  private waiting: (() => void) | undefined;
  private destroyedHash = false;

  constructor(private readonly md5: NativeAead, maxBytes: number, tooLarge: (size: number) => Error, dataKey?: DataKey) {
    super(maxBytes, tooLarge, dataKey, true, false);
  }

  /** The handle, with the CRCs asked for by `alsoCompute` computed beside the MD5 in the same pass on the pool. */
  private hash(): unknown {
    return (this.handle ??= this.md5.md5(this.crcs.reduce((kinds, c) => kinds | c.kind, 0)));
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    if (this.failed) return cb(this.failed);
    this.size += chunk.length;
    if (this.size > this.maxBytes) return cb(this.tooLarge(this.size));
    if (this.sealer) this.sealer.update(chunk, this.out);
    else this.push(chunk);
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    this.behind += chunk.length;
    if (this.pendingBytes >= POOL_MD5_BATCH_BYTES) this.hashNext();
    if (this.behind < POOL_MD5_BEHIND_BYTES) return cb();
    this.waiting = () => cb(this.failed);
  }

  /** Hands the pending buffers to the hash, unless it is still reading the previous batch. */
  private hashNext(): void {
    if (this.hashing || this.pending.length === 0 || this.destroyedHash || this.failed) return;
    const batch = this.pending;
    const bytes = this.pendingBytes;
    this.pending = [];
    this.pendingBytes = 0;
    this.hashing = true;
    pooledMd5Stats.updates++;
    const done = (err?: Error) => {
      this.hashing = false;
      this.behind -= bytes;
      if (err) this.failed ??= err;
      // A full batch that arrived meanwhile goes next; a partial one waits for more bytes or the end.
      if (this.pendingBytes >= POOL_MD5_BATCH_BYTES || (this.flushing && this.pending.length > 0)) this.hashNext();
      const w = this.waiting;
      if (w && (this.failed || (this.flushing ? !this.hashing && this.pending.length === 0 : this.behind < POOL_MD5_BEHIND_BYTES))) {
        this.waiting = undefined;
        w();
      }
    };
    try {
      this.md5.md5Update(this.hash(), batch, done);
    } catch (err) {
      // (Not in flight: the addon refused the update.) Reported as the hash having failed.
      done(err as Error);
    }
  }

  private flushing = false;

  override _flush(cb: TransformCallback): void {
    this.sealer?.end(this.out);
    this.flushing = true;
    if (this.failed) return cb(this.failed);
    const finish = () => {
      if (this.failed) return cb(this.failed);
      try {
        const handle = this.hash();
        this.md5Hex = this.md5.md5Digest(handle);
        for (const c of this.crcs) this.crcBase64.set(c.alg, Buffer.from(this.md5.md5Crc(handle, c.kind)).toString('base64'));
      } catch (err) {
        return cb(err as Error);
      }
      cb();
    };
    this.waiting = finish;
    this.hashNext();
    if (!this.hashing && this.waiting === finish) {
      this.waiting = undefined;
      finish();
    }
  }

  override _destroy(err: Error | null, cb: (error?: Error | null) => void): void {
    // An update in flight finishes on its own (the addon holds its buffers until then); nothing more is hashed.
    this.destroyedHash = true;
    this.pending = [];
    this.waiting = undefined;
    cb(err);
  }
}

/** Declared bodies at least this large are hashed on a worker thread (LargeMeasure); smaller ones inline. */
export const OFF_THREAD_MD5_MIN_BYTES = 8 << 20;

/**
 * The one pass for a large body: hashed by the native addon on libuv's pool when it is built (and not turned off,
 * SIFT_NATIVE=0), else on the MD5 worker thread through shared batches.
 */
function largeMeasure(maxBytes: number, tooLarge: (size: number) => Error, dataKey?: DataKey): Measure {
  const native = nativeAead();
  if (native && typeof native.md5 === 'function') return new PooledMd5Measure(native, maxBytes, tooLarge, dataKey);
  return new LargeMeasure(maxBytes, tooLarge, dataKey, true);
}

/** A temp or unreferenced file untouched this long is left over from a crash, not another process's live write. */
const ABANDONED_MS = 3_600_000;

export class ObjectFiles {
  readonly root: string;
  private readonly tmp: string;

  constructor(dataDir: string, private readonly ids: IdSource) {
    this.root = join(dataDir, 'objects');
    this.tmp = join(this.root, '.tmp');
  }

  /**
   * Creates the directories and removes temp files a crash left behind. Several processes may share the data
   * directory (API processes and workers on one volume), so a temp file goes when the process that wrote it is known
   * to be gone (its name records host and pid, and that pid no longer runs on this host), or when it has been
   * untouched for `ABANDONED_MS` (a write in progress keeps its file's mtime fresh; another host's pids cannot be
   * checked).
   */
  async open(): Promise<void> {
    await mkdir(this.tmp, { recursive: true, mode: DIR_MODE });
    await chmod(this.root, DIR_MODE);
    const cutoff = Date.now() - ABANDONED_MS;
    for (const name of await readdir(this.tmp).catch(() => [] as string[])) {
      const s = await stat(join(this.tmp, name)).catch(() => undefined);
      if (s && (s.mtimeMs < cutoff || writerGone(name))) await rm(join(this.tmp, name), { recursive: true, force: true });
    }
  }

  /** A temp file's name: `<host>.<pid>.<random>`, so recovery can tell whose it is. */
  private tmpName(): string {
    return join(this.tmp, `${TMP_OWNER}.${this.ids.hex(16)}`);
  }

  path(file: string): string {
    return join(this.root, file);
  }

  private newName(): string {
    const id = this.ids.hex(16);
    return `${id.slice(0, 2)}/${id}`;
  }

  /**
   * Streams `body` into a new immutable file. On any failure (a digest mismatch, a client that disconnects, a full
   * disk, a Content-MD5 that the ETag's MD5 does not match) the temp file is removed and the error rethrown; nothing
   * becomes visible.
   */
  async write(body: Readable, maxBytes: number, tooLarge: (size: number) => Error, dataKey?: DataKey, sizeHint?: number): Promise<WrittenFile> {
    const tmp = this.tmpName();
    // A large write seals into pooled slabs (object-cipher.ts) that the writer gives back once they are on their way
    // to disk; a small one into buffers of its own (a slab per small write in flight would be memory for nothing).
    const measure = sizeHint !== undefined && sizeHint >= OFF_THREAD_MD5_MIN_BYTES ? largeMeasure(maxBytes, tooLarge, dataKey) : new Measure(maxBytes, tooLarge, dataKey);
    // Every byte is MD5-hashed here for the ETag, so a declared Content-MD5 is compared with that digest rather than
    // hashed a second time by the protocol layer; a declared CRC32C or CRC64NVME is computed natively in the same pass.
    const declared = takeDeclaredDigests(body, ['md5', ...measure.computable()]);
    measure.alsoCompute(declared.map((d) => d.algorithm).filter((alg) => alg !== 'md5'));
    try {
      // Up to WRITE_BATCH_BYTES queued for the disk (written with writev off the main thread) while the next bytes
      // are hashed and sealed; flushed in the background as it goes, and fsynced before the rename.
      await pipeline(body, measure, new DurableFileWriter(tmp, { mode: FILE_MODE, highWaterMark: WRITE_BATCH_BYTES, written: releaseSealed }));
      checkDigests(declared, (alg) => measure.digestBase64(alg));
      const file = this.newName();
      await this.place(tmp, file);
      return { file, size: measure.size, md5Hex: measure.md5Hex };
    } catch (err) {
      body.destroy();
      await rm(tmp, { force: true });
      throw err;
    }
  }

  /**
   * Renames a complete, fsynced temp file to its final name and makes the rename itself durable: the directory that
   * holds the new name is fsynced (and the objects directory too when the subdirectory is new), so once a metadata
   * row points at the file, a machine crash cannot leave the row without the file.
   */
  private async place(tmp: string, file: string): Promise<void> {
    const created = await mkdir(join(this.root, file.slice(0, 2)), { recursive: true, mode: DIR_MODE });
    await rename(tmp, this.path(file));
    await syncDirectory(dirname(this.path(file)));
    if (created !== undefined) await syncDirectory(this.root);
  }

  /** A new name for the same bytes (objects are immutable, so a hard link is a copy). Falls back to copying. */
  async duplicate(file: string): Promise<string> {
    const target = this.newName();
    const tmp = this.tmpName();
    try {
      await link(this.path(file), tmp);
    } catch {
      await pipeline(createReadStream(this.path(file)), createWriteStream(tmp, { flags: 'wx', mode: FILE_MODE, flush: true }));
    }
    await this.place(tmp, target);
    return target;
  }

  async remove(files: Iterable<string>): Promise<void> {
    for (const f of files) await unlink(this.path(f)).catch(() => undefined);
  }

  /**
   * The bytes of `range` (inclusive) of the concatenated segments. The first batch is read (and, for sealed
   * segments, authenticated) before this resolves, so a damaged object fails before a response starts.
   */
  async read(segments: Segment[], range: ByteRange | undefined, dataKeyOf: (wrapped: string) => Buffer): Promise<Readable> {
    // Set when the consumer promises to give every piece back (RECYCLE_BYTES): later batches go to reused buffers.
    let recycled = false;
    const source = this.bytes(segments, range, dataKeyOf, () => recycled);
    let ahead: IteratorResult<Buffer[]> | undefined = await source.next();
    let pulling = false;
    // Set by every call for more (also one made while a batch is being pushed, which must not be lost).
    let wanted = false;
    const pump = async (out: Readable) => {
      pulling = true;
      try {
        while (wanted && !out.destroyed) {
          wanted = false;
          const next = ahead ?? (await source.next());
          ahead = undefined;
          if (out.destroyed) return;
          if (next.done) return void out.push(null);
          let room = true;
          for (const piece of next.value) room = out.push(piece);
          if (room) wanted = true;
        }
      } catch (err) {
        out.destroy(err as Error);
      } finally {
        pulling = false;
      }
    };
    // The batches are pushed straight into the stream the response reads (no stream in between): a whole batch
    // (at most ~2 MiB) at a time, the next one fetched (and read from disk ahead, object-cipher.ts) once the
    // reader wants more.
    const stream = new Readable({
      highWaterMark: 1 << 20,
      read() {
        wanted = true;
        if (!pulling) void pump(this);
      },
      // Destroying the stream early (a client that disconnects) ends the source, which closes its file.
      destroy(err, cb) {
        void source.return(undefined).catch(() => undefined);
        cb(err);
      },
    });
    Object.defineProperty(stream, RECYCLE_BYTES, {
      value: () => {
        recycled = true;
        return releasePlain;
      },
    });
    return stream;
  }

  /** The bytes in batches: a sealed segment's batch of deciphered chunks, or a plaintext file's read. */
  private async *bytes(segments: Segment[], range: ByteRange | undefined, dataKeyOf: (wrapped: string) => Buffer, recycled: () => boolean): AsyncGenerator<Buffer[]> {
    const start = range?.start ?? 0;
    const end = range ? range.end : segments.reduce((n, s) => n + s.n, 0) - 1;
    let offset = 0;
    for (const seg of segments) {
      const segStart = offset;
      const segEnd = offset + seg.n - 1;
      offset += seg.n;
      if (segEnd < start || seg.n === 0) continue;
      if (segStart > end) break;
      const from = Math.max(start, segStart) - segStart;
      const to = Math.min(end, segEnd) - segStart;
      if (seg.k) yield* decryptBatches(this.path(seg.f), dataKeyOf(seg.k), seg.n, from, to, undefined, recycled);
      else for await (const piece of createReadStream(this.path(seg.f), { start: from, end: to, highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) yield [piece];
    }
  }

  /** Files under the objects directory that `isReferenced` does not claim (left by a crash between rename and commit). */
  async sweep(isReferenced: (file: string) => boolean): Promise<number> {
    let removed = 0;
    for (const dir of await readdir(this.root).catch(() => [] as string[])) {
      if (dir === '.tmp' || !/^[0-9a-f]{2}$/.test(dir)) continue;
      for (const name of await readdir(join(this.root, dir))) {
        const file = `${dir}/${name}`;
        if (isReferenced(file)) continue;
        const s = await stat(this.path(file)).catch(() => undefined);
        // A recent file may be another process's object between its rename and its metadata commit.
        if (s?.isFile() && s.mtimeMs < Date.now() - ABANDONED_MS) {
          await unlink(this.path(file)).catch(() => undefined);
          removed++;
        }
      }
    }
    return removed;
  }
}

/** This process as a temp file's owner: host (dots and odd characters replaced) and pid. */
const TMP_OWNER = `${hostname().replace(/[^A-Za-z0-9-]/g, '_')}.${process.pid}`;

/** True when a temp file's name says it was written on this host by a process that no longer runs. */
function writerGone(name: string): boolean {
  const [host, pid] = name.split('.');
  if (host !== TMP_OWNER.split('.')[0] || !/^\d+$/.test(pid ?? '')) return false;
  if (Number(pid) === process.pid) return false;
  try {
    process.kill(Number(pid), 0);
    return false; // still running (or a reused pid: the age rule removes the file later)
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/** fsync of a directory, which makes the names created or renamed in it durable. */
async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
