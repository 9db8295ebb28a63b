/**
 * The JSON tokenizer's native structural pass (json-structure.c, built by `npm ci` through node-gyp into
 * build/Release/sift_json_structure.node). When it is missing (a build without a compiler), SIFT_NATIVE=0, or the
 * machine is big-endian (the chunk's UTF-16 is written little-endian for it), JsonTokenizer reads everything itself.
 */
import { createRequire } from 'node:module';
import { endianness } from 'node:os';

export interface JsonStructurePass {
  /**
   * Reads `units[state[FROM], state[TO])` (UTF-16 code units, or a Uint8Array: valid UTF-8 bytes, see json-chunks.ts)
   * from the tokenizer's state, writes completed tokens as [kind, from, to, line] into `events` (their number into
   * state[EVENTS]) and the state reached back; returns where it stopped: `to`, a token it leaves to the tokenizer, or a
   * full event array. With `names`, short ASCII member names are interned (see namesInts); with `values` too (of the
   * same length), short ASCII string values and numbers, as the event kinds 1024 + id and 2048 + id.
   */
  scan(units: Uint16Array | Uint8Array, state: Int32Array, stack: Uint8Array, events: Int32Array, names?: Int32Array, values?: Int32Array): number;
  /**
   * The length of scan's `names` (an Int32Array, zeroed, kept for as long as its ids are used): with it an ASCII member
   * name of at most 16 characters comes as the event kind 32 + its id, the same id for the same text (json-structure.c).
   */
  readonly namesInts: number;
  /**
   * Valid UTF-8 `bytes[from, to)`: the index after the character that brings its UTF-16 length to `units` or more (a
   * surrogate pair is never split), or `to`.
   */
  utf16End(bytes: Uint8Array, from: number, to: number, units: number): number;
}

let loaded: JsonStructurePass | null | undefined;

/** The addon, or undefined when it is not built or is turned off. Loaded once per process (thread). */
export function jsonStructurePass(): JsonStructurePass | undefined {
  if (loaded === undefined) {
    loaded = null;
    if (process.env.SIFT_NATIVE !== '0' && endianness() === 'LE') {
      try {
        // src/extract/native, dist/extract/native and dist/bundles/scan are all three levels below the package root.
        loaded = createRequire(import.meta.url)('../../../build/Release/sift_json_structure.node') as JsonStructurePass;
      } catch {
        loaded = null;
      }
    }
  }
  return loaded ?? undefined;
}
