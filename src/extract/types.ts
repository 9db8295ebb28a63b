/**
 * The data model of extraction: segments of text with Macie-shaped locations, the reasons an object (or an archive
 * member) is skipped or only partly read, and the typed error a reader throws when it must stop.
 */
import { SiftError } from '../common/errors.js';

export type SegmentLocation =
  /** Plain text: 1-based line and column of text[0]; the scan maps detection offsets to lines from here. */
  | { kind: 'text'; line: number; column: number }
  /** CSV/TSV data cells, 1-based as Macie reports them (the header row is row 1); spreadsheets add `Sheet!C5`. */
  | { kind: 'cell'; row: number; column: number; columnName?: string; cellReference?: string }
  /** PDF: the 1-based page the text is on. */
  | { kind: 'page'; pageNumber: number }
  /** JSON / JSON Lines: recordIndex 0 for JSON, the 0-based line for JSON Lines; jsonPath '' when the text is an element name. */
  | { kind: 'record'; recordIndex: number; jsonPath: string };

export interface Segment {
  text: string;
  location: SegmentLocation;
  /** Names that count as keywords for every value in the text: the column name, the JSON path's element names. */
  keywordContext?: string[];
  /**
   * Set when a long line or value was cut into overlapping segments (seams.ts): detections that start in
   * [start, end) of `text` belong to this segment; the text around it is context shared with its neighbours.
   */
  owned?: { start: number; end: number };
}

/** Macie's `ClassificationResultStatus.reason` values that extraction and scanning can produce (model enum, F.4). */
export type ClassificationReason =
  | 'ARCHIVE_CONTAINS_UNPROCESSED_FILES'
  | 'ARCHIVE_EXCEEDS_SIZE_LIMIT'
  | 'ARCHIVE_NESTING_LEVEL_OVER_LIMIT'
  | 'ARCHIVE_TOTAL_BYTES_EXTRACTED_OVER_LIMIT'
  | 'ARCHIVE_TOTAL_DOCUMENTS_PROCESSED_OVER_LIMIT'
  | 'FILE_EXCEEDS_SIZE_LIMIT'
  | 'INVALID_ENCRYPTION'
  | 'JSON_NESTING_LEVEL_OVER_LIMIT'
  | 'MALFORMED_FILE'
  | 'MALFORMED_OR_FILE_SIZE_EXCEEDS_LIMIT'
  | 'OOXML_UNCOMPRESSED_RATIO_EXCEEDS_LIMIT'
  | 'OOXML_UNCOMPRESSED_SIZE_EXCEEDS_LIMIT'
  | 'UNABLE_TO_PARSE_FILE'
  | 'UNSUPPORTED_FILE_TYPE_EXCEPTION'
  | 'PERMISSION_DENIED'
  | 'SOURCE_OBJECT_NO_LONGER_AVAILABLE'
  | 'TIME_CUT_OFF_REACHED';

/** The formats Sift reads. Anything else is skipped with UNSUPPORTED_FILE_TYPE_EXCEPTION. */
export type FormatName =
  | 'text' | 'csv' | 'tsv' | 'json' | 'jsonl' | 'gzip' | 'zip' | 'tar'
  | DocumentFormat;
/** Formats read by the document readers (issue 13): each module in extract/ named as the format. */
export type DocumentFormat = 'xlsx' | 'xls' | 'docx' | 'doc' | 'pdf' | 'parquet' | 'avro' | 'eml' | 'html' | 'xml';
export type ContainerFormat = Extract<FormatName, 'gzip' | 'zip' | 'tar'>;

/**
 * Thrown by a reader when the file cannot be (fully) read. `code` is the Macie reason; `partial` says whether what the
 * reader yielded before the error stands (PARTIAL) or the whole file must be dropped (SKIPPED, as for JSON nesting).
 */
export class ExtractError extends SiftError {
  constructor(
    readonly reason: ClassificationReason,
    message: string,
    readonly keepYielded: boolean = false,
    /** The limit is object-wide (total expanded bytes, member count): the enclosing archives stop too. */
    readonly stopsObject: boolean = false,
  ) {
    super(reason, message);
    this.name = 'ExtractError';
  }
}

/** Callbacks a reader uses for problems that do not stop it (a malformed JSON Lines record, …). */
export interface ReaderContext {
  /** The rest of the file was read, but part of it could not be: the file's status becomes PARTIAL with this reason. */
  partial(reason: ClassificationReason, message: string): void;
  /**
   * Whether `text`, scanned on its own with `keywordContext` (none: no keyword context), has no detection (the scan's
   * scanner answers; absent: unknown). A reader may then leave the text out of its batches: JSON member names, and
   * values under one name path, repeat record after record.
   */
  quiet?: (text: string, keywordContext?: string[]) => boolean;
}

export const ignoreIssues: ReaderContext = { partial: () => {} };

/** Any byte stream: a Node Readable (Buffer chunks) or an async iterable of bytes. */
export type ByteSource = AsyncIterable<Uint8Array | string>;
