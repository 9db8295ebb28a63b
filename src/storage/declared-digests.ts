// Digests a body's sender declared (S3's Content-MD5, x-amz-checksum-crc32c / -crc64nvme), taken over from the
// protocol layer so that a written object's bytes are hashed once: the store MD5-hashes every byte for the ETag
// anyway, and computes the CRCs natively in the same pass (files.ts), then compares before the object becomes
// visible. The protocol side (protocol/rest-xml-s3.ts, IntegrityCheck.handOver) puts a function under this symbol on
// the payload stream; a stream without it keeps checking on its own, and so does every digest not taken here.
import type { Readable } from 'node:stream';

export const DECLARED_DIGESTS = Symbol.for('sift.bytes.declared-digests');

export interface DeclaredDigest {
  /** 'md5', 'crc32c', 'crc64nvme', ... */
  algorithm: string;
  /** The declared value (base64), known once the body has ended; undefined: nothing to check. */
  expected(): string | undefined;
  /** The error for a body whose digest differs (S3's BadDigest). */
  mismatch(): Error;
}

/**
 * Takes over the checks of those of `algorithms` that the body declared. Call it before reading the body, and only
 * when every byte of it will be digested from its first: the caller must then compare (`checkDigests`).
 */
export function takeDeclaredDigests(body: Readable, algorithms: readonly string[]): DeclaredDigest[] {
  const take = (body as unknown as Record<symbol, unknown>)[DECLARED_DIGESTS];
  return typeof take === 'function' ? ((take as (algs: readonly string[]) => DeclaredDigest[] | undefined)(algorithms) ?? []) : [];
}

/** Throws the first taken digest's mismatch whose computed value (`base64Of`) is not the declared one. */
export function checkDigests(taken: readonly DeclaredDigest[], base64Of: (algorithm: string) => string): void {
  for (const d of taken) {
    const want = d.expected();
    if (want !== undefined && base64Of(d.algorithm) !== want) throw d.mismatch();
  }
}
