/**
 * Scans the short texts of structured files (CSV/TSV cells, JSON values) in batches instead of one scanner call per
 * cell: texts with the same keyword context (column name, JSON path names) are joined with RECORD_SEPARATOR and
 * scanned at once, so the per-call cost (context lookup, candidate pass, result arrays) is paid per batch and the
 * column's keywords are resolved once. Detections are mapped back to their texts and handed on in the order the
 * segments arrived, exactly as one call per segment would have produced them.
 *
 * Memory is bounded: everything pending is scanned when the buffered texts reach `maxChars` (64 Ki characters: larger
 * batches keep more segments alive past young-generation GC and measured slower), and at each file's end.
 */
import { RECORD_SEPARATOR, type Detection, type Scanner } from '../detect/index.js';
import { groupSegment, segmentOwns, type GroupedBatch, type JoinedTexts, type Segment, type TextGroup } from '../extract/index.js';

/** Texts at least this long are scanned on their own (no gain from batching, and their offsets stay simple). */
const BATCH_TEXT_MAX = 2048;

interface Batch {
  context: string[] | undefined;
  parts: string[];
  /** Start offset of each part in the joined text, and the segment and arrival number it came from. */
  starts: number[];
  segments: Segment[];
  seqs: number[];
  length: number;
}

export class SegmentBatcher {
  private readonly batches = new Map<string, Batch>();
  /** The same batches by context array: readers share one array per column or JSON path, so no join per text. */
  private readonly byContext = new Map<string[], Batch>();
  private readonly noContext = '';
  /** Detections found so far that wait for earlier segments' batches: [arrival number, segment, detections]. */
  private ready: Array<{ seq: number; segment: Segment; detections: Detection[] }> = [];
  private seq = 0;
  private inGrouped = false;
  private buffered = 0;

  constructor(
    private readonly scanner: Scanner,
    private readonly emit: (segment: Segment, detections: Detection[]) => void,
    private readonly maxChars = 1 << 16,
    /** Identifiers not to run any more (their per-file cap is reached): the accumulator's live set. */
    private readonly skipTypes?: ReadonlySet<string>,
  ) {}

  add(segment: Segment): void {
    this.addAt(segment, this.seq++);
  }

  /**
   * A grouped batch (CSV/TSV columns, JSON paths): each group's short texts joined and scanned in one call, no segment
   * object per text; detections handed on in reading order, as `add` per text would have.
   */
  addGrouped(batch: GroupedBatch): void {
    const base = this.seq;
    this.seq += batch.count;
    for (const group of batch.groups) this.scanGroup(group, base);
    this.inGrouped = true;
    for (let i = 0; i < batch.segments.length; i++) this.addAt(batch.segments[i], base + batch.segmentOrders[i]);
    this.inGrouped = false;
    // Every group is read (detections keep their own texts and locations): the reader may reuse the batch's storage.
    batch.release?.();
    if (this.buffered >= this.maxChars) this.flush();
    else if (this.batches.size === 0) this.emitReady();
  }

  private addAt(segment: Segment, seq: number): void {
    const kind = segment.location.kind;
    if (kind === 'text' || segment.text.length > BATCH_TEXT_MAX || segment.owned) {
      const skipTypes = this.skipTypes?.size ? this.skipTypes : undefined;
      let detections = this.scanner.scan(
        segment.text,
        segment.keywordContext || skipTypes ? { ...(segment.keywordContext ? { keywordContext: segment.keywordContext } : {}), ...(skipTypes ? { skipTypes } : {}) } : undefined,
      );
      // Overlapping segments (a long line or value cut in pieces): each value counts in the piece it starts in.
      if (segment.owned && detections.length) detections = detections.filter((d) => segmentOwns(segment, d.start));
      if (detections.length === 0) return;
      if (this.batches.size === 0 && this.ready.length === 0) this.emit(segment, detections);
      else this.ready.push({ seq, segment, detections });
      return;
    }
    const context = segment.keywordContext;
    let batch = context ? this.byContext.get(context) : this.batches.get(this.noContext);
    if (!batch) {
      const key = context ? `\u0001${context.join('\u0000')}` : this.noContext;
      batch = this.batches.get(key);
      if (!batch) {
        batch = { context, parts: [], starts: [], segments: [], seqs: [], length: 0 };
        this.batches.set(key, batch);
      }
      if (context) this.byContext.set(context, batch);
    }
    if (batch.parts.length > 0) batch.length += 1; // the separator
    batch.starts.push(batch.length);
    batch.parts.push(segment.text);
    batch.segments.push(segment);
    batch.seqs.push(seq);
    batch.length += segment.text.length;
    this.buffered += segment.text.length + 1;
    // Not in the middle of a grouped batch: texts read before this one may still be on their way.
    if (this.buffered >= this.maxChars && !this.inGrouped) this.flush();
  }

  /** Scans everything pending and hands on all detections in arrival order. */
  flush(): void {
    for (const batch of this.batches.values()) this.scanBatch(batch);
    this.batches.clear();
    this.byContext.clear();
    this.buffered = 0;
    this.emitReady();
  }

  private emitReady(): void {
    if (this.ready.length === 0) return;
    const ready = this.ready;
    this.ready = [];
    ready.sort((a, b) => a.seq - b.seq);
    for (const r of ready) this.emit(r.segment, r.detections);
  }

  private scanGroup(group: TextGroup, base: number): void {
    const joinedTexts = group.joined?.();
    if (joinedTexts !== undefined && joinedTexts.longest <= BATCH_TEXT_MAX) return this.scanJoined(group, joinedTexts, base);
    const texts = group.texts;
    const orders = group.orders;
    const skipTypes = this.skipTypes?.size ? this.skipTypes : undefined;
    let long = false;
    for (let i = 0; i < texts.length && !long; i++) long = texts[i].length > BATCH_TEXT_MAX;
    // Long texts are scanned on their own, as `add` does; the rest joined.
    let joined = texts;
    let index: number[] | undefined;
    if (long) {
      joined = [];
      index = [];
      const ctx = group.keywordContext || skipTypes ? { ...(group.keywordContext ? { keywordContext: group.keywordContext } : {}), ...(skipTypes ? { skipTypes } : {}) } : undefined;
      for (let i = 0; i < texts.length; i++) {
        if (texts[i].length <= BATCH_TEXT_MAX) {
          joined.push(texts[i]);
          index.push(i);
          continue;
        }
        const detections = this.scanner.scan(texts[i], ctx);
        if (detections.length) this.ready.push({ seq: base + orders[i], segment: groupSegment(group, i), detections });
      }
      if (joined.length === 0) return;
    }
    const found = this.scanner.scan(joined.join(RECORD_SEPARATOR), { ...(group.keywordContext ? { keywordContext: group.keywordContext } : {}), separated: true, ...(skipTypes ? { skipTypes } : {}) });
    if (found.length === 0) return;
    // Detections come sorted by start: walk the texts alongside them (starts only now: most groups find nothing).
    let part = 0;
    let partStart = 0;
    let nextStart = joined[0].length + 1;
    let current: Detection[] | undefined;
    for (const d of found) {
      let moved = false;
      while (part + 1 < joined.length && nextStart <= d.start) {
        part++;
        partStart = nextStart;
        nextStart += joined[part].length + 1;
        moved = true;
      }
      if (moved || current === undefined) {
        current = [];
        const i = index ? index[part] : part;
        this.ready.push({ seq: base + orders[i], segment: groupSegment(group, i), detections: current });
      }
      current.push({ ...d, start: d.start - partStart, end: d.end - partStart });
    }
  }

  /** scanGroup for a group whose reader joined its texts already (none longer than BATCH_TEXT_MAX): no join here. */
  private scanJoined(group: TextGroup, joined: JoinedTexts, base: number): void {
    const skipTypes = this.skipTypes?.size ? this.skipTypes : undefined;
    const text = joined.text;
    const found = this.scanner.scan(text, { ...(group.keywordContext ? { keywordContext: group.keywordContext } : {}), separated: true, ...(skipTypes ? { skipTypes } : {}) });
    if (found.length === 0) return;
    // Detections come sorted by start: walk the texts alongside them.
    const cells = joined.cells;
    const last = joined.count - 1;
    let part = 0;
    let current: Detection[] | undefined;
    for (const d of found) {
      let moved = false;
      while (part < last && cells[3 * part + 3] <= d.start) {
        part++;
        moved = true;
      }
      const partStart = cells[3 * part];
      if (moved || current === undefined) {
        current = [];
        const partEnd = part < last ? cells[3 * part + 3] - 1 : text.length;
        this.ready.push({ seq: base + cells[3 * part + 2], segment: groupSegment(group, part, text.slice(partStart, partEnd)), detections: current });
      }
      current.push({ ...d, start: d.start - partStart, end: d.end - partStart });
    }
  }

  private scanBatch(batch: Batch): void {
    const text = batch.parts.join(RECORD_SEPARATOR);
    const skipTypes = this.skipTypes?.size ? this.skipTypes : undefined;
    const found = this.scanner.scan(text, { ...(batch.context ? { keywordContext: batch.context } : {}), separated: true, ...(skipTypes ? { skipTypes } : {}) });
    if (found.length === 0) return;
    // Detections come sorted by start: walk the parts alongside them.
    let part = 0;
    let current: Detection[] | undefined;
    const starts = batch.starts;
    for (const d of found) {
      let moved = false;
      while (part + 1 < starts.length && starts[part + 1] <= d.start) {
        part++;
        moved = true;
      }
      if (moved || current === undefined) {
        current = [];
        this.ready.push({ seq: batch.seqs[part], segment: batch.segments[part], detections: current });
      }
      const base = starts[part];
      current.push({ ...d, start: d.start - base, end: d.end - base });
    }
  }
}
