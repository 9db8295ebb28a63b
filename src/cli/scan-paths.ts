/**
 * A folder entry's path, as `join(folder, name)` gives it, and its absolute path, as `resolve(folder, name)` does,
 * without normalizing the whole path again for every entry: `join` in the listing and `resolve` in each JSON result
 * were ~2% of a 1,000-file text scan's CPU profile (path.normalizeString).
 */
import { join, resolve } from 'node:path';

/** A plain name (no separator, not `.` or `..`): normalization leaves it alone, as it does any entry's name. */
const PROBE = 'x';

export interface FolderPaths {
  /** `join(folder, name)` for an entry `name` of the folder. */
  entry(name: string): string;
  /** `resolve(folder, name)`, the entry's absolute path. */
  absolute(name: string): string;
}

/** The folder's normalized prefixes, computed once: a directory entry's name is never `.`, `..` or holds a separator. */
export function folderPaths(folder: string): FolderPaths {
  const joined = join(folder, PROBE).slice(0, -PROBE.length);
  const resolved = resolve(folder, PROBE).slice(0, -PROBE.length);
  return { entry: (name) => joined + name, absolute: (name) => resolved + name };
}
