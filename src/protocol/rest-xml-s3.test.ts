import { describe, it, expect } from 'vitest';
import { createHash, createHmac } from 'node:crypto';
import { PassThrough, Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createChecksum, IntegrityCheck, s3StreamingBody, virtualHostBucket } from './rest-xml-s3.js';
import type { RequestAuth, WireRequest } from './types.js';
import { ServiceError } from '../common/errors.js';

async function drain(stream: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of stream) parts.push(c as Buffer);
  return Buffer.concat(parts);
}

function hmac(key: Buffer | string, data: string): Buffer {
  return createHmac('sha256', key).update(data).digest();
}

/** The worked example of AWS's "Signature calculations for the Authorization header: transferring payload in multiple chunks". */
const example = (() => {
  const signingKey = hmac(hmac(hmac(hmac('AWS4wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', '20130524'), 'us-east-1'), 's3'), 'aws4_request');
  const auth: RequestAuth = {
    accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
    region: 'us-east-1',
    service: 's3',
    signingDate: new Date('2013-05-24T00:00:00Z'),
    payloadHash: 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
    seedSignature: '4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9',
    signingKey,
    presigned: false,
  };
  const body = Buffer.concat([
    Buffer.from('10000;chunk-signature=ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648\r\n'),
    Buffer.alloc(65536, 'a'),
    Buffer.from('\r\n400;chunk-signature=0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497\r\n'),
    Buffer.alloc(1024, 'a'),
    Buffer.from('\r\n0;chunk-signature=b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9\r\n\r\n'),
  ]);
  return { auth, body };
})();

/** Splits a buffer into uneven pieces so that framing falls across chunk boundaries. */
function jagged(buf: Buffer, size = 7_777): Readable {
  const parts: Buffer[] = [];
  for (let i = 0; i < buf.length; i += size) parts.push(buf.subarray(i, i + size));
  return Readable.from(parts);
}

describe('virtual-host-style bucket names', () => {
  it('takes the bucket from known S3 domains and leaves path-style hosts alone', () => {
    expect(virtualHostBucket('my-bucket.localhost:4566')).toBe('my-bucket');
    expect(virtualHostBucket('my.dotted.bucket.s3.amazonaws.com')).toBe('my.dotted.bucket');
    expect(virtualHostBucket('logs.s3.eu-west-1.amazonaws.com')).toBe('logs');
    expect(virtualHostBucket('b.sift.example', ['sift.example'])).toBe('b');
    expect(virtualHostBucket('localhost:4566')).toBeUndefined();
    expect(virtualHostBucket('127.0.0.1:9000')).toBeUndefined();
    expect(virtualHostBucket('s3.amazonaws.com')).toBeUndefined();
    expect(virtualHostBucket(undefined)).toBeUndefined();
  });
});

describe('checksums', () => {
  const check = (alg: string, data: string) => {
    const c = createChecksum(alg)!;
    c.update(Buffer.from(data));
    return Buffer.from(c.digest(), 'base64').toString('hex');
  };
  it('match the published check values of "123456789"', () => {
    expect(check('crc32', '123456789')).toBe('cbf43926');
    expect(check('crc32c', '123456789')).toBe('e3069283');
    expect(check('crc64nvme', '123456789')).toBe('ae8b14860a799888');
    expect(check('sha256', '123456789')).toBe(createHash('sha256').update('123456789').digest('hex'));
    expect(createChecksum('md4')).toBeUndefined();
  });
});

describe('aws-chunked decoding (through sigv4/chunked.ts)', () => {
  const chunkedWire = (body: Readable, headers: Record<string, string>, auth?: RequestAuth): WireRequest => ({
    method: 'PUT',
    path: '/examplebucket/chunkObject.txt',
    rawQuery: '',
    query: new URLSearchParams(),
    headers: { 'content-encoding': 'aws-chunked', ...headers },
    body: Buffer.alloc(0),
    bodyStream: body,
    auth,
  });
  const signedHeaders = { 'x-amz-content-sha256': 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD', 'x-amz-decoded-content-length': '66560' };

  it('decodes and verifies the signed chunks of the AWS worked example', async () => {
    const input: Record<string, unknown> = { ContentLength: example.body.length, ContentEncoding: 'aws-chunked' };
    const out = await drain(s3StreamingBody(chunkedWire(jagged(example.body), signedHeaders, example.auth), input));
    expect(out.equals(Buffer.alloc(66560, 'a'))).toBe(true);
    expect(input.ContentLength).toBe(66560);
    expect(input.ContentEncoding).toBeUndefined();
  });

  it('rejects a tampered chunk with SignatureDoesNotMatch', async () => {
    const tampered = Buffer.from(example.body);
    tampered[200] = 'b'.charCodeAt(0);
    const err = await drain(s3StreamingBody(chunkedWire(jagged(tampered), signedHeaders, example.auth), {})).catch((e) => e);
    expect(err).toBeInstanceOf(ServiceError);
    expect(err.code).toBe('SignatureDoesNotMatch');
  });

  it('checks an unsigned stream against its trailing checksum and fails truncated bodies', async () => {
    const headers = { 'x-amz-content-sha256': 'STREAMING-UNSIGNED-PAYLOAD-TRAILER', 'x-amz-trailer': 'x-amz-checksum-crc32', 'x-amz-decoded-content-length': '5' };
    const good = Buffer.from('5\r\nhello\r\n0\r\nx-amz-checksum-crc32:NhCmhg==\r\n\r\n');
    const input: Record<string, unknown> = {};
    expect((await drain(s3StreamingBody(chunkedWire(jagged(good, 3), headers), input))).toString()).toBe('hello');
    expect(input.ChecksumCRC32).toBe('NhCmhg==');
    const bad = Buffer.from('5\r\nhello\r\n0\r\nx-amz-checksum-crc32:AAAAAA==\r\n\r\n');
    expect((await drain(s3StreamingBody(chunkedWire(jagged(bad, 3), headers), {})).catch((e) => e)).code).toBe('BadDigest');
    const cut = await drain(s3StreamingBody(chunkedWire(Readable.from([good.subarray(0, 9)]), headers), {})).catch((e) => e);
    expect(cut.code).toBe('IncompleteBody');
  });
});

describe('payload integrity', () => {
  const wire = (headers: Record<string, string>, body: Buffer): WireRequest => ({
    method: 'PUT',
    path: '/b/k',
    rawQuery: '',
    query: new URLSearchParams(),
    headers,
    body: Buffer.alloc(0),
    bodyStream: Readable.from([body]),
  });

  it('passes bytes whose declared digests match', async () => {
    const data = Buffer.from('some bytes');
    const headers = {
      'content-md5': createHash('md5').update(data).digest('base64'),
      'x-amz-content-sha256': createHash('sha256').update(data).digest('hex'),
      'x-amz-checksum-sha1': createHash('sha1').update(data).digest('base64'),
    };
    expect((await drain(s3StreamingBody(wire(headers, data), { ContentLength: data.length }))).equals(data)).toBe(true);
  });

  it('fails with S3 errors on mismatches, short bodies and malformed digests', async () => {
    const data = Buffer.from('some bytes');
    const code = (headers: Record<string, string>, input: Record<string, unknown> = {}) =>
      drain(s3StreamingBody(wire(headers, data), input)).then(
        () => 'ok',
        (e) => e.code,
      );
    expect(await code({ 'content-md5': createHash('md5').update('x').digest('base64') })).toBe('BadDigest');
    expect(await code({ 'x-amz-content-sha256': createHash('sha256').update('x').digest('hex') })).toBe('XAmzContentSHA256Mismatch');
    expect(await code({ 'x-amz-checksum-crc32': 'AAAAAA==' })).toBe('BadDigest');
    expect(await code({}, { ContentLength: data.length + 5 })).toBe('IncompleteBody');
    expect(() => s3StreamingBody(wire({ 'content-md5': 'nope' }, data), {})).toThrow(/Content-MD5 you specified was invalid/);
  });

  it('hands declared digests over to a reader that has read nothing yet, and then computes none of them itself', async () => {
    const data = Buffer.from('some bytes');
    type Taken = { algorithm: string; expected(): string | undefined; mismatch(): Error }[];
    const take = (stream: Readable, algs: string[]) => (stream as unknown as Record<symbol, (a: string[]) => Taken>)[Symbol.for('sift.bytes.declared-digests')]!(algs);
    // Wrong digests handed over: the stream itself no longer fails, the taker must compare.
    const wrong = createHash('md5').update('x').digest('base64');
    const taken = s3StreamingBody(wire({ 'content-md5': wrong, 'x-amz-checksum-crc64nvme': 'AAAAAAAAAAA=', 'x-amz-checksum-crc32': 'AAAAAA==' }, data), {});
    const claimed = take(taken, ['md5', 'crc64nvme']);
    expect(claimed.map((d) => [d.algorithm, d.expected()])).toEqual([['md5', wrong], ['crc64nvme', 'AAAAAAAAAAA=']]);
    expect((claimed[0]!.mismatch() as ServiceError).code).toBe('BadDigest');
    expect(claimed[1]!.mismatch().message).toContain('CRC64NVME');
    // The CRC32 not taken is still checked by the stream.
    expect(await drain(taken).catch((e) => e.message)).toContain('CRC32 you specified');
    const rightCrc32 = createChecksum('crc32')!;
    rightCrc32.update(data);
    const kept = s3StreamingBody(wire({ 'content-md5': wrong, 'x-amz-checksum-crc32': rightCrc32.digest() }, data), {});
    expect(take(kept, ['md5']).length).toBe(1);
    expect((await drain(kept)).equals(data)).toBe(true);
    // Not after the first byte was read: the stream checks on its own then.
    const source = new PassThrough();
    const read = s3StreamingBody({ ...wire({ 'content-md5': wrong }, data), bodyStream: source }, {});
    source.write(data);
    await new Promise((resolve) => read.once('readable', resolve));
    expect(read.read()).not.toBeNull();
    expect(take(read, ['md5'])).toEqual([]);
    source.end();
    expect(await drain(read).catch((e) => e.code)).toBe('BadDigest');
    expect(take(s3StreamingBody(wire({}, data), {}), ['md5'])).toEqual([]);
  });

  it('IntegrityCheck fails when more bytes arrive than declared', async () => {
    const err = await pipeline(Readable.from([Buffer.alloc(10)]), new IntegrityCheck({ checksums: {}, trailerChecksums: [], length: 5 }), async function* (s) {
      for await (const _ of s) void _;
    }).catch((e) => e);
    expect(err.code).toBe('IncompleteBody');
  });
});
