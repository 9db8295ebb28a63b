// `sift scan` reads small files into one buffer reused file after file; a scan holds it until its file is done, so two
// scans running at once in one thread (each its own folder) never see each other's bytes.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { strToU8, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileSource, runScan, type ReadBuffer } from './scan-command.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sift-read-buffer-'));
  for (const side of ['a', 'b']) mkdirSync(join(dir, side));
  for (let i = 0; i < 12; i++) {
    // Folder a: an SSN after a long stretch of text in every file; folder b: clean files of other lengths.
    writeFileSync(join(dir, 'a', `f${i}.log`), `${'lorem ipsum dolor '.repeat(200 * (i + 1))}\nssn 536-90-4399\n`);
    writeFileSync(join(dir, 'b', `g${i}.log`), `${'nothing to see here '.repeat(150 * (12 - i))}\n`);
    // Stored zips: their reader keeps views of the read buffer while it waits on each member's scan.
    const members = (text: string) => Object.fromEntries(Array.from({ length: 6 }, (_, m) => [`m${m}.txt`, strToU8(`${text.repeat(40 * (m + 1))}\n`)]));
    writeFileSync(join(dir, 'a', `z${i}.zip`), zipSync(members('card 4556 7375 8689 9855 '), { level: 0 }));
    writeFileSync(join(dir, 'b', `y${i}.zip`), zipSync(members('plain words only '), { level: 0 }));
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function scan(folder: string): Promise<{ code: number; lines: Array<{ key: string; types: string[] }> }> {
  let out = '';
  const sink = new Writable({ write: (chunk, _enc, done) => ((out += String(chunk)), done()) });
  const code = await runScan([join(dir, folder)], { json: true, identifiers: 'ALL' }, sink, sink);
  const lines = out.trim().split('\n').map((l) => JSON.parse(l)).map((r) => ({
    key: String(r.resourcesAffected.s3Object.key),
    types: r.classificationDetails.result.sensitiveData.flatMap((c: { detections: { type: string }[] }) => c.detections.map((d) => d.type)),
  }));
  return { code, lines };
}

describe('sift scan read buffer', () => {
  it('keeps the files of two scans running at once apart', { timeout: 120_000 }, async () => {
    const alone = [await scan('a'), await scan('b')];
    const together = await Promise.all([scan('a'), scan('b')]);
    expect(together).toEqual(alone);
    expect(alone[0].lines.length).toBeGreaterThan(24); // the files, and the zips' members with their card numbers
    expect(alone[0].lines.every((l) => l.types.length > 0)).toBe(true);
    expect(alone[1].lines.every((l) => l.types.length === 0)).toBe(true);
  });
});

describe('sift scan file source', () => {
  const read = async (path: string, size: number, buffer: ReadBuffer): Promise<Uint8Array[]> => {
    const chunks: Uint8Array[] = [];
    for await (const chunk of fileSource({ path, size }, buffer)) chunks.push(chunk);
    return chunks;
  };

  it('reads files of a few MiB whole into the one buffer and hands them on in views of at most 1 MiB', async () => {
    const buffer: ReadBuffer = { bytes: Buffer.alloc(0) };
    const sizes = [(1 << 20) + 123, (5 << 20) / 2, 1 << 20, 0];
    let first: ArrayBufferLike | undefined;
    for (const [i, size] of sizes.entries()) {
      const path = join(dir, `whole-${i}.bin`);
      const bytes = Buffer.alloc(size, i + 1);
      if (size > 0) bytes.writeUInt32BE(0xdeadbeef, size - 4); // the last bytes are read too
      writeFileSync(path, bytes);
      const chunks = await read(path, size, buffer);
      expect(Buffer.concat(chunks).equals(bytes)).toBe(true);
      // Every chunk a stream would give (1 MiB, the last shorter; one empty chunk for an empty file).
      expect(chunks.map((c) => c.length)).toEqual(size === 0 ? [0] : Array.from({ length: Math.ceil(size / (1 << 20)) }, (_, k) => Math.min(1 << 20, size - k * (1 << 20))));
      // One buffer for all of them: a larger file does not allocate (and fault in) another.
      first ??= chunks[0].buffer;
      for (const c of chunks) expect(c.buffer).toBe(first);
    }
  });

  it('streams files larger than 8 MiB in 1 MiB chunks of their own', async () => {
    const path = join(dir, 'large.bin');
    const size = (8 << 20) + 5;
    writeFileSync(path, Buffer.alloc(size, 7));
    const buffer: ReadBuffer = { bytes: Buffer.alloc(0) };
    const chunks = await read(path, size, buffer);
    expect(chunks.reduce((n, c) => n + c.length, 0)).toBe(size);
    expect(Math.max(...chunks.map((c) => c.length))).toBeLessThanOrEqual(1 << 20);
    expect(buffer.bytes.length).toBe(0);
  });
});
