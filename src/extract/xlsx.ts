/**
 * Excel workbooks (.xlsx, .xlsm): every worksheet in workbook order; shared strings, inline strings, formula
 * results, booleans and numbers as stored. Each non-empty cell is a segment with Macie's cell location: row and
 * column (1-based, A=1), `cellReference` `Sheet1!C5`, and `columnName` from the sheet's header row (its first row
 * with a value), which is also the cell's keyword context, as for CSV.
 * Bounds: the package is read through ooxml.ts (ratio and uncompressed-size limits); a sheet's cells are held until
 * the sheet is read. Worksheets and shared strings, the parts that grow with the data, go through xml-scan.ts (no
 * attribute objects, no general parser); the small workbook part through htmlparser2.
 */
import type { ScanLimits } from '../common/index.js';
import { valueSegments, type ValueLimits } from './long-values.js';
import { readOoxmlParts, relationships, resolvePart, type OoxmlLimits } from './ooxml.js';
import { parseFailure } from './whole.js';
import { ExtractError, type ByteSource, type Segment } from './types.js';
import { walkXml } from './xml-walk.js';
import { attribute, scanXml } from './xml-scan.js';

const WORKBOOK = 'xl/workbook.xml';

export async function* readXlsx(source: ByteSource, limits: OoxmlLimits & ValueLimits): AsyncGenerator<Segment> {
  const parts = await readOoxmlParts(
    source,
    limits,
    (name) => name === WORKBOOK || name === 'xl/_rels/workbook.xml.rels' || /^xl\/(sharedStrings\.xml|worksheets\/[^/]+\.xml)$/i.test(name),
    'xlsx',
  );
  const workbook = parts.get(WORKBOOK);
  if (workbook === undefined) throw new ExtractError('MALFORMED_OR_FILE_SIZE_EXCEEDS_LIMIT', 'xlsx: no xl/workbook.xml part');
  let sheets: { name: string; part: string }[];
  let shared: string[];
  try {
    sheets = sheetList(workbook, relationships(parts.get('xl/_rels/workbook.xml.rels')));
    shared = sharedStrings(parts.get('xl/sharedStrings.xml'));
  } catch (err) {
    throw parseFailure(err, 'xlsx', 'MALFORMED_OR_FILE_SIZE_EXCEEDS_LIMIT', false);
  }
  for (const sheet of sheets) {
    const xml = parts.get(sheet.part);
    if (xml === undefined) continue;
    parts.delete(sheet.part); // let the sheet's text go once read
    // A plain loop: `yield*` of a sync generator inside an async one costs an extra await per cell.
    for (const segment of sheetSegmentList(sheet.name, sheetCells(xml, shared), limits)) yield segment;
  }
}

function sheetList(workbook: string, rels: Map<string, string>): { name: string; part: string }[] {
  const out: { name: string; part: string }[] = [];
  walkXml(workbook, {
    open(name, attrs) {
      if (name !== 'sheet') return;
      const rid = Object.entries(attrs).find(([k]) => k === 'r:id' || k.endsWith(':id'))?.[1];
      const target = rid ? rels.get(rid) : undefined;
      if (target && attrs.name !== undefined) out.push({ name: attrs.name, part: resolvePart('xl', target) });
    },
  });
  return out;
}

function sharedStrings(xml: string | undefined): string[] {
  const out: string[] = [];
  if (!xml) return out;
  let current: string | undefined;
  let inText = false;
  let phonetic = 0; // <rPh> runs are reading aids, not the cell's text
  scanXml(xml, {
    open(name) {
      if (name === 'si') current = '';
      else if (name === 'rPh') phonetic++;
      else if (name === 't' && phonetic === 0) inText = true;
    },
    close(name) {
      if (name === 'si') {
        out.push(current ?? '');
        current = undefined;
      } else if (name === 'rPh') phonetic = Math.max(0, phonetic - 1);
      else if (name === 't') inText = false;
    },
    wantText: () => inText && current !== undefined,
    text(text) {
      current += text;
    },
  });
  return out;
}

/** "C" → 3, "AA" → 27. */
export function columnNumber(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

export function columnLetters(column: number): string {
  let s = '';
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** Numbers as Excel shows integers: 4.556737586899855E+15 → 4556737586899855. */
export function numberText(raw: string): string {
  if (!/[eE]/.test(raw)) return raw;
  const n = Number(raw);
  return Number.isFinite(n) && Number.isInteger(n) && Math.abs(n) < 1e21 ? BigInt(n).toString() : raw;
}

/** A worksheet's non-empty cells in document order. */
function sheetCells(xml: string, shared: readonly string[]): SheetCell[] {
  const cells: SheetCell[] = [];
  let row = 0;
  let column = 0;
  let type = 'n';
  let value: string | undefined;
  let inValue = false;
  let inInline = 0;
  let inText = false;
  let phonetic = 0;
  scanXml(xml, {
    open(name, attrs) {
      switch (name) {
        case 'row': {
          const r = attribute(attrs, 'r');
          row = r ? Number(r) : row + 1;
          column = 0;
          break;
        }
        case 'c': {
          const r = attribute(attrs, 'r');
          const ref = r ? /^([A-Za-z]{1,3})(\d+)$/.exec(r) : null;
          column = ref ? columnNumber(ref[1]) : column + 1;
          if (ref) row = Number(ref[2]);
          type = attribute(attrs, 't') ?? 'n';
          value = undefined;
          break;
        }
        case 'v': inValue = true; break;
        case 'is': inInline++; break;
        case 'rPh': phonetic++; break;
        case 't': if (inInline && phonetic === 0) inText = true; break;
        default: break;
      }
    },
    close(name) {
      switch (name) {
        case 'v': inValue = false; break;
        case 'is': inInline = Math.max(0, inInline - 1); break;
        case 'rPh': phonetic = Math.max(0, phonetic - 1); break;
        case 't': inText = false; break;
        case 'c': {
          const text = cellText(type, value, shared);
          if (text !== undefined && text !== '' && row > 0 && column > 0) cells.push({ row, column, text });
          value = undefined;
          break;
        }
        default: break;
      }
    },
    wantText: () => inValue || inText,
    text(text) {
      value = value === undefined ? text : value + text;
    },
  });
  return cells;
}

export interface SheetCell {
  row: number;
  column: number;
  text: string;
}

/**
 * A sheet's cells (in reading order) as segments: the header row is the first row with a value, and its cells name
 * the columns below them (the name is also the keyword context of the cells under it).
 */
export function sheetSegmentList(sheet: string, cells: readonly SheetCell[], limits: ValueLimits): Segment[] {
  const headerRow = cells[0]?.row ?? 0;
  const header = new Map<number, { name: string; context: string[] }>();
  for (const c of cells) if (c.row === headerRow) header.set(c.column, { name: c.text, context: [c.text] });
  const letters = new Map<number, string>();
  const max = Math.max(16, limits.maxSegmentChars);
  const out: Segment[] = [];
  for (const c of cells) {
    const named = c.row === headerRow ? undefined : header.get(c.column);
    let col = letters.get(c.column);
    if (col === undefined) (col = columnLetters(c.column)), letters.set(c.column, col);
    const location = { kind: 'cell' as const, row: c.row, column: c.column, cellReference: `${sheet}!${col}${c.row}`, ...(named ? { columnName: named.name } : {}) };
    // One keyword-context array per column, shared by its cells.
    if (c.text.length <= max) out.push(named?.name ? { text: c.text, location, keywordContext: named.context } : { text: c.text, location });
    else for (const s of valueSegments(c.text, location, limits, named?.name ? named.context : undefined)) out.push(s);
  }
  return out;
}

function cellText(type: string, value: string | undefined, shared: readonly string[]): string | undefined {
  if (value === undefined) return undefined;
  switch (type) {
    case 's': {
      const index = Number(value);
      return Number.isInteger(index) ? shared[index] : undefined;
    }
    case 'b': return value === '1' ? 'TRUE' : 'FALSE';
    case 'n': return numberText(value.trim());
    default: return value; // inlineStr, str (formula result), e (error), d (ISO date)
  }
}
