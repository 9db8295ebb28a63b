import { describe, it, expect } from 'vitest';
import { createHash, randomBytes } from 'node:crypto';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import * as zlib from 'node:zlib';
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from '@aws-crypto/sha256-js';
import { ServiceError } from '../../common/errors.js';
import { AwsChunkedDecoder, createBodyDecoder, parseSignature, verifySignature, type SigV4Request } from './index.js';

// Signed aws-chunked bodies are produced here the way the Java SDK and the S3 docs describe them; each chunk
// signature comes from the AWS SDK's signer (@smithy/signature-v4 signString), chained from the seed signature the
// same signer put in the Authorization header. The unsigned-trailer form is checked against the real S3 client in
// sdk-roundtrip.test.ts.

const T0 = new Date(Date.UTC(2026, 0, 15, 12, 0, 0));
const CRED = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };
const EMPTY = createHash('sha256').update('').digest('hex');
const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');
const scope = '20260115/us-east-1/s3/aws4_request';
const amzDate = '20260115T120000Z';

const signer = new SignatureV4({ service: 's3', region: 'us-east-1', credentials: CRED, sha256: Sha256, uriEscapePath: false });

interface SignedUpload {
  req: SigV4Request;
  body: Buffer;
}

/** A header-signed PUT whose body is `data` in aws-chunked form with signed chunks (and optionally signed trailers). */
async function signedUpload(data: Buffer, chunkSize: number, trailers?: Record<string, string>): Promise<SignedUpload> {
  const mode = trailers ? 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER' : 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD';
  const signed = await signer.sign(
    {
      method: 'PUT',
      protocol: 'http:',
      hostname: 'localhost',
      path: '/bucket/key',
      query: {},
      headers: {
        host: 'localhost',
        'content-encoding': 'aws-chunked',
        'x-amz-content-sha256': mode,
        'x-amz-decoded-content-length': String(data.length),
        ...(trailers ? { 'x-amz-trailer': Object.keys(trailers).join(',') } : {}),
      },
    },
    { signingDate: T0 },
  );
  const headers = Object.fromEntries(Object.entries(signed.headers).map(([k, v]) => [k.toLowerCase(), v]));
  let previous = /Signature=([0-9a-f]{64})/.exec(headers.authorization!)![1]!;
  const parts: Buffer[] = [];
  const chunkSignature = async (piece: Buffer) => {
    const toSign = ['AWS4-HMAC-SHA256-PAYLOAD', amzDate, scope, previous, EMPTY, sha(piece)].join('\n');
    previous = await signer.sign(toSign, { signingDate: T0 });
    return previous;
  };
  for (let off = 0; off < data.length; off += chunkSize) {
    const piece = data.subarray(off, off + chunkSize);
    parts.push(Buffer.from(`${piece.length.toString(16)};chunk-signature=${await chunkSignature(piece)}\r\n`), piece, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`0;chunk-signature=${await chunkSignature(Buffer.alloc(0))}\r\n`));
  if (trailers) {
    const lines = Object.entries(trailers).map(([k, v]) => `${k}:${v}\n`).join('');
    const toSign = ['AWS4-HMAC-SHA256-TRAILER', amzDate, scope, previous, sha(lines)].join('\n');
    const trailerSig = await signer.sign(toSign, { signingDate: T0 });
    parts.push(Buffer.from(Object.entries(trailers).map(([k, v]) => `${k}:${v}\r\n`).join('') + `x-amz-trailer-signature:${trailerSig}\r\n`));
  }
  parts.push(Buffer.from('\r\n'));
  return { req: { method: 'PUT', path: '/bucket/key', rawQuery: '', headers }, body: Buffer.concat(parts) };
}

/** Feeds `body` in pieces of the given sizes (cycled) and collects what comes out. */
async function decode(decoder: NodeJS.ReadWriteStream, body: Buffer, pieces: number[] = [body.length || 1]): Promise<Buffer> {
  const slices: Buffer[] = [];
  for (let off = 0, i = 0; off < body.length; i++) {
    const n = pieces[i % pieces.length]!;
    slices.push(body.subarray(off, off + n));
    off += n;
  }
  const out: Buffer[] = [];
  await pipeline(
    Readable.from(slices),
    decoder,
    new Writable({
      write(chunk: Buffer, _e, done) {
        out.push(chunk);
        done();
      },
    }),
  );
  return Buffer.concat(out);
}

async function decoderFor(upload: SignedUpload) {
  const parsed = parseSignature(upload.req, T0);
  const verified = verifySignature(parsed, CRED, upload.req);
  return createBodyDecoder(verified, upload.req.headers);
}

async function rejection(p: Promise<unknown>): Promise<ServiceError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof ServiceError) return err;
    throw err;
  }
  throw new Error('expected a ServiceError');
}

describe('signed aws-chunked bodies (STREAMING-AWS4-HMAC-SHA256-PAYLOAD)', () => {
  const data = randomBytes(200_000);

  it.each([
    ['whole', [Number.MAX_SAFE_INTEGER]],
    ['1-byte pieces', [1]],
    ['odd pieces that split CRLFs and headers', [7, 1, 13, 2, 64 * 1024 + 3]],
  ])('decodes and verifies every chunk fed as %s', async (_name, pieces) => {
    const upload = await signedUpload(data.subarray(0, pieces[0] === 1 ? 3_000 : data.length), 1024 * 8);
    const expected = data.subarray(0, pieces[0] === 1 ? 3_000 : data.length);
    const decoder = await decoderFor(upload);
    expect(decoder).toBeInstanceOf(AwsChunkedDecoder);
    const out = await decode(decoder, upload.body, pieces);
    expect(out.equals(expected)).toBe(true);
    expect((decoder as AwsChunkedDecoder).decodedBytes).toBe(expected.length);
  });

  it('an empty body (only the final chunk)', async () => {
    const upload = await signedUpload(Buffer.alloc(0), 1024);
    expect((await decode(await decoderFor(upload), upload.body)).length).toBe(0);
  });

  it('a changed byte in a chunk → SignatureDoesNotMatch', async () => {
    const upload = await signedUpload(data, 64 * 1024);
    const body = Buffer.from(upload.body);
    body[500] = body[500]! ^ 1; // inside the first chunk's data (its header line is ~90 bytes)
    const err = await rejection(decode(await decoderFor(upload), body));
    expect(err).toMatchObject({ code: 'SignatureDoesNotMatch', httpStatus: 403 });
  });

  it('chunks swapped → SignatureDoesNotMatch (signatures are chained)', async () => {
    const a = await signedUpload(Buffer.from('A'.repeat(100) + 'B'.repeat(100)), 100);
    const text = a.body.toString('latin1');
    const [first, second, ...rest] = text.split(/(?<=\r\n)(?=[0-9a-f]+;chunk-signature=)/);
    const swapped = Buffer.from([second, first, ...rest].join(''), 'latin1');
    expect((await rejection(decode(await decoderFor(a), swapped))).code).toBe('SignatureDoesNotMatch');
  });

  it('a truncated body → IncompleteBody', async () => {
    const upload = await signedUpload(data, 64 * 1024);
    const err = await rejection(decode(await decoderFor(upload), upload.body.subarray(0, 100_000)));
    expect(err).toMatchObject({ code: 'IncompleteBody', httpStatus: 400 });
  });

  it('a decoded length other than x-amz-decoded-content-length → IncompleteBody', async () => {
    const upload = await signedUpload(Buffer.from('hello'), 1024);
    upload.req.headers['x-amz-decoded-content-length'] = '6';
    // The header is signed, so a tampered value fails the signature itself.
    expect(() => verifySignature(parseSignature(upload.req, T0), CRED, upload.req)).toThrow(ServiceError);
    const decoder = new AwsChunkedDecoder({ mode: 'unsigned-trailer', decodedContentLength: 6 });
    expect((await rejection(decode(decoder, Buffer.from('5\r\nhello\r\n0\r\n\r\n')))).code).toBe('IncompleteBody');
    const over = new AwsChunkedDecoder({ mode: 'unsigned-trailer', decodedContentLength: 4 });
    expect((await rejection(decode(over, Buffer.from('5\r\nhello\r\n0\r\n\r\n')))).code).toBe('IncompleteBody');
  });

  it.each([
    ['a non-hex size', 'zz;chunk-signature=00\r\n'],
    ['a missing chunk signature', '5\r\nhello\r\n'],
    ['a chunk longer than declared', null],
    ['an endless header line', 'f'.repeat(10_000)],
  ])('malformed framing: %s → a ServiceError', async (name, raw) => {
    const upload = await signedUpload(Buffer.from('hello'), 1024);
    const body = raw ?? upload.body.toString('latin1').replace('hello\r\n', 'hello!!\r\n');
    const err = await rejection(decode(await decoderFor(upload), Buffer.from(body, 'latin1')));
    expect(['InvalidRequest', 'SignatureDoesNotMatch', 'IncompleteBody']).toContain(err.code);
    if (name === 'a non-hex size') expect(err.message).toBe("The aws-chunked request body is malformed: invalid chunk size 'zz'.");
  });

  it('signed trailers (STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER) are verified and exposed', async () => {
    const payload = Buffer.from('trailer test data');
    const crc = zlib.crc32(payload);
    const b64 = Buffer.from([crc >>> 24, (crc >>> 16) & 255, (crc >>> 8) & 255, crc & 255]).toString('base64');
    const upload = await signedUpload(payload, 8, { 'x-amz-checksum-crc32': b64 });
    const decoder = (await decoderFor(upload)) as AwsChunkedDecoder;
    expect((await decode(decoder, upload.body, [5])).toString()).toBe('trailer test data');
    expect(decoder.trailers).toEqual({ 'x-amz-checksum-crc32': b64 });

    const forged = Buffer.from(upload.body.toString('latin1').replace(b64, 'AAAAAA=='), 'latin1');
    expect((await rejection(decode(await decoderFor(upload), forged))).code).toBe('SignatureDoesNotMatch');
  });
});

describe('unsigned aws-chunked bodies with trailers (STREAMING-UNSIGNED-PAYLOAD-TRAILER)', () => {
  it('decodes, exposing the checksum trailers', async () => {
    const decoder = new AwsChunkedDecoder({ mode: 'unsigned-trailer', decodedContentLength: 11 });
    const body = Buffer.from('6\r\nhello \r\n5\r\nworld\r\n0\r\nx-amz-checksum-sha256:abc=\r\nx-amz-checksum-crc64nvme:def=\r\n\r\n');
    expect((await decode(decoder, body, [3])).toString()).toBe('hello world');
    expect(decoder.trailers).toEqual({ 'x-amz-checksum-sha256': 'abc=', 'x-amz-checksum-crc64nvme': 'def=' });
  });
  it('a body that ends right after the last chunk (no trailer) is complete', async () => {
    const decoder = new AwsChunkedDecoder({ mode: 'unsigned-trailer' });
    expect((await decode(decoder, Buffer.from('3\r\nabc\r\n0\r\n'))).toString()).toBe('abc');
  });
  it('bytes after the end → InvalidRequest', async () => {
    const decoder = new AwsChunkedDecoder({ mode: 'unsigned-trailer' });
    expect((await rejection(decode(decoder, Buffer.from('3\r\nabc\r\n0\r\n\r\nextra')))).code).toBe('InvalidRequest');
  });
});

describe('createBodyDecoder for plain payloads', () => {
  it('a hex x-amz-content-sha256 is checked as the body streams', async () => {
    const signed = await signer.sign(
      { method: 'PUT', protocol: 'http:', hostname: 'localhost', path: '/b/k', query: {}, headers: { host: 'localhost' }, body: 'the body' },
      { signingDate: T0 },
    );
    const req: SigV4Request = { method: 'PUT', path: '/b/k', rawQuery: '', headers: Object.fromEntries(Object.entries(signed.headers).map(([k, v]) => [k.toLowerCase(), v])) };
    const verified = verifySignature(parseSignature(req, T0), CRED, req);
    expect((await decode(createBodyDecoder(verified, req.headers), Buffer.from('the body'), [3])).toString()).toBe('the body');
    const err = await rejection(decode(createBodyDecoder(verified, req.headers), Buffer.from('another body')));
    expect(err).toMatchObject({ code: 'XAmzContentSHA256Mismatch', fields: { ClientComputedContentSHA256: sha('the body'), S3ComputedContentSHA256: sha('another body') } });
  });
});
