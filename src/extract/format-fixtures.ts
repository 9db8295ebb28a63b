/**
 * Fixtures for the document readers' tests, built by code (never copied files): xlsx and docx as zip + generated XML,
 * xls as BIFF8 records in a compound file (cfb), doc as a minimal Word 97 binary, pdf with pdfkit, parquet with
 * hyparquet-writer, avro with avsc, eml as MIME text. Test support only (not exported from index.ts).
 */
import avro from 'avsc';
import CFB from 'cfb';
import { strToU8, zipSync } from 'fflate';
import { parquetWriteBuffer } from 'hyparquet-writer';
import PDFDocument from 'pdfkit';
import { crc32, deflateRawSync, gzipSync } from 'node:zlib';
import { snappyCompress } from 'hyparquet-writer/src/snappy.js';
import { columnLetters } from './xlsx.js';

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export type SheetData = Record<string, (string | number | boolean | null)[][]>;

/** An .xlsx: strings go to the shared strings table (or inline, with `inline`), numbers stay numbers. */
export function xlsxOf(sheets: SheetData, options: { inline?: boolean; sharedStringsFirst?: boolean } = {}): Uint8Array {
  const shared: string[] = [];
  const sharedIndex = new Map<string, number>();
  const files: Record<string, Uint8Array> = {};
  const names = Object.keys(sheets);
  names.forEach((name, i) => {
    const rows = sheets[name].map((cells, r) => {
      const xml = cells
        .map((v, c) => {
          if (v === null) return '';
          const ref = `${columnLetters(c + 1)}${r + 1}`;
          if (typeof v === 'number') return `<c r="${ref}"><v>${v}</v></c>`;
          if (typeof v === 'boolean') return `<c r="${ref}" t="b"><v>${v ? 1 : 0}</v></c>`;
          if (options.inline) return `<c r="${ref}" t="inlineStr"><is><t xml:space="preserve">${esc(v)}</t></is></c>`;
          let index = sharedIndex.get(v);
          if (index === undefined) (index = shared.push(v) - 1), sharedIndex.set(v, index);
          return `<c r="${ref}" t="s"><v>${index}</v></c>`;
        })
        .join('');
      return `<row r="${r + 1}">${xml}</row>`;
    });
    files[`xl/worksheets/sheet${i + 1}.xml`] = strToU8(
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${rows.join('')}</sheetData></worksheet>`,
    );
  });
  const sst = strToU8(
    `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${shared.length}" uniqueCount="${shared.length}">${shared
      .map((s) => `<si><t xml:space="preserve">${esc(s)}</t></si>`)
      .join('')}</sst>`,
  );
  const head: Record<string, Uint8Array> = {
    '[Content_Types].xml': strToU8('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'),
    'xl/workbook.xml': strToU8(
      `<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>${names
        .map((n, i) => `<sheet name="${esc(n)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`)
        .join('')}</sheets></workbook>`,
    ),
    'xl/_rels/workbook.xml.rels': strToU8(
      `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${names
        .map((_, i) => `<Relationship Id="rId${i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`)
        .join('')}</Relationships>`,
    ),
  };
  // Excel writes the shared strings after the sheets; both orders must read the same.
  const ordered = options.sharedStringsFirst ? { ...head, 'xl/sharedStrings.xml': sst, ...files } : { ...head, ...files, 'xl/sharedStrings.xml': sst };
  return zipSync(ordered);
}

export interface DocxParts {
  body: string[];
  /** Rows of cells, each cell one paragraph, placed after the body paragraphs. */
  table?: string[][];
  header?: string[];
  footer?: string[];
  comments?: string[];
}

const paragraph = (text: string): string =>
  `<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr>${text
    .split('\t')
    .map((piece, i) => `${i ? '<w:r><w:tab/></w:r>' : ''}<w:r><w:t xml:space="preserve">${esc(piece)}</w:t></w:r>`)
    .join('')}</w:p>`;
const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';

export function docxOf(parts: DocxParts): Uint8Array {
  const table = parts.table ? `<w:tbl>${parts.table.map((row) => `<w:tr>${row.map((c) => `<w:tc>${paragraph(c)}</w:tc>`).join('')}</w:tr>`).join('')}</w:tbl>` : '';
  const files: Record<string, Uint8Array> = {
    '[Content_Types].xml': strToU8('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'),
    'word/document.xml': strToU8(`<?xml version="1.0"?><w:document ${W}><w:body>${parts.body.map(paragraph).join('')}${table}<w:sectPr/></w:body></w:document>`),
  };
  if (parts.header) files['word/header1.xml'] = strToU8(`<?xml version="1.0"?><w:hdr ${W}>${parts.header.map(paragraph).join('')}</w:hdr>`);
  if (parts.footer) files['word/footer1.xml'] = strToU8(`<?xml version="1.0"?><w:ftr ${W}>${parts.footer.map(paragraph).join('')}</w:ftr>`);
  if (parts.comments) {
    files['word/comments.xml'] = strToU8(
      `<?xml version="1.0"?><w:comments ${W}>${parts.comments.map((c, i) => `<w:comment w:id="${i}" w:author="a">${paragraph(c)}</w:comment>`).join('')}</w:comments>`,
    );
  }
  return zipSync(files);
}

/** A PDF with one text block per page (pdfkit, standard Helvetica); `password` encrypts it; `image` draws only shapes. */
export async function pdfOf(pages: string[], options: { password?: string; imageOnly?: boolean } = {}): Promise<Uint8Array> {
  const doc = new PDFDocument({ autoFirstPage: false, compress: true, ...(options.password ? { userPassword: options.password, ownerPassword: `${options.password}-owner` } : {}), info: { CreationDate: new Date(0) } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve) => doc.on('end', () => resolve()));
  for (const text of pages) {
    doc.addPage();
    if (options.imageOnly) doc.rect(50, 50, 200, 100).fill('#336699');
    else doc.text(text, 72, 72);
  }
  doc.end();
  await done;
  return new Uint8Array(Buffer.concat(chunks));
}

export type ParquetCodec = 'UNCOMPRESSED' | 'SNAPPY' | 'GZIP';

export function parquetOf(columns: { name: string; type: 'STRING' | 'INT64' | 'INT32' | 'DOUBLE' | 'BOOLEAN' | 'JSON' | 'TIMESTAMP'; data: unknown[] }[], codec: ParquetCodec = 'SNAPPY', rowGroupSize?: number): Uint8Array {
  const buffer = parquetWriteBuffer({
    columnData: columns.map((c) => ({ name: c.name, type: c.type, data: c.data as never })),
    codec,
    compressors: { GZIP: (input: Uint8Array) => new Uint8Array(gzipSync(input)) },
    ...(rowGroupSize ? { rowGroupSize } : {}),
  });
  return new Uint8Array(buffer);
}

export type AvroCodec = 'null' | 'deflate' | 'snappy';

export async function avroOf(schema: object, records: unknown[], codec: AvroCodec = 'null'): Promise<Uint8Array> {
  const type = avro.Type.forSchema(schema as never);
  const encoder = new avro.streams.BlockEncoder(type, {
    codec,
    blockSize: 64,
    codecs: {
      null: (buf: Buffer, cb: (e: Error | null, b?: Buffer) => void) => cb(null, buf),
      deflate: (buf: Buffer, cb: (e: Error | null, b?: Buffer) => void) => cb(null, deflateRawSync(buf)),
      snappy: (buf: Buffer, cb: (e: Error | null, b?: Buffer) => void) => {
        const check = Buffer.alloc(4);
        check.writeUInt32BE(crc32(buf) >>> 0);
        cb(null, Buffer.concat([Buffer.from(snappyCompress(new Uint8Array(buf)) as Uint8Array), check]));
      },
    } as never,
  });
  const chunks: Buffer[] = [];
  encoder.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => (encoder.on('end', () => resolve()), encoder.on('error', reject)));
  for (const r of records) encoder.write(r);
  encoder.end();
  await done;
  return new Uint8Array(Buffer.concat(chunks));
}

export interface MailAttachment {
  filename: string;
  contentType: string;
  body: Uint8Array | string;
}

const wrap76 = (b64: string): string => b64.replace(/.{1,76}/g, (l) => `${l}\r\n`);

/** A MIME message: a quoted-printable text part in `charset`, an optional HTML part, base64 attachments. */
export function emlOf(options: { headers: Record<string, string>; text: string; charset?: string; html?: string; attachments?: MailAttachment[] }): Uint8Array {
  const boundary = '=_sift_boundary_1';
  const alt = '=_sift_alt_2';
  const charset = options.charset ?? 'utf-8';
  const textBytes = charset === 'iso-8859-1' ? Buffer.from(options.text, 'latin1') : Buffer.from(options.text, 'utf8');
  const head = Object.entries(options.headers).map(([k, v]) => `${k}: ${v}`).join('\r\n');
  const parts: string[] = [];
  const textPart = `Content-Type: text/plain; charset=${charset}\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n${quotedPrintable(textBytes)}\r\n`;
  if (options.html) {
    parts.push(
      `Content-Type: multipart/alternative; boundary="${alt}"\r\n\r\n--${alt}\r\n${textPart}--${alt}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n${wrap76(Buffer.from(options.html).toString('base64'))}--${alt}--\r\n`,
    );
  } else parts.push(textPart);
  for (const a of options.attachments ?? []) {
    parts.push(
      `Content-Type: ${a.contentType}; name="${a.filename}"\r\nContent-Disposition: attachment; filename="${a.filename}"\r\nContent-Transfer-Encoding: base64\r\n\r\n${wrap76(Buffer.from(a.body).toString('base64'))}`,
    );
  }
  return strToU8(`${head}\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="${boundary}"\r\n\r\nThis is a multi-part message in MIME format.\r\n${parts.map((p) => `--${boundary}\r\n${p}`).join('')}--${boundary}--\r\n`);
}

function quotedPrintable(bytes: Uint8Array): string {
  let out = '';
  let line = 0;
  for (const b of bytes) {
    if (b === 0x0a) {
      out += '\r\n';
      line = 0;
      continue;
    }
    const piece = (b >= 33 && b <= 126 && b !== 61) || b === 32 ? String.fromCharCode(b) : `=${b.toString(16).toUpperCase().padStart(2, '0')}`;
    if (line + piece.length > 72) {
      out += '=\r\n';
      line = 0;
    }
    out += piece;
    line += piece.length;
  }
  return out;
}

/** A BIFF8 record. */
function biff(type: number, data: Uint8Array | number[]): Buffer {
  const body = Buffer.from(data as Uint8Array);
  const head = Buffer.alloc(4);
  head.writeUInt16LE(type, 0);
  head.writeUInt16LE(body.length, 2);
  return Buffer.concat([head, body]);
}

const u16b = (n: number): Buffer => {
  const b = Buffer.alloc(2);
  b.writeUInt16LE(n);
  return b;
};
const u32b = (n: number): Buffer => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n >>> 0);
  return b;
};

/** An .xls (BIFF8 in a compound file): strings in the SST (LABELSST), numbers as NUMBER or RK records. */
export function xlsOf(sheets: SheetData): Uint8Array {
  const strings: string[] = [];
  const index = new Map<string, number>();
  const bof = (kind: number): Buffer => biff(0x0809, Buffer.concat([u16b(0x0600), u16b(kind), u16b(0x0dbb), u16b(0x07cc), u32b(0), u32b(0x06)]));
  const eof = biff(0x000a, []);
  const sheetStreams = Object.entries(sheets).map(([, rows]) => {
    const records: Buffer[] = [bof(0x0010)];
    rows.forEach((cells, r) =>
      cells.forEach((v, c) => {
        if (v === null) return;
        if (typeof v === 'boolean') {
          records.push(biff(0x0205, Buffer.concat([u16b(r), u16b(c), u16b(0x0f), Buffer.from([v ? 1 : 0, 0])])));
          return;
        }
        if (typeof v === 'number') {
          if (Number.isInteger(v) && Math.abs(v) < 1 << 29) {
            records.push(biff(0x027e, Buffer.concat([u16b(r), u16b(c), u16b(0x0f), u32b(((v << 2) | 2) >>> 0)])));
          } else {
            const f = Buffer.alloc(8);
            f.writeDoubleLE(v);
            records.push(biff(0x0203, Buffer.concat([u16b(r), u16b(c), u16b(0x0f), f])));
          }
          return;
        }
        const s = String(v);
        let i = index.get(s);
        if (i === undefined) (i = strings.push(s) - 1), index.set(s, i);
        records.push(biff(0x00fd, Buffer.concat([u16b(r), u16b(c), u16b(0x0f), u32b(i)])));
      }),
    );
    records.push(eof);
    return Buffer.concat(records);
  });
  const sstBody = Buffer.concat([u32b(strings.length), u32b(strings.length), ...strings.map((s) => Buffer.concat([u16b(s.length), Buffer.from([1]), Buffer.from(s, 'utf16le')]))]);
  const names = Object.keys(sheets);
  const boundsheet = (offset: number, name: string): Buffer => biff(0x0085, Buffer.concat([u32b(offset), Buffer.from([0, 0, name.length, 1]), Buffer.from(name, 'utf16le')]));
  // Globals first, with the sheets' offsets known once the globals' length is.
  const globalsWithout = (offsets: number[]): Buffer => Buffer.concat([bof(0x0005), ...names.map((n, i) => boundsheet(offsets[i] ?? 0, n)), biff(0x00fc, sstBody), eof]);
  const globalsLength = globalsWithout([]).length;
  const offsets: number[] = [];
  let at = globalsLength;
  for (const s of sheetStreams) (offsets.push(at), (at += s.length));
  const workbook = Buffer.concat([globalsWithout(offsets), ...sheetStreams]);
  const cfb = CFB.utils.cfb_new();
  CFB.utils.cfb_add(cfb, 'Workbook', workbook);
  return new Uint8Array(CFB.write(cfb, { type: 'buffer' }) as Buffer);
}

/**
 * A minimal Word 97 document: a FIB that points at one piece of 8-bit text (paragraphs end with \r, as Word writes
 * them) through the piece table in the 1Table stream. Enough for any .doc reader that follows the piece table.
 */
export function docOf(paragraphs: string[]): Uint8Array {
  const text = Buffer.from(`${paragraphs.join('\r')}\r`, 'latin1');
  const fib = Buffer.alloc(0x400);
  fib.writeUInt16LE(0xa5ec, 0); // wIdent
  fib.writeUInt16LE(0x00c1, 2); // nFib (Word 97)
  fib.writeUInt16LE(0x0200, 0x0a); // fWhichTblStm: the table is 1Table
  fib.writeUInt32LE(0x400, 0x18); // fcMin
  fib.writeUInt32LE(0x400 + text.length, 0x1c); // fcMac
  fib.writeUInt32LE(text.length, 0x4c); // ccpText
  const pieces = Buffer.alloc(4 * 2 + 8);
  pieces.writeUInt32LE(0, 0);
  pieces.writeUInt32LE(text.length, 4);
  pieces.writeUInt16LE(0, 8);
  pieces.writeUInt32LE(((0x400 * 2) | 0x40000000) >>> 0, 10); // 8-bit text at 0x400
  pieces.writeUInt16LE(0, 14);
  const clx = Buffer.concat([Buffer.from([2]), u32b(pieces.length), pieces]);
  fib.writeUInt32LE(0, 0x1a2); // fcClx
  fib.writeUInt32LE(clx.length, 0x1a6); // lcbClx
  const cfb = CFB.utils.cfb_new();
  CFB.utils.cfb_add(cfb, 'WordDocument', Buffer.concat([fib, text, Buffer.alloc(512)]));
  CFB.utils.cfb_add(cfb, '1Table', Buffer.concat([clx, Buffer.alloc(64)]));
  return new Uint8Array(CFB.write(cfb, { type: 'buffer' }) as Buffer);
}
