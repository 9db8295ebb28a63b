/**
 * Seams: where a reader cuts one long stretch of text (a file's lines, a huge CSV cell, a huge JSON string) into
 * segments, neighbouring segments overlap so nothing that crosses the cut is lost. Each segment carries up to
 * `before` characters of the text ahead of its own part (keywords and lookbehind context of a value that starts just
 * after the cut) and up to `after` characters past its own part (a value that starts just before the cut is seen
 * whole). Every detection belongs to the one segment whose own part (Segment.owned) holds its first character, so a
 * value in the overlap is counted once.
 *
 * Exactness holds for every value no longer than `after` whose keyword (or context) lies within `before` characters
 * ahead of it: the defaults (1 KiB, 32 KiB) cover every managed identifier's longest value and Macie's largest
 * keyword distance; docs/limits.md says so.
 */
import { defaultScanLimits, type ScanLimits } from '../common/limits.js';
import type { Segment } from './types.js';

export type SeamLimits = Partial<Pick<ScanLimits, 'seamContextChars' | 'seamLookaheadChars'>>;

export interface SeamOverlap {
  /** Characters of context kept ahead of a segment's own part. */
  before: number;
  /** Characters read past a segment's own part. */
  after: number;
}

/** The overlap for segments of at most `maxPiece` own characters: never more than a piece on either side. */
export function seamOverlapOf(limits: SeamLimits, maxPiece: number): SeamOverlap {
  const before = limits.seamContextChars ?? defaultScanLimits.seamContextChars;
  const after = limits.seamLookaheadChars ?? defaultScanLimits.seamLookaheadChars;
  return { before: Math.max(0, Math.min(before, maxPiece)), after: Math.max(1, Math.min(after, maxPiece)) };
}

/** Whether a detection starting at `offset` of the segment's text belongs to this segment (and not a neighbour). */
export function segmentOwns(segment: Pick<Segment, 'owned'>, offset: number): boolean {
  const owned = segment.owned;
  return owned === undefined || (offset >= owned.start && offset < owned.end);
}

export interface SeamPiece {
  text: string;
  /** Absent when the stretch was never cut (the whole text is the segment's own). */
  owned?: { start: number; end: number };
  /** How far the next piece's text starts after this one's (the text a position tracker moves past). */
  advance: number;
}

/** Picks the end of a segment's own part in (from, to]; the default cuts at `to`. */
export type CutChooser = (buffer: string, from: number, to: number) => number;

const fixedCut: CutChooser = (_buffer, _from, to) => to;

const isHigh = (code: number): boolean => code >= 0xd800 && code <= 0xdbff;
const isLow = (code: number): boolean => code >= 0xdc00 && code <= 0xdfff;

/**
 * Cuts one stretch of text, fed in any number of chunks, into overlapping pieces of at most `maxPiece` own
 * characters. Memory: at most maxPiece + before + after characters plus one chunk.
 */
export class SeamSplitter {
  private buffer = '';
  /** Leading characters of the buffer that an earlier piece owns (context only). */
  private carry = 0;
  private cut = false;

  constructor(
    private readonly seam: SeamOverlap,
    private readonly maxPiece: number,
    private readonly chooseCut: CutChooser = fixedCut,
  ) {}

  /** Whether the current stretch has text pending or was already cut. */
  get active(): boolean {
    return this.cut || this.buffer.length > 0;
  }

  /** Adds text of the current stretch; returns the pieces that are ready (each has its lookahead). */
  push(text: string): SeamPiece[] {
    this.buffer += text;
    const out: SeamPiece[] = [];
    while (this.buffer.length - this.carry >= this.maxPiece + this.seam.after) out.push(this.next());
    return out;
  }

  /** Ends the current stretch: the rest as a last piece (or the whole stretch when it was never cut). */
  end(): SeamPiece[] {
    const { buffer, carry, cut } = this;
    this.reset();
    if (!cut) return buffer.length > 0 ? [{ text: buffer, advance: buffer.length }] : [];
    if (buffer.length <= carry) return [];
    return [{ text: buffer, owned: { start: carry, end: buffer.length }, advance: buffer.length }];
  }

  /** A whole stretch given at once, or its last part when `final`: `push` and, if final, `end`. */
  pieces(text: string, final: boolean): SeamPiece[] {
    if (final && !this.active) return text.length > 0 ? [{ text, advance: text.length }] : [];
    const out = this.push(text);
    if (final) out.push(...this.end());
    return out;
  }

  /** Drops the current stretch (a reader that abandons a malformed record). */
  reset(): void {
    this.buffer = '';
    this.carry = 0;
    this.cut = false;
  }

  private next(): SeamPiece {
    const buffer = this.buffer;
    const from = this.carry;
    let end = Math.min(buffer.length, Math.max(from + 1, this.chooseCut(buffer, from, from + this.maxPiece)));
    // Never split a surrogate pair: the pair belongs to one side whole.
    if (end - 1 > from && isHigh(buffer.charCodeAt(end - 1))) end--;
    let textEnd = Math.min(buffer.length, end + this.seam.after);
    if (textEnd < buffer.length && isHigh(buffer.charCodeAt(textEnd - 1))) textEnd++;
    let nextStart = Math.max(0, end - this.seam.before);
    if (nextStart > 0 && isLow(buffer.charCodeAt(nextStart))) nextStart--;
    const piece: SeamPiece = { text: buffer.slice(0, textEnd), owned: { start: from, end }, advance: nextStart };
    this.buffer = buffer.slice(nextStart);
    this.carry = end - nextStart;
    this.cut = true;
    return piece;
  }
}
