/**
 * A case-folding Aho-Corasick automaton compiled to a dense DFA (trufflehog's keyword prefilter), used for every
 * keyword and literal anchor of a selection in one pass over the text.
 *
 * Separators (space, `_`, `-`) are skipped by the automaton, so a pattern written "credit card" also matches
 * "credit_card", "credit-card" and "creditcard". A hit reports the pattern and the offsets of its first and last
 * non-separator characters; callers verify word edges or exact case on those (rare) hits.
 */

const SEPARATORS = ' _-';
const CLASS_OTHER = 0;
const CLASS_SEP = 1;

export interface AhoCorasickHit {
  pattern: number;
  /** Offset of the first non-separator character of the hit. */
  start: number;
  /** Offset just past the last character of the hit. */
  end: number;
}

/** Lower-case and separator-free form of a pattern, as the automaton sees it. */
export const foldPattern = (p: string): string => [...p.toLowerCase()].filter((c) => !SEPARATORS.includes(c)).join('');

/** Everything a built automaton is (automaton-cache.ts stores it, fromParts restores it). */
export interface AhoCorasickParts {
  classOf: Uint8Array;
  shift: number;
  delta: Int32Array | Uint16Array;
  outputs: number[][];
  /** Folded length per pattern. */
  lengths: number[];
}

export class AhoCorasick {
  private readonly classOf: Uint8Array;
  private readonly shift: number;
  private readonly delta: Int32Array | Uint16Array;
  private readonly outputs: number[][];
  private readonly hasOutput: Uint8Array;
  /** Folded length per pattern (non-separator characters). */
  private readonly lengths: number[];

  /** An automaton from the parts of one built before (the same patterns give the same parts). */
  static fromParts(parts: AhoCorasickParts): AhoCorasick {
    return new AhoCorasick([], parts);
  }

  /** The built automaton's tables, shared, not copied (callers must not change them). */
  parts(): AhoCorasickParts {
    return { classOf: this.classOf, shift: this.shift, delta: this.delta, outputs: this.outputs, lengths: this.lengths };
  }

  constructor(patterns: readonly string[], restored?: AhoCorasickParts) {
    if (restored) {
      this.classOf = restored.classOf;
      this.shift = restored.shift;
      this.delta = restored.delta;
      this.outputs = restored.outputs;
      this.lengths = restored.lengths;
      this.hasOutput = new Uint8Array(this.outputs.length);
      for (let s = 0; s < this.outputs.length; s++) if (this.outputs[s].length > 0) this.hasOutput[s] = 1;
      return;
    }
    this.classOf = new Uint8Array(65536);
    const folded = patterns.map(foldPattern);
    this.lengths = folded.map((f) => f.length);
    // Character classes: one per distinct folded character; upper and lower case share a class.
    let classes = 2;
    for (const c of SEPARATORS) this.classOf[c.charCodeAt(0)] = CLASS_SEP;
    for (const f of folded) {
      for (const ch of f) {
        const code = ch.charCodeAt(0);
        if (this.classOf[code] !== CLASS_OTHER) continue;
        if (classes >= 255) throw new Error('too many distinct pattern characters');
        const cls = classes++;
        this.classOf[code] = cls;
        const upper = ch.toUpperCase();
        if (upper.length === 1) this.classOf[upper.charCodeAt(0)] = cls;
      }
    }
    this.shift = Math.max(1, Math.ceil(Math.log2(classes)));
    const width = 1 << this.shift;

    // Trie.
    const goto: Array<Map<number, number>> = [new Map()];
    const out: number[][] = [[]];
    folded.forEach((f, pi) => {
      if (f.length === 0) return;
      let s = 0;
      for (const ch of f) {
        const c = this.classOf[ch.charCodeAt(0)];
        let next = goto[s].get(c);
        if (next === undefined) {
          next = goto.length;
          goto.push(new Map());
          out.push([]);
          goto[s].set(c, next);
        }
        s = next;
      }
      out[s].push(pi);
    });

    // Failure links by BFS, folded into a dense transition table.
    const states = goto.length;
    const delta = states < 65536 ? new Uint16Array(states * width) : new Int32Array(states * width);
    const fail = new Int32Array(states);
    const queue: number[] = [];
    for (let c = 0; c < width; c++) {
      const next = goto[0].get(c);
      if (next !== undefined) {
        delta[c] = next;
        fail[next] = 0;
        queue.push(next);
      }
    }
    for (let qi = 0; qi < queue.length; qi++) {
      const s = queue[qi];
      out[s] = out[s].concat(out[fail[s]]);
      for (let c = 0; c < width; c++) {
        const next = goto[s].get(c);
        if (next !== undefined) {
          fail[next] = delta[fail[s] * width + c];
          delta[s * width + c] = next;
          queue.push(next);
        } else delta[s * width + c] = delta[fail[s] * width + c];
      }
    }
    this.delta = delta;
    this.outputs = out;
    this.hasOutput = new Uint8Array(states);
    for (let s = 0; s < states; s++) if (out[s].length > 0) this.hasOutput[s] = 1;
  }

  /** The dense tables, for the native candidate pass (native.ts), which runs the same DFA in C. */
  tables(): { classOf: Uint8Array; delta: Uint32Array | Uint16Array; outputs: readonly (readonly number[])[]; lengths: readonly number[]; shift: number } {
    // Uint16 tables go to the native pass as they are (copying 2 MB of the whole catalog cost ~15 ms per process).
    return { classOf: this.classOf, delta: this.delta instanceof Uint16Array ? this.delta : Uint32Array.from(this.delta), outputs: this.outputs, lengths: this.lengths, shift: this.shift };
  }

  /** Report the patterns of accepting `state` reached just before `end` (a native event), as `scan` would. */
  hitsAt(text: string, state: number, end: number, onHit: (pattern: number, start: number, end: number) => void): void {
    for (const p of this.outputs[state]) onHit(p, this.startOf(text, end - 1, this.lengths[p]), end);
  }

  /** Call `onHit` for every occurrence of every pattern, in text order of the hit ends. */
  scan(text: string, onHit: (pattern: number, start: number, end: number) => void): void {
    const classOf = this.classOf;
    const delta = this.delta;
    const hasOutput = this.hasOutput;
    const shift = this.shift;
    const n = text.length;
    let s = 0;
    for (let i = 0; i < n; i++) {
      const c = classOf[text.charCodeAt(i)];
      if (c === CLASS_SEP) continue;
      s = delta[(s << shift) | c];
      if (hasOutput[s] === 1) {
        for (const p of this.outputs[s]) onHit(p, this.startOf(text, i, this.lengths[p]), i + 1);
      }
    }
  }

  /** Walk back over `len` non-separator characters ending at `last`. */
  private startOf(text: string, last: number, len: number): number {
    let k = last;
    let seen = 1;
    while (seen < len) {
      k--;
      if (this.classOf[text.charCodeAt(k)] !== CLASS_SEP) seen++;
    }
    return k;
  }
}
