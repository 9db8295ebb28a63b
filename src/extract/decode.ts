/**
 * Turns bytes into text for the text-based readers: BOM detection (UTF-8, UTF-16 LE/BE), a BOM-less UTF-16 guess
 * from the NUL pattern, and a streaming decoder that never holds more than one chunk.
 */
import { isAscii, isUtf8 } from 'node:buffer';
import { TextDecoder } from 'node:util';
import { bytesOf } from './bytes.js';
import { latin1Text } from './latin1-text.js';
import type { ByteSource } from './types.js';

export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be';

/** The encoding of a text stream from its first bytes. */
export function detectEncoding(head: Uint8Array): TextEncodingName {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8';
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  // Without a BOM, ASCII-range UTF-16 has NULs on every other byte.
  const n = Math.min(head.length, 512) & ~1;
  // No NUL among them (most heads; found natively): neither count below could pass.
  const firstNul = head.indexOf(0);
  if (firstNul === -1 || firstNul >= n) return 'utf-8';
  if (n >= 4) {
    let evenNul = 0;
    let oddNul = 0;
    for (let i = 0; i < n; i += 2) {
      if (head[i] === 0) evenNul++;
      if (head[i + 1] === 0) oddNul++;
    }
    const pairs = n / 2;
    if (oddNul > pairs * 0.6 && evenNul < pairs * 0.1) return 'utf-16le';
    if (evenNul > pairs * 0.6 && oddNul < pairs * 0.1) return 'utf-16be';
  }
  return 'utf-8';
}

/** Whether the first bytes look like text (after the UTF-16 guess): no NULs and few invalid UTF-8 sequences. */
export function looksLikeText(head: Uint8Array): boolean {
  if (head.length === 0) return true;
  const encoding = detectEncoding(head);
  if (encoding !== 'utf-8') return true;
  if (head.indexOf(0) !== -1) return false;
  if (countControls(head) > head.length * 0.05) return false;
  // ASCII is valid UTF-8: no need to decode it to count invalid sequences (most heads, a TextDecoder each).
  if (isAscii(head)) return true;
  // Trim a possibly cut multi-byte sequence at the end before judging validity.
  let end = head.length;
  for (let back = 1; back <= 3 && end - back >= 0; back++) {
    const b = head[end - back];
    if ((b & 0xc0) === 0xc0) {
      end -= back;
      break;
    }
    if ((b & 0x80) === 0) break;
  }
  const body = head.subarray(0, end);
  // Valid UTF-8 (most non-ASCII heads) decodes with no replacement characters but the U+FFFD it spells (EF BF BD):
  // two or fewer of those pass whatever the length, without decoding (a TextDecoder each, then a loop over its text).
  if (isUtf8(body) && replacementsIn(body) <= 2) return true;
  const decoded = new TextDecoder('utf-8').decode(body);
  let bad = 0;
  for (let i = 0; i < decoded.length; i++) if (decoded.charCodeAt(i) === 0xfffd) bad++;
  return bad <= Math.max(2, decoded.length * 0.02);
}

const REPLACEMENT_UTF8 = Buffer.from([0xef, 0xbf, 0xbd]);

/** How many U+FFFD a valid UTF-8 text spells, counted up to 3. */
function replacementsIn(bytes: Uint8Array): number {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  let count = 0;
  for (let at = buffer.indexOf(REPLACEMENT_UTF8); at !== -1 && count < 3; at = buffer.indexOf(REPLACEMENT_UTF8, at + 3)) count++;
  return count;
}

/** C0 controls other than TAB, LF, VT, FF, CR, ESC (and NUL, refused before they are counted): rare in text. */
const CONTROLS = /[\x01-\x08\x0e-\x1a\x1c-\x1f]/g;

/**
 * How many bytes of `head` are CONTROLS, counted by the regex engine over its Latin-1 reading (a character per byte):
 * a loop over 4 KiB in JavaScript ran interpreted for much of a scan (~15 ms of a 1,100-file text scan's sniffing).
 */
function countControls(head: Uint8Array): number {
  const found = Buffer.from(head.buffer, head.byteOffset, head.length).toString('latin1').match(CONTROLS);
  return found === null ? 0 : found.length;
}

/**
 * Decodes a byte stream to string chunks (the BOM, if any, is dropped), exactly as one streaming TextDecoder would.
 * UTF-8 does not go through TextDecoder chunk by chunk: in Node 20 that is ICU's converter, which decodes into a
 * malloc'd UTF-16 buffer twice the chunk's size and copies it into a two-byte string (two fresh mappings, a page fault
 * per 4 KiB; a third of `sift scan`'s page faults on CSV with a name like "Müller" in each megabyte). A chunk's valid
 * part is read by V8's own UTF-8 decoder (`Buffer#toString`), as Latin-1 when pure ASCII, or, when all its characters
 * are at most U+00FF, from the native addon's Latin-1 reading of it (latin1-text.ts: the same one-byte string); a sequence cut by the chunk's end is held and completed from the next chunk's first bytes; only input
 * that is not valid UTF-8 goes through TextDecoder, a piece at a time, ending where the stream's decoder would be
 * between characters.
 *
 * `pieceBytes` decodes each chunk in pieces of at most that many bytes (readers that take text in any pieces: CSV,
 * JSON). A string over V8's regular object size (128 KiB) is a large object, mapped afresh and faulted in page by page
 * each time; pieces of 64 KiB are allocated in the young generation, whose pages are reused.
 */
/** Pieces for readers that take text in any pieces (decodeText's `pieceBytes`): young-generation strings. */
export const PIECE_BYTES = 1 << 16;

/**
 * Makes the string of a body of valid UTF-8 (`ascii`: all ASCII) without V8 allocating it (the scan path installs the
 * native addon's external strings: `detect`'s largeTextMaker). The string must equal what `Buffer#toString` gives.
 */
export type LargeTextMaker = (bytes: Uint8Array, ascii: boolean) => string;
let largeText: LargeTextMaker | undefined;

/**
 * Bodies at least this long (bytes) go to the LargeTextMaker: their string would be over V8's regular object size
 * (128 KiB with its header), a large object mapped and faulted in afresh each time and unmapped at the next GC. Shorter
 * ones stay V8 heap strings: young-generation memory is reused, and an external string's memory is freed only when a
 * GC finds it dead.
 */
export const LARGE_TEXT_BYTES = (128 << 10) - 32;

/** Installs (or, undefined, removes) the maker of large texts; returns the one it replaces. */
export function useLargeTextMaker(maker: LargeTextMaker | undefined): LargeTextMaker | undefined {
  const before = largeText;
  largeText = maker;
  return before;
}

export async function* decodeText(source: ByteSource, encoding?: TextEncodingName, pieceBytes = Infinity): AsyncGenerator<string> {
  const stream = new TextStream(encoding, pieceBytes);
  const texts: string[] = [];
  for await (const chunk of bytesOf(source)) {
    stream.push(chunk, texts);
    for (const text of texts) yield text;
    texts.length = 0;
  }
  const rest = stream.end();
  if (rest) yield rest;
}

/**
 * decodeText's work without its async step, for a reader that decodes in its own loop (the text reader): the texts of
 * each chunk as decodeText yields them, and the rest at the end.
 */
export class TextStream {
  private decoder: ChunkDecoder | undefined;
  /** The stream's first bytes while fewer than four have come (a BOM is looked for in four). */
  private head: Uint8Array | undefined;

  constructor(
    private readonly encoding: TextEncodingName | undefined,
    private readonly pieceBytes = Infinity,
  ) {}

  /** Appends the chunk's non-empty texts to `out`, each of at most `pieceBytes` bytes' decoding. */
  push(chunk: Uint8Array, out: string[]): void {
    const pieceBytes = this.pieceBytes;
    let decoder = this.decoder;
    if (!decoder) {
      // Need a few bytes to see a BOM; collect until we have 4 (or the stream ends).
      const first = this.head ? concat(this.head, chunk) : chunk;
      if (first.length < 4) {
        this.head = first;
        return;
      }
      this.head = undefined;
      decoder = this.decoder = chunkDecoder(this.encoding ?? detectEncoding(first));
      for (let at = 0; at < first.length; at += pieceBytes) {
        const text = decoder.decode(first.subarray(at, at + pieceBytes), at === 0);
        if (text) out.push(text);
      }
      return;
    }
    if (chunk.length <= pieceBytes) {
      const text = decoder.decode(chunk, false);
      if (text) out.push(text);
      return;
    }
    for (let at = 0; at < chunk.length; at += pieceBytes) {
      const text = decoder.decode(chunk.subarray(at, at + pieceBytes), false);
      if (text) out.push(text);
    }
  }

  /** What is left at the end of the stream: a cut sequence's decoding, or a stream of under four bytes ('' if none). */
  end(): string {
    if (this.decoder) return this.decoder.end();
    const head = this.head;
    this.head = undefined;
    return head ? new TextDecoder(this.encoding ?? detectEncoding(head)).decode(head) : '';
  }
}

interface ChunkDecoder {
  /** The text of a chunk; `first`: the stream's first bytes (a BOM there is dropped). */
  decode(bytes: Uint8Array, first: boolean): string;
  /** What a sequence cut at the stream's end decodes to. */
  end(): string;
}

function chunkDecoder(encoding: TextEncodingName): ChunkDecoder {
  if (encoding !== 'utf-8') {
    const decoder = new TextDecoder(encoding);
    return { decode: (bytes) => decoder.decode(bytes, { stream: true }), end: () => decoder.decode() };
  }
  return new Utf8ChunkDecoder();
}

/** The UTF-8 byte order mark. */
const isBom = (b: Uint8Array): boolean => b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf;

/**
 * UTF-8, chunk by chunk, as a streaming TextDecoder: the text of every chunk up to a sequence its end cuts, which is
 * held (`carry`) and decoded with the continuation bytes the next chunk starts with. Between such pieces the stream
 * decoder is between characters, so decoding piece by piece gives its text: valid UTF-8 has one reading, and invalid
 * bytes get TextDecoder's own replacement characters.
 */
class Utf8ChunkDecoder implements ChunkDecoder {
  private carry: Uint8Array | undefined;
  /** Never strips a BOM: the stream's own is dropped by `decode(…, true)`, and a U+FEFF later on is text. */
  private readonly fallback = new TextDecoder('utf-8', { ignoreBOM: true });

  decode(chunk: Uint8Array, first: boolean): string {
    let bytes = first && isBom(chunk) ? chunk.subarray(3) : chunk;
    let out = '';
    if (this.carry) {
      const carry = this.carry;
      const need = sequenceLength(carry[0]) - carry.length;
      let k = 0;
      while (k < need && k < bytes.length && (bytes[k] & 0xc0) === 0x80) k++;
      if (k === bytes.length && k < need) {
        // The whole chunk continues the sequence and it is still not complete.
        this.carry = concat(carry, bytes);
        return '';
      }
      this.carry = undefined;
      out = this.fallback.decode(concat(carry, bytes.subarray(0, k)));
      bytes = bytes.subarray(k);
    }
    const cut = bytes.length - cutSequence(bytes);
    if (cut < bytes.length) this.carry = bytes.slice(cut);
    const body = bytes.subarray(0, cut);
    const text = body.length === 0 ? '' : isAscii(body) ? latin1(body) : isUtf8(body) ? utf8(body) : this.fallback.decode(body);
    return out ? out + text : text;
  }

  end(): string {
    const carry = this.carry;
    this.carry = undefined;
    return carry ? this.fallback.decode(carry) : '';
  }
}

/** Bytes a sequence led by `lead` has (what a decoder waits for; invalid leads count as 4 and fail when read). */
function sequenceLength(lead: number): number {
  return lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : 2;
}

/**
 * How many bytes at the end of `bytes` are a multi-byte sequence cut short (a lead byte followed by fewer
 * continuation bytes than it announces), 0 if none.
 */
function cutSequence(bytes: Uint8Array): number {
  const n = bytes.length;
  for (let back = 1; back <= 4 && back <= n; back++) {
    const b = bytes[n - back];
    if ((b & 0xc0) === 0x80) continue;
    if (b < 0x80) return 0;
    return back < sequenceLength(b) ? back : 0;
  }
  return 0;
}

function utf8(bytes: Uint8Array): string {
  if (bytes.length >= LARGE_TEXT_BYTES && largeText !== undefined) return largeText(bytes, false);
  // Text of Latin-1 characters only (names like "Müller"): a Latin-1 copy, not V8's UTF-8 decode.
  const text = latin1Text(bytes);
  if (text !== undefined) return text;
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('utf8');
}

function latin1(bytes: Uint8Array): string {
  if (bytes.length >= LARGE_TEXT_BYTES && largeText !== undefined) return largeText(bytes, true);
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('latin1');
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
