/**
 * A fast, forgiving scan of the large, regular XML parts of Office files (worksheets, shared strings): element
 * opens and closes (names without their namespace prefix) and the text between them, entities decoded, CDATA as
 * text, comments, declarations and processing instructions skipped. Attributes are handed over raw and read only
 * where needed (`attribute`). Unlike a general parser it builds no attribute objects and no tag stack, which is what
 * made a worksheet cost several times its unzipping. Malformed input never throws: an unterminated construct ends
 * the scan.
 */
import { decodeXmlAttr } from './ooxml.js';

export interface ScanHandlers {
  /** `attrs` is the raw text between the element name and the end of the tag. */
  open(name: string, attrs: string, selfClosing: boolean): void;
  close(name: string): void;
  /** Text between tags, decoded; only asked for while `wantText()` is true (skipping the rest costs nothing). */
  text(text: string): void;
  wantText(): boolean;
}

export function scanXml(xml: string, h: ScanHandlers): void {
  const length = xml.length;
  let pos = 0;
  while (pos < length) {
    const lt = xml.indexOf('<', pos);
    const stop = lt === -1 ? length : lt;
    if (stop > pos && h.wantText()) h.text(decodeText(xml.slice(pos, stop)));
    if (lt === -1) return;
    const next = xml.charCodeAt(lt + 1);
    if (next === 33 /* ! */) {
      if (xml.startsWith('<![CDATA[', lt)) {
        const end = xml.indexOf(']]>', lt + 9);
        if (end === -1) return;
        if (h.wantText()) h.text(xml.slice(lt + 9, end));
        pos = end + 3;
      } else if (xml.startsWith('<!--', lt)) {
        const end = xml.indexOf('-->', lt + 4);
        if (end === -1) return;
        pos = end + 3;
      } else {
        const end = xml.indexOf('>', lt);
        if (end === -1) return;
        pos = end + 1;
      }
      continue;
    }
    if (next === 63 /* ? */) {
      const end = xml.indexOf('?>', lt);
      if (end === -1) return;
      pos = end + 2;
      continue;
    }
    const gt = tagEnd(xml, lt);
    if (gt === -1) return;
    const closing = next === 47; /* / */
    const nameStart = closing ? lt + 2 : lt + 1;
    let nameEnd = nameStart;
    let colon = -1;
    for (; nameEnd < gt; nameEnd++) {
      const c = xml.charCodeAt(nameEnd);
      if (c === 32 || c === 9 || c === 10 || c === 13 || c === 47) break;
      if (c === 58 /* : */) colon = nameEnd;
    }
    const name = xml.slice(colon === -1 ? nameStart : colon + 1, nameEnd);
    pos = gt + 1;
    if (closing) {
      h.close(name);
      continue;
    }
    const selfClosing = xml.charCodeAt(gt - 1) === 47;
    h.open(name, xml.slice(nameEnd, selfClosing ? gt - 1 : gt), selfClosing);
    if (selfClosing) h.close(name);
  }
}

/** The `>` that ends the tag opened at `lt` (a `>` inside a quoted attribute value does not), or -1. */
function tagEnd(xml: string, lt: number): number {
  let gt = xml.indexOf('>', lt);
  let from = lt;
  let quote = 0;
  while (gt !== -1) {
    for (let i = from; i < gt; i++) {
      const c = xml.charCodeAt(i);
      if (quote) {
        if (c === quote) quote = 0;
      } else if (c === 34 || c === 39) quote = c;
    }
    if (!quote) return gt;
    from = gt;
    gt = xml.indexOf('>', gt + 1);
  }
  return -1;
}

function decodeText(s: string): string {
  return s.indexOf('&') === -1 ? s : decodeXmlAttr(s);
}

const ATTRIBUTE_CACHE = new Map<string, RegExp>();

/** The value of attribute `name` (any namespace prefix) in raw attribute text, entities decoded. */
export function attribute(attrs: string, name: string): string | undefined {
  let re = ATTRIBUTE_CACHE.get(name);
  if (!re) {
    re = new RegExp(`(?:^|\\s)(?:[\\w.-]+:)?${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`);
    ATTRIBUTE_CACHE.set(name, re);
  }
  const m = re.exec(attrs);
  if (!m) return undefined;
  return decodeText(m[1] ?? m[2] ?? '');
}
