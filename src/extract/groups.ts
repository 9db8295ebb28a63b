/**
 * Grouped batches: the short texts of structured files (the cells of one CSV column, the values under one JSON name
 * path) kept side by side in arrays, one group per keyword context, instead of a Segment and a location object per
 * text. The scan joins a group's texts and scans them in one call; a location is built only for a text with a
 * detection. Every text and segment of a batch carries its reading order, so results come out exactly as they would
 * one segment at a time.
 */
import type { Segment, SegmentLocation } from './types.js';

export interface TextGroup {
  /** Names that count as keywords for every text of the group (absent: none). */
  keywordContext: string[] | undefined;
  texts: string[];
  /** Reading order of each text within its batch. */
  orders: number[];
  /** Location of text i (called only for texts with detections, and when a batch is expanded into segments). */
  location(i: number): SegmentLocation;
  /**
   * The texts already joined with RECORD_SEPARATOR, when the reader built them so (CSV columns from the native pass):
   * the scan then reads neither `texts` nor `orders`.
   */
  joined?(): JoinedTexts | undefined;
}

/** What joined texts are separated by: the detectors' RECORD_SEPARATOR (U+001E; extract imports nothing from detect). */
export const TEXT_SEPARATOR = '\u001e';

/** A group's texts joined: text i starts at `cells[3i]`, and `cells[3i + 2]` is its reading order. */
export interface JoinedTexts {
  text: string;
  /** Three ints a text: its start in `text`, a reader's own value (a CSV cell's row), its reading order. */
  cells: Int32Array;
  count: number;
  /** The longest text's length. */
  longest: number;
}

/** What a grouping reader hands on per chunk of input. */
export interface GroupedBatch {
  /** Texts that are not grouped (header cells, pieces of long values) as ordinary segments. */
  segments: Segment[];
  /** Reading order of each segment within the batch. */
  segmentOrders: number[];
  groups: TextGroup[];
  /** Texts and segments in the batch (orders run from 0 to count - 1). */
  count: number;
  /** Characters in the batch's texts and segments. */
  chars: number;
  /**
   * Set by a reader whose groups borrow its storage (the CSV reader's cell array): a consumer that has read every
   * group calls it once (SegmentBatcher.addGrouped), and the reader reuses that storage for a later batch. No group
   * of the batch may be read after it. Consumers that do not call it leave the storage to the garbage collector.
   */
  release?: () => void;
}

/** Fills grouped batches for a reader: it numbers texts and segments in reading order. */
export class GroupedBatchBuilder {
  private batch: GroupedBatch = emptyBatch();

  get count(): number {
    return this.batch.count;
  }

  get chars(): number {
    return this.batch.chars;
  }

  segment(segment: Segment): void {
    const b = this.batch;
    b.segments.push(segment);
    b.segmentOrders.push(b.count++);
    b.chars += segment.text.length;
  }

  /** Adds a text to a group; a group joins the batch with its first text. */
  text(group: TextGroup, text: string): void {
    const b = this.batch;
    if (group.texts.length === 0) b.groups.push(group);
    group.texts.push(text);
    group.orders.push(b.count++);
    b.chars += text.length;
  }

  /**
   * Reserves reading orders for `count` texts of `chars` characters that a reader lays into its groups itself;
   * returns the first. `join` adds a group to the batch (once: on its first text).
   */
  reserve(count: number, chars: number): number {
    const b = this.batch;
    const first = b.count;
    b.count += count;
    b.chars += chars;
    return first;
  }

  join(group: TextGroup): void {
    this.batch.groups.push(group);
  }

  /** The batch so far, and a fresh one for what follows (its groups must be new objects too). */
  take(): GroupedBatch {
    const b = this.batch;
    this.batch = emptyBatch();
    return b;
  }
}

function emptyBatch(): GroupedBatch {
  // `release` present from the start: every batch has one shape.
  return { segments: [], segmentOrders: [], groups: [], count: 0, chars: 0, release: undefined };
}

/** A group's text i as a segment of its own. */
export function groupSegment(group: TextGroup, i: number, text = group.texts[i]): Segment {
  const location = group.location(i);
  return group.keywordContext ? { text, location, keywordContext: group.keywordContext } : { text, location };
}

/** A grouped batch as ordinary segments, in reading order (extractObject, the one-segment-at-a-time readers). */
export function segmentsOf(batch: GroupedBatch): Segment[] {
  const out = new Array<Segment>(batch.count);
  batch.segments.forEach((s, i) => (out[batch.segmentOrders[i]] = s));
  for (const g of batch.groups) for (let i = 0; i < g.texts.length; i++) out[g.orders[i]] = groupSegment(g, i);
  return out;
}

export function isGroupedBatch(x: unknown): x is GroupedBatch {
  return typeof x === 'object' && x !== null && !Array.isArray(x) && 'groups' in x;
}
