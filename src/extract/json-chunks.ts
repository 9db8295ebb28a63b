/**
 * The JSON readers' chunks (issue 12): the same text in the same pieces as `decodeText(source, encoding, pieceBytes)`,
 * but a piece that is valid UTF-8 is not decoded: it comes as its bytes and their Latin-1 reading (a one-byte string,
 * a character per byte, made by a copy), and the tokenizer's byte mode reads it (json-tokenizer.ts: the native pass on
 * the bytes, ASCII text sliced from the Latin-1 string, text with a byte >= 0x80 decoded where it is handed on). The
 * chunk's UTF-8 decode was ~6% of a JSON scan's instructions. Anything else (UTF-16, invalid UTF-8, a stream shorter
 * than four bytes) is decoded as decodeText does and read as text.
 *
 * Pieces and their texts are decodeText's exactly (the tokenizer's events depend on where its parts end): the head
 * gathered to four bytes, a BOM dropped from the first piece only, each chunk cut into pieces of at most `pieceBytes`,
 * and a UTF-8 sequence cut by a piece's end carried into the next piece (byte mode: the carried bytes and their
 * continuation are joined to the piece's body; decoded, they are the first characters of the piece's text).
 */
import { isUtf8 } from 'node:buffer';
import { TextDecoder } from 'node:util';
import { bytesOf, concatBytes } from './bytes.js';
import { decodeText, detectEncoding, type TextEncodingName } from './decode.js';
import type { ByteSource } from './types.js';

/** A piece of a JSON file: `text`, and in byte mode the valid UTF-8 `bytes` whose Latin-1 reading `text` is. */
export interface JsonChunk {
  text: string;
  bytes: Uint8Array | undefined;
}

/** decodeText's pieces, valid UTF-8 ones undecoded (see above). */
export async function* jsonChunks(source: ByteSource, encoding: TextEncodingName | undefined, pieceBytes: number): AsyncGenerator<JsonChunk> {
  const chunks = bytesOf(source)[Symbol.asyncIterator]();
  // The head as decodeText gathers it, to see its encoding.
  const head: Uint8Array[] = [];
  let headBytes = 0;
  while (headBytes < 4) {
    const next = await chunks.next();
    if (next.done) break;
    head.push(next.value);
    headBytes += next.value.length;
  }
  const joined = concatBytes(head, headBytes);
  if ((encoding ?? detectEncoding(joined)) !== 'utf-8' || headBytes < 4) {
    // Not UTF-8, or too short for decodeText's own path: decodeText reads the same chunks from the start.
    for await (const text of decodeText(replay(head, chunks), encoding, pieceBytes)) yield { text, bytes: undefined };
    return;
  }
  const decoder = new Utf8Pieces();
  for (let at = 0; at < joined.length; at += pieceBytes) {
    const piece = decoder.piece(joined.subarray(at, at + pieceBytes), at === 0);
    if (piece) yield piece;
  }
  for (;;) {
    const next = await chunks.next();
    if (next.done) break;
    const chunk = next.value;
    for (let at = 0; at < chunk.length; at += pieceBytes) {
      const piece = decoder.piece(at === 0 && chunk.length <= pieceBytes ? chunk : chunk.subarray(at, at + pieceBytes), false);
      if (piece) yield piece;
    }
  }
  const rest = decoder.end();
  if (rest) yield { text: rest, bytes: undefined };
}

/** The chunks already taken, then the rest. */
async function* replay(taken: Uint8Array[], rest: AsyncIterator<Uint8Array>): AsyncGenerator<Uint8Array> {
  yield* taken;
  for (let next = await rest.next(); !next.done; next = await rest.next()) yield next.value;
}

/**
 * UTF-8 pieces as decode.ts' Utf8ChunkDecoder cuts them (a sequence cut by a piece's end carried to the next), each
 * in byte mode when its bytes are valid UTF-8.
 */
class Utf8Pieces {
  private carry: Uint8Array | undefined;
  private readonly fallback = new TextDecoder('utf-8', { ignoreBOM: true });

  piece(chunk: Uint8Array, first: boolean): JsonChunk | undefined {
    let bytes = first && chunk.length >= 3 && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf ? chunk.subarray(3) : chunk;
    let lead: Uint8Array | undefined;
    const carry = this.carry;
    if (carry !== undefined) {
      // The carried sequence takes the continuation bytes it still needs; all of a piece too short to complete it.
      const missing = sequenceLength(carry[0]) - carry.length;
      const taken = continuationBytes(bytes, missing);
      const joined = concatBytes([carry, bytes.subarray(0, taken)], carry.length + taken);
      if (taken === bytes.length && taken < missing) {
        this.carry = joined;
        return undefined;
      }
      this.carry = undefined;
      lead = joined;
      bytes = bytes.subarray(taken);
    }
    const cut = completeEnd(bytes);
    if (cut < bytes.length) this.carry = bytes.slice(cut);
    const body = bytes.subarray(0, cut);
    if (lead === undefined) {
      if (body.length === 0) return undefined;
      if (isUtf8(body)) return { text: latin1(body), bytes: body };
      return { text: this.fallback.decode(body), bytes: undefined };
    }
    const whole = concatBytes([lead, body], lead.length + body.length);
    if (isUtf8(whole)) return { text: latin1(whole), bytes: whole };
    // The carried sequence or the body is not valid UTF-8: decoded as decode.ts does, each on its own.
    const text = this.fallback.decode(lead) + (body.length === 0 ? '' : isUtf8(body) ? utf8(body) : this.fallback.decode(body));
    return text ? { text, bytes: undefined } : undefined;
  }

  end(): string {
    const carry = this.carry;
    this.carry = undefined;
    return carry ? this.fallback.decode(carry) : '';
  }
}

const view = (bytes: Uint8Array): Buffer => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
const latin1 = (bytes: Uint8Array): string => view(bytes).toString('latin1');
const utf8 = (bytes: Uint8Array): string => view(bytes).toString('utf8');

/** Bytes a sequence led by `lead` has (invalid leads count as 4 and fail when read), as decode.ts counts them. */
const sequenceLength = (lead: number): number => (lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : 2);

/** How many of the first `max` bytes are continuation bytes, up to the first that is not. */
function continuationBytes(bytes: Uint8Array, max: number): number {
  const n = Math.min(max, bytes.length);
  for (let k = 0; k < n; k++) if ((bytes[k] & 0xc0) !== 0x80) return k;
  return n;
}

/**
 * Where a multi-byte sequence cut short by the end of `bytes` begins, or bytes.length when none is (decode.ts's cut:
 * a lead byte among the last four followed only by fewer continuation bytes than it announces).
 */
function completeEnd(bytes: Uint8Array): number {
  const n = bytes.length;
  const stop = Math.max(0, n - 4);
  let k = n - 1;
  while (k >= stop && (bytes[k] & 0xc0) === 0x80) k--;
  return k < stop || bytes[k] < 0x80 || n - k >= sequenceLength(bytes[k]) ? n : k;
}
