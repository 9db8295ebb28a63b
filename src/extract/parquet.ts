/**
 * Apache Parquet (hyparquet): every row of every row group, nested columns assembled (structs, LISTs, MAPs), with
 * Snappy, gzip, zstd, Brotli, LZ4, LZ4_RAW or uncompressed pages; each leaf value a segment at Macie's `records`
 * location (recordIndex = row number from 0, jsonPath of the field: `$.customer.cards[1]`, `$.attrs.ssn` for a map
 * entry, and inside JSON / BSON columns the document's own path), with the field names on the path as keyword
 * context. How each physical and logical type is written as text: parquet-fields.ts. Bounds: the file is held whole up to maxDocumentBytes; a page may not
 * declare more than maxExpansionRatio times its compressed size (nor more than maxDocumentBytes), checked before the
 * buffer is allocated; records nest at most maxJsonDepth deep.
 */
import { parquetMetadata, parquetReadObjects, type Compressors } from 'hyparquet';
import { compressors as libraryCompressors } from 'hyparquet-compressors';
import type { ScanLimits } from '../common/index.js';
import { RATIO_CHECK_FLOOR_BYTES } from './inflate.js';
import type { ValueLimits } from './long-values.js';
import { fieldsOf, parquetParsers, walkRow, withOwnConversions } from './parquet-fields.js';
import { RecordPaths } from './record-walk.js';
import { ExtractError, type ByteSource, type Segment } from './types.js';
import { readWhole } from './whole.js';

type Limits = Pick<ScanLimits, 'maxDocumentBytes' | 'maxExpansionRatio' | 'maxJsonDepth'> & ValueLimits;

/** The library's decompressors, each refusing a declared output size no honest page has. */
function guardedCompressors(limits: Limits): Compressors {
  const out: Compressors = {};
  for (const [codec, fn] of Object.entries(libraryCompressors)) {
    out[codec as keyof Compressors] = (input: Uint8Array, outputLength: number) => {
      const cap = Math.min(limits.maxDocumentBytes, Math.max(RATIO_CHECK_FLOOR_BYTES, input.length * limits.maxExpansionRatio));
      if (!(outputLength >= 0) || outputLength > cap) {
        throw new ExtractError('UNABLE_TO_PARSE_FILE', `parquet: a ${codec} page declares ${outputLength} bytes from ${input.length}`);
      }
      const result = fn!(input, outputLength);
      if (result.length > cap) throw new ExtractError('UNABLE_TO_PARSE_FILE', `parquet: a ${codec} page expands past ${cap} bytes`);
      return result;
    };
  }
  return out;
}

export async function* readParquet(source: ByteSource, limits: Limits): AsyncGenerator<Segment> {
  const bytes = await readWhole(source, limits.maxDocumentBytes, 'parquet');
  const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  const compressors = guardedCompressors(limits);
  let metadata: ReturnType<typeof parquetMetadata>;
  try {
    metadata = parquetMetadata(file);
  } catch (err) {
    throw failure(err, false);
  }
  let fields: ReturnType<typeof fieldsOf>;
  const paths = new RecordPaths();
  try {
    metadata = withOwnConversions(metadata);
    fields = fieldsOf(metadata, paths);
  } catch (err) {
    throw failure(err, false);
  }
  let rowStart = 0;
  const out: Segment[] = [];
  for (const group of metadata.row_groups) {
    const rows = Number(group.num_rows);
    if (!(rows > 0)) continue;
    let records: Record<string, unknown>[];
    try {
      records = await parquetReadObjects({ file, metadata, compressors, rowStart, rowEnd: rowStart + rows, utf8: false, parsers: parquetParsers as never });
    } catch (err) {
      throw failure(err, rowStart > 0);
    }
    for (let i = 0; i < records.length; i++) {
      walkRow(out, records[i], fields, rowStart + i, limits.maxJsonDepth, limits, paths);
      for (const segment of out) yield segment;
      out.length = 0;
    }
    rowStart += rows;
  }
}

function failure(err: unknown, readSome: boolean): ExtractError {
  if (err instanceof ExtractError) return new ExtractError(err.reason, err.message, readSome);
  return new ExtractError('UNABLE_TO_PARSE_FILE', `parquet: ${((err as Error)?.message ?? String(err)).slice(0, 200)}`, readSome);
}
