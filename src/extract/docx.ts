/**
 * Word documents (.docx, .docm): the text of the body (paragraphs and tables), then headers, footers, footnotes,
 * endnotes and comments, each paragraph one line, reported as Macie's `lineRanges` over that text (line 1 is the
 * body's first paragraph; table cells are paragraphs of their own; a tab is a tab, a line break a new line).
 * The order of parts is fixed (body, headers, footers, footnotes, endnotes, comments; each group by part number), so
 * re-reading the file gives the same lines. Bounds: ooxml.ts limits; text is segmented as plain text.
 */
import type { ScanLimits } from '../common/index.js';
import { readOoxmlParts, type OoxmlLimits } from './ooxml.js';
import { segmentLines } from './text.js';
import { ExtractError, type ByteSource, type Segment } from './types.js';
import { parseFailure } from './whole.js';
import { walkXml } from './xml-walk.js';

const BODY = 'word/document.xml';
const GROUPS = ['header', 'footer', 'footnotes', 'endnotes', 'comments'] as const;
const PART = /^word\/(header|footer|footnotes|endnotes|comments)(\d*)\.xml$/;

export async function* readDocx(source: ByteSource, limits: OoxmlLimits & Pick<ScanLimits, 'maxSegmentChars' | 'maxLineBytes'>): AsyncGenerator<Segment> {
  const parts = await readOoxmlParts(source, limits, (name) => name === BODY || PART.test(name), 'docx');
  if (!parts.has(BODY)) throw new ExtractError('MALFORMED_OR_FILE_SIZE_EXCEEDS_LIMIT', 'docx: no word/document.xml part');
  const order = [BODY, ...[...parts.keys()].filter((n) => n !== BODY).sort(partOrder)];
  let text: string;
  try {
    text = order.map((name) => paragraphs(parts.get(name)!)).join('');
  } catch (err) {
    throw parseFailure(err, 'docx', 'MALFORMED_OR_FILE_SIZE_EXCEEDS_LIMIT', false);
  }
  parts.clear();
  yield* segmentLines(once(text), limits);
}

async function* once(text: string): AsyncGenerator<string> {
  yield text;
}

function partOrder(a: string, b: string): number {
  const ma = PART.exec(a)!;
  const mb = PART.exec(b)!;
  const ga = GROUPS.indexOf(ma[1] as (typeof GROUPS)[number]);
  const gb = GROUPS.indexOf(mb[1] as (typeof GROUPS)[number]);
  return ga - gb || Number(ma[2] || 0) - Number(mb[2] || 0);
}

/** One line per paragraph, each ending with a newline. */
export function paragraphs(xml: string): string {
  const out: string[] = [];
  let line = '';
  let inText = 0;
  let depth = 0; // paragraphs nest (a text box inside a paragraph): the inner one ends its own line
  let tabStops = 0; // <w:tabs><w:tab/></w:tabs> are tab stop definitions, not tabs
  walkXml(xml, {
    open(name) {
      switch (name) {
        case 'tabs':
          tabStops++;
          break;
        case 'p':
          if (depth > 0 && line) (out.push(line), (line = ''));
          depth++;
          break;
        case 't':
        case 'delText':
          inText++;
          break;
        case 'tab':
          if (depth > 0 && tabStops === 0) line += '\t';
          break;
        case 'br':
        case 'cr':
          if (depth > 0) (out.push(line), (line = ''));
          break;
      }
    },
    close(name) {
      if (name === 'p') {
        depth--;
        out.push(line);
        line = '';
      } else if (name === 't' || name === 'delText') inText--;
      else if (name === 'tabs') tabStops--;
    },
    text(t) {
      if (inText > 0) line += t;
    },
  });
  if (line) out.push(line);
  return out.map((l) => `${l}\n`).join('');
}
