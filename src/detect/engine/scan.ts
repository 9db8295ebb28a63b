/**
 * Runs a compiled selection over one text: prefilter windows → each rule's regex only inside its windows →
 * validator → documented-example ignore list → allow lists → overlap resolution → custom identifiers → sorted output.
 *
 * Overlaps between managed detections are resolved per cluster of overlapping candidates: the longest match wins,
 * then the higher priority (catalog `priority`, then a checksum-validated rule over an unvalidated one), then the
 * smaller identifier ID; winners never overlap. Custom identifiers are reported beside managed ones (Macie counts
 * them separately). Output is sorted by start, then end, then type.
 */
import type { ScanLimits } from '../../common/index.js';
import type { CompiledAllowLists } from '../allow-list.js';
import type { CompiledCustomIdentifier } from '../custom.js';
import { RECORD_SEPARATOR, type DetectContext, type Detection, type IdentifierSpec, type Scanner } from '../types.js';
import type { Prefilter } from './prefilter.js';
import { contextHasKeyword, contextTokens } from './proximity.js';

export interface CompiledRule {
  index: number;
  identifierIndex: number;
  id: string;
  /** Global regex, run over a slice of text around each window. */
  re: RegExp;
  /** Sticky copy, for windows that allow exactly one start offset (gates with no lookbehind). */
  sticky: RegExp;
  maxLength: number;
  /** regexExtent of the pattern: the most characters a match attempt reads from its start (Infinity: unknown). */
  scanLength: number;
  validate?: (value: string) => boolean;
  priority: number;
  /** MatchRule.run: ASCII class (1 = in it) and length of the run every match contains. */
  run?: { cls: Uint8Array; min: number };
}

export interface CompiledIdentifier {
  spec: IdentifierSpec;
  ignore: Set<string>;
  keywordRuleIndexes: number[];
}

export interface CompiledParts {
  identifiers: CompiledIdentifier[];
  rules: CompiledRule[];
  prefilter: Prefilter;
  custom: CompiledCustomIdentifier[];
  allowLists?: CompiledAllowLists;
  limits: ScanLimits;
}

interface Candidate { start: number; end: number; rule: CompiledRule }

/** Longest value a rule matches unless its catalog entry says otherwise. */
export const DEFAULT_MAX_VALUE_LENGTH = 256;

/** How ignore-list values and matches are compared: separators (space . - /) removed, upper case. */
export const normalizeValue = (v: string): string => v.replace(/[\s.\-/]/g, '').toUpperCase();

export class CompiledScanner implements Scanner {
  private readonly parts: CompiledParts;
  /** Per-rule flat [start, end] window lists, reused between scans to spare allocations. */
  private readonly windows: number[][];
  private readonly touched: number[] = [];
  /** Per-rule flat [keywordStart, distance] pairs: keywords that follow a value on its line (`4952 5198 8252 (Aadhaar)`). */
  private readonly befores: number[][];
  private readonly touchedBefore: number[] = [];
  /**
   * Context names repeat for every value under them (a CSV column, a JSON path), so the keyword rules a context opens
   * are worked out once per distinct context: matching every identifier's keywords on each call cost more than the
   * scan of a short cell itself.
   */
  private readonly contextRules = new Map<string, { tokens: ReturnType<typeof contextTokens>[]; rules: number[] }>();

  constructor(parts: CompiledParts) {
    this.parts = parts;
    this.windows = parts.rules.map(() => []);
    this.befores = parts.rules.map(() => []);
    this.skipped = new Uint8Array(parts.rules.length);
    parts.rules.forEach((rule, r) => {
      const list = this.rulesOf.get(rule.id);
      if (list) list.push(r);
      else this.rulesOf.set(rule.id, [r]);
    });
  }

  private rulesForContext(names: string[]): { tokens: ReturnType<typeof contextTokens>[]; rules: number[] } {
    const key = names.join('\u0000');
    let hit = this.contextRules.get(key);
    if (!hit) {
      const tokens = names.map(contextTokens);
      const rules: number[] = [];
      for (const ident of this.parts.identifiers) {
        const { keywords, contextKeywords = [] } = ident.spec;
        if (ident.keywordRuleIndexes.length > 0 && (keywords.some((k) => contextHasKeyword(tokens, k)) || contextKeywords.some((k) => contextHasKeyword(tokens, k)))) {
          rules.push(...ident.keywordRuleIndexes);
        }
      }
      hit = { tokens, rules };
      if (this.contextRules.size >= 10_000) this.contextRules.clear();
      this.contextRules.set(key, hit);
    }
    return hit;
  }

  /** Per rule: 1 while its identifier is skipped (DetectContext.skipTypes), so no window is opened for it. */
  private readonly skipped: Uint8Array;
  /** Rule indexes per identifier ID: a skip set (one or two capped types) marks its rules without asking it per rule. */
  private readonly rulesOf = new Map<string, number[]>();
  private skipping = false;

  /** Bound once and handed to the prefilter (no closure per scan). */
  private readonly open = (rule: number, start: number, end: number): void => {
    if (this.skipping && this.skipped[rule] === 1) return;
    const w = this.windows[rule];
    if (w.length === 0) this.touched.push(rule);
    w.push(start, end);
  };

  /** For separated texts: a keyword's window ends at the next separator. */
  private text = '';
  private readonly openClipped = (rule: number, start: number, end: number, keyword: boolean): void => {
    if (this.skipping && this.skipped[rule] === 1) return;
    if (keyword) {
      // A keyword's window stays in the keyword's text.
      const sep = this.text.indexOf(RECORD_SEPARATOR, start);
      this.open(rule, start, sep >= 0 && sep < end ? sep : end);
    } else {
      // An anchor's look-behind stays in the anchor's text.
      const sep = end > 0 ? this.text.lastIndexOf(RECORD_SEPARATOR, end - 1) : -1;
      this.open(rule, sep >= start ? sep + 1 : start, end);
    }
  };

  private readonly openBefore = (rule: number, keywordStart: number, distance: number): void => {
    const w = this.befores[rule];
    if (w.length === 0) this.touchedBefore.push(rule);
    w.push(keywordStart, distance);
  };

  scan(text: string, ctx?: DetectContext): Detection[] {
    const { identifiers, rules, prefilter, custom, allowLists, limits } = this.parts;
    const windows = this.windows;
    const touched = this.touched;
    const open = this.open;
    touched.length = 0;
    this.touchedBefore.length = 0;

    const skip = ctx?.skipTypes !== undefined && ctx.skipTypes.size > 0 ? ctx.skipTypes : undefined;
    this.skipping = skip !== undefined;
    if (skip) {
      const skipped = this.skipped;
      skipped.fill(0);
      for (const id of skip) for (const r of this.rulesOf.get(id) ?? []) skipped[r] = 1;
    }
    const context = ctx?.keywordContext?.length ? this.rulesForContext(ctx.keywordContext) : undefined;
    const tokens = context?.tokens;
    // A keyword in a context name covers every value of the text.
    if (context) for (const r of context.rules) open(r, 0, text.length);
    const separated = ctx?.separated === true;
    this.text = text;
    prefilter.run(text, separated ? this.openClipped : open, this.openBefore);
    this.text = '';

    const candidates: Candidate[] = [];
    sortSmall(touched);
    for (const r of touched) {
      if (skip !== undefined && this.skipped[r] === 1) {
        windows[r].length = 0;
        continue;
      }
      collectRule(text, rules[r], windows[r], identifiers[rules[r].identifierIndex], candidates, allowLists);
      windows[r].length = 0;
    }
    for (const r of this.touchedBefore) {
      if (skip !== undefined && this.skipped[r] === 1) {
        this.befores[r].length = 0;
        continue;
      }
      collectBefore(text, rules[r], this.befores[r], identifiers[rules[r].identifierIndex], candidates, allowLists, separated);
      this.befores[r].length = 0;
    }

    const out: Detection[] = [];
    if (candidates.length > 0) {
      // Made only for texts with candidates: most texts (and batches of short cells) have none.
      const perType = new Map<string, number>();
      for (const c of resolveOverlaps(separated ? candidates.filter((k) => !spans(text, k.start, k.end)) : candidates)) {
        const spec = identifiers[c.rule.identifierIndex].spec;
        const n = perType.get(spec.id) ?? 0;
        if (n >= limits.maxMatchesPerTypePerText) continue;
        perType.set(spec.id, n + 1);
        out.push({ type: spec.id, category: spec.category, start: c.start, end: c.end });
      }
    }
    // Managed detections come out of resolveOverlaps sorted by start, and their starts differ: only custom ones need a sort.
    const managed = out.length;
    for (const ci of custom) {
      for (const [start, end] of ci.match(text, tokens, limits.maxMatchesPerTypePerText)) {
        if (allowLists?.isAllowed(text.slice(start, end))) continue;
        if (separated && spans(text, start, end)) continue;
        out.push({ type: ci.id, category: 'CUSTOM_IDENTIFIER', start, end, custom: { id: ci.id, name: ci.name } });
      }
    }
    if (out.length > managed && out.length > 1) out.sort(byDetection);
    return out;
  }
}

/**
 * Run one rule's regex only where its windows allow a match to start. A window that allows one offset uses the sticky
 * regex there; a wider one runs the global regex over a slice from one character before the window (lookbehind
 * context) to `maxLength` + 1 characters after it (room for the value and one character of lookahead context), so no
 * regex ever scans beyond its windows.
 */
function collectRule(
  text: string,
  rule: CompiledRule,
  flat: number[],
  ident: CompiledIdentifier,
  out: Candidate[],
  allowLists: CompiledAllowLists | undefined,
): void {
  // Sort the [start, end] pairs by start (stable) and merge touching ones, in place: no array per window.
  const count = sortPairs(flat);
  let w = 0;
  for (let i = 0; i < count; i++) {
    const s = flat[2 * i];
    const e = flat[2 * i + 1];
    if (w > 0 && s <= flat[2 * w - 1] + 1) flat[2 * w - 1] = Math.max(flat[2 * w - 1], e);
    else {
      flat[2 * w] = s;
      flat[2 * w + 1] = Math.min(e, text.length);
      w++;
    }
  }
  let done = 0; // matches never overlap earlier accepted ones of the same rule
  for (let k = 0; k < w; k++) {
    const a = flat[2 * k];
    const b = flat[2 * k + 1];
    if (b < done) continue;
    const from = Math.max(a, done);
    if (from === b) {
      rule.sticky.lastIndex = from;
      const m = rule.sticky.exec(text);
      if (m !== null && accept(from, m[0], rule, ident, out, allowLists)) done = from + m[0].length;
      continue;
    }
    const base = Math.max(0, from - 1);
    // A regex that reads at most scanLength characters from a start gets no more than that after the window.
    const sliceEnd = Math.min(text.length, b + Math.min(rule.maxLength, rule.scanLength) + 1);
    // Every match would lie in [from, sliceEnd): without the run it must contain, the regex cannot match there.
    if (rule.run !== undefined && !hasRun(text, from, sliceEnd, rule.run)) continue;
    const slice = text.slice(base, sliceEnd);
    const re = rule.re;
    re.lastIndex = from - base;
    let m: RegExpExecArray | null;
    while ((m = re.exec(slice)) !== null) {
      const start = base + m.index;
      if (start > b) break;
      if (accept(start, m[0], rule, ident, out, allowLists)) {
        done = start + m[0].length;
        re.lastIndex = m.index + Math.max(1, m[0].length);
      } else re.lastIndex = m.index + 1;
    }
  }
}

/** Whether [start, end) holds a record separator (a match across two texts of a batch). */
function spans(text: string, start: number, end: number): boolean {
  const sep = text.indexOf(RECORD_SEPARATOR, start);
  return sep >= 0 && sep < end;
}

/** How far back from a following keyword a value may start, at most (values longer than this need a keyword before). */
const MAX_BEFORE_VALUE = 64;

/**
 * Values followed by a keyword: a match that ends at most `distance` characters before the keyword's start, on the same
 * line (a keyword on the next line belongs to the next record, not to this value).
 */
function collectBefore(
  text: string,
  rule: CompiledRule,
  flat: number[],
  ident: CompiledIdentifier,
  out: Candidate[],
  allowLists: CompiledAllowLists | undefined,
  separated: boolean,
): void {
  let last = -1;
  for (let i = 0; i < flat.length; i += 2) {
    const ks = flat[i];
    if (ks === last) continue;
    last = ks;
    const distance = flat[i + 1];
    // Walk back at most as far as a value may start, stopping at a line break (or a separator).
    const limit = Math.max(0, ks - distance - Math.min(rule.maxLength, MAX_BEFORE_VALUE));
    let from = ks;
    while (from > limit) {
      const c = text.charCodeAt(from - 1);
      if (c === 10 || c === 13 || (separated && c === 0x1e)) break;
      from--;
    }
    if (from >= ks) continue;
    const base = Math.max(0, from - 1);
    const sliceEnd = Math.min(text.length, ks + 1);
    if (rule.run !== undefined && !hasRun(text, from, sliceEnd, rule.run)) continue;
    const slice = text.slice(base, sliceEnd);
    const re = rule.re;
    re.lastIndex = from - base;
    let m: RegExpExecArray | null;
    while ((m = re.exec(slice)) !== null) {
      const start = base + m.index;
      const end = start + m[0].length;
      if (end <= ks && end >= ks - distance && accept(start, m[0], rule, ident, out, allowLists)) re.lastIndex = m.index + Math.max(1, m[0].length);
      else re.lastIndex = m.index + 1;
    }
  }
}

/** Whether text[from, to) holds `run.min` consecutive characters of the run's class (MatchRule.run). */
export function hasRun(text: string, from: number, to: number, run: { cls: Uint8Array; min: number }): boolean {
  const { cls, min } = run;
  if (to - from < min) return false;
  let k = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c < 128 && cls[c] === 1) {
      if (++k >= min) return true;
    } else k = 0;
  }
  return false;
}

/** MatchRule.run compiled: the class as a 128-entry table. */
export function compileRun(run: { chars: string; min: number }): { cls: Uint8Array; min: number } {
  const re = new RegExp(`^[${run.chars}]$`);
  const cls = new Uint8Array(128);
  for (let c = 0; c < 128; c++) if (re.test(String.fromCharCode(c))) cls[c] = 1;
  return { cls, min: run.min };
}

const byFirst = (a: [number, number], b: [number, number]): number => a[0] - b[0];
const byStart = (a: Candidate, b: Candidate): number => a.start - b.start;
const byDetection = (a: Detection, b: Detection): number => a.start - b.start || a.end - b.end || (a.type < b.type ? -1 : a.type > b.type ? 1 : 0);
const byStartThenLongest = (a: Candidate, b: Candidate): number => a.start - b.start || b.end - a.end;
/** Longest first, then higher priority, then smaller ID, then earlier start. */
const byStrength = (a: Candidate, b: Candidate): number =>
  b.end - b.start - (a.end - a.start) ||
  b.rule.priority - a.rule.priority ||
  (a.rule.id < b.rule.id ? -1 : a.rule.id > b.rule.id ? 1 : 0) ||
  a.start - b.start;
const ascending = (a: number, b: number): number => a - b;

/** Sorts numbers in place: insertion sort for the few rules a text touches (Array#sort's setup cost more). */
function sortSmall(xs: number[]): void {
  if (xs.length > 32) {
    xs.sort(ascending);
    return;
  }
  for (let i = 1; i < xs.length; i++) {
    const x = xs[i];
    let j = i - 1;
    while (j >= 0 && xs[j] > x) {
      xs[j + 1] = xs[j];
      j--;
    }
    xs[j + 1] = x;
  }
}

/**
 * Sorts a flat [start, end, …] list by start, keeping the order of equal starts (as a stable sort of the pairs would),
 * and returns the number of pairs. Windows arrive mostly in text order (a JSON column's hundreds of windows often in
 * order), so insertion sort is near linear; past a budget of moves, a stable sort of pair tuples finishes the job (an
 * insertion sort keeps equal starts in order, so what it has done already leaves the stable sort's result the same).
 */
export function sortPairs(flat: number[]): number {
  const count = flat.length >> 1;
  let budget = count > 64 ? 4 * count : Infinity;
  for (let i = 1; i < count; i++) {
    const s = flat[2 * i];
    if (flat[2 * i - 2] <= s) continue;
    const e = flat[2 * i + 1];
    let j = i - 1;
    while (j >= 0 && flat[2 * j] > s) {
      flat[2 * j + 2] = flat[2 * j];
      flat[2 * j + 3] = flat[2 * j + 1];
      j--;
      budget--;
    }
    flat[2 * j + 2] = s;
    flat[2 * j + 3] = e;
    if (budget < 0) {
      sortPairsStable(flat, count);
      break;
    }
  }
  return count;
}

function sortPairsStable(flat: number[], count: number): void {
  const pairs: Array<[number, number]> = [];
  for (let i = 0; i < count; i++) pairs.push([flat[2 * i], flat[2 * i + 1]]);
  pairs.sort(byFirst);
  for (let i = 0; i < count; i++) {
    flat[2 * i] = pairs[i][0];
    flat[2 * i + 1] = pairs[i][1];
  }
}

/** Validate, ignore-list and allow-list one match; record it when it survives. (A plain function: no closure per call.) */
function accept(
  start: number,
  value: string,
  rule: CompiledRule,
  ident: CompiledIdentifier,
  out: Candidate[],
  allowLists: CompiledAllowLists | undefined,
): boolean {
  if (value.length === 0) return false;
  if (rule.validate !== undefined && !rule.validate(value)) return false;
  if (allZeroDigits(value)) return false;
  if (ident.ignore.size > 0 && ident.ignore.has(normalizeValue(value))) return false;
  if (allowLists?.isAllowed(value)) return false;
  out.push({ start, end: start + value.length, rule });
  return true;
}

/** Macie ignores values whose digits are all zero (`X0000000T`, `000-00-0000`); five digits or more make a number. */
function allZeroDigits(value: string): boolean {
  if (value.indexOf('0') < 0) return false; // most values (names, words) have no zero: no loop over them
  let digits = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 49 && c <= 57) return false;
    if (c === 48) digits++;
  }
  return digits >= 5;
}

/**
 * Longest, then higher priority, then smaller ID wins within each cluster of overlapping candidates. Winners never
 * overlap and are never empty, so their starts differ and the clusters, taken in order, give them sorted by start.
 */
function resolveOverlaps(cands: Candidate[]): Candidate[] {
  if (cands.length <= 1) return cands;
  cands.sort(byStartThenLongest);
  const winners: Candidate[] = [];
  // Clusters are runs cands[from, i) (no array or closure per cluster: a scan of a dense text has hundreds).
  let from = 0;
  let clusterEnd = cands[0].end;
  for (let i = 1; i <= cands.length; i++) {
    if (i < cands.length && cands[i].start < clusterEnd) {
      clusterEnd = Math.max(clusterEnd, cands[i].end);
      continue;
    }
    if (i - from === 1) winners.push(cands[from]);
    // Two candidates of a cluster overlap: the stronger wins (the first on a tie, as a stable sort would keep it).
    else if (i - from === 2) winners.push(byStrength(cands[from], cands[from + 1]) <= 0 ? cands[from] : cands[from + 1]);
    else {
      const cluster = cands.slice(from, i).sort(byStrength);
      const kept: Candidate[] = [];
      for (const c of cluster) if (kept.every((k) => c.end <= k.start || c.start >= k.end)) kept.push(c);
      if (kept.length > 1) kept.sort(byStart);
      winners.push(...kept);
    }
    if (i < cands.length) {
      from = i;
      clusterEnd = cands[i].end;
    }
  }
  return winners;
}
