/**
 * HTML and XML: the text and attribute values (and comments and CDATA, where secrets hide as often as in text),
 * never the markup itself. XML element and attribute names are kept too: they name the data (as JSON member names
 * and CSV headers do) and so serve as keywords; HTML's tag and attribute names are presentation and are blanked. The file is turned into a same-length view in which every character of markup (tag and
 * attribute names, brackets, quotes, declarations) is a space and newlines stay, so the plain text segmenter gives
 * Macie's `lineRanges` with the exact line and column of each value in the original file, and keywords still reach
 * the values near them. Entities are left as written. Bounds: the file is held whole up to maxDocumentBytes; a larger
 * one is read as plain text (markup included), which is how Macie reads these types.
 */
import { Tokenizer } from 'htmlparser2';
import type { ScanLimits } from '../common/index.js';
import { decodeText, type TextEncodingName } from './decode.js';
import { segmentLines } from './text.js';
import type { ByteSource, Segment } from './types.js';

type Limits = Pick<ScanLimits, 'maxSegmentChars' | 'maxLineBytes' | 'maxDocumentBytes'>;

export async function* readMarkup(source: ByteSource, limits: Limits, xmlMode: boolean, encoding?: TextEncodingName): AsyncGenerator<Segment> {
  const chunks: string[] = [];
  let length = 0;
  const decoded = decodeText(source, encoding)[Symbol.asyncIterator]();
  for (;;) {
    const next = await decoded.next();
    if (next.done) break;
    chunks.push(next.value);
    length += next.value.length;
    if (length > limits.maxDocumentBytes) {
      // Too big to hold: plain text from here on (what was read so far included).
      yield* segmentLines(rest(chunks, decoded), limits);
      return;
    }
  }
  yield* segmentLines(once(contentView(chunks.join(''), xmlMode)), limits);
}

async function* once(text: string): AsyncGenerator<string> {
  yield text;
}

async function* rest(first: string[], more: AsyncIterator<string>): AsyncGenerator<string> {
  yield* first;
  for (;;) {
    const next = await more.next();
    if (next.done) return;
    yield next.value;
  }
}

/** The source with markup blanked: same length, same newlines, only content characters kept. */
export function contentView(source: string, xmlMode: boolean): string {
  const keep: number[] = []; // [start, end) pairs
  const mark = (start: number, end: number): void => {
    if (end > start) keep.push(start, end);
  };
  const noop = (): void => {};
  const tokenizer = new Tokenizer(
    { xmlMode, decodeEntities: false },
    {
      ontext: mark,
      onattribdata: mark,
      oncomment: (start, end, offset) => mark(start, end - offset),
      oncdata: (start, end, offset) => mark(start, end - offset),
      onattribentity: noop,
      onattribend: noop,
      // XML names are data's names (like JSON member names and CSV headers): kept, so they act as keywords.
      onattribname: xmlMode ? mark : noop,
      onclosetag: xmlMode ? mark : noop,
      ondeclaration: noop,
      onend: noop,
      onopentagend: noop,
      onopentagname: xmlMode ? mark : noop,
      onprocessinginstruction: noop,
      onselfclosingtag: noop,
      ontextentity: noop,
    },
  );
  tokenizer.write(source);
  tokenizer.end();
  const out: string[] = [];
  let at = 0;
  const blank = (from: number, to: number): void => {
    if (to > from) out.push(source.slice(from, to).replace(/[^\n]/g, ' '));
  };
  // Ranges arrive in source order and never overlap.
  for (let i = 0; i < keep.length; i += 2) {
    const start = Math.max(keep[i], at);
    const end = Math.min(keep[i + 1], source.length);
    if (end <= start) continue;
    blank(at, start);
    out.push(source.slice(start, end));
    at = end;
  }
  blank(at, source.length);
  return out.join('');
}
