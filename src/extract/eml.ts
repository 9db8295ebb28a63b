/**
 * Email messages (.eml, RFC 5322 / MIME), decoded by postal-mime: the headers (encoded words decoded) and every text
 * part in its charset and transfer encoding make the message's own text, reported as Macie's `lineRanges` over the
 * decoded view (one line per header, a blank line, then the text body; an HTML-only body is read with its markup
 * blanked, as markup.ts does). Each attachment is handed back as an embedded file, which the dispatcher reads as the
 * format it is (a CSV attachment gives cells, a zip is expanded) and reports as a member of the message.
 * Image, audio and video parts are not analysed (Macie does not analyse media) and are not reported.
 * Bounds: the message is held whole up to maxDocumentBytes; postal-mime's own limits on nesting (64), header bytes
 * (2 MiB) and part count (10,000) apply; attachments go through the archive limits (members, depth, bytes).
 */
import PostalMime, { decodeWords, type Email } from 'postal-mime';
import type { ScanLimits } from '../common/index.js';
import type { ArchiveMember } from './archive.js';
import { segmentLines } from './text.js';
import { ExtractError, type ByteSource, type Segment } from './types.js';
import { readWhole } from './whole.js';

type Limits = Pick<ScanLimits, 'maxDocumentBytes' | 'maxSegmentChars' | 'maxLineBytes'>;

/** What a reader of a document with embedded files yields: its own text, or a file the dispatcher reads on its own. */
export type DocumentItem = { segment: Segment } | { member: ArchiveMember };

const EXTENSIONS: Readonly<Record<string, string>> = {
  'text/csv': '.csv', 'text/plain': '.txt', 'text/html': '.html', 'application/json': '.json', 'application/zip': '.zip',
  'application/pdf': '.pdf', 'message/rfc822': '.eml', 'application/xml': '.xml', 'text/xml': '.xml',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': '.xlsx',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': '.docx',
};

export async function* readEml(source: ByteSource, limits: Limits): AsyncGenerator<DocumentItem> {
  const raw = await readWhole(source, limits.maxDocumentBytes, 'eml');
  let email: ScanEmail;
  try {
    email = await new ScanParser({ attachmentEncoding: 'arraybuffer', maxNestingDepth: 64, rfc822Attachments: true }).parse(raw);
  } catch (err) {
    throw new ExtractError('UNABLE_TO_PARSE_FILE', `eml: ${((err as Error)?.message ?? String(err)).slice(0, 200)}`);
  }
  for await (const segment of segmentLines(once(messageText(email, await bodyText(email))), limits)) yield { segment };
  let n = 0;
  for (const attachment of email.attachments) {
    n++;
    if (/^(image|audio|video)\//.test(attachment.mimeType)) continue;
    const content = attachment.content;
    const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content instanceof Uint8Array ? content : new Uint8Array(content);
    const name = attachmentName(attachment.filename, attachment.mimeType, n);
    yield { member: { name, size: bytes.length, content: once(bytes) } };
  }
}

/** The parts of postal-mime's result that Sift reads. */
type ScanEmail = Pick<Email, 'headers' | 'text' | 'html' | 'attachments'>;

/** What postal-mime keeps on a parser once the message is read, from which its `buildMessage` makes the result. */
interface ParserState {
  root?: { headers?: { key: string; originalKey: string; value: string }[] };
  textContent?: { plain?: string; html?: string };
  attachments?: Email['attachments'];
}

/**
 * postal-mime's parser, building only the parts of the result Sift reads (headers, text, html, attachments). The stock
 * result also parses every address header (From, To, Cc, …), the date and an OTP-Token header, which was a fifth of
 * the CPU of parsing a short message and is never read here. Nested messages are parsed by postal-mime as before.
 * Should a postal-mime release keep its state elsewhere, the stock result is built instead (unit test pins both).
 */
export class ScanParser extends PostalMime {
  constructor(options?: ConstructorParameters<typeof PostalMime>[0]) {
    super(options);
    withoutBlobs((this as unknown as { root?: object }).root);
  }

  /**
   * postal-mime reads a message a line at a time, each line an `await`ed step (two views, a promise, a decoder
   * update). Once a single-part message's headers have ended, every line left goes to one pass-through decoder that
   * only keeps the bounds of the run (the lines are contiguous), so the rest is handed over as one "line" holding the
   * same bytes: see `bodyRest`. Anything else (a boundary open, base64 or quoted-printable, another postal-mime) is
   * read line by line as before.
   */
  readLine(): { bytes: Uint8Array; lineBreak: Uint8Array; done: boolean } {
    const rest = bodyRest(this as unknown as ReaderState);
    return rest ?? (PostalMime.prototype as unknown as { readLine(this: PostalMime): { bytes: Uint8Array; lineBreak: Uint8Array; done: boolean } }).readLine.call(this);
  }

  buildMessage(): ScanEmail {
    const state = this as unknown as ParserState;
    const headers = state.root?.headers;
    if (!Array.isArray(headers) || !state.textContent || !Array.isArray(state.attachments)) {
      return (PostalMime.prototype as unknown as { buildMessage(this: PostalMime): Email }).buildMessage.call(this);
    }
    const message: ScanEmail = { headers: headers.map((h) => ({ key: h.key, originalKey: h.originalKey, value: h.value })), attachments: state.attachments };
    if (state.textContent.html) message.html = state.textContent.html;
    if (state.textContent.plain) message.text = state.textContent.plain;
    return message;
  }
}

/** postal-mime 4.x's reading state (`PostalMime#readLine`, `processLine`). */
interface ReaderState {
  buf?: unknown;
  av?: unknown;
  readPos?: unknown;
  boundaries?: unknown;
  root?: { state?: unknown; contentDecoder?: (DecoderState & { runBuffer?: unknown }) | null };
  currentNode?: unknown;
}

/** postal-mime's line break for a last line that has none (a constant of its own: never continues a run). */
const FINAL_LINE_FEED = new Uint8Array([0x0a]);

/**
 * The rest of a single-part message's body as one line, when line-by-line reading would give its pass-through decoder
 * the same bytes: no boundary open, the root node current and in its body, its decoder PassThroughDecoder. Those lines
 * are contiguous and each break is the bytes between two lines, so the decoder ends with one run over them. The
 * message's last line is cut as `readLine` cuts it: a message ending without LF drops its trailing CRs and gets a
 * separate LF, which the decoder keeps as a chunk of its own.
 */
function bodyRest(state: ReaderState): { bytes: Uint8Array; lineBreak: Uint8Array; done: boolean } | undefined {
  const { buf, av, readPos, boundaries, root } = state;
  if (!(buf instanceof ArrayBuffer) || !(av instanceof Uint8Array) || av.buffer !== buf || typeof readPos !== 'number') return undefined;
  if (!Array.isArray(boundaries) || boundaries.length !== 0 || root === undefined || state.currentNode !== root || root.state !== 'body') return undefined;
  const decoder = root.contentDecoder;
  if (!decoder || decoder.output !== undefined || !('runBuffer' in decoder) || typeof decoder.continuesRun !== 'function') return undefined;
  const end = av.length;
  if (readPos >= end) return undefined;
  state.readPos = end;
  if (av[end - 1] === 0x0a) return { bytes: new Uint8Array(buf, readPos, end - 1 - readPos), lineBreak: av.subarray(end - 1, end), done: true };
  const lastStart = av.lastIndexOf(0x0a, end - 1) + 1;
  let cut = end;
  while (cut > Math.max(lastStart, readPos) && av[cut - 1] === 0x0d) cut--;
  return { bytes: new Uint8Array(buf, readPos, cut - readPos), lineBreak: FINAL_LINE_FEED, done: true };
}

/**
 * postal-mime 4.x hands each part's bytes over by building a Blob of its pieces and reading it back
 * (`blob.arrayBuffer()`: a transferable, a Blob reader and an asynchronous step per part, ~9% of `sift scan` on a
 * folder of small emails). For ScanParser's parts the decoders concatenate their pieces into one ArrayBuffer instead:
 * the same bytes. MimeNode's `setupContentDecoder` is wrapped once (reached through a parser's root node: the package
 * exports no MimeNode); it changes the decoders of ScanParser's nodes only, and only when they hold their pieces
 * where 4.x does (a pass-through decoder's run and `chunks`, a base64 or quoted-printable decoder's ChunkWriter);
 * otherwise they stay stock. `eml.test.ts` checks the bytes against stock postal-mime and that no Blob is made.
 */
let wrappedNodes = false;

function withoutBlobs(root: object | undefined): void {
  if (wrappedNodes || root === undefined) return;
  wrappedNodes = true;
  const proto = Object.getPrototypeOf(root) as { setupContentDecoder?: (this: MimeNodeState, encoding: string) => void };
  const setup = proto.setupContentDecoder;
  if (typeof setup !== 'function') return;
  proto.setupContentDecoder = function (this: MimeNodeState, encoding: string): void {
    setup.call(this, encoding);
    if (this.postalMime instanceof ScanParser && this.contentDecoder) concatenating(this.contentDecoder);
  };
}

interface MimeNodeState {
  postalMime?: unknown;
  contentDecoder?: DecoderState | null;
}

/** The fields of postal-mime 4.x's decoders that hold a part's bytes. */
interface DecoderState {
  finalize(boundaryEnded?: boolean): unknown;
  // PassThroughDecoder
  chunks?: Uint8Array[];
  pendingLineBreak?: Uint8Array | null;
  runEnd?: number;
  continuesRun?: (bytes: Uint8Array) => boolean;
  flushRun?: () => void;
  // Base64Decoder, QPDecoder: a ChunkWriter
  output?: { chunks?: Uint8Array[]; flush?: () => void; finalize(): unknown };
}

function concatenating(decoder: DecoderState): void {
  const output = decoder.output;
  if (output !== undefined) {
    if (Array.isArray(output.chunks) && typeof output.flush === 'function' && typeof output.finalize === 'function') {
      // ChunkWriter#finalize: flush, then the chunks as one buffer.
      output.finalize = function (this: { chunks: Uint8Array[]; flush(): void }): ArrayBuffer {
        this.flush();
        return joinBytes(this.chunks);
      };
    }
    return;
  }
  if (!Array.isArray(decoder.chunks) || typeof decoder.flushRun !== 'function' || typeof decoder.continuesRun !== 'function' || !('pendingLineBreak' in decoder)) return;
  // PassThroughDecoder#finalize, the same steps: a part not ended by a boundary keeps its last line break.
  decoder.finalize = function (this: Required<Pick<DecoderState, 'chunks' | 'runEnd' | 'continuesRun' | 'flushRun'>> & { pendingLineBreak: Uint8Array | null }, boundaryEnded = false): ArrayBuffer {
    const pending = this.pendingLineBreak;
    if (!boundaryEnded && pending) {
      if (this.continuesRun(pending)) this.runEnd += pending.byteLength;
      else {
        this.flushRun();
        this.chunks.push(pending);
      }
    }
    this.flushRun();
    return joinBytes(this.chunks);
  };
}

/** The pieces' bytes in one ArrayBuffer of its own (what the Blob round trip gave). */
function joinBytes(chunks: Uint8Array[]): ArrayBuffer {
  let length = 0;
  for (const c of chunks) length += c.byteLength;
  const out = new Uint8Array(length);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out.buffer;
}

/** The message's own text: headers one per line, a blank line, then the body. */
export function messageText(email: { headers: { originalKey: string; value: string }[] }, body: string): string {
  const lines: string[] = [];
  for (const h of email.headers) lines.push(`${h.originalKey}: ${safeDecodeWords(h.value).replace(/[\r\n]+/g, ' ')}`);
  return `${lines.join('\n')}\n\n${body.replace(/\r\n?/g, '\n')}`;
}

/**
 * markup.js (htmlparser2 and its entity tables: about 25 ms of CPU to load, more than parsing a hundred messages) is
 * loaded only when a message's body is HTML alone, and kept.
 */
let markup: Promise<typeof import('./markup.js')> | undefined;

/** The body: the text part, or the HTML part with its markup blanked when there is no text. */
async function bodyText(email: { text?: string | undefined; html?: string | undefined }): Promise<string> {
  const text = email.text ?? '';
  if (text.trim() || !email.html) return text;
  return (await (markup ??= import('./markup.js'))).contentView(email.html, false);
}

function safeDecodeWords(value: string): string {
  try {
    return decodeWords(value);
  } catch {
    return value;
  }
}

function attachmentName(filename: string | null, mimeType: string, n: number): string {
  const base = (filename ?? '').split(/[\\/]/).pop()?.replace(/[\u0000-\u001f]/g, '').trim();
  return base || `attachment-${n}${EXTENSIONS[mimeType] ?? ''}`;
}

async function* once<T>(value: T): AsyncGenerator<T> {
  yield value;
}
