// Object bytes encrypted at rest (in the spirit of SSE-S3): every object file has its own random 256-bit data key,
// kept only wrapped (AES-256-GCM) by a key-encryption key that the caller derives from the master key (or, for
// SSE-C, from the customer's key). The file is a sequence of AES-256-GCM chunks of CHUNK_BYTES plaintext each
// followed by its 16-byte tag, so a ranged read decrypts only the chunks it touches and every byte served has
// been authenticated. Each chunk's nonce is its index (the key is never reused across files) and its AAD says
// whether it is the last, so chunks cannot be reordered, dropped or the file cut short without failing.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { open } from 'node:fs/promises';
import { Transform, type TransformCallback } from 'node:stream';
import { openBytes, sealBytes } from '../common/index.js';
import { nativeAead, type NativeAead } from './native-aead.js';

export const CHUNK_BYTES = 64 * 1024;
export const TAG_BYTES = 16;
const DATA_KEY_BYTES = 32;
const WRAP_AAD = Buffer.from('sift/s3/object-data-key/v1');
/** Chunks read from disk at once on a read (about 2 MiB). */
const READ_BATCH_CHUNKS = 32;

/** The object data could not be authenticated: the file was altered, cut short, or the key is wrong. */
export class ObjectTamperedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ObjectTamperedError';
  }
}

export interface DataKey {
  key: Buffer;
  /** The data key wrapped by the key-encryption key, base64; what the metadata keeps. */
  wrapped: string;
}

export function newDataKey(kek: Buffer): DataKey {
  const key = randomBytes(DATA_KEY_BYTES);
  return { key, wrapped: sealBytes(kek, key, WRAP_AAD).toString('base64') };
}

export function unwrapDataKey(kek: Buffer, wrapped: string): Buffer {
  try {
    return openBytes(kek, Buffer.from(wrapped, 'base64'), WRAP_AAD);
  } catch {
    throw new ObjectTamperedError('the object data key does not open with this key');
  }
}

/** A data key moved from one key-encryption key to another (a copy under another encryption; the bytes stay). */
export function rewrapDataKey(fromKek: Buffer, toKek: Buffer, wrapped: string): string {
  if (fromKek.equals(toKek)) return wrapped;
  return sealBytes(toKek, unwrapDataKey(fromKek, wrapped), WRAP_AAD).toString('base64');
}

function nonceFor(index: number): Buffer {
  const nonce = Buffer.alloc(12);
  nonce.writeBigUInt64BE(BigInt(index), 4);
  return nonce;
}

const LAST = Buffer.from([1]);
const NOT_LAST = Buffer.from([0]);

function openChunk(key: Buffer, index: number, sealed: Buffer, last: boolean): Buffer {
  if (sealed.length < TAG_BYTES) throw new ObjectTamperedError(`object data chunk ${index} is cut short`);
  const decipher = createDecipheriv('aes-256-gcm', key, nonceFor(index));
  decipher.setAAD(last ? LAST : NOT_LAST);
  decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
  try {
    const head = decipher.update(sealed.subarray(0, sealed.length - TAG_BYTES));
    const tail = decipher.final();
    return tail.length ? Buffer.concat([head, tail]) : head;
  } catch {
    throw new ObjectTamperedError(`object data chunk ${index} failed authentication`);
  }
}

/**
 * Output slabs of the native sealer on a large write: sealed chunks are written one after another into a slab, which
 * is handed on whole (or, at the end, as far as it is filled) and comes back here once the file writer has written
 * it (`releaseSealed`), so a large PUT seals into the same warm memory over and over instead of fresh allocations.
 */
const SLAB_BYTES = 16 * (CHUNK_BYTES + TAG_BYTES);
/** Slabs kept for reuse between writes (a slab not given back, e.g. by a failed write, is left to the collector). */
const SPARE_SLABS = 24;
const spareSlabs: Buffer[] = [];
/** Slabs handed on and not yet given back (so a foreign buffer, or one given back twice, is never pooled). */
const slabsOut = new WeakSet<ArrayBufferLike>();

/** Slab counts, for tests: allocated fresh, and reused from the spares. */
export const slabStats = { fresh: 0, reused: 0 };

function takeSlab(): Buffer {
  const spare = spareSlabs.pop();
  if (spare) slabStats.reused++;
  else slabStats.fresh++;
  const slab = spare ?? Buffer.allocUnsafeSlow(SLAB_BYTES);
  slabsOut.add(slab.buffer);
  return slab;
}

/** The file writer is done with these buffers: the sealer's slabs among them go back to the spares. */
export function releaseSealed(buffers: readonly Buffer[]): void {
  for (const b of buffers) {
    if (b.byteOffset !== 0 || !slabsOut.has(b.buffer)) continue;
    slabsOut.delete(b.buffer);
    if (spareSlabs.length < SPARE_SLABS) spareSlabs.push(Buffer.from(b.buffer, 0, SLAB_BYTES));
  }
}

/**
 * Output buffers of a GET's deciphered batches, reused when the consumer says when it is done with each (the HTTP
 * response, once a buffer is written to the socket: `RECYCLE_BYTES`); other readers get fresh buffers.
 */
const PLAIN_BATCH_BYTES = READ_BATCH_CHUNKS * CHUNK_BYTES;
/** Batch buffers kept for reuse (2 MiB each). */
const SPARE_PLAIN = 16;
const sparePlain: ArrayBuffer[] = [];
const plainOut = new WeakSet<ArrayBufferLike>();
/** Batch buffer counts, for tests: allocated fresh for a recycling reader, and reused. */
export const plainStats = { fresh: 0, reused: 0 };

function takePlain(bytes: number): Buffer {
  if (bytes > PLAIN_BATCH_BYTES) return Buffer.allocUnsafe(bytes);
  const spare = sparePlain.pop();
  if (spare) plainStats.reused++;
  else plainStats.fresh++;
  const ab = spare ?? Buffer.allocUnsafeSlow(PLAIN_BATCH_BYTES).buffer;
  plainOut.add(ab);
  return Buffer.from(ab, 0, bytes);
}

/** The consumer is done with a deciphered piece (written out): its batch buffer may be reused. */
export function releasePlain(piece: Buffer): void {
  const ab = piece.buffer;
  if (!plainOut.has(ab)) return;
  plainOut.delete(ab);
  if (sparePlain.length < SPARE_PLAIN) sparePlain.push(ab as ArrayBuffer);
}

/**
 * A stream of object bytes may carry, under this key, a function that a consumer calls once before reading to say
 * it will give every piece back (`release(piece)`, returned) when it is done with it, so that the pieces can be
 * deciphered into reused buffers. A consumer that does not call it gets pieces of their own.
 */
export const RECYCLE_BYTES = Symbol.for('sift.bytes.recycle');

/** Bytes an encrypted file of `plainBytes` takes on disk. */
export function sealedSize(plainBytes: number): number {
  return plainBytes + Math.ceil(plainBytes / CHUNK_BYTES) * TAG_BYTES;
}

export interface ChunkSealerOptions {
  /**
   * The native cipher to seal with; undefined: the addon when it is built and not turned off (SIFT_NATIVE=0);
   * null: node:crypto.
   */
  native?: NativeAead | null;
  /**
   * With the native cipher, seal into pooled slabs handed on whole (see `releaseSealed`, which the consumer must call
   * once it is done with them, or they are not reused); otherwise each chunk into a buffer of its own.
   */
  slabs?: boolean;
}

/**
 * Seals plaintext into the chunk format as it arrives, without copying it: the pieces of a chunk are fed to the
 * cipher as they are (the caller's buffers, sliced), and the sealed bytes handed on piece by piece with the tag last.
 * A full chunk is held back (by reference) until the next byte or the end arrives, because only then is it known
 * whether it is the last (its AAD says so). With the native cipher (native-aead.ts) a chunk is sealed in one call into
 * one output (ciphertext then tag) instead of Node's allocation per update, final and tag.
 */
export class ChunkSealer {
  private held: Buffer[] = [];
  private current: Buffer[] = [];
  private filled = 0;
  private index = 0;
  private readonly native: NativeAead | undefined;
  private readonly ctx: unknown;
  private readonly slabs: boolean;
  private slab: Buffer | undefined;
  private slabAt = 0;

  constructor(private readonly key: Buffer, options: ChunkSealerOptions = {}) {
    this.native = options.native === null ? undefined : (options.native ?? nativeAead());
    this.ctx = this.native?.context(key, true);
    this.slabs = this.native !== undefined && options.slabs === true;
  }

  /** Feeds plaintext; `out` receives the sealed bytes, in order. */
  update(chunk: Buffer, out: (sealed: Buffer) => void): void {
    let at = 0;
    while (at < chunk.length) {
      // More bytes follow the held chunk, so it is not the last.
      if (this.held.length > 0) this.seal(this.held, false, out);
      const n = Math.min(CHUNK_BYTES - this.filled, chunk.length - at);
      this.current.push(n === chunk.length ? chunk : chunk.subarray(at, at + n));
      this.filled += n;
      at += n;
      if (this.filled === CHUNK_BYTES) {
        this.held = this.current;
        this.current = [];
        this.filled = 0;
      }
    }
  }

  /** The end of the plaintext: seals what is left, the last chunk marked as such. */
  end(out: (sealed: Buffer) => void): void {
    if (this.filled > 0) {
      if (this.held.length > 0) this.seal(this.held, false, out);
      this.seal(this.current, true, out);
    } else if (this.held.length > 0) {
      this.seal(this.held, true, out);
    }
    this.current = [];
    this.filled = 0;
    if (this.slab && this.slabAt > 0) out(this.slab.subarray(0, this.slabAt));
    this.slab = undefined;
  }

  private seal(pieces: Buffer[], last: boolean, out: (sealed: Buffer) => void): void {
    if (this.native) this.sealNative(pieces, last, out);
    else this.sealNode(pieces, last, out);
    if (pieces === this.held) this.held = [];
  }

  private sealNative(pieces: Buffer[], last: boolean, out: (sealed: Buffer) => void): void {
    let length = 0;
    for (const p of pieces) length += p.length;
    // The addon takes up to 64 pieces per chunk (a chunk arriving in smaller pieces than 1 KiB is joined first).
    const input = pieces.length === 1 ? pieces[0]! : pieces.length <= 64 ? pieces : Buffer.concat(pieces, length);
    if (!this.slabs) {
      const sealed = Buffer.allocUnsafe(length + TAG_BYTES);
      this.native!.seal(this.ctx, this.index++, last, input, sealed, 0);
      out(sealed);
      return;
    }
    if (this.slab && this.slabAt + length + TAG_BYTES > SLAB_BYTES) {
      out(this.slab.subarray(0, this.slabAt));
      this.slab = undefined;
    }
    if (!this.slab) {
      this.slab = takeSlab();
      this.slabAt = 0;
    }
    this.slabAt += this.native!.seal(this.ctx, this.index++, last, input, this.slab, this.slabAt);
    if (this.slabAt === SLAB_BYTES) {
      out(this.slab);
      this.slab = undefined;
    }
  }

  private sealNode(pieces: Buffer[], last: boolean, out: (sealed: Buffer) => void): void {
    const cipher = createCipheriv('aes-256-gcm', this.key, nonceFor(this.index++));
    cipher.setAAD(last ? LAST : NOT_LAST);
    for (const piece of pieces) {
      const sealed = cipher.update(piece);
      if (sealed.length > 0) out(sealed);
    }
    const tail = cipher.final();
    if (tail.length > 0) out(tail);
    out(cipher.getAuthTag());
  }
}

/** Encrypts a plaintext stream into sealed chunks (a ChunkSealer as a stream). */
export class EncryptChunks extends Transform {
  private readonly sealer: ChunkSealer;
  private readonly out = (sealed: Buffer) => void this.push(sealed);

  constructor(key: Buffer, options?: ChunkSealerOptions) {
    super({ highWaterMark: 1 << 20 });
    this.sealer = new ChunkSealer(key, options);
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    this.sealer.update(chunk, this.out);
    cb();
  }

  override _flush(cb: TransformCallback): void {
    this.sealer.end(this.out);
    cb();
  }
}

/**
 * The plaintext bytes `from`..`to` (inclusive) of an encrypted file holding `plainBytes`, decrypting only the
 * chunks that cover them.
 */
export async function* decryptRange(path: string, key: Buffer, plainBytes: number, from: number, to: number, native?: NativeAead | null): AsyncGenerator<Buffer> {
  for await (const batch of decryptBatches(path, key, plainBytes, from, to, native)) yield* batch;
}

/**
 * `decryptRange` a batch at a time (about 2 MiB of chunks, one read each): one step of the generator per batch, not
 * per chunk, and the next batch is read from disk while this one is deciphered (two read buffers, used in turn;
 * deciphering copies out of them, so nothing handed on refers to either). With the native cipher (`native`: as for
 * ChunkSealer) a batch's chunks are opened into one new buffer, handed on as one piece.
 */
export async function* decryptBatches(
  path: string,
  key: Buffer,
  plainBytes: number,
  from: number,
  to: number,
  native?: NativeAead | null,
  /** True once the consumer gives each piece back (`releasePlain`): batches are then deciphered into reused buffers. */
  recycled?: () => boolean,
): AsyncGenerator<Buffer[]> {
  if (plainBytes === 0 || to < from) return;
  const aead = native === null ? undefined : (native ?? nativeAead());
  const ctx = aead?.context(key, false);
  const chunks = Math.ceil(plainBytes / CHUNK_BYTES);
  const first = Math.floor(from / CHUNK_BYTES);
  const lastNeeded = Math.floor(to / CHUNK_BYTES);
  const fh = await open(path, 'r');
  let closed = false;
  const stride = CHUNK_BYTES + TAG_BYTES;
  let next: Promise<Buffer> | undefined;
  try {
    const size = Math.min(READ_BATCH_CHUNKS, lastNeeded - first + 1) * stride;
    const buffers = [Buffer.allocUnsafe(size), Buffer.allocUnsafe(size)];
    const readBatch = async (batchStart: number, into: Buffer): Promise<Buffer> => {
      const batchEnd = Math.min(lastNeeded, batchStart + READ_BATCH_CHUNKS - 1);
      const plainEnd = Math.min(plainBytes, (batchEnd + 1) * CHUNK_BYTES);
      const length = sealedSize(plainEnd) - batchStart * stride;
      const buf = into.subarray(0, length);
      let got = 0;
      while (got < length) {
        const { bytesRead } = await fh.read(buf, got, length - got, batchStart * stride + got);
        if (bytesRead === 0) throw new ObjectTamperedError('object data file is cut short');
        got += bytesRead;
      }
      return buf;
    };
    next = readBatch(first, buffers[0]!);
    for (let batchStart = first, n = 0; batchStart <= lastNeeded; batchStart += READ_BATCH_CHUNKS, n++) {
      const buf = await next!;
      next = undefined;
      const following = batchStart + READ_BATCH_CHUNKS;
      if (following <= lastNeeded) {
        next = readBatch(following, buffers[(n + 1) % 2]!);
        next.catch(() => undefined); // seen when awaited (or when the reader stops early, in finally)
      }
      const batchEnd = Math.min(lastNeeded, following - 1);
      const out: Buffer[] = [];
      if (aead) {
        const batchPlainStart = batchStart * CHUNK_BYTES;
        const length = Math.min(plainBytes, (batchEnd + 1) * CHUNK_BYTES) - batchPlainStart;
        const plain = recycled?.() ? takePlain(length) : Buffer.allocUnsafe(length);
        for (let i = batchStart; i <= batchEnd; i++) {
          const plainLen = Math.min(CHUNK_BYTES, plainBytes - i * CHUNK_BYTES);
          if (!aead.open(ctx, i, i === chunks - 1, buf, (i - batchStart) * stride, plainLen, plain, i * CHUNK_BYTES - batchPlainStart)) {
            throw new ObjectTamperedError(`object data chunk ${i} failed authentication`);
          }
        }
        const start = Math.max(0, from - batchPlainStart);
        const end = Math.min(plain.length, to - batchPlainStart + 1);
        out.push(start === 0 && end === plain.length ? plain : plain.subarray(start, end));
      } else {
        for (let i = batchStart; i <= batchEnd; i++) {
          const offset = (i - batchStart) * stride;
          const plainLen = Math.min(CHUNK_BYTES, plainBytes - i * CHUNK_BYTES);
          let plain = openChunk(key, i, buf.subarray(offset, offset + plainLen + TAG_BYTES), i === chunks - 1);
          const chunkStart = i * CHUNK_BYTES;
          if (from > chunkStart || to < chunkStart + plain.length - 1) {
            plain = plain.subarray(Math.max(0, from - chunkStart), Math.min(plain.length, to - chunkStart + 1));
          }
          out.push(plain);
        }
      }
      if (following > lastNeeded) {
        // The last batch: the file is checked and closed before it is handed on, so a reader that takes it and
        // never asks for more (an unread small object) holds no file open. A file longer than its metadata says
        // has been appended to.
        if (lastNeeded === chunks - 1) {
          const { size } = await fh.stat();
          if (size !== sealedSize(plainBytes)) throw new ObjectTamperedError('object data file has trailing bytes');
        }
        closed = true;
        await fh.close();
      }
      yield out;
    }
  } finally {
    // A read still in flight (the reader stopped early) finishes before its file handle closes.
    await next?.catch(() => undefined);
    if (!closed) await fh.close();
  }
}
