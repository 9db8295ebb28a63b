/**
 * Delimited text (CSV with RFC 4180 quoting; TSV): the header row gives column names, each data cell becomes a
 * segment with Macie's cell location (1-based row and column, the header being row 1) and its column name as keyword
 * context. Header cells are reported as text (Macie uses lineRanges when sensitive data is in a column name).
 * Streaming: a field longer than maxSegmentChars is handed on in overlapping pieces (seams.ts), so no row is ever
 * held whole and no value is lost where a piece ends.
 */
import type { ScanLimits } from '../common/index.js';
import { decodeText, type TextEncodingName } from './decode.js';
import { GroupedBatchBuilder, segmentsOf, type GroupedBatch, type TextGroup } from './groups.js';
import { seamOverlapOf, SeamSplitter, type SeamLimits, type SeamPiece } from './seams.js';
import { ignoreIssues, type ByteSource, type ReaderContext, type Segment } from './types.js';

export interface DelimitedOptions {
  delimiter: ',' | '\t' | ';' | '|';
  /** RFC 4180 quoting (CSV); TSV has none (IANA text/tab-separated-values). */
  quoting: boolean;
  encoding?: TextEncodingName;
}

type Limits = Pick<ScanLimits, 'maxSegmentChars'> & SeamLimits;

export function readCsv(source: ByteSource, limits: Limits, ctx: ReaderContext = ignoreIssues, encoding?: TextEncodingName): AsyncGenerator<Segment> {
  return readDelimited(source, limits, { delimiter: ',', quoting: true, encoding }, ctx);
}

export async function* readDelimited(source: ByteSource, limits: Limits, options: DelimitedOptions, ctx: ReaderContext = ignoreIssues): AsyncGenerator<Segment> {
  for await (const batch of readDelimitedBatches(source, limits, options, ctx)) yield* segmentsOf(batch);
}

/** A column's cells in one batch: their rows beside their texts. */
interface ColumnGroup extends TextGroup {
  rows: number[];
}

/**
 * readDelimited's segments as grouped batches (the scan's path): data cells grouped per column (no object per cell),
 * header cells and pieces of long cells as segments; a batch per BATCH_CHARS of text (or BATCH_TEXTS texts), within
 * rows and long fields too, and at each decoded chunk's end.
 */
export async function* readDelimitedBatches(source: ByteSource, limits: Limits, options: DelimitedOptions, ctx: ReaderContext = ignoreIssues): AsyncGenerator<GroupedBatch> {
  const maxField = Math.max(16, limits.maxSegmentChars);
  const splitter = new SeamSplitter(seamOverlapOf(limits, maxField), maxField);
  const delimiter = options.delimiter;
  const delimiterCode = delimiter.charCodeAt(0);
  const header: string[] = [];
  // One keyword-context array per column, shared by all its cells (the batcher groups cells by it).
  const columnContext: Array<string[] | undefined> = [];

  let row = 1;
  let column = 1;
  // Text position (for header cells, reported as lineRanges).
  let line = 1;
  let lineColumn = 1;
  let fieldLine = 1;
  let fieldColumn = 1;

  let field = '';
  let fieldHadPieces = false;
  let pieceOffset = 0; // header cells: where the next piece's text starts in the cell
  let atFieldStart = true;
  let inQuotes = false;
  let quotePending = false; // saw a quote inside a quoted field: either an escaped quote or the closing one
  let afterCr = false;
  const out = new GroupedBatchBuilder();
  // This batch's group per column (index column - 1).
  let columnGroups: Array<ColumnGroup | undefined> = [];
  const take = (): GroupedBatch => {
    columnGroups = [];
    return out.take();
  };

  const location = (): Segment['location'] =>
    row === 1
      ? { kind: 'text', line: fieldLine, column: fieldColumn }
      : { kind: 'cell', row, column, ...(header[column - 1] !== undefined ? { columnName: header[column - 1] } : {}) };
  const context = (): string[] | undefined => {
    if (row === 1 || !header[column - 1]) return undefined;
    return (columnContext[column - 1] ??= [header[column - 1]]);
  };
  const newColumnGroup = (): ColumnGroup => {
    const col = column;
    const name = header[col - 1];
    const rows: number[] = [];
    return {
      keywordContext: context(),
      texts: [],
      orders: [],
      rows,
      location: (i) => (name !== undefined ? { kind: 'cell', row: rows[i], column: col, columnName: name } : { kind: 'cell', row: rows[i], column: col }),
    };
  };
  /** A whole data cell that was never cut (nearly every cell): a text of its column's group, no object of its own. */
  const emitCell = (text: string): void => {
    const group = (columnGroups[column - 1] ??= newColumnGroup());
    group.rows.push(row);
    out.text(group, text);
  };

  const emitPieces = (pieces: SeamPiece[]): void => {
    for (const piece of pieces) {
      if (row === 1) {
        // A header cell's name is its first piece (a column name that long is no name anyone reads); later pieces
        // start further along the line (a header cell that long holding a newline would shift their columns).
        if (!fieldHadPieces) header.push(piece.owned ? piece.text.slice(0, piece.owned.end) : piece.text);
        out.segment({ text: piece.text, location: { kind: 'text', line: fieldLine, column: fieldColumn + pieceOffset }, ...(piece.owned ? { owned: piece.owned } : {}) });
        pieceOffset += piece.advance;
      } else {
        const keywordContext = context();
        out.segment({ text: piece.text, location: location(), ...(keywordContext ? { keywordContext } : {}), ...(piece.owned ? { owned: piece.owned } : {}) });
      }
      fieldHadPieces = true;
    }
  };
  /** Hands a field that outgrew maxField to the splitter, which passes on its pieces as they fill. */
  const flushPiece = (): void => {
    emitPieces(splitter.push(field));
    field = '';
  };
  const endField = (): void => {
    if (row > 1 && !fieldHadPieces && !splitter.active) {
      if (field.length > 0) emitCell(field);
    } else {
      const pieces = splitter.pieces(field, true);
      if (row === 1 && !fieldHadPieces && pieces.length === 0) header.push(''); // an empty column name keeps its place
      emitPieces(pieces);
    }
    field = '';
    fieldHadPieces = false;
    pieceOffset = 0;
    atFieldStart = true;
    column++;
  };
  const endRow = (): void => {
    endField();
    row++;
    column = 1;
  };
  const markFieldStart = (quoted: boolean): void => {
    fieldLine = line;
    fieldColumn = lineColumn + (quoted ? 1 : 0);
  };

  for await (const chunk of decodeText(source, options.encoding)) {
    const n = chunk.length;
    for (let i = 0; i < n; i++) {
      const ch = chunk.charCodeAt(i);
      if (afterCr) {
        afterCr = false;
        if (ch === LF && !inQuotes) {
          line++;
          lineColumn = 1;
          continue;
        }
      }
      if (inQuotes) {
        if (quotePending) {
          quotePending = false;
          if (ch === QUOTE) {
            field += '"';
            lineColumn++;
            continue;
          }
          inQuotes = false; // the quote closed the field; fall through to handle ch unquoted
        } else if (ch === QUOTE) {
          quotePending = true;
          lineColumn++;
          continue;
        } else {
          // Copy a run of ordinary quoted characters at once.
          let j = chunk.indexOf('"', i);
          if (j === -1) j = chunk.length;
          const run = chunk.slice(i, j);
          field += run;
          const nl = run.lastIndexOf('\n');
          if (nl === -1) lineColumn += run.length;
          else {
            for (let k = run.indexOf('\n'); k !== -1; k = run.indexOf('\n', k + 1)) line++;
            lineColumn = run.length - nl;
          }
          i = j - 1;
          if (field.length >= maxField) {
            flushPiece();
            if (out.chars >= BATCH_CHARS) yield take(); // a field of any length stays bounded
          }
          continue;
        }
      }
      if (atFieldStart) {
        atFieldStart = false;
        if (options.quoting && ch === QUOTE) {
          markFieldStart(true);
          inQuotes = true;
          lineColumn++;
          continue;
        }
        markFieldStart(false);
      }
      if (ch === delimiterCode) {
        endField();
        lineColumn++;
        // A batch is handed on within a row too: a single-line file of many cells stays bounded.
        if (out.chars >= BATCH_CHARS || out.count >= BATCH_TEXTS) yield take();
      } else if (ch === LF || ch === CR) {
        endRow();
        if (ch === CR) afterCr = true;
        line++;
        lineColumn = 1;
        // Hand on batches of about BATCH_CHARS, whatever the chunks' size: one scan call per column and batch, and
        // the texts of a whole 1 MiB chunk would outlive the young generation.
        if (out.chars >= BATCH_CHARS || out.count >= BATCH_TEXTS) yield take();
      } else {
        // Copy a run of ordinary unquoted characters at once.
        let j = i + 1;
        while (j < n) {
          const c = chunk.charCodeAt(j);
          if (c === delimiterCode || c === LF || c === CR) break;
          j++;
        }
        field = field.length === 0 ? chunk.slice(i, j) : field + chunk.slice(i, j);
        lineColumn += j - i;
        i = j - 1;
        if (field.length >= maxField) {
          flushPiece();
          if (out.chars >= BATCH_CHARS) yield take();
        }
      }
    }
    // What a chunk held is handed on before the next is read: a later error loses none of it.
    if (out.count) yield take();
  }
  if (inQuotes && !quotePending) ctx.partial('UNABLE_TO_PARSE_FILE', `unterminated quoted field at row ${row}, column ${column}`);
  // A file that ends without a newline still has its last row; a final newline does not start an empty row.
  if (!atFieldStart || field.length > 0 || column > 1) endField();
  if (out.count) yield take();
}

/** Characters and texts per batch (64 Ki characters: what the scan's batcher measured best). */
const BATCH_CHARS = 1 << 16;
const BATCH_TEXTS = 4096;
const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;
