/**
 * The prefilter decides where each rule's regex may run, so the cost of a scan grows with the hits rather than with
 * the size of the catalog (trufflehog/gitleaks keywords). Two passes over the text:
 *
 *  - one Aho-Corasick DFA pass over every keyword and literal anchor of the selection (a single V8 regex alternation
 *    of ~650 literals measured 5–50 MB/s; the DFA runs at ~200 MB/s); hits are then checked for word edges (keywords)
 *    or exact text (anchors);
 *  - one native regex pass per named shape gate and keyword pattern.
 *
 * A keyword hit ending at e opens the window [e, e + distance] for the starts of its identifiers' values; an anchor or
 * shape hit at s opens [s - lookbehind, s]. Windows are collected per rule as flat [start, end] pairs.
 */
import type { ShapeGateName } from '../types.js';
import { AhoCorasick, foldPattern } from './aho-corasick.js';

/** Named shape gates: cheap native regexes that locate candidates for rules without literal anchors. */
export const shapeGates: Readonly<Record<ShapeGateName, string>> = Object.freeze({
  // 13-19 digit card numbers, grouped or not: two groups of four digits are always present.
  cardDigits: String.raw`\b[0-9]{4}[ -]?[0-9]{4}`,
  // IBANs: country letters, check digits, then at least eight more characters.
  ibanPrefix: String.raw`\b[A-Z]{2}[0-9]{2}[ -]?[0-9A-Z]{4}[ -]?[0-9A-Z]{4}`,
  // Phone numbers written with a country code.
  intlPhone: String.raw`\+[1-9][0-9]?[0-9]?[ .(-]{0,2}[0-9]`,
});

export type TriggerAction = { kind: 'keyword'; rule: number; distance: number } | { kind: 'gate'; rule: number; lookbehind: number };

export interface PrefilterInput {
  /** Keyword (as written in the catalog) → actions. */
  keywords: Map<string, TriggerAction[]>;
  /** Literal anchors → actions, split by case mode; anchors in `wholeWordAnchors` must stand as whole words. */
  anchorsInsensitive: Map<string, TriggerAction[]>;
  anchorsSensitive: Map<string, TriggerAction[]>;
  wholeWordAnchors: Set<string>;
  /** Regex sources (case-sensitive) → actions: shape gates and keyword patterns. */
  patterns: Map<string, TriggerAction[]>;
}

export type RangeSink = (rule: number, start: number, end: number) => void;

interface LiteralEntry {
  text: string;
  kind: 'keyword' | 'anchor';
  caseSensitive: boolean;
  /** Keywords of ≤ 4 folded characters and whole-word anchors must end at a word edge too. */
  trailingEdge: boolean;
  /** Anchors that must also start at a word edge. */
  leadingEdge: boolean;
  /** For anchors: characters from the anchor's start to just past its last non-separator character. */
  coreLength: number;
  actions: TriggerAction[];
}

/** Letters and digits (ASCII and Latin-1/Latin Extended) form words; anything else is a word edge. */
function isWordCode(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 0xc0 && c <= 0x24f && c !== 0xd7 && c !== 0xf7);
}

export class Prefilter {
  private readonly literals: LiteralEntry[] = [];
  private readonly automaton?: AhoCorasick;
  /** One native regex per shape gate / keyword pattern: separate passes measured faster than one alternation. */
  private readonly shapes: Array<{ re: RegExp; actions: TriggerAction[] }> = [];

  constructor(input: PrefilterInput) {
    for (const [text, actions] of input.keywords) {
      this.literals.push({ text, kind: 'keyword', caseSensitive: false, trailingEdge: foldPattern(text).length <= 4, leadingEdge: true, coreLength: 0, actions });
    }
    const addAnchors = (map: Map<string, TriggerAction[]>, caseSensitive: boolean): void => {
      for (const [text, actions] of map) {
        const core = text.replace(/[ _-]+$/, '').length;
        const whole = input.wholeWordAnchors.has(text);
        this.literals.push({ text, kind: 'anchor', caseSensitive, trailingEdge: whole, leadingEdge: whole, coreLength: core, actions });
      }
    };
    addAnchors(input.anchorsInsensitive, false);
    addAnchors(input.anchorsSensitive, true);
    this.literals = this.literals.filter((l) => foldPattern(l.text).length > 0);
    if (this.literals.length > 0) this.automaton = new AhoCorasick(this.literals.map((l) => l.text));

    for (const [source, actions] of input.patterns) this.shapes.push({ re: new RegExp(source, 'g'), actions });
  }

  private text = '';
  private sink: RangeSink = () => {};
  /** Bound once: the automaton calls it for every literal hit (no closure per scan). */
  private readonly onLiteral = (index: number, start: number, end: number): void => {
    const text = this.text;
    const lit = this.literals[index];
    if (lit.kind === 'keyword') {
      if (start > 0 && isWordCode(text.charCodeAt(start - 1))) return;
      if (lit.trailingEdge && end < text.length && isWordCode(text.charCodeAt(end))) return;
      for (const a of lit.actions) if (a.kind === 'keyword') this.sink(a.rule, end, end + a.distance);
      return;
    }
    const anchorStart = end - lit.coreLength;
    if (anchorStart < 0) return;
    const ok = lit.caseSensitive
      ? text.startsWith(lit.text, anchorStart)
      : text.slice(anchorStart, anchorStart + lit.text.length).toLowerCase() === lit.text.toLowerCase();
    if (!ok) return;
    if (lit.leadingEdge && anchorStart > 0 && isWordCode(text.charCodeAt(anchorStart - 1))) return;
    if (lit.trailingEdge && end < text.length && isWordCode(text.charCodeAt(end))) return;
    for (const a of lit.actions) if (a.kind === 'gate') this.sink(a.rule, Math.max(0, anchorStart - a.lookbehind), anchorStart);
  };

  /** Report every window opened by the text. */
  run(text: string, sink: RangeSink): void {
    if (this.automaton) {
      this.text = text;
      this.sink = sink;
      this.automaton.scan(text, this.onLiteral);
      this.text = '';
    }
    for (const { re, actions } of this.shapes) {
      re.lastIndex = 0;
      let m: RegExpExecArray | null;
      while ((m = re.exec(text)) !== null) {
        const start = m.index;
        const end = start + m[0].length;
        for (const a of actions) {
          if (a.kind === 'keyword') sink(a.rule, end, end + a.distance);
          else sink(a.rule, Math.max(0, start - a.lookbehind), start);
        }
        // Step one character so a gate starting inside this hit is still seen.
        re.lastIndex = start + 1;
      }
    }
  }
}
