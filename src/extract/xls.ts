/**
 * Legacy Excel workbooks (.xls, BIFF8 in an OLE compound file, opened with SheetJS's `cfb`): every worksheet in
 * workbook order; shared strings (SST with its CONTINUE records), inline labels, numbers (NUMBER, RK, MULRK),
 * booleans and cached formula results. Cells are reported exactly as for .xlsx (xlsx.ts `sheetSegmentList`).
 * An encrypted workbook (FILEPASS) is skipped with UNABLE_TO_PARSE_FILE. Bounds: the file is held whole up to
 * maxDocumentBytes; every record length is checked against the stream, so a corrupt file ends in a reason.
 */
import CFB from 'cfb';
import type { ScanLimits } from '../common/index.js';
import type { ValueLimits } from './long-values.js';
import { numberText, sheetSegmentList, type SheetCell } from './xlsx.js';
import { ExtractError, type ByteSource, type Segment } from './types.js';
import { readWhole } from './whole.js';

type Limits = Pick<ScanLimits, 'maxDocumentBytes'> & ValueLimits;

const BOF = 0x0809, EOF = 0x000a, BOUNDSHEET = 0x0085, SST = 0x00fc, CONTINUE = 0x003c, FILEPASS = 0x002f;
const LABELSST = 0x00fd, LABEL = 0x0204, NUMBER = 0x0203, RK = 0x027e, MULRK = 0x00bd, BOOLERR = 0x0205, FORMULA = 0x0006, STRING = 0x0207;

export async function* readXls(source: ByteSource, limits: Limits): AsyncGenerator<Segment> {
  const data = await readWhole(source, limits.maxDocumentBytes, 'xls');
  let stream: Uint8Array;
  try {
    const container = CFB.read(data, { type: 'buffer' });
    const entry = CFB.find(container, 'Workbook') ?? CFB.find(container, 'Book');
    if (!entry?.content) throw new Error('no Workbook stream');
    stream = entry.content instanceof Uint8Array ? entry.content : Uint8Array.from(entry.content as ArrayLike<number>);
  } catch (err) {
    throw new ExtractError('UNABLE_TO_PARSE_FILE', `xls: ${((err as Error)?.message ?? String(err)).slice(0, 200)}`);
  }
  let workbook: { sheets: { name: string; offset: number }[]; strings: string[] };
  try {
    workbook = globals(stream);
  } catch (err) {
    throw err instanceof ExtractError ? err : new ExtractError('UNABLE_TO_PARSE_FILE', `xls: ${(err as Error).message}`);
  }
  for (const sheet of workbook.sheets) {
    let cells: SheetCell[];
    try {
      cells = sheetCells(stream, sheet.offset, workbook.strings);
    } catch (err) {
      throw new ExtractError('UNABLE_TO_PARSE_FILE', `xls: sheet ${sheet.name}: ${(err as Error).message}`, true);
    }
    for (const segment of sheetSegmentList(sheet.name, cells, limits)) yield segment;
  }
}

interface BiffRecord {
  type: number;
  data: Uint8Array;
  next: number;
}

function record(stream: Uint8Array, at: number): BiffRecord | undefined {
  if (at + 4 > stream.length) return undefined;
  const type = stream[at] | (stream[at + 1] << 8);
  const length = stream[at + 2] | (stream[at + 3] << 8);
  if (at + 4 + length > stream.length) throw new Error(`record 0x${type.toString(16)} runs past the stream`);
  return { type, data: stream.subarray(at + 4, at + 4 + length), next: at + 4 + length };
}

const u16 = (b: Uint8Array, at: number): number => {
  if (at + 2 > b.length) throw new Error('record too short');
  return b[at] | (b[at + 1] << 8);
};
const u32 = (b: Uint8Array, at: number): number => {
  if (at + 4 > b.length) throw new Error('record too short');
  return (b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (b[at + 3] << 24)) >>> 0;
};
const latin1 = new TextDecoder('latin1');
const utf16 = new TextDecoder('utf-16le');

function chars(b: Uint8Array, at: number, count: number, wide: boolean): string {
  const end = at + count * (wide ? 2 : 1);
  if (end > b.length) throw new Error('string runs past its record');
  return (wide ? utf16 : latin1).decode(b.subarray(at, end));
}

function globals(stream: Uint8Array): { sheets: { name: string; offset: number }[]; strings: string[] } {
  const sheets: { name: string; offset: number }[] = [];
  let strings: string[] = [];
  let at = 0;
  for (let r = record(stream, at); r; r = record(stream, at)) {
    at = r.next;
    if (r.type === FILEPASS) throw new ExtractError('UNABLE_TO_PARSE_FILE', 'xls: the workbook is encrypted');
    if (r.type === BOUNDSHEET) {
      const kind = r.data[5];
      const cch = r.data[6];
      const name = chars(r.data, 8, cch, (r.data[7] & 1) === 1);
      if (kind === 0) sheets.push({ name, offset: u32(r.data, 0) }); // worksheets only (not charts, macros)
    } else if (r.type === SST) {
      const pieces = [r.data];
      for (let c = record(stream, at); c && c.type === CONTINUE; c = record(stream, at)) {
        pieces.push(c.data);
        at = c.next;
      }
      strings = sharedStrings(pieces);
    } else if (r.type === EOF) break;
  }
  return { sheets, strings };
}

/** The SST: strings whose characters may continue in the next CONTINUE record (with a fresh width flag there). */
function sharedStrings(pieces: Uint8Array[]): string[] {
  let piece = 0;
  let b = pieces[0];
  let at = 8;
  const unique = u32(b, 4);
  const out: string[] = [];
  const nextPiece = (): void => {
    piece++;
    if (piece >= pieces.length) throw new Error('SST runs past its records');
    b = pieces[piece];
    at = 0;
  };
  const skip = (n: number): void => {
    let left = n;
    while (left > 0) {
      if (at >= b.length) nextPiece();
      const step = Math.min(left, b.length - at);
      at += step;
      left -= step;
    }
  };
  for (let i = 0; i < unique && i < 1 << 24; i++) {
    if (at + 3 > b.length) nextPiece();
    const cch = u16(b, at);
    const flags = b[at + 2];
    at += 3;
    let wide = (flags & 1) === 1;
    const runs = flags & 8 ? (at += 2, u16(b, at - 2)) : 0;
    const ext = flags & 4 ? (at += 4, u32(b, at - 4)) : 0;
    let text = '';
    let left = cch;
    while (left > 0) {
      if (at >= b.length) {
        nextPiece();
        wide = (b[0] & 1) === 1;
        at = 1;
      }
      const fit = Math.min(left, Math.floor((b.length - at) / (wide ? 2 : 1)));
      if (fit <= 0) throw new Error('SST string does not fit its record');
      text += chars(b, at, fit, wide);
      at += fit * (wide ? 2 : 1);
      left -= fit;
    }
    skip(runs * 4 + ext);
    out.push(text);
  }
  return out;
}

/** RK: a 30-bit integer or the top 30 bits of a double, optionally divided by 100. */
function rkNumber(rk: number): number {
  let n: number;
  if (rk & 2) n = rk >> 2;
  else {
    const buf = new DataView(new ArrayBuffer(8));
    buf.setUint32(4, rk & 0xfffffffc, true);
    n = buf.getFloat64(0, true);
  }
  return rk & 1 ? n / 100 : n;
}

const numText = (n: number): string => numberText(String(n));

function sheetCells(stream: Uint8Array, offset: number, strings: readonly string[]): SheetCell[] {
  const cells: SheetCell[] = [];
  const first = record(stream, offset);
  if (!first || first.type !== BOF) throw new Error('the sheet does not start with BOF');
  let at = first.next;
  let pendingFormula: { row: number; column: number } | undefined;
  const push = (row: number, col: number, text: string | undefined): void => {
    if (text) cells.push({ row: row + 1, column: col + 1, text });
  };
  for (let r = record(stream, at); r; r = record(stream, at)) {
    at = r.next;
    const d = r.data;
    switch (r.type) {
      case EOF: return cells;
      case LABELSST: push(u16(d, 0), u16(d, 2), strings[u32(d, 6)]); break;
      case LABEL: push(u16(d, 0), u16(d, 2), chars(d, 9, u16(d, 6), (d[8] & 1) === 1)); break;
      case NUMBER: if (d.length >= 14) push(u16(d, 0), u16(d, 2), numText(new DataView(d.buffer, d.byteOffset + 6, 8).getFloat64(0, true))); break;
      case RK: push(u16(d, 0), u16(d, 2), numText(rkNumber(u32(d, 6)))); break;
      case MULRK: {
        const row = u16(d, 0);
        const firstCol = u16(d, 2);
        for (let i = 0, p = 4; p + 6 <= d.length - 2; i++, p += 6) push(row, firstCol + i, numText(rkNumber(u32(d, p + 2))));
        break;
      }
      case BOOLERR: if (d.length >= 8 && d[7] === 0) push(u16(d, 0), u16(d, 2), d[6] ? 'TRUE' : 'FALSE'); break;
      case FORMULA: {
        if (d.length < 14) break;
        const row = u16(d, 0);
        const col = u16(d, 2);
        if (d[12] === 0xff && d[13] === 0xff) {
          if (d[6] === 0) pendingFormula = { row, column: col }; // a string result follows in STRING
          else if (d[6] === 1) push(row, col, d[8] ? 'TRUE' : 'FALSE');
        } else push(row, col, numText(new DataView(d.buffer, d.byteOffset + 6, 8).getFloat64(0, true)));
        break;
      }
      case STRING:
        if (pendingFormula) push(pendingFormula.row, pendingFormula.column, chars(d, 3, u16(d, 0), (d[2] & 1) === 1));
        pendingFormula = undefined;
        break;
    }
  }
  return cells;
}
