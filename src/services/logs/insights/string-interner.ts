/**
 * Short UTF-8 byte runs to strings, remembered: the values a query groups or filters by (event types, bucket names,
 * account ids) repeat across millions of events, and decoding each copy (Buffer#toString) costs more than reading
 * the whole event. A direct-mapped table keyed by a hash of the bytes keeps the last string seen in each slot; a slot
 * answers only when its bytes are equal, so a collision costs a decode, never a wrong value.
 */
const SLOTS = 4096;
/** Longer values are decoded each time (they rarely repeat and would crowd the table). */
const MAX_BYTES = 64;

/** FNV-1a. */
const HASH_SEED = 0x811c9dc5;
const hashStep = (h: number, byte: number): number => Math.imul(h ^ byte, 0x01000193);
/** The hash reads the length and at most this many bytes at each end: values that repeat differ there (names, ids). */
const SAMPLE = 6;

export class StringInterner {
  private readonly bytes = new Uint8Array(SLOTS * MAX_BYTES);
  private readonly lengths = new Int32Array(SLOTS).fill(-1);
  private readonly strings: string[] = new Array<string>(SLOTS).fill('');

  /** The string the UTF-8 bytes b[from, to) spell. */
  decode(b: Buffer, from: number, to: number): string {
    const len = to - from;
    if (len > MAX_BYTES) return b.toString('utf8', from, to);
    // A sampled hash: the slot's full comparison below keeps a collision from giving a wrong string.
    let h = hashStep(HASH_SEED, len);
    if (len <= 2 * SAMPLE) for (let i = from; i < to; i++) h = hashStep(h, b[i]);
    else {
      for (let i = from; i < from + SAMPLE; i++) h = hashStep(h, b[i]);
      for (let i = to - SAMPLE; i < to; i++) h = hashStep(h, b[i]);
    }
    return this.decodeHashed(b, from, to, h);
  }

  private decodeHashed(b: Buffer, from: number, to: number, h: number): string {
    const len = to - from;
    const slot = (h ^ (h >>> 15)) & (SLOTS - 1);
    const base = slot * MAX_BYTES;
    const bytes = this.bytes;
    if (this.lengths[slot] === len) {
      let same = true;
      for (let i = 0; i < len; i++) {
        if (bytes[base + i] !== b[from + i]) {
          same = false;
          break;
        }
      }
      if (same) return this.strings[slot];
    }
    const s = b.toString('utf8', from, to);
    for (let i = 0; i < len; i++) bytes[base + i] = b[from + i];
    this.lengths[slot] = len;
    this.strings[slot] = s;
    return s;
  }
}
