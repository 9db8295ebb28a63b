/**
 * Byte-stream plumbing shared by the readers: normalizing chunks, peeking at the head of a stream without losing
 * it, and a pull-based reader for container formats (zip headers, exact-length member bodies).
 */
import type { ByteSource } from './types.js';

const encoder = new TextEncoder();

/** Streams known to yield only non-empty Uint8Arrays (markBytes). */
const byteStreams = new WeakSet<object>();

/**
 * Marks a stream that yields only non-empty Uint8Arrays: bytesOf hands it on as it is. Each async generator a chunk
 * passes through is a promise and a microtask turn per step, and a text file's chunks passed through about ten.
 */
export function markBytes<T extends AsyncIterable<Uint8Array>>(stream: T): T {
  byteStreams.add(stream);
  return stream;
}

/** Chunks as non-empty Uint8Arrays (a Readable in string mode yields strings); a marked stream as it is. */
export function bytesOf(source: ByteSource): AsyncIterable<Uint8Array> {
  return byteStreams.has(source) ? (source as AsyncIterable<Uint8Array>) : normalized(source);
}

async function* normalized(source: ByteSource): AsyncGenerator<Uint8Array> {
  for await (const chunk of source) {
    const bytes = bytesOfChunk(chunk);
    if (bytes.length > 0) yield bytes;
  }
}

/** A chunk's bytes (a string's UTF-8). */
export function bytesOfChunk(chunk: Uint8Array | string): Uint8Array {
  return typeof chunk === 'string' ? encoder.encode(chunk) : chunk;
}

export function concatBytes(parts: readonly Uint8Array[], total?: number): Uint8Array {
  if (parts.length === 1) return parts[0];
  const length = total ?? parts.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(length);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** A pull reader: the caller asks for exact byte counts (headers) or the next chunk up to a size (bodies). */
export class ByteReader {
  private readonly it: AsyncIterator<Uint8Array>;
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;
  private done = false;
  /** Bytes handed out so far. */
  consumed = 0;

  constructor(source: ByteSource) {
    this.it = bytesOf(source)[Symbol.asyncIterator]();
  }

  private async fill(min: number): Promise<void> {
    while (this.pendingBytes < min && !this.done) {
      const next = await this.it.next();
      if (next.done) this.done = true;
      else {
        this.pending.push(next.value);
        this.pendingBytes += next.value.length;
      }
    }
  }

  /** Exactly n bytes, or fewer only at the end of the stream. */
  async read(n: number): Promise<Uint8Array> {
    await this.fill(n);
    return this.take(Math.min(n, this.pendingBytes));
  }

  /** The next bytes, at most max, without waiting for more than one chunk; empty at the end. */
  async readSome(max: number): Promise<Uint8Array> {
    await this.fill(1);
    const first = this.pending[0];
    if (!first) return new Uint8Array(0);
    return this.take(Math.min(max, first.length));
  }

  /** Looks at the next n bytes (fewer at the end) without consuming them. */
  async peek(n: number): Promise<Uint8Array> {
    await this.fill(n);
    const all = concatBytes(this.pending, this.pendingBytes);
    this.pending = all.length ? [all] : [];
    return all.subarray(0, Math.min(n, all.length));
  }

  /** Puts bytes back in front (used when a lookahead found nothing). */
  unread(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    this.pending.unshift(bytes);
    this.pendingBytes += bytes.length;
    this.consumed -= bytes.length;
  }

  /** Skips n bytes; returns how many were actually skipped (fewer at the end). */
  async skip(n: number): Promise<number> {
    let left = n;
    while (left > 0) {
      const chunk = await this.readSome(left);
      if (chunk.length === 0) break;
      left -= chunk.length;
    }
    return n - left;
  }

  async atEnd(): Promise<boolean> {
    await this.fill(1);
    return this.pendingBytes === 0;
  }

  /** Stops the underlying stream (a reader that gives up early must not leave it flowing). */
  async close(): Promise<void> {
    this.pending = [];
    this.pendingBytes = 0;
    if (!this.done) {
      this.done = true;
      await this.it.return?.();
    }
  }

  private take(n: number): Uint8Array {
    if (n === 0) return new Uint8Array(0);
    const parts: Uint8Array[] = [];
    let left = n;
    while (left > 0) {
      const head = this.pending[0];
      if (head.length <= left) {
        parts.push(head);
        this.pending.shift();
        left -= head.length;
      } else {
        parts.push(head.subarray(0, left));
        this.pending[0] = head.subarray(left);
        left = 0;
      }
    }
    this.pendingBytes -= n;
    this.consumed += n;
    return concatBytes(parts, n);
  }
}

/** peekHead's answer: the head, the whole stream again, and how much of it was taken from `stream` so far. */
export interface PeekedStream {
  head: Uint8Array;
  stream: AsyncGenerator<Uint8Array>;
  consumed(): number;
}

/** Reads the first `n` bytes of a stream and gives back a stream that still starts with them (a marked one). */
export async function peekHead(source: ByteSource, n: number): Promise<PeekedStream> {
  const reader = new ByteReader(source);
  const head = await reader.peek(n);
  async function* replay(): AsyncGenerator<Uint8Array> {
    try {
      for (;;) {
        const chunk = await reader.readSome(1 << 20);
        if (chunk.length === 0) return;
        yield chunk;
      }
    } finally {
      await reader.close();
    }
  }
  return { head: head.slice(), stream: markBytes(replay()), consumed: () => reader.consumed };
}
