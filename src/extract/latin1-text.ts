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

export function latin1Text(bytes: Uint8Array): string | undefined {
  // An addon built before latin1 existed (a stale build/) has none: decode as before rather than fail.
  native ??= typeof csvSplitPass()?.latin1 === 'function' ? csvSplitPass()! : null;
  if (native === null || bytes.length > LATIN1_MAX_BYTES) return undefined;
  if (scratch.length < bytes.length) scratch = Buffer.allocUnsafeSlow(Math.max(bytes.length, 2 * scratch.length, 1 << 16));
  const n = native.latin1(bytes, scratch);
  return n < 0 ? undefined : scratch.toString('latin1', 0, n);
}
