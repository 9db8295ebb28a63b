import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describe, expect, it } from 'vitest';
import { DurableFileWriter } from './durable-file.js';

const pieces = (count: number, size: number) => Array.from({ length: count }, (_, i) => Buffer.alloc(size, i));

describe('DurableFileWriter', () => {
  it('writes every byte in order to a new 0600 file, flushing in the background every syncEvery bytes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sift-durable-'));
    try {
      const chunks = pieces(40, 100_000);
      const writer = new DurableFileWriter(join(dir, 'f'), { mode: 0o600, highWaterMark: 1 << 20, syncEvery: 1 << 20 });
      await pipeline(Readable.from(chunks), writer);
      expect(readFileSync(join(dir, 'f')).equals(Buffer.concat(chunks))).toBe(true);
      expect(statSync(join(dir, 'f')).mode & 0o777).toBe(0o600);
      // 4 MB written with a flush due every MiB, at most one in flight: some ran before the final fsync.
      expect(writer.stats.backgroundSyncs).toBeGreaterThan(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('with syncEvery 0 flushes only at the end', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sift-durable-'));
    try {
      const writer = new DurableFileWriter(join(dir, 'f'), { mode: 0o600, highWaterMark: 1 << 20, syncEvery: 0 });
      await pipeline(Readable.from(pieces(20, 100_000)), writer);
      expect(writer.stats.backgroundSyncs).toBe(0);
      expect(statSync(join(dir, 'f')).size).toBe(2_000_000);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('never replaces an existing file, and a failed source fails the write', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sift-durable-'));
    try {
      writeFileSync(join(dir, 'taken'), 'mine');
      await expect(pipeline(Readable.from([Buffer.from('x')]), new DurableFileWriter(join(dir, 'taken'), { mode: 0o600, highWaterMark: 1024 }))).rejects.toMatchObject({ code: 'EEXIST' });
      expect(readFileSync(join(dir, 'taken'), 'utf8')).toBe('mine');
      const failing = new Readable({ read() { this.push(Buffer.alloc(10)); this.destroy(new Error('client went away')); } });
      await expect(pipeline(failing, new DurableFileWriter(join(dir, 'g'), { mode: 0o600, highWaterMark: 1024 }))).rejects.toThrow('client went away');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('hands each buffer to `written` once the file has it, in order', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sift-durable-'));
    try {
      const chunks = pieces(30, 70_000);
      const seen: Buffer[] = [];
      const writer = new DurableFileWriter(join(dir, 'f'), { mode: 0o600, highWaterMark: 1 << 18, written: (bs) => seen.push(...bs) });
      await pipeline(Readable.from(chunks), writer);
      expect(seen.length).toBe(chunks.length);
      seen.forEach((b, i) => expect(b).toBe(chunks[i]));
      expect(readFileSync(join(dir, 'f')).equals(Buffer.concat(chunks))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
