// Public API of the worker's scan path: scanObject (extract → detect → per-object result) and the rendering of
// Macie's sensitive data discovery result records. Pure: no store, clock or network.
export { scanObject, type ScanObjectInput, type ScanObjectOptions } from './scan-object.js';
export type {
  CellOccurrence, ClassificationReason, FileScanResult, FileStatus, LineRange, ObjectScanResult, OccurrenceLists,
  RecordOccurrence, StatusCode, TypeResult,
} from './types.js';
export { DetectionAccumulator, emptyOccurrences, type AccumulatorLimits } from './accumulate.js';
export { TextPositioner } from './positions.js';
export {
  findingTypeFor, renderClassificationResult, renderDiscoveryResult, renderDiscoveryResults, renderMemberResult,
  renderOccurrences, toJsonLines, type DiscoveryResultMetadata, type DiscoveryResultRecord, type OriginType,
  type RenderedOccurrences, type SeverityDescription,
} from './discovery-result.js';
export { collectSamples, REVEAL_SAMPLE_LIMITS, type RecordedOccurrences, type SampleLimits, type Samples, type SampleTarget } from './samples.js';
