/**
 * Plain text of any kind (txt, log, md, html, xml, yaml, source code, email): segments of whole lines up to
 * ScanLimits.maxSegmentChars, each with the 1-based line and column of its first character. A line longer than the
 * limit (maxLineBytes, counted in characters after decoding) is cut into pieces, never buffered whole. Segments
 * overlap at every cut (seams.ts), so a value, its keyword or its context that straddles a cut is still seen whole,
 * and found once.
 */
import type { ScanLimits } from '../common/index.js';
import { bytesOf } from './bytes.js';
import { TextStream, type TextEncodingName } from './decode.js';
import { seamOverlapOf, SeamSplitter, type CutChooser, type SeamLimits, type SeamPiece } from './seams.js';
import type { ByteSource, Segment } from './types.js';

export interface TextReadOptions {
  encoding?: TextEncodingName;
}

type Limits = Pick<ScanLimits, 'maxSegmentChars' | 'maxLineBytes'> & SeamLimits;

export async function* readText(source: ByteSource, limits: Limits, options: TextReadOptions = {}): AsyncGenerator<Segment> {
  for await (const batch of readTextBatches(source, limits, options)) yield* batch;
}

/**
 * readText's segments as one batch per chunk of bytes (the scan's path: one async step per chunk), decoded and cut in
 * this one loop: the same texts as decodeText's and the same segments as segmentLineBatches'.
 */
export async function* readTextBatches(source: ByteSource, limits: Limits, options: TextReadOptions = {}): AsyncGenerator<Segment[]> {
  const decoder = new TextStream(options.encoding);
  const lines = new LineSegmenter(limits);
  const texts: string[] = [];
  for await (const chunk of bytesOf(source)) {
    decoder.push(chunk, texts);
    for (const text of texts) {
      const batch = lines.push(text);
      if (batch.length > 0) yield batch;
    }
    texts.length = 0;
  }
  const rest = decoder.end();
  if (rest) {
    const batch = lines.push(rest);
    if (batch.length > 0) yield batch;
  }
  const last = lines.end();
  if (last.length > 0) yield last;
}

/** Groups decoded text into line-aligned, overlapping segments; exported for readers that fall back to text. */
export async function* segmentLines(chunks: AsyncIterable<string>, limits: Limits): AsyncGenerator<Segment> {
  for await (const batch of segmentLineBatches(chunks, limits)) yield* batch;
}

/** segmentLines, one batch (possibly empty) per chunk. */
export async function* segmentLineBatches(chunks: AsyncIterable<string>, limits: Limits): AsyncGenerator<Segment[]> {
  const lines = new LineSegmenter(limits);
  for await (const chunk of chunks) {
    const batch = lines.push(chunk);
    if (batch.length > 0) yield batch;
  }
  const last = lines.end();
  if (last.length > 0) yield last;
}

/** Decoded text, chunk by chunk, into line-aligned overlapping segments with their line and column. */
class LineSegmenter {
  private readonly splitter: SeamSplitter;
  /** Line and column of the first character of the next piece's text. */
  private line = 1;
  private column = 1;

  constructor(limits: Limits) {
    // Segments hold at most the longer of a segment and a line (both 1 MiB by default), so no line is buffered whole.
    const maxSegment = Math.max(16, Math.min(limits.maxSegmentChars, limits.maxLineBytes));
    this.splitter = new SeamSplitter(seamOverlapOf(limits, maxSegment), maxSegment, chooseLineCut);
  }

  /** The segments a chunk of text completes (often none). */
  push(text: string): Segment[] {
    const pieces = this.splitter.push(text);
    if (pieces.length === 0) return NONE;
    const segments: Segment[] = [];
    for (const piece of pieces) {
      segments.push(this.segmentOf(piece));
      this.advancePast(piece);
    }
    return segments;
  }

  /** The last piece: no piece follows, so its newlines need no counting (a file under a segment is one such piece). */
  end(): Segment[] {
    const last = this.splitter.end();
    return last.length === 0 ? NONE : last.map((piece) => this.segmentOf(piece));
  }

  private segmentOf(piece: SeamPiece): Segment {
    return { text: piece.text, location: { kind: 'text', line: this.line, column: this.column }, ...(piece.owned ? { owned: piece.owned } : {}) };
  }

  /** Moves line and column past a piece's own text, for the piece after it. */
  private advancePast(piece: SeamPiece): void {
    const text = piece.text;
    const stop = piece.advance;
    let newlines = 0;
    let lastNewline = -1;
    for (let i = text.indexOf('\n'); i !== -1 && i < stop; i = text.indexOf('\n', i + 1)) {
      newlines++;
      lastNewline = i;
    }
    if (newlines === 0) this.column += stop;
    else {
      this.line += newlines;
      this.column = stop - lastNewline;
    }
  }
}

const NONE: Segment[] = [];

/** A segment ends after the last newline that fits; a line with no newline in reach is cut into pieces. */
const chooseLineCut: CutChooser = (buffer, from, to) => {
  const lastNewline = buffer.lastIndexOf('\n', to - 1);
  return lastNewline >= from ? lastNewline + 1 : to;
};
