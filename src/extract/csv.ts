/**
 * Delimited text (CSV with RFC 4180 quoting; TSV): the header row gives column names, each data cell becomes a
 * segment with Macie's cell location (1-based row and column, the header being row 1) and its column name as keyword
 * context. Header cells are reported as text (Macie uses lineRanges when sensitive data is in a column name).
 * Streaming: a field longer than maxSegmentChars is handed on in overlapping pieces (seams.ts), so no row is ever
 * held whole and no value is lost where a piece ends.
 */
import type { ScanLimits } from '../common/index.js';
import { decodeText, PIECE_BYTES, type TextEncodingName } from './decode.js';
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
  const parser = new DelimitedParser(limits, options);
  for await (const chunk of decodeText(source, options.encoding, PIECE_BYTES)) {
    for (let i = 0; i < chunk.length; ) {
      i = parser.parse(chunk, i);
      if (i < chunk.length) yield parser.take(); // a batch filled within the chunk
    }
    // What a chunk held is handed on before the next is read: a later error loses none of it.
    if (parser.count) yield parser.take();
  }
  parser.end(ctx);
  if (parser.count) yield parser.take();
}

/**
 * The parser's state between chunks. A class, not closures inside the generator: the generator is created per file,
 * and closures made per file are new call targets each time, which made V8 throw away and recompile the whole reader
 * (a 150 ms compile) file after file; methods on one prototype stay optimized across files.
 */
class DelimitedParser {
  private readonly maxField: number;
  private readonly splitter: SeamSplitter;
  private readonly delimiterCode: number;
  private readonly quoting: boolean;
  private readonly header: string[] = [];
  /** Characters of the column names kept (HEADER_NAME_CHARS); past it, later columns have no name. */
  private headerChars = 0;
  private headerFull = false;
  /** One keyword-context array per column, shared by all its cells (the batcher groups cells by it). */
  private readonly columnContext: Array<string[] | undefined> = [];
  private row = 1;
  private column = 1;
  // Text position (for header cells, reported as lineRanges).
  private line = 1;
  private lineColumn = 1;
  private fieldLine = 1;
  private fieldColumn = 1;
  private field = '';
  private fieldHadPieces = false;
  private pieceOffset = 0; // header cells: where the next piece's text starts in the cell
  private atFieldStart = true;
  private inQuotes = false;
  private quotePending = false; // saw a quote inside a quoted field: either an escaped quote or the closing one
  private afterCr = false;
  private readonly out = new GroupedBatchBuilder();
  /** This batch's group per column (index column - 1). */
  private readonly columnGroups: Array<ColumnGroup | undefined> = [];

  constructor(limits: Limits, options: DelimitedOptions) {
    this.maxField = Math.max(16, limits.maxSegmentChars);
    this.splitter = new SeamSplitter(seamOverlapOf(limits, this.maxField), this.maxField);
    this.delimiterCode = options.delimiter.charCodeAt(0);
    this.quoting = options.quoting;
  }

  get count(): number {
    return this.out.count;
  }

  take(): GroupedBatch {
    this.columnGroups.fill(undefined); // the same array (a new one would change its shape under the optimized code)
    return this.out.take();
  }

  /**
   * Parses `chunk` from `from`; returns where it stopped: the chunk's length, or earlier when a batch is full (the
   * caller takes it and calls again from there).
   */
  parse(chunk: string, from: number): number {
    const n = chunk.length;
    const delimiterCode = this.delimiterCode;
    const out = this.out;
    for (let i = from; i < n; i++) {
      const ch = chunk.charCodeAt(i);
      if (this.afterCr) {
        this.afterCr = false;
        if (ch === LF && !this.inQuotes) {
          this.line++;
          this.lineColumn = 1;
          continue;
        }
      }
      if (this.inQuotes) {
        if (this.quotePending) {
          this.quotePending = false;
          if (ch === QUOTE) {
            this.field += '"';
            this.lineColumn++;
            continue;
          }
          this.inQuotes = false; // the quote closed the field; fall through to handle ch unquoted
        } else if (ch === QUOTE) {
          this.quotePending = true;
          this.lineColumn++;
          continue;
        } else {
          // Copy a run of ordinary quoted characters at once.
          let j = chunk.indexOf('"', i);
          if (j === -1) j = n;
          const run = chunk.slice(i, j);
          this.field += run;
          const nl = run.lastIndexOf('\n');
          if (nl === -1) this.lineColumn += run.length;
          else {
            for (let k = run.indexOf('\n'); k !== -1; k = run.indexOf('\n', k + 1)) this.line++;
            this.lineColumn = run.length - nl;
          }
          i = j - 1;
          if (this.field.length >= this.maxField) {
            this.flushPiece();
            if (out.chars >= BATCH_CHARS) return i + 1; // a field of any length stays bounded
          }
          continue;
        }
      }
      if (this.atFieldStart) {
        this.atFieldStart = false;
        if (this.quoting && ch === QUOTE) {
          this.markFieldStart(true);
          this.inQuotes = true;
          this.lineColumn++;
          continue;
        }
        this.markFieldStart(false);
      }
      if (ch === delimiterCode) {
        this.endField();
        this.lineColumn++;
        // A batch is handed on within a row too: a single-line file of many cells stays bounded.
        if (out.chars >= BATCH_CHARS || out.count >= BATCH_TEXTS) return i + 1;
      } else if (ch === LF || ch === CR) {
        this.endRow();
        if (ch === CR) this.afterCr = true;
        this.line++;
        this.lineColumn = 1;
        // Hand on batches of about BATCH_CHARS, whatever the chunks' size: one scan call per column and batch, and
        // the texts of a whole 1 MiB chunk would outlive the young generation.
        if (out.chars >= BATCH_CHARS || out.count >= BATCH_TEXTS) return i + 1;
      } else {
        // Copy a run of ordinary unquoted characters at once.
        let j = i + 1;
        while (j < n) {
          const c = chunk.charCodeAt(j);
          if (c === delimiterCode || c === LF || c === CR) break;
          j++;
        }
        this.field = this.field.length === 0 ? chunk.slice(i, j) : this.field + chunk.slice(i, j);
        this.lineColumn += j - i;
        i = j - 1;
        if (this.field.length >= this.maxField) {
          this.flushPiece();
          if (out.chars >= BATCH_CHARS) return i + 1;
        }
      }
    }
    return n;
  }

  /** The end of the input: an unterminated quote is reported, and the last row kept. */
  end(ctx: ReaderContext): void {
    if (this.inQuotes && !this.quotePending) ctx.partial('UNABLE_TO_PARSE_FILE', `unterminated quoted field at row ${this.row}, column ${this.column}`);
    // A file that ends without a newline still has its last row; a final newline does not start an empty row.
    if (!this.atFieldStart || this.field.length > 0 || this.column > 1) this.endField();
  }

  private location(): Segment['location'] {
    const name = this.header[this.column - 1];
    return this.row === 1
      ? { kind: 'text', line: this.fieldLine, column: this.fieldColumn }
      : { kind: 'cell', row: this.row, column: this.column, ...(name !== undefined ? { columnName: name } : {}) };
  }

  private context(): string[] | undefined {
    const name = this.header[this.column - 1];
    if (this.row === 1 || !name) return undefined;
    return (this.columnContext[this.column - 1] ??= [name]);
  }

  private newColumnGroup(): ColumnGroup {
    const col = this.column;
    const name = this.header[col - 1];
    const rows: number[] = [];
    return {
      keywordContext: this.context(),
      texts: [],
      orders: [],
      rows,
      location: (i) => (name !== undefined ? { kind: 'cell', row: rows[i], column: col, columnName: name } : { kind: 'cell', row: rows[i], column: col }),
    };
  }

  /** A whole data cell that was never cut (nearly every cell): a text of its column's group, no object of its own. */
  private emitCell(text: string): void {
    const group = (this.columnGroups[this.column - 1] ??= this.newColumnGroup());
    group.rows.push(this.row);
    this.out.text(group, text);
  }

  private emitPieces(pieces: SeamPiece[]): void {
    for (const piece of pieces) {
      if (this.row === 1) {
        // A header cell's name is its first piece (a column name that long is no name anyone reads); later pieces
        // start further along the line (a header cell that long holding a newline would shift their columns).
        if (!this.fieldHadPieces) this.nameColumn(piece.owned ? piece.text.slice(0, piece.owned.end) : piece.text);
        this.out.segment({ text: piece.text, location: { kind: 'text', line: this.fieldLine, column: this.fieldColumn + this.pieceOffset }, ...(piece.owned ? { owned: piece.owned } : {}) });
        this.pieceOffset += piece.advance;
      } else {
        const keywordContext = this.context();
        this.out.segment({ text: piece.text, location: this.location(), ...(keywordContext ? { keywordContext } : {}), ...(piece.owned ? { owned: piece.owned } : {}) });
      }
      this.fieldHadPieces = true;
    }
  }

  /**
   * Keeps a header cell as the next column's name, within HEADER_NAME_CHARS: a file of one line is all header, and
   * the names of its millions of columns were held to its end (a 40 MB single-line CSV took 330 MB).
   */
  private nameColumn(name: string): void {
    if (this.headerFull) return;
    this.headerChars += name.length + 1;
    if (this.headerChars > HEADER_NAME_CHARS) this.headerFull = true;
    else this.header.push(name);
  }

  /** Hands a field that outgrew maxField to the splitter, which passes on its pieces as they fill. */
  private flushPiece(): void {
    this.emitPieces(this.splitter.push(this.field));
    this.field = '';
  }

  private endField(): void {
    if (this.row > 1 && !this.fieldHadPieces && !this.splitter.active) {
      if (this.field.length > 0) this.emitCell(this.field);
    } else {
      const pieces = this.splitter.pieces(this.field, true);
      if (this.row === 1 && !this.fieldHadPieces && pieces.length === 0) this.nameColumn(''); // an empty column name keeps its place
      this.emitPieces(pieces);
    }
    this.field = '';
    this.fieldHadPieces = false;
    this.pieceOffset = 0;
    this.atFieldStart = true;
    this.column++;
  }

  private endRow(): void {
    this.endField();
    this.row++;
    this.column = 1;
  }

  private markFieldStart(quoted: boolean): void {
    this.fieldLine = this.line;
    this.fieldColumn = this.lineColumn + (quoted ? 1 : 0);
  }
}

/**
 * Column names kept from the header row, in characters (a separator counted per name): columns past it have no
 * name (no columnName in their cells' locations, no keyword context). Far more than any real header holds.
 */
const HEADER_NAME_CHARS = 1 << 20;
/** Characters and texts per batch (64 Ki characters: what the scan's batcher measured best). */
const BATCH_CHARS = 1 << 16;
const BATCH_TEXTS = 4096;
const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;
