/**
 * The object cipher's native AES-256-GCM (src/storage/native/aead.c, built by `npm ci` through node-gyp into
 * build/Release/sift_aead.node, with the OpenSSL that Node.js carries): seals and opens the chunk format into buffers
 * the caller owns. When it is missing (a build without a compiler) or SIFT_NATIVE=0, object-cipher.ts uses
 * node:crypto for the same format; either opens what the other sealed.
 */
import { createRequire } from 'node:module';

export interface NativeAead {
  /** A handle for one data key and direction (the key schedule is kept; each chunk sets only its nonce). */
  context(key: Uint8Array, encrypt: boolean): unknown;
  /** Seals one chunk (its plaintext in `pieces`, in order) into `out` at `outOffset`: ciphertext, then the tag. Returns the bytes written. */
  seal(ctx: unknown, index: number, last: boolean, pieces: Uint8Array | Uint8Array[], out: Uint8Array, outOffset: number): number;
  /**
   * Opens one sealed chunk (`plainLength` bytes of ciphertext at `srcOffset`, its tag after them) into `out` at
   * `outOffset` (may be `src` at the same offset). False when it fails authentication (the output is then zeroed).
   */
  open(ctx: unknown, index: number, last: boolean, src: Uint8Array, srcOffset: number, plainLength: number, out: Uint8Array, outOffset: number): boolean;
  /** A running MD5 (a large object's ETag), updated on libuv's thread pool; `kinds`: CRCs computed beside it (CRC_KINDS). */
  md5(kinds?: number): unknown;
  /**
   * Hashes `pieces` after every earlier update, on the pool, reading them where they are; `done` runs once they
   * have been read (until then they are held and must not change). One update at a time per handle (else it throws).
   */
  md5Update(handle: unknown, pieces: Uint8Array[], done: (err?: Error) => void): void;
  /** The hex digest of everything updated (throws while an update is in flight); the handle is then spent. */
  md5Digest(handle: unknown): string;
  /** A CRC the handle was made to compute: its big-endian value (throws while an update is in flight). */
  md5Crc(handle: unknown, kind: number): Uint8Array;
  /** Continues a running CRC kept in `state` (9 bytes, all zero to start), on this thread. */
  crcUpdate(kind: number, state: Uint8Array, data: Uint8Array): void;
  /** The running CRC's big-endian value. */
  crcValue(kind: number, state: Uint8Array): Uint8Array;
}

/** The CRCs the addon computes (aead.c), by S3's algorithm name. */
export const CRC_KINDS: Readonly<Record<string, number>> = { crc32c: 1, crc64nvme: 2 };

let loaded: NativeAead | null | undefined;

/** The addon, or undefined when it is not built or is turned off (SIFT_NATIVE=0). Loaded once per process (thread). */
export function nativeAead(): NativeAead | undefined {
  if (loaded === undefined) {
    loaded = null;
    if (process.env.SIFT_NATIVE !== '0') {
      try {
        // src/storage and dist/storage are both two levels below the package root.
        loaded = createRequire(import.meta.url)('../../build/Release/sift_aead.node') as NativeAead;
      } catch {
        loaded = null;
      }
    }
  }
  return loaded ?? undefined;
}
