// Conditional requests (If-Match, If-None-Match, If-Modified-Since, If-Unmodified-Since) and Range, with S3's
// precedence: If-Match beats If-Unmodified-Since (412), If-None-Match beats If-Modified-Since (304).
import { s3Errors, type ByteRange, type StoredObject } from '../../storage/index.js';

interface Conditions {
  IfMatch?: string;
  IfNoneMatch?: string;
  IfModifiedSince?: Date;
  IfUnmodifiedSince?: Date;
}

const etagMatches = (header: string, etag: string) =>
  header
    .split(',')
    .map((t) => t.trim().replace(/^W\//, ''))
    .some((t) => t === '*' || t === etag || `"${t}"` === etag);

/** Throws PreconditionFailed (412) or NotModified (304); for copies a failed "not" condition is also 412. */
export function checkConditions(obj: StoredObject, c: Conditions, copy = false): void {
  const modifiedSeconds = Math.floor(obj.lastModified.getTime() / 1000);
  if (c.IfMatch !== undefined) {
    if (!etagMatches(c.IfMatch, obj.etag)) throw s3Errors.preconditionFailed(copy ? 'x-amz-copy-source-If-Match' : 'If-Match');
  } else if (c.IfUnmodifiedSince && modifiedSeconds > Math.floor(c.IfUnmodifiedSince.getTime() / 1000)) {
    throw s3Errors.preconditionFailed(copy ? 'x-amz-copy-source-If-Unmodified-Since' : 'If-Unmodified-Since');
  }
  if (c.IfNoneMatch !== undefined) {
    if (etagMatches(c.IfNoneMatch, obj.etag)) throw copy ? s3Errors.preconditionFailed('x-amz-copy-source-If-None-Match') : s3Errors.notModified();
  } else if (c.IfModifiedSince && modifiedSeconds <= Math.floor(c.IfModifiedSince.getTime() / 1000)) {
    throw copy ? s3Errors.preconditionFailed('x-amz-copy-source-If-Modified-Since') : s3Errors.notModified();
  }
}

/**
 * `bytes=a-b`, `bytes=a-` or `bytes=-n`. A header S3 cannot parse is ignored (the whole object is served), as S3
 * does; a range starting past the end is InvalidRange (416).
 */
export function parseRange(header: string, size: number): ByteRange | undefined {
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return undefined;
  if (m[1] === '') {
    const n = Number(m[2]);
    if (n === 0) throw s3Errors.invalidRange(size);
    return size === 0 ? undefined : { start: Math.max(0, size - n), end: size - 1 };
  }
  const start = Number(m[1]);
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (m[2] !== '' && Number(m[2]) < start) return undefined;
  if (start >= size) throw s3Errors.invalidRange(size);
  return { start, end };
}
