import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createWriteStream } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { CHUNK_BYTES, EncryptChunks, ObjectTamperedError, TAG_BYTES, decryptBatches, decryptRange, newDataKey, sealedSize, unwrapDataKey } from './object-cipher.js';

const dir = mkdtempSync(join(tmpdir(), 'sift-cipher-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

async function sealed(plain: Buffer, key: Buffer): Promise<string> {
  const file = join(dir, `f${n++}`);
  // Fed in odd-sized pieces, so chunking does not depend on how the bytes arrive.
  const pieces: Buffer[] = [];
  for (let at = 0; at < plain.length; at += 7919) pieces.push(plain.subarray(at, at + 7919));
  await pipeline(Readable.from(pieces), new EncryptChunks(key), createWriteStream(file));
  return file;
}

async function read(file: string, key: Buffer, size: number, from: number, to: number): Promise<Buffer> {
  const out: Buffer[] = [];
  for await (const b of decryptRange(file, key, size, from, to)) out.push(b);
  return Buffer.concat(out);
}

describe('object data in authenticated chunks', () => {
  const kek = randomBytes(32);

  it('round-trips every size around the chunk boundaries, whole and by range', async () => {
    for (const size of [0, 1, CHUNK_BYTES - 1, CHUNK_BYTES, CHUNK_BYTES + 1, 3 * CHUNK_BYTES + 17]) {
      const { key } = newDataKey(kek);
      const plain = randomBytes(size);
      const file = await sealed(plain, key);
      const onDisk = readFileSync(file);
      expect(onDisk.length).toBe(sealedSize(size));
      if (size >= 16) expect(onDisk.includes(plain.subarray(0, 16))).toBe(false);
      if (size === 0) continue;
      expect((await read(file, key, size, 0, size - 1)).equals(plain)).toBe(true);
      for (const [from, to] of [[0, 0], [size - 1, size - 1], [CHUNK_BYTES - 2, CHUNK_BYTES + 2], [5, size - 3]] as const) {
        if (from > to || to >= size || from < 0) continue;
        expect((await read(file, key, size, from, to)).equals(plain.subarray(from, to + 1))).toBe(true);
      }
    }
  });

  it('reads across several read batches (read ahead of deciphering): whole, ranges over batch edges, early stop, damage in a later batch', async () => {
    const { key } = newDataKey(kek);
    const size = 100 * CHUNK_BYTES + 123; // batches of 32 chunks: four reads
    const plain = randomBytes(size);
    const file = await sealed(plain, key);
    expect((await read(file, key, size, 0, size - 1)).equals(plain)).toBe(true);
    for (const [from, to] of [[32 * CHUNK_BYTES - 1, 32 * CHUNK_BYTES], [31 * CHUNK_BYTES + 5, 97 * CHUNK_BYTES + 9], [64 * CHUNK_BYTES, size - 1]] as const) {
      expect((await read(file, key, size, from, to)).equals(plain.subarray(from, to + 1))).toBe(true);
    }
    const batches = decryptBatches(file, key, size, 0, size - 1);
    const firstBatch = await batches.next();
    expect(Buffer.concat(firstBatch.value as Buffer[]).equals(plain.subarray(0, 32 * CHUNK_BYTES))).toBe(true);
    await batches.return(undefined); // stops with the second read in flight: it finishes before the file closes
    const damaged = readFileSync(file);
    damaged[70 * (CHUNK_BYTES + TAG_BYTES) + 3] ^= 1;
    writeFileSync(file, damaged);
    await expect(read(file, key, size, 0, size - 1)).rejects.toBeInstanceOf(ObjectTamperedError);
    expect((await read(file, key, size, 0, 64 * CHUNK_BYTES - 1)).equals(plain.subarray(0, 64 * CHUNK_BYTES))).toBe(true);
  });

  it('wraps data keys under the key-encryption key only', () => {
    const dk = newDataKey(kek);
    expect(Buffer.from(dk.wrapped, 'base64').includes(dk.key)).toBe(false);
    expect(unwrapDataKey(kek, dk.wrapped).equals(dk.key)).toBe(true);
    expect(() => unwrapDataKey(randomBytes(32), dk.wrapped)).toThrow(ObjectTamperedError);
  });

  it('fails, never returns altered bytes, when the file is flipped, cut, extended, reordered or read with another key', async () => {
    const size = 3 * CHUNK_BYTES + 100;
    const { key } = newDataKey(kek);
    const plain = randomBytes(size);
    const file = await sealed(plain, key);
    const original = readFileSync(file);
    const attempt = async (bytes: Buffer, k = key, plainSize = size) => {
      writeFileSync(file, bytes);
      return read(file, k, plainSize, 0, plainSize - 1).then(() => 'read', (e) => (e instanceof ObjectTamperedError ? 'refused' : String(e)));
    };
    const flipped = Buffer.from(original);
    flipped[CHUNK_BYTES + TAG_BYTES + 3] ^= 0x80;
    expect(await attempt(flipped)).toBe('refused');
    expect(await attempt(original.subarray(0, original.length - 1))).toBe('refused');
    expect(await attempt(Buffer.concat([original, Buffer.from([0])]))).toBe('refused');
    const stride = CHUNK_BYTES + TAG_BYTES;
    const swapped = Buffer.concat([original.subarray(stride, 2 * stride), original.subarray(0, stride), original.subarray(2 * stride)]);
    expect(await attempt(swapped)).toBe('refused');
    expect(await attempt(original, randomBytes(32))).toBe('refused');
    // Metadata that claims fewer whole chunks: the new last chunk was not sealed as the last one.
    expect(await attempt(original.subarray(0, 2 * stride), key, 2 * CHUNK_BYTES)).toBe('refused');
    expect(await attempt(original)).toBe('read');
  });
});
