// Declared digests checked once, by the store (declared-digests.ts): a Content-MD5 against its own ETag hash, a
// CRC32C or CRC64NVME computed natively beside it; through the real protocol stream (rest-xml-s3.ts
// s3StreamingBody): a right digest stores the object, a wrong one fails with BadDigest and leaves no file, on the
// small (inline) and the large (pooled, or worker with SIFT_NATIVE=0) hashing paths.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import { s3StreamingBody } from '../protocol/rest-xml-s3.js';
import type { WireRequest } from '../protocol/types.js';
import { ObjectFiles } from './files.js';
import { DECLARED_DIGESTS } from './declared-digests.js';
import { createChecksum } from '../protocol/rest-xml-s3.js';

const ids = { hex: (n: number) => randomBytes(n / 2).toString('hex') } as never;

function put(data: Buffer, md5Base64: string, headers: Record<string, string> = { 'content-md5': md5Base64 }): Readable {
  const pieces: Buffer[] = [];
  for (let at = 0; at < data.length; at += 300_001) pieces.push(data.subarray(at, at + 300_001));
  const req: WireRequest = { method: 'PUT', path: '/b/k', rawQuery: '', query: new URLSearchParams(), headers, body: Buffer.alloc(0), bodyStream: Readable.from(pieces) };
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

  for (const alg of ['crc32c', 'crc64nvme']) {
    for (const [name, bytes] of [['small', 100_003], ['large', (9 << 20) + 5]] as const) {
      it(`${name} body with x-amz-checksum-${alg}: the right value stores the object, a wrong one is BadDigest and leaves nothing`, async () => {
        const dir = mkdtempSync(join(tmpdir(), 'sift-declared-crc-'));
        try {
          const files = new ObjectFiles(dir, ids);
          await files.open();
          const data = randomBytes(bytes);
          const sum = createChecksum(alg)!;
          sum.update(data);
          const right = sum.digest();
          const written = await files.write(put(data, '', { [`x-amz-checksum-${alg}`]: right }), 1 << 30, () => new Error('too large'), undefined, bytes);
          expect(written.size).toBe(bytes);
          await files.remove([written.file]);
          const wrongValue = Buffer.from(right, 'base64').map((b) => b ^ 1);
          const err = await files.write(put(data, '', { [`x-amz-checksum-${alg}`]: Buffer.from(wrongValue).toString('base64') }), 1 << 30, () => new Error('too large'), undefined, bytes).catch((e) => e);
          expect(err.code).toBe('BadDigest');
          expect(err.message).toContain(alg.toUpperCase());
          expect(filesUnder(dir)).toEqual([]);
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      });
    }
  }

  it('with SIFT_NATIVE=0 a large body\'s Content-MD5 is the MD5 worker\'s to check, its CRC64NVME the stream\'s', async () => {
    vi.stubEnv('SIFT_NATIVE', '0');
    vi.resetModules();
    try {
      const fresh = await import('./files.js');
      const dir = mkdtempSync(join(tmpdir(), 'sift-declared-worker-'));
      try {
        const files = new fresh.ObjectFiles(dir, ids);
        await files.open();
        const bytes = (9 << 20) + 1;
        const data = randomBytes(bytes);
        const md5 = createHash('md5').update(data).digest('base64');
        const wrongMd5 = await files.write(put(data, createHash('md5').update('x').digest('base64')), 1 << 30, () => new Error('too large'), undefined, bytes).catch((e) => e);
        expect(wrongMd5.code).toBe('BadDigest');
        const wrongCrc = await files.write(put(data, '', { 'content-md5': md5, 'x-amz-checksum-crc64nvme': 'AAAAAAAAAAA=' }), 1 << 30, () => new Error('too large'), undefined, bytes).catch((e) => e);
        expect(wrongCrc.message).toContain('CRC64NVME');
        expect(filesUnder(dir)).toEqual([]);
        expect((await files.write(put(data, md5), 1 << 30, () => new Error('too large'), undefined, bytes)).size).toBe(bytes);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    } finally {
      vi.unstubAllEnvs();
      vi.resetModules();
    }
  });

  it('the stream checks on its own when the reader does not take the check over', async () => {
    const data = randomBytes(1000);
    const wrong = put(data, createHash('md5').update('other').digest('base64'));
    expect(typeof (wrong as unknown as Record<symbol, unknown>)[DECLARED_DIGESTS]).toBe('function');
    const err = await (async () => {
      for await (const _ of wrong) void _;
    })().catch((e) => e);
    expect(err.code).toBe('BadDigest');
  });
});
