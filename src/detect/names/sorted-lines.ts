/**
 * Membership in a newline-separated list sorted by UTF-16 code units (`Array#sort`'s default order) with no repeated
 * lines. Splitting and hashing the name lists costs ~11 ms of CPU, paid by every process that looks up one name; a
 * binary search over the text itself costs nothing up front but more per lookup than a Set. So a list is searched until
 * it has been asked often enough for its Set to pay (a CSV of names asks hundreds of thousands of times, a text scan a
 * few thousand), then hashed.
 */

/**
 * Lookups a list answers by search before its Set is built. A text scan of 60 MB asks ~1,600 times in all; the first
 * searches run in V8's interpreter (~2 µs each, against ~0.5 µs optimized and ~0.1 µs from a Set).
 */
export const SEARCHES_BEFORE_SET = 2048;

export class SortedLines {
  private searches = 0;
  private set: Set<string> | undefined;

  /** `lines` must be sorted and unique as above. */
  constructor(private readonly lines: string) {}

  has(key: string): boolean {
    if (this.set !== undefined) return this.set.has(key);
    if (++this.searches > SEARCHES_BEFORE_SET) {
      this.set = new Set(this.lines.split('\n'));
      return this.set.has(key);
    }
    return hasLine(this.lines, key);
  }
}

/** Whether `key` is one of `lines`' lines, by binary search. A key holding '\n' never matches. */
export function hasLine(lines: string, key: string): boolean {
  // [lo, hi) holds whole lines: lo is a line's start, hi a line's start or one past the text's end. Few bytecodes a
  // step (string builtins, not character loops): the first lookups of a process run in V8's interpreter.
  let lo = 0;
  let hi = lines.length + 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    // The line holding mid (mid at a '\n' belongs to the line it ends); it starts at or after lo, a line start.
    const start = mid === 0 ? 0 : lines.lastIndexOf('\n', mid - 1) + 1;
    let end = lines.indexOf('\n', mid);
    if (end < 0) end = lines.length;
    const line = lines.slice(start, end);
    if (key === line) return true;
    if (key < line) hi = start;
    else lo = end + 1;
  }
  return false;
}
