// A large write's MD5 (the ETag) off the main thread: with the native addon on libuv's pool, reading the body's own
// buffers (files.ts PooledMd5Measure, aead.c md5*); without it (SIFT_NATIVE=0) on the MD5 worker through shared
// batches. Both must give the inline path's digest and the same file, fail cleanly, and leave nothing behind.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { nativeAead } from './native-aead.js';

const addon = nativeAead();
const ids = { hex: (n: number) => randomBytes(n / 2).toString('hex') } as never;
const md5 = (b: Buffer) => createHash('md5').update(b).digest('hex');

/** Deterministic bytes, cut into pieces of irregular sizes (some tiny, some larger than a hash batch). */
function bodyOf(bytes: number): { data: Buffer; pieces: Buffer[] } {
  const data = Buffer.allocUnsafe(bytes);
  for (let i = 0; i + 4 <= bytes; i += 4) data.writeUInt32LE(Math.imul(i + 17, 2654435761) >>> 0, i);
  data.fill(9, bytes - (bytes % 4));
  const pieces: Buffer[] = [];
  const sizes = [65_536, 1, 3_000_000, 777, 65_000, 12, 1 << 20];
  for (let at = 0, k = 0; at < bytes; k++) {
    const n = Math.min(sizes[k % sizes.length]!, bytes - at);
    pieces.push(data.subarray(at, at + n));
    at += n;
  }
  return { data, pieces };
}

async function withFiles<T>(files: typeof import('./files.js'), work: (f: InstanceType<typeof files.ObjectFiles>, dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'sift-files-md5-'));
  try {
    const f = new files.ObjectFiles(dir, ids);
    await f.open();
    return await work(f, dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('the native MD5 on the pool', () => {
  it.runIf(addon !== undefined)('hashes in order across updates, one at a time, and is spent once digested', async () => {
    const a = addon!;
    const h = a.md5();
    const data = randomBytes(3 << 20);
    const update = (pieces: Buffer[]) => new Promise<void>((resolve, reject) => a.md5Update(h, pieces, (err) => (err ? reject(err) : resolve())));
    const first = update([data.subarray(0, 5), data.subarray(5, 1 << 20)]);
    expect(() => a.md5Update(h, [data], () => undefined)).toThrow(/in flight/);
    expect(() => a.md5Digest(h)).toThrow(/in flight/);
    await first;
    await update([]);
    await update([data.subarray(1 << 20)]);
    expect(a.md5Digest(h)).toBe(md5(data));
    expect(() => a.md5Digest(h)).toThrow(/spent/);
    expect(() => a.md5Update(h, [data], () => undefined)).toThrow(/spent/);
    expect(() => a.md5Update({}, [data], () => undefined)).toThrow(TypeError);
    expect(() => a.md5Update(a.md5(), ['x' as never], () => undefined)).toThrow(TypeError);
  });

  it.runIf(addon !== undefined)('is the path of a large write, sealed or not: same digest, same bytes, no worker batches', async () => {
    const files = await import('./files.js');
    const cipher = await import('./object-cipher.js');
    const { offThreadMd5Stats } = await import('./off-thread-md5.js');
    await withFiles(files, async (f) => {
      for (const sealed of [false, true]) {
        for (const size of [files.OFF_THREAD_MD5_MIN_BYTES, 20 * 1024 * 1024 + 12_345]) {
          const { data, pieces } = bodyOf(size);
          const pooled = files.pooledMd5Stats.updates;
          const worker = offThreadMd5Stats.updates;
          const key = sealed ? cipher.newDataKey(randomBytes(32)) : undefined;
          const w = await f.write(Readable.from(pieces), size, () => new Error('too large'), key, size);
          expect(w.md5Hex).toBe(md5(data));
          expect(w.size).toBe(size);
          // Hashed on the pool (batches of 1 MiB or, while the hash is behind, what arrived meanwhile), not the worker.
          expect(files.pooledMd5Stats.updates - pooled).toBeGreaterThan(0);
          expect(offThreadMd5Stats.updates).toBe(worker);
          const opened: Buffer[] = [];
          if (key) for await (const b of cipher.decryptRange(f.path(w.file), key.key, size, 0, size - 1)) opened.push(b);
          const back = key ? Buffer.concat(opened) : readFileSync(f.path(w.file));
          expect(back.equals(data)).toBe(true);
        }
      }
    });
  });

  it.runIf(addon !== undefined)('a body over the limit, or one that fails midway, leaves no file; the next write is whole', async () => {
    const files = await import('./files.js');
    await withFiles(files, async (f, dir) => {
      const { data, pieces } = bodyOf(files.OFF_THREAD_MD5_MIN_BYTES + 4096);
      const tooLarge = new Error('too large');
      await expect(f.write(Readable.from(pieces), files.OFF_THREAD_MD5_MIN_BYTES, () => tooLarge, undefined, data.length)).rejects.toBe(tooLarge);
      const broken = new Error('client went away');
      const failing = Readable.from((async function* () {
        yield* pieces.slice(0, 6);
        throw broken;
      })());
      await expect(f.write(failing, data.length, () => tooLarge, undefined, data.length)).rejects.toBe(broken);
      expect(readdirSync(join(dir, 'objects', '.tmp'))).toEqual([]);
      const ok = await f.write(Readable.from(pieces), data.length, () => tooLarge, undefined, data.length);
      expect(ok.md5Hex).toBe(md5(data));
    });
  });
});

describe('with SIFT_NATIVE=0', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.resetModules();
  });

  it('a large write is hashed on the MD5 worker, with the same digest', async () => {
    vi.stubEnv('SIFT_NATIVE', '0');
    vi.resetModules();
    const files = await import('./files.js');
    const cipher = await import('./object-cipher.js');
    const { offThreadMd5Stats } = await import('./off-thread-md5.js');
    await withFiles(files, async (f) => {
      const size = files.OFF_THREAD_MD5_MIN_BYTES + 12_345;
      const { data, pieces } = bodyOf(size);
      const worker = offThreadMd5Stats.updates;
      const key = cipher.newDataKey(randomBytes(32));
      const w = await f.write(Readable.from(pieces), size, () => new Error('too large'), key, size);
      expect(w.md5Hex).toBe(md5(data));
      expect(offThreadMd5Stats.updates).toBeGreaterThan(worker);
      expect(files.pooledMd5Stats.updates).toBe(0);
    });
  });
});
