/**
 * Decides how to read a file from its first bytes and its name (trufflehog's handler selection): magic bytes for
 * containers and known binary formats first, then the extension, then a text-or-binary judgement of the content.
 * Formats Sift does not read are reported with Macie's reason UNSUPPORTED_FILE_TYPE_EXCEPTION.
 */
import { detectEncoding, looksLikeText, type TextEncodingName } from './decode.js';
import { isGzip } from './gzip.js';
import { isTar } from './tar.js';
import type { ClassificationReason, FormatName } from './types.js';
import { isZip } from './zip.js';

/** Bytes the sniffer wants to see (tar's magic sits at 257..262). */
export const SNIFF_BYTES = 4096;

export type Sniffed =
  | { format: FormatName; mimeType: string; encoding?: TextEncodingName }
  | { format?: undefined; mimeType: string; reason: ClassificationReason; message: string };

export const MIME_TYPES: Readonly<Record<FormatName, string>> = Object.freeze({
  text: 'text/plain',
  csv: 'text/csv',
  tsv: 'text/tab-separated-values',
  json: 'application/json',
  jsonl: 'application/json',
  gzip: 'application/gzip',
  zip: 'application/zip',
  tar: 'application/x-tar',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  xls: 'application/vnd.ms-excel',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  doc: 'application/msword',
  pdf: 'application/pdf',
  parquet: 'application/parquet',
  avro: 'application/avro',
  eml: 'message/rfc822',
  // Macie reports HTML, XML and other non-binary text as text/plain (F.2).
  html: 'text/plain',
  xml: 'text/plain',
});

/** Document formats recognised by their magic bytes (checked before the binary formats Sift skips). */
const DOCUMENT_MAGIC: readonly { magic: number[]; format: FormatName }[] = [
  { magic: [0x25, 0x50, 0x44, 0x46], format: 'pdf' },
  { magic: [0x50, 0x41, 0x52, 0x31], format: 'parquet' },
  { magic: [0x4f, 0x62, 0x6a, 0x01], format: 'avro' },
];
const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const OOXML_BY_EXTENSION: Readonly<Record<string, FormatName>> = Object.freeze({ xlsx: 'xlsx', xlsm: 'xlsx', docx: 'docx', docm: 'docx' });
const MARKUP_BY_EXTENSION: Readonly<Record<string, FormatName>> = Object.freeze({ html: 'html', htm: 'html', xhtml: 'html', xml: 'xml', xsd: 'xml', xsl: 'xml', xslt: 'xml', svg: 'xml', rss: 'xml', atom: 'xml', plist: 'xml' });
/** Headers that only mail messages start with (a message without an extension is recognised by them). */
const MAIL_HEADER = /^(?:Return-Path|Received|Delivered-To|Message-ID|MIME-Version|From|X-[\w-]+|DKIM-Signature|Date|To|Subject):[^\n]*\n(?:[\x21-\x39\x3b-\x7e]+:[^\n]*\n|[ \t][^\n]*\n)*?(?:From|To|Subject|Message-ID|MIME-Version):/i;

/** An Office Open XML package says what it is in its first part names. */
function ooxmlKind(head: Uint8Array): FormatName | undefined {
  const names = new TextDecoder('latin1').decode(head);
  if (!names.includes('[Content_Types].xml') && !/(?:^|PK\x03\x04[\s\S]{26})(?:xl|word)\//.test(names)) return undefined;
  if (/xl\/(?:workbook|worksheets|sharedStrings|styles)/.test(names)) return 'xlsx';
  if (/word\/(?:document|styles|settings)/.test(names)) return 'docx';
  return undefined;
}

/** Binary formats recognised by magic bytes, with the MIME type reported when skipping them. */
const BINARY_MAGIC: readonly { magic: number[]; offset?: number; mimeType: string }[] = [
  { magic: [0x25, 0x50, 0x44, 0x46], mimeType: 'application/pdf' },
  { magic: [0x50, 0x41, 0x52, 0x31], mimeType: 'application/parquet' },
  { magic: [0x4f, 0x62, 0x6a, 0x01], mimeType: 'application/avro' },
  { magic: [0xd0, 0xcf, 0x11, 0xe0], mimeType: 'application/x-ole-storage' },
  { magic: [0x89, 0x50, 0x4e, 0x47], mimeType: 'image/png' },
  { magic: [0xff, 0xd8, 0xff], mimeType: 'image/jpeg' },
  { magic: [0x47, 0x49, 0x46, 0x38], mimeType: 'image/gif' },
  { magic: [0x42, 0x5a, 0x68], mimeType: 'application/x-bzip2' },
  { magic: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], mimeType: 'application/x-xz' },
  { magic: [0x28, 0xb5, 0x2f, 0xfd], mimeType: 'application/zstd' },
  { magic: [0x37, 0x7a, 0xbc, 0xaf], mimeType: 'application/x-7z-compressed' },
  { magic: [0x52, 0x61, 0x72, 0x21], mimeType: 'application/vnd.rar' },
  { magic: [0x7f, 0x45, 0x4c, 0x46], mimeType: 'application/x-executable' },
  { magic: [0x53, 0x51, 0x4c, 0x69, 0x74, 0x65], mimeType: 'application/vnd.sqlite3' },
];

/** Zip-based document and package formats: Sift does not read them as archives (Macie reads xlsx/docx natively). */
const ZIP_BASED_DOCUMENTS: Readonly<Record<string, string>> = Object.freeze({
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  odt: 'application/vnd.oasis.opendocument.text',
  ods: 'application/vnd.oasis.opendocument.spreadsheet',
  jar: 'application/java-archive',
  apk: 'application/vnd.android.package-archive',
});

/** Extensions of binary formats skipped even when their magic is not recognised. */
const BINARY_EXTENSIONS = new Set([
  'pdf', 'xls', 'doc', 'ppt', 'avro', 'parquet', 'png', 'jpg', 'jpeg', 'gif', 'bmp', 'tif', 'tiff', 'webp', 'ico',
  'mp3', 'mp4', 'm4a', 'mov', 'avi', 'mkv', 'wav', 'flac', 'ogg', 'exe', 'dll', 'so', 'dylib', 'class', 'war',
  '7z', 'rar', 'bz2', 'xz', 'zst', 'lz4', 'iso', 'dmg', 'woff', 'woff2', 'ttf', 'otf', 'sqlite', 'db', 'bin',
  ...Object.keys(ZIP_BASED_DOCUMENTS),
]);

export function extensionOf(name: string): string {
  const base = name.slice(name.lastIndexOf('/') + 1); // the last part, without splitting a long key into an array
  const dot = base.lastIndexOf('.');
  return dot <= 0 ? '' : base.slice(dot + 1).toLowerCase();
}

function startsWith(head: Uint8Array, magic: number[], offset = 0): boolean {
  if (head.length < offset + magic.length) return false;
  for (let i = 0; i < magic.length; i++) if (head[offset + i] !== magic[i]) return false;
  return true;
}

function unsupported(mimeType: string, message: string): Sniffed {
  return { mimeType, reason: 'UNSUPPORTED_FILE_TYPE_EXCEPTION', message };
}

/** The first non-space character of text content (after any BOM). */
function firstTextChar(head: Uint8Array, encoding: TextEncodingName): string {
  const text = new TextDecoder(encoding).decode(head.subarray(0, Math.min(head.length, 1024)));
  const m = /\S/.exec(text.replace(/^\uFEFF/, ''));
  return m ? m[0] : '';
}

export function sniff(name: string, head: Uint8Array): Sniffed {
  const ext = extensionOf(name);
  if (isGzip(head)) return { format: 'gzip', mimeType: MIME_TYPES.gzip };
  const known = (format: FormatName): Sniffed => ({ format, mimeType: MIME_TYPES[format] });
  if (isZip(head)) {
    const ooxml = OOXML_BY_EXTENSION[ext] ?? ooxmlKind(head);
    if (ooxml) return known(ooxml);
    if (ZIP_BASED_DOCUMENTS[ext]) return unsupported(ZIP_BASED_DOCUMENTS[ext], `.${ext} documents are not supported`);
    return { format: 'zip', mimeType: MIME_TYPES.zip };
  }
  for (const d of DOCUMENT_MAGIC) if (startsWith(head, d.magic)) return known(d.format);
  if (startsWith(head, OLE_MAGIC)) {
    if (ext === 'xls' || ext === 'xlt') return known('xls');
    if (ext === 'doc' || ext === 'dot') return known('doc');
  }
  for (const b of BINARY_MAGIC) {
    if (startsWith(head, b.magic, b.offset)) return unsupported(b.mimeType, `${b.mimeType} files are not supported`);
  }
  if (head.length >= 512 && isTar(head)) return { format: 'tar', mimeType: MIME_TYPES.tar };
  if (BINARY_EXTENSIONS.has(ext)) return unsupported('application/octet-stream', `.${ext} files are not supported`);
  // Container extensions without the container's magic: read as that container so the damage is reported.
  if (ext === 'gz' || ext === 'gzip' || ext === 'tgz') return { format: 'gzip', mimeType: MIME_TYPES.gzip };
  if (ext === 'zip') return { format: 'zip', mimeType: MIME_TYPES.zip };
  if (ext === 'tar') return { format: 'tar', mimeType: MIME_TYPES.tar };

  if (!looksLikeText(head)) return unsupported('application/octet-stream', 'binary content of an unsupported type');
  const encoding = detectEncoding(head);
  const text = (format: FormatName): Sniffed => ({ format, mimeType: MIME_TYPES[format], encoding });
  if (MARKUP_BY_EXTENSION[ext]) return text(MARKUP_BY_EXTENSION[ext]);
  if (ext === 'eml') return text('eml');
  if (ext === '') {
    const start = new TextDecoder(encoding).decode(head.subarray(0, Math.min(head.length, 2048))).replace(/^\uFEFF/, '').replace(/\r\n/g, '\n');
    if (MAIL_HEADER.test(start)) return text('eml');
    if (/^\s*<(?:!doctype html|html[\s>])/i.test(start)) return text('html');
    if (/^\s*<\?xml[\s?]/.test(start)) return text('xml');
  }
  switch (ext) {
    case 'csv':
      return text('csv');
    case 'tsv':
    case 'tab':
      return text('tsv');
    case 'jsonl':
    case 'ndjson':
      return text('jsonl');
    case 'json': {
      // A .json file that is not JSON at all is analysed as plain text (Macie: malformed files as text).
      const first = firstTextChar(head, encoding);
      return first === '' || '{["-0123456789tfn'.includes(first) ? text('json') : text('text');
    }
    default:
      return text('text');
  }
}
