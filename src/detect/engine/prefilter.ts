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
import { loadAutomaton } from './automaton-cache.js';
import { cardConfirmedAt } from './card-confirm.js';
import { ibanConfirmedAt } from './iban-confirm.js';
import { isOneByte, nativeCandidates, type NativeCandidates } from './native.js';

/**
 * Named shape gates: cheap patterns that locate candidates for rules without literal anchors. Each must start at a
 * word edge (`\b`) except intlPhone; the JavaScript pass checks that edge itself, because `\b` in front of a regex
 * keeps V8 from its fast scanning loop (58 MB/s against 300 MB/s measured), and the native pass implements them in C.
 */
export const shapeGates: Readonly<Record<ShapeGateName, string>> = Object.freeze({
  // 13-19 digit card numbers, grouped or not: two groups of four digits are always present.
  cardDigits: String.raw`[0-9]{4}[ -]?[0-9]{4}`,
  // IBANs (either case): country letters, check digits, then at least eight more characters.
  ibanPrefix: String.raw`[A-Za-z]{2}[0-9]{2}[ -]?[0-9A-Za-z]{4}[ -]?[0-9A-Za-z]{4}`,
  // Phone numbers written with a country code.
  intlPhone: String.raw`\+[1-9][0-9]?[0-9]?[ .(-]{0,2}[0-9]`,
});
const SHAPE_NAMES: readonly ShapeGateName[] = ['cardDigits', 'ibanPrefix', 'intlPhone'];
const SHAPE_NEEDS_EDGE: readonly boolean[] = [true, true, false];
/** Runs are counted up to this length (no rule needs more; it bounds the work on adversarial digit soup). */
const RUN_CAP = 64;
const isAsciiDigit = (c: number): boolean => c >= 48 && c <= 57;
const isAsciiAlnum = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

/**
 * Length of the run that starts at `i` (GateSpec.minRun): digits (cardDigits) or ASCII letters and digits
 * (ibanPrefix), each optionally followed by one space or hyphen; the native pass counts the same (run_length).
 */
export function runLength(text: string, i: number, alnum: boolean): number {
  const n = text.length;
  const ok = alnum ? isAsciiAlnum : isAsciiDigit;
  let k = 0;
  let j = i;
  while (j < n && k < RUN_CAP) {
    const c = text.charCodeAt(j);
    if (ok(c)) {
      k++;
      j++;
    } else if (k > 0 && (c === 32 || c === 45) && j + 1 < n && ok(text.charCodeAt(j + 1))) j++;
    else break;
  }
  return k;
}

/** \b's word characters. */
const isRegexWordCode = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
/** Whether `\b` (without the u or i flag) holds at position i of text. */
const wordEdgeAt = (text: string, i: number): boolean =>
  (i > 0 && isRegexWordCode(text.charCodeAt(i - 1))) !== (i < text.length && isRegexWordCode(text.charCodeAt(i)));

export type TriggerAction =
  | { kind: 'keyword'; rule: number; distance: number }
  | {
      kind: 'gate'; rule: number; lookbehind: number; /** upper case */ prefix?: string; /** GateSpec.minRun */ minRun?: number; /** GateSpec.confirm */ confirm?: 'cardNumber';
      /** An IBAN rule the hit's check is exact for (iban-confirm.ts): its length. Hits whose IBAN fails open nothing. */
      ibanLength?: number;
    };

export interface PrefilterInput {
  /** Keyword (as written in the catalog) → actions. */
  keywords: Map<string, TriggerAction[]>;
  /** Literal anchors → actions, split by case mode; anchors in `wholeWordAnchors` must stand as whole words. */
  anchorsInsensitive: Map<string, TriggerAction[]>;
  anchorsSensitive: Map<string, TriggerAction[]>;
  wholeWordAnchors: Set<string>;
  /** Named shape gates → actions. */
  shapes: Map<ShapeGateName, TriggerAction[]>;
  /** Regex sources (case-sensitive) → actions: keyword patterns. */
  patterns: Map<string, TriggerAction[]>;
  /** Keyword-pattern hits that never count as context (documented example values, e.g. AWS's example key id). */
  patternIgnore?: ReadonlySet<string>;
  /** Use the native pass when it is built (default true; false forces the JavaScript pass, for tests). */
  useNative?: boolean;
  /** Apply GateSpec.confirm (default true; false opens every shape window, for the tests that compare the two). */
  confirmShapes?: boolean;
  /**
   * Let the native pass look whole-word case-sensitive anchors up by hash (its word table) instead of stepping them in
   * the automaton (default true; false keeps them in the automaton, for the benchmark and tests that compare the two).
   */
  nativeWords?: boolean;
}

/** `keyword`: the window follows a keyword (it starts at the keyword's end); otherwise it ends at an anchor or shape. */
export type RangeSink = (rule: number, start: number, end: number, keyword: boolean) => void;
/** A keyword starting at `keywordStart` also covers a value that ends at most `distance` characters before it. */
export type BeforeSink = (rule: number, keywordStart: number, distance: number) => void;

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
  /** A literal prefix of keyword pattern `pattern` (index in Prefilter.patterns): its hits run that pattern there. */
  pattern?: number;
  /** foldPattern(text).length, worked out once (build() asks for it per automaton output). */
  foldedLength?: number;
  /** text.toLowerCase() when text is ASCII (foldedEqualAt's fast path), else undefined. */
  lowerAscii?: string;
}

/**
 * Whether text.slice(at, at + lit.text.length).toLowerCase() === lit.text.toLowerCase(), without making either string
 * when both are ASCII (every case-insensitive anchor hit asks); otherwise it makes them (Unicode case mapping can change
 * lengths, e.g. U+0130).
 */
export function foldedEqualAt(text: string, at: number, lit: { text: string; lowerAscii?: string }): boolean {
  const lower = lit.lowerAscii;
  const n = lit.text.length;
  if (lower !== undefined && at + n <= text.length) {
    let i = 0;
    for (; i < n; i++) {
      let c = text.charCodeAt(at + i);
      if (c >= 128) break;
      if (c >= 65 && c <= 90) c += 32;
      if (c !== lower.charCodeAt(i)) return false;
    }
    if (i === n) return true;
  }
  return text.slice(at, at + n).toLowerCase() === lit.text.toLowerCase();
}

/**
 * The literals a keyword pattern must start with, when its source says so plainly: `(?:AKIA|ASIA|…)` not followed by
 * a quantifier, none a prefix of another (so no two start at one position). Otherwise undefined: the pattern then runs
 * over the whole text.
 */
export function patternPrefixes(source: string): string[] | undefined {
  const m = /^\(\?:([A-Za-z0-9]+(?:\|[A-Za-z0-9]+)*)\)(?![?*+{])/.exec(source);
  if (!m) return undefined;
  const alternatives = [...new Set(m[1].split('|'))];
  return alternatives.filter((a) => !alternatives.some((b) => b !== a && a.startsWith(b)));
}

/** Letters and digits (ASCII and Latin-1/Latin Extended) form words; anything else is a word edge. */
function isWordCode(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 0xc0 && c <= 0x24f && c !== 0xd7 && c !== 0xf7);
}

/**
 * (A = 0) * 26 + B for two ASCII letters at text[i], text[i + 1] in either case (the index of their upper-case pair),
 * else -1.
 */
export function asciiLetterPair(text: string, i: number): number {
  const a = (text.charCodeAt(i) | 0x20) - 97;
  const b = (text.charCodeAt(i + 1) | 0x20) - 97;
  return a >= 0 && a < 26 && b >= 0 && b < 26 ? a * 26 + b : -1;
}

/** Keyword word characters (isWordCode) spelled as a regex class. */
const TABLE_WORD = /^[A-Z][0-9A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f]*$/;

/**
 * Whether the native pass can find every hit of `lit` that passes onLiteral's checks by looking the word up at
 * capitalised word starts (candidates.c word_at): a case-sensitive anchor that stands as a whole word, made of word
 * characters only, first A-Z. NAME's given names are all of them, and half the automaton's states.
 */
function isTableWord(lit: LiteralEntry): boolean {
  return lit.kind === 'anchor' && lit.caseSensitive && lit.leadingEdge && lit.trailingEdge && lit.pattern === undefined &&
    lit.coreLength === lit.text.length && lit.text.length < 0x10000 && TABLE_WORD.test(lit.text);
}

export class Prefilter {
  private readonly literals: LiteralEntry[] = [];
  /** The literals the automaton steps (its outputs index this list): all of them, or those not in the word table. */
  private automatonLiterals: LiteralEntry[] = [];
  /** The native pass's word table (kind 4 events index this list). */
  private wordLiterals: LiteralEntry[] = [];
  private automaton?: AhoCorasick;
  private built = false;
  private shapeMask = 0;
  /** Every cardDigits action asks for the card number check (GateSpec.confirm): hits that fail it open nothing. */
  private confirmCards = false;
  /** Apply the IBAN check of actions with ibanLength (off with confirmShapes: false, as the card check). */
  private readonly confirmIbans: boolean;
  /** The IBAN lengths the native pass checks, by hit's letter pair (ibanLengthTable); its hits need no check again. */
  private nativeIbanLengths: Uint8Array | null = null;
  /**
   * One regex per keyword pattern: separate passes measured faster than one alternation. A leading `\b` is checked
   * here rather than by the regex (`edge`): in front of a pattern it keeps V8 from its fast scan for the literal
   * prefixes (AWS key ids: 25 MB/s with it, several hundred without).
   */
  private readonly patterns: Array<{ re: RegExp; edge: boolean; actions: TriggerAction[]; /** run at its prefixes' hits only */ sticky?: RegExp }> = [];
  /** Actions per shape gate (index in SHAPE_NAMES), and the JavaScript regexes for the fallback pass. */
  private readonly shapeActions: Array<
    | {
        any: TriggerAction[];
        byPrefix: Map<string, TriggerAction[]>;
        prefixLength: number;
        /** byPrefix by asciiLetterPair index, when every prefix is two ASCII letters. */
        byPair?: Array<TriggerAction[] | undefined>;
      }
    | undefined
  > = [];
  private readonly shapeRegexes: Array<RegExp | undefined> = [];
  private native?: { lib: NativeCandidates; handle: unknown };
  private events = new Int32Array(3 * 1024);

  constructor(readonly input: PrefilterInput) {
    this.confirmIbans = input.confirmShapes !== false;
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
    for (const l of this.literals) {
      l.foldedLength = foldPattern(l.text).length;
      if (/^[\x00-\x7f]*$/.test(l.text)) l.lowerAscii = l.text.toLowerCase();
    }
    this.literals = this.literals.filter((l) => l.foldedLength! > 0);

    for (const [source, actions] of input.patterns) {
      const edge = source.startsWith('\\b');
      const rest = edge ? source.slice(2) : source;
      // A pattern that starts with literals runs only where the automaton finds one of them (a regex pass over the
      // whole text, even without \b, cost as much as the rest of the prefilter).
      const prefixes = patternPrefixes(rest);
      const index = this.patterns.length;
      this.patterns.push({ re: new RegExp(rest, 'g'), edge, actions, ...(prefixes ? { sticky: new RegExp(rest, 'y') } : {}) });
      for (const text of prefixes ?? []) {
        this.literals.push({ text, kind: 'anchor', caseSensitive: true, trailingEdge: false, leadingEdge: false, coreLength: text.length, actions: [], pattern: index, foldedLength: foldPattern(text).length });
      }
    }
    SHAPE_NAMES.forEach((name, g) => {
      const actions = input.shapes.get(name);
      if (!actions) return;
      this.shapeMask |= 1 << g;
      // Shape hits are dispatched on their first characters (an IBAN's country code opens that country's rule only).
      const byPrefix = new Map<string, TriggerAction[]>();
      const any: TriggerAction[] = [];
      let prefixLength = 0;
      for (const a of actions) {
        if (a.kind === 'gate' && a.prefix) {
          prefixLength = a.prefix.length;
          const list = byPrefix.get(a.prefix);
          if (list) list.push(a);
          else byPrefix.set(a.prefix, [a]);
        } else any.push(a);
      }
      if (byPrefix.size > 0 && [...byPrefix.keys()].some((k) => k.length !== prefixLength)) throw new Error(`shape ${name}: prefixes of one length only`);
      let byPair: Array<TriggerAction[] | undefined> | undefined;
      if (prefixLength === 2 && [...byPrefix.keys()].every((k) => /^[A-Z]{2}$/.test(k))) {
        byPair = new Array<TriggerAction[] | undefined>(26 * 26).fill(undefined);
        for (const [k, list] of byPrefix) byPair[asciiLetterPair(k, 0)] = list;
      }
      this.shapeActions[g] = { any, byPrefix, prefixLength, ...(byPair ? { byPair } : {}) };
      if (name === 'cardDigits' && input.confirmShapes !== false && actions.every((a) => a.kind === 'gate' && a.confirm === 'cardNumber')) {
        this.confirmCards = true;
      }
      this.shapeRegexes[g] = new RegExp(shapeGates[name], 'g');
    });
  }

  /**
   * The automaton and the native pass are built on the first scan, not at compile time: `sift scan` compiles a
   * scanner to check the selection before it knows whether any text will be scanned in this thread (an empty file, or
   * files handed to worker threads), and the automaton of the whole catalog costs about 0.1 s of CPU.
   */
  private build(): void {
    if (this.built) return;
    this.built = true;
    // Bit 3 (candidates.c SHAPE_CONFIRM_CARD): the native pass makes the card number check itself.
    const mask = this.shapeMask | (this.confirmCards ? 8 : 0);
    const found = this.input.useNative === false ? undefined : nativeCandidates();
    const lib = found && (this.literals.length > 0 || mask !== 0) ? found : undefined;
    // An addon built before the word table would ignore it: then every literal stays in the automaton.
    const words = lib?.wordTable === true && this.input.nativeWords !== false;
    this.automatonLiterals = words ? this.literals.filter((l) => !isTableWord(l)) : this.literals;
    this.wordLiterals = words ? this.literals.filter(isTableWord) : [];
    if (this.automatonLiterals.length > 0) this.automaton = loadAutomaton(this.automatonLiterals.map((l) => l.text));
    if (lib) {
      const t = (this.automaton ?? new AhoCorasick([])).tables();
      // Per output, the checks the native pass makes before it calls back (JavaScript makes them again): the word edge
      // before keywords and whole-word anchors, the word edge after short keywords and whole-word anchors, and the exact
      // text of case-sensitive anchors without separators (NAME's given names: most hits are lower-case words).
      const outStart = new Uint32Array(t.outputs.length + 1);
      const outLen: number[] = [];
      const outTrail: number[] = [];
      const outExact: number[] = [];
      const exact: number[] = [];
      const exactAt = new Map<number, number>();
      t.outputs.forEach((outs, s) => {
        for (const p of outs) {
          const lit = this.automatonLiterals[p];
          outLen.push(lit.kind === 'keyword' || lit.leadingEdge ? t.lengths[p] : -1);
          outTrail.push(lit.trailingEdge ? 1 : 0);
          let at = -1;
          if (lit.kind === 'anchor' && lit.caseSensitive && lit.coreLength === lit.text.length && lit.foldedLength === lit.text.length) {
            at = exactAt.get(p) ?? -1;
            if (at < 0) {
              at = exact.length;
              exactAt.set(p, at);
              exact.push(lit.text.length);
              for (let i = 0; i < lit.text.length; i++) exact.push(lit.text.charCodeAt(i));
            }
          }
          outExact.push(at);
        }
        outStart[s + 1] = outLen.length;
      });
      const compile = (delta: Uint32Array | Uint16Array): unknown =>
        lib.compile(t.classOf, delta, outStart, Int32Array.from(outLen), t.shift, mask, Uint8Array.from(outTrail), Int32Array.from(outExact), Uint16Array.from(exact), this.ibanMinTable(), wordTable, this.nativeIbanLengths);
      const wordTable = this.wordLiterals.length > 0 ? Uint16Array.from(this.wordLiterals.flatMap((l) => [l.text.length, ...Array.from(l.text, (_, i) => l.text.charCodeAt(i))])) : null;
      // Builds with the word table take the IBAN table too (an older one would ignore it: then JavaScript checks).
      this.nativeIbanLengths = lib.wordTable === true ? this.ibanLengthTable() : null;
      let handle: unknown;
      try {
        handle = compile(t.delta);
      } catch (err) {
        // An addon built before it took Uint16 tables (a tree whose build/ was not remade): give it Uint32.
        if (!(t.delta instanceof Uint16Array)) throw err;
        handle = compile(Uint32Array.from(t.delta));
      }
      this.native = { lib, handle };
    }
  }

  /**
   * For the native pass: per ibanPrefix hit's two letters, the shortest run one of its actions opens a window for, so
   * that hits no action takes (a prefix that is no country of the selection, or a run too short for its IBAN: most of
   * them are hexadecimal ids) never reach JavaScript; shapeActionsHit applies the same minRun. Only when every action
   * has a two-letter prefix (otherwise every hit can open a window).
   */
  private ibanMinTable(): Uint8Array | null {
    const acts = this.shapeActions[1];
    if (!acts || acts.any.length > 0 || acts.prefixLength !== 2) return null;
    const table = new Uint8Array(26 * 26).fill(255);
    for (const [prefix, actions] of acts.byPrefix) {
      const a0 = prefix.charCodeAt(0) - 65;
      const a1 = prefix.charCodeAt(1) - 65;
      if (a0 < 0 || a0 > 25 || a1 < 0 || a1 > 25) return null;
      for (const a of actions) {
        const min = a.kind === 'gate' ? Math.min(a.minRun ?? 0, 254) : 0;
        table[a0 * 26 + a1] = Math.min(table[a0 * 26 + a1], min);
      }
    }
    return table;
  }

  /**
   * For the native pass: per ibanPrefix hit's two letters, the IBAN length whose check (candidates.c iban_confirm) its
   * hits must pass, when every action of that prefix asks for the same one (shapeActionsHit checks each again).
   */
  private ibanLengthTable(): Uint8Array | null {
    const acts = this.shapeActions[1];
    if (!this.confirmIbans || !acts?.byPair || acts.any.length > 0) return null;
    const table = new Uint8Array(26 * 26);
    acts.byPair.forEach((actions, pair) => {
      const lengths = new Set(actions?.map((a) => (a.kind === 'gate' ? a.ibanLength : undefined)));
      const [only] = lengths;
      if (lengths.size === 1 && only !== undefined) table[pair] = only;
    });
    return table;
  }

  /** Whether this prefilter runs the native pass (for tests and the benchmark). */
  get usesNative(): boolean {
    this.build();
    return this.native !== undefined;
  }

  private text = '';
  private sink: RangeSink = () => {};
  private before: BeforeSink = () => {};
  /** Bound once: the automaton calls it for every literal hit (no closure per scan). */
  private readonly onLiteral = (index: number, start: number, end: number): void => this.literalHit(this.automatonLiterals[index], start, end);

  /** A hit of `lit` over [start, end) (start: after any separators the automaton skipped): checked, then its windows. */
  private literalHit(lit: LiteralEntry, start: number, end: number): void {
    const text = this.text;
    if (lit.pattern !== undefined) {
      this.patternAt(lit.pattern, end - lit.coreLength);
      return;
    }
    if (lit.kind === 'keyword') {
      if (start > 0 && isWordCode(text.charCodeAt(start - 1))) return;
      if (lit.trailingEdge && end < text.length && isWordCode(text.charCodeAt(end))) return;
      for (const a of lit.actions) {
        if (a.kind !== 'keyword') continue;
        this.sink(a.rule, end, end + a.distance, true);
        this.before(a.rule, start, a.distance);
      }
      return;
    }
    const anchorStart = end - lit.coreLength;
    if (anchorStart < 0) return;
    const ok = lit.caseSensitive ? text.startsWith(lit.text, anchorStart) : foldedEqualAt(text, anchorStart, lit);
    if (!ok) return;
    if (lit.leadingEdge && anchorStart > 0 && isWordCode(text.charCodeAt(anchorStart - 1))) return;
    if (lit.trailingEdge && end < text.length && isWordCode(text.charCodeAt(end))) return;
    for (const a of lit.actions) if (a.kind === 'gate') this.sink(a.rule, Math.max(0, anchorStart - a.lookbehind), anchorStart, false);
  }

  /** Keyword pattern k where one of its literal prefixes starts. */
  private patternAt(k: number, start: number): void {
    const { sticky, edge, actions } = this.patterns[k];
    if (start < 0 || !sticky) return;
    sticky.lastIndex = start;
    const m = sticky.exec(this.text);
    if (m === null) return;
    if (edge && !wordEdgeAt(this.text, start)) return;
    this.patternHit(m[0], start, actions);
  }

  /** A keyword pattern's match (value `value` at `start`) opens its actions' windows, unless it is an ignored value. */
  private patternHit(value: string, start: number, actions: readonly TriggerAction[]): void {
    if (this.input.patternIgnore?.has(value)) return;
    const end = start + value.length;
    for (const a of actions) {
      if (a.kind === 'keyword') {
        this.sink(a.rule, end, end + a.distance, true);
        this.before(a.rule, start, a.distance);
      } else this.sink(a.rule, Math.max(0, start - a.lookbehind), start, false);
    }
  }

  /** Shape g matched at `start`; `run` is runLength there (cardDigits, ibanPrefix). */
  /** `native`: reported by the native pass, which made the IBAN check of the lengths in nativeIbanLengths. */
  private shapeHit(g: number, start: number, run: number, native: boolean): void {
    const { any, byPrefix, prefixLength, byPair } = this.shapeActions[g]!;
    this.shapeActionsHit(any, start, run, 0);
    if (prefixLength > 0) {
      // Two ASCII letters (every ibanPrefix hit): a table index instead of a slice and its upper-case copy per hit.
      const pair = byPair === undefined ? -1 : asciiLetterPair(this.text, start);
      const actions = pair >= 0 ? byPair![pair] : byPrefix.get(this.text.slice(start, start + prefixLength).toUpperCase());
      const checked = native && pair >= 0 && this.nativeIbanLengths !== null ? this.nativeIbanLengths[pair] : 0;
      if (actions) this.shapeActionsHit(actions, start, run, checked);
    }
  }

  /** `ibanChecked`: the IBAN length the native pass checked this hit for (0: none). */
  private shapeActionsHit(actions: readonly TriggerAction[], start: number, run: number, ibanChecked: number): void {
    for (const a of actions) {
      if (a.kind === 'keyword') this.sink(a.rule, start, start + a.distance, true);
      else if ((a.minRun === undefined || run >= a.minRun) && (a.ibanLength === undefined || !this.confirmIbans || a.ibanLength === ibanChecked || ibanConfirmedAt(this.text, start, a.ibanLength))) {
        this.sink(a.rule, Math.max(0, start - a.lookbehind), start, false);
      }
    }
  }

  /** Report every window opened by the text. */
  run(text: string, sink: RangeSink, before: BeforeSink = () => {}): void {
    this.text = text;
    this.sink = sink;
    this.before = before;
    this.build();
    if (this.native) this.runNative(text);
    else this.runJs(text);
    for (const { re, edge, actions, sticky } of this.patterns) {
      if (sticky) continue; // run where the automaton found its prefixes
      re.lastIndex = 0;
      let m: RegExpExecArray | null;
      while ((m = re.exec(text)) !== null) {
        const start = m.index;
        // Step one character so a hit starting inside this one is still seen.
        re.lastIndex = start + 1;
        // `\b` at the start: the regex with it could match nowhere at this position, so the search goes on at the next.
        if (edge && wordEdgeAt(text, start) === false) continue;
        this.patternHit(m[0], start, actions);
      }
    }
    this.text = '';
  }

  private runNative(text: string): void {
    const { lib, handle } = this.native!;
    const oneByte = isOneByte(text);
    let n = lib.scan(handle, text, this.events, oneByte);
    if (n < 0) {
      this.events = new Int32Array(-n);
      n = lib.scan(handle, text, this.events, oneByte);
    }
    const ev = this.events;
    for (let k = 0; k < n * 3; k += 3) {
      const kind = ev[k];
      if (kind === 0) this.automaton!.hitsAt(text, ev[k + 2], ev[k + 1], this.onLiteral);
      else if (kind === 4) {
        // A word of the table ends at ev[k + 1] (candidates.c word_at).
        const lit = this.wordLiterals[ev[k + 2]];
        this.literalHit(lit, ev[k + 1] - lit.text.length, ev[k + 1]);
      } else this.shapeHit(kind - 1, ev[k + 1], ev[k + 2], true);
    }
  }

  private runJs(text: string): void {
    if (this.automaton) this.automaton.scan(text, this.onLiteral);
    for (let g = 0; g < SHAPE_NAMES.length; g++) {
      const re = this.shapeRegexes[g];
      if (!re) continue;
      const edge = SHAPE_NEEDS_EDGE[g];
      re.lastIndex = 0;
      let m: RegExpExecArray | null;
      while ((m = re.exec(text)) !== null) {
        const start = m.index;
        if ((!edge || start === 0 || !isRegexWordCode(text.charCodeAt(start - 1))) && (g !== 0 || !this.confirmCards || cardConfirmedAt(text, start))) {
          this.shapeHit(g, start, g < 2 ? runLength(text, start, g === 1) : 0, false);
        }
        re.lastIndex = start + 1;
      }
    }
  }
}
