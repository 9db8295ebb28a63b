/**
 * Reads a whole file into memory for the formats that need random access (a zip's central directory, a Parquet
 * footer, a PDF's cross-reference table, an OLE compound file). Bounded by ScanLimits.maxDocumentBytes: a larger
 * file is skipped with FILE_EXCEEDS_SIZE_LIMIT before more than the limit is held.
 */
import { bytesOf, concatBytes } from './bytes.js';
import { ExtractError, type ByteSource } from './types.js';

export async function readWhole(source: ByteSource, maxBytes: number, label: string): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of bytesOf(source)) {
    total += chunk.length;
    if (total > maxBytes) throw new ExtractError('FILE_EXCEEDS_SIZE_LIMIT', `${label} files larger than ${maxBytes} bytes are not read`);
    parts.push(chunk);
  }
  return concatBytes(parts, total);
}

/** Macie reports corrupt structured files as UNABLE_TO_PARSE_FILE; errors that are already ours pass through. */
export function parseFailure(err: unknown, label: string, reason: 'UNABLE_TO_PARSE_FILE' | 'MALFORMED_FILE' | 'MALFORMED_OR_FILE_SIZE_EXCEEDS_LIMIT' = 'UNABLE_TO_PARSE_FILE', keepYielded = true): ExtractError {
  if (err instanceof ExtractError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new ExtractError(reason, `${label}: ${message.slice(0, 200)}`, keepYielded);
}
