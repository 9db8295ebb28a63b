// Decoding of `Content-Encoding: aws-chunked` request bodies (S3 uploads), streaming: chunk data is passed on as it
// arrives and only chunk headers and trailer lines are held (each bounded), so a 5 GiB upload needs no 5 GiB buffer.
//
//   signed (STREAMING-AWS4-HMAC-SHA256-PAYLOAD[-TRAILER]):
//     <hex size>;chunk-signature=<sig>\r\n<data>\r\n … 0;chunk-signature=<sig>\r\n[<trailer>:<value>\r\n…
//     x-amz-trailer-signature:<sig>\r\n]\r\n
//     each chunk signature = HMAC(signingKey, "AWS4-HMAC-SHA256-PAYLOAD\n<date>\n<scope>\n<previous sig>\n
//     <sha256("")>\n<sha256(data)>"), chained from the request's seed signature; the trailer signature signs
//     "AWS4-HMAC-SHA256-TRAILER\n<date>\n<scope>\n<previous sig>\n<sha256(trailer lines)>".
//   unsigned with trailer (STREAMING-UNSIGNED-PAYLOAD-TRAILER, what the JS SDK sends for stream bodies):
//     <hex size>\r\n<data>\r\n … 0\r\n<x-amz-checksum-crc32>:<base64>\r\n\r\n
//
// A chunk's data is forwarded before its signature can be checked (the signature covers the whole chunk); a bad
// signature destroys the stream with SignatureDoesNotMatch, so a consumer must treat an errored body as void (the
// storage layer writes to a temporary object and renames on success). Trailing checksums are exposed in
// `trailers`; checking them against the data is the caller's (it knows which algorithms it computes).
import { createHash } from 'node:crypto';
import { PassThrough, Transform, type TransformCallback } from 'node:stream';
import { ServiceError } from '../../common/errors.js';
import {
  EMPTY_SHA256,
  STREAMING_SIGNED_PAYLOAD,
  STREAMING_SIGNED_PAYLOAD_TRAILER,
  STREAMING_UNSIGNED_PAYLOAD_TRAILER,
  UNSIGNED_PAYLOAD,
  headerValue,
  sha256Hex,
  signHex,
  type HeaderBag,
} from './canonical.js';
import { authErrors } from './errors.js';
import { createPayloadHashCheck } from './payload.js';
import type { VerifiedSignature } from './verify.js';

export type ChunkedMode = 'signed' | 'signed-trailer' | 'unsigned-trailer';

export interface ChunkSigning {
  signingKey: Uint8Array;
  seedSignature: string;
  amzDate: string;
  scope: string;
}

export interface ChunkedDecoderOptions {
  mode: ChunkedMode;
  /** Required for the signed modes. */
  signing?: ChunkSigning;
  /** x-amz-decoded-content-length: the decoded size must equal it. */
  decodedContentLength?: number;
  /** Longest chunk header line accepted (size + extensions). */
  maxHeaderLineBytes?: number;
  /** Most bytes of trailer lines accepted in total. */
  maxTrailerBytes?: number;
}

const CRLF = Buffer.from('\r\n');

export const chunkedErrors = {
  incompleteBody: () => new ServiceError('IncompleteBody', 'The request body terminated unexpectedly', 400),
  lengthMismatch: (declared: number, actual: number) =>
    new ServiceError(
      'IncompleteBody',
      `You did not provide the number of bytes specified by the x-amz-decoded-content-length HTTP header (${declared} declared, ${actual} sent).`,
      400,
    ),
  malformed: (detail: string) => new ServiceError('InvalidRequest', `The aws-chunked request body is malformed: ${detail}.`, 400),
  badChunkSignature: () => authErrors('s3').signatureDoesNotMatch(),
};

type State = 'header' | 'data' | 'data-crlf' | 'trailer' | 'done';

/** Decodes one aws-chunked body. `trailers` (lower-case names) is complete once the stream has ended. */
export class AwsChunkedDecoder extends Transform {
  readonly trailers: Record<string, string> = {};
  /** Decoded bytes passed on so far. */
  decodedBytes = 0;
  private state: State = 'header';
  private line = Buffer.alloc(0);
  private remaining = 0;
  private chunkHash = createHash('sha256');
  private expectedChunkSignature: string | undefined;
  private previousSignature: string;
  private trailerLines: string[] = [];
  private trailerBytes = 0;
  private trailerSignatureChecked = false;
  private readonly signed: boolean;
  private readonly maxHeaderLine: number;
  private readonly maxTrailer: number;

  constructor(private readonly options: ChunkedDecoderOptions) {
    super();
    this.signed = options.mode !== 'unsigned-trailer';
    if (this.signed && !options.signing) throw new TypeError('AwsChunkedDecoder: signing is required for signed aws-chunked bodies');
    this.previousSignature = options.signing?.seedSignature ?? '';
    this.maxHeaderLine = options.maxHeaderLineBytes ?? 4096;
    this.maxTrailer = options.maxTrailerBytes ?? 16 * 1024;
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    try {
      this.consume(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
      done();
    } catch (err) {
      done(err as Error);
    }
  }

  override _flush(done: TransformCallback): void {
    // The JS SDK ends a body without checksum right after the last chunk's "0\r\n"; tolerated when nothing is half-read.
    if (this.state === 'trailer' && this.line.length === 0) this.finishTrailer();
    if (this.state !== 'done') return done(chunkedErrors.incompleteBody());
    const declared = this.options.decodedContentLength;
    if (declared !== undefined && declared !== this.decodedBytes) return done(chunkedErrors.lengthMismatch(declared, this.decodedBytes));
    done();
  }

  private consume(buf: Buffer): void {
    let offset = 0;
    while (offset < buf.length) {
      switch (this.state) {
        case 'header':
        case 'trailer': {
          const nl = this.takeLine(buf, offset);
          offset = nl.offset;
          if (nl.line === undefined) break;
          if (this.state === 'header') this.onHeaderLine(nl.line);
          else this.onTrailerLine(nl.line);
          break;
        }
        case 'data': {
          const n = Math.min(this.remaining, buf.length - offset);
          const piece = buf.subarray(offset, offset + n);
          if (this.signed) this.chunkHash.update(piece);
          this.decodedBytes += n;
          const declared = this.options.decodedContentLength;
          if (declared !== undefined && this.decodedBytes > declared) throw chunkedErrors.lengthMismatch(declared, this.decodedBytes);
          this.push(piece);
          this.remaining -= n;
          offset += n;
          if (this.remaining === 0) this.state = 'data-crlf';
          break;
        }
        case 'data-crlf': {
          const nl = this.takeLine(buf, offset);
          offset = nl.offset;
          if (nl.line === undefined) break;
          if (nl.line.length !== 0) throw chunkedErrors.malformed('chunk data is longer than its declared size');
          this.closeChunk();
          this.state = 'header';
          break;
        }
        case 'done': {
          // Only blank lines may follow the end of the body.
          const rest = buf.subarray(offset);
          if (rest.some((b) => b !== 0x0d && b !== 0x0a)) throw chunkedErrors.malformed('data after the final chunk');
          offset = buf.length;
          break;
        }
      }
    }
  }

  /** Accumulates up to CRLF; returns the line (without CRLF) once complete. */
  private takeLine(buf: Buffer, offset: number): { line?: Buffer; offset: number } {
    const limit = this.state === 'trailer' ? this.maxTrailer - this.trailerBytes : this.maxHeaderLine;
    const searchFrom = this.line.length > 0 && this.line[this.line.length - 1] === 0x0d && buf[offset] === 0x0a ? -1 : undefined;
    if (searchFrom === -1) {
      const line = this.line.subarray(0, this.line.length - 1);
      this.line = Buffer.alloc(0);
      return { line, offset: offset + 1 };
    }
    const idx = buf.indexOf(CRLF, offset);
    if (idx < 0) {
      this.line = Buffer.concat([this.line, buf.subarray(offset)]);
      if (this.line.length > limit) throw chunkedErrors.malformed(this.state === 'trailer' ? 'trailer too long' : 'chunk header line too long');
      return { offset: buf.length };
    }
    const line = this.line.length > 0 ? Buffer.concat([this.line, buf.subarray(offset, idx)]) : buf.subarray(offset, idx);
    this.line = Buffer.alloc(0);
    if (line.length > limit) throw chunkedErrors.malformed(this.state === 'trailer' ? 'trailer too long' : 'chunk header line too long');
    return { line, offset: idx + 2 };
  }

  private onHeaderLine(raw: Buffer): void {
    const text = raw.toString('latin1');
    const [sizeText, ...extensions] = text.split(';');
    if (!sizeText || !/^[0-9a-fA-F]{1,12}$/.test(sizeText.trim())) throw chunkedErrors.malformed(`invalid chunk size '${sizeText ?? ''}'`);
    const size = parseInt(sizeText.trim(), 16);
    let signature: string | undefined;
    for (const ext of extensions) {
      const eq = ext.indexOf('=');
      if (eq > 0 && ext.slice(0, eq).trim() === 'chunk-signature') signature = ext.slice(eq + 1).trim();
    }
    if (this.signed) {
      if (signature === undefined) throw chunkedErrors.malformed('missing chunk-signature');
      this.expectedChunkSignature = signature;
    }
    this.chunkHash = createHash('sha256');
    if (size > 0) {
      this.remaining = size;
      this.state = 'data';
    } else {
      this.closeChunk(EMPTY_SHA256);
      this.state = 'trailer';
    }
  }

  /** Checks the chunk signature just completed (signed modes). */
  private closeChunk(dataHash?: string): void {
    if (!this.signed) return;
    const signing = this.options.signing!;
    const hash = dataHash ?? this.chunkHash.digest('hex');
    const toSign = `AWS4-HMAC-SHA256-PAYLOAD\n${signing.amzDate}\n${signing.scope}\n${this.previousSignature}\n${EMPTY_SHA256}\n${hash}`;
    const computed = signHex(signing.signingKey, toSign);
    if (computed !== this.expectedChunkSignature) throw chunkedErrors.badChunkSignature();
    this.previousSignature = computed;
  }

  private onTrailerLine(raw: Buffer): void {
    this.trailerBytes += raw.length + 2;
    if (this.trailerBytes > this.maxTrailer) throw chunkedErrors.malformed('trailer too long');
    if (raw.length === 0) return this.finishTrailer();
    if (this.options.mode === 'signed') throw chunkedErrors.malformed('trailer lines in a body without x-amz-trailer');
    if (this.trailerSignatureChecked) throw chunkedErrors.malformed('trailer line after x-amz-trailer-signature');
    const text = raw.toString('utf8');
    const colon = text.indexOf(':');
    if (colon <= 0) throw chunkedErrors.malformed(`invalid trailer line '${text.slice(0, 64)}'`);
    const name = text.slice(0, colon).trim().toLowerCase();
    const value = text.slice(colon + 1).trim();
    if (name === 'x-amz-trailer-signature') {
      this.checkTrailerSignature(value);
      return;
    }
    this.trailers[name] = value;
    this.trailerLines.push(`${name}:${value}`);
  }

  private checkTrailerSignature(signature: string): void {
    if (this.options.mode !== 'signed-trailer') throw chunkedErrors.malformed('unexpected x-amz-trailer-signature');
    const signing = this.options.signing!;
    const canonicalTrailer = this.trailerLines.map((l) => `${l}\n`).join('');
    const toSign = `AWS4-HMAC-SHA256-TRAILER\n${signing.amzDate}\n${signing.scope}\n${this.previousSignature}\n${sha256Hex(canonicalTrailer)}`;
    if (signHex(signing.signingKey, toSign) !== signature) throw chunkedErrors.badChunkSignature();
    this.trailerSignatureChecked = true;
  }

  private finishTrailer(): void {
    if (this.options.mode === 'signed-trailer' && this.trailerLines.length > 0 && !this.trailerSignatureChecked) {
      throw chunkedErrors.malformed('missing x-amz-trailer-signature');
    }
    this.state = 'done';
  }
}

/** The decoder for a signed `STREAMING-*` payload, or undefined when the payload is not aws-chunked. */
export function chunkedModeOf(payloadHash: string): ChunkedMode | undefined {
  switch (payloadHash) {
    case STREAMING_SIGNED_PAYLOAD:
      return 'signed';
    case STREAMING_SIGNED_PAYLOAD_TRAILER:
      return 'signed-trailer';
    case STREAMING_UNSIGNED_PAYLOAD_TRAILER:
      return 'unsigned-trailer';
    default:
      return undefined;
  }
}

/**
 * The stream an S3 request body must be piped through after verifySignature: the aws-chunked decoder, a SHA-256 check
 * for a hex x-amz-content-sha256, or a pass-through for UNSIGNED-PAYLOAD.
 */
export function createBodyDecoder(verified: VerifiedSignature, headers: HeaderBag): Transform {
  const mode = chunkedModeOf(verified.payloadHash);
  if (mode) {
    const declared = headerValue(headers, 'x-amz-decoded-content-length');
    const decodedContentLength = declared !== undefined && /^\d+$/.test(declared.trim()) ? Number(declared) : undefined;
    return new AwsChunkedDecoder({
      mode,
      ...(decodedContentLength !== undefined ? { decodedContentLength } : {}),
      ...(mode !== 'unsigned-trailer'
        ? { signing: { signingKey: verified.signingKey, seedSignature: verified.seedSignature, amzDate: verified.amzDate, scope: verified.scope } }
        : {}),
    });
  }
  if (/^[0-9a-f]{64}$/.test(verified.payloadHash)) return createPayloadHashCheck(verified.payloadHash, verified.dialect);
  if (verified.payloadHash === UNSIGNED_PAYLOAD) return new PassThrough();
  throw authErrors(verified.dialect).invalidContentSha256();
}
