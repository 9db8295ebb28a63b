/**
 * The string of a chunk of valid UTF-8 whose characters are all at most U+00FF, made from its Latin-1 bytes
 * (the native csv-split addon's `latin1`) instead of by V8's UTF-8 decoder: the decode was the largest cost of a CSV
 * scan outside the engine (~23 instructions a byte), the addon's pass plus a Latin-1 copy a few. V8 keeps such text
 * one-byte either way, so the string is the same. Undefined when the addon is not there (SIFT_NATIVE=0) or the bytes
 * hold anything else: the caller decodes them as before.
 */
import { csvSplitPass, type Latin1Pass } from './native/csv-split.js';

let native: Latin1Pass | null | undefined;
/** The Latin-1 output, one per thread (read back at once): a chunk's length at least. */
let scratch = Buffer.alloc(0);
/** Longer bytes are decoded as before: the output is kept, and a whole body in one chunk would keep its size. */
export const LATIN1_MAX_BYTES = 1 << 18;

/**
 * The last string latin1Text made and its Latin-1 bytes (a view of `scratch`): both set together, and cleared before
 * `scratch` is written again, so the bytes are always that string's.
 */
let lastText: string | undefined;
let lastBytes: Uint8Array = scratch;

export function latin1Text(bytes: Uint8Array): string | undefined {
  // An addon built before latin1 existed (a stale build/) has none: decode as before rather than fail.
  native ??= typeof csvSplitPass()?.latin1 === 'function' ? csvSplitPass()! : null;
  if (native === null || bytes.length > LATIN1_MAX_BYTES) return undefined;
  lastText = undefined;
  if (scratch.length < bytes.length) scratch = Buffer.allocUnsafeSlow(Math.max(bytes.length, 2 * scratch.length, 1 << 16));
  const n = native.latin1(bytes, scratch);
  if (n < 0) return undefined;
  lastText = scratch.toString('latin1', 0, n);
  lastBytes = scratch.subarray(0, n);
  return lastText;
}

/**
 * `text`'s Latin-1 bytes when it is the string latin1Text made last (the CSV reader's native pass reads them instead
 * of writing the string back to bytes), else undefined. Valid until the next latin1Text call: read them at once.
 */
export function latin1BytesOf(text: string): Uint8Array | undefined {
  return text === lastText ? lastBytes : undefined;
}
