/**
 * Plain text of any kind (txt, log, md, html, xml, yaml, source code, email): segments of whole lines up to
 * ScanLimits.maxSegmentChars, each with the 1-based line and column of its first character. A line longer than the
 * limit (maxLineBytes, counted in characters after decoding) is cut into pieces, never buffered whole; a value that
 * straddles such a cut is not seen whole (the price of bounded memory).
 */
import type { ScanLimits } from '../common/index.js';
import { decodeText, type TextEncodingName } from './decode.js';
import type { ByteSource, Segment } from './types.js';

export interface TextReadOptions {
  encoding?: TextEncodingName;
}

export async function* readText(
  source: ByteSource,
  limits: Pick<ScanLimits, 'maxSegmentChars' | 'maxLineBytes'>,
  options: TextReadOptions = {},
): AsyncGenerator<Segment> {
  yield* segmentLines(decodeText(source, options.encoding), limits);
}

/** Groups decoded text into line-aligned segments; exported for readers that fall back to text. */
export async function* segmentLines(
  chunks: AsyncIterable<string>,
  limits: Pick<ScanLimits, 'maxSegmentChars' | 'maxLineBytes'>,
): AsyncGenerator<Segment> {
  const maxSegment = Math.max(16, limits.maxSegmentChars);
  const maxPiece = Math.max(16, Math.min(maxSegment, limits.maxLineBytes));
  let buffer = '';
  let line = 1;
  let column = 1;

  const emit = (cut: number): Segment => {
    const text = buffer.slice(0, cut);
    buffer = buffer.slice(cut);
    const segment: Segment = { text, location: { kind: 'text', line, column } };
    // Advance the position past `text`.
    let newlines = 0;
    let lastNewline = -1;
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) {
      newlines++;
      lastNewline = i;
    }
    if (newlines === 0) column += text.length;
    else {
      line += newlines;
      column = text.length - lastNewline;
    }
    return segment;
  };

  // Length of the trailing line that has no newline yet, kept incrementally so a huge line costs O(n).
  let openLine = 0;
  for await (const chunk of chunks) {
    buffer += chunk;
    const nl = chunk.lastIndexOf('\n');
    openLine = nl === -1 ? openLine + chunk.length : chunk.length - nl - 1;
    while (buffer.length >= maxSegment || openLine > maxPiece) {
      const cut = cutPoint(buffer, maxSegment, maxPiece);
      yield emit(cut);
      openLine = buffer.length - buffer.lastIndexOf('\n') - 1;
    }
  }
  if (buffer.length > 0) yield emit(buffer.length);
}

/** Where to end the next segment: after the last newline that fits, else a piece of a long line. */
function cutPoint(buffer: string, maxSegment: number, maxPiece: number): number {
  const window = Math.min(buffer.length, maxSegment);
  const lastNewline = buffer.lastIndexOf('\n', window - 1);
  if (lastNewline >= 0) return lastNewline + 1;
  let cut = Math.min(window, maxPiece);
  // Never split a surrogate pair.
  const code = buffer.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff && cut > 1) cut--;
  return cut;
}
