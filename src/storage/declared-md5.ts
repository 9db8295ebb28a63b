// The Content-MD5 a body's sender declared, taken over from the protocol layer so that a written object's bytes are
// MD5-hashed once: the store hashes every byte for the ETag anyway and compares that digest before the object
// becomes visible. The protocol side (protocol/rest-xml-s3.ts, IntegrityCheck) puts a function under this symbol on
// the payload stream; a stream without it (or one that refuses) keeps checking on its own.
import type { Readable } from 'node:stream';

export const DECLARED_MD5 = Symbol.for('sift.bytes.declared-md5');

export interface DeclaredMd5 {
  /** The declared digest (base64). */
  md5Base64: string;
  /** The error for a body whose MD5 differs (S3's BadDigest). */
  mismatch(): Error;
}

/**
 * Takes over the body's declared-MD5 check, if it offers one. Call it before reading the body, and only when every
 * byte of it will be hashed from its first: the caller must then compare (`md5Matches`) and fail on a mismatch.
 */
export function takeDeclaredMd5(body: Readable): DeclaredMd5 | undefined {
  const take = (body as unknown as Record<symbol, unknown>)[DECLARED_MD5];
  return typeof take === 'function' ? ((take as () => DeclaredMd5 | undefined)() ?? undefined) : undefined;
}

/** True when the hex MD5 the store computed is the declared base64 one. */
export function md5Matches(declared: DeclaredMd5, md5Hex: string): boolean {
  return Buffer.from(md5Hex, 'hex').toString('base64') === declared.md5Base64;
}
