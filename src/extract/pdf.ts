/**
 * PDF: the text of every page in reading order (pdf.js's text layer, each text line ending with a newline), one
 * segment per page with Macie's `pages` location (pageNumber, 1-based). Pages without text (scanned images) give
 * nothing, as Macie does not analyse images. A PDF that needs a password to open is skipped with
 * UNABLE_TO_PARSE_FILE (AWS does not document the reason for this case); one pdf.js cannot parse, the same.
 * Bounds: the file is held whole up to maxDocumentBytes; at most maxPdfPages pages are read (PARTIAL past it);
 * pdf.js runs without eval, fonts or network, with its own limits on images and object streams.
 */
import type { ScanLimits } from '../common/index.js';
import { valueSegments, type ValueLimits } from './long-values.js';
import { ExtractError, type ByteSource, type ReaderContext, type Segment } from './types.js';
import { readWhole } from './whole.js';

type Limits = Pick<ScanLimits, 'maxDocumentBytes' | 'maxPdfPages'> & ValueLimits;

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
let pdfjs: Promise<PdfJs> | undefined;
/** Loaded on first use: pdf.js is large and most scans never meet a PDF. */
function loadPdfJs(): Promise<PdfJs> {
  pdfjs ??= import('pdfjs-dist/legacy/build/pdf.mjs');
  return pdfjs;
}

interface TextItemLike {
  str?: string;
  hasEOL?: boolean;
}

export async function* readPdf(source: ByteSource, limits: Limits, ctx: ReaderContext): AsyncGenerator<Segment> {
  const data = await readWhole(source, limits.maxDocumentBytes, 'pdf');
  const lib = await loadPdfJs();
  const task = lib.getDocument({
    // pdf.js refuses Buffers; a plain view over the same memory is enough.
    data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    useWorkerFetch: false,
    disableAutoFetch: true,
    disableStream: true,
    stopAtErrors: false,
    verbosity: 0,
    maxImageSize: 1,
    enableXfa: false,
  });
  let doc: Awaited<typeof task.promise>;
  try {
    doc = await task.promise;
  } catch (err) {
    await task.destroy().catch(() => {});
    const name = (err as Error)?.name;
    if (name === 'PasswordException') throw new ExtractError('UNABLE_TO_PARSE_FILE', 'pdf: the file is encrypted with a password');
    throw new ExtractError('UNABLE_TO_PARSE_FILE', `pdf: ${((err as Error)?.message ?? String(err)).slice(0, 200)}`);
  }
  try {
    const pages = Math.min(doc.numPages, limits.maxPdfPages);
    if (doc.numPages > limits.maxPdfPages) ctx.partial('FILE_EXCEEDS_SIZE_LIMIT', `pdf: only the first ${limits.maxPdfPages} of ${doc.numPages} pages are read`);
    for (let pageNumber = 1; pageNumber <= pages; pageNumber++) {
      let text: string;
      try {
        const page = await doc.getPage(pageNumber);
        const content = await page.getTextContent();
        text = pageText(content.items as TextItemLike[]);
        page.cleanup();
      } catch (err) {
        if (pageNumber === 1) throw err;
        ctx.partial('UNABLE_TO_PARSE_FILE', `pdf: page ${pageNumber}: ${((err as Error)?.message ?? String(err)).slice(0, 200)}`);
        continue;
      }
      if (text.length > 0) yield* valueSegments(text, { kind: 'page', pageNumber }, limits);
    }
  } catch (err) {
    if (err instanceof ExtractError) throw err;
    throw new ExtractError('UNABLE_TO_PARSE_FILE', `pdf: ${((err as Error)?.message ?? String(err)).slice(0, 200)}`, true);
  } finally {
    await doc.destroy().catch(() => {});
  }
}

function pageText(items: readonly TextItemLike[]): string {
  let out = '';
  for (const item of items) {
    if (typeof item.str !== 'string') continue;
    out += item.str;
    if (item.hasEOL) out += '\n';
  }
  return out;
}
