/**
 * The delimited reader's native data-row pass (csv-split.c, built by `npm ci` through node-gyp into
 * build/Release/sift_csv_split.node). When it is missing (a build without a compiler), SIFT_NATIVE=0, or the machine
 * is big-endian (the chunk's UTF-16 is written little-endian for it), DelimitedParser splits rows itself.
 */
import { createRequire } from 'node:module';
import { endianness } from 'node:os';

/** state[] slots, as numbered in csv-split.c. */
export const enum Slot {
  From,
  To,
  Delimiter,
  Quoting,
  MaxField,
  MaxChars,
  MaxCount,
  Row,
  Column,
  Chars,
  Count,
  AfterCr,
  Cells,
  Slots,
}
/** Ints per cell written: start, end, row, column. */
export const CELL_INTS = 4;
/** The largest part end, row, column and count csv-split.c takes (2^30 - 1): none can then pass INT32_MAX. */
export const SPLIT_LIMIT = 0x3fffffff;

export interface CsvSplitPass {
  /**
   * Reads `units[state[From], state[To])` (a chunk's UTF-16 code units, or its Latin-1 bytes when every character is
   * at most U+00FF: the same indices either way), writes the whole data cells it finds as [start, end, row, column] into
   * `cells` (their number into state[Cells]), the row, column, characters and count reached and whether a CR ended
   * the part back into `state`; returns where it stopped (a field start).
   */
  split(units: Uint16Array | Uint8Array, state: Int32Array, cells: Int32Array): number;
  /**
   * The `gatherArgs[0]` cells split wrote, grouped by column in the order columns first appear: their units copied
   * into `joined` (of the units' type), a RECORD_SEPARATOR after each, columns side by side; per column `meta[4c ..]` = [column, end of
   * its text, end of its cells, longest cell], per cell `out[3 * (gatherArgs[2] + k) ..]` = [start in its column's
   * text, row, gatherArgs[1] + its index]. Returns the number of columns, or -1 (columns spanning GATHER_MAX or more,
   * `joined` too short: slice the cells instead).
   */
  gather(units: Uint16Array | Uint8Array, cells: Int32Array, gatherArgs: Int32Array, joined: Uint16Array | Uint8Array, meta: Int32Array, out: Int32Array): number;
}

/** The same addon's UTF-8 reading for decode.ts (latin1-text.ts). */
export interface Latin1Pass {
  /**
   * UTF-8 `bytes` whose characters are all at most U+00FF written to `out` as Latin-1 (utf8-latin1.h); returns the
   * length written, or -1 (another character, or not valid UTF-8). `out` must be at least as long as `bytes`.
   */
  latin1(bytes: Uint8Array, out: Uint8Array): number;
}

/** gather's layout (csv-split.c): at most this many cells a call; ints in its `meta` (columns and scratch). */
export const GATHER_MAX = 4096;
export const GATHER_META_INTS = 8 * GATHER_MAX;

let loaded: (CsvSplitPass & Latin1Pass) | null | undefined;

/** The addon, or undefined when it is not built or is turned off. Loaded once per process (thread). */
export function csvSplitPass(): (CsvSplitPass & Latin1Pass) | undefined {
  if (loaded === undefined) {
    loaded = null;
    if (process.env.SIFT_NATIVE !== '0' && endianness() === 'LE') {
      try {
        // src/extract/native, dist/extract/native and dist/bundles/scan are all three levels below the package root.
        loaded = createRequire(import.meta.url)('../../../build/Release/sift_csv_split.node') as CsvSplitPass & Latin1Pass;
      } catch {
        loaded = null;
      }
    }
  }
  return loaded ?? undefined;
}
