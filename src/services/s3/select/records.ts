// What the input readers hand the query: one record and where it starts in the (uncompressed) input.
import type { Value } from './ast.js';

/** S3's limit on one input or output record (1 MB). */
export const MAX_RECORD_BYTES = 1024 * 1024;

export interface InputRecord {
  /** CSV: the fields as text; JSON: the parsed document. */
  value: string[] | Value;
  /** Byte offset of the record's first byte in the input (after the skipped part of a scan range). */
  offset: number;
  bytes: number;
}
