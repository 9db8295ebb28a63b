/**
 * Legacy Word documents (.doc, Word 97–2003 in an OLE compound file), read by word-extractor: the body, then
 * headers, footers, footnotes, endnotes, comments and text boxes, as lines (Macie's `lineRanges`), in that fixed
 * order like docx.ts. An encrypted or corrupt document is skipped with UNABLE_TO_PARSE_FILE. Bounds: the file is
 * held whole up to maxDocumentBytes.
 */
import WordExtractor from 'word-extractor';
import type { ScanLimits } from '../common/index.js';
import { segmentLines } from './text.js';
import { ExtractError, type ByteSource, type Segment } from './types.js';
import { readWhole } from './whole.js';

type Limits = Pick<ScanLimits, 'maxDocumentBytes' | 'maxSegmentChars' | 'maxLineBytes'>;

interface WordDocument {
  getBody(): string;
  getHeaders(options?: { includeFooters?: boolean }): string;
  getFooters(): string;
  getFootnotes(): string;
  getEndnotes(): string;
  getAnnotations(): string;
  getTextboxes(options?: { includeHeadersAndFooters?: boolean; includeBody?: boolean }): string;
}

export async function* readDoc(source: ByteSource, limits: Limits): AsyncGenerator<Segment> {
  const data = await readWhole(source, limits.maxDocumentBytes, 'doc');
  let text: string;
  try {
    const doc = (await new WordExtractor().extract(Buffer.from(data.buffer, data.byteOffset, data.byteLength))) as WordDocument;
    const parts = [doc.getBody(), doc.getHeaders({ includeFooters: false }), doc.getFooters(), doc.getFootnotes(), doc.getEndnotes(), doc.getAnnotations(), doc.getTextboxes()];
    text = parts
      .map((p) => p.replace(/\r\n?/g, '\n'))
      .filter((p) => p.length > 0)
      .map((p) => (p.endsWith('\n') ? p : `${p}\n`))
      .join('');
  } catch (err) {
    throw new ExtractError('UNABLE_TO_PARSE_FILE', `doc: ${((err as Error)?.message ?? String(err)).slice(0, 200)}`);
  }
  yield* segmentLines(once(text), limits);
}

async function* once(text: string): AsyncGenerator<string> {
  yield text;
}
