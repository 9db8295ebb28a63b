/**
 * How many rows a page's next chunk asks for (GetLogEvents; FilterLogEvents without a pattern). A page ends at
 * MAX_PAGE_BYTES (~8,000 events of ~130 bytes) or after `limit` events, and whatever its last chunk read past that
 * end was read for nothing: the next page reads it again. With fixed 2,000-row chunks that was ~1,800 of every ~8,200
 * rows, found, sent and decoded twice. So the first chunk asks for `first` rows and each later one for what the
 * page's remaining bytes hold at the page's average event so far, plus a margin (1/64 and 16 rows), at most `max`.
 * An estimate too small costs one more chunk, never a different page: a chunk's size only bounds the walk's step.
 */
export interface PageChunkSizes {
  /** Rows of a page's first chunk (no event size known yet). */
  first: number;
  /** Rows of any chunk. */
  max: number;
}

export function pageChunkRows(sizes: PageChunkSizes, eventsLeft: number, page: { events: number; bytes: number; maxBytes: number }): number {
  if (page.events === 0) return Math.max(1, Math.min(sizes.first, eventsLeft));
  const average = page.bytes / page.events;
  const fit = Math.ceil(Math.max(0, page.maxBytes - page.bytes) / average);
  return Math.max(1, Math.min(sizes.max, eventsLeft, fit + (fit >> 6) + 16));
}
