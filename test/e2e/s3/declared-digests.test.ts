// Declared digests of a PUT, checked once by the store (storage/declared-digests.ts) and still as S3 checks them,
// through the real @aws-sdk/client-s3 (its default: the checksum in an aws-chunked trailer; or a value given as a
// header; or Content-MD5): a right digest stores the object (and a CRC comes back with ChecksumMode), a wrong one is
// BadDigest and nothing is stored. Large bodies (≥ 8 MiB: the pooled native pass) and small ones (inline).
// On PostgreSQL too: `node scripts/test-postgres.mjs test/e2e/s3/declared-digests.test.ts`.
import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CompleteMultipartUploadCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
  type ChecksumAlgorithm,
} from '@aws-sdk/client-s3';
import { createChecksum } from '../../../src/protocol/rest-xml-s3.js';
import { startServer, type TestServer } from '../harness.js';

let server: TestServer;
let s3: S3Client;
/** A client that adds no checksum of its own (only what a request names). */
let plain: S3Client;

beforeAll(async () => {
  server = await startServer();
  s3 = new S3Client(server.clientConfig());
  plain = new S3Client({ ...server.clientConfig(), requestChecksumCalculation: 'WHEN_REQUIRED' });
  await s3.send(new CreateBucketCommand({ Bucket: 'digests' }));
});
afterAll(async () => {
  s3?.destroy();
  plain?.destroy();
  await server?.close();
});

const LARGE = (9 << 20) + 7;
const SMALL = 100_003;
const sumOf = (alg: string, data: Buffer) => {
  const c = createChecksum(alg)!;
  c.update(data);
  return c.digest();
};
/** A body the SDK streams (it cannot read its length ahead), in 1 MiB pieces. */
const streamOf = (data: Buffer) => Readable.from(Array.from({ length: Math.ceil(data.length / (1 << 20)) }, (_, i) => data.subarray(i << 20, (i + 1) << 20)));
const absent = async (key: string) => (await plain.send(new HeadObjectCommand({ Bucket: 'digests', Key: key })).catch((e) => e)).name;

describe('declared digests on PUT', () => {
  for (const alg of ['CRC64NVME', 'CRC32C', 'CRC32'] as ChecksumAlgorithm[]) {
    it(`${alg} computed by the SDK (aws-chunked trailer) on a large streamed body is checked, stored and given back`, async () => {
      const data = randomBytes(LARGE);
      const put = await s3.send(new PutObjectCommand({ Bucket: 'digests', Key: `trailer-${alg}`, Body: streamOf(data), ContentLength: data.length, ChecksumAlgorithm: alg }));
      expect(put.ETag).toBe(`"${createHash('md5').update(data).digest('hex')}"`);
      const got = await s3.send(new GetObjectCommand({ Bucket: 'digests', Key: `trailer-${alg}`, ChecksumMode: 'ENABLED' }));
      expect((got as unknown as Record<string, string>)[`Checksum${alg}`]).toBe(sumOf(alg.toLowerCase(), data));
      expect(Buffer.from(await got.Body!.transformToByteArray()).equals(data)).toBe(true);
    });
  }

  for (const [size, name] of [[SMALL, 'small'], [1, 'one-byte'], [0, 'empty']] as const) {
    it(`a trailer checksum on a ${name} streamed body (the SDK's default) is stored and given back`, async () => {
      const data = randomBytes(size);
      const key = `trailer-${name}`;
      const put = await s3.send(new PutObjectCommand({ Bucket: 'digests', Key: key, Body: streamOf(data), ContentLength: size, ChecksumAlgorithm: 'CRC32C' }));
      expect(put.ETag).toBe(`"${createHash('md5').update(data).digest('hex')}"`);
      expect(put.ChecksumCRC32C).toBe(sumOf('crc32c', data));
      const got = await s3.send(new GetObjectCommand({ Bucket: 'digests', Key: key, ChecksumMode: 'ENABLED' }));
      expect(got.ChecksumCRC32C).toBe(sumOf('crc32c', data));
      expect(Buffer.from(await got.Body!.transformToByteArray()).equals(data)).toBe(true);
    });
  }

  for (const [size, name] of [[LARGE, 'large'], [SMALL, 'small']] as const) {
    for (const alg of ['CRC64NVME', 'CRC32C']) {
      it(`a wrong x-amz-checksum-${alg.toLowerCase()} on a ${name} body is BadDigest and stores nothing; the right one stores it`, async () => {
        const data = randomBytes(size);
        const right = sumOf(alg.toLowerCase(), data);
        const wrong = Buffer.from(right, 'base64').map((b) => b ^ 0x80);
        const key = `header-${alg}-${name}`;
        const err = await plain.send(new PutObjectCommand({ Bucket: 'digests', Key: key, Body: streamOf(data), ContentLength: size, [`Checksum${alg}`]: Buffer.from(wrong).toString('base64') })).catch((e) => e);
        expect(err.name).toBe('BadDigest');
        expect(err.message).toBe(`The ${alg} you specified did not match the calculated checksum.`);
        expect(await absent(key)).toBe('NotFound');
        await plain.send(new PutObjectCommand({ Bucket: 'digests', Key: key, Body: streamOf(data), ContentLength: size, [`Checksum${alg}`]: right }));
        const got = await plain.send(new GetObjectCommand({ Bucket: 'digests', Key: key, ChecksumMode: 'ENABLED' }));
        expect((got as unknown as Record<string, string>)[`Checksum${alg}`]).toBe(right);
        expect(Buffer.from(await got.Body!.transformToByteArray()).equals(data)).toBe(true);
      });
    }

    it(`Content-MD5 on a ${name} body: the right one gives the ETag, a wrong one is BadDigest and stores nothing`, async () => {
      const data = randomBytes(size);
      const md5 = createHash('md5').update(data);
      const hex = md5.copy().digest('hex');
      const key = `md5-${name}`;
      const err = await plain.send(new PutObjectCommand({ Bucket: 'digests', Key: key, Body: streamOf(data), ContentLength: size, ContentMD5: createHash('md5').update('other').digest('base64') })).catch((e) => e);
      expect(err.name).toBe('BadDigest');
      expect(err.message).toBe('The Content-MD5 you specified did not match the calculated checksum.');
      expect(await absent(key)).toBe('NotFound');
      const put = await plain.send(new PutObjectCommand({ Bucket: 'digests', Key: key, Body: streamOf(data), ContentLength: size, ContentMD5: md5.digest('base64') }));
      expect(put.ETag).toBe(`"${hex}"`);
    });
  }
});

describe('declared digests on UploadPart', () => {
  for (const alg of ['CRC32', 'CRC32C'] as ChecksumAlgorithm[]) {
    it(`${alg} computed by the SDK (aws-chunked trailer) on each streamed part is kept: the part answers it and the object gets S3's composite checksum`, async () => {
      const key = `multipart-trailer-${alg}`;
      const parts = [randomBytes((5 << 20) + 3), randomBytes(SMALL)];
      const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: 'digests', Key: key, ChecksumAlgorithm: alg }));
      const done = [];
      for (const [i, data] of parts.entries()) {
        const up = await s3.send(new UploadPartCommand({ Bucket: 'digests', Key: key, UploadId, PartNumber: i + 1, Body: streamOf(data), ContentLength: data.length, ChecksumAlgorithm: alg }));
        const sum = (up as unknown as Record<string, string>)[`Checksum${alg}`];
        expect(sum).toBe(sumOf(alg.toLowerCase(), data));
        done.push({ PartNumber: i + 1, ETag: up.ETag, [`Checksum${alg}`]: sum });
      }
      await s3.send(new CompleteMultipartUploadCommand({ Bucket: 'digests', Key: key, UploadId, MultipartUpload: { Parts: done } }));
      // S3's composite checksum: the checksum of the parts' checksums (decoded, concatenated), then -<parts>.
      const composite = `${sumOf(alg.toLowerCase(), Buffer.concat(parts.map((p) => Buffer.from(sumOf(alg.toLowerCase(), p), 'base64'))))}-${parts.length}`;
      const head = await s3.send(new HeadObjectCommand({ Bucket: 'digests', Key: key, ChecksumMode: 'ENABLED' }));
      expect((head as unknown as Record<string, string>)[`Checksum${alg}`]).toBe(composite);
    });
  }
});
