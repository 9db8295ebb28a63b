/**
 * Plain text of any kind (txt, log, md, html, xml, yaml, source code, email): segments of whole lines up to
 * ScanLimits.maxSegmentChars, each with the 1-based line and column of its first character. A line longer than the
 * limit (maxLineBytes, counted in characters after decoding) is cut into pieces, never buffered whole. Segments
 * overlap at every cut (seams.ts), so a value, its keyword or its context that straddles a cut is still seen whole,
 * and found once.
 */
import type { ScanLimits } from '../common/index.js';
import { decodeText, type TextEncodingName } from './decode.js';
import { seamOverlapOf, SeamSplitter, type CutChooser, type SeamLimits, type SeamPiece } from './seams.js';
import type { ByteSource, Segment } from './types.js';

export interface TextReadOptions {
  encoding?: TextEncodingName;
}

type Limits = Pick<ScanLimits, 'maxSegmentChars' | 'maxLineBytes'> & SeamLimits;

export async function* readText(source: ByteSource, limits: Limits, options: TextReadOptions = {}): AsyncGenerator<Segment> {
  for await (const batch of readTextBatches(source, limits, options)) yield* batch;
}

/** readText's segments as one batch per decoded chunk (the scan's path: one async step per chunk). */
export function readTextBatches(source: ByteSource, limits: Limits, options: TextReadOptions = {}): AsyncGenerator<Segment[]> {
  return segmentLineBatches(decodeText(source, options.encoding), limits);
}

/** Groups decoded text into line-aligned, overlapping segments; exported for readers that fall back to text. */
export async function* segmentLines(chunks: AsyncIterable<string>, limits: Limits): AsyncGenerator<Segment> {
  for await (const batch of segmentLineBatches(chunks, limits)) yield* batch;
}

/** segmentLines, one batch (possibly empty) per chunk. */
export async function* segmentLineBatches(chunks: AsyncIterable<string>, limits: Limits): AsyncGenerator<Segment[]> {
  // Segments hold at most the longer of a segment and a line (both 1 MiB by default), so no line is buffered whole.
  const maxSegment = Math.max(16, Math.min(limits.maxSegmentChars, limits.maxLineBytes));
  // A segment ends after the last newline that fits; a line with no newline in reach is cut into pieces.
  const chooseCut: CutChooser = (buffer, from, to) => {
    const lastNewline = buffer.lastIndexOf('\n', to - 1);
    return lastNewline >= from ? lastNewline + 1 : to;
  };
  const splitter = new SeamSplitter(seamOverlapOf(limits, maxSegment), maxSegment, chooseCut);
  // Line and column of the first character of the next piece's text.
  let line = 1;
  let column = 1;

  const toSegment = (piece: SeamPiece): Segment => {
    const segment: Segment = { text: piece.text, location: { kind: 'text', line, column }, ...(piece.owned ? { owned: piece.owned } : {}) };
    advancePast(piece);
    return segment;
  };
  /** Moves line and column past a piece's own text, for the piece after it. */
  const advancePast = (piece: SeamPiece): void => {
    const text = piece.text;
    const stop = piece.advance;
    let newlines = 0;
    let lastNewline = -1;
    for (let i = text.indexOf('\n'); i !== -1 && i < stop; i = text.indexOf('\n', i + 1)) {
      newlines++;
      lastNewline = i;
    }
    if (newlines === 0) column += stop;
    else {
      line += newlines;
      column = stop - lastNewline;
    }
  };

  for await (const chunk of chunks) {
    const pieces = splitter.push(chunk);
    if (pieces.length > 0) yield pieces.map(toSegment);
  }
  // The last piece: no piece follows, so its newlines need no counting (a file under a segment is one such piece).
  const last = splitter.end();
  if (last.length > 0) yield last.map((piece) => ({ text: piece.text, location: { kind: 'text', line, column }, ...(piece.owned ? { owned: piece.owned } : {}) }));
}
