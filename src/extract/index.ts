// Public API of extraction: format readers yielding located text segments, and the sniffing dispatcher that
// recurses into archives under ScanLimits. Pure: it reads only the streams it is given.
export type { ByteSource, ClassificationReason, ContainerFormat, FormatName, ReaderContext, Segment, SegmentLocation } from './types.js';
export { ExtractError, ignoreIssues } from './types.js';
export type { ArchiveMember } from './archive.js';
export { extractBatches, extractObject, type BatchedExtractEvent, type ExtractedFile, type ExtractEvent, type SegmentStream, type ExtractInput, type FileStatus, type StatusCode } from './extract.js';
export { sniff, extensionOf, MIME_TYPES, SNIFF_BYTES, type Sniffed } from './sniff.js';
export { segmentOwns, seamOverlapOf, SeamSplitter, type SeamLimits, type SeamOverlap, type SeamPiece } from './seams.js';
export { readText, readTextBatches, segmentLineBatches, segmentLines, type TextReadOptions } from './text.js';
export { readCsv, readDelimited, readDelimitedBatches, type DelimitedOptions } from './csv.js';
export { readTsv } from './tsv.js';
export { GroupedBatchBuilder, groupSegment, TEXT_SEPARATOR, segmentsOf, isGroupedBatch, type GroupedBatch, type JoinedTexts, type TextGroup } from './groups.js';
export { readJson, readJsonBatches, readJsonLines } from './json.js';
export { readGzipMembers, gzipMemberName, isGzip } from './gzip.js';
export { readZipMembers, isZip } from './zip.js';
export { readTarMembers, isTar } from './tar.js';
export { inflateGuarded, countExpanded, newBudget, RATIO_CHECK_FLOOR_BYTES, type ExpansionBudget } from './inflate.js';
export { decodeText, detectEncoding, looksLikeText, useLargeTextMaker, type LargeTextMaker, type TextEncodingName } from './decode.js';
