/**
 * Selecting one page of events in (timestamp, sequence) order from segments whose events are in ingestion order.
 *
 * Segments are visited by their time bounds (earliest first going forward, latest first going backward) and every
 * candidate event goes into a bounded heap that keeps the `limit` first keys (and at most `maxBytes` of messages).
 * Once the heap is full and the next segment starts after the heap's worst key, no later segment can contribute and
 * the page is complete. Memory is the heap plus one read chunk, however large the group.
 *
 * A scan budget (events) bounds the work of one call: when it runs out the page is cut at the time where the first
 * unvisited segment starts, so every event before that frontier has been seen and the next call resumes there.
 */
import type { SegmentSummary } from './manifest.js';
import { scanSegment } from './segment-file.js';
import {
  EVENT_OVERHEAD_BYTES,
  RECORD_HEADER_BYTES,
  recordIngestionTime,
  recordMessage,
  recordSeq,
  recordStreamId,
  recordTimestamp,
} from './record.js';

/** A position in a group's total order of events. */
export interface EventKey {
  ts: number;
  seq: number;
}

export interface PageEvent extends EventKey {
  streamId: number;
  ingestionTime: number;
  message: string;
  bytes: number;
}

export interface PageQuery {
  direction: 'forward' | 'backward';
  /** Exclusive bound in the direction of travel: forward returns keys > from, backward keys < from. */
  from: EventKey;
  /** Inclusive time window. */
  minTs: number;
  maxTs: number;
  /** Streams to read. */
  streamIds: ReadonlySet<number>;
  match?: (message: string) => boolean;
  limit: number;
  maxBytes: number;
  /** Events scanned before the page is cut (forward only). */
  scanBudget?: number;
}

export interface PageResult {
  /** Ascending by key, whatever the direction. */
  events: PageEvent[];
  /** Events scanned (read from disk and checked). */
  scanned: number;
  /** True when the heap filled up: more matching events may follow the page. */
  full: boolean;
  /** Set when the scan budget cut the page: every event with timestamp < frontierTs has been considered. */
  frontierTs?: number;
}

export const compareKeys = (a: EventKey, b: EventKey): number => a.ts - b.ts || a.seq - b.seq;

/** A binary heap whose root is the worst kept event (largest key going forward, smallest going backward). */
class WorstFirstHeap {
  readonly items: PageEvent[] = [];
  bytes = 0;
  constructor(private readonly worse: (a: EventKey, b: EventKey) => boolean) {}
  get size(): number {
    return this.items.length;
  }
  get root(): PageEvent | undefined {
    return this.items[0];
  }
  push(e: PageEvent): void {
    const a = this.items;
    a.push(e);
    this.bytes += e.bytes;
    let i = a.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.worse(a[i], a[parent])) break;
      [a[i], a[parent]] = [a[parent], a[i]];
      i = parent;
    }
  }
  pop(): PageEvent | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (top === undefined || last === undefined) return undefined;
    this.bytes -= top.bytes;
    if (a.length > 0) {
      a[0] = last;
      let i = 0;
      while (true) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && this.worse(a[l], a[m])) m = l;
        if (r < a.length && this.worse(a[r], a[m])) m = r;
        if (m === i) break;
        [a[i], a[m]] = [a[m], a[i]];
        i = m;
      }
    }
    return top;
  }
}

/** Time bounds of what a segment holds of the selected streams, or undefined when it holds none of them. */
function boundsFor(seg: SegmentSummary, streamIds: ReadonlySet<number>): { lo: number; hi: number } | undefined {
  let lo = Infinity;
  let hi = -Infinity;
  for (const id of streamIds) {
    const slice = seg.streams[id];
    if (!slice) continue;
    if (slice.minTs < lo) lo = slice.minTs;
    if (slice.maxTs > hi) hi = slice.maxTs;
  }
  return lo === Infinity ? undefined : { lo, hi };
}

export async function selectPage(segments: readonly { summary: SegmentSummary; path: string }[], q: PageQuery): Promise<PageResult> {
  const forward = q.direction === 'forward';
  const candidates: { path: string; end: number; lo: number; hi: number }[] = [];
  for (const { summary, path } of segments) {
    if (summary.count === 0) continue;
    const b = boundsFor(summary, q.streamIds);
    if (!b || b.hi < q.minTs || b.lo > q.maxTs) continue;
    if (forward ? b.hi < q.from.ts : b.lo > q.from.ts) continue;
    candidates.push({ path, end: summary.fileBytes, lo: b.lo, hi: b.hi });
  }
  candidates.sort(forward ? (a, b) => a.lo - b.lo : (a, b) => b.hi - a.hi);

  const heap = new WorstFirstHeap(forward ? (a, b) => compareKeys(a, b) > 0 : (a, b) => compareKeys(a, b) < 0);
  let full = false;
  let scanned = 0;
  let frontierTs: number | undefined;
  const { from, minTs, maxTs, streamIds, match, limit, maxBytes } = q;
  const fromTs = from.ts;
  const fromSeq = from.seq;

  for (let i = 0; i < candidates.length; i++) {
    const seg = candidates[i];
    const worst = heap.root;
    if (full && worst && (forward ? seg.lo > worst.ts : seg.hi < worst.ts)) break;
    // Cut only where the resume point (seg.lo - 1, ∞) is past `from`, so that successive pages always progress.
    if (forward && q.scanBudget !== undefined && scanned >= q.scanBudget && seg.lo - 1 > from.ts) {
      frontierTs = seg.lo;
      break;
    }
    await scanSegment(seg.path, seg.end, (buf, off, length) => {
      scanned++;
      const ts = recordTimestamp(buf, off);
      if (ts < minTs || ts > maxTs) return;
      const streamId = recordStreamId(buf, off);
      if (!streamIds.has(streamId)) return;
      const seq = recordSeq(buf, off);
      if (forward ? ts < fromTs || (ts === fromTs && seq <= fromSeq) : ts > fromTs || (ts === fromTs && seq >= fromSeq)) return;
      // A full heap only takes keys better than its worst: checked before the message is even decoded.
      if (full) {
        const root = heap.root as PageEvent;
        if (forward ? ts > root.ts || (ts === root.ts && seq >= root.seq) : ts < root.ts || (ts === root.ts && seq <= root.seq)) return;
      }
      const message = recordMessage(buf, off, length);
      if (match && !match(message)) return;
      heap.push({ ts, seq, streamId, ingestionTime: recordIngestionTime(buf, off), message, bytes: length - RECORD_HEADER_BYTES + EVENT_OVERHEAD_BYTES });
      if (heap.size >= limit) full = true;
      while (heap.size > limit || (heap.bytes > maxBytes && heap.size > 1)) {
        heap.pop();
        full = true;
      }
    });
  }

  let events = heap.items.sort(compareKeys);
  if (frontierTs !== undefined) {
    const cut = frontierTs;
    events = events.filter((e) => e.ts < cut);
  }
  return { events, scanned, full, frontierTs };
}
