/**
 * Membership in a newline-separated list sorted by UTF-16 code units (`Array#sort`'s default order) with no repeated
 * lines, by binary search over the text itself: nothing is split or hashed, so a lookup costs ~17 short line
 * comparisons and the first costs no more than the rest.
 */

/** Whether `key` is one of `lines`' lines. `lines` must be sorted and unique as above; a key holding '\n' never matches. */
export function hasLine(lines: string, key: string): boolean {
  // [lo, hi) holds whole lines: lo is a line's start, hi a line's start or one past the text's end.
  let lo = 0;
  let hi = lines.length + 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    // The line holding mid (mid at a '\n' belongs to the line it ends); it starts at or after lo, a line start.
    const start = mid === 0 ? 0 : lines.lastIndexOf('\n', mid - 1) + 1;
    let end = lines.indexOf('\n', start);
    if (end < 0) end = lines.length;
    const order = compareToSlice(key, lines, start, end);
    if (order === 0) return true;
    if (order < 0) hi = start;
    else lo = end + 1;
  }
  return false;
}

/** Sign of `key` against `text.slice(start, end)` in code-unit order, without making the slice. */
function compareToSlice(key: string, text: string, start: number, end: number): number {
  const length = end - start;
  const common = Math.min(key.length, length);
  for (let i = 0; i < common; i++) {
    const d = key.charCodeAt(i) - text.charCodeAt(start + i);
    if (d !== 0) return d;
  }
  return key.length - length;
}
