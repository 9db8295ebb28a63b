// MD5 (a large object's ETag) on another core: a few worker threads, each keeping the running hashes of the streams
// assigned to it, fed by reference with bytes in shared memory. MD5 costs about as much CPU as everything else a PUT
// does (receive, seal, write), and cannot itself be split, so running it beside the main thread is what lets a large
// PUT go at the speed of the rest. The worker is a few lines of plain JavaScript evaluated as such, so it starts the
// same from the build and from TypeScript sources.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const hashes = new Map();
parentPort.on('message', (m) => {
  if (m.t === 'u') {
    let h = hashes.get(m.id);
    if (!h) hashes.set(m.id, (h = createHash('md5')));
    h.update(new Uint8Array(m.sab, 0, m.len));
    parentPort.postMessage({ id: m.id, seq: m.seq });
  } else if (m.t === 'd') {
    const h = hashes.get(m.id) ?? createHash('md5');
    hashes.delete(m.id);
    parentPort.postMessage({ id: m.id, seq: m.seq, hex: h.digest('hex') });
  } else if (m.t === 'x') {
    hashes.delete(m.id);
  }
});
`;

interface Waiter {
  resolve: (hex: string | undefined) => void;
  reject: (err: Error) => void;
}

/** One worker thread and the replies it owes. */
class Md5Thread {
  private readonly worker: Worker;
  private readonly waiting = new Map<string, Waiter>();
  failed: Error | undefined;

  constructor() {
    this.worker = new Worker(WORKER_SOURCE, { eval: true });
    this.worker.unref();
    this.worker.on('message', (m: { id: number; seq: number; hex?: string }) => {
      const key = `${m.id}:${m.seq}`;
      const w = this.waiting.get(key);
      this.waiting.delete(key);
      w?.resolve(m.hex);
    });
    const fail = (err: Error) => {
      this.failed = err;
      for (const w of this.waiting.values()) w.reject(err);
      this.waiting.clear();
    };
    this.worker.on('error', fail);
    this.worker.on('exit', (code) => fail(new Error(`MD5 worker exited (${code})`)));
  }

  send(message: { t: 'u' | 'd' | 'x'; id: number; seq: number; sab?: SharedArrayBuffer; len?: number }): Promise<string | undefined> {
    if (this.failed) return Promise.reject(this.failed);
    if (message.t === 'x') {
      this.worker.postMessage(message);
      return Promise.resolve(undefined);
    }
    return new Promise((resolve, reject) => {
      this.waiting.set(`${message.id}:${message.seq}`, { resolve, reject });
      this.worker.postMessage(message);
    });
  }
}

const THREADS = Math.max(1, Math.min(4, availableParallelism() - 1));
const threads: Md5Thread[] = [];
let nextThread = 0;
let nextId = 0;

function thread(): Md5Thread {
  const i = nextThread++ % THREADS;
  if (!threads[i] || threads[i]!.failed) threads[i] = new Md5Thread();
  return threads[i]!;
}

/** Batches hashed off the main thread since start (tests see that a large write took this path). */
export const offThreadMd5Stats = { updates: 0 };

/** The running MD5 of one stream, computed on a worker thread. */
export class OffThreadMd5 {
  private readonly thread = thread();
  private readonly id = nextId++;
  private seq = 0;
  private ended = false;

  /**
   * Hashes the first `length` bytes of `sab`, after every earlier update. The promise settles when the worker has
   * read them: until then the caller must not change them.
   */
  update(sab: SharedArrayBuffer, length: number): Promise<void> {
    offThreadMd5Stats.updates++;
    return this.thread.send({ t: 'u', id: this.id, seq: this.seq++, sab, len: length }).then(() => undefined);
  }

  /** The hex digest of everything updated (after every update has been read). */
  async digestHex(): Promise<string> {
    this.ended = true;
    return (await this.thread.send({ t: 'd', id: this.id, seq: this.seq++ }))!;
  }

  /** Drops the stream's running hash (a write that failed). */
  discard(): void {
    if (this.ended) return;
    this.ended = true;
    void this.thread.send({ t: 'x', id: this.id, seq: this.seq++ }).catch(() => undefined);
  }
}
