// A declared Content-MD5 checked once, by the store's own ETag hash (declared-md5.ts), through the real protocol
// stream (rest-xml-s3.ts s3StreamingBody): a right digest stores the object, a wrong one fails with BadDigest and
// leaves no file, on the small (inline) and the large (pooled or worker) hashing paths.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { s3StreamingBody } from '../protocol/rest-xml-s3.js';
import type { WireRequest } from '../protocol/types.js';
import { ObjectFiles } from './files.js';
import { DECLARED_MD5 } from './declared-md5.js';

const ids = { hex: (n: number) => randomBytes(n / 2).toString('hex') } as never;

function put(data: Buffer, md5Base64: string): Readable {
  const pieces: Buffer[] = [];
  for (let at = 0; at < data.length; at += 300_001) pieces.push(data.subarray(at, at + 300_001));
  const req: WireRequest = { method: 'PUT', path: '/b/k', rawQuery: '', query: new URLSearchParams(), headers: { 'content-md5': md5Base64 }, body: Buffer.alloc(0), bodyStream: Readable.from(pieces) };
  return s3StreamingBody(req, { ContentLength: data.length });
}

/** Files left under objects/ (the temp directory included). */
function filesUnder(dir: string): string[] {
  return readdirSync(join(dir, 'objects'), { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name);
}

describe('a declared Content-MD5 checked by the store', () => {
  for (const [name, bytes] of [['small', 100_000], ['large', 9 << 20]] as const) {
    it(`${name} body: the right digest is stored under its ETag, a wrong one is BadDigest and leaves nothing`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'sift-declared-md5-'));
      try {
        const files = new ObjectFiles(dir, ids);
        await files.open();
        const data = randomBytes(bytes);
        const key = { key: randomBytes(32), wrapped: 'w' } as never;
        const right = put(data, createHash('md5').update(data).digest('base64'));
        const written = await files.write(right, 1 << 30, () => new Error('too large'), key, bytes);
        expect(written.md5Hex).toBe(createHash('md5').update(data).digest('hex'));
        expect(filesUnder(dir)).toEqual([written.file.split('/')[1]]);
        await files.remove([written.file]);

        const wrong = put(data, createHash('md5').update('other').digest('base64'));
        const err = await files.write(wrong, 1 << 30, () => new Error('too large'), key, bytes).catch((e) => e);
        expect(err.code).toBe('BadDigest');
        expect(filesUnder(dir)).toEqual([]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }

  it('the stream checks on its own when the reader does not take the check over', async () => {
    const data = randomBytes(1000);
    const wrong = put(data, createHash('md5').update('other').digest('base64'));
    expect(typeof (wrong as unknown as Record<symbol, unknown>)[DECLARED_MD5]).toBe('function');
    const err = await (async () => {
      for await (const _ of wrong) void _;
    })().catch((e) => e);
    expect(err.code).toBe('BadDigest');
  });
});
