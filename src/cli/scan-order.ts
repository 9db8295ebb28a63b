/**
 * The order `sift scan` lists a folder's entries in: `localeCompare` of their names, as before, without creating ICU's
 * collator when every name is printable ASCII and the default locale is English (common/collation.ts).
 */
import { collatesAsRoot, compareRootAscii, isRootAscii } from '../common/collation.js';

/**
 * Sorts names in place as `a.localeCompare(b)` would (a folder's entries: no two names equal). `rootLocale`: the
 * answer of defaultCollatesAsRoot, given by tests.
 */
export function sortNames<T extends { name: string }>(entries: T[], rootLocale: () => boolean = collatesAsRoot): T[] {
  if (entries.length < 2) return entries;
  const fast = entries.every((e) => isRootAscii(e.name)) && rootLocale();
  return entries.sort(fast ? (x, y) => compareRootAscii(x.name, y.name) : (x, y) => x.name.localeCompare(y.name));
}
