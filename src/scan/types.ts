/** The per-object result of the worker's scan path, in Macie's shapes (occurrences as in `Occurrences`). */
import type { ClassificationReason, FileStatus, StatusCode } from '../extract/index.js';
import type { DetectionCategory } from '../detect/index.js';

export type { ClassificationReason, FileStatus, StatusCode };

/** Macie `Range`: lines from the start of the file, startColumn in characters (1-based). */
export interface LineRange {
  start: number;
  end: number;
  startColumn: number;
}

/** Macie `Cell`: cellReference names a sheet cell in Excel workbooks (`Sheet1!C5`) and is null for CSV/TSV. */
export interface CellOccurrence {
  row: number;
  column: number;
  columnName?: string;
  cellReference: string | null;
}

/** Macie `Page` (PDF): lineRange and offsetRange are reserved by Macie and left out. */
export interface PageOccurrence {
  pageNumber: number;
}

/** Macie `Record`: jsonPath is omitted when the sensitive data is in an element name. */
export interface RecordOccurrence {
  recordIndex: number;
  jsonPath?: string;
}

export interface OccurrenceLists {
  lineRanges: LineRange[];
  cells: CellOccurrence[];
  records: RecordOccurrence[];
  pages: PageOccurrence[];
}

/** One sensitive data type found in a file (or, summed, in an object). */
export interface TypeResult {
  /** Managed identifier ID, or the custom identifier's id. */
  type: string;
  category: DetectionCategory;
  custom?: { id: string; name: string };
  /** Matches counted: all of them, except NAME and ADDRESS past Macie's cap of 1,000 per file. */
  count: number;
  /** Up to ScanLimits.maxOccurrencesPerResultType locations, in reading order. Empty on archive totals. */
  occurrences: OccurrenceLists;
  /** More matches than locations kept. */
  additionalOccurrences: boolean;
}

/** One file read from the object: the object itself, or a member of an archive. */
export interface FileScanResult {
  /** Path inside the object ('' for the object itself). */
  path: string;
  name: string;
  extension: string;
  mimeType: string;
  /** Size declared by the container, when known. */
  size?: number;
  lastModified?: Date;
  bytesRead: number;
  status: FileStatus;
  detections: TypeResult[];
}

export interface ObjectScanResult {
  key: string;
  mimeType: string;
  /** Size of the object as given (or as read, when not given). */
  size: number;
  /** Bytes of the object that were analysed (0 when SKIPPED). */
  sizeClassified: number;
  status: FileStatus;
  /** Per type over the whole object. For archives the locations are in `members`, as in Macie's results. */
  detections: TypeResult[];
  /** Whether the object was a container whose files were read as members. */
  archive: boolean;
  /** Archives: members with detections or not fully analysed (COMPLETE members without detections are only counted). */
  members: FileScanResult[];
  /** Archives: how many member files were analysed (COMPLETE or PARTIAL). */
  membersAnalysed: number;
  /** Bytes decompressed from archives. */
  expandedBytes: number;
}
