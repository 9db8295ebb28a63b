/**
 * The native candidate pass (src/detect/native/candidates.c, built by `npm ci` through node-gyp into
 * build/Release/sift_candidates.node). When it is missing (a build without a compiler) or SIFT_NATIVE=0, the
 * prefilter runs the same pass in JavaScript: same events, about a fifth of the speed.
 */
import { createRequire } from 'node:module';

export interface NativeCandidates {
  /** outStart/outLen: per state, the folded lengths of its outputs that need a word edge before them (-1: none). */
  compile(
    classOf: Uint8Array, delta: Uint32Array | Uint16Array, outStart: Uint32Array, outLen: Int32Array, shift: number, shapes: number,
    /** Per output: 1 when it needs a word edge after it. */
    outTrail?: Uint8Array,
    /** Per output: offset of its exact text in `exact`, or -1; `exact` holds each as [length, UTF-16 units…]. */
    outExact?: Int32Array,
    exact?: Uint16Array,
    /** Per ibanPrefix hit's two letters (A = 0): the shortest run one of its actions takes (minRun), 255 for none. */
    ibanMin?: Uint8Array | null,
    /**
     * The word table: words looked up by hash at capitalised word starts (kind 4 events: [4, word end, ordinal]),
     * each as [length, UTF-16 units…]; keyword word characters only, the first A-Z.
     */
    words?: Uint16Array | null,
    /** Per ibanPrefix hit's two letters: the IBAN length whose check (iban_confirm) a hit must pass, 0 for none. */
    ibanLen?: Uint8Array | null,
  ): unknown;
  /** Set by builds that take `words` and `ibanLen` (an older build would ignore them). */
  readonly wordTable?: boolean;
  /**
   * Events as [kind, position, extra] triples; returns the count, or -(slots needed) when `events` is too small.
   * `oneByte`: every character of `text` is below U+0100 (`isOneByte`): the addon copies and scans it one byte a
   * character, with the same events. A text with a wider character must not be passed so (only its low bytes would be
   * scanned). An older build ignores it.
   */
  scan(automaton: unknown, text: string, events: Int32Array, oneByte?: boolean): number;
  /**
   * The string of `bytes` as an external string (memory malloc'd by the addon, freed when the string is collected):
   * ASCII bytes (`ascii`) or valid UTF-8. Absent on a Node without node_api_create_external_string_* (before 20.4).
   */
  text?(bytes: Uint8Array, ascii: boolean): string;
}

let loaded: NativeCandidates | null | undefined;

/** The addon, or undefined when it is not built or is turned off. Loaded once per process (thread). */
export function nativeCandidates(): NativeCandidates | undefined {
  if (loaded === undefined) {
    loaded = null;
    if (process.env.SIFT_NATIVE !== '0') {
      try {
        // src/detect/engine and dist/detect/engine are both three levels below the package root.
        loaded = createRequire(import.meta.url)('../../../build/Release/sift_candidates.node') as NativeCandidates;
      } catch {
        loaded = null;
      }
    }
  }
  return loaded ?? undefined;
}

/**
 * The native pass's maker of external strings for long texts (extract's LargeTextMaker), or undefined (no addon, an
 * addon or a Node without it, SIFT_NATIVE=0).
 */
export function largeTextMaker(): ((bytes: Uint8Array, ascii: boolean) => string) | undefined {
  const lib = nativeCandidates();
  return lib?.text !== undefined ? lib.text.bind(lib) : undefined;
}

/** Matches a character from U+0100 on. */
const WIDE_CHARACTER = /[^\x00-\xff]/;

/**
 * Whether every character of `text` is below U+0100 (scan's `oneByte`). Cheap for the texts that are: V8 keeps such a
 * string one byte a character when it was made so (decoded from bytes that are), and its one-byte code for this
 * pattern fails at once; a UTF-16 string is searched up to its first wide character.
 */
export function isOneByte(text: string): boolean {
  return !WIDE_CHARACTER.test(text);
}
