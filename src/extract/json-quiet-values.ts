/**
 * Values that repeat under one name path (a status, a tier, a city, a count: JSON records of one shape) and have no
 * detection there. The native pass gives a short ASCII string value or number an id (its value table: the same id is
 * the same text); the second time an id comes under a name path its text is asked about (ReaderContext.quiet with the
 * path's names as keyword context), and from then on a quiet one is left out of the scan's batches without a slice.
 * Not the first time: most values under a path of unique values (ids, amounts, names) never come again, and asking
 * about one is a scan of its own, dearer than its share of the batch it is scanned in anyway.
 * Sound by the batcher's contract: a group is scanned `separated`, each text finding what it finds alone with the
 * group's keyword context, so a text quiet once under a name path is quiet every time under it (a per-file cap only
 * ever removes detections). Bounded: an answer byte per id, at most MAX_ASKS scans per name path (and the reader's own
 * budget per file, json.ts).
 */
export class QuietValues {
  private readonly answers = new Uint8Array(VALUE_IDS);
  private asks = 0;

  /** Whether the value with this id is known to be quiet here. */
  knows(id: number): boolean {
    return this.answers[id] === QUIET;
  }

  /**
   * Whether the value with this id may be asked about here: seen here once before (this sighting is noted), not asked
   * yet, and this path's budget not spent.
   */
  mayAsk(id: number): boolean {
    if (id >= VALUE_IDS) return false;
    const answer = this.answers[id];
    if (answer === UNKNOWN) {
      this.answers[id] = SEEN;
      return false;
    }
    return answer === SEEN && this.asks < MAX_ASKS;
  }

  /** Asks whether `text` (the value with this id, see mayAsk) is quiet under `names`; the answer is kept. */
  ask(id: number, text: string, names: string[], quiet: (text: string, keywordContext?: string[]) => boolean): boolean {
    this.asks++;
    const answer = quiet(text, names.length > 0 ? names : undefined);
    this.answers[id] = answer ? QUIET : LOUD;
    return answer;
  }
}

/** An id's answer byte: not seen here yet, quiet, not quiet, or seen once and not asked yet. */
const UNKNOWN = 0;
const QUIET = 1;
const LOUD = 2;
const SEEN = 3;

/** Ids the native pass gives at most (json-structure.c's MAX_NAMES; a larger id is never asked about). */
const VALUE_IDS = 512;
const MAX_ASKS = 64;
