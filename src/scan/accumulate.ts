/**
 * Collects detections per type for one file: exact counts (NAME and ADDRESS stop at Macie's cap) and up to
 * maxOccurrencesPerResultType locations in Macie's shapes, mapped from each segment's location.
 */
import { compareAsLocale } from '../common/collation.js';
import { detectionCapPerFile, type Detection } from '../detect/index.js';
import type { Segment } from '../extract/index.js';
import { TextPositioner } from './positions.js';
import type { OccurrenceLists, TypeResult } from './types.js';

export interface AccumulatorLimits {
  maxOccurrencesPerResultType: number;
}

export function emptyOccurrences(): OccurrenceLists {
  return { lineRanges: [], cells: [], records: [], pages: [] };
}

function occurrenceCount(o: OccurrenceLists): number {
  return o.lineRanges.length + o.cells.length + o.records.length + o.pages.length;
}

export class DetectionAccumulator {
  private readonly byType = new Map<string, TypeResult>();
  /**
   * Managed types whose per-file cap below the general limit is reached (NAME, ADDRESS at 1,000): the scanner need not
   * look for them any more in this file (DetectContext.skipTypes).
   */
  readonly capped = new Set<string>();

  constructor(private readonly limits: AccumulatorLimits) {}

  get isEmpty(): boolean {
    return this.byType.size === 0;
  }

  /** Adds the detections the scanner found in one segment. */
  add(segment: Segment, detections: readonly Detection[]): void {
    if (detections.length === 0) return;
    const loc = segment.location;
    const positioner = loc.kind === 'text' ? new TextPositioner(segment.text, loc.line, loc.column) : undefined;
    for (const d of detections) {
      const entry = this.entryFor(d);
      // Custom identifiers share no IDs with managed ones, so only managed NAME/ADDRESS get Macie's 1,000 cap.
      const cap = d.custom ? undefined : detectionCapPerFile(d.type);
      if (cap !== undefined && entry.count >= cap) continue;
      entry.count++;
      if (entry.count === cap) this.capped.add(d.type);
      if (occurrenceCount(entry.occurrences) >= this.limits.maxOccurrencesPerResultType) {
        entry.additionalOccurrences = true;
        continue;
      }
      switch (loc.kind) {
        case 'text': {
          const start = positioner!.at(d.start);
          const end = positioner!.at(Math.max(d.start, d.end - 1));
          entry.occurrences.lineRanges.push({ start: start.line, end: end.line, startColumn: start.column });
          break;
        }
        case 'cell':
          entry.occurrences.cells.push({
            row: loc.row,
            column: loc.column,
            ...(loc.columnName !== undefined ? { columnName: loc.columnName } : {}),
            cellReference: loc.cellReference ?? null,
          });
          break;
        case 'page':
          entry.occurrences.pages.push({ pageNumber: loc.pageNumber });
          break;
        case 'record':
          entry.occurrences.records.push({ recordIndex: loc.recordIndex, ...(loc.jsonPath ? { jsonPath: loc.jsonPath } : {}) });
          break;
      }
    }
  }

  /** Adds another file's totals (archives: the object's summary has counts only). */
  addTotals(results: readonly TypeResult[]): void {
    for (const r of results) {
      const entry = this.entryFor(r);
      entry.count += r.count;
      entry.additionalOccurrences ||= r.additionalOccurrences;
    }
  }

  /** The per-type results, ordered by category then type (as localeCompare orders them, without building ICU's collator). */
  results(): TypeResult[] {
    return [...this.byType.values()].sort((a, b) => compareAsLocale(a.category + a.type, b.category + b.type));
  }

  private entryFor(d: Pick<Detection, 'type' | 'category' | 'custom'>): TypeResult {
    const key = `${d.category}\u0000${d.type}`;
    let entry = this.byType.get(key);
    if (!entry) {
      entry = { type: d.type, category: d.category, ...(d.custom ? { custom: { ...d.custom } } : {}), count: 0, occurrences: emptyOccurrences(), additionalOccurrences: false };
      this.byType.set(key, entry);
    }
    return entry;
  }
}
