/**
 * Revealing sensitive data samples: re-reads an object through the same extraction as its scan, and takes the text
 * of each detection that sits at a location its discovery result recorded. Locations say where a value starts
 * (lineRanges) or which cell / record / page holds it, never where it ends, so the value is found again by running
 * the finding's identifiers over the segment at that location, exactly as the scan did (same readers, same
 * keyword context). Any format whose reader yields located segments works unchanged.
 * Pure: the bytes come in, the samples go out; nothing is kept.
 */
import { defaultScanLimits, type ScanLimits } from '../common/limits.js';
import type { Detection, Scanner } from '../detect/index.js';
import { extractObject, segmentOwns, type ByteSource, type Segment } from '../extract/index.js';
import { TextPositioner } from './positions.js';

/** Macie's `Occurrences` as a discovery result records them (any member may be null or absent). */
export interface RecordedOccurrences {
  lineRanges?: ReadonlyArray<{ start: number; end?: number; startColumn: number }> | null;
  offsetRanges?: ReadonlyArray<{ start: number; end?: number; startColumn?: number }> | null;
  cells?: ReadonlyArray<{ row: number; column: number; columnName?: string | null; cellReference?: string | null }> | null;
  records?: ReadonlyArray<{ recordIndex: number; jsonPath?: string | null }> | null;
  pages?: ReadonlyArray<{ pageNumber: number }> | null;
}

/** Where to look for one sensitive data type: the file inside the object ('' for the object itself) and its locations. */
export interface SampleTarget {
  /** The key the samples are reported under (managed identifier ID, or the custom identifier's name and id). */
  key: string;
  /** The detection type the scanner reports (managed identifier ID, or the custom identifier's id). */
  type: string;
  /** '' for the object itself; an archive member's path as its result's embeddedFileDetails.filePath gives it. */
  filePath: string;
  occurrences: RecordedOccurrences;
}

export interface SampleLimits {
  /** Samples per type (Macie: 10). */
  perType: number;
  /** Longest sample (Macie: 128 characters). */
  maxLength: number;
}

export const REVEAL_SAMPLE_LIMITS: SampleLimits = Object.freeze({ perType: 10, maxLength: 128 });

/** The samples found, by target key, in reading order. */
export type Samples = Map<string, string[]>;

/** A location's identity, comparable between what a scan recorded and where a segment sits now. */
/** A spreadsheet cell is named by its reference (`Sheet2!C5`, unique across sheets); CSV/TSV cells by row and column. */
function cellKey(row: number, column: number, cellReference?: string | null): string {
  return cellReference ? `c:${cellReference}` : `c:${row}:${column}`;
}
function recordKey(recordIndex: number, jsonPath: string | null | undefined): string {
  return `r:${recordIndex}:${jsonPath ?? ''}`;
}
function lineKey(line: number, column: number): string {
  return `l:${line}:${column}`;
}
function pageKey(page: number): string {
  return `p:${page}`;
}

function keysOf(o: RecordedOccurrences): Set<string> {
  const keys = new Set<string>();
  for (const r of o.lineRanges ?? []) keys.add(lineKey(r.start, r.startColumn));
  for (const c of o.cells ?? []) keys.add(cellKey(c.row, c.column, c.cellReference));
  for (const r of o.records ?? []) keys.add(recordKey(r.recordIndex, r.jsonPath));
  for (const p of o.pages ?? []) keys.add(pageKey(p.pageNumber));
  return keys;
}

/** The location key of a detection inside a segment; text segments place it by line and column. */
function detectionKey(segment: Segment, d: Detection, positioner: () => TextPositioner): string | undefined {
  const loc = segment.location as Segment['location'] | { kind: string; pageNumber?: number; page?: number };
  switch (loc.kind) {
    case 'text': {
      const at = positioner().at(d.start);
      return lineKey(at.line, at.column);
    }
    case 'cell': {
      const c = loc as { row: number; column: number; cellReference?: string | null };
      return cellKey(c.row, c.column, c.cellReference);
    }
    case 'record': {
      const r = loc as { recordIndex: number; jsonPath: string };
      return recordKey(r.recordIndex, r.jsonPath || undefined);
    }
    default: {
      // Readers added later (pages of a document, …) locate by page number.
      const p = loc as { pageNumber?: number; page?: number };
      const page = p.pageNumber ?? p.page;
      return page === undefined ? undefined : pageKey(page);
    }
  }
}

/**
 * Reads `stream` (the object, as it is now) and returns up to `limits.perType` samples for each target, taken at the
 * target's recorded locations. The scanner must detect every target's type (compile it from the finding's types).
 */
export async function collectSamples(
  input: { key: string; size?: number; stream: ByteSource },
  scanner: Scanner,
  targets: readonly SampleTarget[],
  scanLimits: Partial<ScanLimits> = {},
  limits: SampleLimits = REVEAL_SAMPLE_LIMITS,
): Promise<Samples> {
  const full: ScanLimits = { ...defaultScanLimits, ...scanLimits };
  const samples: Samples = new Map();
  // file path → detection type → (target key, recorded locations)
  type Wanted = { key: string; at: Set<string> };
  const wanted = new Map<string, Map<string, Wanted[]>>();
  const needed = new Map<string, number>();
  for (const t of targets) {
    samples.set(t.key, []);
    const byType = wanted.get(t.filePath) ?? new Map<string, Wanted[]>();
    wanted.set(t.filePath, byType);
    const at = keysOf(t.occurrences);
    byType.set(t.type, [...(byType.get(t.type) ?? []), { key: t.key, at }]);
    const recorded = (['lineRanges', 'cells', 'records', 'pages'] as const).reduce((n, k) => n + (t.occurrences[k]?.length ?? 0), 0);
    needed.set(t.key, Math.min(limits.perType, (needed.get(t.key) ?? 0) + recorded));
  }
  // A type is done with as many samples as allowed, or one per recorded location.
  const done = (key: string) => samples.get(key)!.length >= needed.get(key)!;
  let missing = [...needed.keys()].filter((k) => !done(k)).length;

  for await (const event of extractObject({ name: input.key, stream: input.stream, ...(input.size !== undefined ? { size: input.size } : {}) }, full)) {
    if (event.type !== 'segment') continue;
    const byType = wanted.get(event.file.path);
    if (!byType) continue;
    const segment = event.segment;
    let detections = scanner.scan(segment.text, segment.keywordContext ? { keywordContext: segment.keywordContext } : undefined);
    // Overlapping pieces of a long line or value: a value belongs to the piece it starts in, as in the scan.
    if (segment.owned) detections = detections.filter((d) => segmentOwns(segment, d.start));
    if (detections.length === 0) continue;
    let positioner: TextPositioner | undefined;
    const lazyPositioner = () => {
      if (!positioner) {
        const loc = segment.location as { line: number; column: number };
        positioner = new TextPositioner(segment.text, loc.line, loc.column);
      }
      return positioner;
    };
    // The positioner walks forward: visit detections in text order.
    for (const d of [...detections].sort((a, b) => a.start - b.start)) {
      const entries = byType.get(d.custom?.id ?? d.type);
      if (!entries) continue;
      const where = detectionKey(segment, d, lazyPositioner);
      if (where === undefined) continue;
      for (const entry of entries) {
        if (!entry.at.has(where) || done(entry.key)) continue;
        const value = segment.text.slice(d.start, d.end).slice(0, limits.maxLength);
        if (value.length === 0) continue;
        samples.get(entry.key)!.push(value);
        if (done(entry.key)) missing--;
      }
    }
    // Every type has its samples: the rest of the object need not be read.
    if (missing <= 0) break;
  }
  return samples;
}
